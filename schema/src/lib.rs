//! Schema work over any cqlbridge backend: introspection of the live
//! schema from `system_schema`, CQL DDL rendering and parsing, the diff
//! from a live schema to a desired one, and versioned migrations
//! ([`migrate`]).

pub mod migrate;
