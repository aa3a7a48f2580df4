#[derive(cqlbridge_macros::FromRow)]
enum E { A }
fn main() {}
