#[derive(cqlbridge_macros::IntoValues)]
#[cql(crate = "cqlbridge_driver_api")]
struct S {
    #[cql(rename = 5)]
    a: i32,
}
fn main() {}
