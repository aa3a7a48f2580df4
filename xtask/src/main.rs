//! cqlbridge developer tasks.
fn main() {}
