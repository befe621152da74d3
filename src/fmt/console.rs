//! The q console layout (`.Q.s`): what q prints for a value at its prompt,
//! character for character, including `\c rows cols` truncation.
//!
//! Atoms, vectors and enumerations print on one line in their `-3!` form;
//! functions print their text; general lists, dictionaries and tables get the
//! multi-line layout (one item per line or an aligned matrix, `key| value`
//! lines, a header with dashes). Only what fits is formatted: hidden rows are
//! never visited and a row stops growing once it is wider than the console.

use std::cell::Cell;

use crate::k::text::{self, DEFAULT_PRECISION};
use crate::k::{Dict, Enumeration, K, Scalar, SymVec, Type, Vector};

/// Smallest console size q accepts for either dimension of `\c`.
pub const MIN_SIZE: usize = 10;
/// Largest console size q accepts for either dimension of `\c`.
pub const MAX_SIZE: usize = 2000;

/// The console settings that shape the text: `\c rows cols` and `\P`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsoleOptions {
    /// Console height (`\c` first number). Clamped to [10, 2000] when used.
    pub rows: usize,
    /// Console width (`\c` second number). Clamped to [10, 2000] when used.
    pub cols: usize,
    /// Float precision `\P` (0 means 17 significant digits).
    pub precision: usize,
}

impl Default for ConsoleOptions {
    /// q's defaults: `\c 25 80` and `\P 7`.
    fn default() -> ConsoleOptions {
        ConsoleOptions {
            rows: 25,
            cols: 80,
            precision: DEFAULT_PRECISION,
        }
    }
}

impl ConsoleOptions {
    /// Rows as q uses them, clamped to [10, 2000].
    pub fn clamped_rows(&self) -> usize {
        self.rows.clamp(MIN_SIZE, MAX_SIZE)
    }

    /// Columns as q uses them, clamped to [10, 2000].
    pub fn clamped_cols(&self) -> usize {
        self.cols.clamp(MIN_SIZE, MAX_SIZE)
    }
}

/// Renders `x` exactly as the q console prints it: every line ends in `\n`,
/// and `::` renders as nothing.
pub fn render(x: &K, opts: &ConsoleOptions) -> String {
    render_counting(x, opts).0
}

/// [`render`], also returning how many atoms and items were formatted.
pub(crate) fn render_counting(x: &K, opts: &ConsoleOptions) -> (String, usize) {
    let rows = opts.clamped_rows();
    let cols = opts.clamped_cols();
    let layout = Layout::new(opts.precision, cols);
    let mut out = String::new();
    for line in layout.top(x, rows) {
        push_cut(&mut out, &line, cols);
        out.push('\n');
    }
    (out, layout.formatted.get())
}

/// Appends `line`, cut like q when it is longer than `cols-1` bytes: its
/// first `cols-3` bytes followed by `..`.
fn push_cut(out: &mut String, line: &str, cols: usize) {
    if line.len() < cols {
        out.push_str(line);
        return;
    }
    let mut end = cols.saturating_sub(3).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(&line[..end]);
    out.push_str("..");
}

/// Items, rows or entries to show for a value of `count` when at most
/// `limit` fit: all of them, or `limit-1` and a `..` line.
pub(crate) fn shown_items(count: usize, limit: usize) -> (usize, bool) {
    if count > limit {
        (limit.saturating_sub(1), true)
    } else {
        (count, false)
    }
}

/// The per-item texts of a list as one layout column: computed lazily so
/// that a caller can stop at the first items or the first columns.
pub(crate) enum Cells<'a> {
    /// `string` of each item of a simple vector.
    Items(&'a Vector),
    /// The symbol of each item of an enumeration.
    Enum(&'a Enumeration),
    /// `-3!` of each item of a general list.
    OneLine(&'a [K]),
    /// Texts already laid out (matrix rows, lines of a nested value).
    Lines(Vec<String>),
}

impl Cells<'_> {
    /// Number of cells.
    pub(crate) fn len(&self) -> usize {
        match self {
            Cells::Items(v) => v.len(),
            Cells::Enum(e) => e.values.len(),
            Cells::OneLine(items) => items.len(),
            Cells::Lines(lines) => lines.len(),
        }
    }
}

/// Shared state of one rendering: `\P`, the width past which text is
/// invisible, and a count of formatted atoms and items (to prove that
/// hidden parts are never formatted).
pub(crate) struct Layout {
    precision: usize,
    width: usize,
    formatted: Cell<usize>,
}

impl Layout {
    /// A layout for precision `\P` whose lines are cut at `width` bytes.
    pub(crate) fn new(precision: usize, width: usize) -> Layout {
        Layout {
            precision,
            width,
            formatted: Cell::new(0),
        }
    }

    fn tick(&self) {
        self.formatted.set(self.formatted.get() + 1);
    }

    /// Number of atoms and items formatted so far.
    pub(crate) fn formatted(&self) -> usize {
        self.formatted.get()
    }

    /// The `-3!` text of `x`, possibly cut short once wider than the console.
    pub(crate) fn one_line(&self, x: &K) -> String {
        self.tick();
        let mut s = String::new();
        text::write_one_line(&mut s, x, self.precision, self.width);
        s
    }

    /// The `string` of one atom: the text of a table or dictionary cell.
    fn atom_cell(&self, t: Type, s: &Scalar) -> String {
        self.tick();
        text::atom_string(t, s, self.precision)
    }

    /// The lines `.Q.s` prints for `x` at a console of `rows` lines.
    fn top(&self, x: &K, rows: usize) -> Vec<String> {
        match x {
            K::Nil => Vec::new(),
            // A function prints its text split at newlines.
            K::Func(_) => text::one_line(x, self.precision)
                .split('\n')
                .map(str::to_owned)
                .collect(),
            K::List(_) | K::Dict(_) | K::Table(_) => {
                let limit = if matches!(x, K::Table(_)) || x.is_keyed_table() {
                    rows - 4
                } else {
                    rows - 2
                };
                let (n, cut) = shown_items(x.count(), limit);
                let mut lines = self.lines(x, n);
                if cut {
                    lines.push("..".to_owned());
                }
                lines
            }
            _ => vec![self.one_line(x)],
        }
    }

    /// The multi-line layout of the first `n` items of `x` (q's `s2`).
    pub(crate) fn lines(&self, x: &K, n: usize) -> Vec<String> {
        if !crate::k::depth::room() {
            return Vec::new();
        }
        match x {
            K::Dict(d) => self.dict(d, n),
            K::Table(t) => self.table(&t.names, &t.cols, n),
            K::Vector(_) | K::List(_) | K::Enum(_) if !x.is_atom() => {
                let cells = self.cells(x, n);
                (0..cells.len().min(n))
                    .map(|i| self.cell(&cells, i))
                    .collect()
            }
            _ => vec![self.one_line(x)],
        }
    }

    /// The cells of the first `n` items of a list, as a table column, a
    /// dictionary's values or a matrix row show them.
    pub(crate) fn cells<'a>(&self, x: &'a K, n: usize) -> Cells<'a> {
        if !crate::k::depth::room() {
            return Cells::Lines(Vec::new());
        }
        match x {
            K::Vector(v) => Cells::Items(v),
            // A foreign key on values other than symbols shows the key
            // values its first `n` items pick.
            K::Enum(e) if !e.atom && e.keys.is_some() => {
                let Some(K::Vector(keys)) = &e.keys else {
                    return Cells::Enum(e);
                };
                let shown = e.indices.iter().take(n).map(|&i| {
                    match usize::try_from(i).ok().filter(|&i| i < keys.len()) {
                        Some(i) => self.atom_cell(keys.ty, &keys.data.get(i)),
                        None => String::new(),
                    }
                });
                Cells::Lines(shown.collect())
            }
            K::Enum(e) if !e.atom => Cells::Enum(e),
            K::List(l) => {
                let items = &l.items[..n.min(l.items.len())];
                if one_item_per_line(items) {
                    Cells::OneLine(items)
                } else {
                    Cells::Lines(self.matrix(items))
                }
            }
            _ => Cells::Lines(self.lines(x, n)),
        }
    }

    /// Cell `i` of `cells` (empty past the end).
    pub(crate) fn cell(&self, cells: &Cells, i: usize) -> String {
        match cells {
            Cells::Items(v) if i < v.len() => self.atom_cell(v.ty, &v.data.get(i)),
            Cells::Enum(e) if i < e.values.len() => {
                self.tick();
                e.values.sym(i).to_str_lossy().into_owned()
            }
            Cells::OneLine(items) if i < items.len() => self.one_line(&items[i]),
            Cells::Lines(lines) if i < lines.len() => lines[i].clone(),
            _ => String::new(),
        }
    }

    /// The matrix layout of lists of equal count: row `i` holds the cells of
    /// item `i`, padded per column. Columns past the console width are not
    /// formatted.
    fn matrix(&self, items: &[K]) -> Vec<String> {
        let m = items.first().map_or(0, K::count);
        let rows: Vec<Cells> = items.iter().map(|it| self.cells(it, m)).collect();
        let mut lines = vec![String::new(); items.len()];
        let mut width = 0;
        for j in 0..m {
            if width > self.width {
                break;
            }
            let column: Vec<String> = rows.iter().map(|r| self.cell(r, j)).collect();
            let w = column.iter().map(String::len).max().unwrap_or(0);
            let sep = usize::from(j > 0);
            for (line, cell) in lines.iter_mut().zip(&column) {
                if sep == 1 {
                    line.push(' ');
                }
                push_padded(line, cell, w);
            }
            width += w + sep;
        }
        lines
    }

    /// A table's header, dashes and first `n` rows. Columns past the
    /// console width are not formatted.
    pub(crate) fn table(&self, names: &SymVec, cols: &[K], n: usize) -> Vec<String> {
        let mut lines = vec![String::new(); n + 2];
        let mut width = 0;
        for (c, col) in cols.iter().enumerate() {
            if width > self.width {
                break;
            }
            let name = column_name(names, c);
            let cells = self.cells(col, n);
            let column: Vec<String> = (0..n).map(|i| self.cell(&cells, i)).collect();
            let w = column
                .iter()
                .map(String::len)
                .max()
                .unwrap_or(0)
                .max(name.len());
            let sep = usize::from(c > 0);
            let (head, rest) = lines.split_at_mut(2);
            if sep == 1 {
                head[0].push(' ');
            }
            push_padded(&mut head[0], &name, w);
            head[1].extend(std::iter::repeat_n('-', w + sep));
            for (line, cell) in rest.iter_mut().zip(&column) {
                if sep == 1 {
                    line.push(' ');
                }
                push_padded(line, cell, w);
            }
            width += w + sep;
        }
        lines
    }

    /// `key| value` lines of the first `n` entries. When one side is a
    /// table, the other gets a blank line and dashes to match its header.
    fn dict(&self, d: &Dict, n: usize) -> Vec<String> {
        // The parts of a mapped table, `(,`a)!`:./t/` (flip-splayed.md),
        // and a dictionary of an atom key, `` `c!1 2 3 `` (q for mortals §5),
        // show on one line.
        if matches!(&d.values, K::Atom(Type::Symbol, _)) || d.keys.is_atom() {
            return vec![self.one_line(&K::Dict(std::rc::Rc::new(d.clone())))];
        }
        let mut keys = self.lines(&d.keys, n);
        let mut values = self.lines(&d.values, n);
        if keys.len() < values.len() {
            add_blank_header(&mut keys);
        } else if values.len() < keys.len() {
            add_blank_header(&mut values);
        }
        let rows = keys.len().max(values.len());
        keys.resize(rows, String::new());
        values.resize(rows, String::new());
        let kw = keys.iter().map(String::len).max().unwrap_or(0);
        keys.into_iter()
            .zip(values)
            .map(|(k, v)| {
                let mut line = String::with_capacity(kw + 2 + v.len());
                push_padded(&mut line, &k, kw);
                line.push_str("| ");
                line.push_str(&v);
                line
            })
            .collect()
    }
}

/// Whether a general list shows one `-3!` item per line rather than as a
/// matrix: when any item is an atom, dictionary, table or function, when
/// counts differ, or when all items are boolean, byte or char vectors.
fn one_item_per_line(items: &[K]) -> bool {
    let Some(first) = items.first() else {
        return true;
    };
    if items
        .iter()
        .any(|x| x.is_atom() || matches!(x, K::Dict(_) | K::Table(_)))
    {
        return true;
    }
    let count = first.count();
    if items.iter().any(|x| x.count() != count) {
        return true;
    }
    let t = first.type_code();
    matches!(t, 1 | 4 | 10) && items.iter().all(|x| x.type_code() == t)
}

/// Puts a blank line and a line of dashes, as wide as the first line, in
/// front of `lines`.
fn add_blank_header(lines: &mut Vec<String>) {
    let w = lines.first().map_or(0, String::len);
    lines.splice(0..0, [" ".repeat(w), "-".repeat(w)]);
}

/// Appends `s` left-justified in a field of `w` bytes.
fn push_padded(out: &mut String, s: &str, w: usize) {
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(s.len())));
}

/// Column `i`'s name, empty when a malformed table has fewer names than columns.
pub(crate) fn column_name(names: &SymVec, i: usize) -> std::borrow::Cow<'_, str> {
    if i < names.len() {
        String::from_utf8_lossy(names.get(i))
    } else {
        std::borrow::Cow::Borrowed("")
    }
}

/// The letter `meta` shows for a column: the vector's type, upper case for
/// a list of vectors of one type, a space for anything else.
pub(crate) fn column_type_letter(col: &K) -> char {
    match col {
        K::Vector(v) => char::from(v.ty.letter()),
        K::Enum(_) => 's',
        K::List(l) => match l.items.first() {
            Some(K::Vector(v)) => char::from(v.ty.letter()).to_ascii_uppercase(),
            _ => ' ',
        },
        _ => ' ',
    }
}

/// Whether a column holds numbers (right-aligned in boxes).
pub(crate) fn is_numeric_column(col: &K) -> bool {
    matches!(col, K::Vector(v) if matches!(
        v.ty,
        Type::Byte | Type::Short | Type::Int | Type::Long | Type::Real | Type::Float
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::{
        Adverb, Attr, Data, Func, INF_LONG, Lambda, NULL_INT, NULL_LONG, Sym, null_float,
    };
    use std::rc::Rc;

    fn show(x: &K) -> String {
        render(x, &ConsoleOptions::default())
    }

    fn table(names: &[&str], cols: Vec<K>) -> K {
        K::table(names.iter().copied().collect(), cols)
    }

    fn syms(v: &[&str]) -> K {
        K::sym_list(v.iter().copied())
    }

    #[test]
    fn atoms_and_vectors_are_one_line() {
        assert_eq!(show(&K::long(42)), "42\n");
        assert_eq!(show(&K::float(2.0)), "2f\n");
        assert_eq!(show(&K::longs(vec![1, 2, 3])), "1 2 3\n");
        assert_eq!(show(&K::Nil), "");
        assert_eq!(show(&K::list(vec![])), "");
    }

    #[test]
    fn general_list_one_item_per_line() {
        // (0;1 2.5;01b),(`a;"abc")
        let x = K::list(vec![
            K::long(0),
            K::floats(vec![1.0, 2.5]),
            K::bools(vec![false, true]),
            K::sym("a"),
            K::string("abc"),
        ]);
        assert_eq!(show(&x), "0\n1 2.5\n01b\n`a\n\"abc\"\n");
        // "," vs "one,two,three"
        let x = K::list(vec![K::string("one"), K::string("two"), K::string("three")]);
        assert_eq!(show(&x), "\"one\"\n\"two\"\n\"three\"\n");
        // ("ab";"cd"): equal-length strings are not a matrix
        let x = K::list(vec![K::string("ab"), K::string("cd")]);
        assert_eq!(show(&x), "\"ab\"\n\"cd\"\n");
        // (101b;010b)
        let x = K::list(vec![
            K::bools(vec![true, false, true]),
            K::bools(vec![false, true, false]),
        ]);
        assert_eq!(show(&x), "101b\n010b\n");
        // enlist {1;}[]
        assert_eq!(show(&K::list(vec![K::Nil])), "::\n");
        // 3 xexp(1;2 3)
        let x = K::list(vec![K::float(3.0), K::floats(vec![9.0, 27.0])]);
        assert_eq!(show(&x), "3f\n9 27f\n");
        // (f;102) with f:+
        let x = K::list(vec![K::func(Func::Binary(1)), K::long(102)]);
        assert_eq!(show(&x), "+\n102\n");
    }

    #[test]
    fn matrices_are_aligned_with_trailing_spaces() {
        // (1 2;10 20)
        let x = K::list(vec![K::longs(vec![1, 2]), K::longs(vec![10, 20])]);
        assert_eq!(show(&x), "1  2 \n10 20\n");
        // 2 4#`Arthur`Steve`Dennis
        let x = K::list(vec![
            syms(&["Arthur", "Steve", "Dennis", "Arthur"]),
            syms(&["Steve", "Dennis", "Arthur", "Steve"]),
        ]);
        assert_eq!(
            show(&x),
            "Arthur Steve  Dennis Arthur\nSteve  Dennis Arthur Steve \n"
        );
        // enlist each til 4
        let x = K::list((0..4).map(|i| K::longs(vec![i])).collect());
        assert_eq!(show(&x), "0\n1\n2\n3\n");
        // enlist 1 2 3 is a one-row matrix
        assert_eq!(show(&K::list(vec![K::longs(vec![1, 2, 3])])), "1 2 3\n");
        // (2 3 4;(5;6 7;8)) within 3 6
        let x = K::list(vec![
            K::bools(vec![false, true, true]),
            K::list(vec![
                K::bool(true),
                K::bools(vec![true, false]),
                K::bool(false),
            ]),
        ]);
        // (the last column is padded too, so row 1 ends in a space)
        assert_eq!(show(&x), "0  1   1 \n1b 10b 0b\n");
    }

    #[test]
    fn nested_matrix_rows_use_one_line_cells() {
        // trim(("fox";("jumps ";"over   "));("a";"dog "))
        let x = K::list(vec![
            K::list(vec![
                K::string("fox"),
                K::list(vec![K::string("jumps"), K::string("over")]),
            ]),
            K::list(vec![K::char(b'a'), K::string("dog")]),
        ]);
        assert_eq!(
            show(&x),
            "\"fox\" (\"jumps\";\"over\")\n\"a\"   \"dog\"           \n"
        );
    }

    #[test]
    fn dictionaries() {
        // `tom`dick`harry!1040 59 27
        let d = K::dict(
            syms(&["tom", "dick", "harry"]),
            K::longs(vec![1040, 59, 27]),
        );
        assert_eq!(show(&d), "tom  | 1040\ndick | 59\nharry| 27\n");
        // `names`ages!(`bob`carol`ted`alice;42 39 51 44)
        let d = K::dict(
            syms(&["names", "ages"]),
            K::list(vec![
                syms(&["bob", "carol", "ted", "alice"]),
                K::longs(vec![42, 39, 51, 44]),
            ]),
        );
        assert_eq!(
            show(&d),
            "names| bob carol ted alice\nages | 42  39    51  44   \n"
        );
        // `a`b!1 0N: null value leaves a trailing space
        let d = K::dict(syms(&["a", "b"]), K::longs(vec![1, NULL_LONG]));
        assert_eq!(show(&d), "a| 1\nb| \n");
        // 1.1*`a`b`c!5 10 20
        let d = K::dict(syms(&["a", "b", "c"]), K::floats(vec![5.5, 11.0, 22.0]));
        assert_eq!(show(&d), "a| 5.5\nb| 11\nc| 22\n");
        // 2 sublist `a`b`c!(1 2 3;"xyz";2 3 5)
        let d = K::dict(
            syms(&["a", "b"]),
            K::list(vec![K::longs(vec![1, 2, 3]), K::string("xyz")]),
        );
        assert_eq!(show(&d), "a| 1 2 3\nb| x y z\n");
        // `a`b!("abc";"de")
        let d = K::dict(
            syms(&["a", "b"]),
            K::list(vec![K::string("abc"), K::string("de")]),
        );
        assert_eq!(show(&d), "a| \"abc\"\nb| \"de\"\n");
        // `a`b`c!"xyz"
        let d = K::dict(syms(&["a", "b", "c"]), K::string("xyz"));
        assert_eq!(show(&d), "a| x\nb| y\nc| z\n");
        // t[1;] with t:([]name:`Tom`Dick`Harry;age:34 42 17)
        let d = K::dict(
            syms(&["name", "age"]),
            K::list(vec![K::sym("Dick"), K::long(42)]),
        );
        assert_eq!(show(&d), "name| `Dick\nage | 42\n");
        // ()!()
        assert_eq!(show(&K::dict(K::list(vec![]), K::list(vec![]))), "");
    }

    #[test]
    fn dict_with_table_values_gets_blank_key_header() {
        // (enlist `b)!([] a:enlist 1;b:enlist 2)
        let d = K::dict(
            syms(&["b"]),
            table(&["a", "b"], vec![K::longs(vec![1]), K::longs(vec![2])]),
        );
        assert_eq!(show(&d), " | a b\n-| ---\nb| 1 2\n");
    }

    #[test]
    fn tables() {
        // ([]names:`bob`carol`ted`alice; ages:42 39 51 44)
        let t = table(
            &["names", "ages"],
            vec![
                syms(&["bob", "carol", "ted", "alice"]),
                K::longs(vec![42, 39, 51, 44]),
            ],
        );
        assert_eq!(
            show(&t),
            "names ages\n----------\nbob   42  \ncarol 39  \nted   51  \nalice 44  \n"
        );
        // trade:([]time:();sym:();price:();size:())
        let empty = K::list(vec![]);
        let t = table(
            &["time", "sym", "price", "size"],
            vec![empty.clone(), empty.clone(), empty.clone(), empty],
        );
        assert_eq!(show(&t), "time sym price size\n-------------------\n");
        // ([]a:("abc";"de"))
        let t = table(
            &["a"],
            vec![K::list(vec![K::string("abc"), K::string("de")])],
        );
        assert_eq!(show(&t), "a    \n-----\n\"abc\"\n\"de\" \n");
        // enlist `a`b`c!(1;2 3; 4)
        let t = table(
            &["a", "b", "c"],
            vec![
                K::longs(vec![1]),
                K::list(vec![K::longs(vec![2, 3])]),
                K::longs(vec![4]),
            ],
        );
        assert_eq!(show(&t), "a b   c\n-------\n1 2 3 4\n");
    }

    #[test]
    fn keyed_tables() {
        // ([a:1 2]b:`x`y;c:10 20)
        let kt = K::dict(
            table(&["a"], vec![K::longs(vec![1, 2])]),
            table(&["b", "c"], vec![syms(&["x", "y"]), K::longs(vec![10, 20])]),
        );
        assert_eq!(show(&kt), "a| b c \n-| ----\n1| x 10\n2| y 20\n");
        // `a`b xgroup ([]a:0 0 1 1 2;b:`a`a`c`d`e;c:til 5)
        let kt = K::dict(
            table(
                &["a", "b"],
                vec![K::longs(vec![0, 1, 1, 2]), syms(&["a", "c", "d", "e"])],
            ),
            table(
                &["c"],
                vec![K::list(vec![
                    K::longs(vec![0, 1]),
                    K::longs(vec![2]),
                    K::longs(vec![3]),
                    K::longs(vec![4]),
                ])],
            ),
        );
        assert_eq!(
            show(&kt),
            "a b| c  \n---| ---\n0 a| 0 1\n1 c| ,2 \n1 d| ,3 \n2 e| ,4 \n"
        );
    }

    #[test]
    fn functions_split_at_newlines() {
        let f = K::func(Func::Lambda(Lambda::new(Sym::null(), "{x+\n  y}")));
        assert_eq!(show(&f), "{x+\n  y}\n");
        let f = K::func(Func::Derived(Adverb::EachPrior, K::func(Func::Binary(2))));
        assert_eq!(show(&f), "-':\n");
    }

    #[test]
    fn width_cut_is_blind() {
        // til 1000 at \c 25 80
        let x = K::longs((0..1000).collect());
        let out = show(&x);
        assert_eq!(out.len(), 80);
        assert!(out.ends_with("27 28 ..\n"), "{out}");
        // til 30 is exactly 79 characters: printed whole
        let x = K::longs((0..30).collect());
        assert_eq!(show(&x).len(), 80);
        assert!(!show(&x).contains(".."));
    }

    #[test]
    fn console_size_is_clamped_and_items_are_limited() {
        // \c 5 5 then til each 20+til 10
        let x = K::list((20..30).map(|n| K::longs((0..n).collect())).collect());
        let opts = ConsoleOptions {
            rows: 5,
            cols: 5,
            ..ConsoleOptions::default()
        };
        let want = "0 1 2 3..\n".repeat(7) + "..\n";
        assert_eq!(render(&x, &opts), want);
    }

    #[test]
    fn row_limits_at_the_boundary() {
        let list = |n: i64| K::list((0..n).map(K::long).collect());
        // 23 items at \c 25 80: shown whole; 24 items: 22 and "..".
        assert_eq!(show(&list(23)).lines().count(), 23);
        let out = show(&list(24));
        assert_eq!(out.lines().count(), 23);
        assert!(out.ends_with("21\n..\n"));
        // A 21-row table is shown whole; 22 rows show 20 and "..".
        let t = |n: i64| table(&["a"], vec![K::longs((0..n).collect())]);
        assert_eq!(show(&t(21)).lines().count(), 23);
        let out = show(&t(22));
        assert_eq!(out.lines().count(), 23);
        assert!(out.ends_with("19\n..\n"));
    }

    #[test]
    fn hidden_rows_and_columns_are_never_formatted() {
        let n = 1_000_000;
        let t = table(
            &["a", "b"],
            vec![K::longs((0..n).collect()), K::floats(vec![1.5; n as usize])],
        );
        let (out, formatted) = render_counting(&t, &ConsoleOptions::default());
        assert_eq!(out.lines().count(), 23);
        // 20 rows of 2 columns.
        assert_eq!(formatted, 40);
        // A row of 10,000 wide columns stops formatting at the width.
        let cols: Vec<K> = (0..10_000).map(|i| K::longs(vec![i; 3])).collect();
        let names: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
        let t = K::table(names.iter().map(String::as_str).collect(), cols);
        let (out, formatted) = render_counting(&t, &ConsoleOptions::default());
        assert!(out.lines().all(|l| l.len() == 79), "{out}");
        assert!(formatted < 200, "{formatted}");
        // A matrix of two huge rows formats only visible columns.
        let x = K::list(vec![K::longs((0..n).collect()), K::longs((0..n).collect())]);
        let (_, formatted) = render_counting(&x, &ConsoleOptions::default());
        assert!(formatted < 200, "{formatted}");
    }

    #[test]
    fn enumerations_show_symbols_in_cells() {
        let e = K::Enum(Rc::new(Enumeration {
            domain: Sym::from("sym"),
            atom: false,
            attr: crate::k::Attr::None,
            indices: vec![0, 1],
            values: ["ibm", "msft"].into_iter().collect(),
            link: false,
            keys: None,
        }));
        let t = table(
            &["s", "p"],
            vec![e.clone(), K::floats(vec![1.0, null_float()])],
        );
        assert_eq!(show(&t), "s    p\n------\nibm  1\nmsft  \n");
        assert_eq!(show(&e), "`sym$`ibm`msft\n");
    }

    #[test]
    fn malformed_tables_do_not_panic() {
        // More columns than names, and a column shorter than the others.
        let t = K::Table(Rc::new(crate::k::Table {
            attr: Attr::None,
            names: ["a"].into_iter().collect(),
            cols: vec![K::longs(vec![1, 2]), K::longs(vec![3])],
        }));
        assert_eq!(show(&t), "a  \n---\n1 3\n2  \n");
    }

    #[test]
    fn typed_null_and_attribute_cells() {
        let t = table(
            &["d", "x"],
            vec![
                K::vector(Type::Date, Data::I32(vec![0, NULL_INT])),
                K::vector_attr(Type::Long, Attr::Sorted, Data::I64(vec![1, INF_LONG])),
            ],
        );
        assert_eq!(
            show(&t),
            "d          x \n-------------\n2000.01.01 1 \n           0W\n"
        );
    }
}
