//! [`HostError`]: what can go wrong while a host runs Python for the shim.

use thiserror::Error;

/// A host could not do what the shim asked: the binary or the interpreter
/// could not be set up, the bootstrap raised, inherited settings were
/// invalid. The `Display` text is for stderr (the shim prefixes
/// `mpconfig: `).
///
/// ```
/// use mpconfig_shim::host::HostError;
///
/// // A custom host reports its own failures with `HostError::new`.
/// let e = HostError::new("Py_InitializeFromConfig: failed to get the Python codec");
/// assert_eq!(e.to_string(), "Py_InitializeFromConfig: failed to get the Python codec");
/// assert!(matches!(e, HostError::Other(_)));
/// assert_eq!(
///     HostError::AlreadyInitialized.to_string(),
///     "the interpreter is already initialised in this process"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum HostError {
    /// The host binary (what becomes `sys.executable`) could not be found.
    #[error("cannot find the host binary: {0}")]
    Executable(String),
    /// A second interpreter in one process: a `Pyo3Host` runs one, once.
    #[error("the interpreter is already initialised in this process")]
    AlreadyInitialized,
    /// CPython's initialisation failed (`PyStatus`: its function and message).
    #[error("{0}")]
    Init(String),
    /// CPython's initialisation asked the process to exit with this status.
    #[error("initialisation asked to exit with status {0}")]
    InitExit(i32),
    /// An argument, option or path cannot be handed to CPython (a NUL byte,
    /// text the locale cannot decode, too many arguments).
    #[error("{0}")]
    Argument(String),
    /// `sys.path[0]` could not be set (the Python error is printed).
    #[error("cannot set sys.path[0]")]
    SysPath,
    /// The bootstrap raised an exception (printed on stderr), or cannot be
    /// compiled at all.
    #[error("{0}")]
    Bootstrap(String),
    /// A settings variable a parent exported (`MPCONFIG_MULTIPROCESSING`,
    /// `MPCONFIG_INTERPRETER`) does not hold valid settings.
    #[error("{var} holds no valid settings: {message}")]
    InheritedSettings {
        /// The variable.
        var: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// Settings that cannot be exported for the children.
    #[error("cannot export the {what} settings: {message}")]
    Export {
        /// Which settings (`multiprocessing`, `interpreter`).
        what: &'static str,
        /// Why not.
        message: String,
    },
    /// The virtual environment to run in is not one, or is for another
    /// Python.
    #[error("{0}")]
    Venv(String),
    /// Anything else, in a custom [`Host`](super::Host)'s words.
    #[error("{0}")]
    Other(String),
}

impl HostError {
    /// [`HostError::Other`] with this message: how a custom host reports
    /// its own failures.
    pub fn new(message: impl Into<String>) -> Self {
        HostError::Other(message.into())
    }
}
