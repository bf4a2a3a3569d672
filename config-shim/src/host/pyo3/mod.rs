//! [`Pyo3Host`]: the [`Host`] trait on pyo3, initialising CPython through
//! `PyConfig`.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use mpconfig_core::bootstrap::HOOKED_MODULES;
use mpconfig_core::{Apply, Bootstrap, InterpreterConfig, MultiprocessingConfig};
use pyo3::exceptions::{PyKeyboardInterrupt, PySystemExit};
use pyo3::ffi;
use pyo3::prelude::*;

use super::{
    CONFIG_ENV, Host, HostError, INTERPRETER_ENV, InterpreterSettings, config_env_value,
    interpreter_env_value, run_sequence, venv_for, with_interpreter_config,
};
use crate::command::ChildCommand;
use crate::flags::{CPythonVersion, InterpreterFlags};
use crate::say::say;

mod bootstrap;
mod call;
mod check;
mod environment;
mod inherited;
mod init;
mod main_file;
mod modules;
mod python_cli;
mod signals;

use bootstrap::{bootstrap_cstring, bootstrap_error, engine_args, exec_bootstrap, run_engine};
use call::{call_entry_point, system_exit_status};
use environment::{export, insert_sys_path_0};
use main_file::{exec_main_file, has_importer, run_importer_main, strip_os_error_suffix};
use modules::module;
use signals::{install_sigterm_handler, reraise_signal, terminating};

/// The exit status CPython uses when flushing the standard streams fails at
/// finalisation.
const FINALIZE_FAILED: i32 = 120;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    New,
    Running,
    Finalized,
}

/// A [`Host`] for pyo3 programs. It initialises CPython through `PyConfig`
/// (never pyo3's `auto-initialize`): `sys.executable` and the program name
/// are the host binary, `sys.argv` is exactly what it is given (not parsed
/// as interpreter options), Python's signal handlers are installed, and a
/// child's interpreter options (`-B -s -S -E -I -P -O -d -v -b -q -W -X`) go
/// into the matching `PyConfig` fields. It finalises the interpreter with
/// `Py_FinalizeEx`, so atexit handlers run, non-daemon processes are joined
/// and no semaphore leaks.
///
/// One `Pyo3Host` runs one interpreter, once per process: either a
/// multiprocessing child (through [`dispatch`](super::dispatch), or
/// [`Pyo3Host::dispatch_inherited`], which reads the settings the parent
/// exported) or the host's own program ([`Pyo3Host::run_script`],
/// [`Pyo3Host::run_main`]).
///
/// ```no_run
/// use std::ffi::OsString;
/// use mpconfig_core::MultiprocessingConfig;
/// use mpconfig_shim::host::{dispatch, Dispatch, Pyo3Host};
///
/// fn main() {
///     let argv: Vec<OsString> = std::env::args_os().collect();
///     let mp = MultiprocessingConfig::default(); // or the app's own config
///     // Children first: spawn workers, the fork server, the resource tracker.
///     if let Dispatch::Exit(status) = dispatch(&mut Pyo3Host::new(), &argv, &mp) {
///         std::process::exit(status);
///     }
///     // The app's own work.
///     let status = Pyo3Host::new().run_script(&mp, "app/main.py".as_ref(), &argv[1..]);
///     std::process::exit(status);
/// }
/// ```
///
/// POSIX only for now (the command-line text is handed to CPython as
/// bytes).
#[derive(Debug)]
pub struct Pyo3Host {
    executable: Option<PathBuf>,
    interpreter: InterpreterConfig,
    graceful_sigterm: bool,
    export_settings: bool,
    state: State,
    /// A signal to re-raise once the interpreter is finalised: SIGINT after
    /// an uncaught `KeyboardInterrupt` (as CPython does), SIGTERM after a
    /// graceful termination.
    reraise: Option<i32>,
}

impl Default for Pyo3Host {
    fn default() -> Self {
        Self::new()
    }
}

impl Pyo3Host {
    /// A host whose executable is [`std::env::current_exe`], with graceful
    /// SIGTERM handling on.
    pub fn new() -> Self {
        Pyo3Host {
            executable: None,
            interpreter: InterpreterConfig::default(),
            graceful_sigterm: true,
            export_settings: true,
            state: State::New,
            reraise: None,
        }
    }

    /// Uses `path` as `sys.executable` (what children re-execute) instead
    /// of the running binary.
    pub fn executable(mut self, path: impl Into<PathBuf>) -> Self {
        self.executable = Some(path.into());
        self
    }

    /// Starts the interpreter with these `[interpreter]` settings:
    /// `isolated` is `-I`, `site = false` is `-S`, on top of a child's own
    /// command-line options (see
    /// [`with_interpreter_config`](super::with_interpreter_config)). For
    /// the host's own program, and for the children it dispatches: pass
    /// what [`inherited_interpreter`](super::inherited_interpreter) returns
    /// there, as a `sys.frozen` spawn worker's command line carries no
    /// options.
    ///
    /// ```no_run
    /// use std::ffi::OsString;
    /// use mpconfig_core::{InterpreterConfig, MultiprocessingConfig};
    /// use mpconfig_shim::host::{dispatch, inherited_interpreter, Dispatch, Pyo3Host};
    ///
    /// let argv: Vec<OsString> = std::env::args_os().collect();
    /// let mp = MultiprocessingConfig::default();
    /// let inherited = inherited_interpreter().ok().flatten().unwrap_or_default();
    /// if let Dispatch::Exit(status) = dispatch(&mut Pyo3Host::new().interpreter(&inherited), &argv, &mp) {
    ///     std::process::exit(status);
    /// }
    /// let lean = InterpreterConfig { isolated: true, site: false, ..Default::default() };
    /// let status = Pyo3Host::new().interpreter(&lean).run_script(&mp, "app/main.py".as_ref(), &argv[1..]);
    /// std::process::exit(status);
    /// ```
    pub fn interpreter(mut self, config: &InterpreterConfig) -> Self {
        self.interpreter = config.clone();
        self
    }

    /// For [`Pyo3Host::run_main`] and [`Pyo3Host::run_script`]: what
    /// SIGTERM to the main process does. On (the default): while
    /// multiprocessing children of the process run (`Process` objects,
    /// pool and `ProcessPoolExecutor` workers, a manager's server, of
    /// multiprocessing, multiprocess or billiard), it raises
    /// `SystemExit(143)` in the main thread, so `with Pool(...)` blocks
    /// terminate their workers, non-daemon processes are joined and the
    /// interpreter finalises; then the process dies of SIGTERM, as the
    /// sender expects. That graceful phase is bounded: if the process has
    /// not ended 10 seconds after the signal, the children found running
    /// at the signal get SIGTERM and the process takes SIGTERM's default
    /// action. With no such child running, SIGTERM takes its default
    /// action at once, exactly as under `python` (no finalisers: the
    /// resource tracker and the fork server see the end and clean up, with
    /// `python`'s warnings). Children made by `os.fork()` (fork and `Pool`
    /// workers) get the default action back at once (an
    /// `os.register_at_fork` hook), so `Pool.terminate()` ends them as it
    /// would under `python`; a second SIGTERM to the main process takes the
    /// default action too. Off: SIGTERM kills the host at once, as it kills
    /// `python`, which can leave workers behind.
    pub fn graceful_sigterm(mut self, on: bool) -> Self {
        self.graceful_sigterm = on;
        self
    }

    /// The `[interpreter] python_cli` setting (the same as the config key;
    /// the later of this and [`Pyo3Host::interpreter`] wins): whether a
    /// start that is not a multiprocessing child the host answers runs as
    /// `python` would run it ([`Pyo3Host::run_python_cli`]) when given to
    /// [`dispatch`](super::dispatch), instead of being refused or left to
    /// the host's own `main`. For [`Pyo3Host::run_main`] and
    /// [`Pyo3Host::run_script`] it is exported to the children with the
    /// other `[interpreter]` settings, so that a program's
    /// `subprocess.run([sys.executable, ...])` runs `python`'s command
    /// line. Off by default. On, the binary is a general Python interpreter
    /// for whoever starts it so: see the README's security model.
    pub fn python_cli(mut self, on: bool) -> Self {
        self.interpreter.python_cli = on;
        self
    }

    /// For [`Pyo3Host::run_main`] and [`Pyo3Host::run_script`]: whether
    /// to export the settings in [`CONFIG_ENV`] and [`INTERPRETER_ENV`]
    /// (through `os.environ`, so every child inherits them and can read them
    /// back with [`inherited_config`](super::inherited_config) and
    /// [`inherited_interpreter`](super::inherited_interpreter)). On by
    /// default.
    pub fn export_settings(mut self, on: bool) -> Self {
        self.export_settings = on;
        self
    }

    /// Runs `f` as the host's main program: initialises the interpreter
    /// with `sys.argv = argv` (and `sys_path_0`, if given, first on
    /// `sys.path`), runs the bootstrap for `config`'s settings, exports
    /// them (see [`Pyo3Host::export_settings`]), calls `f`, finalises.
    /// `config` is the host's own config struct (`#[derive(Bootstrap)]`:
    /// its marked fields and its flattened table both apply) or a
    /// [`MultiprocessingConfig`].
    /// Returns the exit status: 0, or the `SystemExit` code, or 1 after an
    /// uncaught exception (traceback printed).
    ///
    /// ```no_run
    /// use std::ffi::OsString;
    /// use mpconfig_core::MultiprocessingConfig;
    /// use mpconfig_shim::host::Pyo3Host;
    /// use mpconfig_shim::pyo3::prelude::*;
    ///
    /// let argv = [OsString::from("app")];
    /// let status = Pyo3Host::new().run_main(&MultiprocessingConfig::default(), &argv, None, |py| {
    ///     let mp = py.import("multiprocessing")?;
    ///     let method: String = mp.call_method0("get_start_method")?.extract()?;
    ///     println!("start method: {method}");
    ///     Ok(())
    /// });
    /// std::process::exit(status);
    /// ```
    pub fn run_main<B, F>(
        &mut self,
        config: &B,
        argv: &[OsString],
        sys_path_0: Option<&OsStr>,
        f: F,
    ) -> i32
    where
        B: Bootstrap + ?Sized,
        F: for<'py> FnOnce(Python<'py>) -> PyResult<()>,
    {
        let mp = config.multiprocessing_config();
        let flags = InterpreterFlags::default();
        run_sequence(self, argv, &flags, sys_path_0, &mp, |host| {
            host.main_body(&mp, f)
        })
    }

    /// What [`Pyo3Host::run_main`] runs between the bootstrap and
    /// finalisation: export the settings, install the SIGTERM handler, call
    /// `f`; the exit status.
    fn main_body<F>(&mut self, mp: &MultiprocessingConfig, f: F) -> i32
    where
        F: for<'py> FnOnce(Python<'py>) -> PyResult<()>,
    {
        let exported = if self.export_settings {
            match self.exported_values(mp) {
                Ok(values) => Some(values),
                Err(e) => {
                    say(&format!("mpconfig: {e}"));
                    return 1;
                }
            }
        } else {
            None
        };
        Python::attach(|py| {
            let result = exported
                .map_or(Ok(()), |(mp, interpreter)| {
                    export(py, CONFIG_ENV, &mp)?;
                    export(py, INTERPRETER_ENV, &interpreter)
                })
                .and_then(|()| {
                    if self.graceful_sigterm {
                        install_sigterm_handler(py)
                    } else {
                        Ok(())
                    }
                })
                .and_then(|()| f(py));
            match result {
                Ok(()) => 0,
                Err(err) => self.exit_status(py, err),
            }
        })
    }

    /// The values of [`CONFIG_ENV`] and [`INTERPRETER_ENV`] for `mp` and
    /// this host's `[interpreter]` settings.
    fn exported_values(&self, mp: &MultiprocessingConfig) -> Result<(String, String), HostError> {
        Ok((
            config_env_value(mp)?,
            interpreter_env_value(&self.interpreter)?,
        ))
    }

    /// Runs a Python source file as `__main__` with `config`'s settings
    /// (as [`Pyo3Host::run_main`] takes them), the way `python SCRIPT
    /// ARGS…` does: `sys.argv = [SCRIPT, ARGS…]`; the script's directory
    /// (symlinks resolved) first on `sys.path` unless isolated or
    /// safe-path mode is on (`[interpreter] isolated`, `PYTHONSAFEPATH`);
    /// `__main__.__file__` the absolute path, `__spec__ = None`,
    /// `__cached__ = None`, `__loader__` a `SourceFileLoader`; the code
    /// compiled with the absolute path as its file name, so tracebacks look
    /// like CPython's. A compiled file (`.pyc`, or CPython's magic number
    /// at its start) runs with a `SourcelessFileLoader`, as `python s.pyc`
    /// does. A directory or zip archive (a zipapp) runs as `python DIR`
    /// does: its `__main__` module, with the path first on `sys.path`. A
    /// file that cannot be opened gives CPython's message and status 2.
    /// Nothing from the command line other than the file's name is used.
    ///
    /// ```no_run
    /// use std::ffi::OsString;
    /// use mpconfig_core::MultiprocessingConfig;
    /// use mpconfig_shim::host::Pyo3Host;
    ///
    /// let args = [OsString::from("--verbose")];
    /// let status = Pyo3Host::new().run_script(&MultiprocessingConfig::default(), "job.py".as_ref(), &args);
    /// std::process::exit(status);
    /// ```
    pub fn run_script<B: Bootstrap + ?Sized>(
        &mut self,
        config: &B,
        script: &Path,
        args: &[OsString],
    ) -> i32 {
        let mp = &config.multiprocessing_config();
        let absolute = std::path::absolute(script).unwrap_or_else(|_| script.to_path_buf());
        if let Err(e) = std::fs::File::open(script) {
            say(&format!(
                "{}: can't open file {:?}: [Errno {}] {}",
                self.program_name(),
                absolute.display().to_string(),
                e.raw_os_error().unwrap_or(0),
                strip_os_error_suffix(&e)
            ));
            return 2;
        }
        let mut argv = Vec::with_capacity(args.len() + 1);
        argv.push(script.as_os_str().to_owned());
        argv.extend(args.iter().cloned());
        if has_importer(script) {
            return self.run_main(mp, &argv, None, |py| run_importer_main(py, script));
        }
        let dir: Option<OsString> = std::fs::canonicalize(script)
            .ok()
            .and_then(|p| p.parent().map(|d| d.as_os_str().to_owned()));
        self.run_main(mp, &argv, dir.as_deref(), |py| {
            exec_main_file(py, &absolute)
        })
    }

    fn program_name(&self) -> String {
        Host::executable(self)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "mpconfig".into())
    }

    /// Maps an exception that ended the program to an exit status, printing
    /// what CPython prints.
    fn exit_status(&mut self, py: Python<'_>, err: PyErr) -> i32 {
        if err.is_instance_of::<PySystemExit>(py) {
            return system_exit_status(py, &err);
        }
        err.print(py);
        if err.is_instance_of::<PyKeyboardInterrupt>(py) {
            #[cfg(unix)]
            {
                self.reraise = Some(libc::SIGINT);
            }
            return 128 + 2;
        }
        1
    }
}

impl Host for Pyo3Host {
    /// The CPython this binary links (`Py_GetVersion()`, callable before
    /// the interpreter starts).
    fn python_version(&self) -> Option<CPythonVersion> {
        // SAFETY: Py_GetVersion returns a static string; it may be called
        // before initialisation.
        let version = unsafe { std::ffi::CStr::from_ptr(ffi::Py_GetVersion()) };
        CPythonVersion::parse(&version.to_string_lossy())
    }

    fn executable(&self) -> Result<PathBuf, HostError> {
        match &self.executable {
            Some(p) => Ok(p.clone()),
            None => std::env::current_exe().map_err(|e| HostError::Executable(e.to_string())),
        }
    }

    fn initialize(&mut self, settings: &InterpreterSettings<'_>) -> Result<(), HostError> {
        if self.state != State::New {
            return Err(HostError::AlreadyInitialized);
        }
        let flags = with_interpreter_config(settings.flags, &self.interpreter);
        let venv = venv_for(&self.interpreter, &flags)?;
        if let Some(venv) = &venv {
            venv.check_version(self.python_version())?;
            // Children run in it too, whatever their environment says.
            self.interpreter.venv = Some(venv.dir().to_path_buf());
        }
        check::register();
        init::start(settings, &flags, venv.as_ref())?;
        self.state = State::Running;
        if let Some(entry) = settings.sys_path_0 {
            Python::attach(|py| insert_sys_path_0(py, entry)).map_err(|e| {
                Python::attach(|py| e.print(py));
                HostError::SysPath
            })?;
        }
        Ok(())
    }

    fn run_bootstrap(&mut self, source: &str) -> Result<(), HostError> {
        let code = bootstrap_cstring(source)?;
        Python::attach(|py| exec_bootstrap(py, &code).map_err(|e| bootstrap_error(py, e)))
    }

    /// Runs the bootstrap engine, compiled when the host was built, with
    /// `mp`'s settings: what running [`bootstrap_source`](super::bootstrap_source)`(mp)` does,
    /// without compiling it. With `apply = "on-import"` (and
    /// multiprocessing not imported yet), sets `sys.frozen` and defers the
    /// rest until multiprocessing is first imported; a program that never
    /// imports it never loads the engine. Otherwise (and on Windows, where
    /// the bootstrap raises at once for fork and forkserver) it runs the
    /// engine now.
    fn run_bootstrap_for(&mut self, mp: &MultiprocessingConfig) -> Result<(), HostError> {
        check::set_policy(mp, self.python_version(), self.interpreter.python_cli);
        Python::attach(|py| {
            let args = engine_args(py, mp)?;
            let modules = module(py, "sys")?.getattr("modules")?;
            let mut imported = false;
            for name in HOOKED_MODULES {
                imported |= modules.contains(name)?;
            }
            let eager = mp.apply != Apply::OnImport || cfg!(windows) || imported;
            if eager {
                run_engine(py, &args)
            } else {
                bootstrap::install(py, args, mp.sys_frozen)
            }
        })
        .map_err(|e| Python::attach(|py| bootstrap_error(py, e)))
    }

    fn python_cli(&self) -> bool {
        self.interpreter.python_cli
    }

    fn run_python(&mut self, argv: &[OsString], mp: &MultiprocessingConfig) -> i32 {
        self.run_python_cli(mp, argv)
    }

    fn call_child(&mut self, child: &ChildCommand) -> i32 {
        Python::attach(|py| match call_entry_point(py, child) {
            Ok(()) => 0,
            Err(err) => self.exit_status(py, err),
        })
    }

    fn finalize(&mut self, status: i32) -> i32 {
        if self.state != State::Running {
            return status;
        }
        self.state = State::Finalized;
        // SAFETY: the interpreter was initialised by this host on this
        // thread, which still holds the GIL (initialisation leaves it held
        // and `Python::attach` only nests on top of it).
        let finalized = unsafe { ffi::Py_FinalizeEx() };
        let status = if finalized < 0 {
            FINALIZE_FAILED
        } else {
            status
        };
        let reraise = terminating().or(self.reraise);
        if let Some(signal) = reraise {
            reraise_signal(signal);
        }
        status
    }
}
