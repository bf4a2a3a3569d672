//! # mpconfig-shim
//!
//! Recognises the command lines with which CPython's `multiprocessing`
//! re-executes `spawn.get_executable()` — the host binary, when CPython is
//! embedded — and turns them into typed values a host can dispatch on,
//! without ever executing text from the command line.
//!
//! ```
//! use std::ffi::OsString;
//! use mpconfig_shim::{classify, Classification, ChildKind, PyLiteral};
//!
//! let argv: Vec<OsString> = ["host", "-B", "-c",
//!     "from multiprocessing.resource_tracker import main;main(5)"]
//!     .iter().map(OsString::from).collect();
//! match classify(&argv) {
//!     Classification::Child(cmd) => {
//!         assert_eq!(cmd.kind(), ChildKind::ResourceTracker);
//!         assert_eq!((cmd.module(), cmd.function()), ("multiprocessing.resource_tracker", "main"));
//!         assert_eq!(cmd.positional(), &[PyLiteral::Int(5)]);
//!     }
//!     other => panic!("{other:?}"),
//! }
//! ```

#![warn(missing_docs)]

mod call;
mod classify;
mod command;
mod cursor;
mod flags;
mod forms;
mod frozen;
pub mod literal;
mod reject;

pub use classify::{Classification, classify};
pub use command::{ChildCommand, ChildKind, CommandForm};
pub use flags::{FlagError, InterpreterFlag, InterpreterFlags, MAX_FLAG_REPEAT, XOption};
pub use literal::{
    LiteralError, LiteralErrorKind, MAX_DEPTH, MAX_LITERAL_LEN, PyLiteral, PyStr, parse_literal,
    parse_literal_prefix,
};
pub use reject::RejectReason;
