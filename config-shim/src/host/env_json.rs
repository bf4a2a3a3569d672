//! Settings passed from a parent host to its children as JSON in an
//! environment variable: data only, read back strictly (unknown keys and
//! wrong types are errors, missing keys take their defaults).

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::HostError;

/// `value` as the JSON a child reads back with [`parse`]; `what` names the
/// settings in the error.
pub(super) fn export<T: Serialize>(value: &T, what: &str) -> Result<String, HostError> {
    serde_json::to_string(value)
        .map_err(|e| HostError::new(format!("cannot export the {what} settings: {e}")))
}

/// Reads a value of `var` back.
pub(super) fn parse<T: DeserializeOwned>(var: &str, value: &str) -> Result<T, HostError> {
    serde_json::from_str(value)
        .map_err(|e| HostError::new(format!("{var} holds no valid settings: {e}")))
}

/// What the parent exported in `var`, if it did.
pub(super) fn inherited<T: DeserializeOwned>(var: &str) -> Result<Option<T>, HostError> {
    match std::env::var_os(var) {
        None => Ok(None),
        Some(value) => {
            let text = value
                .to_str()
                .ok_or_else(|| HostError::new(format!("{var} is not UTF-8")))?;
            parse(var, text).map(Some)
        }
    }
}
