//! Versioned migrations: a folder of `YYYYMMDD_NNN_description.cql` files
//! (and migrations written in Rust), applied in order, tracked in a
//! `cqlbridge_migrations` table.
