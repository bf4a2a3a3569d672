//! The bootstrap on every CPython on the machine: each version × start method
//! × apply mode runs bootstrap + a real workload (`Pool(2).map`,
//! `ProcessPoolExecutor`) under plain CPython; plus the program that calls
//! `set_start_method` once, and a batch of worker-free checks (every import
//! form, running twice, already imported, errors, escaping).
//!
//! Versions run in parallel processes; every child has a timeout and its
//! whole process group is killed afterwards. `MPCONFIG_REQUIRE_PYTHONS="3.8
//! 3.9 ..."` turns a missing interpreter into a failure.
//!
//! Under plain `python3`, `sys_frozen = true` with spawn would hand workers
//! `--multiprocessing-fork`, which a real interpreter rejects (endless
//! relaunch), so `sys_frozen` is true only where the effective method is
//! fork or forkserver.

#![cfg(unix)]

mod bootstrap_support;
#[path = "bootstrap_matrix/expect.rs"]
mod expect;
#[path = "bootstrap_matrix/misc.rs"]
mod misc;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mpconfig_core::bootstrap::{BootstrapOptions, render};
use mpconfig_core::{Apply, Executable, Family, MultiprocessingConfig, OnError, StartMethod};
use serde_json::{Value, json};

use bootstrap_support::{Interpreter, TempDir, interpreters_or_skip, run_with_timeout};
use expect::Expect;

const CHILD_TIMEOUT: Duration = Duration::from_secs(90);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bootstrap_fixtures");

const FORMS: [&str; 5] = ["import", "from", "pool", "cf", "already"];

/// Executable names for `executable = <path>`: symlinks to the interpreter
/// with quotes, backslash, newline, non-ASCII and (first) non-UTF-8 bytes.
const WEIRD_NAMES: [&[u8]; 2] = [
    b"py th'o\"n\\ \n\xff\xfe-x",
    "py th'o\"n \u{e9}\u{20ac}\u{1f600}".as_bytes(),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum ExeVariant {
    Host,
    Python,
    Weird(usize),
}

#[derive(Debug, Clone)]
enum Program {
    Workload {
        method: StartMethod,
        apply: Apply,
        exe: ExeVariant,
        form: &'static str,
        frozen: bool,
        /// Every family (the default) or multiprocessing alone: with
        /// multiprocess and billiard hooked and never imported, the finder
        /// stays in `sys.meta_path` for them.
        all_families: bool,
    },
    Once {
        apply: Apply,
    },
    Misc,
}

struct Case {
    interp: usize,
    program: Program,
}

impl Case {
    fn name(&self) -> String {
        match &self.program {
            Program::Workload {
                method,
                apply,
                exe,
                form,
                frozen,
                all_families,
            } => format!(
                "{method}/{apply} exe={} form={form}{}{}",
                match exe {
                    ExeVariant::Host => "host".to_owned(),
                    ExeVariant::Python => "python".to_owned(),
                    ExeVariant::Weird(i) => format!("weird{i}"),
                },
                if *frozen { " frozen" } else { "" },
                if *all_families {
                    ""
                } else {
                    " families=multiprocessing"
                }
            ),
            Program::Once { apply } => format!("set_start_method-once/{apply}"),
            Program::Misc => "misc".to_owned(),
        }
    }
}

/// What `start_method` means on this machine for this version.
fn effective(method: StartMethod, version: (u32, u32)) -> &'static str {
    match method {
        StartMethod::Fork => "fork",
        StartMethod::Forkserver => "forkserver",
        StartMethod::Spawn => "spawn",
        StartMethod::Auto => "fork",
        StartMethod::None if cfg!(target_os = "macos") => "spawn",
        StartMethod::None if version >= (3, 14) => "forkserver",
        StartMethod::None => "fork",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn os_path(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

fn cases_for(interp: usize, version: (u32, u32)) -> Vec<Case> {
    let mut cases = Vec::new();
    let methods = [
        StartMethod::Fork,
        StartMethod::Forkserver,
        StartMethod::Spawn,
        StartMethod::None,
        StartMethod::Auto,
    ];
    let mut k = 0;
    let mut weird = 0;
    for method in methods {
        for apply in Apply::ALL {
            let exe = match k % 3 {
                0 => ExeVariant::Host,
                1 => ExeVariant::Python,
                _ => {
                    weird += 1;
                    ExeVariant::Weird((weird - 1) % WEIRD_NAMES.len())
                }
            };
            cases.push(Case {
                interp,
                program: Program::Workload {
                    method,
                    apply,
                    exe,
                    form: FORMS[k % FORMS.len()],
                    frozen: effective(method, version) != "spawn",
                    // Independent of the apply mode, which alternates with k.
                    all_families: (k / 2) % 2 == 0,
                },
            });
            k += 1;
        }
    }
    for apply in Apply::ALL {
        cases.push(Case {
            interp,
            program: Program::Once { apply },
        });
    }
    cases.push(Case {
        interp,
        program: Program::Misc,
    });
    cases
}

struct Env<'a> {
    dir: &'a Path,
    interps: &'a [Interpreter],
    /// Per interpreter, the weird symlinks to its binary.
    weird: Vec<Vec<PathBuf>>,
}

/// `families`: every family (the default), or multiprocessing alone.
fn families(all: bool) -> Vec<Family> {
    if all {
        Family::ALL.to_vec()
    } else {
        vec![Family::Multiprocessing]
    }
}

/// The modules `mp`'s bootstrap hooks (on POSIX): the settings packages of
/// its families, their `spawn` modules for an executable other than the
/// host, their `forkserver` modules for a preload, and `_posixsubprocess`.
fn hooked(mp: &MultiprocessingConfig) -> Vec<String> {
    let packages: Vec<&str> = Family::ALL
        .iter()
        .filter(|f| f.takes_settings() && mp.families.contains(f))
        .map(|f| f.package())
        .collect();
    let mut names: Vec<String> = packages.iter().map(|p| (*p).to_owned()).collect();
    if mp.executable != Executable::Host {
        names.extend(packages.iter().map(|p| format!("{p}.spawn")));
    }
    if !mp.forkserver_preload.is_empty() {
        names.extend(packages.iter().map(|p| format!("{p}.forkserver")));
    }
    names.push("_posixsubprocess".to_owned());
    names
}

fn preload_for(method: StartMethod) -> Vec<String> {
    if method == StartMethod::Forkserver {
        vec!["json".into(), "mpconfig_no_such_module'\n\"".into()]
    } else {
        Vec::new()
    }
}

fn write_script(env: &Env<'_>, name: &str, boots: &[String]) -> PathBuf {
    let mut script = fs::read_to_string(format!("{FIXTURES}/prelude.py")).unwrap();
    for boot in boots {
        script.push_str(boot);
    }
    script.push_str(&fs::read_to_string(format!("{FIXTURES}/workload.py")).unwrap());
    let path = env.dir.join(format!("{name}.py"));
    fs::write(&path, script).unwrap();
    path
}

fn python(interp: &Interpreter, dir: &Path) -> Command {
    let mut cmd = Command::new(&interp.exe);
    cmd.current_dir(dir);
    for var in [
        "PYTHONPATH",
        "PYTHONHOME",
        "PYTHONSTARTUP",
        "PYTHONEXECUTABLE",
        "PYTHONSAFEPATH",
        "__PYVENV_LAUNCHER__",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs one case; returns the failures (empty = pass).
fn run_case(env: &Env<'_>, index: usize, case: &Case) -> Vec<String> {
    let interp = &env.interps[case.interp];
    match &case.program {
        Program::Workload {
            method,
            apply,
            exe,
            form,
            frozen,
            all_families,
        } => {
            let executable = match exe {
                ExeVariant::Host => Executable::Host,
                ExeVariant::Python => Executable::Python,
                ExeVariant::Weird(i) => Executable::Path(env.weird[case.interp][*i].clone()),
            };
            let mp = MultiprocessingConfig {
                start_method: *method,
                apply: *apply,
                sys_frozen: *frozen,
                executable: executable.clone(),
                forkserver_preload: preload_for(*method),
                // Warn, not fail: the preload list names a missing module.
                forkserver_preload_on_error: OnError::Warn,
                families: families(*all_families),
                ..Default::default()
            };
            let boot = render(&mp, &BootstrapOptions::new().origin(&case.name()));
            let script = write_script(env, &format!("case{index}"), &[boot]);
            let config = json!({"program": "workload", "form": form, "hooked": hooked(&mp)});
            let facts = match run_facts(interp, env.dir, &script, &config) {
                Ok(f) => f,
                Err(e) => return vec![e],
            };
            let mut expect = Expect::new(&facts);
            let method_name = effective(*method, interp.version);
            let on_import = *apply == Apply::OnImport;
            let already = *form == "already";
            expect.eq("mp_before_boot", json!(false));
            expect.eq("mp_after_boot", json!(!on_import || already));
            expect.eq("frozen", if *frozen { json!(true) } else { Value::Null });
            // The finder waits for multiprocessing (on import), its spawn
            // module (an executable other than the host), _posixsubprocess
            // and the other families' packages, which this program never
            // imports; it leaves when none is left.
            for when in ["boot", "import"] {
                expect.finder_while_pending(when);
                expect.pending(when, "multiprocess", *all_families);
            }
            expect.pending("boot", "multiprocessing", on_import && !already);
            expect.pending("import", "multiprocessing", false);
            // Nothing python does not import for these forms: spawn only
            // when the startup mode sets an executable other than the host
            // or a preload (forkserver imports spawn).
            let eager_spawn =
                !on_import && (*exe != ExeVariant::Host || !mp.forkserver_preload.is_empty());
            expect.eq("spawn_after_import", json!(eager_spawn));
            expect.loaders();
            expect.eq("allow_none", Value::Null);
            expect.eq("default", json!(method_name));
            expect.eq("method", json!(method_name));
            match exe {
                ExeVariant::Host => expect.same("exe", "sys_executable"),
                ExeVariant::Python => expect.eq("exe_samefile", json!(true)),
                ExeVariant::Weird(i) => {
                    expect.eq("exe", json!(hex(&path_bytes(&env.weird[case.interp][*i]))))
                }
            }
            if method_name == "forkserver" {
                // An empty forkserver_preload calls nothing: CPython's own
                // default preload, ['__main__'], and on_error ('ignore',
                // 3.15+) stay (`none` is forkserver on 3.14+).
                let configured = !mp.forkserver_preload.is_empty();
                let preload = if configured {
                    mp.forkserver_preload.clone()
                } else {
                    vec!["__main__".to_owned()]
                };
                expect.eq("preload", json!(preload));
                // CPython 3.15's `on_error`; older versions have no such option.
                let on_error = (interp.version >= (3, 15)).then_some(if configured {
                    "warn"
                } else {
                    "ignore"
                });
                expect.eq("preload_on_error", json!(on_error));
            }
            for key in ["pool", "ppe"] {
                expect.squares(key);
                expect.workers(key, method_name);
            }
            expect.errors
        }
        Program::Once { apply } => {
            let mp = MultiprocessingConfig {
                start_method: StartMethod::Forkserver,
                apply: *apply,
                sys_frozen: false,
                families: families(false),
                ..Default::default()
            };
            let boot = render(&mp, &BootstrapOptions::new().origin("once"));
            // Twice: running the bootstrap again must be harmless.
            let script = write_script(env, &format!("case{index}"), &[boot.clone(), boot]);
            let config = json!({"program": "once", "hooked": hooked(&mp)});
            let facts = match run_facts(interp, env.dir, &script, &config) {
                Ok(f) => f,
                Err(e) => return vec![e],
            };
            let mut expect = Expect::new(&facts);
            let on_import = *apply == Apply::OnImport;
            expect.finder_while_pending("boot");
            expect.finder_while_pending("import");
            expect.pending("boot", "multiprocessing", on_import);
            expect.eq("allow_none", Value::Null);
            expect.eq("default_before_call", json!("forkserver"));
            expect.eq("own_call", json!("ok"));
            expect.eq("method", json!("spawn"));
            expect.eq("second_call", json!("context has already been set"));
            expect.eq("get_context_forkserver", json!("forkserver"));
            expect.same("exe", "sys_executable");
            for (key, method) in [
                ("pool", "spawn"),
                ("ppe", "spawn"),
                ("ppe_fork", "fork"),
                ("pool_forkserver", "forkserver"),
            ] {
                expect.squares(key);
                expect.workers_kind(key, method);
            }
            expect.errors
        }
        Program::Misc => misc::run_misc(env, index, interp),
    }
}

fn run_facts(
    interp: &Interpreter,
    dir: &Path,
    script: &Path,
    config: &Value,
) -> Result<Value, String> {
    let mut cmd = python(interp, dir);
    cmd.arg(script).env("MPCONFIG_MATRIX", config.to_string());
    let run = run_with_timeout(cmd, Some(dir), CHILD_TIMEOUT).map_err(|e| e.to_string())?;
    if run.timed_out {
        return Err(format!(
            "timed out after {CHILD_TIMEOUT:?} (relaunch loop?)\n{}",
            run.stderr_tail()
        ));
    }
    let stdout = run.stdout_str();
    let line = stdout.lines().find_map(|l| l.strip_prefix("MATRIX-FACTS "));
    match (run.status.success(), line) {
        (true, Some(line)) => serde_json::from_str(line).map_err(|e| format!("bad facts: {e}")),
        _ => Err(format!(
            "exit {:?}, stdout {stdout:?}\n{}",
            run.status,
            run.stderr_tail()
        )),
    }
}

#[test]
#[ignore = "slow suite: `cargo test --workspace -- --include-ignored` runs it (CI does)"]
fn bootstrap_matrix_on_every_cpython() {
    let interps = interpreters_or_skip("bootstrap_matrix_on_every_cpython");
    if interps.is_empty() {
        eprintln!("note: no CPython 3.8+ found; matrix skipped");
        return;
    }
    let tmp = TempDir::new("mpconfig-matrix");
    let weird: Vec<Vec<PathBuf>> = interps
        .iter()
        .enumerate()
        .map(|(i, interp)| {
            let d = tmp.path().join(format!("exe{i}"));
            fs::create_dir_all(&d).unwrap();
            WEIRD_NAMES
                .iter()
                .map(|name| {
                    let link = d.join(os_path(name));
                    std::os::unix::fs::symlink(&interp.exe, &link).unwrap();
                    link
                })
                .collect()
        })
        .collect();
    let env = Env {
        dir: tmp.path(),
        interps: &interps,
        weird,
    };

    // Interleave interpreters so that every version runs in parallel.
    let per: Vec<Vec<Case>> = interps
        .iter()
        .enumerate()
        .map(|(i, interp)| cases_for(i, interp.version))
        .collect();
    let longest = per.iter().map(Vec::len).max().unwrap_or(0);
    let mut cases = Vec::new();
    let mut per: Vec<std::vec::IntoIter<Case>> = per.into_iter().map(Vec::into_iter).collect();
    for _ in 0..longest {
        for it in per.iter_mut() {
            cases.extend(it.next());
        }
    }

    let jobs = std::env::var("MPCONFIG_MATRIX_JOBS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()) + 1);
    let started = Instant::now();
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<(usize, Vec<String>, Duration)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap();
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(case) = cases.get(i) else { break };
                    let t = Instant::now();
                    let errors = run_case(&env, i, case);
                    results.lock().unwrap().push((i, errors, t.elapsed()));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);

    // Report: per interpreter, pass count and failing cases.
    let mut report = String::new();
    let mut failures = String::new();
    let mut total_pass = 0;
    for (i, interp) in interps.iter().enumerate() {
        let mine: Vec<_> = results.iter().filter(|r| cases[r.0].interp == i).collect();
        let pass = mine.iter().filter(|r| r.1.is_empty()).count();
        total_pass += pass;
        let slowest = mine.iter().map(|r| r.2).max().unwrap_or_default();
        let _ = writeln!(
            report,
            "{:<60} {pass:>2}/{} passed (slowest case {:.1}s)",
            interp.label(),
            mine.len(),
            slowest.as_secs_f64()
        );
        for r in mine.iter().filter(|r| !r.1.is_empty()) {
            let _ = writeln!(
                failures,
                "--- {} :: {}\n{}",
                interp.label(),
                cases[r.0].name(),
                r.1.join("\n")
            );
        }
    }
    let _ = writeln!(
        report,
        "{total_pass}/{} cases passed on {} interpreters in {:.1}s ({jobs} jobs)",
        cases.len(),
        interps.len(),
        started.elapsed().as_secs_f64()
    );
    eprintln!("{report}");
    if let Some(first) = interps.first() {
        eprintln!("cases per interpreter:");
        for c in cases.iter().filter(|c| c.interp == 0) {
            eprintln!("  {}", c.name());
        }
        let _ = first;
    }
    assert!(failures.is_empty(), "{failures}");
}
