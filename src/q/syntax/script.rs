//! Splitting q scripts into statements the way q loads them, and telling
//! whether text typed at the console still needs more lines.
//!
//! q reads a script line by line: a line that starts with a blank continues
//! the one before; a line starting with `/` is a comment; a line holding
//! only `/` opens a block comment that a line holding only `\` closes; a
//! line holding only `\` outside a block comment ends the script; other
//! lines starting with `\` are system commands.

use super::lex::lex;

/// One unit of a script, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// q code: a line and its continuation lines, joined with newlines.
    Q {
        /// The code.
        text: String,
        /// 1-based number of its first line.
        line: usize,
    },
    /// A system command, without its leading `\` (`\l x.q` gives `l x.q`,
    /// `\\` gives `\`).
    System {
        /// The command.
        text: String,
        /// 1-based line number.
        line: usize,
    },
}

/// Whether a line holds only `c`, with trailing blanks allowed.
fn line_is(line: &str, c: char) -> bool {
    let mut chars = line.trim_end().chars();
    chars.next() == Some(c) && chars.next().is_none()
}

/// Splits script text into chunks of q code and system commands, dropping
/// comment lines, block comments, and everything after an end-of-script `\`.
pub fn split(src: &str) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut in_block = false;
    for (n, raw) in src.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if in_block {
            in_block = !line_is(line, '\\');
            continue;
        }
        if line_is(line, '/') {
            in_block = true;
            continue;
        }
        if line_is(line, '\\') {
            break;
        }
        if let Some(command) = line.strip_prefix('\\') {
            chunks.push(Chunk::System {
                text: command.trim_end().to_string(),
                line: line_no,
            });
            continue;
        }
        if line.starts_with('/') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t'])
            && let Some(Chunk::Q { text, .. }) = chunks.last_mut()
        {
            text.push('\n');
            text.push_str(line);
            continue;
        }
        chunks.push(Chunk::Q {
            text: line.to_string(),
            line: line_no,
        });
    }
    chunks
}

/// The statements `\l` would evaluate, as `.Q.ld` shows them: each line
/// that does not start with a blank begins one (comments and system
/// commands too), each line that does continues it, joined with a
/// newline; blank lines are skipped. Each comes with the 1-based number of
/// its first line.
pub fn statement_groups<'a>(lines: impl IntoIterator<Item = &'a [u8]>) -> Vec<(usize, Vec<u8>)> {
    let mut groups: Vec<(usize, Vec<u8>)> = Vec::new();
    for (n, line) in lines.into_iter().enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if (line.starts_with(b" ") || line.starts_with(b"\t"))
            && let Some((_, text)) = groups.last_mut()
        {
            text.push(b'\n');
            text.extend_from_slice(line);
            continue;
        }
        groups.push((n + 1, line.to_vec()));
    }
    groups
}

/// Whether text typed at the console is unfinished: a bracket, brace or
/// parenthesis left open, or a string not closed, so the console should
/// read another line before evaluating it.
pub fn is_incomplete(text: &str) -> bool {
    match lex(text) {
        Ok(_) => false,
        Err(e) => e.is_unclosed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_groups_keep_comments_and_join_continuations() {
        let lines: Vec<&[u8]> = vec![b"/ f", b"f:{", b"  x+y", b" }", b"", b"g:{x*y}"];
        assert_eq!(
            statement_groups(lines),
            vec![
                (1, b"/ f".to_vec()),
                (2, b"f:{\n  x+y\n }".to_vec()),
                (6, b"g:{x*y}".to_vec()),
            ]
        );
    }

    fn q(text: &str, line: usize) -> Chunk {
        Chunk::Q {
            text: text.to_string(),
            line,
        }
    }

    fn sys(text: &str, line: usize) -> Chunk {
        Chunk::System {
            text: text.to_string(),
            line,
        }
    }

    #[test]
    fn continuation_lines_join_the_line_before() {
        let src = "f:{[a;b]   / sum\n  a+b\n  }\ng:2\n";
        assert_eq!(
            split(src),
            [q("f:{[a;b]   / sum\n  a+b\n  }", 1), q("g:2", 4)]
        );
    }

    #[test]
    fn comments_are_dropped() {
        let src = "/ a comment\na:1\n/\nblock\n  comment\n\\\nb:2 / trailing stays for the lexer\n";
        assert_eq!(
            split(src),
            [q("a:1", 2), q("b:2 / trailing stays for the lexer", 7)]
        );
    }

    #[test]
    fn a_lone_backslash_ends_the_script() {
        assert_eq!(split("a:42\n\\\nignore this\n"), [q("a:42", 1)]);
        // Inside a block comment it only closes the comment.
        assert_eq!(split("/\nx\n\\\na:1\n"), [q("a:1", 4)]);
    }

    #[test]
    fn system_commands_are_their_own_chunks() {
        assert_eq!(
            split("\\p 1234\nh:hopen 1234\n\\l /data/files\n\\\\\n"),
            [
                sys("p 1234", 1),
                q("h:hopen 1234", 2),
                sys("l /data/files", 3),
                sys("\\", 4)
            ]
        );
    }

    #[test]
    fn seed_session_splits_into_commands_and_code() {
        // The console lines of shared/seeds/ipc-connecting.md, as a script.
        let src = "\\p 1234\n\\p\n// server\nh:hopen 1234\n\\x .z.pw\n\\x .z.po\n.z.W\n";
        assert_eq!(
            split(src),
            [
                sys("p 1234", 1),
                sys("p", 2),
                q("h:hopen 1234", 4),
                sys("x .z.pw", 5),
                sys("x .z.po", 6),
                q(".z.W", 7)
            ]
        );
    }

    #[test]
    fn blank_lines_separate_and_vanish() {
        assert_eq!(split("a:1\n\nb:2\r\n\n"), [q("a:1", 1), q("b:2", 3)]);
    }

    #[test]
    fn unfinished_console_input() {
        assert!(is_incomplete("f:{x+"));
        assert!(is_incomplete("(1;2"));
        assert!(is_incomplete("a[1"));
        assert!(is_incomplete("s:\"abc"));
        assert!(!is_incomplete("f:{x+y}"));
        assert!(!is_incomplete("1+2)"));
        assert!(!is_incomplete("\"}\""));
        assert!(!is_incomplete("x / {"));
        assert!(is_incomplete("f:{x+\n y"));
        assert!(!is_incomplete("f:{x+\n y}"));
    }
}
