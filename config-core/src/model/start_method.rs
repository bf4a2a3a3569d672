//! The start method multiprocessing uses to create child processes.

use schemars::JsonSchema;
use serde::Serialize;

/// How `multiprocessing` starts child processes.
///
/// The names are the strings CPython uses (`multiprocessing.set_start_method`)
/// plus two of mpconfig's own, `auto` and `none`, which PyOxidizer users know
/// as `multiprocessing_start_method`.
///
/// ```
/// use mpconfig_core::StartMethod;
///
/// let m: StartMethod = "forkserver".parse().unwrap();
/// assert_eq!(m, StartMethod::Forkserver);
/// assert_eq!(m.to_string(), "forkserver");
/// assert!("spwan".parse::<StartMethod>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "How multiprocessing starts child processes.")]
// Exhaustive on purpose: a host that dispatches on the configured method
// must be told (by a compile error) when mpconfig learns a new one.
pub enum StartMethod {
    /// Spawn on Windows, fork everywhere else (PyOxidizer's rule). Resolved on
    /// the machine the program runs on, so one config serves every platform.
    #[default]
    Auto,
    /// Never call `set_start_method`: CPython's own default applies — spawn on
    /// Windows and macOS, fork on other POSIX systems up to Python 3.13,
    /// forkserver there from Python 3.14.
    None,
    /// Children are `os.fork()` copies of the parent: fast, inherit all state.
    /// POSIX only (not on Windows); unsafe on macOS and in multi-threaded
    /// processes, unreliable under a macOS framework build.
    Fork,
    /// A single-threaded server process, started once by re-executing the
    /// program, forks every child. POSIX only (not on Windows); CPython's
    /// default on Linux from 3.14.
    Forkserver,
    /// Every child is a fresh interpreter started by re-executing the program.
    /// Exists everywhere; the default on Windows and macOS. In an embedded host
    /// it works only when the host answers the child command lines.
    Spawn,
}

super::named::named_values!(StartMethod, "start method", {
    Auto => "auto",
    None => "none",
    Fork => "fork",
    Forkserver => "forkserver",
    Spawn => "spawn",
});
