//! cqlbridge facade.
