#[derive(cqlbridge_macros::Udt)]
struct T(i32);
fn main() {}
