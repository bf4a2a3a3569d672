//! [`RejectReason`]: why a command line that looks like a multiprocessing
//! child is not one the shim will run.

use thiserror::Error;

use crate::flags::FlagError;
use crate::literal::LiteralError;

/// Why a child-like command line was rejected. The `Display` text is meant
/// for the host to print on stderr before exiting with status 2; every piece
/// of the command line it quotes is escaped and shortened.
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{classify, Classification};
///
/// let argv: Vec<OsString> = ["host", "-c",
///     "from multiprocessing.resource_tracker import main;main(5); import os"]
///     .iter().map(OsString::from).collect();
/// let Classification::Rejected(reason) = classify(&argv) else { panic!() };
/// assert_eq!(
///     reason.to_string(),
///     "the -c string is not one CPython's multiprocessing writes: \
///      unexpected text after the call at byte 57: \"; import os\""
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RejectReason {
    /// `argv[index]` is not valid UTF-8 (or, on Windows, not valid UTF-16)
    /// where the form needs text.
    #[error("argument {index} is not valid UTF-8")]
    NotUtf8 {
        /// Index into argv (argv\[0\] is the program).
        index: usize,
    },
    /// The interpreter options before `-c` are not ones CPython writes.
    #[error(transparent)]
    Flags(#[from] FlagError),
    /// Interpreter options in front of `--multiprocessing-fork`.
    #[error(
        "interpreter options before --multiprocessing-fork (CPython writes none for frozen spawn)"
    )]
    FlagsBeforeForkMarker,
    /// The arguments after a frozen spawn flag (`--multiprocessing-fork`)
    /// are not `tracker_fd=N pipe_handle=N` / `parent_pid=N pipe_handle=N`.
    #[error("{0}: {1}")]
    Frozen(&'static str, String),
    /// The `-c` string does not have the shape of any known form.
    #[error(
        "the -c string is not one CPython's multiprocessing writes: {message} at byte {offset}{found}"
    )]
    Code {
        /// Byte offset in the `-c` string.
        offset: usize,
        /// What was expected.
        message: String,
        /// `": <quoted text>"` showing what is there instead (may be empty).
        found: String,
    },
    /// A literal inside the `-c` string is malformed or is not a literal.
    #[error("the -c string holds something that is not a plain literal: {0}")]
    Literal(LiteralError),
    /// The call has the right shape but wrong arguments (type, value, name).
    #[error("{function}: {message}")]
    Argument {
        /// `module.function` of the entry point.
        function: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Arguments after the `-c` string that the form does not allow, or a
    /// missing `--multiprocessing-fork`.
    #[error("{0}")]
    Trailing(String),
    /// Looks like a child command line in some other way (`-c` glued to
    /// its value, `-c` without a string, a marker in an option …).
    #[error("looks like a multiprocessing child command line but is not one: {0}")]
    Shape(String),
}
