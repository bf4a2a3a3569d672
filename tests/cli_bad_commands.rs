//! Bad input through the `mpconfig` binary, continued: `init` given every
//! path it cannot or must not write, hostile arguments, thousands of
//! mistakes, and `run` given configs and scripts that cannot be used. The
//! same promises as `cli_bad_input.rs`: an answer before a deadline, a
//! clear message and exit status, no panic or backtrace, bounded output
//! free of raw control characters.

// `run` is tested only with the host; the others need fewer helpers.
#![cfg_attr(not(feature = "host"), allow(unused_imports))]

mod cli_support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use cli_support::{MAX_OUTPUT, Run, binary, expect, mpconfig, mpconfig_with_limit, tmp_dir, write};

#[test]
fn init_refuses_every_path_it_cannot_or_must_not_write() {
    let dir = tmp_dir("init");
    let init = |path: &Path| mpconfig(&[OsStr::new("init"), path.as_os_str()]);

    let existing = write(&dir, "mine.toml", "# mine\n");
    expect(&init(&existing), 2, "already exists; not overwriting it");
    assert_eq!(
        std::fs::read_to_string(&existing).expect("read"),
        "# mine\n"
    );

    expect(&init(&dir), 2, "already exists");
    expect(
        &init(&dir.join("no/such/dir/x.toml")),
        2,
        "No such file or directory",
    );
    expect(&init(&existing.join("x.toml")), 2, "Not a directory");
    expect(&init(Path::new("")), 2, "error");

    #[cfg(unix)]
    {
        // Never through a symlink, even one that points nowhere yet.
        let target = dir.join("target.toml");
        let link = dir.join("link.toml");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        expect(&init(&link), 2, "already exists");
        assert!(!target.exists(), "init wrote through a dangling symlink");

        use std::os::unix::fs::PermissionsExt;
        let locked = dir.join("locked");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        let probe = locked.join("probe");
        if std::fs::write(&probe, "").is_ok() {
            println!(
                "note: running with privileges that write into mode-555 directories; case skipped"
            );
        } else {
            expect(&init(&locked.join("x.toml")), 2, "Permission denied");
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).ok();
    }
    // Places no one can create a file in, root included.
    for path in ["/proc/mpconfig-bad-input.toml", "/dev/null/x.toml"] {
        let path = Path::new(path);
        if path.parent().is_some_and(Path::exists) {
            expect(&init(path), 2, "cannot write");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn hostile_arguments_are_usage_errors() {
    // Linux caps one argument at 128 KiB. The error may quote what the
    // user typed, so the limit grows with it.
    let long = "X".repeat(100 * 1024);
    let limit = MAX_OUTPUT + 2 * long.len();
    expect(&mpconfig_with_limit(&["explain", &long], limit), 2, "error");
    expect(
        &mpconfig_with_limit(&["check", "--target", &long, "x.toml"], limit),
        2,
        "error",
    );
    expect(
        &mpconfig(&["check", "--allow", "MP\u{202e}001"]),
        2,
        "error",
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bad = OsStr::from_bytes(b"MP\xff");
        expect(&mpconfig(&[OsStr::new("explain"), bad]), 2, "error");
        expect(
            &mpconfig(&[OsStr::new("check"), OsStr::new("--target"), bad]),
            2,
            "error",
        );
    }
}

/// Thousands of mistakes: every one is reported (by design), each in a
/// few hundred bytes, in time linear in their number.
#[test]
fn thousands_of_mistakes_are_each_reported_briefly() {
    let dir = tmp_dir("many");
    let n = 5_000;
    let toml: String = (0..n).map(|i| format!("k{i} = 1\n")).collect();
    let path = write(&dir, "many.toml", toml);
    let run = mpconfig_with_limit(&[OsStr::new("check"), path.as_os_str()], n * 512);
    expect(&run, 1, &format!("checked 1 file: {n} errors"));
    let at = format!("{}:{n}:1", path.display());
    assert!(run.stdout.contains(&at), "no {at}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `run --config FILE SCRIPT`: a config that cannot be read is 2, an
/// invalid one 1, before the script runs; a bad script gets what `python
/// SCRIPT` gives (2 for a missing file, 1 for an exception) — never a panic.
#[cfg(feature = "host")]
#[test]
fn run_refuses_bad_configs_and_reports_bad_scripts_like_python() {
    let dir = tmp_dir("run");
    let ok = write(&dir, "ok.py", "print('ran')\n");
    let run = |config: &Path, script: &Path| {
        mpconfig(&[
            OsStr::new("run"),
            OsStr::new("--config"),
            config.as_os_str(),
            script.as_os_str(),
        ])
    };
    let not_run = |r: &Run| assert!(!r.stdout.contains("ran"), "the script ran: {}", r.all());
    for (config, code, needle) in [
        (dir.join("missing.toml"), 2, "No such file or directory"),
        (dir.to_path_buf(), 2, "is a directory"),
        (PathBuf::from("/dev/zero"), 2, "a config may have"),
        (
            write(&dir, "noise.toml", binary(4096)),
            1,
            "not valid UTF-8",
        ),
        (
            write(
                &dir,
                "bad.toml",
                "[multiprocessing]\r\nstart_method = \"spwan\"\r\n",
            ),
            1,
            "bad.toml:2:16",
        ),
    ] {
        if config.starts_with("/dev") && !config.exists() {
            continue;
        }
        let r = run(&config, &ok);
        expect(&r, code, needle);
        not_run(&r);
    }
    let bom = write(
        &dir,
        "bom.toml",
        "\u{feff}[multiprocessing]\r\nstart_method = \"spawn\"\r\n",
    );
    expect(&run(&bom, &ok), 0, "ran");

    let script = |path: &Path| mpconfig(&[OsStr::new("run"), path.as_os_str()]);
    expect(
        &script(&dir.join("missing.py")),
        2,
        "No such file or directory",
    );
    expect(&script(&dir), 1, "");
    expect(&script(&write(&dir, "noise.py", binary(4096))), 1, "Error");
    expect(
        &script(&write(&dir, "bom.py", "\u{feff}print('ran')\r\n")),
        0,
        "ran",
    );
    std::fs::remove_dir_all(&dir).ok();
}
