//! A strict parser for the Python literals CPython writes into
//! `multiprocessing`'s `-c` command strings.
//!
//! It accepts exactly the literal subset `repr()` produces for the values
//! those strings carry — `None`, `True`, `False`, decimal integers, `str` and
//! `bytes` literals with every escape form (except `\N{...}`), lists, tuples
//! and dicts with string keys — in `repr()`'s canonical spacing. It builds
//! [`PyLiteral`] values; it never evaluates, imports or resolves anything.
//!
//! Integers are kept as `i64`: the integers in these command lines are file
//! descriptors, process ids and Windows handles, so anything wider is
//! rejected ([`LiteralErrorKind::IntOutOfRange`]) rather than carried as a
//! big integer. This also bounds the work on absurd digit strings (CPython
//! itself stops at 4300 digits).

mod error;
mod escape;
mod parser;
mod value;

pub use error::{LiteralError, LiteralErrorKind};
pub(crate) use parser::parse_value;
pub use parser::{MAX_DEPTH, MAX_LITERAL_LEN, parse_literal, parse_literal_prefix};
pub use value::{PyLiteral, PyStr};
