//! Unit tests: type strings, the parser, describe and the diff (no test bed).

mod parser;
mod types;
