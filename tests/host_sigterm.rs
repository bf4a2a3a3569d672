//! SIGTERM to the host beside SIGTERM to python3, on the same program:
//! with no multiprocessing child running the host does what python3 does
//! (CPython's own resource tracker test case: the same exit, the same
//! warnings from the tracker, nothing left); while children run it ends
//! them first (tests/host_faults.rs), and a graceful shutdown that would
//! never end still ends.

mod host_support;

use std::time::Duration;

use host_support::{HostRun, Outcome, SendSignal, build_python, host_run, parallel, script};

fn sigterm_when(run: HostRun, text: &'static str) -> Outcome {
    run.signal(SendSignal {
        when_stdout_has: text,
        after: Duration::from_secs(60),
        signal: libc::SIGTERM,
    })
    .timeout(Duration::from_secs(90))
    .run()
}

/// stderr with the two resource names and the interpreter's library path
/// written as words.
fn normalised(out: &Outcome) -> String {
    let mut names = out.stdout.lines();
    let (Some(n1), Some(n2)) = (names.next(), names.next()) else {
        return format!("(no names printed)\n{}", out.stderr);
    };
    let mut text = out.stderr.replace(n1, "NAME1").replace(n2, "NAME2");
    // `…/lib/python3.X/multiprocessing/resource_tracker.py:254: UserWarning`
    let mut from = 0;
    while let Some(found) = text[from..].find("/multiprocessing/") {
        let at = from + found;
        let start = text[..at].rfind(['\n', ' ']).map_or(0, |i| i + 1);
        text.replace_range(start..at, "LIB");
        from = start + "LIB/multiprocessing/".len();
    }
    text
}

#[test]
fn with_no_child_running_sigterm_is_pythons_resource_tracker_case() {
    for rtype in ["semaphore", "shared_memory"] {
        let args = [script("tracker_sigterm.py"), rtype.to_owned()];
        let python = sigterm_when(HostRun::new(build_python(), &args), "READY");
        let host = sigterm_when(
            host_run(["run".to_owned(), args[0].clone(), args[1].clone()]),
            "READY",
        );
        let label = format!(
            "{rtype}\n--- python3\n{}\n--- host\n{}",
            python.describe(),
            host.describe()
        );
        // Killed by the signal, before any finaliser ran…
        assert_eq!(python.signal(), Some(libc::SIGTERM), "{label}");
        assert_eq!(host.signal(), Some(libc::SIGTERM), "{label}");
        // …so the resource tracker reports both resources as leaked and
        // fails to unlink the one already gone, in python3's words, and
        // nothing else is printed (no traceback from a finaliser).
        let want = format!("There appear to be 2 leaked {rtype} objects to clean up at shutdown");
        assert!(normalised(&python).contains(&want), "{label}");
        assert_eq!(normalised(&host), normalised(&python), "{label}");
        assert!(!host.stderr.contains("Traceback"), "{label}");
        // The tracker ends after its report: nothing is left.
        assert!(python.leftovers.is_empty(), "{label}");
        assert!(host.leftovers.is_empty(), "{label}");
    }
}

#[test]
fn a_graceful_shutdown_that_never_ends_still_ends() {
    let mut jobs = Vec::new();
    for case in ["nondaemon", "lock"] {
        for method in ["fork", "spawn"] {
            jobs.push((case, method));
        }
    }
    for (case, method, python, host) in parallel(2, jobs, |(case, method)| {
        let args = [
            script("sigterm_hang.py"),
            case.to_owned(),
            method.to_owned(),
        ];
        let python = sigterm_when(HostRun::new(build_python(), &args), "STARTED");
        let mut host_args = vec!["run".to_owned()];
        host_args.extend(args.iter().cloned());
        let host = sigterm_when(host_run(host_args), "STARTED");
        (case, method, python, host)
    }) {
        let label = format!(
            "{case} {method}\n--- python3\n{}\n--- host\n{}",
            python.describe(),
            host.describe()
        );
        assert_eq!(python.signal(), Some(libc::SIGTERM), "{label}");
        // The host ends too, by SIGTERM, however its shutdown blocks…
        assert!(!host.timed_out, "{label}");
        assert_eq!(host.signal(), Some(libc::SIGTERM), "{label}");
        assert!(!host.stdout.contains("finished?!"), "{label}");
        // …and leaves no child of its running, where python3 leaves the
        // non-daemon process (and fork workers) behind.
        assert!(host.leftovers.is_empty(), "{label}");
        if case == "nondaemon" {
            assert!(!python.leftovers.is_empty(), "{label}");
        }
    }
}
