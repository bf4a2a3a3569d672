//! Running multiprocessing's children inside an embedding host.
//!
//! A host calls [`dispatch`] first thing in `main`, before it parses its own
//! command line. When the process is a multiprocessing child (a spawn worker,
//! the fork server, the resource tracker), `dispatch` starts the interpreter
//! through the host's [`Host`] implementation, applies the bootstrap made from
//! the [`MultiprocessingConfig`], calls the child's entry point with the typed
//! arguments [`classify`](crate::classify) read, finalises the interpreter and
//! returns the exit status. Otherwise the host runs its own `main`.
//!
//! [`Host`] is what the shim needs from an embedded CPython: four operations
//! a pyo3 program, a PyOxidizer-style launcher or any C-API host can provide.
//! The `pyo3` feature brings an implementation, `Pyo3Host`.
//!
//! ```
//! use std::ffi::OsString;
//! use mpconfig_core::MultiprocessingConfig;
//! use mpconfig_shim::{ChildCommand, ChildKind};
//! use mpconfig_shim::host::{dispatch, Dispatch, Host, HostError, InterpreterSettings};
//!
//! /// A stand-in host that records what the shim asks of it.
//! #[derive(Default)]
//! struct Recorder { calls: Vec<String> }
//!
//! impl Host for Recorder {
//!     fn initialize(&mut self, s: &InterpreterSettings<'_>) -> Result<(), HostError> {
//!         self.calls.push(format!("initialize argv={:?} sys.path[0]={:?}", s.argv, s.sys_path_0));
//!         Ok(())
//!     }
//!     fn run_bootstrap(&mut self, source: &str) -> Result<(), HostError> {
//!         self.calls.push(format!("bootstrap sets sys.frozen: {}", source.contains("sys.frozen = True")));
//!         Ok(())
//!     }
//!     fn call_child(&mut self, child: &ChildCommand) -> i32 {
//!         self.calls.push(format!("call {child}"));
//!         0
//!     }
//!     fn finalize(&mut self, status: i32) -> i32 {
//!         self.calls.push("finalize".into());
//!         status
//!     }
//! }
//!
//! let argv: Vec<OsString> = ["app", "-c", "from multiprocessing.resource_tracker import main;main(9)"]
//!     .iter().map(OsString::from).collect();
//! let mut host = Recorder::default();
//! let outcome = dispatch(&mut host, &argv, &MultiprocessingConfig::default());
//! assert_eq!(outcome, Dispatch::Exit(0));
//! assert_eq!(host.calls, [
//!     "initialize argv=[\"-c\"] sys.path[0]=Some(\"\")",
//!     "bootstrap sets sys.frozen: true",
//!     "call multiprocessing.resource_tracker.main(9)",
//!     "finalize",
//! ]);
//!
//! // An ordinary command line is the host's own business.
//! let argv: Vec<OsString> = ["app", "serve", "--port", "8080"].iter().map(OsString::from).collect();
//! assert_eq!(dispatch(&mut Recorder::default(), &argv, &MultiprocessingConfig::default()), Dispatch::NotAChild);
//! ```
//!
//! # How a child learns the parent's settings
//!
//! A child must run with the parent's `[multiprocessing]` settings
//! (`sys.frozen`, the executable for nested pools, the default start method).
//! A host either reads its own config again in the child (it knows where its
//! config lives), or has the parent export the settings in the environment
//! variable [`CONFIG_ENV`] (JSON, see [`config_env_value`]) and reads them back
//! in the child with [`inherited_config`]. Children inherit the environment
//! from their parent, just as they inherit the pipe their work arrives on.
//!
//! The `[interpreter]` settings travel the same way, in [`INTERPRETER_ENV`]
//! ([`inherited_interpreter`]): a `sys.frozen` spawn worker's command line
//! carries no interpreter options, so it learns `-I`/`-S` from there (see
//! [`with_interpreter_config`]).

mod env_json;
mod interpreter;
#[cfg(feature = "pyo3")]
mod lazy_bootstrap;
#[cfg(feature = "pyo3")]
mod pyo3_host;

pub use interpreter::{
    INTERPRETER_ENV, inherited_interpreter, interpreter_env_value, parse_interpreter_env,
    with_interpreter_config,
};

#[cfg(feature = "pyo3")]
pub use pyo3_host::Pyo3Host;

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use mpconfig_core::MultiprocessingConfig;
use mpconfig_core::bootstrap::{BootstrapOptions, render};

use crate::classify::{Classification, REJECTED_EXIT_STATUS, classify};
use crate::command::{ChildCommand, ChildKind};
use crate::flags::InterpreterFlags;

/// The environment variable through which a parent passes its
/// `[multiprocessing]` settings to its children (JSON of a
/// [`MultiprocessingConfig`]); see [`config_env_value`] and
/// [`inherited_config`].
pub const CONFIG_ENV: &str = "MPCONFIG_MULTIPROCESSING";

/// When set to a file path, every host process started through this crate
/// appends one line to that file: `pid ppid what` (`what` is `main`, a
/// [`CommandForm`](crate::CommandForm) name, `rejected` or `refused`). A
/// debugging aid: it shows how many times, and as what, the host binary was
/// re-executed — a relaunch loop shows at once.
pub const LOG_ENV: &str = "MPCONFIG_LOG";

/// How the interpreter must be set up for this process.
///
/// ```
/// use std::ffi::OsString;
/// use std::path::Path;
/// use mpconfig_shim::InterpreterFlags;
/// use mpconfig_shim::host::InterpreterSettings;
///
/// let argv = [OsString::from("app.py")];
/// let flags = InterpreterFlags::default();
/// let settings = InterpreterSettings::new(Path::new("/usr/bin/app"), &argv, &flags);
/// assert!(settings.install_signal_handlers);
/// assert_eq!(settings.sys_path_0, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InterpreterSettings<'a> {
    /// The host binary: `sys.executable` and the program name.
    pub executable: &'a Path,
    /// `sys.argv`, exactly (the interpreter must not parse it as options).
    pub argv: &'a [OsString],
    /// Interpreter options to apply (`-B`, `-O`, `-X …` of a child command line).
    pub flags: &'a InterpreterFlags,
    /// What to insert at the front of `sys.path`: `""` (the current
    /// directory) for a `-c` child, the script's directory for a script,
    /// nothing for a frozen spawn worker — as CPython does.
    pub sys_path_0: Option<&'a OsStr>,
    /// Install Python's signal handlers (SIGINT → `KeyboardInterrupt`, …).
    pub install_signal_handlers: bool,
}

impl<'a> InterpreterSettings<'a> {
    /// Settings with signal handlers on and nothing put on `sys.path`.
    pub fn new(executable: &'a Path, argv: &'a [OsString], flags: &'a InterpreterFlags) -> Self {
        InterpreterSettings {
            executable,
            argv,
            flags,
            sys_path_0: None,
            install_signal_handlers: true,
        }
    }

    /// Sets [`InterpreterSettings::sys_path_0`].
    pub fn sys_path_0(mut self, entry: Option<&'a OsStr>) -> Self {
        self.sys_path_0 = entry;
        self
    }
}

/// A host could not do what the shim asked (the interpreter did not start,
/// the bootstrap raised). The message is for stderr.
///
/// ```
/// use mpconfig_shim::host::HostError;
///
/// let e = HostError::new("Py_InitializeFromConfig: failed to get the Python codec");
/// assert_eq!(e.to_string(), "Py_InitializeFromConfig: failed to get the Python codec");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostError {
    message: String,
}

impl HostError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        HostError {
            message: message.into(),
        }
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HostError {}

/// What the shim needs from an embedded CPython. Implement it for any
/// embedding (pyo3, a PyOxidizer-style launcher, a C-API host); the `pyo3`
/// feature provides `Pyo3Host`.
///
/// The [module docs](self) show an implementation.
///
/// [`dispatch`] calls the methods in this order, once each per process:
/// [`initialize`](Host::initialize), [`run_bootstrap_for`](Host::run_bootstrap_for)
/// (which by default renders the bootstrap and calls
/// [`run_bootstrap`](Host::run_bootstrap)), [`call_child`](Host::call_child),
/// [`finalize`](Host::finalize). Nothing
/// passed to them ever comes from the command line as code: the bootstrap is
/// generated from the config, and the child is a fixed entry point with
/// parsed literal arguments.
pub trait Host {
    /// The host binary, which becomes `sys.executable`. Defaults to
    /// [`std::env::current_exe`].
    fn executable(&self) -> Result<PathBuf, HostError> {
        std::env::current_exe()
            .map_err(|e| HostError::new(format!("cannot find the host binary: {e}")))
    }

    /// Starts the interpreter as `settings` say: `sys.executable` and the
    /// program name set to [`InterpreterSettings::executable`], `sys.argv`
    /// exactly [`InterpreterSettings::argv`] (not parsed as options), the
    /// interpreter options applied, signal handlers installed.
    fn initialize(&mut self, settings: &InterpreterSettings<'_>) -> Result<(), HostError>;

    /// Runs Python source generated by the host (the bootstrap from
    /// `mpconfig_core::bootstrap::render`) in a fresh namespace. On an
    /// exception, prints it and returns an error.
    fn run_bootstrap(&mut self, source: &str) -> Result<(), HostError>;

    /// Makes the settings of `mp` take effect: by default runs
    /// [`bootstrap_source`]`(mp)` with [`run_bootstrap`](Host::run_bootstrap).
    /// A host may do the same more cheaply; `Pyo3Host`, with `apply =
    /// "on-import"`, sets `sys.frozen` and defers compiling the bootstrap
    /// until multiprocessing is first imported.
    fn run_bootstrap_for(&mut self, mp: &MultiprocessingConfig) -> Result<(), HostError> {
        self.run_bootstrap(&bootstrap_source(mp))
    }

    /// Imports [`ChildCommand::module`] and calls
    /// [`ChildCommand::function`] with [`ChildCommand::positional`],
    /// [`ChildCommand::keywords`] and, when
    /// [`ChildCommand::parent_argv`] is `Some`, `sys_argv=` that list.
    /// Returns the exit status: `SystemExit` mapped as CPython maps it
    /// (`None` → 0, an int → itself, anything else printed → 1), any other
    /// exception printed with its traceback → 1.
    fn call_child(&mut self, child: &ChildCommand) -> i32;

    /// Finalises the interpreter (`Py_FinalizeEx`: atexit handlers run,
    /// non-daemon processes are joined) and returns the exit status to use
    /// given `status`, the status so far.
    fn finalize(&mut self, status: i32) -> i32;
}

/// The answer of [`dispatch`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum Dispatch {
    /// Not a multiprocessing child: the host runs its own `main`.
    NotAChild,
    /// The process was a child (or a refused command line) and is done:
    /// exit with this status.
    Exit(i32),
}

impl Dispatch {
    /// The exit status, for [`Dispatch::Exit`].
    ///
    /// ```
    /// use mpconfig_shim::host::Dispatch;
    ///
    /// assert_eq!(Dispatch::Exit(3).exit_status(), Some(3));
    /// assert_eq!(Dispatch::NotAChild.exit_status(), None);
    /// ```
    pub fn exit_status(self) -> Option<i32> {
        match self {
            Dispatch::NotAChild => None,
            Dispatch::Exit(status) => Some(status),
        }
    }
}

/// Answers multiprocessing's child command lines. Call it first thing in
/// `main` with the whole argv, before parsing the host's own options.
///
/// * Not a child → [`Dispatch::NotAChild`]; nothing was touched.
/// * A command line that looks like a child but is not exactly one of the
///   forms CPython writes → the reason on stderr, [`Dispatch::Exit`]`(2)`,
///   nothing run, the interpreter never started.
/// * A child while `mp.auto_dispatch` is `false` → refused the same way:
///   this binary does not run multiprocessing children.
/// * A child → [`run_child`]: its exit status.
///
/// See the [module docs](self) for an example.
pub fn dispatch<H: Host + ?Sized>(
    host: &mut H,
    argv: &[OsString],
    mp: &MultiprocessingConfig,
) -> Dispatch {
    match classify(argv) {
        Classification::NotAChild => Dispatch::NotAChild,
        Classification::Rejected(reason) => {
            log_invocation("rejected");
            eprintln!(
                "{}: not a multiprocessing child command line; refusing to run it: {reason}",
                program_name(argv)
            );
            Dispatch::Exit(REJECTED_EXIT_STATUS)
        }
        Classification::Child(child) if !mp.auto_dispatch => {
            log_invocation("refused");
            eprintln!(
                "{}: refusing to run a multiprocessing child ({}): auto_dispatch is false in this host's config",
                program_name(argv),
                child.form().description()
            );
            Dispatch::Exit(REJECTED_EXIT_STATUS)
        }
        Classification::Child(child) => {
            log_invocation(&format!("{:?}", child.form()));
            Dispatch::Exit(run_child(host, &child, mp))
        }
    }
}

/// Runs one recognised child: initialise (argv = the child's
/// [`ChildCommand::python_sys_argv`], its interpreter options, `sys.path[0]`
/// as CPython would set it), run the bootstrap, call the entry point,
/// finalise. Returns the exit status. A host that classifies by itself
/// calls this with the [`ChildCommand`] it got; see the [module
/// docs](self) for a `Host` implementation.
///
/// ```no_run
/// use std::ffi::OsString;
/// use mpconfig_core::MultiprocessingConfig;
/// use mpconfig_shim::{classify, Classification};
/// # use mpconfig_shim::ChildCommand;
/// # use mpconfig_shim::host::{Host, HostError, InterpreterSettings};
/// # struct MyHost;
/// # impl Host for MyHost {
/// #     fn initialize(&mut self, _: &InterpreterSettings<'_>) -> Result<(), HostError> { Ok(()) }
/// #     fn run_bootstrap(&mut self, _: &str) -> Result<(), HostError> { Ok(()) }
/// #     fn call_child(&mut self, _: &ChildCommand) -> i32 { 0 }
/// #     fn finalize(&mut self, status: i32) -> i32 { status }
/// # }
/// use mpconfig_shim::host::run_child;
///
/// let argv: Vec<OsString> = std::env::args_os().collect();
/// if let Classification::Child(child) = classify(&argv) {
///     let status = run_child(&mut MyHost, &child, &MultiprocessingConfig::default());
///     std::process::exit(status);
/// }
/// ```
pub fn run_child<H: Host + ?Sized>(
    host: &mut H,
    child: &ChildCommand,
    mp: &MultiprocessingConfig,
) -> i32 {
    let executable = match host.executable() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("mpconfig: {e}");
            return 1;
        }
    };
    // `python -c …` puts the current directory ('') first on sys.path
    // unless -P / -I; a frozen spawn worker gets nothing (spawn_main then
    // installs the parent's sys.path).
    let sys_path_0 = match child.kind() {
        ChildKind::SpawnFrozen => None,
        _ if child.flags().safe_path() => None,
        _ => Some(OsStr::new("")),
    };
    let settings = InterpreterSettings::new(&executable, child.python_sys_argv(), child.flags())
        .sys_path_0(sys_path_0);
    if let Err(e) = host.initialize(&settings) {
        eprintln!("mpconfig: cannot start the Python interpreter: {e}");
        return 1;
    }
    let status = match host.run_bootstrap_for(mp) {
        Ok(()) => host.call_child(child),
        Err(e) => {
            eprintln!("mpconfig: the multiprocessing bootstrap failed: {e}");
            1
        }
    };
    host.finalize(status)
}

/// The bootstrap a host runs for `mp` (in the main process and in every
/// child): `mpconfig_core::bootstrap::render` with the host as origin.
///
/// ```
/// use mpconfig_core::{MultiprocessingConfig, StartMethod};
/// use mpconfig_shim::host::bootstrap_source;
///
/// let mp = MultiprocessingConfig { start_method: StartMethod::Spawn, ..Default::default() };
/// assert!(bootstrap_source(&mp).contains("method = 'spawn'"));
/// ```
pub fn bootstrap_source(mp: &MultiprocessingConfig) -> String {
    render(mp, &BootstrapOptions::new().origin("embedding host"))
}

/// The value for [`CONFIG_ENV`]: `mp` as JSON. Fails only for an
/// `executable` path that is not UTF-8.
///
/// ```
/// use mpconfig_core::{MultiprocessingConfig, StartMethod};
/// use mpconfig_shim::host::{config_env_value, parse_config_env};
///
/// let mp = MultiprocessingConfig { start_method: StartMethod::Forkserver, ..Default::default() };
/// let value = config_env_value(&mp).unwrap();
/// assert_eq!(parse_config_env(&value).unwrap(), mp);
/// ```
pub fn config_env_value(mp: &MultiprocessingConfig) -> Result<String, HostError> {
    env_json::export(mp, "multiprocessing")
}

/// Reads a [`CONFIG_ENV`] value back. Missing keys take their defaults.
///
/// ```
/// use mpconfig_core::StartMethod;
/// use mpconfig_shim::host::parse_config_env;
///
/// let mp = parse_config_env(r#"{"start_method": "spawn"}"#).unwrap();
/// assert_eq!(mp.start_method, StartMethod::Spawn);
/// assert!(mp.sys_frozen);
/// assert!(parse_config_env(r#"{"start_method": "threads"}"#).is_err());
/// ```
pub fn parse_config_env(value: &str) -> Result<MultiprocessingConfig, HostError> {
    env_json::parse(CONFIG_ENV, value)
}

/// The settings a parent exported in [`CONFIG_ENV`], if it did.
///
/// ```
/// // In a process whose parent exported nothing:
/// # // SAFETY: doctest, single-threaded.
/// # unsafe { std::env::remove_var(mpconfig_shim::host::CONFIG_ENV) };
/// assert_eq!(mpconfig_shim::host::inherited_config().unwrap(), None);
/// ```
pub fn inherited_config() -> Result<Option<MultiprocessingConfig>, HostError> {
    env_json::inherited(CONFIG_ENV)
}

/// Appends `pid ppid what` to the file named by [`LOG_ENV`], if set.
/// Errors are ignored: logging must never change what the host does.
///
/// ```
/// // Without MPCONFIG_LOG in the environment this does nothing.
/// mpconfig_shim::host::log_invocation("main");
/// ```
pub fn log_invocation(what: &str) {
    let Some(path) = std::env::var_os(LOG_ENV) else {
        return;
    };
    if path.is_empty() {
        return;
    }
    #[cfg(unix)]
    let ppid = std::os::unix::process::parent_id();
    #[cfg(not(unix))]
    let ppid = 0;
    let line = format!("{} {} {}\n", std::process::id(), ppid, what);
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        // One write of one short line: atomic with O_APPEND.
        let _ = file.write_all(line.as_bytes());
    }
}

fn program_name(argv: &[OsString]) -> String {
    argv.first()
        .map(Path::new)
        .and_then(Path::file_name)
        .map_or_else(|| "host".to_owned(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Fake {
        log: Vec<String>,
        fail_init: bool,
    }

    impl Host for Fake {
        fn executable(&self) -> Result<PathBuf, HostError> {
            Ok(PathBuf::from("/opt/app"))
        }
        fn initialize(&mut self, s: &InterpreterSettings<'_>) -> Result<(), HostError> {
            self.log.push(format!(
                "init {} {:?} {:?} {:?}",
                s.executable.display(),
                s.argv,
                s.flags.to_args(),
                s.sys_path_0
            ));
            if self.fail_init {
                Err(HostError::new("no"))
            } else {
                Ok(())
            }
        }
        fn run_bootstrap(&mut self, _: &str) -> Result<(), HostError> {
            self.log.push("boot".into());
            Ok(())
        }
        fn call_child(&mut self, child: &ChildCommand) -> i32 {
            self.log.push(format!("call {child}"));
            7
        }
        fn finalize(&mut self, status: i32) -> i32 {
            self.log.push("fin".into());
            status + 1
        }
    }

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn child_runs_in_order_with_its_flags() {
        let mut host = Fake::default();
        let argv = os(&[
            "app",
            "-P",
            "-c",
            "from multiprocessing.resource_tracker import main;main(4)",
        ]);
        let d = dispatch(&mut host, &argv, &MultiprocessingConfig::default());
        assert_eq!(d, Dispatch::Exit(8));
        assert_eq!(
            host.log,
            [
                "init /opt/app [\"-c\"] [\"-P\"] None",
                "boot",
                "call multiprocessing.resource_tracker.main(4)",
                "fin"
            ]
        );
    }

    #[test]
    fn frozen_spawn_keeps_argv_and_no_path() {
        let mut host = Fake::default();
        let argv = os(&[
            "app",
            "--multiprocessing-fork",
            "tracker_fd=3",
            "pipe_handle=5",
        ]);
        let _ = dispatch(&mut host, &argv, &MultiprocessingConfig::default());
        assert!(host.log[0].ends_with("[] None"), "{}", host.log[0]);
        assert!(host.log[0].contains("\"--multiprocessing-fork\""));
    }

    #[test]
    fn rejected_and_refused_run_nothing() {
        let mut host = Fake::default();
        let argv = os(&["app", "-c", "import os; os.system('id')"]);
        assert_eq!(
            dispatch(&mut host, &argv, &MultiprocessingConfig::default()),
            Dispatch::Exit(2)
        );
        let argv = os(&[
            "app",
            "-c",
            "from multiprocessing.resource_tracker import main;main(4)",
        ]);
        let off = MultiprocessingConfig {
            auto_dispatch: false,
            ..Default::default()
        };
        assert_eq!(dispatch(&mut host, &argv, &off), Dispatch::Exit(2));
        assert!(host.log.is_empty());
    }

    #[test]
    fn failed_start_skips_the_child() {
        let mut host = Fake {
            fail_init: true,
            ..Default::default()
        };
        let argv = os(&[
            "app",
            "-c",
            "from multiprocessing.resource_tracker import main;main(4)",
        ]);
        assert_eq!(
            dispatch(&mut host, &argv, &MultiprocessingConfig::default()),
            Dispatch::Exit(1)
        );
        assert_eq!(host.log.len(), 1);
    }

    #[test]
    fn config_env_round_trip() {
        let mp = MultiprocessingConfig {
            forkserver_preload: vec!["json".into()],
            ..Default::default()
        };
        let v = config_env_value(&mp).unwrap();
        assert_eq!(parse_config_env(&v).unwrap(), mp);
        assert!(parse_config_env("{").is_err());
        assert!(parse_config_env("{\"start_method\": \"spwan\"}").is_err());
    }
}
