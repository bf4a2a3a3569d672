//! The libraries users run inside a host, the real ones from PyPI (pinned
//! in `tests/ecosystem/requirements.txt`, installed into a venv this suite
//! makes once): joblib's default (loky) and multiprocessing backends,
//! loky's reusable executor, multiprocess and pathos pools of lambdas, a
//! billiard pool — under every start method the library has. Each program
//! runs under the venv's `python` and in `mpconfig run` from the activated
//! venv: the same output, status 0, no process left, no leak warning, no
//! refused child in the launch log, a bounded number of starts.
//!
//! Then every case under each `sys_frozen` × `executable` config: it ends
//! (no relaunch loop) with a bounded number of starts, in success or in an
//! error that says why; and with a family turned off in `families`, its
//! pool fails at once in the parent, naming the setting.

mod host_support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use host_support::{Outcome, Scratch, build_python, config_file, host_run, parallel, root};
use mpconfig_test_support::venv::{Venv, pinned};

/// The venv with the pinned libraries, made on first use.
fn venv() -> &'static Venv {
    static VENV: OnceLock<Venv> = OnceLock::new();
    VENV.get_or_init(|| {
        let python = which(&build_python());
        pinned(
            &python,
            Path::new(env!("CARGO_TARGET_TMPDIR")),
            &root().join("tests/ecosystem/requirements.txt"),
        )
    })
}

/// The real file behind a command name (`python3` → its `sys.executable`).
fn which(python: &std::ffi::OsStr) -> PathBuf {
    let out = std::process::Command::new(python)
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("run the build interpreter");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The interpreter the host binary was built against (`3.15`).
const PYTHON: &str = env!("MPCONFIG_PYTHON_VERSION");

/// Libraries the pinned releases cannot run on a CPython, under python
/// itself: (library, the first such version, the error python shows).
/// There the host must fail as python fails — the same status and output,
/// the same error, no refused child, nothing left running — since there is
/// no working run to match.
const BROKEN_UNDER_PYTHON: &[(&str, (u32, u32), &str)] = &[
    // dill 0.4.1, the newest release, pickles code objects through
    // `co_lnotab`, which CPython 3.15 removed; multiprocess and pathos
    // pickle with dill.
    (
        "multiprocess",
        (3, 15),
        "'code' object has no attribute 'co_lnotab'",
    ),
    (
        "pathos",
        (3, 15),
        "'code' object has no attribute 'co_lnotab'",
    ),
];

/// The error `library` fails with under python on this interpreter, if
/// it is one of [`BROKEN_UNDER_PYTHON`].
fn broken_under_python(library: &str) -> Option<&'static str> {
    let (major, minor) = PYTHON.split_once('.').expect("X.Y");
    let version: (u32, u32) = (major.parse().unwrap(), minor.parse().unwrap());
    BROKEN_UNDER_PYTHON
        .iter()
        .find(|(l, from, _)| *l == library && version >= *from)
        .map(|(_, _, error)| *error)
}

/// One program of `tests/ecosystem/` with its arguments.
#[derive(Clone, Copy, Debug)]
struct Case {
    library: &'static str,
    method: &'static str,
    program: &'static str,
    args: &'static [&'static str],
    /// The family the host answers its children as (for `families`).
    family: &'static str,
}

const CASES: &[Case] = &[
    Case {
        library: "joblib",
        method: "loky (default)",
        program: "joblib_parallel.py",
        args: &["loky"],
        family: "joblib",
    },
    Case {
        library: "joblib",
        method: "multiprocessing fork",
        program: "joblib_parallel.py",
        args: &["multiprocessing", "fork"],
        family: "joblib",
    },
    Case {
        library: "joblib",
        method: "multiprocessing forkserver",
        program: "joblib_parallel.py",
        args: &["multiprocessing", "forkserver"],
        family: "joblib",
    },
    Case {
        library: "joblib",
        method: "multiprocessing spawn",
        program: "joblib_parallel.py",
        args: &["multiprocessing", "spawn"],
        family: "joblib",
    },
    Case {
        library: "loky",
        method: "loky",
        program: "loky_executor.py",
        args: &["loky"],
        family: "loky",
    },
    Case {
        library: "loky",
        method: "loky_init_main",
        program: "loky_executor.py",
        args: &["loky_init_main"],
        family: "loky",
    },
    Case {
        library: "loky",
        method: "spawn",
        program: "loky_executor.py",
        args: &["spawn"],
        family: "loky",
    },
    Case {
        library: "loky",
        method: "forkserver",
        program: "loky_executor.py",
        args: &["forkserver"],
        family: "loky",
    },
    Case {
        library: "multiprocess",
        method: "fork",
        program: "multiprocess_pool.py",
        args: &["fork"],
        family: "multiprocess",
    },
    Case {
        library: "multiprocess",
        method: "forkserver",
        program: "multiprocess_pool.py",
        args: &["forkserver"],
        family: "multiprocess",
    },
    Case {
        library: "multiprocess",
        method: "spawn",
        program: "multiprocess_pool.py",
        args: &["spawn"],
        family: "multiprocess",
    },
    Case {
        library: "pathos",
        method: "fork",
        program: "pathos_pool.py",
        args: &["fork"],
        family: "multiprocess",
    },
    Case {
        library: "pathos",
        method: "forkserver",
        program: "pathos_pool.py",
        args: &["forkserver"],
        family: "multiprocess",
    },
    Case {
        library: "pathos",
        method: "spawn",
        program: "pathos_pool.py",
        args: &["spawn"],
        family: "multiprocess",
    },
    Case {
        library: "billiard",
        method: "fork",
        program: "billiard_pool.py",
        args: &["fork"],
        family: "billiard",
    },
    Case {
        library: "billiard",
        method: "forkserver",
        program: "billiard_pool.py",
        args: &["forkserver"],
        family: "billiard",
    },
    Case {
        library: "billiard",
        method: "spawn",
        program: "billiard_pool.py",
        args: &["spawn"],
        family: "billiard",
    },
];

/// At most this many starts of the host binary in one case: the main
/// program, two workers, up to two trackers and a fork server, and room
/// for one replaced worker.
const MAX_STARTS: usize = 8;

fn program(case: &Case) -> String {
    root()
        .join("tests/ecosystem")
        .join(case.program)
        .display()
        .to_string()
}

/// The case under the venv's own `python`: (status, stdout).
fn under_python(case: &Case, cwd: &Path) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(&venv().python)
        .arg(program(case))
        .args(case.args)
        .current_dir(cwd)
        .env_remove("MPCONFIG_LOG")
        .output()
        .expect("run the venv's python");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The case in `mpconfig run` from the activated venv, with `config`.
///
/// For before/after tables, `MPCONFIG_ECOSYSTEM_BIN` runs another build of
/// the host instead, and `MPCONFIG_ECOSYSTEM_PYTHONPATH=1` also puts the
/// venv's site-packages on `PYTHONPATH` (the workaround for a host that
/// ignores venvs).
fn in_host(case: &Case, config: Option<&Path>, cwd: &Path) -> Outcome {
    let mut args = vec!["run".to_owned()];
    if let Some(c) = config {
        args.extend(["--config".to_owned(), c.display().to_string()]);
    }
    args.push(program(case));
    args.extend(case.args.iter().map(|a| (*a).to_owned()));
    let mut run = host_run(args).cwd(cwd).timeout(Duration::from_secs(90));
    if let Some(bin) = std::env::var_os("MPCONFIG_ECOSYSTEM_BIN") {
        run = run.program(bin);
    }
    if std::env::var_os("MPCONFIG_ECOSYSTEM_PYTHONPATH").is_some_and(|v| v == "1") {
        run = run.env("PYTHONPATH", venv().site_packages());
    }
    for (k, v) in venv().activated_env() {
        run = run.env(k, v);
    }
    run.run()
}

/// What a user would see of a host run against python's output: `ok`, or
/// the first thing wrong.
fn verdict(python_stdout: &str, host: &Outcome) -> String {
    if host.timed_out {
        return "did not end".into();
    }
    if host.code() != Some(0) {
        return format!(
            "exit {}",
            host.code().map_or("by signal".into(), |c| c.to_string())
        );
    }
    if host.stdout.trim() != python_stdout {
        return "other output".into();
    }
    if refused(host) > 0 {
        return format!("{} refused", refused(host));
    }
    if host.stderr.contains("leaked") || host.stderr.contains("resource_tracker:") {
        return "leak warning".into();
    }
    if !host.leftovers.is_empty() {
        return format!("{} left running", host.leftovers.len());
    }
    "ok".into()
}

/// Launch-log words that mean a child was not run.
fn refused(out: &Outcome) -> usize {
    out.launches
        .iter()
        .filter(|l| matches!(l.what.as_str(), "refused" | "rejected" | "unverified"))
        .count()
}

#[test]
#[ignore = "slow suite: the real libraries from PyPI (a venv is made on first run)"]
fn every_library_works_in_the_host_as_under_python() {
    let dir = Scratch::new("ecosystem");
    let results = parallel(2, CASES.to_vec(), |case| {
        (
            case,
            under_python(&case, dir.path()),
            in_host(&case, None, dir.path()),
        )
    });
    println!("| library | method | python3 | host | host starts |");
    println!("|---|---|---|---|---|");
    for (case, python, host) in &results {
        let counts: Vec<String> = host
            .launch_counts()
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        println!(
            "| {} | {} | {} | {} | {} ({}) |",
            case.library,
            case.method,
            if python.0 == Some(0) { "ok" } else { "FAILED" },
            match broken_under_python(case.library) {
                Some(error) if host.code() == python.0 && host.stderr.contains(error) =>
                    "fails as python".to_owned(),
                _ => verdict(&python.1, host),
            },
            host.launches.len(),
            counts.join(", ")
        );
    }
    for (case, python, host) in &results {
        let what = format!("{} {}", case.library, case.method);
        if let Some(error) = broken_under_python(case.library) {
            assert!(
                python.0 != Some(0) && python.2.contains(error),
                "{what}: python {PYTHON} no longer fails with {error:?}: drop its BROKEN_UNDER_PYTHON entry\n{}",
                python.2
            );
            assert_eq!(host.code(), python.0, "{what}\n{}", host.describe());
            assert_eq!(host.stdout.trim(), python.1, "{what}\n{}", host.describe());
            assert!(host.stderr.contains(error), "{what}\n{}", host.describe());
            assert_eq!(refused(host), 0, "{what}\n{}", host.describe());
            host.assert_clean(MAX_STARTS);
            continue;
        }
        assert_eq!(python.0, Some(0), "{what} under python: {}", python.2);
        assert!(python.1.contains("\"squares\""), "{what}: {}", python.1);
        assert_eq!(host.code(), Some(0), "{what}\n{}", host.describe());
        assert_eq!(
            host.stdout.trim(),
            python.1,
            "{what}: not what python printed\n{}",
            host.describe()
        );
        assert_eq!(
            refused(host),
            0,
            "{what}: a child was refused\n{}",
            host.describe()
        );
        host.assert_clean(MAX_STARTS);
    }
}

/// The `[multiprocessing]` lines of the combinations measured for
/// relaunch loops.
const COMBINATIONS: &[(&str, &[&str])] = &[
    ("frozen, host", &[]),
    ("unfrozen, host", &["sys_frozen = false"]),
    (
        "unfrozen, python",
        &["sys_frozen = false", "executable = \"python\""],
    ),
    ("frozen, python", &["executable = \"python\""]),
];

#[test]
#[ignore = "slow suite: the real libraries from PyPI (a venv is made on first run)"]
fn no_case_relaunches_in_any_combination() {
    let dir = Scratch::new("ecosystem-combos");
    let mut jobs = Vec::new();
    for (i, (name, lines)) in COMBINATIONS.iter().enumerate() {
        let lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        let cfg = config_file(&dir, &format!("c{i}.toml"), &lines);
        for case in CASES {
            jobs.push((*name, cfg.clone(), *case));
        }
    }
    let results = parallel(2, jobs, |(name, cfg, case)| {
        (name, case, in_host(&case, Some(&cfg), dir.path()))
    });
    println!("| library | method | config | status | starts | refused |");
    println!("|---|---|---|---|---|---|");
    for (name, case, out) in &results {
        println!(
            "| {} | {} | {name} | {:?} | {} | {} |",
            case.library,
            case.method,
            out.code(),
            out.launches.len(),
            refused(out)
        );
    }
    for (name, case, out) in &results {
        let what = format!("{} {} ({name})", case.library, case.method);
        assert!(!out.timed_out, "{what}: did not end\n{}", out.describe());
        assert!(out.leftovers.is_empty(), "{what}\n{}", out.describe());
        assert!(
            out.launches.len() <= MAX_STARTS,
            "{what}: relaunch loop?\n{}",
            out.describe()
        );
        if out.code() != Some(0) {
            // Not run: then it says why, in the parent, with the config's words.
            assert!(
                out.stdout.contains("mpconfig") || out.stderr.contains("mpconfig"),
                "{what}: failed without saying why\n{}",
                out.describe()
            );
        }
    }
}

#[test]
#[ignore = "slow suite: the real libraries from PyPI (a venv is made on first run)"]
fn a_family_turned_off_is_refused_in_the_parent() {
    let dir = Scratch::new("ecosystem-off");
    let cases: Vec<Case> = CASES
        .iter()
        .filter(|c| !c.method.contains("fork") || c.method.contains("forkserver"))
        .copied()
        .collect();
    let results = parallel(2, cases, |case| {
        let others: Vec<String> = [
            "multiprocessing",
            "multiprocess",
            "billiard",
            "loky",
            "joblib",
        ]
        .iter()
        .filter(|f| **f != case.family)
        .map(|f| format!("\"{f}\""))
        .collect();
        let cfg = config_file(
            &dir,
            &format!(
                "off-{}-{}.toml",
                case.library,
                case.method.replace(' ', "_")
            ),
            &[format!("families = [{}]", others.join(", "))],
        );
        (case, in_host(&case, Some(&cfg), dir.path()))
    });
    for (case, out) in &results {
        let what = format!("{} {} without {}", case.library, case.method, case.family);
        println!(
            "{what}: status {:?}, {} starts {:?}",
            out.code(),
            out.launches.len(),
            out.launch_counts()
        );
        assert!(!out.timed_out, "{what}\n{}", out.describe());
        assert!(out.leftovers.is_empty(), "{what}\n{}", out.describe());
        assert!(
            out.launches.len() <= MAX_STARTS,
            "{what}: relaunch loop?\n{}",
            out.describe()
        );
        // A child of the family was refused before it started, with the
        // setting's name; none reached the host as a refused start.
        if out.code() != Some(0) {
            assert!(
                out.stderr.contains("families"),
                "{what}: no word of `families`\n{}",
                out.describe()
            );
        }
    }
}
