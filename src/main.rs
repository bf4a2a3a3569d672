//! The `mpconfig` command line.
//!
//! With the `host` feature, `mpconfig` is itself an embedding host: the
//! children of `mpconfig run` re-execute this binary with multiprocessing's
//! child command lines, so `main` classifies argv before clap sees it.

mod cli;

use std::ffi::OsString;
use std::process::ExitCode;

use mpconfig_shim::{Classification, REJECTED_EXIT_STATUS, classify, say};

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    if let Some(status) = answer_child(&argv) {
        exit(status);
    }
    cli::main()
}

/// `Some(status)` when argv is a multiprocessing child command line (run
/// here) or looks like one (refused), or — when the parent host exported
/// `[interpreter] python_cli = true` — any start that is not a child it
/// answers (run as `python` would run it); `None` for the CLI's own
/// commands.
#[cfg(feature = "host")]
fn answer_child(argv: &[OsString]) -> Option<i32> {
    use mpconfig_shim::host::{
        Pyo3Host, dispatch, inherited_config, inherited_interpreter, log_invocation,
    };

    // The one setting a start that is not a child reads: without it (the
    // default, and whenever the variable is absent or malformed) the
    // command line is the CLI's.
    let python_cli = inherited_interpreter().is_ok_and(|i| i.is_some_and(|i| i.python_cli));
    if !python_cli && classify(argv) == Classification::NotAChild {
        // Every start is logged: the CLI's own commands too.
        log_invocation("main");
        return None;
    }
    // The parent `mpconfig run` exported its settings; a child started some
    // other way gets the defaults.
    let mp = match inherited_config() {
        Ok(mp) => mp.unwrap_or_default(),
        Err(e) => {
            say(&format!("mpconfig: {e}"));
            return Some(REJECTED_EXIT_STATUS);
        }
    };
    // A `sys.frozen` spawn worker's command line carries no interpreter
    // options: `-I`/`-S` come from the parent's exported settings.
    let interpreter = match inherited_interpreter() {
        Ok(interpreter) => interpreter.unwrap_or_default(),
        Err(e) => {
            say(&format!("mpconfig: {e}"));
            return Some(REJECTED_EXIT_STATUS);
        }
    };
    let mut host = Pyo3Host::new().interpreter(&interpreter);
    dispatch(&mut host, argv, &mp).exit_status()
}

/// Without the host, a child command line cannot be run: refuse it.
#[cfg(not(feature = "host"))]
fn answer_child(argv: &[OsString]) -> Option<i32> {
    match classify(argv) {
        Classification::NotAChild => None,
        Classification::Rejected(reason) => {
            say(&format!(
                "mpconfig: not a multiprocessing child command line; refusing to run it: {reason}"
            ));
            Some(REJECTED_EXIT_STATUS)
        }
        Classification::Child(child) => {
            say(&format!(
                "mpconfig: refusing to run a multiprocessing child ({}): this mpconfig was built without the `host` feature",
                child.form().description()
            ));
            Some(REJECTED_EXIT_STATUS)
        }
    }
}

/// Exits with `status` as a process exit code (the OS keeps the low byte).
fn exit(status: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(status)
}
