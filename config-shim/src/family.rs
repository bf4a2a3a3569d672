//! The entry points each family's children are started with: the table
//! [`ENTRIES`] that the classifier reads. The families themselves
//! ([`Family`]: package, frozen-spawn flag) are the model's rows
//! (`mpconfig_core::Family`).
//!
//! An entry is how a child's command line names its entry point — a `-c`
//! statement prefix, a frozen spawn flag, or a `-m` module — with the kind
//! of child and the argument grammar. A family that copies the standard
//! library's layout reuses its forms ([`CommandForm`](crate::CommandForm))
//! under its own package.

pub use mpconfig_core::Family;

/// How a command line names its entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `FLAGS -c 'PREFIX…)' …`: the `-c` string up to and including the
    /// call's `(`, exactly as written.
    Code(&'static str),
    /// `SPAWN_FLAG args…` (`sys.frozen`): the family's spawn flag first.
    Frozen,
    /// `-m MODULE args…`: the module, run as `__main__`.
    Module,
}

/// How the arguments of an entry point are checked (`crate::forms`,
/// `crate::frozen`, `crate::module`).
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
    /// loky's tracker: `main(N, VERBOSE)`, VERBOSE a bool or an int.
    LokyTracker,
    /// loky's Windows worker: `main(pipe_handle=N, parent_pid=N)` then
    /// `--multiprocessing-fork`.
    LokyWindowsWorker,
    /// `SPAWN_FLAG tracker_fd=N pipe_handle=N` (or `parent_pid=N`).
    FrozenSpawn,
    /// loky's frozen Windows worker: `--multiprocessing-fork N`.
    FrozenHandle,
    /// loky's POSIX worker: `-m MODULE --process-name NAME --pipe N`.
    ModuleWorker,
}

/// One entry point of a family.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub family: Family,
    pub shape: Shape,
    /// The module and function the host calls (for [`Shape::Module`], the
    /// module run as `__main__`, and no function).
    pub module: &'static str,
    pub function: &'static str,
    /// `module.function`, for messages.
    pub path: &'static str,
    pub grammar: Grammar,
}

/// One entry; `$prefix` is the `-c` prefix (`code`), or `frozen` / `module`.
macro_rules! entry {
    ($family:ident, code $prefix:expr, $module:expr, $function:literal, $grammar:ident) => {
        Entry {
            family: Family::$family,
            shape: Shape::Code($prefix),
            module: $module,
            function: $function,
            path: concat!($module, ".", $function),
            grammar: Grammar::$grammar,
        }
    };
    ($family:ident, frozen, $module:expr, $function:literal, $grammar:ident) => {
        Entry {
            family: Family::$family,
            shape: Shape::Frozen,
            module: $module,
            function: $function,
            path: concat!($module, ".", $function),
            grammar: Grammar::$grammar,
        }
    };
    ($family:ident, module, $module:expr, $grammar:ident) => {
        Entry {
            family: Family::$family,
            shape: Shape::Module,
            module: $module,
            function: "",
            path: concat!("-m ", $module),
            grammar: Grammar::$grammar,
        }
    };
}

/// The standard library's entry points under package `$pkg`.
macro_rules! stdlib_layout {
    ($family:ident, $pkg:literal) => {
        [
            entry!($family, code concat!("from ", $pkg, ".spawn import spawn_main; spawn_main("),
                concat!($pkg, ".spawn"), "spawn_main", Spawn),
            entry!($family, code concat!("from ", $pkg, ".resource_tracker import main;main("),
                concat!($pkg, ".resource_tracker"), "main", ResourceTracker),
            entry!($family, code concat!("from ", $pkg, ".forkserver import main; main("),
                concat!($pkg, ".forkserver"), "main", Forkserver),
            entry!($family, code concat!("import sys; from ", $pkg, ".forkserver import main; main("),
                concat!($pkg, ".forkserver"), "main", ForkserverImportSys),
            entry!($family, frozen, concat!($pkg, ".spawn"), "spawn_main", FrozenSpawn),
        ]
    };
}

/// loky's entry points under package `$pkg` (`loky` or joblib's copy).
macro_rules! loky_layout {
    ($family:ident, $pkg:literal) => {
        [
            entry!($family, code concat!("from ", $pkg, ".backend.resource_tracker import main; main("),
                concat!($pkg, ".backend.resource_tracker"), "main", LokyTracker),
            entry!($family, code concat!("from ", $pkg, ".backend.popen_loky_win32 import main; main("),
                concat!($pkg, ".backend.popen_loky_win32"), "main", LokyWindowsWorker),
            entry!($family, frozen, concat!($pkg, ".backend.popen_loky_win32"), "main", FrozenHandle),
            entry!($family, module, concat!($pkg, ".backend.popen_loky_posix"), ModuleWorker),
        ]
    };
}

/// Every entry point of every family, in the families' order: where two
/// families write the same line (the frozen spawn line of
/// `multiprocessing` and `multiprocess`; loky's and joblib's frozen Windows
/// worker), the first is what the line alone says, and the parent's mark
/// tells the rest ([`crate::ChildCommand::in_family`]).
pub(crate) static ENTRIES: &[&[Entry]] = &[
    &stdlib_layout!(Multiprocessing, "multiprocessing"),
    &stdlib_layout!(Multiprocess, "multiprocess"),
    &[
        entry!(Billiard, code "from billiard.spawn import spawn_main; spawn_main(",
            "billiard.spawn", "spawn_main", Spawn),
        entry!(Billiard, code "from billiard.semaphore_tracker import main;main(",
            "billiard.semaphore_tracker", "main", ResourceTracker),
        entry!(Billiard, code "from billiard.forkserver import main; main(",
            "billiard.forkserver", "main", Forkserver),
        entry!(
            Billiard,
            frozen,
            "billiard.spawn",
            "spawn_main",
            FrozenSpawn
        ),
    ],
    &loky_layout!(Loky, "loky"),
    &loky_layout!(Joblib, "joblib.externals.loky"),
];

/// Every entry, in order.
pub(crate) fn entries() -> impl Iterator<Item = &'static Entry> {
    ENTRIES.iter().flat_map(|e| e.iter())
}

/// The family whose frozen spawn flag `arg` is (the first, when several
/// share it).
pub(crate) fn by_spawn_flag(arg: &std::ffi::OsStr) -> Option<Family> {
    Family::ALL.iter().copied().find(|f| arg == f.spawn_flag())
}

/// The entry of `family` with `grammar`, if it has one.
pub(crate) fn entry_of(family: Family, grammar: Grammar) -> Option<&'static Entry> {
    entries().find(|e| e.family == family && e.grammar == grammar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_entries_under_its_package() {
        for family in Family::ALL {
            let mine: Vec<_> = entries().filter(|e| e.family == *family).collect();
            assert!(!mine.is_empty(), "{family}");
            for e in mine {
                assert!(
                    e.module.starts_with(&format!("{}.", family.package())),
                    "{e:?}"
                );
                if let Shape::Code(prefix) = e.shape {
                    assert!(prefix.contains(e.module) && prefix.ends_with('('), "{e:?}");
                }
            }
        }
    }

    #[test]
    fn code_prefixes_are_unambiguous() {
        let prefixes: Vec<&str> = entries()
            .filter_map(|e| match e.shape {
                Shape::Code(p) => Some(p),
                _ => None,
            })
            .collect();
        for (i, a) in prefixes.iter().enumerate() {
            for b in &prefixes[i + 1..] {
                assert!(!a.starts_with(b) && !b.starts_with(a), "{a} / {b}");
            }
        }
    }
}
