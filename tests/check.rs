//! `mpconfig check` with rules: human output (snapshot, no colour, fixed
//! width), JSON output field by field, exit codes, targets, allow/deny.

use std::process::Output;

use mpconfig_test_support::TempDir;
use mpconfig_test_support::cli::Cli;

fn mpconfig(args: &[&str]) -> Output {
    Cli::new(env!("CARGO_BIN_EXE_mpconfig"), args).output()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A config file in a fresh temp dir; the returned path is relative to the
/// dir, and commands run inside it, so output names it as a user would see.
fn config(name: &str, text: &str) -> (TempDir, String) {
    let dir = TempDir::new(&format!("check-{name}"));
    let file = format!("{name}.toml");
    dir.write(&file, text);
    (dir, file)
}

fn run_in(dir: &TempDir, args: &[&str]) -> Output {
    Cli::new(env!("CARGO_BIN_EXE_mpconfig"), args)
        .cwd(dir)
        .output()
}

const FORK_EVERYWHERE: &str = "[multiprocessing]\nstart_method = \"fork\"\n";

#[test]
fn fork_everywhere_is_one_error_for_all_windows_versions() {
    let (dir, file) = config("fork", FORK_EVERYWHERE);
    let out = run_in(&dir, &["check", &file]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("error[MP001]").count(), 1, "{text}");
    assert!(text.contains("targets: windows:3.8–3.15"), "{text}");
    insta::assert_snapshot!("fork_everywhere_human", text);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_output_field_by_field() {
    let (dir, file) = config("json", FORK_EVERYWHERE);
    let out = run_in(&dir, &["check", "--format", "json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let mp001 = diags.iter().find(|d| d["code"] == "MP001").expect("MP001");
    assert_eq!(mp001["severity"], "error");
    assert_eq!(
        mp001["message"],
        "start method `fork` does not exist on Windows"
    );
    assert_eq!(mp001["file"], file.as_str());
    assert_eq!(mp001["line"], 2);
    assert_eq!(mp001["column"], 1);
    assert_eq!(mp001["key_path"], "multiprocessing.start_method");
    let targets: Vec<&str> = mp001["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(|t| t.as_str().expect("str"))
        .collect();
    assert_eq!(
        targets,
        [
            "windows:3.8",
            "windows:3.9",
            "windows:3.10",
            "windows:3.11",
            "windows:3.12",
            "windows:3.13",
            "windows:3.14",
            "windows:3.15"
        ]
    );
    assert!(mp001["help"].as_str().is_some_and(|h| h.contains("auto")));
    let mp007 = diags
        .iter()
        .find(|d| d["code"] == "MP007")
        .expect("MP007 (fork on macOS)");
    assert_eq!(mp007["severity"], "warning");
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(
        v["summary"]["warnings"],
        diags.iter().filter(|d| d["severity"] == "warning").count()
    );
    assert_eq!(v["summary"]["notes"], 0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn load_errors_in_json_have_positions() {
    let (dir, file) = config("jsonload", "[multiprocessing]\nstart_method = \"spwan\"\n");
    let out = run_in(&dir, &["check", "--format=json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "invalid-value");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(16))
    );
    assert_eq!(d["key_path"], "multiprocessing.start_method");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn exit_codes_follow_severity_and_deny_warnings() {
    let (dir, file) = config(
        "warn",
        "[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"macos:3.12\"]\n",
    );
    assert_eq!(run_in(&dir, &["check", &file]).status.code(), Some(0));
    assert_eq!(
        run_in(&dir, &["check", "--deny-warnings", &file])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run_in(&dir, &["check", "--deny", "MP007", &file])
            .status
            .code(),
        Some(1)
    );
    let out = run_in(
        &dir,
        &[
            "check",
            "--allow",
            "fork-on-macos",
            "--deny-warnings",
            &file,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        run_in(&dir, &["check", "--allow", "MP999", &file])
            .status
            .code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn target_flag_replaces_the_files_targets() {
    let (dir, file) = config(
        "targets",
        "[multiprocessing]\nstart_method = \"fork\"\n[check]\ntargets = [\"linux\"]\n",
    );
    assert_eq!(run_in(&dir, &["check", &file]).status.code(), Some(0));
    let out = run_in(
        &dir,
        &[
            "check",
            "--target",
            "x86_64-pc-windows-msvc:3.12",
            "-t",
            "linux",
            &file,
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("targets: windows:3.12"), "{text}");
    assert_eq!(
        run_in(&dir, &["check", "--target", "beos", &file])
            .status
            .code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn without_files_checks_mpconfig_toml_here() {
    let (dir, _) = config("default", "");
    std::fs::rename(dir.join("default.toml"), dir.join("mpconfig.toml")).expect("rename");
    let out = run_in(&dir, &["check", "--target", "linux"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    std::fs::remove_file(dir.join("mpconfig.toml")).expect("rm");
    assert_eq!(run_in(&dir, &["check"]).status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn examples_have_only_intended_findings() {
    // The valid examples carry no errors; the warnings they show are the
    // trade-offs their comments describe.
    let out = mpconfig(&[
        "check",
        "--format",
        "json",
        "schema/examples/minimal.toml",
        "schema/examples/pyoxidizer-defaults.toml",
        "schema/examples/linux-forkserver.toml",
        "schema/examples/windows-spawn.toml",
        "schema/examples/plain-python.toml",
        "schema/examples/fork-posix.toml",
        "schema/examples/forkserver.json",
        "schema/examples/empty.json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["summary"]["errors"], 0, "{v:#}");
    assert_eq!(out.status.code(), Some(0));
    let codes: std::collections::BTreeSet<&str> = v["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        ["MP006", "MP007"],
        "{v:#}"
    );
}
