//! The `[check]` and `[host]` tables.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::TargetSpec;

/// What `mpconfig check` checks the config against.
///
/// ```
/// use mpconfig_core::CheckConfig;
///
/// assert!(CheckConfig::default().targets.is_empty()); // = every target
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(
    title = "[check]",
    description = "What `mpconfig check` checks the config against."
)]
pub struct CheckConfig {
    /// Targets the host ships to, as `OS[:X.Y]` (e.g. "linux", "macos:3.12", "windows"); empty means every OS × every known Python version.
    pub targets: Vec<TargetSpec>,
}

/// Facts about the host program that change which start methods are safe.
///
/// ```
/// use mpconfig_core::HostConfig;
///
/// assert!(!HostConfig::default().multithreaded);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(
    title = "[host]",
    description = "Facts about the host program that change which start methods are safe."
)]
pub struct HostConfig {
    /// Whether the host runs threads of its own before Python forks (fork then risks deadlocks).
    pub multithreaded: bool,
}
