//! Running multiprocessing's children inside an embedding host.
//!
//! A host calls [`dispatch`] first thing in `main`, before it parses its own
//! command line. When the process is a multiprocessing child (a spawn worker,
//! the fork server, the resource tracker), `dispatch` starts the interpreter
//! through the host's [`Host`] implementation, applies the bootstrap made from
//! the [`MultiprocessingConfig`](mpconfig_core::MultiprocessingConfig), calls the child's entry point with the typed
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
//! // The parent marks each child it starts (its bootstrap does): the mark
//! // names this very command line.
//! # // SAFETY: doctest, single-threaded.
//! unsafe { std::env::set_var(mpconfig_shim::CHILD_ENV, mpconfig_shim::child_env_value(&argv, "multiprocessing")) };
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

mod contract;
mod decide;
mod dispatch;
mod env;
mod error;
mod interpreter;
mod log;
#[cfg(feature = "pyo3")]
mod pyo3;
mod venv;

pub use contract::{Host, InterpreterSettings, bootstrap_source};
pub(crate) use dispatch::run_sequence;
pub use dispatch::{Dispatch, dispatch, run_child};
pub use env::{CONFIG_ENV, config_env_value, inherited_config, parse_config_env};
pub use error::HostError;
pub use interpreter::{
    INTERPRETER_ENV, inherited_interpreter, interpreter_env_value, parse_interpreter_env,
    with_interpreter_config,
};
pub use log::{LOG_ENV, LOG_ISOLATED_ENV, log_invocation};
#[cfg(feature = "pyo3")]
#[cfg_attr(docsrs, doc(cfg(feature = "pyo3")))]
pub use pyo3::Pyo3Host;
pub use venv::{VIRTUAL_ENV, Venv, venv_for};
