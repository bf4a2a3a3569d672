//! Faults, with real processes: a worker SIGKILLed mid-task, and SIGTERM /
//! SIGINT to the host while a `Pool` works. The host must report the
//! failure, end promptly, leave nothing running and leak no semaphore.

mod host_support;

use std::time::Duration;

use host_support::{Scratch, SendSignal, config_file, host_run, parallel, script};

#[test]
fn a_worker_killed_mid_task_breaks_the_pool() {
    let dir = Scratch::new("broken");
    let mut jobs = Vec::new();
    for method in ["fork", "forkserver", "spawn"] {
        for frozen in [true, false] {
            let cfg = config_file(
                &dir,
                &format!("{method}-{frozen}.toml"),
                &[
                    format!("start_method = \"{method}\""),
                    format!("sys_frozen = {frozen}"),
                ],
            );
            jobs.push((method, frozen, cfg.display().to_string()));
        }
    }
    for (method, frozen, out) in parallel(2, jobs, |(method, frozen, cfg)| {
        let out = host_run(["run", "--config", &cfg, &script("broken_pool.py"), method])
            .timeout(Duration::from_secs(60))
            .run();
        (method, frozen, out)
    }) {
        let label = format!("{method}, sys_frozen = {frozen}");
        assert!(
            out.stdout.contains("killing worker")
                && out.stdout.contains(
                    "BrokenProcessPool: A process in the process pool was terminated abruptly"
                ),
            "{label}\n{}",
            out.describe()
        );
        assert_eq!(out.code(), Some(1), "{label}\n{}", out.describe());
        assert!(
            out.stderr
                .contains("concurrent.futures.process.BrokenProcessPool"),
            "{label}\n{}",
            out.describe()
        );
        assert!(
            out.elapsed < Duration::from_secs(30),
            "{label}: slow\n{}",
            out.describe()
        );
        out.assert_clean(10);
    }
}

/// Sends `signal` once the pool is busy; the host must end within a few
/// seconds, dying of that signal as `python` does, with every worker gone.
fn signal_during_pool(signal: i32) {
    let mut jobs = Vec::new();
    for method in ["fork", "forkserver", "spawn"] {
        for style in ["with", "bare"] {
            jobs.push((method, style));
        }
    }
    for (method, style, out) in parallel(2, jobs, |(method, style)| {
        let out = host_run([
            "run",
            "--start-method",
            method,
            &script("busy_pool.py"),
            style,
        ])
        .signal(SendSignal {
            when_stdout_has: "POOL STARTED",
            after: Duration::from_secs(30),
            signal,
        })
        .timeout(Duration::from_secs(60))
        .run();
        (method, style, out)
    }) {
        let label = format!("signal {signal} to the host: {method}, `{style}` pool");
        let sent = out.signalled_at.expect("signal sent");
        assert!(
            out.stdout.contains("POOL STARTED") && !out.stdout.contains("finished?!"),
            "{label}\n{}",
            out.describe()
        );
        assert_eq!(out.signal(), Some(signal), "{label}\n{}", out.describe());
        assert!(
            out.elapsed - sent < Duration::from_secs(10),
            "{label}: took {:?} after the signal\n{}",
            out.elapsed - sent,
            out.describe()
        );
        out.assert_clean(10);
    }
}

#[test]
fn sigterm_during_a_pool() {
    signal_during_pool(libc::SIGTERM);
}

#[test]
fn sigint_during_a_pool() {
    signal_during_pool(libc::SIGINT);
}
