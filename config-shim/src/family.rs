//! The libraries whose children re-execute `sys.executable` — the host —
//! with command lines of their own, and the exact entry points each one
//! writes: the table [`ENTRIES`] that the classifier reads.
//!
//! A family is one row of [`Family`] (its package, its frozen-spawn flag)
//! and one `entries!` line per `-c` entry point (the statement prefix
//! CPython writes, the kind of child, the argument grammar). The forms
//! themselves ([`CommandForm`](crate::CommandForm)) are shared: a family
//! that copies the standard library's lines reuses its forms.

/// A library that starts children by re-executing the host.
///
/// ```
/// use mpconfig_shim::Family;
///
/// assert_eq!(Family::Multiprocessing.package(), "multiprocessing");
/// assert_eq!(Family::Multiprocessing.spawn_flag(), "--multiprocessing-fork");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// CPython's own `multiprocessing`.
    Multiprocessing,
}

impl Family {
    /// Every family the classifier knows.
    pub const ALL: &'static [Family] = &[Family::Multiprocessing];

    /// The package children import their entry points from.
    pub fn package(self) -> &'static str {
        match self {
            Family::Multiprocessing => "multiprocessing",
        }
    }

    /// The argument a frozen spawn worker's command line starts with.
    pub fn spawn_flag(self) -> &'static str {
        match self {
            Family::Multiprocessing => "--multiprocessing-fork",
        }
    }

    /// The family whose frozen spawn flag `arg` is.
    pub(crate) fn by_spawn_flag(arg: &std::ffi::OsStr) -> Option<Family> {
        Family::ALL.iter().copied().find(|f| arg == f.spawn_flag())
    }
}

/// How the arguments of an entry point's call are checked
/// (`crate::forms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grammar {
    /// `spawn_main(tracker_fd=N, pipe_handle=N)` then the spawn flag.
    Spawn,
    /// `main(N)`.
    ResourceTracker,
    /// `main(N, N, [...], **{...})`.
    Forkserver,
    /// `main(N, N, [...], sys_argv=sys.argv[1:], **{...})`, the parent's
    /// argv after the `-c` string.
    ForkserverImportSys,
}

/// One `-c` entry point of a family.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub family: Family,
    /// The `-c` string up to and including the call's `(`, exactly as
    /// written.
    pub prefix: &'static str,
    /// The module and function the host calls.
    pub module: &'static str,
    pub function: &'static str,
    /// `module.function`, for messages.
    pub path: &'static str,
    pub grammar: Grammar,
}

/// The `-c` entry points of the standard library's layout under package
/// `$pkg` (a literal).
macro_rules! entries {
    ($family:ident, $pkg:literal) => {
        [
            Entry {
                family: Family::$family,
                prefix: concat!("from ", $pkg, ".spawn import spawn_main; spawn_main("),
                module: concat!($pkg, ".spawn"),
                function: "spawn_main",
                path: concat!($pkg, ".spawn.spawn_main"),
                grammar: Grammar::Spawn,
            },
            Entry {
                family: Family::$family,
                prefix: concat!("from ", $pkg, ".resource_tracker import main;main("),
                module: concat!($pkg, ".resource_tracker"),
                function: "main",
                path: concat!($pkg, ".resource_tracker.main"),
                grammar: Grammar::ResourceTracker,
            },
            Entry {
                family: Family::$family,
                prefix: concat!("from ", $pkg, ".forkserver import main; main("),
                module: concat!($pkg, ".forkserver"),
                function: "main",
                path: concat!($pkg, ".forkserver.main"),
                grammar: Grammar::Forkserver,
            },
            Entry {
                family: Family::$family,
                prefix: concat!("import sys; from ", $pkg, ".forkserver import main; main("),
                module: concat!($pkg, ".forkserver"),
                function: "main",
                path: concat!($pkg, ".forkserver.main"),
                grammar: Grammar::ForkserverImportSys,
            },
        ]
    };
}

/// Every `-c` entry point of every family.
pub(crate) static ENTRIES: &[Entry] = &entries!(Multiprocessing, "multiprocessing");

/// The frozen spawn worker's entry point of `family`.
pub(crate) fn frozen_spawn(family: Family) -> &'static Entry {
    ENTRIES
        .iter()
        .find(|e| e.family == family && e.grammar == Grammar::Spawn)
        .unwrap_or(&ENTRIES[0])
}
