//! [`ChildCommand`]: a recognised child command line, as typed data.

use std::ffi::{OsStr, OsString};
use std::fmt;

use crate::family::{Entry, Family, Shape, entry_of};
use crate::flags::InterpreterFlags;
use crate::literal::PyLiteral;

/// What the child process is.
///
/// ```
/// use mpconfig_shim::{ChildKind, CommandForm};
///
/// assert_eq!(CommandForm::ForkserverSysArgvTrailing.kind(), ChildKind::Forkserver);
/// assert_eq!(CommandForm::LokyWorkerPosix.kind(), ChildKind::ModuleWorker);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChildKind {
    /// A spawn worker started with `sys.frozen` set (`--multiprocessing-fork …`).
    SpawnFrozen,
    /// A spawn worker started with `-c '… spawn_main(…)' --multiprocessing-fork`.
    SpawnUnfrozen,
    /// A resource tracker (billiard's semaphore tracker, loky's tracker).
    ResourceTracker,
    /// A fork server.
    Forkserver,
    /// A worker started as `python -m MODULE …` (loky's POSIX workers):
    /// the module runs as `__main__`, the current directory first on
    /// `sys.path`.
    ModuleWorker,
}

/// Defines [`CommandForm`] from one row per form: its variant, its stable
/// name (fixtures, docs), the kind of child, a description and which
/// CPython writes it.
macro_rules! command_forms {
    ($(
        $(#[$doc:meta])*
        $variant:ident => $name:literal, $kind:ident, $description:literal, $versions:literal;
    )*) => {
        /// The exact command-line form, which also tells the CPython versions that
        /// write it.
        ///
        /// ```
        /// use mpconfig_shim::{ChildKind, CommandForm};
        ///
        /// assert_eq!(CommandForm::SpawnFrozenWindows.kind(), ChildKind::SpawnFrozen);
        /// assert_eq!(CommandForm::ResourceTracker.description(), "resource tracker");
        /// assert_eq!(CommandForm::ForkserverKwargs.name(), "forkserver_kwargs");
        /// assert_eq!(CommandForm::ALL.len(), 12);
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommandForm {
            $($(#[$doc])* $variant,)*
        }

        impl CommandForm {
            /// Every form.
            pub const ALL: &'static [CommandForm] = &[$(CommandForm::$variant),*];

            /// A stable snake-case name (the fixtures' and the docs').
            pub fn name(self) -> &'static str {
                match self {
                    $(CommandForm::$variant => $name,)*
                }
            }

            /// The kind of child this form starts.
            pub fn kind(self) -> ChildKind {
                match self {
                    $(CommandForm::$variant => ChildKind::$kind,)*
                }
            }

            /// A short human-readable name, e.g. for logs.
            pub fn description(self) -> &'static str {
                match self {
                    $(CommandForm::$variant => $description,)*
                }
            }

            /// Which CPython versions write it.
            pub fn versions(self) -> &'static str {
                match self {
                    $(CommandForm::$variant => $versions,)*
                }
            }
        }
    };
}

command_forms! {
    /// `--multiprocessing-fork tracker_fd=N pipe_handle=N` (POSIX, frozen;
    /// `--billiard-fork` for billiard).
    SpawnFrozenPosix => "spawn_frozen_posix", SpawnFrozen,
        "frozen spawn worker (POSIX)", "3.8+ with sys.frozen";
    /// `--multiprocessing-fork parent_pid=N pipe_handle=N` (Windows, frozen).
    SpawnFrozenWindows => "spawn_frozen_windows", SpawnFrozen,
        "frozen spawn worker (Windows)", "3.8+ with sys.frozen";
    /// `FLAGS -c 'from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=N, pipe_handle=N)' --multiprocessing-fork`.
    SpawnPosix => "spawn_posix", SpawnUnfrozen,
        "spawn worker (POSIX)", "3.8+";
    /// `FLAGS -c 'from multiprocessing.spawn import spawn_main; spawn_main(parent_pid=N, pipe_handle=N)' --multiprocessing-fork`.
    SpawnWindows => "spawn_windows", SpawnUnfrozen,
        "spawn worker (Windows)", "3.8+";
    /// `FLAGS -c 'from multiprocessing.resource_tracker import main;main(N)'`
    /// (billiard: `billiard.semaphore_tracker`).
    ResourceTracker => "resource_tracker", ResourceTracker,
        "resource tracker", "3.8+";
    /// `FLAGS -c 'from multiprocessing.forkserver import main; main(N, N, [...], **{...})'`
    /// without `sys_argv`: CPython 3.8 – 3.13.11 and 3.14.0 – 3.14.2.
    ForkserverKwargs => "forkserver_kwargs", Forkserver,
        "fork server", "3.8 – 3.13.11, 3.14.0 – 3.14.2";
    /// As [`CommandForm::ForkserverKwargs`] with a `'sys_argv'` list in the
    /// dict: CPython 3.13.12 and 3.14.3.
    ForkserverSysArgvInKwargs => "forkserver_sys_argv_in_kwargs", Forkserver,
        "fork server (sys_argv in kwargs, 3.13.12/3.14.3)", "3.13.12, 3.14.3";
    /// `FLAGS -c 'import sys; from multiprocessing.forkserver import main; main(N, N, [...], sys_argv=sys.argv[1:], **{...})' PARENT_ARGV...`:
    /// CPython 3.13.13+ and 3.14.4+.
    ForkserverSysArgvTrailing => "forkserver_sys_argv_trailing", Forkserver,
        "fork server (parent argv after -c, 3.13.13+/3.14.4+)", "3.13.13+, 3.14.4+";
    /// `-m loky.backend.popen_loky_posix --process-name NAME --pipe N`
    /// (no options; `joblib.externals.loky.backend…` for joblib).
    LokyWorkerPosix => "loky_worker_posix", ModuleWorker,
        "loky worker (POSIX)", "loky 3, joblib 1";
    /// `FLAGS -c 'from loky.backend.popen_loky_win32 import main; main(pipe_handle=N, parent_pid=N)' --multiprocessing-fork`.
    LokyWorkerWindows => "loky_worker_windows", SpawnUnfrozen,
        "loky worker (Windows)", "loky 3, joblib 1";
    /// `--multiprocessing-fork N`, a bare handle (loky on Windows, frozen).
    LokyWorkerFrozenWindows => "loky_worker_frozen_windows", SpawnFrozen,
        "frozen loky worker (Windows)", "loky 3, joblib 1 with sys.frozen";
    /// `FLAGS -c 'from loky.backend.resource_tracker import main; main(N, VERBOSE)'`,
    /// VERBOSE `False`, `True` or an int.
    LokyResourceTracker => "loky_resource_tracker", ResourceTracker,
        "loky resource tracker", "loky 3, joblib 1";
}

impl ChildKind {
    /// A short human-readable name.
    ///
    /// ```
    /// assert_eq!(mpconfig_shim::ChildKind::Forkserver.description(), "fork server");
    /// ```
    pub fn description(self) -> &'static str {
        match self {
            ChildKind::SpawnFrozen => "frozen spawn worker",
            ChildKind::SpawnUnfrozen => "spawn worker",
            ChildKind::ResourceTracker => "resource tracker",
            ChildKind::Forkserver => "fork server",
            ChildKind::ModuleWorker => "worker run as a module",
        }
    }
}

/// A recognised child command line: which entry point to call, with which
/// typed arguments, under which interpreter options.
///
/// A host that is not pyo3-based (a PyOxidizer-style launcher, a C-API
/// host) uses these accessors to start the interpreter and make the call
/// with its own API. Written out as the steps such a host takes:
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{classify, ChildCommand, Classification, PyLiteral};
///
/// fn plan(cmd: &ChildCommand) -> Vec<String> {
///     let mut steps = vec![format!(
///         "PyConfig: argv {:?}, options {:?}",
///         cmd.python_sys_argv(),
///         cmd.flags().to_args()
///     )];
///     steps.push(format!("import {}", cmd.module()));
///     // Convert each PyLiteral to an object with the host's API; here, text.
///     let mut args: Vec<String> = cmd.positional().iter().map(PyLiteral::to_string).collect();
///     if let Some(parent_argv) = cmd.parent_argv() {
///         args.push(format!("sys_argv={parent_argv:?}"));
///     }
///     args.extend(cmd.keywords().iter().map(|(k, v)| format!("{k}={v}")));
///     steps.push(format!("call {}({})", cmd.function(), args.join(", ")));
///     steps
/// }
///
/// let argv: Vec<OsString> = ["app", "-B", "-c",
///     "from multiprocessing.forkserver import main; main(5, 6, ['__main__'], **{'sys_path': ['/srv'], 'main_path': '/srv/app.py'})"]
///     .iter().map(OsString::from).collect();
/// let Classification::Child(cmd) = classify(&argv) else { panic!() };
/// assert_eq!(plan(&cmd), [
///     "PyConfig: argv [\"-c\"], options [\"-B\"]",
///     "import multiprocessing.forkserver",
///     "call main(5, 6, ['__main__'], sys_path=['/srv'], main_path='/srv/app.py')",
/// ]);
/// ```
///
/// The summary below says the same in Python terms.
///
/// A host that is not pyo3-based dispatches on it like this (in Python
/// terms): set `sys.argv` to [`ChildCommand::python_sys_argv`], apply
/// [`ChildCommand::flags`] to the interpreter configuration, import
/// [`ChildCommand::module`], and call [`ChildCommand::function`] with
/// [`ChildCommand::positional`] as positional arguments and
/// [`ChildCommand::keywords`] as keyword arguments — plus, when
/// [`ChildCommand::parent_argv`] is `Some`, the keyword `sys_argv` bound to
/// that list (decoded as CPython decodes `sys.argv`).
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{classify, Classification, CommandForm, PyLiteral};
///
/// let argv: Vec<OsString> = ["app", "--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"]
///     .iter().map(OsString::from).collect();
/// let Classification::Child(cmd) = classify(&argv) else { panic!() };
/// assert_eq!(cmd.form(), CommandForm::SpawnFrozenPosix);
/// assert_eq!(cmd.module(), "multiprocessing.spawn");
/// assert_eq!(cmd.function(), "spawn_main");
/// assert!(cmd.positional().is_empty());
/// assert_eq!(cmd.keyword("pipe_handle"), Some(&PyLiteral::Int(7)));
/// assert_eq!(cmd.python_sys_argv(), &argv[..]);
/// assert_eq!(
///     cmd.to_string(),
///     "multiprocessing.spawn.spawn_main(tracker_fd=5, pipe_handle=7)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildCommand {
    pub(crate) form: CommandForm,
    pub(crate) entry: &'static Entry,
    pub(crate) flags: InterpreterFlags,
    pub(crate) positional: Vec<PyLiteral>,
    pub(crate) keywords: Vec<(String, PyLiteral)>,
    pub(crate) parent_argv: Option<Vec<OsString>>,
    pub(crate) python_sys_argv: Vec<OsString>,
    pub(crate) code: Option<String>,
}

impl ChildCommand {
    /// The exact form recognised.
    pub fn form(&self) -> CommandForm {
        self.form
    }

    /// The kind of child.
    pub fn kind(&self) -> ChildKind {
        self.form.kind()
    }

    /// The library whose command line it is. Where two families write
    /// the same line, the first in [`Family::ALL`]'s order, until
    /// [`ChildCommand::in_family`] says otherwise.
    pub fn family(&self) -> Family {
        self.entry.family
    }

    /// Module of the entry point, e.g. `"multiprocessing.forkserver"`. For
    /// a [`ChildKind::ModuleWorker`] it is `runpy`, whose
    /// `_run_module_as_main(MODULE, True)` is what `python -m MODULE` runs
    /// ([`ChildCommand::positional`] holds `MODULE`).
    pub fn module(&self) -> &'static str {
        match self.entry.shape {
            Shape::Module => "runpy",
            _ => self.entry.module,
        }
    }

    /// Name of the entry point in [`ChildCommand::module`], e.g. `"main"`.
    pub fn function(&self) -> &'static str {
        match self.entry.shape {
            Shape::Module => "_run_module_as_main",
            _ => self.entry.function,
        }
    }

    /// The same command line read as `family`'s, when `family` writes
    /// exactly this line too: the frozen spawn line of `multiprocessing`
    /// and `multiprocess` (`--multiprocessing-fork tracker_fd=N
    /// pipe_handle=N`), the frozen Windows worker of loky and joblib's copy
    /// of it. The line alone cannot tell them apart; the parent's
    /// provenance mark names the package that started the child
    /// ([`Provenance::Meant`](crate::Provenance::Meant)). `None` when
    /// `family` does not write this line.
    ///
    /// ```
    /// use std::ffi::OsString;
    /// use mpconfig_shim::{classify, Classification, Family};
    ///
    /// let argv: Vec<OsString> = ["app", "--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"]
    ///     .iter().map(OsString::from).collect();
    /// let Classification::Child(cmd) = classify(&argv) else { panic!() };
    /// assert_eq!(cmd.family(), Family::Multiprocessing);
    /// let cmd = cmd.in_family(Family::Multiprocess).unwrap();
    /// assert_eq!(cmd.module(), "multiprocess.spawn");
    /// assert!(cmd.in_family(Family::Billiard).is_none());
    /// ```
    pub fn in_family(&self, family: Family) -> Option<ChildCommand> {
        if family == self.entry.family {
            return Some(self.clone());
        }
        let entry = entry_of(family, self.entry.grammar)?;
        let shared = entry.shape == Shape::Frozen
            && self.entry.shape == Shape::Frozen
            && family.spawn_flag() == self.entry.family.spawn_flag();
        shared.then(|| ChildCommand {
            entry,
            ..self.clone()
        })
    }

    /// Interpreter options that preceded `-c` (empty for frozen spawn).
    pub fn flags(&self) -> &InterpreterFlags {
        &self.flags
    }

    /// Positional arguments of the call, in order.
    pub fn positional(&self) -> &[PyLiteral] {
        &self.positional
    }

    /// Keyword arguments of the call, in command-line order (for the fork
    /// server, the entries of its `**{...}` dict).
    pub fn keywords(&self) -> &[(String, PyLiteral)] {
        &self.keywords
    }

    /// One keyword argument by name.
    pub fn keyword(&self, name: &str) -> Option<&PyLiteral> {
        self.keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// For [`CommandForm::ForkserverSysArgvTrailing`]: the parent's
    /// `sys.argv`, which CPython appends after the `-c` string and which
    /// the entry point receives as `sys_argv=sys.argv[1:]`. Raw OS
    /// strings: they may be any bytes the parent had in its argv.
    pub fn parent_argv(&self) -> Option<&[OsString]> {
        self.parent_argv.as_deref()
    }

    /// What `sys.argv` is in a real CPython child for this command line:
    /// `['-c', *args_after_code]` for the `-c` forms, the whole argv for
    /// frozen spawn (whose `spawn_main` checks `sys.argv[1]`).
    pub fn python_sys_argv(&self) -> &[OsString] {
        &self.python_sys_argv
    }

    /// The `-c` string as given (`None` for frozen spawn). Informational
    /// only: never execute it.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
}

/// Renders the call as Python-like text for logs (never meant to be run).
impl fmt::Display for ChildCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}(", self.module(), self.function())?;
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| {
            let s = if first { "" } else { ", " };
            first = false;
            f.write_str(s)
        };
        for arg in &self.positional {
            sep(f)?;
            write!(f, "{arg}")?;
        }
        if let Some(argv) = &self.parent_argv {
            sep(f)?;
            write!(f, "sys_argv=[")?;
            for (i, a) in argv.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{:?}", OsStr::new(a))?;
            }
            f.write_str("]")?;
        }
        for (name, value) in &self.keywords {
            sep(f)?;
            write!(f, "{name}={value}")?;
        }
        f.write_str(")")
    }
}
