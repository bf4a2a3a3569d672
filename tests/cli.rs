//! The `mpconfig` binary as a user runs it: exit status and what it prints.

use std::path::Path;
use std::process::{Command, Output};

use mpconfig_test_support::TempDir;
use mpconfig_test_support::cli::Cli;

fn mpconfig(args: &[&str]) -> Output {
    Cli::new(env!("CARGO_BIN_EXE_mpconfig"), args).output()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn tmp_dir(name: &str) -> TempDir {
    TempDir::new(&format!("cli-{name}"))
}

#[test]
fn init_writes_a_config_that_checks_clean_and_is_never_overwritten() {
    let dir = tmp_dir("init");
    let path = dir.join("x.toml");
    let p = path.to_str().expect("utf-8 tmp path");
    let out = mpconfig(&["init", p]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = mpconfig(&["check", p]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let before = std::fs::read(&path).expect("read");
    std::fs::write(&path, "# mine\n").expect("write");
    let out = mpconfig(&["init", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "# mine\n");
    assert!(before.len() > 200);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_invalid_example_exits_1_naming_file_line_col() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/examples/invalid");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("invalid examples") {
        let path = entry.expect("entry").path();
        let rel = format!(
            "schema/examples/invalid/{}",
            path.file_name().expect("name").to_string_lossy()
        );
        let out = mpconfig(&["check", &rel]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{rel}: {stdout}");
        let located = stdout.lines().any(|l| {
            l.trim_start()
                .strip_prefix(&format!("--> {rel}:"))
                .is_some_and(|lc| {
                    lc.split(':')
                        .all(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
                })
        });
        assert!(located, "{rel}: no file:line:col in\n{stdout}");
        count += 1;
    }
    assert!(count >= 10);
}

#[test]
fn valid_examples_exit_0() {
    let out = mpconfig(&[
        "check",
        "schema/examples/minimal.toml",
        "schema/examples/full.json",
        "schema/examples/linux-forkserver.toml",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn check_reports_every_error_in_every_file() {
    let dir = tmp_dir("many");
    let a = dir.join("a.toml");
    std::fs::write(
        &a,
        "[multiprocessing]\nstart_method = \"spwan\"\nsys_frozen = \"no\"\n",
    )
    .expect("write");
    let b = dir.join("b.json");
    std::fs::write(&b, "{\"host\": {\"multithreaded\": 1}}").expect("write");
    let out = mpconfig(&[
        "check",
        a.to_str().expect("utf-8"),
        b.to_str().expect("utf-8"),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains(&format!("{}:2:16", a.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}:3:14", a.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}:1:28", b.display())),
        "{stdout}"
    );
    assert!(stdout.contains("help: did you mean `spawn`?"), "{stdout}");
    assert!(stdout.contains("checked 2 files: 3 errors"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unreadable_input_is_exit_2_without_a_backtrace() {
    let dir = tmp_dir("io");
    for args in [
        vec!["check", "/definitely/not/here.toml"],
        vec!["check", dir.to_str().expect("utf-8")],
        vec!["check"],
        vec!["no-such-command"],
    ] {
        let out = mpconfig(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "{stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn schema_prints_the_committed_schema() {
    let out = mpconfig(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/mpconfig.schema.json"),
    )
    .expect("committed schema");
    assert_eq!(text(&out.stdout), committed);
}

#[test]
fn help_is_available_everywhere() {
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["schema", "--help"],
        vec!["init", "--help"],
    ] {
        let out = mpconfig(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(text(&out.stdout).contains("Usage: mpconfig"), "{args:?}");
    }
}

#[test]
fn no_colour_when_not_a_terminal() {
    let out = Command::new(env!("CARGO_BIN_EXE_mpconfig"))
        .args(["check", "schema/examples/invalid/typo-key.toml"])
        .env_remove("NO_COLOR")
        .output()
        .expect("run");
    assert!(!text(&out.stdout).contains('\x1b'));
    let out = mpconfig(&[
        "--color",
        "always",
        "check",
        "schema/examples/invalid/typo-key.toml",
    ]);
    assert!(text(&out.stdout).contains('\x1b'));
}

#[test]
fn bootstrap_prints_python_for_a_config_or_the_defaults() {
    let out = mpconfig(&["bootstrap", "schema/examples/linux-forkserver.toml"]);
    assert_eq!(out.status.code(), Some(0));
    let source = text(&out.stdout);
    assert!(
        source.starts_with("# mpconfig bootstrap for 'schema/examples/linux-forkserver.toml'"),
        "{source}"
    );
    assert!(source.contains("method = 'forkserver'"), "{source}");
    let out = mpconfig(&["bootstrap"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("# mpconfig bootstrap\n"));
    let out = mpconfig(&["bootstrap", "schema/examples/invalid/typo-key.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("typo-key.toml:3:1"));
    assert_eq!(
        mpconfig(&["bootstrap", "/no/such.toml"]).status.code(),
        Some(2)
    );
}
