struct NotCql;
#[derive(cqlbridge_macros::FromRow)]
#[cql(crate = "cqlbridge_driver_api")]
struct S {
    a: NotCql,
}
fn main() {}
