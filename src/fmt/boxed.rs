//! Box mode: tables, keyed tables and dictionaries drawn with UTF-8 borders
//! (numbers right-aligned, optional column types), saying how many rows and
//! columns did not fit. Other values fall back to the console text.
//!
//! Like the console layout, only the rows and columns that are shown are
//! ever formatted.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::console::{self, ConsoleOptions, Layout, column_type_letter, is_numeric_column};
use crate::k::{K, SymVec};

/// Settings of box mode: the console size and precision, and whether the
/// header shows each column's type letter under its name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoxOptions {
    /// Console size (`\c`) and float precision (`\P`).
    pub console: ConsoleOptions,
    /// Whether to show column types (as `meta` letters) in the header.
    pub show_types: bool,
}

/// Lines a box spends on borders: top, header separator and bottom.
const BORDER_LINES: usize = 3;
/// Width a column adds besides its text: one space either side and a border.
const COLUMN_CHROME: usize = 3;

/// One column of a box: its header name and its values.
struct Column<'a> {
    name: String,
    values: &'a K,
}

/// Renders `x` as a box when it is a table, keyed table or dictionary, and
/// as console text otherwise. The text ends in a newline.
pub fn render(x: &K, opts: &BoxOptions) -> String {
    match x {
        K::Table(t) => render_columns(&columns(&t.names, &t.cols), t.rows(), opts),
        K::Dict(d) => match (&d.keys, &d.values) {
            (K::Table(k), K::Table(v)) => {
                let mut cols = columns(&k.names, &k.cols);
                cols.extend(columns(&v.names, &v.cols));
                render_columns(&cols, k.rows(), opts)
            }
            (K::Table(_), _) | (_, K::Table(_)) => console::render(x, &opts.console),
            (keys, values) => {
                let cols = [
                    Column {
                        name: "key".to_owned(),
                        values: keys,
                    },
                    Column {
                        name: "value".to_owned(),
                        values,
                    },
                ];
                render_columns(&cols, keys.count(), opts)
            }
        },
        _ => console::render(x, &opts.console),
    }
}

fn columns<'a>(names: &SymVec, cols: &'a [K]) -> Vec<Column<'a>> {
    cols.iter()
        .enumerate()
        .map(|(i, values)| Column {
            name: console::column_name(names, i).into_owned(),
            values,
        })
        .collect()
}

/// Draws the first rows and columns that fit, then a line saying what was left out.
fn render_columns(cols: &[Column], rows: usize, opts: &BoxOptions) -> String {
    render_counting(cols, rows, opts).0
}

fn render_counting(cols: &[Column], rows: usize, opts: &BoxOptions) -> (String, usize) {
    let height = opts.console.clamped_rows();
    let width = opts.console.clamped_cols();
    let header_lines = 1 + usize::from(opts.show_types);
    let room = height.saturating_sub(BORDER_LINES + header_lines).max(1);
    // One line goes to the note when not every row fits.
    let (shown_rows, rows_cut) = console::shown_items(rows, room);
    let layout = Layout::new(opts.console.precision, width);
    let max_cell = width.saturating_sub(1 + COLUMN_CHROME).max(1);

    let mut headers = Vec::new();
    let mut texts: Vec<Vec<String>> = Vec::new();
    let mut numeric = Vec::new();
    let mut used = 1;
    for col in cols {
        let cells = layout.cells(col.values, shown_rows);
        let column: Vec<String> = (0..shown_rows)
            .map(|i| clip(layout.cell(&cells, i), max_cell))
            .collect();
        let mut header = clip(col.name.clone(), max_cell);
        if opts.show_types {
            header.push('\n');
            header.push(column_type_letter(col.values));
        }
        let w = column
            .iter()
            .chain(std::iter::once(&header))
            .flat_map(|s| s.split('\n'))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        if !headers.is_empty() && used + w + COLUMN_CHROME > width {
            break;
        }
        used += w + COLUMN_CHROME;
        headers.push(header);
        texts.push(column);
        numeric.push(is_numeric_column(col.values));
    }

    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.iter().map(Cell::new));
    for i in 0..shown_rows {
        table.add_row(texts.iter().map(|c| Cell::new(&c[i])));
    }
    for (i, &num) in numeric.iter().enumerate() {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(if num {
                CellAlignment::Right
            } else {
                CellAlignment::Left
            });
        }
    }
    let mut out = table.to_string();
    out.push('\n');
    let mut notes = Vec::new();
    if rows_cut {
        notes.push(plural(rows - shown_rows, "row"));
    }
    if headers.len() < cols.len() {
        notes.push(plural(cols.len() - headers.len(), "column"));
    }
    if !notes.is_empty() {
        out.push_str("… ");
        out.push_str(&notes.join(", "));
        out.push('\n');
    }
    (out, layout.formatted())
}

/// `"9,999,980 more rows"`.
fn plural(n: usize, what: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} more {what}{s}", thousands(n))
}

/// `n` with commas between groups of three digits.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cuts a cell to `max` chars, ending in `…` when cut.
fn clip(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(9_999_980), "9,999,980");
    }

    #[test]
    fn ten_million_rows_format_only_the_shown_ones() {
        let n = 10_000_000;
        let t = K::table(
            ["a", "b"].into_iter().collect(),
            vec![K::longs((0..n).collect()), K::floats(vec![0.5; n as usize])],
        );
        let K::Table(tab) = &t else { unreachable!() };
        let cols = columns(&tab.names, &tab.cols);
        let (out, formatted) = render_counting(&cols, tab.rows(), &BoxOptions::default());
        assert!(out.ends_with("… 9,999,980 more rows\n"), "{out}");
        assert_eq!(out.lines().count(), 25);
        assert_eq!(formatted, 40);
    }

    #[test]
    fn clip_marks_cut_cells() {
        assert_eq!(clip("abcdef".to_owned(), 4), "abc…");
        assert_eq!(clip("abc".to_owned(), 4), "abc");
    }
}
