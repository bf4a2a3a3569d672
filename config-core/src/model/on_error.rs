//! What the fork server does when a `forkserver_preload` module fails to
//! import (CPython 3.15's `set_forkserver_preload(on_error=…)`).

use schemars::JsonSchema;
use serde::Serialize;

/// How the fork server treats a preload module that fails to import:
/// CPython 3.15's `multiprocessing.set_forkserver_preload(modules, *,
/// on_error=…)` (gh-141860). Before 3.15 failures are always ignored
/// silently, and the setting has no effect (rule MP019).
///
/// ```
/// use mpconfig_core::OnError;
///
/// assert_eq!("warn".parse::<OnError>().unwrap(), OnError::Warn);
/// assert_eq!(OnError::default().to_string(), "ignore");
/// assert!("raise".parse::<OnError>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(
    description = "What the fork server does when a forkserver_preload module fails to import (Python 3.15+)."
)]
// Exhaustive: CPython's own three values.
pub enum OnError {
    /// Skip the module silently (CPython's default, and the only behaviour
    /// before 3.15).
    #[default]
    Ignore,
    /// Skip the module with an `ImportWarning` naming it.
    Warn,
    /// Raise: the fork server exits and starting a child fails.
    Fail,
}

super::named::named_values!(OnError, "preload error policy", {
    Ignore => "ignore",
    Warn => "warn",
    Fail => "fail",
});
