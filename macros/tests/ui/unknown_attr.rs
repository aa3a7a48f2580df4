#[derive(cqlbridge_macros::FromRow)]
#[cql(crate = "cqlbridge_driver_api")]
struct S {
    #[cql(renmae = "x")]
    a: i32,
}
fn main() {}
