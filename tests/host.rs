//! `mpconfig run` end to end, on the interpreter the default build links
//! (`python3`): every start method × `sys_frozen`, with real processes.
//! Each run is checked for its results, its exit status, processes left
//! behind, resource_tracker warnings, and the number of times the host
//! binary was re-executed.

mod host_support;

use std::time::Duration;

use host_support::{
    Outcome, Scratch, build_python, config_file, host_run, marked_child, parallel, root, script,
    seed,
};

const METHODS: [&str; 5] = ["fork", "forkserver", "spawn", "auto", "none"];

/// The interpreter the host binary was built against (`3.11`).
const PYTHON: &str = env!("MPCONFIG_PYTHON_VERSION");

/// What `get_start_method()` says on Linux for a configured method.
fn effective(method: &str) -> &'static str {
    let minor: u32 = PYTHON.split('.').nth(1).unwrap().parse().unwrap();
    match method {
        "auto" => "fork",
        "none" if minor >= 14 => "forkserver",
        "none" => "fork",
        "fork" => "fork",
        "forkserver" => "forkserver",
        "spawn" => "spawn",
        other => panic!("{other}"),
    }
}

fn configurations() -> Vec<(&'static str, bool)> {
    METHODS
        .iter()
        .flat_map(|m| [(*m, true), (*m, false)])
        .collect()
}

/// A config with this method and `sys_frozen`.
fn config(dir: &Scratch, method: &str, frozen: bool) -> String {
    config_file(
        dir,
        &format!("{method}-{frozen}.toml"),
        &[
            format!("start_method = \"{method}\""),
            format!("sys_frozen = {frozen}"),
        ],
    )
    .display()
    .to_string()
}

/// The re-executions of the host are of the kind the method implies: spawn
/// workers in the form `sys_frozen` selects, fork servers only for
/// forkserver, and the resource tracker.
fn assert_launch_kinds(out: &Outcome, method: &str, frozen: bool, label: &str) {
    let counts = out.launch_counts();
    assert_eq!(counts.get("main"), Some(&1), "{label}\n{}", out.describe());
    for kind in counts.keys() {
        let allowed = match kind.as_str() {
            "main" | "ResourceTracker" => true,
            "SpawnFrozenPosix" => frozen,
            "SpawnPosix" => !frozen,
            k if k.starts_with("Forkserver") => true,
            _ => false,
        };
        assert!(
            allowed,
            "{label}: unexpected launch {kind} for {method}\n{}",
            out.describe()
        );
    }
    if effective(method) == "spawn" {
        let spawn = counts.get("SpawnFrozenPosix").or(counts.get("SpawnPosix"));
        assert!(
            spawn.is_some_and(|n| *n > 0),
            "{label}: no spawn worker ran through the host\n{}",
            out.describe()
        );
    }
}

#[test]
fn suite_in_every_configuration() {
    let dir = Scratch::new("suite");
    let jobs: Vec<(&str, bool, String)> = configurations()
        .into_iter()
        .map(|(m, f)| (m, f, config(&dir, m, f)))
        .collect();
    let outcomes = parallel(2, jobs, |(method, frozen, cfg)| {
        let out = host_run([
            "run",
            "--config",
            &cfg,
            &script("suite.py"),
            effective(method),
            if frozen { "true" } else { "false" },
            "7",
        ])
        .run();
        (method, frozen, out)
    });
    for (method, frozen, out) in outcomes {
        let label = format!("suite: start_method = {method}, sys_frozen = {frozen}");
        assert_eq!(out.code(), Some(7), "{label}\n{}", out.describe());
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with('{'))
            .unwrap_or_else(|| panic!("{label}: no results\n{}", out.describe()));
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["method"], effective(method), "{label}");
        assert_eq!(v["exit_codes"], serde_json::json!([0, 3, 1]), "{label}");
        assert_eq!(
            v["pool_map"],
            serde_json::json!((0..20).map(|x| x * x).collect::<Vec<_>>()),
            "{label}"
        );
        assert_eq!(v["shared_memory"], true, "{label}");
        // 17 spawn workers in the suite (pools, executor, processes, manager,
        // nested pool) + tracker + fork servers: far below a relaunch loop.
        out.assert_clean(40);
        assert_launch_kinds(&out, method, frozen, &label);
    }
}

/// What the real interpreter's `get_all_start_methods()` prints when the
/// default context is `method`'s: CPython's own `DefaultContext` made with
/// that context (3.14+ put the default first).
fn all_start_methods(method: &str) -> String {
    let code = format!(
        "import multiprocessing, multiprocessing.context as c\n\
         print(c.DefaultContext(multiprocessing.get_context({method:?})).get_all_start_methods())"
    );
    let out = std::process::Command::new(build_python())
        .args(["-c", &code])
        .output()
        .expect("run python3");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Expected stdout of a seed under a configured method; `None` where the
/// check is done otherwise.
fn seed_expectation(name: &str, method: &str, all_methods: &str) -> Option<String> {
    let m = effective(method);
    let context_class = match m {
        "fork" => "ForkContext",
        "spawn" => "SpawnContext",
        _ => "ForkServerContext",
    };
    Some(match name {
        "002_get_all_start_methods.py" => format!("{all_methods}\n"),
        "002_get_start_method.py" => format!("{m}\n"),
        "002_spawn.py" | "002_fork.py" | "002_forkserver.py" => {
            let own = name.trim_start_matches("002_").trim_end_matches(".py");
            format!("Start Method: {own}\nHello from new process\n")
        }
        "002_multiple_start_methods.py" => "Start Method: fork\nHello from new process\n\
             Start Method: spawn\nHello from new process\n"
            .to_owned(),
        "002_runtime_error.py" => "Start Method: spawn\n".to_owned(),
        "003_list_start_methods.py" => format!("{all_methods}\n{m}\n"),
        "003_executor_default_context.py" => {
            format!("<multiprocessing.context.{context_class} object at 0xADDR>\n")
        }
        "003_executor_fork_context.py" => {
            "<multiprocessing.context.ForkContext object at 0xADDR>\n".to_owned()
        }
        _ => return None,
    })
}

/// `0x7f…` → `0xADDR`.
fn normalise_addresses(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        out.push_str("0xADDR");
        rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    out
}

#[test]
fn seeds_in_every_configuration() {
    let dir = Scratch::new("seeds");
    // get_all_start_methods() lists the default first from 3.14 (≤ 3.13:
    // one fixed list): the real interpreter's answer for each default is
    // the reference.
    let all_methods: std::collections::BTreeMap<&str, String> = ["fork", "forkserver", "spawn"]
        .into_iter()
        .map(|m| (m, all_start_methods(m)))
        .collect();
    let seeds: Vec<String> = std::fs::read_dir(root().join("tests/seeds"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    assert_eq!(seeds.len(), 12, "{seeds:?}");
    let mut jobs = Vec::new();
    for (method, frozen) in configurations() {
        let cfg = config(&dir, method, frozen);
        for s in &seeds {
            jobs.push((method, frozen, cfg.clone(), s.clone()));
        }
    }
    let outcomes = parallel(3, jobs, |(method, frozen, cfg, name)| {
        let out = host_run(["run", "--config", &cfg, &seed(&name)])
            .timeout(Duration::from_secs(60))
            .run();
        (method, frozen, name, out)
    });
    for (method, frozen, name, out) in outcomes {
        let label = format!("seed {name}: start_method = {method}, sys_frozen = {frozen}");
        assert_eq!(out.code(), Some(0), "{label}\n{}", out.describe());
        out.assert_clean(10);
        match name.as_str() {
            "004_countdown.py" => {
                // Two processes print at once, one write() per piece, so
                // lines may interleave (under python3 too): compare what
                // was written, piece by piece.
                let mut got: Vec<char> =
                    out.stdout.chars().filter(|c| !c.is_whitespace()).collect();
                got.sort_unstable();
                let mut want: Vec<char> = (1..=10)
                    .chain(1..=20)
                    .flat_map(|n| format!("Count value {n}").chars().collect::<Vec<_>>())
                    .filter(|c| !c.is_whitespace())
                    .collect();
                want.sort_unstable();
                assert_eq!(got, want, "{label}\n{}", out.stdout);
                assert_eq!(out.stdout.matches("Count value").count(), 30, "{label}");
            }
            "000_debugging_checklist.py" => {
                let want = format!(
                    "start method: {}\nsys.frozen: {}\nexecutable is sys.executable: True\n\
                     child ran\nexit code: 0\n",
                    effective(method),
                    if frozen { "True" } else { "False" }
                );
                assert_eq!(out.stdout, want, "{label}");
            }
            _ => {
                let want =
                    seed_expectation(&name, method, &all_methods[effective(method)]).unwrap();
                assert_eq!(normalise_addresses(&out.stdout), want, "{label}");
            }
        }
        if name == "002_runtime_error.py" {
            assert!(
                out.stderr
                    .contains("RuntimeError: context has already been set"),
                "{label}\n{}",
                out.describe()
            );
        } else {
            assert!(
                !out.stderr.contains("Traceback"),
                "{label}\n{}",
                out.describe()
            );
        }
    }
}

#[test]
fn a_script_sets_the_start_method_once_itself() {
    let dir = Scratch::new("once");
    let mut jobs = Vec::new();
    for configured in ["fork", "spawn", "auto", "forkserver"] {
        for own in ["fork", "forkserver", "spawn"] {
            jobs.push((configured, own, config(&dir, configured, true)));
        }
    }
    for (configured, own, out) in parallel(2, jobs, |(configured, own, cfg)| {
        let out = host_run(["run", "--config", &cfg, &script("once.py"), own]).run();
        (configured, own, out)
    }) {
        let label = format!("configured {configured}, script sets {own}");
        assert_eq!(out.code(), Some(0), "{label}\n{}", out.describe());
        assert_eq!(out.stdout, format!("ok {own}\n"), "{label}");
        out.assert_clean(10);
    }
}

#[test]
fn exit_status_is_the_scripts() {
    /// (script arguments, exit code, fatal signal, text on stderr)
    type Case = (Vec<&'static str>, Option<i32>, Option<i32>, &'static str);
    let cases: Vec<Case> = vec![
        (vec!["return"], Some(0), None, ""),
        (vec!["int", "0"], Some(0), None, ""),
        (vec!["int", "3"], Some(3), None, ""),
        (vec!["int", "255"], Some(255), None, ""),
        (vec!["int", "256"], Some(0), None, ""),
        (vec!["int", "-1"], Some(255), None, ""),
        (vec!["int", "99999999999999999999"], Some(255), None, ""),
        (vec!["none"], Some(0), None, ""),
        (vec!["true"], Some(1), None, ""),
        (vec!["str"], Some(1), None, "a message for stderr\n"),
        (
            vec!["exception"],
            Some(1),
            None,
            "ValueError: uncaught on purpose",
        ),
        (
            vec!["keyboard"],
            None,
            Some(libc::SIGINT),
            "KeyboardInterrupt",
        ),
    ];
    for (args, code, signal, stderr) in cases {
        let mut argv = vec!["run".to_owned(), script("exits.py")];
        argv.extend(args.iter().map(|a| (*a).to_owned()));
        let host = host_run(&argv).run();
        let mut py_cmd = std::process::Command::new(build_python());
        py_cmd.arg(script("exits.py")).args(&args);
        let python = py_cmd.output().unwrap();
        let label = format!("exits.py {args:?}");
        assert_eq!(host.code(), code, "{label}\n{}", host.describe());
        assert_eq!(host.signal(), signal, "{label}\n{}", host.describe());
        assert!(host.stderr.contains(stderr), "{label}\n{}", host.describe());
        // The same as the real interpreter.
        assert_eq!(host.status, python.status, "{label}: python3 differs");
        if args[0] == "exception" {
            // The traceback starts at the script, as python's does.
            assert!(
                host.stderr
                    .starts_with("Traceback (most recent call last):\n  File \""),
                "{label}\n{}",
                host.stderr
            );
            assert_eq!(
                host.stderr.lines().count(),
                String::from_utf8_lossy(&python.stderr).lines().count(),
                "{label}: traceback differs from python3's\n{}\n---\n{}",
                host.stderr,
                String::from_utf8_lossy(&python.stderr)
            );
        }
        host.assert_clean(1);
    }
}

#[test]
fn embedded_python_is_the_build_interpreter() {
    let out = host_run(["run", &script("introspect.py"), "a b", "--flag"]).run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    let v: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    let python = std::process::Command::new(build_python())
        .args(["-c", "import sys; print(sys.version)"])
        .output()
        .unwrap();
    let want = String::from_utf8(python.stdout).unwrap();
    assert_eq!(
        v["version"].as_str().unwrap(),
        want.trim_end(),
        "the host loaded another libpython than the one it was built against"
    );
    let script = script("introspect.py");
    let dir = root().join("tests/host_scripts");
    let exe = host_support::host_bin();
    assert_eq!(v["name"], "__main__");
    assert_eq!(v["file"], script.as_str());
    assert_eq!(v["spec"], "None");
    assert_eq!(v["cached"], serde_json::Value::Null);
    assert_eq!(v["loader"], "SourceFileLoader");
    assert_eq!(v["argv"], serde_json::json!([script, "a b", "--flag"]));
    assert_eq!(v["path0"], dir.display().to_string());
    assert_eq!(v["executable"], exe.display().to_string());
    assert_eq!(v["mp_executable"], exe.display().to_string());
    assert_eq!(v["frozen"], true);
    assert_eq!(
        v["mp_loaded_at_start"], false,
        "on-import bootstrap imported multiprocessing"
    );
    assert_eq!(v["start_method"], effective("auto"));
}

#[test]
fn relative_script_path_and_cwd() {
    let out = host_run(["run", "introspect.py"])
        .cwd(root().join("tests/host_scripts"))
        .run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    let v: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(v["argv"], serde_json::json!(["introspect.py"]));
    assert_eq!(v["file"], script("introspect.py").as_str());
    assert_eq!(
        v["path0"],
        root().join("tests/host_scripts").display().to_string()
    );
}

#[test]
fn missing_script_is_python_error_2() {
    let out = host_run(["run", "no/such/script.py"]).run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(
        out.stderr.contains("can't open file")
            && out.stderr.contains("[Errno 2] No such file or directory"),
        "{}",
        out.describe()
    );
}

#[test]
fn a_config_with_errors_for_this_platform_is_not_run() {
    let dir = Scratch::new("badcfg");
    // spawn + sys.frozen + a real interpreter: workers would relaunch forever (MP014).
    let cfg = config_file(
        &dir,
        "bad.toml",
        &[
            "start_method = \"spawn\"".into(),
            "executable = \"python\"".into(),
        ],
    );
    let marker = dir.path().join("ran");
    let script = dir.write(
        "s.py",
        &format!("open({:?}, 'w').close()\n", marker.display().to_string()),
    );
    let out = host_run([
        "run",
        "--config",
        &cfg.display().to_string(),
        &script.display().to_string(),
    ])
    .run();
    assert_eq!(out.code(), Some(1), "{}", out.describe());
    assert!(out.stderr.contains("MP014"), "{}", out.describe());
    assert!(!marker.exists(), "the script ran");

    let out = host_run([
        "run",
        "--config",
        &dir.path().join("missing.toml").display().to_string(),
        &script.display().to_string(),
    ])
    .run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(!marker.exists(), "the script ran");
}

#[test]
fn start_method_flag_overrides_the_config_in_children_too() {
    let dir = Scratch::new("flag");
    let cfg = config(&dir, "fork", true);
    let out = host_run([
        "run",
        "--config",
        &cfg,
        "--start-method",
        "spawn",
        &script("suite.py"),
        "spawn",
        "true",
        "0",
    ])
    .run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    out.assert_clean(40);
    assert_launch_kinds(&out, "spawn", true, "--start-method spawn");
}

#[test]
fn non_daemon_children_are_joined_before_the_host_exits() {
    let dir = Scratch::new("unjoined");
    for method in ["fork", "forkserver", "spawn"] {
        let marker = dir.path().join(format!("{method}.done"));
        let out = host_run([
            "run".to_owned(),
            script("unjoined.py"),
            method.to_owned(),
            marker.display().to_string(),
        ])
        .run();
        assert_eq!(out.code(), Some(0), "{method}\n{}", out.describe());
        assert!(
            marker.exists(),
            "{method}: the host exited before its child finished\n{}",
            out.describe()
        );
        assert!(out.elapsed >= Duration::from_secs(1), "{method}");
        out.assert_clean(10);
    }
}

/// A child's interpreter options reach `PyConfig`: the resource tracker
/// line (`main(0)`: stdin, at EOF at once) under options whose effect shows
/// on stderr.
#[test]
fn child_interpreter_options_are_applied() {
    let rt = "from multiprocessing.resource_tracker import main;main(0)";
    let verbose = "# code object from";
    let cases: [(&[&str], bool, bool, bool); 5] = [
        // (options, PYTHONVERBOSE=1 in the environment, verbose, import times)
        (&[], false, false, false),
        (&["-v", "-X", "importtime", "-B"], false, true, true),
        (&[], true, true, false),
        (&["-E"], true, false, false),
        (&["-I"], true, false, false),
    ];
    for (options, env_verbose, want_verbose, want_importtime) in cases {
        let mut argv: Vec<&str> = options.to_vec();
        argv.extend(["-c", rt]);
        let mut run = marked_child(&argv);
        if env_verbose {
            run = run.env("PYTHONVERBOSE", "1");
        }
        let out = run.run();
        let label = format!("{options:?}, PYTHONVERBOSE: {env_verbose}");
        assert_eq!(out.code(), Some(0), "{label}\n{}", out.describe());
        assert_eq!(
            out.stderr.contains(verbose),
            want_verbose,
            "{label}\n{}",
            out.describe()
        );
        assert_eq!(
            out.stderr.contains("import time:"),
            want_importtime,
            "{label}\n{}",
            out.describe()
        );
        let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
        assert_eq!(kinds, ["ResourceTracker"], "{label}");
    }
}

#[test]
fn demo_runs() {
    let out = host_run(["run", "examples/demo.py"]).cwd(root()).run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    assert!(
        out.stdout.contains("start method  fork (default)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Pool(2).map   [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]")
    );
    for m in ["fork", "spawn", "forkserver"] {
        assert!(
            out.stdout
                .contains(&format!("{m:<13} sum of squares 0..99 = 328350")),
            "{}",
            out.stdout
        );
    }
    out.assert_clean(10);
}
