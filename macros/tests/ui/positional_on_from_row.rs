#[derive(cqlbridge_macros::FromRow)]
#[cql(crate = "cqlbridge_driver_api", positional)]
struct S {
    a: i32,
}
fn main() {}
