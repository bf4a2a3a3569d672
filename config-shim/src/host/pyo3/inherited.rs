//! [`Pyo3Host::dispatch_inherited`]: step 1 of a host's `main` in one call.

use std::ffi::OsString;

use mpconfig_core::MultiprocessingConfig;

use super::Pyo3Host;
use crate::classify::{Classification, REJECTED_EXIT_STATUS, classify};
use crate::host::{Dispatch, dispatch, inherited_config, inherited_interpreter};
use crate::say::say;

impl Pyo3Host {
    /// Answers multiprocessing's child command lines with the settings the
    /// parent exported ([`inherited_config`], [`inherited_interpreter`]):
    /// what a host calls first thing in `main`, with the whole argv.
    ///
    /// * Not a child → [`Dispatch::NotAChild`]; of the environment only
    ///   `[interpreter] python_cli` is looked at (unreadable counts as off),
    ///   so a host's own start never fails here.
    /// * With the inherited `python_cli` on, a start that is not a child
    ///   the host answers runs as `python` would run it
    ///   ([`Pyo3Host::run_python_cli`]): the host's descendants that run
    ///   `sys.executable` as an interpreter.
    /// * A child → [`dispatch`] with a `Pyo3Host` given the inherited
    ///   `[interpreter]` settings, and the inherited `[multiprocessing]`
    ///   ones (the defaults when the parent exported none).
    /// * Inherited settings that cannot be read (the environment variable
    ///   is not valid JSON of the table) → the reason on stderr,
    ///   [`Dispatch::Exit`]`(2)`, nothing run.
    ///
    /// ```no_run
    /// use mpconfig_shim::host::{Dispatch, Pyo3Host};
    ///
    /// let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    /// if let Dispatch::Exit(status) = Pyo3Host::dispatch_inherited(&argv) {
    ///     std::process::exit(status);
    /// }
    /// // …the host's own program.
    /// ```
    pub fn dispatch_inherited(argv: &[OsString]) -> Dispatch {
        let python_cli = inherited_interpreter().is_ok_and(|i| i.is_some_and(|i| i.python_cli));
        if !python_cli && classify(argv) == Classification::NotAChild {
            return dispatch(
                &mut Pyo3Host::new(),
                argv,
                &MultiprocessingConfig::default(),
            );
        }
        let mp = match inherited_config() {
            Ok(mp) => mp.unwrap_or_default(),
            Err(e) => return refuse(&e),
        };
        // A `sys.frozen` spawn worker's command line carries no interpreter
        // options: `-I`/`-S` come from the parent's exported settings.
        let interpreter = match inherited_interpreter() {
            Ok(interpreter) => interpreter.unwrap_or_default(),
            Err(e) => return refuse(&e),
        };
        dispatch(&mut Pyo3Host::new().interpreter(&interpreter), argv, &mp)
    }
}

fn refuse(e: &dyn std::fmt::Display) -> Dispatch {
    say(&format!("mpconfig: {e}"));
    Dispatch::Exit(REJECTED_EXIT_STATUS)
}
