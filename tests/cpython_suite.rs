//! CPython's own multiprocessing tests inside the host, test by test
//! against the same interpreter run plainly.
//!
//! For every CPython 3.11 or later on the machine whose test package is
//! installed (`test._test_multiprocessing`: pyenv builds ship it; Debian's
//! `libpython3.X-testsuite`), the host is built against it (`target/py3.X`,
//! shared with the interpreter matrix) and `tests/cpython_suite/driver.py`
//! runs the tests `test.test_multiprocessing_<METHOD>` installs, for fork,
//! forkserver and spawn: inside the host (`mpconfig run --start-method
//! none driver.py`: CPython's own default method, as the suite expects) and
//! under the interpreter itself. The `threads` group (multiprocessing.dummy:
//! threads in one process, the same code whatever the start method) runs
//! with fork only.
//!
//! Two hosts: `python-cli` (`mpconfig run --python-cli driver.py`: a start
//! of the binary that is not a multiprocessing child runs as `python`
//! would) must pass whatever python3 passes; `strict` (without
//! `--python-cli`, the default host) refuses the tests' own
//! `sys.executable -c …` and script starts by design, and its host-only
//! failures must be the ones `tests/cpython_suite/host_only.toml` lists,
//! each with its reason (an entry whose test passes is stale and fails the
//! suite too).
//!
//! A test that fails in the host's full run is run again alone, in the host
//! and under python3. It is a host-only failure when it fails again in the
//! host (or is skipped there alone: the full run's failure stands) and
//! passes (or is skipped) under python3; one that passes alone in the host
//! is reported as flaky, one that fails under python3 too as such.
//!
//! Environment (all optional):
//!
//! * `MPCONFIG_CPYTHON_SUITE_PYTHONS="3.13 3.14"`: only these versions,
//!   each required;
//! * `MPCONFIG_CPYTHON_SUITE_METHODS="spawn"`: only these start methods;
//! * `MPCONFIG_CPYTHON_SUITE_MODES="strict python-cli"`: these modes for
//!   every version (default: `python-cli` for every version, `strict` for
//!   the newest as well);
//! * `MPCONFIG_CPYTHON_SUITE_BASELINE=full`: run python3 over the whole
//!   selection too (the report's "python3 passed" column), not only over
//!   the host's failures;
//! * `MPCONFIG_CPYTHON_SUITE_JOBS=N`: runs at a time (default 3: the tests mostly wait).
//!
//! The report (a Markdown table) goes to stderr and
//! `target/cpython-suite/report-<VERSIONS>.md`.

mod host_support;

#[path = "cpython_suite/compare.rs"]
mod compare;
#[path = "cpython_suite/run.rs"]
mod run;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use compare::{Comparison, Entry, Finding};
use host_support::{build_python, host_bin, parallel, root};
use mpconfig_test_support::cargo::build_host;
use mpconfig_test_support::python::{Interpreter, discover, one_per_version};
use run::{Results, Runner};

/// The oldest CPython whose suite runs here (the 3.11–3.15).
const OLDEST: (u32, u32) = (3, 11);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The host as it ships: every start that is not a multiprocessing
    /// child refused. Its host-only failures must be in the list.
    Strict,
    /// `[interpreter] python_cli = true`: such starts run as `python`
    /// would. No host-only failure is allowed.
    PythonCli,
}

impl Mode {
    fn parse(name: &str) -> Mode {
        match name {
            "strict" => Mode::Strict,
            "python-cli" => Mode::PythonCli,
            other => panic!("MPCONFIG_CPYTHON_SUITE_MODES: {other:?} is not strict or python-cli"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Mode::Strict => "strict",
            Mode::PythonCli => "python-cli",
        }
    }

    /// What goes between the host binary and the driver. The start method
    /// is `none`, CPython's own default, which the suite checks
    /// (`TestStartMethod.test_get_all_start_methods`: 3.14's default is
    /// not fork); the host's default, `auto`, would make it fork.
    fn prefix(self) -> Vec<std::ffi::OsString> {
        let mut prefix = vec!["run".into(), "--start-method".into(), "none".into()];
        if self == Mode::PythonCli {
            prefix.push("--python-cli".into());
        }
        prefix
    }
}

fn env_list(var: &str) -> Option<Vec<String>> {
    std::env::var(var)
        .ok()
        .map(|v| v.split_whitespace().map(str::to_owned).collect())
        .filter(|v: &Vec<String>| !v.is_empty())
}

/// Whether `python` ships the multiprocessing test package.
fn has_suite(python: &Interpreter) -> bool {
    std::process::Command::new(&python.exe)
        .args([
            "-c",
            "import importlib.util, sys; sys.exit(importlib.util.find_spec('test._test_multiprocessing') is None)",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The interpreters to run the suite on.
fn interpreters() -> Vec<Interpreter> {
    let found = one_per_version(&discover());
    let usable: Vec<Interpreter> = found
        .into_values()
        .filter(|i| i.version >= OLDEST && has_suite(i))
        .collect();
    let Some(wanted) = env_list("MPCONFIG_CPYTHON_SUITE_PYTHONS") else {
        return usable;
    };
    let chosen: Vec<Interpreter> = usable
        .iter()
        .filter(|i| wanted.contains(&i.minor()))
        .cloned()
        .collect();
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|w| !chosen.iter().any(|i| &i.minor() == *w))
        .collect();
    assert!(
        missing.is_empty(),
        "MPCONFIG_CPYTHON_SUITE_PYTHONS wants {missing:?}: not found with its test package (found: {:?})",
        usable.iter().map(Interpreter::label).collect::<Vec<_>>()
    );
    chosen
}

/// The host built against `python`: the test's own binary when that is
/// the interpreter it links, else a build of its own.
fn host_for(python: &Interpreter) -> Result<PathBuf, String> {
    let linked = std::process::Command::new(build_python())
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| std::fs::canonicalize(s.trim()).ok());
    if linked.as_ref() == Some(&python.exe) {
        Ok(host_bin())
    } else {
        build_host(python)
    }
}

/// One version × method × mode, compared.
struct Row {
    version: String,
    method: &'static str,
    mode: Mode,
    host: Results,
    python_full: Option<Results>,
    comparison: Comparison,
}

fn run_one(
    python: &Interpreter,
    bin: &Path,
    method: &'static str,
    mode: Mode,
    list: &[Entry],
    full_baseline: bool,
) -> Row {
    let types = if method == "fork" {
        "processes,threads,manager,misc"
    } else {
        "processes,manager,misc"
    };
    let host = Runner {
        program: bin.to_path_buf(),
        prefix: mode.prefix(),
        method,
        types,
    };
    let plain = Runner {
        program: python.exe.clone(),
        prefix: Vec::new(),
        method,
        types,
    };
    let host_results = host.run(&[]);
    let python_full = full_baseline.then(|| plain.run(&[]));
    let failing: Vec<String> = host_results
        .tests
        .iter()
        .filter(|(name, t)| t.verdict.failed() && name.contains('.'))
        .map(|(name, _)| name.clone())
        .collect();
    let (alone, plain_alone) = if failing.is_empty() {
        (Results::default(), Results::default())
    } else {
        let plain_alone = match &python_full {
            Some(_) => Results::default(),
            None => plain.run(&failing),
        };
        (host.run(&failing), plain_alone)
    };
    let minor = python.minor();
    let comparison = Comparison::new(
        &host_results,
        &alone,
        python_full.as_ref().unwrap_or(&plain_alone),
        (mode == Mode::Strict).then_some((list, minor.as_str(), method)),
    );
    Row {
        version: python.full_version.clone(),
        method,
        mode,
        host: host_results,
        python_full,
        comparison,
    }
}

/// The report: one line per version × method × mode, then the host-only
/// failures of each with their reasons.
fn report(rows: &[Row]) -> String {
    let mut out = String::from(
        "| CPython | method | host | tests | python3 passed | host passed | host skipped | host-only failures | flaky | python3 fails too | host run |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut reasons = String::new();
    let mut others = String::new();
    for row in rows {
        let label = format!("{} {} {}", row.version, row.method, row.mode.name());
        let host_only: Vec<String> = row
            .comparison
            .host_only()
            .map(|(test, why)| match why {
                Some(why) => format!("- `{test}`: {why}"),
                None => format!("- `{test}`: **not listed**"),
            })
            .collect();
        if !host_only.is_empty() {
            let _ = writeln!(reasons, "\n{label}:\n{}", host_only.join("\n"));
        }
        for (test, (finding, _)) in &row.comparison.findings {
            let what = match finding {
                Finding::Flaky => "failed in the full run, passed alone in the host",
                Finding::PythonFails => "fails under python3 too",
                _ => continue,
            };
            let _ = writeln!(others, "- {label}: `{test}`: {what}");
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} s |",
            row.version,
            row.method,
            row.mode.name(),
            row.host.tests.len(),
            row.python_full
                .as_ref()
                .map_or_else(|| "—".to_owned(), |p| p.passed().to_string()),
            row.host.passed(),
            row.host.skipped(),
            host_only.len(),
            row.comparison.count(|f| *f == Finding::Flaky),
            row.comparison.count(|f| *f == Finding::PythonFails),
            row.host.elapsed.as_secs_f64(),
        );
    }
    if !reasons.is_empty() {
        out.push_str("\nHost-only failures:\n");
        out.push_str(&reasons);
    }
    if !others.is_empty() {
        out.push_str("\nNot the host's:\n\n");
        out.push_str(&others);
    }
    out
}

#[test]
#[ignore = "slow suite: CPython's own multiprocessing tests in the host (minutes per version × method)"]
fn cpython_multiprocessing_suite_in_the_host() {
    let started = Instant::now();
    let pythons = interpreters();
    assert!(
        !pythons.is_empty(),
        "no CPython {}.{} or later with its test package (test._test_multiprocessing) on this machine",
        OLDEST.0,
        OLDEST.1
    );
    let methods: Vec<String> = env_list("MPCONFIG_CPYTHON_SUITE_METHODS")
        .unwrap_or_else(|| vec!["fork".into(), "forkserver".into(), "spawn".into()]);
    let full_baseline = std::env::var("MPCONFIG_CPYTHON_SUITE_BASELINE").is_ok_and(|v| v == "full");
    let threads = std::env::var("MPCONFIG_CPYTHON_SUITE_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let chosen_modes: Option<Vec<Mode>> = env_list("MPCONFIG_CPYTHON_SUITE_MODES")
        .map(|m| m.iter().map(|m| Mode::parse(m)).collect());
    let newest = pythons.iter().map(|p| p.version).max();
    let list = compare::load_list();
    let mut jobs = Vec::new();
    for python in &pythons {
        // By default: python-cli everywhere (the whole suite must pass);
        // strict on the newest CPython only (it fails exactly the tests
        // that run sys.executable as an interpreter, and a new version is
        // where new ones appear; the older versions' strict results are
        // the committed table in CONTRIBUTING.md).
        let modes = chosen_modes.clone().unwrap_or_else(|| {
            if Some(python.version) == newest {
                vec![Mode::PythonCli, Mode::Strict]
            } else {
                vec![Mode::PythonCli]
            }
        });
        let bin = host_for(python).unwrap_or_else(|e| panic!("{e}"));
        for method in &methods {
            let method: &'static str = match method.as_str() {
                "fork" => "fork",
                "forkserver" => "forkserver",
                "spawn" => "spawn",
                other => panic!("MPCONFIG_CPYTHON_SUITE_METHODS: unknown start method {other:?}"),
            };
            for mode in &modes {
                jobs.push((python, bin.clone(), method, *mode));
            }
        }
    }
    let progress = Mutex::new(());
    let rows = parallel(threads, jobs, |(python, bin, method, mode)| {
        let row = run_one(python, &bin, method, mode, &list, full_baseline);
        let _guard = progress.lock();
        eprintln!(
            "CPython {} {method} {}: {} tests, {} passed, {} host-only ({:.0} s)",
            python.full_version,
            mode.name(),
            row.host.tests.len(),
            row.host.passed(),
            row.comparison.host_only().count(),
            row.host.elapsed.as_secs_f64()
        );
        row
    });
    let table = report(&rows);
    eprintln!("\n{table}\ntotal: {:.0} s", started.elapsed().as_secs_f64());
    let dir = root().join("target/cpython-suite");
    let _ = std::fs::create_dir_all(&dir);
    let versions: Vec<String> = pythons.iter().map(Interpreter::minor).collect();
    let _ = std::fs::write(
        dir.join(format!("report-{}.md", versions.join("-"))),
        &table,
    );
    let mut problems = Vec::new();
    for row in &rows {
        for p in row.comparison.problems() {
            problems.push(format!(
                "CPython {} {} {}: {p}",
                row.version,
                row.method,
                row.mode.name()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
