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
    /// Rules to silence in this file, by code or name (e.g. "MP003").
    #[schemars(schema_with = "rule_list_schema")]
    pub allow: Vec<String>,
    /// Rules to report as errors in this file, by code or name (e.g. "MP007").
    #[schemars(schema_with = "rule_list_schema")]
    pub deny: Vec<String>,
}

/// An array of rule codes or names, each documented.
fn rule_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let rules: Vec<serde_json::Value> = crate::check::RULES
        .iter()
        .flat_map(|r| {
            let description = format!("{} ({}): {}", r.code, r.severity, r.summary);
            [
                serde_json::json!({ "const": r.code, "description": description }),
                serde_json::json!({ "const": r.name, "description": description }),
            ]
        })
        .collect();
    schemars::json_schema!({
        "type": "array",
        "items": { "oneOf": rules }
    })
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
