//! Rendering q values as text: the q console layout (the default, exactly
//! what q prints), UTF-8 boxes for people, and CSV and JSON for scripts.

pub mod console;

pub use console::{ConsoleOptions, render};
