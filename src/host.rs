//! Your own embedding host (feature `host`): answer multiprocessing's child
//! command lines and run Python with your config's settings applied. The
//! same API as [`mpconfig_shim::host`], re-exported so that one dependency,
//! `mpconfig` with the `derive` and `host` features, is all a pyo3
//! program needs.
//!
//! A host's `main` does two things, in this order:
//!
//! 1. [`Pyo3Host::dispatch_inherited`] with the whole argv, before
//!    anything else: spawn workers, the fork server and the resource
//!    tracker re-execute this binary with command lines meant for
//!    `python`, and this answers them (strictly: nothing from argv is run
//!    as code).
//! 2. [`Pyo3Host::run_main`] (a closure that uses pyo3) or
//!    [`Pyo3Host::run_script`] (a file run as `__main__`), given the
//!    host's own config struct — `#[derive(Bootstrap)]`, so its marked
//!    fields and its flattened table both apply — or a
//!    [`MultiprocessingConfig`](crate::MultiprocessingConfig).
//!
//! ```no_run
//! use mpconfig::host::{Dispatch, Pyo3Host};
//! use mpconfig::MultiprocessingConfig;
//!
//! let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
//! if let Dispatch::Exit(status) = Pyo3Host::dispatch_inherited(&argv) {
//!     std::process::exit(status);
//! }
//! let config = MultiprocessingConfig::default(); // or your own struct
//! let status = Pyo3Host::new().run_main(&config, &argv[..1], None, |py| {
//!     py.run(c"import multiprocessing as mp; print(mp.get_start_method())", None, None)
//! });
//! std::process::exit(status);
//! ```
//!
//! The README's *Your own host* section is a complete recipe (Cargo.toml,
//! build.rs, main.rs) that a test builds from a clean directory. Three
//! things it needs besides this crate: `pyo3` as a direct dependency and
//! `pyo3-build-config` as a build dependency, because the build script's
//! `pyo3_build_config::add_libpython_rpath_link_args()` (so the binary
//! loads the libpython it was built against) reads pyo3's build
//! configuration, which cargo hands only to crates that depend on pyo3
//! directly.
//!
//! `Pyo3Host` runs on POSIX systems (proven on Linux; macOS untested).

pub use mpconfig_shim::host::*;
pub use mpconfig_shim::{
    ChildCommand, ChildKind, Classification, CommandForm, REJECTED_EXIT_STATUS, classify,
};

/// The pyo3 the host is built on, for code that wants the same version.
pub use mpconfig_shim::pyo3;
