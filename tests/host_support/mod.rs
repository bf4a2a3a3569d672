//! Shared by the `host*` tests: where the host binary and the test scripts
//! are, on top of `mpconfig-test-support` (running the host as a real
//! process with a timeout, in its own process group, and accounting for
//! every process it started).

#![allow(dead_code, unused_imports)]

use std::ffi::OsStr;
use std::path::PathBuf;

pub use mpconfig_test_support::cargo::{build_python, nested_build as nested_cargo_build};
pub use mpconfig_test_support::host_run::{HostRun, Launch, Outcome, SendSignal};
pub use mpconfig_test_support::parallel::map as parallel;
pub use mpconfig_test_support::process::{descendants, kill_tree, tagged_command};
pub use mpconfig_test_support::{TempDir as Scratch, linger};

/// The `mpconfig` binary cargo built for these tests (the `host` feature on,
/// against the default `python3`).
pub fn host_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mpconfig"))
}

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A script under `tests/host_scripts/`, as an absolute path.
pub fn script(name: &str) -> String {
    root()
        .join("tests/host_scripts")
        .join(name)
        .display()
        .to_string()
}

/// A seed program under `tests/seeds/`, as an absolute path.
pub fn seed(name: &str) -> String {
    root().join("tests/seeds").join(name).display().to_string()
}

/// A run of the host binary ([`host_bin`]) with these arguments.
pub fn host_run<I, S>(args: I) -> HostRun
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    HostRun::new(host_bin(), args)
}

/// A run of a child command line the test starts as its parent would: with
/// the parent's provenance mark for exactly these arguments
/// (`MPCONFIG_CHILD`, which a bootstrapped parent sets; the host answers
/// no child command line without it).
pub fn marked_child<I, S>(args: I) -> HostRun
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let mut argv = vec![host_bin().into_os_string()];
    argv.extend(args.iter().cloned());
    let mark = mpconfig_shim::child_env_value(&argv, "multiprocessing");
    host_run(args).env(mpconfig_shim::CHILD_ENV, mark)
}

/// A config file with these `[multiprocessing]` lines.
pub fn config_file(dir: &Scratch, name: &str, lines: &[String]) -> PathBuf {
    dir.write(name, &format!("[multiprocessing]\n{}\n", lines.join("\n")))
}
