//! The bootstrap as one fixed program with the config as data: what an
//! embedding host runs instead of compiling a rendered bootstrap.
//!
//! Compiling a rendered bootstrap costs a process about 5 million
//! instructions (half a millisecond here), more than everything else the
//! host adds to `python` together, and every spawn worker pays it again.
//! The engine is the same bootstrap with each setting a parameter of one
//! function: its text is the same for every config, so a host compiles it
//! once, when it is built, for the CPython it links (`mpconfig-shim`
//! marshals it in its build script and checks the magic number at run
//! time), and passes the settings ([`Settings`]) as Python objects.
//!
//! Everything but the settings is the rendered bootstrap's own text: the
//! provenance wrapper, `mark_children`, `find_python`, the removal of stale
//! finders, the `startup` imports and the on-import protocol come from the
//! same emitters and fragments. The code not every process needs — the
//! provenance wrapper (the first exec of a child) and `find_python`
//! (`executable = "python"`) — is compiled apart ([`parts`]) and loaded
//! when it is needed. The settings part (`py/engine_settings.py`) is the data
//! form of what [`render`](super::render) writes as code for one config;
//! `config-core/tests/bootstrap_engine.rs` runs both for every kind of
//! setting on every CPython and compares what they did.
//!
//! ```
//! use mpconfig_core::bootstrap::engine;
//! use mpconfig_core::MultiprocessingConfig;
//!
//! let parts = engine::parts();
//! assert_eq!(parts[0].name, "engine");
//! assert!(parts[0].source.contains(&format!("def {}(", engine::FUNCTION)));
//! let mp = MultiprocessingConfig::default();
//! let settings = engine::settings(&mp);
//! assert_eq!(settings.start_method, "auto");
//! assert_eq!(settings.executable_kind, "host");
//! assert_eq!(settings.packages, ["multiprocessing", "multiprocess", "billiard"]);
//! ```

use std::path::Path;

use super::Source;
use super::fixed::{FIND_PYTHON, on_import, stale_drop, startup_now};
use super::provenance::{self, Code};
use crate::model::{Apply, Executable, MultiprocessingConfig};

/// The function the engine's source defines. Its parameters, in order:
/// the [`Settings`] fields (`start_method`, `sys_frozen`,
/// `executable_kind`, `executable`, `forkserver_preload`,
/// `forkserver_preload_on_error`, `packages`, `startup`), then `load`: a function that, given the name of one of the
/// other [`parts`], returns its code object (compiled with the part's
/// file name). The engine asks for `provenance` when the first child is
/// exec'd and for `find_python` when `executable = "python"` applies.
pub const FUNCTION: &str = "_mpconfig_engine";

/// A piece of the engine compiled on its own: the engine itself, and the
/// code it loads only when needed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Part {
    /// What the engine asks `load` for (`"engine"` for the engine).
    pub name: &'static str,
    /// The file name to compile it with (tracebacks show it).
    pub file: &'static str,
    /// Its source: a module that defines names and runs nothing else.
    pub source: String,
}

/// The engine ([`FUNCTION`], first) and the parts it loads: `provenance`
/// (defines `marking(fork_exec)`; reads the globals `sys`,
/// `family_packages`, `settings_packages`, `spawn_flags`) and `find_python`
/// (defines `find_python()`; reads the global `sys`).
pub fn parts() -> Vec<Part> {
    vec![
        Part {
            name: "engine",
            file: "<mpconfig bootstrap>",
            source: source(),
        },
        Part {
            name: "provenance",
            file: provenance::PROVENANCE_FILE,
            source: provenance::PROVENANCE.to_owned(),
        },
        Part {
            name: "find_python",
            file: "<mpconfig find_python>",
            source: FIND_PYTHON.to_owned(),
        },
    ]
}

/// One config's settings, as the engine takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings<'a> {
    /// `start_method`: `"auto"`, `"none"`, `"fork"`, `"forkserver"` or
    /// `"spawn"` (`auto` is resolved where the engine runs).
    pub start_method: &'static str,
    /// `sys_frozen`.
    pub sys_frozen: bool,
    /// `"host"`, `"python"` or `"path"`.
    pub executable_kind: &'static str,
    /// The file, when `executable_kind` is `"path"` (else Python's `None`).
    pub executable: Option<&'a Path>,
    /// `forkserver_preload`.
    pub forkserver_preload: &'a [String],
    /// `forkserver_preload_on_error`: `"ignore"`, `"warn"` or `"fail"`.
    pub forkserver_preload_on_error: &'static str,
    /// The packages that take the settings (the families that are on and
    /// have multiprocessing's API), as a rendered bootstrap's `packages`.
    pub packages: Vec<&'static str>,
    /// `apply = "startup"`.
    pub startup: bool,
}

/// The engine's arguments for `mp`.
pub fn settings(mp: &MultiprocessingConfig) -> Settings<'_> {
    // Every setting, by name, as in `render`: a new `[multiprocessing]` key
    // does not compile until the engine says what it does too.
    let MultiprocessingConfig {
        start_method,
        auto_dispatch: _,
        sys_frozen,
        executable,
        forkserver_preload,
        forkserver_preload_on_error,
        apply,
        families,
    } = mp;
    let (executable_kind, executable) = match executable {
        Executable::Host => ("host", None),
        Executable::Python => ("python", None),
        Executable::Path(path) => ("path", Some(path.as_path())),
    };
    Settings {
        start_method: start_method.as_str(),
        sys_frozen: *sys_frozen,
        executable_kind,
        executable,
        forkserver_preload,
        forkserver_preload_on_error: forkserver_preload_on_error.as_str(),
        packages: super::settings_packages(families).collect(),
        startup: *apply == Apply::Startup,
    }
}

/// The engine's source: a module that defines [`FUNCTION`] and runs
/// nothing. The same text for every config.
fn source() -> String {
    const SETTINGS: &str = include_str!("py/engine_settings.py");
    let mut out = Source::default();
    out.block(
        0,
        &format!(
            "# mpconfig bootstrap engine: the bootstrap for any [multiprocessing] table,
            # its settings given as arguments (mpconfig_core::bootstrap::engine).
            # Compiled once, when the embedding host is built; do not edit.


            def {FUNCTION}(start_method, sys_frozen, executable_kind, executable,
                                 forkserver_preload, forkserver_preload_on_error,
                                 packages, startup, load):
                import sys"
        ),
    );
    for line in SETTINGS.lines() {
        out.line(1, line);
    }
    provenance::provenance(&mut out, Code::Given);
    out.block(
        1,
        "# What runs right after which module first runs: the settings apply to each
        # package, the executable to its spawn module, children are marked.
        hooks = {name: apply for name in packages}
        if executable_kind != 'host' or sys.platform == 'win32':
            hooks.update((name + '.spawn', apply_executable) for name in packages)
        if sys.platform != 'win32':
            hooks['_posixsubprocess'] = mark_children
            if forkserver_preload:
                hooks.update((name + '.forkserver', apply_preload) for name in packages)",
    );
    stale_drop(&mut out);
    out.line(1, "if startup:");
    startup_now(&mut out, 2);
    on_import(&mut out);
    out.text
}
