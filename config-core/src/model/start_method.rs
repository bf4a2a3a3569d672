//! The start method multiprocessing uses to create child processes.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::Serialize;

use super::ParseEnumError;

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

impl StartMethod {
    /// Every start method, in declaration order.
    pub const ALL: [StartMethod; 5] = [
        StartMethod::Auto,
        StartMethod::None,
        StartMethod::Fork,
        StartMethod::Forkserver,
        StartMethod::Spawn,
    ];

    /// The name as written in a config file.
    pub const fn as_str(self) -> &'static str {
        match self {
            StartMethod::Auto => "auto",
            StartMethod::None => "none",
            StartMethod::Fork => "fork",
            StartMethod::Forkserver => "forkserver",
            StartMethod::Spawn => "spawn",
        }
    }

    /// The names accepted by [`FromStr`], for messages and did-you-mean.
    pub const NAMES: [&'static str; 5] = ["auto", "none", "fork", "forkserver", "spawn"];
}

impl fmt::Display for StartMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StartMethod {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StartMethod::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| ParseEnumError::new("start method", s, &Self::NAMES))
    }
}

impl crate::decode::Decode for StartMethod {
    fn decode(
        d: &mut crate::decode::Decoder,
        node: &crate::syntax::Node,
        path: &str,
    ) -> Option<Self> {
        crate::decode::decode_name(d, node, path, "start method", &Self::NAMES)
    }
}

crate::decode::serde_bridge::deserialize_through_decoder!(StartMethod);
