#[derive(cqlbridge_macros::FromRow)]
#[cql(crate = "cqlbridge_driver_api")]
struct S {
    a: i32,
    #[cql(rename = "a")]
    b: i32,
}
fn main() {}
