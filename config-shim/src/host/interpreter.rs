//! The `[interpreter]` settings in a host process and its children: merged
//! with a child's command-line options, and passed from parent to child in
//! the environment.
//!
//! A child that re-executes the host gets the parent's `-I`/`-S` on its
//! command line when multiprocessing writes options there (the fork server,
//! the resource tracker, `-c` spawn workers: `_args_from_interpreter_flags()`
//! copies the parent's `sys.flags`). A `sys.frozen` spawn worker's command
//! line (`--multiprocessing-fork …`) carries none, as for any frozen
//! program; it learns them from [`INTERPRETER_ENV`], which the parent
//! exports next to [`CONFIG_ENV`](super::CONFIG_ENV).

use mpconfig_core::InterpreterConfig;

use super::{HostError, env};
use crate::flags::InterpreterFlags;

/// The environment variable through which a parent passes its
/// `[interpreter]` settings to its children (JSON of an
/// [`InterpreterConfig`]); see [`interpreter_env_value`] and
/// [`inherited_interpreter`].
pub const INTERPRETER_ENV: &str = "MPCONFIG_INTERPRETER";

/// The options to start an interpreter with: a child's command-line
/// options plus what `config` asks for (`isolated` → `-I`, `site = false`
/// → `-S`). Neither side can turn off what the other turns on.
///
/// ```
/// use mpconfig_core::InterpreterConfig;
/// use mpconfig_shim::InterpreterFlags;
/// use mpconfig_shim::host::with_interpreter_config;
///
/// let lean = InterpreterConfig { isolated: true, site: false, ..Default::default() };
/// let flags = with_interpreter_config(&InterpreterFlags::parse(&["-B"]).unwrap(), &lean);
/// assert_eq!(flags.to_args(), ["-B", "-I", "-S"]);
///
/// let child = InterpreterFlags::parse(&["-S", "-I"]).unwrap();
/// assert_eq!(with_interpreter_config(&child, &InterpreterConfig::default()), child);
/// ```
pub fn with_interpreter_config(
    flags: &InterpreterFlags,
    config: &InterpreterConfig,
) -> InterpreterFlags {
    let mut flags = flags.clone();
    if config.isolated {
        flags = flags.isolate();
    }
    if !config.site {
        flags = flags.without_site();
    }
    flags
}

/// The value for [`INTERPRETER_ENV`]: `config` as JSON.
///
/// ```
/// use mpconfig_core::InterpreterConfig;
/// use mpconfig_shim::host::{interpreter_env_value, parse_interpreter_env};
///
/// let lean = InterpreterConfig { isolated: true, site: false, ..Default::default() };
/// let value = interpreter_env_value(&lean).unwrap();
/// assert_eq!(value, r#"{"isolated":true,"site":false}"#);
/// assert_eq!(parse_interpreter_env(&value).unwrap(), lean);
/// ```
pub fn interpreter_env_value(config: &InterpreterConfig) -> Result<String, HostError> {
    env::export(config, "interpreter")
}

/// Reads an [`INTERPRETER_ENV`] value back. Missing keys take their
/// defaults; unknown keys and wrong types are errors.
///
/// ```
/// use mpconfig_shim::host::parse_interpreter_env;
///
/// assert!(parse_interpreter_env(r#"{"site": false}"#).is_ok_and(|c| !c.site && !c.isolated));
/// assert!(parse_interpreter_env(r#"{"site": "no"}"#).is_err());
/// assert!(parse_interpreter_env(r#"{"sites": false}"#).is_err());
/// ```
pub fn parse_interpreter_env(value: &str) -> Result<InterpreterConfig, HostError> {
    env::parse(INTERPRETER_ENV, "interpreter", value)
}

/// The `[interpreter]` settings a parent exported in [`INTERPRETER_ENV`],
/// if it did.
///
/// ```
/// # // SAFETY: doctest, single-threaded.
/// # unsafe { std::env::remove_var(mpconfig_shim::host::INTERPRETER_ENV) };
/// assert_eq!(mpconfig_shim::host::inherited_interpreter().unwrap(), None);
/// ```
pub fn inherited_interpreter() -> Result<Option<InterpreterConfig>, HostError> {
    env::inherited(INTERPRETER_ENV, "interpreter")
}
