//! What the tests of every mpconfig crate share, written once:
//!
//! * [`TempDir`]: a scratch directory removed when dropped;
//! * [`python`]: every CPython on the machine (pyenv and `PATH`), and
//!   `MPCONFIG_REQUIRE_PYTHONS`;
//! * [`capture`]: running a command with a deadline, in its own process
//!   group, output captured; [`cli`]: the same for a command-line binary,
//!   with the checks every CLI run must pass (no panic, bounded output, no
//!   raw control characters);
//! * [`process`]: which processes a run left behind, by process group and
//!   an environment tag every descendant inherits; [`host_run`]: a run of an
//!   embedding host with its launch log; [`linger`]: how long children
//!   outlive a SIGKILLed parent;
//! * [`cargo`]: nested `cargo build`s (the interpreter matrix, the example
//!   host).
//!
//! The slow suites — the interpreter matrices, the compile-fail tests, the
//! example host, load and soak — are `#[ignore = "slow suite: …"]`, so
//! `cargo test --workspace` is the inner loop and `cargo test --workspace
//! -- --include-ignored` (what the README and `.ci/run` run) is every test.
//!
//! Not published; a dev-dependency of the workspace's crates.

pub mod capture;
pub mod cargo;
pub mod cli;
mod dir;
pub mod host_run;
pub mod linger;
pub mod modules;
pub mod parallel;
pub mod process;
pub mod python;
pub mod venv;

pub use dir::TempDir;
