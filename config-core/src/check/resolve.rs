//! Which start method CPython will actually use for a config on a target.

use std::fmt;

use crate::model::{MultiprocessingConfig, StartMethod};
use crate::platform::{Os, PythonVersion, Target};

/// A start method CPython really runs: `auto` and `none` resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Effective {
    /// `os.fork()`.
    Fork,
    /// A fork server started by re-executing the program.
    Forkserver,
    /// A fresh interpreter per child, re-executing the program.
    Spawn,
}

impl Effective {
    /// The name CPython uses.
    pub const fn as_str(self) -> &'static str {
        match self {
            Effective::Fork => "fork",
            Effective::Forkserver => "forkserver",
            Effective::Spawn => "spawn",
        }
    }

    /// Whether children re-execute the program (`sys.executable`).
    pub const fn reexecutes(self) -> bool {
        matches!(self, Effective::Forkserver | Effective::Spawn)
    }
}

impl fmt::Display for Effective {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// CPython's own default start method on an OS and version.
///
/// ```
/// use mpconfig_core::{cpython_default, Effective, Os, PythonVersion};
///
/// assert_eq!(cpython_default(Os::Linux, PythonVersion::new(3, 13)), Effective::Fork);
/// assert_eq!(cpython_default(Os::Linux, PythonVersion::new(3, 14)), Effective::Forkserver);
/// assert_eq!(cpython_default(Os::Macos, PythonVersion::new(3, 8)), Effective::Spawn);
/// ```
pub fn cpython_default(os: Os, version: PythonVersion) -> Effective {
    match os {
        Os::Windows | Os::Macos | Os::MacosFramework => Effective::Spawn,
        Os::Linux if version.behaves_like() >= PythonVersion::new(3, 14) => Effective::Forkserver,
        Os::Linux => Effective::Fork,
    }
}

/// The start method a config makes CPython use on a target: `auto` is spawn
/// on Windows and fork elsewhere; `none` is [`cpython_default`]; the others
/// are themselves (whether or not the platform has them — rules report that).
///
/// ```
/// use mpconfig_core::{resolve, Effective, MultiprocessingConfig, Os, PythonVersion, StartMethod, Target};
///
/// let mut mp = MultiprocessingConfig::default(); // auto
/// let windows = Target::new(Os::Windows, PythonVersion::new(3, 12));
/// assert_eq!(resolve(&mp, windows), Effective::Spawn);
/// mp.start_method = StartMethod::None;
/// assert_eq!(resolve(&mp, Target::new(Os::Linux, PythonVersion::new(3, 14))), Effective::Forkserver);
/// ```
pub fn resolve(mp: &MultiprocessingConfig, target: Target) -> Effective {
    match mp.start_method {
        StartMethod::Auto if target.os == Os::Windows => Effective::Spawn,
        StartMethod::Auto => Effective::Fork,
        StartMethod::None => cpython_default(target.os, target.version),
        StartMethod::Fork => Effective::Fork,
        StartMethod::Forkserver => Effective::Forkserver,
        StartMethod::Spawn => Effective::Spawn,
    }
}
