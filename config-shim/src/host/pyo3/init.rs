//! Starting CPython through `PyPreConfig` and `PyConfig`: the host binary as
//! `sys.executable`, `sys.argv` exactly as given, a child's interpreter
//! options in the matching fields.

use std::ffi::{CStr, CString, OsStr, OsString};
use std::mem::MaybeUninit;
use std::os::raw::{c_char, c_int};

use pyo3::ffi;

use crate::flags::InterpreterFlags;
use crate::host::{HostError, InterpreterSettings, Venv};

/// Starts the interpreter: `settings` with `flags` as its options. Fails
/// when an interpreter already runs in this process.
///
/// In a virtual environment, CPython computes its paths and runs `site` as
/// for the venv's own `python` (`PyConfig.executable` is that file while
/// it starts); `sys.executable` is then made the host binary again, before
/// any code but `site`'s has run.
pub(super) fn start(
    settings: &InterpreterSettings<'_>,
    flags: &InterpreterFlags,
    venv: Option<&Venv>,
) -> Result<(), HostError> {
    // SAFETY: Py_IsInitialized may be called at any time.
    if unsafe { ffi::Py_IsInitialized() } != 0 {
        return Err(HostError::AlreadyInitialized);
    }
    // SAFETY: called once, before any other Python API; every pointer
    // handed to CPython lives until the call returns; the config is
    // cleared on every path.
    unsafe {
        preinitialize(flags)?;
        let mut config = MaybeUninit::<ffi::PyConfig>::uninit();
        ffi::PyConfig_InitPythonConfig(config.as_mut_ptr());
        let mut config = config.assume_init();
        let result = configure(&mut config, settings, flags, venv)
            .and_then(|()| check(ffi::Py_InitializeFromConfig(&config)));
        ffi::PyConfig_Clear(&mut config);
        result?;
        if venv.is_some() {
            set_sys_executable(settings.executable.as_os_str())?;
        }
        Ok(())
    }
}

/// Starts the interpreter as `python ARGV…` would: CPython parses `argv`
/// (the program first) itself — `PyPreConfig` and `PyConfig` with
/// `parse_argv`, so options, `-c`, `-m`, a script or stdin mean what they
/// mean to `python`, and `--help`, `--version` or a bad option end here
/// ([`HostError::InitExit`], CPython having printed what it prints). On
/// top: `executable` as `sys.executable`, and the `[interpreter]` settings
/// (`isolated` adds `-I`, `site = false` adds `-S`). The program itself
/// runs with `Py_RunMain`.
pub(super) fn start_parsing(
    executable: &std::path::Path,
    argv: &[OsString],
    config: &mpconfig_core::InterpreterConfig,
    venv: Option<&Venv>,
) -> Result<(), HostError> {
    // SAFETY: Py_IsInitialized may be called at any time.
    if unsafe { ffi::Py_IsInitialized() } != 0 {
        return Err(HostError::AlreadyInitialized);
    }
    let owned: Vec<CString> = argv
        .iter()
        .map(|a| os_cstring(a))
        .collect::<Result<_, _>>()?;
    let mut ptrs: Vec<*mut c_char> = owned.iter().map(|c| c.as_ptr().cast_mut()).collect();
    let argc = ffi::Py_ssize_t::try_from(ptrs.len())
        .map_err(|_| HostError::Argument("too many arguments".into()))?;
    // SAFETY: as in `start`; `ptrs` points at NUL-terminated strings alive
    // until the config is cleared (CPython copies them and never writes
    // through the pointers).
    unsafe {
        let mut pre = MaybeUninit::<ffi::PyPreConfig>::uninit();
        ffi::PyPreConfig_InitPythonConfig(pre.as_mut_ptr());
        let mut pre = pre.assume_init();
        pre.parse_argv = 1;
        if config.isolated {
            pre.isolated = 1;
        }
        check(ffi::Py_PreInitializeFromBytesArgs(
            &pre,
            argc,
            ptrs.as_mut_ptr(),
        ))?;
        let mut c = MaybeUninit::<ffi::PyConfig>::uninit();
        ffi::PyConfig_InitPythonConfig(c.as_mut_ptr());
        let mut c = c.assume_init();
        let result = configure_parsing(&mut c, executable, argc, &ptrs, config, venv)
            .and_then(|()| check(ffi::Py_InitializeFromConfig(&c)));
        ffi::PyConfig_Clear(&mut c);
        result?;
        if venv.is_some() {
            set_sys_executable(executable.as_os_str())?;
        }
    }
    Ok(())
}

/// The `PyConfig` of [`start_parsing`].
unsafe fn configure_parsing(
    c: &mut ffi::PyConfig,
    executable: &std::path::Path,
    argc: ffi::Py_ssize_t,
    argv: &[*mut c_char],
    config: &mpconfig_core::InterpreterConfig,
    venv: Option<&Venv>,
) -> Result<(), HostError> {
    c.parse_argv = 1;
    c.install_signal_handlers = 1;
    // Options on the command line add to these, as `-I`/`-S` would.
    if config.isolated {
        c.isolated = 1;
    }
    if !config.site {
        c.site_import = 0;
    }
    let executable = venv.map_or_else(|| executable.to_path_buf(), Venv::python);
    let exe = os_cstring(executable.as_os_str())?;
    // SAFETY: `c` is initialised; the strings outlive the calls.
    unsafe {
        check(ffi::PyConfig_SetBytesString(
            c,
            &mut c.executable,
            exe.as_ptr(),
        ))?;
        check(ffi::PyConfig_SetBytesString(
            c,
            &mut c.program_name,
            exe.as_ptr(),
        ))?;
        let mut argv: Vec<*const c_char> = argv.iter().map(|p| p.cast_const()).collect();
        check(ffi::PyConfig_SetBytesArgv(c, argc, argv.as_mut_ptr()))
    }
}

/// `sys.executable = os.fsdecode(path)`, with the GIL the initialising
/// thread holds.
unsafe fn set_sys_executable(path: &OsStr) -> Result<(), HostError> {
    let c = os_cstring(path)?;
    // SAFETY: the interpreter runs and this thread holds the GIL; the new
    // reference is released after PySys_SetObject took its own.
    unsafe {
        let value = ffi::PyUnicode_DecodeFSDefault(c.as_ptr());
        if value.is_null() {
            ffi::PyErr_Clear();
            return Err(HostError::Argument(format!(
                "cannot decode {path:?} as sys.executable"
            )));
        }
        let status = ffi::PySys_SetObject(c"executable".as_ptr(), value);
        ffi::Py_DecRef(value);
        if status != 0 {
            ffi::PyErr_Clear();
            return Err(HostError::Init("cannot set sys.executable".into()));
        }
    }
    Ok(())
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
    match flags
        .x_option("utf8")
        .map(|v| v.map(|v| v.as_encoded_bytes()))
    {
        Some(None | Some(b"1")) => pre.utf8_mode = 1,
        Some(Some(b"0")) => pre.utf8_mode = 0,
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
    venv: Option<&Venv>,
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
    config.optimization_level = count(flags.optimize());
    config.parser_debug = count(flags.debug());
    config.verbose = count(flags.verbose());
    config.bytes_warning = count(flags.bytes_warning());
    config.quiet = count(flags.quiet());

    // In a venv, CPython starts as the venv's `python` (see `start`).
    let executable = venv.map_or_else(|| settings.executable.to_path_buf(), Venv::python);
    let exe = os_cstring(executable.as_os_str())?;
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
        let x: Vec<OsString> = flags.x_options().map(|x| x.to_os_string()).collect();
        let list: *mut ffi::PyWideStringList = &mut config.xoptions;
        append_all(list, x.iter().map(|a| a.as_os_str()))?;
    }
    Ok(())
}

/// A repeat count as the `int` PyConfig holds.
fn count(n: u32) -> c_int {
    c_int::try_from(n).unwrap_or(c_int::MAX)
}

unsafe fn set_argv(config: &mut ffi::PyConfig, argv: &[OsString]) -> Result<(), HostError> {
    let owned: Vec<CString> = argv
        .iter()
        .map(|a| os_cstring(a))
        .collect::<Result<_, _>>()?;
    let mut ptrs: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
    let len = ffi::Py_ssize_t::try_from(ptrs.len())
        .map_err(|_| HostError::Argument("too many arguments".into()))?;
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
                return Err(HostError::Argument(format!(
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
    CString::new(s.as_bytes()).map_err(|_| HostError::Argument(format!("NUL byte in {s:?}")))
}

#[cfg(not(unix))]
fn os_cstring(s: &OsStr) -> Result<CString, HostError> {
    CString::new(s.to_string_lossy().into_owned())
        .map_err(|_| HostError::Argument(format!("NUL byte in {s:?}")))
}

/// `Ok` for a successful `PyStatus`, else its function and message.
unsafe fn check(status: ffi::PyStatus) -> Result<(), HostError> {
    // SAFETY: `status` came from CPython; its strings are static or null.
    unsafe {
        if ffi::PyStatus_Exception(status) == 0 {
            return Ok(());
        }
        if ffi::PyStatus_IsExit(status) != 0 {
            return Err(HostError::InitExit(status.exitcode));
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
        Err(HostError::Init(if func.is_empty() {
            msg
        } else {
            format!("{func}: {msg}")
        }))
    }
}
