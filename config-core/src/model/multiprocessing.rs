//! The `[multiprocessing]` table.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Apply, Executable, StartMethod};

/// How `multiprocessing` starts children in the host, and what they run.
///
/// Every field has a default, so `MultiprocessingConfig::default()` — an empty
/// `[multiprocessing]` table — is a working config.
///
/// ```
/// use mpconfig_core::{Apply, Executable, MultiprocessingConfig, StartMethod};
///
/// let mp = MultiprocessingConfig::default();
/// assert_eq!(mp.start_method, StartMethod::Auto);
/// assert!(mp.auto_dispatch && mp.sys_frozen);
/// assert_eq!(mp.executable, Executable::Host);
/// assert!(mp.forkserver_preload.is_empty());
/// assert_eq!(mp.apply, Apply::OnImport);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(
    title = "[multiprocessing]",
    description = "How multiprocessing starts children in the host, and what they run."
)]
pub struct MultiprocessingConfig {
    /// The start method that becomes multiprocessing's default: `auto` (spawn on Windows, fork elsewhere), `none` (leave CPython's own default), `fork`, `forkserver` or `spawn`.
    pub start_method: StartMethod,
    /// Whether the host answers multiprocessing's child command lines (spawn workers, forkserver, resource tracker) itself.
    pub auto_dispatch: bool,
    /// Whether to set `sys.frozen`; spawn workers then get the `--multiprocessing-fork` command line, which only a dispatching host understands.
    pub sys_frozen: bool,
    /// What children execute: "host" (the host binary), "python" (a real interpreter), or a path (`multiprocessing.set_executable`).
    pub executable: Executable,
    /// Modules the forkserver imports once so that forked children start with them loaded (`multiprocessing.set_forkserver_preload`).
    pub forkserver_preload: Vec<String>,
    /// When the settings take effect: "on-import" (when multiprocessing is first imported, no start-up cost) or "startup" (eagerly).
    pub apply: Apply,
}

impl Default for MultiprocessingConfig {
    fn default() -> Self {
        MultiprocessingConfig {
            start_method: StartMethod::Auto,
            auto_dispatch: true,
            sys_frozen: true,
            executable: Executable::Host,
            forkserver_preload: Vec::new(),
            apply: Apply::OnImport,
        }
    }
}
