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

/// A config file with these `[multiprocessing]` lines.
pub fn config_file(dir: &Scratch, name: &str, lines: &[String]) -> PathBuf {
    dir.write(name, &format!("[multiprocessing]\n{}\n", lines.join("\n")))
}
