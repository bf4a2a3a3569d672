//! The whole config file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CheckConfig, HostConfig, InterpreterConfig, MultiprocessingConfig};

/// An mpconfig file: `[multiprocessing]`, `[interpreter]`, `[check]`,
/// `[host]`, and an optional `$schema` key for editors. An empty file is a
/// valid config.
///
/// ```
/// use mpconfig_core::{Config, StartMethod};
///
/// let config = Config::default();
/// assert_eq!(config.multiprocessing.start_method, StartMethod::Auto);
/// assert!(config.interpreter.site && !config.interpreter.isolated);
/// assert_eq!(config.schema, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(title = "mpconfig")]
pub struct Config {
    /// The JSON Schema this file follows, for editors; ignored by mpconfig.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub schema: Option<String>,
    /// How multiprocessing starts children in the host, and what they run.
    pub multiprocessing: MultiprocessingConfig,
    /// How the embedding host starts its interpreter (and every child that re-executes it).
    pub interpreter: InterpreterConfig,
    /// What `mpconfig check` checks the config against.
    pub check: CheckConfig,
    /// Facts about the host program that change which start methods are safe.
    pub host: HostConfig,
}
