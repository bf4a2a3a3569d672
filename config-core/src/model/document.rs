//! The whole config file.

use super::registry::settings_table;
use super::{CheckConfig, HostConfig, InterpreterConfig, MultiprocessingConfig};

settings_table! {
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
    /// assert_eq!(Config::KEYS, ["$schema", "multiprocessing", "interpreter", "check", "host"]);
    /// ```
    #[schemars(title = "mpconfig")]
    pub struct Config {
        /// The JSON Schema this file follows, for editors; ignored by mpconfig.
        #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
        #[schemars(with = "String")]
        schema as "$schema": Option<String> = None,
        /// How multiprocessing starts children in the host, and what they run.
        multiprocessing: MultiprocessingConfig = MultiprocessingConfig::default(),
        /// How the embedding host starts its interpreter (and every child that re-executes it).
        interpreter: InterpreterConfig = InterpreterConfig::default(),
        /// What `mpconfig check` checks the config against.
        check: CheckConfig = CheckConfig::default(),
        /// Facts about the host program that change which start methods are safe.
        host: HostConfig = HostConfig::default(),
    }
}

impl Config {
    /// Each table of the file and its keys, to say where a misplaced key
    /// belongs.
    pub(crate) fn tables() -> Vec<(&'static str, &'static [&'static str])> {
        Config::SUBTABLES
            .iter()
            .copied()
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }
}
