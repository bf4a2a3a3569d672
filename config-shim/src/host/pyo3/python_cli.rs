//! `python`'s own command line in the host: [`Pyo3Host::run_python_cli`],
//! what a start that is not a multiprocessing child runs when the
//! `[interpreter] python_cli` setting is on.

use std::ffi::OsString;

use mpconfig_core::MultiprocessingConfig;
use pyo3::ffi;
use pyo3::prelude::*;

use super::environment::export;
use super::{CONFIG_ENV, INTERPRETER_ENV, Pyo3Host, State, check, init};
use crate::flags::InterpreterFlags;
use crate::host::{Host, HostError, venv_for};
use crate::say::say;

impl Pyo3Host {
    /// Runs `argv` (the whole command line, the program first) as `python
    /// ARGV[1:]` would: CPython parses the options itself and runs `-c
    /// CODE`, `-m MODULE`, a script, a directory or zip archive, or stdin,
    /// as `python` does (`Py_RunMain`: `sys.argv`, `sys.path[0]`,
    /// `sys.flags`, `--help`, `--version`, tracebacks and exit statuses are
    /// `python`'s). `sys.executable` is the host binary, and there is no
    /// `sys.frozen`, as under `python` (`sys_frozen` is taken as `false`
    /// here and in the process's descendants, so spawn workers get
    /// `python`'s `-c` command line, its options included); the other
    /// settings of `mp` apply as in every host process (the bootstrap, children marked
    /// and checked) and are exported to the children with the
    /// `[interpreter]` settings, `python_cli` on: a process that runs
    /// `python`'s command line gives its own `sys.executable` children the
    /// same. SIGTERM keeps its default action, as under `python`. The
    /// `[interpreter]` settings add to the command line's options
    /// (`isolated` is `-I`, `site = false` is `-S`); `venv` is the
    /// configured one only (`python` reads no `VIRTUAL_ENV`).
    ///
    /// [`dispatch`](crate::host::dispatch) calls it for a start that is not
    /// a child the host answers when [`Pyo3Host::python_cli`] is on. A host
    /// that calls it for its own command line is a general Python
    /// interpreter for whoever can start it.
    ///
    /// ```no_run
    /// use std::ffi::OsString;
    /// use mpconfig_core::MultiprocessingConfig;
    /// use mpconfig_shim::host::Pyo3Host;
    ///
    /// let argv: Vec<OsString> = ["app", "-c", "import sys; print(sys.executable)"]
    ///     .iter().map(OsString::from).collect();
    /// let status = Pyo3Host::new().run_python_cli(&MultiprocessingConfig::default(), &argv);
    /// std::process::exit(status);
    /// ```
    pub fn run_python_cli(&mut self, mp: &MultiprocessingConfig, argv: &[OsString]) -> i32 {
        // `python` has no `sys.frozen`: spawn workers then get `python`'s
        // `-c` command line with the interpreter's options on it (which the
        // host answers), and the process's `sys.flags` reach them as under
        // `python`. Its descendants inherit that.
        let mp = &MultiprocessingConfig {
            sys_frozen: false,
            ..mp.clone()
        };
        let executable = match Host::executable(self) {
            Ok(exe) => exe,
            Err(e) => {
                say(&format!("mpconfig: {e}"));
                return 1;
            }
        };
        if self.state != State::New {
            say(&format!("mpconfig: {}", HostError::AlreadyInitialized));
            return 1;
        }
        self.interpreter.python_cli = true;
        // Only the configured venv (which a parent host exports): `python`
        // reads no VIRTUAL_ENV.
        let venv = match venv_for(&self.interpreter, &InterpreterFlags::default().isolate()) {
            Ok(venv) => venv,
            Err(e) => {
                say(&format!("mpconfig: {e}"));
                return 1;
            }
        };
        if let Some(venv) = &venv {
            if let Err(e) = venv.check_version(self.python_version()) {
                say(&format!("mpconfig: {e}"));
                return 1;
            }
            self.interpreter.venv = Some(venv.dir().to_path_buf());
        }
        check::register();
        check::set_policy(mp, self.python_version(), true);
        match init::start_parsing(&executable, argv, &self.interpreter, venv.as_ref()) {
            Ok(()) => {}
            // --help, --version, a bad option: CPython printed what `python`
            // prints.
            Err(HostError::InitExit(status)) => return status,
            Err(e) => {
                say(&format!(
                    "mpconfig: cannot start the Python interpreter: {e}"
                ));
                return 1;
            }
        }
        self.state = State::Running;
        if let Err(e) = self.run_bootstrap_for(mp) {
            say(&format!(
                "mpconfig: the multiprocessing bootstrap failed: {e}"
            ));
            return self.finalize(1);
        }
        if self.export_settings {
            let exported = match self.exported_values(mp) {
                Ok(values) => values,
                Err(e) => {
                    say(&format!("mpconfig: {e}"));
                    return self.finalize(1);
                }
            };
            let result = Python::attach(|py| {
                export(py, CONFIG_ENV, &exported.0)
                    .and_then(|()| export(py, INTERPRETER_ENV, &exported.1))
                    .map_err(|e| e.print(py))
            });
            if result.is_err() {
                return self.finalize(1);
            }
        }
        // Py_RunMain finalises the interpreter itself.
        self.state = State::Finalized;
        // SAFETY: the interpreter was initialised by this host on this
        // thread, which holds the GIL, as after `Py_InitializeFromConfig`
        // in CPython's own `main`.
        unsafe { ffi::Py_RunMain() }
    }
}
