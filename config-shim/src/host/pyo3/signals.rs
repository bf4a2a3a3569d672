//! SIGTERM in the main process (a graceful `SystemExit` while
//! multiprocessing children run, bounded in time; else `python`'s default
//! action), its default action in forked children, and ending by a signal
//! after finalisation.

use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use std::time::Duration;

use pyo3::exceptions::PySystemExit;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::modules::module;

/// The pid of the process that installed the graceful SIGTERM handler; a
/// forked child that inherited the handler sees another pid and takes the
/// default action instead.
static HANDLER_PID: AtomicU32 = AtomicU32::new(0);
/// The signal that asked the main process to stop (0: none yet).
static TERMINATING: AtomicI32 = AtomicI32::new(0);

/// The signal a SIGTERM handler recorded, if any.
pub(super) fn terminating() -> Option<i32> {
    match TERMINATING.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// How long a graceful termination may take: then the multiprocessing
/// children still running get SIGTERM and the host takes SIGTERM's default
/// action (see [`Pyo3Host::graceful_sigterm`]).
pub(super) const SIGTERM_GRACE: Duration = Duration::from_secs(10);

/// A Python-level SIGTERM handler for the main process (see
/// [`Pyo3Host::graceful_sigterm`]).
#[pyfunction]
fn mpconfig_sigterm(py: Python<'_>, signum: i32, frame: Bound<'_, PyAny>) -> PyResult<()> {
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
    // Graceful termination is for ending multiprocessing's children, which
    // `python` would leave running or orphaned. With none running there is
    // nothing it adds, and running the program's finalisers would make
    // SIGTERM a normal exit (a semaphore someone else unlinked gives a
    // traceback, the resource tracker reports other leaks): `python`'s
    // default action, now, as `python` takes it.
    let Some(children) = live_children(py) else {
        reraise_signal(signum);
        return Ok(());
    };
    bound_the_grace(signum, &children);
    Err(PySystemExit::new_err(128 + signum))
}

/// The pids of the multiprocessing children this process started that are
/// still running (`Process` objects of multiprocessing, multiprocess and
/// billiard, pool workers included), `None` when there are none. When it
/// cannot tell, `Some` of what it found: termination stays graceful.
fn live_children(py: Python<'_>) -> Option<Vec<i32>> {
    let found = (|| -> PyResult<(Vec<i32>, bool)> {
        let modules = py.import("sys")?.getattr("modules")?;
        let mut pids = Vec::new();
        let mut unsure = false;
        for package in ["multiprocessing", "multiprocess", "billiard"] {
            let Ok(process) = modules.get_item(format!("{package}.process")) else {
                continue;
            };
            let Ok(children) = process.getattr("_children") else {
                continue;
            };
            for child in children.try_iter()? {
                let running = child.and_then(|c| {
                    let popen = c.getattr("_popen")?;
                    if popen.is_none() {
                        return Ok(None);
                    }
                    let code = popen.call_method0("poll")?;
                    if !code.is_none() {
                        return Ok(None);
                    }
                    popen.getattr("pid")?.extract::<i32>().map(Some)
                });
                match running {
                    Ok(Some(pid)) => pids.push(pid),
                    Ok(None) => {}
                    Err(_) => unsure = true,
                }
            }
        }
        Ok((pids, unsure))
    })();
    match found {
        Ok((pids, false)) if pids.is_empty() => None,
        Ok((pids, _)) => Some(pids),
        Err(_) => Some(Vec::new()),
    }
}

/// Ends the process [`SIGTERM_GRACE`] from now if the graceful termination
/// has not: `children` (the pids [`live_children`] found, held as pidfds
/// so a reused pid is never signalled) get `signum`, then the process takes
/// its default action.
fn bound_the_grace(signum: i32, children: &[i32]) {
    #[cfg(target_os = "linux")]
    let handles: Vec<i32> = children
        .iter()
        .filter_map(|&pid| {
            // SAFETY: pidfd_open(2) with a pid and no flags; a negative
            // result is an error (the child is gone, or the kernel is older
            // than 5.3): nothing to hold.
            let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
            i32::try_from(fd).ok().filter(|fd| *fd >= 0)
        })
        .collect();
    #[cfg(not(target_os = "linux"))]
    let handles: Vec<i32> = {
        let _ = children;
        Vec::new()
    };
    let spawned = std::thread::Builder::new()
        .name("mpconfig-sigterm-grace".into())
        .spawn(move || {
            std::thread::sleep(SIGTERM_GRACE);
            for fd in handles {
                #[cfg(target_os = "linux")]
                // SAFETY: pidfd_send_signal(2) on a pidfd this thread owns.
                unsafe {
                    libc::syscall(
                        libc::SYS_pidfd_send_signal,
                        fd,
                        signum,
                        std::ptr::null::<libc::siginfo_t>(),
                        0,
                    );
                }
                let _ = fd;
            }
            default_action(signum);
        });
    if spawned.is_err() {
        // No thread, no bound: the default action now rather than a
        // termination that might never end.
        default_action(signum);
    }
}

/// Takes `signal`'s default action in this process from this thread,
/// without touching any lock (the main thread may hold one forever).
fn default_action(signal: i32) {
    #[cfg(unix)]
    // SAFETY: plain libc calls on this process and thread.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, set.as_ptr(), std::ptr::null_mut());
        libc::raise(signal);
    }
    #[cfg(not(unix))]
    let _ = signal;
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
        let signal = module(py, "_signal")?;
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

pub(super) fn install_sigterm_handler(py: Python<'_>) -> PyResult<()> {
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
        module(py, "posix")?
            .getattr("register_at_fork")?
            .call((), Some(&kwargs))?;
        let handler = wrap_pyfunction!(mpconfig_sigterm, py)?;
        // `_signal.signal` is what `signal.signal` calls; importing `signal`
        // (and enum) would cost start-up time.
        module(py, "_signal")?
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
pub(super) fn reraise_signal(signal: i32) {
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
