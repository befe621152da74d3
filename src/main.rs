//! The `qrepl` command.

fn main() {}
