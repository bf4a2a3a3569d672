//! The typed model: what a config file means. Every table is defined by
//! its rows in the settings registry ([`registry`]): key, type, default,
//! docs — the struct, its defaults, its decoding and its schema follow.

mod apply;
mod check;
mod dispatcher;
mod document;
mod executable;
mod family;
mod interpreter;
mod multiprocessing;
mod named;
mod on_error;
pub(crate) mod registry;
mod start_method;
mod targets;

pub use apply::Apply;
pub use check::{CheckConfig, HostConfig};
pub use dispatcher::Dispatcher;
pub use document::Config;
pub use executable::{EmptyExecutable, Executable};
pub use family::Family;
pub use interpreter::InterpreterConfig;
pub(crate) use multiprocessing::multiprocessing_rows;
pub use multiprocessing::{Field, MultiprocessingConfig};
pub use on_error::OnError;
pub use start_method::StartMethod;

pub(crate) use crate::platform::TargetSpec;

/// A string that names none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{found}`: expected one of {}", expected.join(", "))]
#[non_exhaustive]
pub struct ParseEnumError {
    /// What kind of value was expected ("start method").
    pub what: &'static str,
    /// The string given.
    pub found: String,
    /// The accepted names.
    pub expected: &'static [&'static str],
}

impl ParseEnumError {
    pub(crate) fn new(what: &'static str, found: &str, expected: &'static [&'static str]) -> Self {
        ParseEnumError {
            what,
            found: found.to_owned(),
            expected,
        }
    }
}
