//! Settings passed from a parent host to its children as JSON in the
//! environment: data only, read back strictly (unknown keys and wrong
//! types are errors, missing keys take their defaults).

use mpconfig_core::{Format, MultiprocessingConfig, Table, load_table_str};
use serde::Serialize;

use super::HostError;

/// `value` as the JSON a child reads back with [`parse`]; `what` names the
/// settings in the error.
pub(super) fn export<T: Serialize>(value: &T, what: &'static str) -> Result<String, HostError> {
    serde_json::to_string(value).map_err(|e| HostError::Export {
        what,
        message: e.to_string(),
    })
}

/// Reads a value of `var` back: the JSON of the table `table`, through
/// mpconfig's decoder (the same checks and words as for a config file).
pub(super) fn parse<T: Table>(var: &'static str, table: &str, value: &str) -> Result<T, HostError> {
    load_table_str(value, Format::Json, var, table).map_err(|invalid| {
        let message = invalid
            .issues
            .iter()
            .map(|d| {
                let at = d
                    .location
                    .as_ref()
                    .map(|l| format!("at {}: ", l.line_col()))
                    .unwrap_or_default();
                match &d.help {
                    Some(help) => format!("{at}{} ({help})", d.message),
                    None => format!("{at}{}", d.message),
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        HostError::InheritedSettings { var, message }
    })
}

/// What the parent exported in `var`, if it did.
pub(super) fn inherited<T: Table>(var: &'static str, table: &str) -> Result<Option<T>, HostError> {
    match std::env::var_os(var) {
        None => Ok(None),
        Some(value) => {
            let text = value.to_str().ok_or_else(|| HostError::InheritedSettings {
                var,
                message: "not UTF-8".into(),
            })?;
            parse(var, table, text).map(Some)
        }
    }
}

/// The environment variable through which a parent passes its
/// `[multiprocessing]` settings to its children (JSON of a
/// [`MultiprocessingConfig`]); see [`config_env_value`] and
/// [`inherited_config`].
pub const CONFIG_ENV: &str = "MPCONFIG_MULTIPROCESSING";

/// The value for [`CONFIG_ENV`]: `mp` as JSON. Fails only for an
/// `executable` path that is not UTF-8.
///
/// ```
/// use mpconfig_core::{MultiprocessingConfig, StartMethod};
/// use mpconfig_shim::host::{config_env_value, parse_config_env};
///
/// let mp = MultiprocessingConfig { start_method: StartMethod::Forkserver, ..Default::default() };
/// let value = config_env_value(&mp).unwrap();
/// assert_eq!(parse_config_env(&value).unwrap(), mp);
/// ```
pub fn config_env_value(mp: &MultiprocessingConfig) -> Result<String, HostError> {
    export(mp, "multiprocessing")
}

/// Reads a [`CONFIG_ENV`] value back. Missing keys take their defaults.
///
/// ```
/// use mpconfig_core::StartMethod;
/// use mpconfig_shim::host::parse_config_env;
///
/// let mp = parse_config_env(r#"{"start_method": "spawn"}"#).unwrap();
/// assert_eq!(mp.start_method, StartMethod::Spawn);
/// assert!(mp.sys_frozen);
/// assert!(parse_config_env(r#"{"start_method": "threads"}"#).is_err());
/// ```
pub fn parse_config_env(value: &str) -> Result<MultiprocessingConfig, HostError> {
    parse(CONFIG_ENV, "multiprocessing", value)
}

/// The settings a parent exported in [`CONFIG_ENV`], if it did.
///
/// ```
/// // In a process whose parent exported nothing:
/// # // SAFETY: doctest, single-threaded.
/// # unsafe { std::env::remove_var(mpconfig_shim::host::CONFIG_ENV) };
/// assert_eq!(mpconfig_shim::host::inherited_config().unwrap(), None);
/// ```
pub fn inherited_config() -> Result<Option<MultiprocessingConfig>, HostError> {
    inherited(CONFIG_ENV, "multiprocessing")
}
