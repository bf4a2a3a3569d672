//! [`Pyo3Host`]: the [`Host`] trait on pyo3, initialising CPython through
//! `PyConfig`.

use std::ffi::{CStr, CString, OsStr, OsString};
use std::mem::MaybeUninit;
use std::os::raw::{c_char, c_int};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};

use mpconfig_core::{Apply, InterpreterConfig, MultiprocessingConfig};
use pyo3::exceptions::{PyKeyboardInterrupt, PySystemExit};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};

use super::lazy_bootstrap::{self, exec_bootstrap};
use super::{
    CONFIG_ENV, Host, HostError, INTERPRETER_ENV, InterpreterSettings, bootstrap_source,
    config_env_value, interpreter_env_value, with_interpreter_config,
};
use crate::command::ChildCommand;
use crate::flags::InterpreterFlags;
use crate::literal::{PyLiteral, PyStr};

/// The exit status CPython uses when flushing the standard streams fails at
/// finalisation.
const FINALIZE_FAILED: i32 = 120;

/// The pid of the process that installed the graceful SIGTERM handler; a
/// forked child that inherited the handler sees another pid and takes the
/// default action instead.
static HANDLER_PID: AtomicU32 = AtomicU32::new(0);
/// The signal that asked the main process to stop (0: none yet).
static TERMINATING: AtomicI32 = AtomicI32::new(0);

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
/// multiprocessing child (through [`dispatch`](super::dispatch)) or the
/// host's own program ([`Pyo3Host::run_script`], [`Pyo3Host::run_main`]).
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
    /// let lean = InterpreterConfig { isolated: true, site: false };
    /// let status = Pyo3Host::new().interpreter(&lean).run_script(&mp, "app/main.py".as_ref(), &argv[1..]);
    /// std::process::exit(status);
    /// ```
    pub fn interpreter(mut self, config: &InterpreterConfig) -> Self {
        self.interpreter = *config;
        self
    }

    /// For [`Pyo3Host::run_main`] and [`Pyo3Host::run_script`]: whether
    /// SIGTERM to the main process raises `SystemExit(143)` in the main
    /// thread, so `with Pool(...)` blocks terminate their workers and the
    /// interpreter finalises before the process ends (then it dies of
    /// SIGTERM, as the sender expects). On by default. Children made by
    /// `os.fork()` (fork and `Pool` workers) get the default action back
    /// at once (an `os.register_at_fork` hook), so `Pool.terminate()` ends
    /// them as it would under `python`; a second SIGTERM to the main
    /// process takes the default action too. Off: SIGTERM kills the host
    /// at once, as it kills `python`, which can leave workers behind.
    pub fn graceful_sigterm(mut self, on: bool) -> Self {
        self.graceful_sigterm = on;
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
    /// `sys.path`), runs the bootstrap for `mp`, exports the settings (see
    /// [`Pyo3Host::export_settings`]), calls `f`, finalises.
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
    pub fn run_main<F>(
        &mut self,
        mp: &MultiprocessingConfig,
        argv: &[OsString],
        sys_path_0: Option<&OsStr>,
        f: F,
    ) -> i32
    where
        F: for<'py> FnOnce(Python<'py>) -> PyResult<()>,
    {
        let executable = match Host::executable(self) {
            Ok(exe) => exe,
            Err(e) => {
                eprintln!("mpconfig: {e}");
                return 1;
            }
        };
        let flags = InterpreterFlags::default();
        let settings = InterpreterSettings::new(&executable, argv, &flags).sys_path_0(sys_path_0);
        if let Err(e) = self.initialize(&settings) {
            eprintln!("mpconfig: cannot start the Python interpreter: {e}");
            return 1;
        }
        if let Err(e) = self.run_bootstrap_for(mp) {
            eprintln!("mpconfig: the multiprocessing bootstrap failed: {e}");
            return self.finalize(1);
        }
        let exported = if self.export_settings {
            match config_env_value(mp)
                .and_then(|mp| Ok((mp, interpreter_env_value(&self.interpreter)?)))
            {
                Ok(values) => Some(values),
                Err(e) => {
                    eprintln!("mpconfig: {e}");
                    return self.finalize(1);
                }
            }
        } else {
            None
        };
        let status = Python::attach(|py| {
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
        });
        self.finalize(status)
    }

    /// Runs a Python source file as `__main__`, the way `python SCRIPT
    /// ARGS…` does: `sys.argv = [SCRIPT, ARGS…]`; the script's directory
    /// (symlinks resolved) first on `sys.path` unless isolated or
    /// safe-path mode is on (`[interpreter] isolated`, `PYTHONSAFEPATH`);
    /// `__main__.__file__` the absolute path, `__spec__ = None`,
    /// `__cached__ = None`, `__loader__` a `SourceFileLoader`; the code
    /// compiled with the absolute path as its file name, so tracebacks look
    /// like CPython's. A file that cannot be
    /// opened gives CPython's message and status 2. Nothing from the
    /// command line other than the file's name is used.
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
    pub fn run_script(
        &mut self,
        mp: &MultiprocessingConfig,
        script: &Path,
        args: &[OsString],
    ) -> i32 {
        let absolute = std::path::absolute(script).unwrap_or_else(|_| script.to_path_buf());
        if let Err(e) = std::fs::File::open(script) {
            eprintln!(
                "{}: can't open file {:?}: [Errno {}] {}",
                self.program_name(),
                absolute.display().to_string(),
                e.raw_os_error().unwrap_or(0),
                strip_os_error_suffix(&e)
            );
            return 2;
        }
        let dir: Option<OsString> = std::fs::canonicalize(script)
            .ok()
            .and_then(|p| p.parent().map(|d| d.as_os_str().to_owned()));
        let mut argv = Vec::with_capacity(args.len() + 1);
        argv.push(script.as_os_str().to_owned());
        argv.extend(args.iter().cloned());
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
    fn executable(&self) -> Result<PathBuf, HostError> {
        match &self.executable {
            Some(p) => Ok(p.clone()),
            None => std::env::current_exe()
                .map_err(|e| HostError::new(format!("cannot find the host binary: {e}"))),
        }
    }

    fn initialize(&mut self, settings: &InterpreterSettings<'_>) -> Result<(), HostError> {
        if self.state != State::New || unsafe { ffi::Py_IsInitialized() } != 0 {
            return Err(HostError::new(
                "the interpreter is already initialised in this process",
            ));
        }
        // SAFETY: called once, before any other Python API; every pointer
        // handed to CPython lives until the call returns; the config is
        // cleared on every path.
        let flags = with_interpreter_config(settings.flags, &self.interpreter);
        unsafe {
            preinitialize(&flags)?;
            let mut config = MaybeUninit::<ffi::PyConfig>::uninit();
            ffi::PyConfig_InitPythonConfig(config.as_mut_ptr());
            let mut config = config.assume_init();
            let result = configure(&mut config, settings, &flags)
                .and_then(|()| check(ffi::Py_InitializeFromConfig(&config)));
            ffi::PyConfig_Clear(&mut config);
            result?;
        }
        self.state = State::Running;
        if let Some(entry) = settings.sys_path_0 {
            Python::attach(|py| insert_sys_path_0(py, entry)).map_err(|e| {
                Python::attach(|py| e.print(py));
                HostError::new("cannot set sys.path[0]")
            })?;
        }
        Ok(())
    }

    fn run_bootstrap(&mut self, source: &str) -> Result<(), HostError> {
        let code = bootstrap_cstring(source)?;
        Python::attach(|py| exec_bootstrap(py, &code).map_err(|e| bootstrap_error(py, e)))
    }

    /// With `apply = "on-import"` (and multiprocessing not imported yet),
    /// sets `sys.frozen` and defers compiling and running the bootstrap
    /// until multiprocessing is first imported; a program that never
    /// imports it never pays for the compilation. Otherwise (and on Windows,
    /// where the bootstrap raises at once for fork and forkserver) it runs
    /// the bootstrap now.
    fn run_bootstrap_for(&mut self, mp: &MultiprocessingConfig) -> Result<(), HostError> {
        let code = bootstrap_cstring(&bootstrap_source(mp))?;
        Python::attach(|py| {
            let eager = mp.apply != Apply::OnImport
                || cfg!(windows)
                || py
                    .import("sys")?
                    .getattr("modules")?
                    .contains("multiprocessing")?;
            if eager {
                exec_bootstrap(py, &code)
            } else {
                lazy_bootstrap::install(py, code, mp.sys_frozen)
            }
        })
        .map_err(|e| Python::attach(|py| bootstrap_error(py, e)))
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
        let terminating = TERMINATING.load(Ordering::SeqCst);
        let reraise = if terminating != 0 {
            Some(terminating)
        } else {
            self.reraise
        };
        if let Some(signal) = reraise {
            reraise_signal(signal);
        }
        status
    }
}

/// `Py_PreInitialize` with what must be known before the encodings are
/// chosen: isolation, environment, dev mode, UTF-8 mode.
unsafe fn preinitialize(flags: &InterpreterFlags) -> Result<(), HostError> {
    let mut pre = MaybeUninit::<ffi::PyPreConfig>::uninit();
    // SAFETY: InitPythonConfig fills every field.
    let mut pre = unsafe {
        ffi::PyPreConfig_InitPythonConfig(pre.as_mut_ptr());
        pre.assume_init()
    };
    pre.parse_argv = 0;
    if flags.isolated() {
        pre.isolated = 1;
    }
    if flags.ignore_environment() {
        pre.use_environment = 0;
    }
    if flags.x_option("dev").is_some() {
        pre.dev_mode = 1;
    }
    match flags.x_option("utf8") {
        Some(None | Some("1")) => pre.utf8_mode = 1,
        Some(Some("0")) => pre.utf8_mode = 0,
        _ => {}
    }
    // SAFETY: `pre` is a fully initialised PyPreConfig.
    unsafe { check(ffi::Py_PreInitialize(&pre)) }
}

/// Fills `config` from `settings`, with `flags` as the interpreter options.
/// The runtime is pre-initialised, so the byte strings decode as CPython
/// decodes its own command line.
unsafe fn configure(
    config: &mut ffi::PyConfig,
    settings: &InterpreterSettings<'_>,
    flags: &InterpreterFlags,
) -> Result<(), HostError> {
    config.parse_argv = 0;
    config.install_signal_handlers = c_int::from(settings.install_signal_handlers);
    if flags.isolated() {
        config.isolated = 1;
    }
    if flags.ignore_environment() {
        config.use_environment = 0;
    }
    if flags.no_user_site() {
        config.user_site_directory = 0;
    }
    #[cfg(Py_3_11)]
    if flags.safe_path() {
        config.safe_path = 1;
    }
    if flags.no_site() {
        config.site_import = 0;
    }
    if flags.dont_write_bytecode() {
        config.write_bytecode = 0;
    }
    if flags.x_option("dev").is_some() {
        config.dev_mode = 1;
    }
    config.optimization_level = c_int::from(flags.optimize());
    config.parser_debug = c_int::from(flags.debug());
    config.verbose = c_int::from(flags.verbose());
    config.bytes_warning = c_int::from(flags.bytes_warning());
    config.quiet = c_int::from(flags.quiet());

    let exe = os_cstring(settings.executable.as_os_str())?;
    // SAFETY: `config` is initialised; the field pointers belong to it and
    // the strings outlive the calls (CPython copies them).
    unsafe {
        check(ffi::PyConfig_SetBytesString(
            config,
            &mut config.executable,
            exe.as_ptr(),
        ))?;
        check(ffi::PyConfig_SetBytesString(
            config,
            &mut config.program_name,
            exe.as_ptr(),
        ))?;
        set_argv(config, settings.argv)?;
        #[cfg(Py_3_10)]
        {
            let orig: Vec<OsString> = std::env::args_os().collect();
            let list: *mut ffi::PyWideStringList = &mut config.orig_argv;
            append_all(list, orig.iter().map(|a| a.as_os_str()))?;
        }
        let warn: Vec<OsString> = flags.warn_options().map(OsString::from).collect();
        let list: *mut ffi::PyWideStringList = &mut config.warnoptions;
        append_all(list, warn.iter().map(|a| a.as_os_str()))?;
        let x: Vec<OsString> = flags
            .x_options()
            .map(|x| OsString::from(x.to_string()))
            .collect();
        let list: *mut ffi::PyWideStringList = &mut config.xoptions;
        append_all(list, x.iter().map(|a| a.as_os_str()))?;
    }
    Ok(())
}

unsafe fn set_argv(config: &mut ffi::PyConfig, argv: &[OsString]) -> Result<(), HostError> {
    let owned: Vec<CString> = argv
        .iter()
        .map(|a| os_cstring(a))
        .collect::<Result<_, _>>()?;
    let mut ptrs: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
    let len =
        ffi::Py_ssize_t::try_from(ptrs.len()).map_err(|_| HostError::new("too many arguments"))?;
    // SAFETY: `ptrs` points at NUL-terminated strings alive for the call.
    unsafe { check(ffi::PyConfig_SetBytesArgv(config, len, ptrs.as_mut_ptr())) }
}

/// Appends each string, decoded as CPython decodes its command line
/// (`Py_DecodeLocale`: the locale encoding with `surrogateescape`).
unsafe fn append_all<'a>(
    list: *mut ffi::PyWideStringList,
    items: impl Iterator<Item = &'a OsStr>,
) -> Result<(), HostError> {
    for item in items {
        let c = os_cstring(item)?;
        // SAFETY: the runtime is pre-initialised; `c` is NUL-terminated;
        // the decoded copy is freed with the matching allocator after
        // CPython has copied it.
        unsafe {
            let wide = ffi::Py_DecodeLocale(c.as_ptr(), std::ptr::null_mut());
            if wide.is_null() {
                return Err(HostError::new(format!(
                    "cannot decode {item:?} with the locale encoding"
                )));
            }
            let status = ffi::PyWideStringList_Append(list, wide);
            ffi::PyMem_RawFree(wide.cast());
            check(status)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn os_cstring(s: &OsStr) -> Result<CString, HostError> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(s.as_bytes()).map_err(|_| HostError::new(format!("NUL byte in {s:?}")))
}

#[cfg(not(unix))]
fn os_cstring(s: &OsStr) -> Result<CString, HostError> {
    CString::new(s.to_string_lossy().into_owned())
        .map_err(|_| HostError::new(format!("NUL byte in {s:?}")))
}

/// `Ok` for a successful `PyStatus`, else its function and message.
unsafe fn check(status: ffi::PyStatus) -> Result<(), HostError> {
    // SAFETY: `status` came from CPython; its strings are static or null.
    unsafe {
        if ffi::PyStatus_Exception(status) == 0 {
            return Ok(());
        }
        if ffi::PyStatus_IsExit(status) != 0 {
            return Err(HostError::new(format!(
                "initialisation asked to exit with status {}",
                status.exitcode
            )));
        }
        let text = |p: *const c_char| {
            if p.is_null() {
                String::new()
            } else {
                CStr::from_ptr(p).to_string_lossy().into_owned()
            }
        };
        let func = text(status.func);
        let msg = text(status.err_msg);
        Err(HostError::new(if func.is_empty() {
            msg
        } else {
            format!("{func}: {msg}")
        }))
    }
}

/// The bootstrap as C text for the compiler.
fn bootstrap_cstring(source: &str) -> Result<CString, HostError> {
    CString::new(source).map_err(|_| HostError::new("the bootstrap holds a NUL character"))
}

/// Prints the exception the bootstrap raised; the error for the caller.
fn bootstrap_error(py: Python<'_>, e: PyErr) -> HostError {
    e.print(py);
    HostError::new("the bootstrap raised an exception (printed above)")
}

/// `os.environ[name] = value` (which also sets the process environment
/// that children inherit), without importing `os` when nothing has yet:
/// under `site = false` that import (with `stat`, `posixpath` and
/// `_collections_abc`) would be most of what the host costs beyond
/// `python -S`. Then the variable goes to the process environment
/// (`posix.putenv`) and to `posix.environ`, from which `os` builds
/// `os.environ` when it is first imported — as if the process had started
/// with it.
fn export(py: Python<'_>, name: &str, value: &str) -> PyResult<()> {
    let modules = py.import("sys")?.getattr("modules")?;
    if cfg!(not(unix)) || modules.contains("os")? {
        return py.import("os")?.getattr("environ")?.set_item(name, value);
    }
    let posix = py.import("posix")?;
    posix.getattr("putenv")?.call1((name, value))?;
    posix
        .getattr("environ")?
        .set_item(fsencode(py, name)?, fsencode(py, value)?)
}

/// `os.fsencode` of a `str`: the bytes `os.environ` stores on POSIX.
fn fsencode<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    let text = PyString::new(py, s);
    // SAFETY: `text` is a live str; the result is a new reference or NULL
    // with an exception set.
    unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyUnicode_EncodeFSDefault(text.as_ptr())) }
}

fn insert_sys_path_0(py: Python<'_>, entry: &OsStr) -> PyResult<()> {
    let sys = py.import("sys")?;
    // `python SCRIPT` leaves sys.path alone in isolated mode (-I) and in
    // safe-path mode (-P, PYTHONSAFEPATH; 3.11+, where -I implies it).
    let flags = sys.getattr("flags")?;
    if flags.getattr("isolated")?.is_truthy()?
        || (flags.hasattr("safe_path")? && flags.getattr("safe_path")?.is_truthy()?)
    {
        return Ok(());
    }
    let entry = fsdecode(py, entry)?;
    sys.getattr("path")?.call_method1("insert", (0, entry))?;
    Ok(())
}

/// `os.fsdecode` of raw OS bytes: what CPython makes of a command-line
/// argument (the filesystem encoding and error handler, through the C API
/// rather than `os`, which `python -S` never imports).
fn fsdecode<'py>(py: Python<'py>, s: &OsStr) -> PyResult<Bound<'py, PyAny>> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        s.as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = s.to_string_lossy().into_owned().into_bytes();
    let len = ffi::Py_ssize_t::try_from(bytes.len())
        .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("argument too long"))?;
    // SAFETY: `bytes` lives across the call, which copies it; the result
    // is a new reference or NULL with an exception set.
    unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyUnicode_DecodeFSDefaultAndSize(bytes.as_ptr().cast(), len),
        )
    }
}

/// Runs `path` in the real `__main__` module, as CPython's
/// `_PyRun_SimpleFileObject` does. The file's contents are the program the
/// user asked to run; its name is the only thing taken from argv.
fn exec_main_file(py: Python<'_>, path: &Path) -> PyResult<()> {
    let filename = fsdecode(py, path.as_os_str())?;
    let main = py.import("__main__")?;
    let globals = main.dict();
    globals.set_item("__file__", &filename)?;
    globals.set_item("__cached__", py.None())?;
    // importlib.machinery.SourceFileLoader, from the module the import
    // system already loaded (importing importlib.machinery costs start-up).
    let loader = py
        .import("_frozen_importlib_external")?
        .getattr("SourceFileLoader")?
        .call1(("__main__", &filename))?;
    globals.set_item("__loader__", loader)?;
    let source = {
        let file = py.import("io")?.getattr("open_code")?.call1((&filename,))?;
        let read = file.call_method0("read");
        file.call_method0("close")?;
        read?
    };
    let code = compile_file_source(py, &source, &filename)?;
    py.import("builtins")?
        .getattr("exec")?
        .call1((code, globals))?;
    Ok(())
}

/// `PyCF_SOURCE_IS_UTF8` (`Include/cpython/compile.h`), which
/// `builtins.compile` always sets.
const PYCF_SOURCE_IS_UTF8: c_int = 0x0100;

/// `compile(source, filename, 'exec', flags=0, dont_inherit=True)` for the
/// bytes of a source file, through `Py_CompileStringObject` with the flags
/// `builtins.compile` would pass. Not `builtins.compile` itself: it first
/// asks whether the source is an AST (`PyAST_Check`), which creates all the
/// AST node types, some 9 million instructions (3 ms) that `python SCRIPT`
/// never spends — about all the host cost beyond `python -S` (BENCHMARKS.md,
/// *Host fixed cost: profile*). Source with a NUL byte goes to
/// `builtins.compile`, for its own error.
fn compile_file_source<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    filename: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = source
        .cast::<PyBytes>()
        .ok()
        .map(|b| CString::new(b.as_bytes()));
    let Some(Ok(text)) = text else {
        return py
            .import("builtins")?
            .getattr("compile")?
            .call1((source, filename, "exec", 0, true));
    };
    let mut flags = ffi::PyCompilerFlags {
        cf_flags: PYCF_SOURCE_IS_UTF8,
        cf_feature_version: c_int::from(py.version_info().minor),
    };
    // SAFETY: `text` and `filename` are alive across the call; the result
    // is a new reference or NULL with an exception set.
    unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::Py_CompileStringObject(
                text.as_ptr(),
                filename.as_ptr(),
                ffi::Py_file_input,
                &mut flags,
                -1,
            ),
        )
    }
}

/// `module.function(*positional, sys_argv=[...], **keywords)`.
fn call_entry_point(py: Python<'_>, child: &ChildCommand) -> PyResult<()> {
    let function = py.import(child.module())?.getattr(child.function())?;
    let positional = child
        .positional()
        .iter()
        .map(|a| to_python(py, a))
        .collect::<PyResult<Vec<_>>>()?;
    let args = PyTuple::new(py, positional)?;
    let kwargs = PyDict::new(py);
    if let Some(argv) = child.parent_argv() {
        let items = argv
            .iter()
            .map(|a| fsdecode(py, a))
            .collect::<PyResult<Vec<_>>>()?;
        kwargs.set_item("sys_argv", PyList::new(py, items)?)?;
    }
    for (name, value) in child.keywords() {
        kwargs.set_item(name, to_python(py, value)?)?;
    }
    function.call(args, Some(&kwargs))?;
    Ok(())
}

/// A parsed literal as the Python object it denotes.
fn to_python<'py>(py: Python<'py>, value: &PyLiteral) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        PyLiteral::None => py.None().into_bound(py),
        PyLiteral::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        PyLiteral::Int(n) => n.into_pyobject(py)?.into_any(),
        PyLiteral::Str(s) => py_str(py, s)?,
        PyLiteral::Bytes(b) => PyBytes::new(py, b).into_any(),
        PyLiteral::List(items) => PyList::new(
            py,
            items
                .iter()
                .map(|i| to_python(py, i))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any(),
        PyLiteral::Tuple(items) => PyTuple::new(
            py,
            items
                .iter()
                .map(|i| to_python(py, i))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any(),
        PyLiteral::Dict(entries) => {
            let dict = PyDict::new(py);
            for (k, v) in entries {
                dict.set_item(py_str(py, k)?, to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A Python `str`, lone surrogates included (decoded from UTF-32 with
/// `surrogatepass`).
fn py_str<'py>(py: Python<'py>, s: &PyStr) -> PyResult<Bound<'py, PyAny>> {
    if let Some(text) = s.as_str() {
        return Ok(PyString::new(py, text).into_any());
    }
    let bytes: Vec<u8> = s
        .code_points()
        .into_iter()
        .flat_map(u32::to_le_bytes)
        .collect();
    PyBytes::new(py, &bytes).call_method1("decode", ("utf-32-le", "surrogatepass"))
}

/// CPython's `handle_system_exit`: `None` → 0; an int → itself (as a C
/// `int`, so the OS keeps the low byte); anything else is printed on
/// `sys.stderr` and gives 1.
fn system_exit_status(py: Python<'_>, err: &PyErr) -> i32 {
    let Ok(code) = err.value(py).getattr("code") else {
        return 1;
    };
    if code.is_none() {
        return 0;
    }
    if code.is_instance_of::<PyInt>() {
        // PyLong_AsLong: -1 on overflow.
        #[allow(clippy::cast_possible_truncation)]
        return code.extract::<i64>().map_or(-1, |n| n as i32);
    }
    let printed = (|| -> PyResult<()> {
        let stderr = py.import("sys")?.getattr("stderr")?;
        if stderr.is_none() {
            return Err(PyErr::fetch(py));
        }
        stderr.call_method1("write", (code.str()?,))?;
        stderr.call_method1("write", ("\n",))?;
        stderr.call_method0("flush")?;
        Ok(())
    })();
    if printed.is_err() {
        eprintln!("{}", code.str().map(|s| s.to_string()).unwrap_or_default());
    }
    1
}

/// A Python-level SIGTERM handler for the main process (see
/// [`Pyo3Host::graceful_sigterm`]).
#[pyfunction]
fn mpconfig_sigterm(signum: i32, frame: Bound<'_, PyAny>) -> PyResult<()> {
    let _ = frame;
    let first = TERMINATING
        .compare_exchange(0, signum, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok();
    if std::process::id() != HANDLER_PID.load(Ordering::SeqCst) || !first {
        // A forked child that inherited the handler, or a second SIGTERM:
        // the default action, now.
        reraise_signal(signum);
        return Ok(());
    }
    Err(PySystemExit::new_err(128 + signum))
}

// SIGTERM around `os.fork()` (fork and `Pool` workers). The main process
// catches SIGTERM with a Python-level handler, which a forked child must not
// keep: a SIGTERM that reached the child before it dropped the handler would
// only set a flag that CPython clears after fork, and `Pool.terminate()`
// would wait for that worker forever. So SIGTERM is blocked in the forking
// thread just before the fork; the child restores the default action and
// then unblocks it (a SIGTERM sent meanwhile stays pending and then ends the
// child, as under `python`); the parent unblocks it.

thread_local! {
    /// Whether SIGTERM was already blocked when `before` ran in this thread.
    static SIGTERM_WAS_BLOCKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Blocks SIGTERM in this thread; returns whether it already was.
#[cfg(unix)]
fn block_sigterm() -> bool {
    // SAFETY: sigset operations on local, initialised sets.
    unsafe {
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), libc::SIGTERM);
        let set = set.assume_init();
        let mut old = MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(old.as_mut_ptr());
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, old.as_mut_ptr());
        libc::sigismember(old.as_ptr(), libc::SIGTERM) == 1
    }
}

#[cfg(unix)]
fn unblock_sigterm() {
    // SAFETY: as above.
    unsafe {
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), libc::SIGTERM);
        let set = set.assume_init();
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
    }
}

#[pyfunction]
fn mpconfig_before_fork() {
    #[cfg(unix)]
    SIGTERM_WAS_BLOCKED.with(|was| was.set(block_sigterm()));
}

#[pyfunction]
fn mpconfig_after_fork_in_parent() {
    #[cfg(unix)]
    if !SIGTERM_WAS_BLOCKED.with(std::cell::Cell::get) {
        unblock_sigterm();
    }
}

#[pyfunction]
fn mpconfig_after_fork_in_child(py: Python<'_>) -> PyResult<()> {
    #[cfg(unix)]
    {
        // `_signal`, not `signal`: no import (of enum) in every worker.
        let signal = py.import("_signal")?;
        let reset = signal
            .getattr("signal")?
            .call1((libc::SIGTERM, signal.getattr("SIG_DFL")?));
        if !SIGTERM_WAS_BLOCKED.with(std::cell::Cell::get) {
            unblock_sigterm();
        }
        reset?;
    }
    #[cfg(not(unix))]
    let _ = py;
    Ok(())
}

fn install_sigterm_handler(py: Python<'_>) -> PyResult<()> {
    #[cfg(unix)]
    {
        HANDLER_PID.store(std::process::id(), Ordering::SeqCst);
        let kwargs = PyDict::new(py);
        kwargs.set_item("before", wrap_pyfunction!(mpconfig_before_fork, py)?)?;
        kwargs.set_item(
            "after_in_parent",
            wrap_pyfunction!(mpconfig_after_fork_in_parent, py)?,
        )?;
        kwargs.set_item(
            "after_in_child",
            wrap_pyfunction!(mpconfig_after_fork_in_child, py)?,
        )?;
        // `posix.register_at_fork` is `os.register_at_fork`; `posix` is
        // always loaded, `os` not under `site = false`.
        py.import("posix")?
            .getattr("register_at_fork")?
            .call((), Some(&kwargs))?;
        let handler = wrap_pyfunction!(mpconfig_sigterm, py)?;
        // `_signal.signal` is what `signal.signal` calls; importing `signal`
        // (and enum) would cost start-up time.
        py.import("_signal")?
            .getattr("signal")?
            .call1((libc::SIGTERM, handler))?;
    }
    #[cfg(not(unix))]
    let _ = py;
    Ok(())
}

/// Restores the default action of `signal` and sends it to this process
/// (how CPython ends after an uncaught `KeyboardInterrupt`), after flushing
/// Rust's standard streams.
fn reraise_signal(signal: i32) {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: plain libc calls on this process.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::kill(libc::getpid(), signal);
    }
    #[cfg(not(unix))]
    let _ = signal;
}

/// `No such file or directory (os error 2)` → `No such file or directory`.
fn strip_os_error_suffix(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
