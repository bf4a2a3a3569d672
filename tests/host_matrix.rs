//! The host built against every CPython 3.9–3.13 on the machine.
//!
//! For each interpreter, `cargo build --bin mpconfig` with
//! `PYO3_PYTHON=<that interpreter>` into its own target directory
//! (`target/py3.X`), then a representative subset of the end-to-end cases
//! runs on that binary: the embedded `sys.version` is the interpreter's,
//! every start method (and both spawn forms), seeds, exit statuses, a
//! refused command line, SIGTERM during a pool. Builds run one after the
//! other (each uses every core); the runs of a version overlap the next
//! build.
//!
//! `MPCONFIG_REQUIRE_PYTHONS` ("3.8 3.9 …", set by `.ci/run`) makes a
//! missing version fail; 3.8 is below pyo3's floor and is skipped for the
//! host with a note.

mod host_support;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use host_support::{Outcome, Scratch, SendSignal, config_file, host_run, script, seed};
use mpconfig_test_support::cargo::build_host;
use mpconfig_test_support::python::{Interpreter, discover, one_per_version, required_versions};

/// pyo3 0.30 builds against CPython 3.9 and later.
const PYO3_FLOOR: (u32, u32) = (3, 9);
const NEWEST: (u32, u32) = (3, 13);

/// Runs the subset on one binary; returns `(case, error)` for failures.
fn cases(python: &Interpreter, bin: &Path) -> Vec<(String, String)> {
    let dir = Scratch::new("matrix");
    let mut failures = Vec::new();
    let mut check = |case: &str, out: &Outcome, ok: bool, max_launches: usize| {
        let clean = !out.timed_out
            && out.leftovers.is_empty()
            && !out.stderr.contains("leaked")
            && !out.stderr.contains("resource_tracker:")
            && out.launches.len() <= max_launches;
        if !(ok && clean) {
            failures.push((case.to_owned(), out.describe()));
        }
    };
    let run = |args: Vec<String>| host_run(args).program(bin).run();

    // The embedded interpreter is the one built against.
    let out = run(vec!["run".into(), script("introspect.py")]);
    let version = std::process::Command::new(&python.exe)
        .args(["-c", "import sys; print(sys.version)"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim_end().to_owned())
        .unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap_or_default();
    check(
        "sys.version",
        &out,
        out.code() == Some(0)
            && v["version"] == version.as_str()
            && v["executable"] == bin.display().to_string()
            && v["mp_loaded_at_start"] == false,
        1,
    );

    // Start methods × sys_frozen (both spawn forms).
    for (method, frozen, expect) in [
        ("fork", true, "fork"),
        ("forkserver", false, "forkserver"),
        ("spawn", true, "spawn"),
        ("spawn", false, "spawn"),
        ("auto", true, "fork"),
        ("none", false, "fork"),
    ] {
        let cfg = config_file(
            &dir,
            &format!("{method}-{frozen}.toml"),
            &[
                format!("start_method = \"{method}\""),
                format!("sys_frozen = {frozen}"),
            ],
        );
        let out = run(vec![
            "run".into(),
            "--config".into(),
            cfg.display().to_string(),
            script("suite.py"),
            expect.into(),
            frozen.to_string(),
            "5".into(),
        ]);
        let spawn_form = if frozen {
            "SpawnFrozenPosix"
        } else {
            "SpawnPosix"
        };
        let forms_ok = expect != "spawn" || out.launch_counts().contains_key(spawn_form);
        check(
            &format!("suite {method} frozen={frozen}"),
            &out,
            out.code() == Some(5) && out.stdout.contains("\"exit_codes\": [0, 3, 1]") && forms_ok,
            40,
        );
    }

    // Seeds that set their own method (spawn re-runs the module).
    for (name, want) in [
        (
            "002_spawn.py",
            "Start Method: spawn\nHello from new process\n",
        ),
        (
            "002_forkserver.py",
            "Start Method: forkserver\nHello from new process\n",
        ),
        ("002_runtime_error.py", "Start Method: spawn\n"),
    ] {
        let out = run(vec!["run".into(), seed(name)]);
        check(
            &format!("seed {name}"),
            &out,
            out.code() == Some(0) && out.stdout == want,
            10,
        );
    }
    let out = run(vec!["run".into(), seed("004_countdown.py")]);
    check(
        "seed 004_countdown.py",
        &out,
        out.code() == Some(0) && out.stdout.matches("Count value").count() == 30,
        10,
    );

    // Exit statuses.
    for (args, code) in [
        (vec!["str"], 1),
        (vec!["int", "3"], 3),
        (vec!["none"], 0),
        (vec!["exception"], 1),
    ] {
        let mut argv = vec!["run".to_owned(), script("exits.py")];
        argv.extend(args.iter().map(|a| (*a).to_owned()));
        let out = run(argv);
        check(
            &format!("exits {args:?}"),
            &out,
            out.code() == Some(code),
            1,
        );
    }

    // A refused command line.
    let marker = dir.path().join("PWNED");
    let out = host_run([
        "-c".to_owned(),
        format!(
            "from multiprocessing.resource_tracker import main;main(5); open('{}', 'w')",
            marker.display()
        ),
    ])
    .program(bin)
    .run();
    check(
        "refused command line",
        &out,
        out.code() == Some(2) && !marker.exists() && out.stderr.contains("refusing"),
        1,
    );

    // SIGTERM while a spawn pool works.
    let out = host_run([
        "run".to_owned(),
        "--start-method".into(),
        "spawn".into(),
        script("busy_pool.py"),
        "with".into(),
    ])
    .program(bin)
    .signal(SendSignal {
        when_stdout_has: "POOL STARTED",
        after: Duration::from_secs(30),
        signal: libc::SIGTERM,
    })
    .timeout(Duration::from_secs(60))
    .run();
    let prompt = out
        .signalled_at
        .is_some_and(|t| out.elapsed - t < Duration::from_secs(10));
    check(
        "SIGTERM during a spawn pool",
        &out,
        out.signal() == Some(libc::SIGTERM) && prompt,
        10,
    );
    failures
}

#[test]
#[ignore = "slow suite: `cargo test --workspace -- --include-ignored` runs it (CI does)"]
fn host_on_every_python() {
    let found = one_per_version(&discover());
    let mut missing = Vec::new();
    for (major, minor) in required_versions() {
        if (major, minor) < PYO3_FLOOR {
            eprintln!(
                "note: CPython {major}.{minor} is required by MPCONFIG_REQUIRE_PYTHONS but is below pyo3's floor ({}.{}): the host is not built for it (the bootstrap tests cover it)",
                PYO3_FLOOR.0, PYO3_FLOOR.1
            );
            continue;
        }
        if !found.contains_key(&(major, minor)) {
            missing.push(format!("{major}.{minor}"));
        }
    }
    assert!(
        missing.is_empty(),
        "MPCONFIG_REQUIRE_PYTHONS wants {missing:?}, not found (found {:?})",
        found.values().map(|i| &i.full_version).collect::<Vec<_>>()
    );
    let pythons: Vec<Interpreter> = found
        .into_values()
        .filter(|i| i.version >= PYO3_FLOOR && i.version <= NEWEST)
        .collect();
    assert!(!pythons.is_empty(), "no CPython 3.9–3.13 on this machine");

    let started = Instant::now();
    let report: Mutex<Vec<((u32, u32), String)>> = Mutex::new(Vec::new());
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for python in &pythons {
            let t = Instant::now();
            let bin = match build_host(python) {
                Ok(bin) => bin,
                Err(e) => {
                    failures.lock().unwrap().push(e);
                    continue;
                }
            };
            let built = t.elapsed();
            let (report, failures) = (&report, &failures);
            s.spawn(move || {
                let t = Instant::now();
                let failed = cases(python, &bin);
                let line = format!(
                    "CPython {:<8} built in {:>5.1}s, cases in {:>5.1}s: {}",
                    python.full_version,
                    built.as_secs_f64(),
                    t.elapsed().as_secs_f64(),
                    if failed.is_empty() {
                        "all passed".to_owned()
                    } else {
                        format!("{} FAILED", failed.len())
                    }
                );
                report.lock().unwrap().push((python.version, line));
                for (case, detail) in failed {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("CPython {}: {case}\n{detail}", python.full_version));
                }
            });
        }
    });
    let mut report = report.into_inner().unwrap();
    report.sort();
    for (_, line) in &report {
        eprintln!("{line}");
    }
    eprintln!("matrix: {:.1}s", started.elapsed().as_secs_f64());
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
