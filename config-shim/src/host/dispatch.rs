//! [`dispatch`]: answering multiprocessing's child command lines first
//! thing in `main`, and [`run_child`], the sequence a child runs.

use std::ffi::{OsStr, OsString};

use mpconfig_core::MultiprocessingConfig;

use super::decide::{Asker, Decision, decide};
use super::log::log_start;
use super::{Host, InterpreterSettings, inherited_interpreter};
use crate::classify::REJECTED_EXIT_STATUS;
use crate::command::{ChildCommand, ChildKind};
use crate::flags::InterpreterFlags;
use crate::provenance::{CHILD_ENV, Provenance, verify_this_child};
use crate::say::say;

/// The answer of [`dispatch`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum Dispatch {
    /// Not a multiprocessing child: the host runs its own `main`.
    NotAChild,
    /// The process was a child (or a refused command line) and is done:
    /// exit with this status.
    Exit(i32),
}

impl Dispatch {
    /// The exit status, for [`Dispatch::Exit`].
    ///
    /// ```
    /// use mpconfig_shim::host::Dispatch;
    ///
    /// assert_eq!(Dispatch::Exit(3).exit_status(), Some(3));
    /// assert_eq!(Dispatch::NotAChild.exit_status(), None);
    /// ```
    pub fn exit_status(self) -> Option<i32> {
        match self {
            Dispatch::NotAChild => None,
            Dispatch::Exit(status) => Some(status),
        }
    }
}

/// Answers multiprocessing's child command lines. Call it first thing in
/// `main` with the whole argv, before parsing the host's own options, and
/// before the program starts threads (it removes [`CHILD_ENV`] from the
/// process environment).
///
/// * Not a child → [`Dispatch::NotAChild`]; nothing was touched (the start
///   is logged as `main`).
/// * A command line that looks like a child but is not exactly one of the
///   forms the linked CPython writes → the reason on stderr,
///   [`Dispatch::Exit`]`(2)`, nothing run, the interpreter never started.
/// * A child while `mp.auto_dispatch` is `false` → refused the same way:
///   this binary does not run multiprocessing children.
/// * A child its parent did not mark ([`CHILD_ENV`], see
///   [`verify_child`](crate::verify_child)) → refused the same way: nothing
///   it names is run.
/// * A child → [`run_child`]: its exit status.
/// * With [`Host::python_cli`] on, a start that is not a child the host
///   answers (not a child, not exactly one of the forms, or not marked by
///   its parent) → [`Host::run_python`]: run as `python` would run it, its
///   exit status. Children refused for the settings (`auto_dispatch` off,
///   a family left out) stay refused.
///
/// See the [module docs](super) for an example.
pub fn dispatch<H: Host + ?Sized>(
    host: &mut H,
    argv: &[OsString],
    mp: &MultiprocessingConfig,
) -> Dispatch {
    dispatch_checked(host, argv, mp, &verify_this_child(argv))
}

/// [`dispatch`] with the child's provenance already checked.
pub(crate) fn dispatch_checked<H: Host + ?Sized>(
    host: &mut H,
    argv: &[OsString],
    mp: &MultiprocessingConfig,
    provenance: &Provenance,
) -> Dispatch {
    let asker = Asker::Child(provenance);
    match decide(argv, mp, host.python_version(), asker, host.python_cli()) {
        Decision::NotAChild => {
            log_start("main", None, inherited_isolated());
            Dispatch::NotAChild
        }
        Decision::Refuse {
            log,
            family,
            message,
        } => {
            log_start(log, family, isolated_start(argv));
            say(&message);
            Dispatch::Exit(REJECTED_EXIT_STATUS)
        }
        Decision::Run(child) => {
            // The mark is for this start only: the child's own children get
            // their own.
            // SAFETY: called first thing in `main`, before the host starts
            // threads (documented above).
            unsafe { std::env::remove_var(CHILD_ENV) };
            log_start(
                &format!("{:?}", child.form()),
                Some(child.family()),
                isolated_child(&child),
            );
            Dispatch::Exit(run_child(host, &child, mp))
        }
        Decision::Python => {
            // SAFETY: as above. A mark is for a child the host answers;
            // `python` leaves nothing of it in the environment.
            unsafe { std::env::remove_var(CHILD_ENV) };
            log_start("python", None, isolated_start(argv));
            Dispatch::Exit(host.run_python(argv, mp))
        }
    }
}

/// Whether the parent exported isolated `[interpreter]` settings.
fn inherited_isolated() -> bool {
    inherited_interpreter()
        .ok()
        .flatten()
        .is_some_and(|i| i.isolated)
}

/// Whether a child runs isolated: `-I` on its line, or inherited.
fn isolated_child(child: &ChildCommand) -> bool {
    child.flags().isolated() || inherited_isolated()
}

/// Whether a refused start would have run isolated (`-I` among its first
/// arguments, or inherited).
fn isolated_start(argv: &[OsString]) -> bool {
    argv.iter()
        .skip(1)
        .take_while(|a| a.as_encoded_bytes().starts_with(b"-"))
        .any(|a| a == "-I")
        || inherited_isolated()
}

/// Runs one recognised child: initialise (argv = the child's
/// [`ChildCommand::python_sys_argv`], its interpreter options, `sys.path[0]`
/// as CPython would set it), run the bootstrap, call the entry point,
/// finalise. Returns the exit status. A host that classifies by itself
/// calls this with the [`ChildCommand`] it got; see the [module
/// docs](super) for a `Host` implementation.
///
/// ```no_run
/// use std::ffi::OsString;
/// use mpconfig_core::MultiprocessingConfig;
/// use mpconfig_shim::{classify, Classification};
/// # use mpconfig_shim::ChildCommand;
/// # use mpconfig_shim::host::{Host, HostError, InterpreterSettings};
/// # struct MyHost;
/// # impl Host for MyHost {
/// #     fn initialize(&mut self, _: &InterpreterSettings<'_>) -> Result<(), HostError> { Ok(()) }
/// #     fn run_bootstrap(&mut self, _: &str) -> Result<(), HostError> { Ok(()) }
/// #     fn call_child(&mut self, _: &ChildCommand) -> i32 { 0 }
/// #     fn finalize(&mut self, status: i32) -> i32 { status }
/// # }
/// use mpconfig_shim::host::run_child;
///
/// let argv: Vec<OsString> = std::env::args_os().collect();
/// if let Classification::Child(child) = classify(&argv) {
///     let status = run_child(&mut MyHost, &child, &MultiprocessingConfig::default());
///     std::process::exit(status);
/// }
/// ```
pub fn run_child<H: Host + ?Sized>(
    host: &mut H,
    child: &ChildCommand,
    mp: &MultiprocessingConfig,
) -> i32 {
    // `python -c …` puts the current directory ('') first on sys.path
    // and `python -m …` its absolute path, unless -P / -I; a frozen spawn
    // worker gets nothing (spawn_main then installs the parent's sys.path).
    let cwd;
    let sys_path_0 = match child.kind() {
        ChildKind::SpawnFrozen => None,
        _ if child.flags().safe_path() => None,
        ChildKind::ModuleWorker => {
            cwd = std::env::current_dir().map_or_else(|_| OsString::new(), |d| d.into_os_string());
            Some(cwd.as_os_str())
        }
        _ => Some(OsStr::new("")),
    };
    run_sequence(
        host,
        child.python_sys_argv(),
        child.flags(),
        sys_path_0,
        mp,
        |host| host.call_child(child),
    )
}

/// The sequence every process a host starts Python in goes through — a
/// multiprocessing child ([`run_child`]) and the host's own program
/// (`Pyo3Host::run_main`) alike: find the binary, initialise the
/// interpreter, apply the settings of `mp`, run `body`, finalise. Returns
/// the exit status: `body`'s, or 1 when a step before it failed (the
/// reason on stderr).
pub(crate) fn run_sequence<H: Host + ?Sized>(
    host: &mut H,
    argv: &[OsString],
    flags: &InterpreterFlags,
    sys_path_0: Option<&OsStr>,
    mp: &MultiprocessingConfig,
    body: impl FnOnce(&mut H) -> i32,
) -> i32 {
    let executable = match host.executable() {
        Ok(exe) => exe,
        Err(e) => {
            say(&format!("mpconfig: {e}"));
            return 1;
        }
    };
    let settings = InterpreterSettings::new(&executable, argv, flags).sys_path_0(sys_path_0);
    if let Err(e) = host.initialize(&settings) {
        say(&format!(
            "mpconfig: cannot start the Python interpreter: {e}"
        ));
        return 1;
    }
    let status = match host.run_bootstrap_for(mp) {
        Ok(()) => body(host),
        Err(e) => {
            say(&format!(
                "mpconfig: the multiprocessing bootstrap failed: {e}"
            ));
            1
        }
    };
    host.finalize(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{HostError, config_env_value, parse_config_env};
    use std::path::PathBuf;

    #[derive(Default)]
    struct Fake {
        log: Vec<String>,
        fail_init: bool,
    }

    impl Host for Fake {
        fn executable(&self) -> Result<PathBuf, HostError> {
            Ok(PathBuf::from("/opt/app"))
        }
        fn initialize(&mut self, s: &InterpreterSettings<'_>) -> Result<(), HostError> {
            self.log.push(format!(
                "init {} {:?} {:?} {:?}",
                s.executable.display(),
                s.argv,
                s.flags.to_args(),
                s.sys_path_0
            ));
            if self.fail_init {
                Err(HostError::new("no"))
            } else {
                Ok(())
            }
        }
        fn run_bootstrap(&mut self, _: &str) -> Result<(), HostError> {
            self.log.push("boot".into());
            Ok(())
        }
        fn call_child(&mut self, child: &ChildCommand) -> i32 {
            self.log.push(format!("call {child}"));
            7
        }
        fn finalize(&mut self, status: i32) -> i32 {
            self.log.push("fin".into());
            status + 1
        }
    }

    fn meant() -> Provenance {
        Provenance::Meant {
            package: "multiprocessing".into(),
        }
    }

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn child_runs_in_order_with_its_flags() {
        let mut host = Fake::default();
        let argv = os(&[
            "app",
            "-P",
            "-c",
            "from multiprocessing.resource_tracker import main;main(4)",
        ]);
        let d = dispatch_checked(
            &mut host,
            &argv,
            &MultiprocessingConfig::default(),
            &meant(),
        );
        assert_eq!(d, Dispatch::Exit(8));
        assert_eq!(
            host.log,
            [
                "init /opt/app [\"-c\"] [\"-P\"] None",
                "boot",
                "call multiprocessing.resource_tracker.main(4)",
                "fin"
            ]
        );
    }

    #[test]
    fn frozen_spawn_keeps_argv_and_no_path() {
        let mut host = Fake::default();
        let argv = os(&[
            "app",
            "--multiprocessing-fork",
            "tracker_fd=3",
            "pipe_handle=5",
        ]);
        let _ = dispatch_checked(
            &mut host,
            &argv,
            &MultiprocessingConfig::default(),
            &meant(),
        );
        assert!(host.log[0].ends_with("[] None"), "{}", host.log[0]);
        assert!(host.log[0].contains("\"--multiprocessing-fork\""));
    }

    #[test]
    fn rejected_and_refused_run_nothing() {
        let mut host = Fake::default();
        let argv = os(&["app", "-c", "import os; os.system('id')"]);
        assert_eq!(
            dispatch_checked(
                &mut host,
                &argv,
                &MultiprocessingConfig::default(),
                &meant()
            ),
            Dispatch::Exit(2)
        );
        let argv = os(&[
            "app",
            "-c",
            "from multiprocessing.resource_tracker import main;main(4)",
        ]);
        let off = MultiprocessingConfig {
            auto_dispatch: false,
            ..Default::default()
        };
        assert_eq!(
            dispatch_checked(&mut host, &argv, &off, &meant()),
            Dispatch::Exit(2)
        );
        assert!(host.log.is_empty());
    }

    #[test]
    fn unmarked_and_mismatched_children_run_nothing() {
        let argv = os(&[
            "app",
            "-c",
            "from multiprocessing.resource_tracker import main;main(4)",
        ]);
        for p in [Provenance::Unmarked, Provenance::Mismatch] {
            let mut host = Fake::default();
            let d = dispatch_checked(&mut host, &argv, &MultiprocessingConfig::default(), &p);
            assert_eq!(d, Dispatch::Exit(2));
            assert!(host.log.is_empty(), "{p:?}: {:?}", host.log);
        }
    }

    #[test]
    fn failed_start_skips_the_child() {
        let mut host = Fake {
            fail_init: true,
            ..Default::default()
        };
        let argv = os(&[
            "app",
            "-c",
            "from multiprocessing.resource_tracker import main;main(4)",
        ]);
        assert_eq!(
            dispatch_checked(
                &mut host,
                &argv,
                &MultiprocessingConfig::default(),
                &meant()
            ),
            Dispatch::Exit(1)
        );
        assert_eq!(host.log.len(), 1);
    }

    #[test]
    fn config_env_round_trip() {
        let mp = MultiprocessingConfig {
            forkserver_preload: vec!["json".into()],
            ..Default::default()
        };
        let v = config_env_value(&mp).unwrap();
        assert_eq!(parse_config_env(&v).unwrap(), mp);
        assert!(parse_config_env("{").is_err());
        assert!(parse_config_env("{\"start_method\": \"spwan\"}").is_err());
    }
}
