//! Rendering q values as text: the q console layout (the default, exactly
//! what q prints), UTF-8 boxes for people, and CSV and JSON for scripts.
//!
//! ```
//! use qrepl::fmt::{ConsoleOptions, render};
//! use qrepl::k::K;
//!
//! // q)([]sym:`ibm`msft;px:121.3 9.5)
//! let t = K::table(
//!     ["sym", "px"].into_iter().collect(),
//!     vec![K::sym_list(["ibm", "msft"]), K::floats(vec![121.3, 9.5])],
//! );
//! assert_eq!(
//!     render(&t, &ConsoleOptions::default()),
//!     "sym  px   \n----------\nibm  121.3\nmsft 9.5  \n"
//! );
//! ```

pub mod boxed;
pub mod console;
pub mod csv;
pub mod json;

use crate::k::K;

pub use boxed::BoxOptions;
pub use console::{ConsoleOptions, render};

/// How results are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Exactly what the q console prints (the default).
    #[default]
    Console,
    /// Tables, keyed tables and dictionaries in UTF-8 boxes.
    Box,
    /// Whole results as CSV.
    Csv,
    /// Whole results as JSON.
    Json,
}

/// Renders `x` in `mode`. Console and box text follow `\c` and `\P` from
/// `opts`; CSV uses its `\P`; JSON ignores it.
pub fn render_mode(x: &K, mode: Mode, opts: &BoxOptions) -> String {
    match mode {
        Mode::Console => console::render(x, &opts.console),
        Mode::Box => boxed::render(x, opts),
        Mode::Csv => csv::render(x, opts.console.precision),
        Mode::Json => json::render(x),
    }
}
