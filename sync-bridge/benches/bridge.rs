//! Bridge benchmark (placeholder).

fn main() {}
