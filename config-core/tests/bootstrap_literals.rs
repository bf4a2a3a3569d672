//! Property test: strings, paths and whole bootstraps rendered by mpconfig
//! mean, to a real CPython, exactly what was rendered. One batched Python
//! process per interpreter reads everything back with `ast.literal_eval`.

mod bootstrap_support;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use mpconfig_core::__private::{path_expr, str_literal};
use mpconfig_core::bootstrap::{BootstrapOptions, render};
use mpconfig_core::{Apply, Executable, MultiprocessingConfig, StartMethod};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use bootstrap_support::{TempDir, interpreters_or_skip, run_with_timeout};

const STRINGS: usize = 12_000;
const PATHS: usize = 2_000;
const SOURCES: usize = 600;

/// Characters that break naive escaping.
const NASTY: &[&str] = &[
    "'",
    "\"",
    "\\",
    "\n",
    "\r",
    "\t",
    "\0",
    "\u{0}7",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{7f}",
    "\u{80}",
    "\u{85}",
    "\u{a0}",
    "\u{ad}",
    "\u{ff}",
    "\u{100}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{fffd}",
    "\u{ffff}",
    "\u{10000}",
    "\u{10ffff}",
    "é",
    "€",
    "😀",
    "'''",
    "\"\"\"",
    "\\N{BULLET}",
    "\\x41",
    "\\u0041",
    "\\U00000041",
    "\\0",
    "{",
    "}",
    "%s",
    "#",
    "\\\n",
    "é\u{301}",
    "\r\n",
    " ",
    "import os; os.system('x')",
    "'); import os; ('",
];

fn nasty_string() -> impl Strategy<Value = String> {
    let any_text = || proptest::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter);
    let piece = prop_oneof![
        3 => proptest::sample::select(NASTY).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
        2 => proptest::collection::vec(proptest::char::range(' ', '~'), 0..5).prop_map(String::from_iter),
        1 => any_text(),
    ];
    prop_oneof![
        3 => proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat()),
        1 => any_text(),
    ]
}

/// Path bytes: mostly not UTF-8 (0x80–0xff bytes on their own), never NUL.
fn path_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        2 => 0x80u8..=0xff,
        2 => 0x20u8..=0x7e,
        1 => 1u8..=0x1f,
        1 => proptest::sample::select(&b"'\"\\/\n\r"[..]),
    ];
    proptest::collection::vec(byte, 1..40)
}

fn generate<S: Strategy>(strategy: S, n: usize, runner: &mut TestRunner) -> Vec<S::Value> {
    (0..n)
        .map(|_| strategy.new_tree(runner).expect("generate").current())
        .collect()
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[test]
fn rendered_literals_read_back_exactly() {
    let mut interpreters = interpreters_or_skip("rendered_literals_read_back_exactly");
    // The literal grammar is the same everywhere: the oldest and the newest
    // interpreter are enough.
    if interpreters.len() > 2 {
        interpreters = vec![
            interpreters[0].clone(),
            interpreters[interpreters.len() - 1].clone(),
        ];
    }
    if interpreters.is_empty() {
        eprintln!("note: no CPython found; literal read-back skipped");
        return;
    }
    let started = std::time::Instant::now();
    let mut runner = TestRunner::deterministic();

    let strings = generate(nasty_string(), STRINGS, &mut runner);
    let string_pairs: Vec<(String, String)> = strings
        .into_iter()
        .map(|s| {
            let lit = str_literal(&s);
            (s, lit)
        })
        .collect();

    #[cfg(unix)]
    let path_pairs: Vec<(String, String)> = generate(path_bytes(), PATHS, &mut runner)
        .into_iter()
        .map(|b| (hex(&b), path_expr(&path_from_bytes(&b))))
        .collect();
    #[cfg(not(unix))]
    let path_pairs: Vec<(String, String)> = Vec::new();

    let methods = proptest::sample::select(StartMethod::ALL.to_vec());
    let configs = (
        methods,
        any::<bool>(),
        prop_oneof![
            1 => Just(None),
            3 => nasty_string().prop_filter("non-empty", |s| !s.is_empty()).prop_map(Some),
        ],
        proptest::collection::vec(nasty_string(), 0..4),
        prop_oneof![Just(None), nasty_string().prop_map(Some)],
        any::<bool>(),
    );
    let sources: Vec<serde_json::Value> = generate(configs, SOURCES, &mut runner)
        .into_iter()
        .map(
            |(start_method, sys_frozen, exe, preload, origin, startup)| {
                let executable = match &exe {
                    Some(p) if p != "host" && p != "python" => Executable::Path(p.into()),
                    _ => Executable::Python,
                };
                let exe_hex = executable
                    .as_path()
                    .map(|p| hex(p.to_str().unwrap().as_bytes()));
                let mp = MultiprocessingConfig {
                    start_method,
                    sys_frozen,
                    executable,
                    forkserver_preload: preload.clone(),
                    apply: if startup {
                        Apply::Startup
                    } else {
                        Apply::OnImport
                    },
                    ..Default::default()
                };
                let mut options = BootstrapOptions::new();
                if let Some(o) = &origin {
                    options = options.origin(o);
                }
                serde_json::json!([render(&mp, &options), exe_hex, preload, origin])
            },
        )
        .collect();

    let dir = TempDir::new("mpconfig-literals");
    let data = dir.path().join("data.json");
    let payload = serde_json::json!({
        "strings": string_pairs,
        "paths": path_pairs,
        "sources": sources,
    });
    std::fs::write(&data, serde_json::to_vec(&payload).unwrap()).unwrap();
    eprintln!("generated and rendered in {:?}", started.elapsed());
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/bootstrap_fixtures/read_back.py"
    );

    let results: Vec<(String, Result<serde_json::Value, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = interpreters
            .iter()
            .map(|interp| {
                let data = &data;
                let dir = dir.path();
                scope.spawn(move || {
                    let mut cmd = Command::new(&interp.exe);
                    cmd.arg(script).arg(data);
                    let run = run_with_timeout(cmd, Some(dir), Duration::from_secs(120))
                        .expect("run python");
                    let parsed = if run.status.success() {
                        serde_json::from_str(run.stdout_str().trim())
                            .map_err(|e| format!("bad output {e}: {}", run.stdout_str()))
                    } else {
                        Err(format!("exit {:?}\n{}", run.status, run.stderr_tail()))
                    };
                    (format!("{} [{:?}]", interp.label(), run.elapsed), parsed)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let mut failures = Vec::new();
    for (label, result) in results {
        match result {
            Ok(v) => {
                let checked = &v["checked"];
                eprintln!(
                    "{label}: {} strings, {} paths, {} bootstraps read back; {} mismatches",
                    checked["strings"],
                    checked["paths"],
                    checked["sources"],
                    v["mismatches"].as_array().map_or(0, Vec::len)
                );
                assert_eq!(checked["strings"], STRINGS);
                if !v["mismatches"].as_array().unwrap().is_empty() {
                    failures.push(format!("{label}: {:#}", v["mismatches"]));
                }
            }
            Err(e) => failures.push(format!("{label}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
