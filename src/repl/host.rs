//! The console host: where the interpreter's output goes (straight to
//! stdout/stderr, or above the prompt while a line is being typed), how
//! values are rendered, and the progress spinner for slow sync requests.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rustyline::ExternalPrinter;

use crate::fmt::{BoxOptions, ConsoleOptions, Mode};
use crate::k::K;
use crate::q::{Host, Settings};

/// Console options for the interpreter's settings.
pub fn console_options(s: &Settings) -> ConsoleOptions {
    ConsoleOptions {
        rows: s.console.0,
        cols: s.console.1,
        precision: s.precision,
    }
}

/// Renders a result for display in `mode`.
pub fn render_result(x: &K, mode: Mode, s: &Settings) -> String {
    crate::fmt::render_mode(
        x,
        mode,
        &BoxOptions {
            console: console_options(s),
            show_types: false,
        },
    )
}

/// Output for an interactive or scripted session.
pub struct ConsoleHost {
    printer: Option<Box<dyn ExternalPrinter + Send>>,
    broken_pipe: Arc<AtomicBool>,
    spinner_shown: bool,
    stderr_tty: bool,
}

impl ConsoleHost {
    /// A host writing to this process's stdout and stderr. `broken_pipe`
    /// is set when stdout has been closed by its reader.
    pub fn new(broken_pipe: Arc<AtomicBool>) -> ConsoleHost {
        ConsoleHost {
            printer: None,
            broken_pipe,
            spinner_shown: false,
            stderr_tty: std::io::stderr().is_terminal(),
        }
    }

    /// Routes output through `printer`, which keeps the line being typed intact.
    pub fn set_printer(&mut self, printer: Box<dyn ExternalPrinter + Send>) {
        self.printer = Some(printer);
    }

    fn clear_spinner(&mut self) {
        if self.spinner_shown {
            let mut e = std::io::stderr();
            let _ = e.write_all(b"\r\x1b[2K");
            let _ = e.flush();
            self.spinner_shown = false;
        }
    }
}

impl Host for ConsoleHost {
    fn write(&mut self, handle: i32, bytes: &[u8]) {
        self.clear_spinner();
        if let Some(p) = &mut self.printer
            && p.print(String::from_utf8_lossy(bytes).into_owned()).is_ok()
        {
            return;
        }
        let r = if handle == 2 {
            let mut e = std::io::stderr().lock();
            e.write_all(bytes).and_then(|_| e.flush())
        } else {
            let mut o = std::io::stdout().lock();
            o.write_all(bytes).and_then(|_| o.flush())
        };
        if let Err(e) = r
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.broken_pipe.store(true, Ordering::Relaxed);
        }
    }

    fn render(&self, x: &K, settings: &Settings) -> String {
        crate::fmt::console::render(x, &console_options(settings))
    }

    fn waiting(&mut self, handle: i32, elapsed: Duration, bytes: usize) {
        if !self.stderr_tty || elapsed < Duration::from_secs(1) {
            return;
        }
        const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
        let frame = FRAMES[(elapsed.as_millis() / 100) as usize % FRAMES.len()];
        let mut e = std::io::stderr();
        let _ = write!(
            e,
            "\r\x1b[2K{frame} waiting on handle {handle}: {:.1}s, {} received",
            elapsed.as_secs_f64(),
            human_bytes(bytes)
        );
        let _ = e.flush();
        self.spinner_shown = true;
    }
}

fn human_bytes(n: usize) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KB");
        assert_eq!(human_bytes(3 * 1024 * 1024), "3.0 MB");
    }
}
