//! The typed model: what a config file means.

mod apply;
mod check;
mod document;
mod executable;
mod interpreter;
mod multiprocessing;
mod start_method;
mod target;

pub use apply::Apply;
pub use check::{CheckConfig, HostConfig};
pub use document::Config;
pub use executable::{EmptyExecutable, Executable};
pub use interpreter::InterpreterConfig;
pub use multiprocessing::MultiprocessingConfig;
pub use start_method::StartMethod;
pub use target::{Os, PythonVersion, TARGET_PATTERN, TargetError, TargetSpec};

/// A string that names none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{found}`: expected one of {}", expected.join(", "))]
pub struct ParseEnumError {
    /// What kind of value was expected ("start method").
    pub what: &'static str,
    /// The string given.
    pub found: String,
    /// The accepted names.
    pub expected: &'static [&'static str],
}

impl ParseEnumError {
    fn new(what: &'static str, found: &str, expected: &'static [&'static str]) -> Self {
        ParseEnumError {
            what,
            found: found.to_owned(),
            expected,
        }
    }
}
