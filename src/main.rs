//! Command-line entry point: parses arguments and calls the library.
fn main() {}
