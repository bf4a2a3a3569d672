//! Bad input through the `mpconfig` binary: every subcommand that takes a
//! path (`check`, `bootstrap`; `init` for where it writes) given files that
//! are missing, directories, unreadable, empty, binary, BOM-prefixed, CRLF,
//! with NUL bytes, invalid UTF-8, megabyte-long lines, deep nesting, too
//! big, or endless.
//!
//! Every run must end — within a deadline — with a clear message and exit
//! status 2 (I/O) or 1 (invalid config), or 0 where the file is a valid
//! config; never a panic or a Rust backtrace; and with output bounded in
//! size and free of raw control characters, whatever the file holds.

mod cli_support;

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use cli_support::{MAX_FILE_SIZE, binary, expect, mpconfig, tmp_dir, write};

/// `check FILE`, `check --format json FILE` and `bootstrap FILE`: the same
/// exit status; the JSON report is valid JSON, with an I/O error exactly
/// when the status is 2; `check` names `position`
/// (`FILE:line:col`) when given.
#[track_caller]
fn every_subcommand(path: &Path, code: i32, needle: &str, position: Option<&str>) {
    let p = path.as_os_str();
    let check = mpconfig(&[OsStr::new("check"), p]);
    expect(&check, code, needle);
    if let Some(lc) = position {
        let at = format!("{}:{lc}", path.display());
        assert!(check.all().contains(&at), "no {at} in\n{}", check.all());
    }
    let json = mpconfig(&[
        OsStr::new("check"),
        OsStr::new("--format"),
        OsStr::new("json"),
        p,
    ]);
    assert_eq!(json.code, Some(code), "{}", json.all());
    let report: serde_json::Value = serde_json::from_str(&json.stdout)
        .unwrap_or_else(|e| panic!("check --format json: {e}\n{}", json.stdout));
    let io_errors = report["summary"]["io_errors"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(io_errors > 0, code == 2, "io_errors in {report}");
    let bootstrap = mpconfig(&[OsStr::new("bootstrap"), p]);
    if code == 0 {
        assert_eq!(bootstrap.code, Some(0), "{}", bootstrap.all());
        assert!(bootstrap.stdout.starts_with("# mpconfig bootstrap for "));
    } else {
        expect(&bootstrap, code, needle);
    }
}

#[test]
fn missing_files_directories_and_bad_paths_are_io_errors() {
    let dir = tmp_dir("paths");
    let file = write(&dir, "file.toml", "");
    every_subcommand(
        &dir.join("missing.toml"),
        2,
        "No such file or directory",
        None,
    );
    every_subcommand(&dir, 2, "is a directory", None);
    every_subcommand(&file.join("below-a-file.toml"), 2, "Not a directory", None);
    #[cfg(unix)]
    {
        let link = dir.join("dangling.toml");
        std::os::unix::fs::symlink(dir.join("nowhere.toml"), &link).expect("symlink");
        every_subcommand(&link, 2, "No such file or directory", None);
    }
    // One bad file among good ones: the good ones are still checked.
    let good = write(
        &dir,
        "good.toml",
        "[multiprocessing]\nstart_method = \"spwan\"\n",
    );
    let run = mpconfig(&[
        OsStr::new("check"),
        good.as_os_str(),
        dir.join("missing.toml").as_os_str(),
    ]);
    expect(&run, 2, "cannot read");
    assert!(
        run.stdout.contains("did you mean `spawn`?"),
        "{}",
        run.stdout
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unreadable_files_are_io_errors() {
    let dir = tmp_dir("unreadable");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = write(&dir, "locked.toml", "[multiprocessing]\n");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::File::open(&locked).is_ok() {
            // root (or CAP_DAC_OVERRIDE) reads mode-000 files: nothing to test.
            println!(
                "note: running with privileges that read mode-000 files; chmod 000 case skipped"
            );
        } else {
            every_subcommand(&locked, 2, "Permission denied", None);
        }
    }
    // Unreadable even for root: reading it fails with EIO.
    let mem = Path::new("/proc/self/mem");
    if mem.exists() {
        every_subcommand(mem, 2, "cannot read /proc/self/mem", None);
    } else {
        println!("note: no /proc/self/mem; case skipped");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn empty_bom_and_crlf_files_load_like_any_other() {
    let dir = tmp_dir("text");
    every_subcommand(
        &write(&dir, "empty.toml", ""),
        0,
        "checked 1 file: 0 errors",
        None,
    );
    every_subcommand(
        &write(&dir, "blank.toml", "\n \t\r\n\n"),
        0,
        "checked 1 file: 0 errors",
        None,
    );
    every_subcommand(
        &write(&dir, "bom-only.toml", "\u{feff}"),
        0,
        "checked 1 file: 0 errors",
        None,
    );
    // Empty JSON is not JSON (unlike empty TOML, which is a valid empty table).
    every_subcommand(
        &write(&dir, "empty.json", ""),
        1,
        "EOF while parsing",
        Some("1:1"),
    );

    let spawn = "[multiprocessing]\nstart_method = \"spawn\"\n";
    for (name, text) in [
        ("bom.toml", format!("\u{feff}{spawn}")),
        ("crlf.toml", spawn.replace('\n', "\r\n")),
        (
            "bom-crlf.toml",
            format!("\u{feff}{}", spawn.replace('\n', "\r\n")),
        ),
        (
            "bom.json",
            "\u{feff}{\"multiprocessing\": {\"start_method\": \"spawn\"}}".into(),
        ),
        (
            "crlf.json",
            "{\r\n\"multiprocessing\": {\r\n\"start_method\": \"spawn\"\r\n}\r\n}\r\n".into(),
        ),
    ] {
        let path = write(&dir, name, text);
        every_subcommand(&path, 0, "0 errors", None);
        let run = mpconfig(&[OsStr::new("bootstrap"), path.as_os_str()]);
        assert!(
            run.stdout.contains("method = 'spawn'"),
            "{name}:\n{}",
            run.stdout
        );
        // Positions count neither the BOM nor the \r (line 2, column 1).
        if name.ends_with(".toml") {
            let run = mpconfig(&[OsStr::new("check"), path.as_os_str()]);
            let at = format!("{}:2:1", path.display());
            assert!(
                run.stdout.contains(&at),
                "{name}: no {at} in\n{}",
                run.stdout
            );
        }
    }
    // Mistakes in BOM / CRLF files are placed as in any other file.
    let bad = "[multiprocessing]\r\nstart_method = \"spwan\"\r\n";
    every_subcommand(
        &write(&dir, "crlf-bad.toml", bad),
        1,
        "did you mean `spawn`?",
        Some("2:16"),
    );
    let bad = format!("\u{feff}{bad}");
    every_subcommand(
        &write(&dir, "bom-bad.toml", bad),
        1,
        "did you mean `spawn`?",
        Some("2:16"),
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn binary_nul_and_invalid_utf8_files_are_invalid() {
    let dir = tmp_dir("binary");
    for ext in ["toml", "json", "cfg"] {
        let path = write(&dir, &format!("noise.{ext}"), binary(64 * 1024));
        every_subcommand(&path, 1, "error", None);
    }
    every_subcommand(
        &write(&dir, "zeros.toml", [0u8; 4096]),
        1,
        "error",
        Some("1:"),
    );
    every_subcommand(
        &write(
            &dir,
            "nul-in-string.toml",
            "[multiprocessing]\nstart_method = \"sp\0wn\"\n",
        ),
        1,
        "error",
        Some("2:"),
    );
    every_subcommand(
        &write(
            &dir,
            "nul-in-string.json",
            "{\"multiprocessing\": {\"start_method\": \"sp\0wn\"}}",
        ),
        1,
        "error",
        Some("1:"),
    );
    every_subcommand(
        &write(
            &dir,
            "latin1.toml",
            b"[multiprocessing]\nstart_method = \"sp\xe4wn\"\n",
        ),
        1,
        "file is not valid UTF-8",
        Some("2:19"),
    );
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        "[multiprocessing]\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    every_subcommand(
        &write(&dir, "utf16.toml", utf16),
        1,
        "file is not valid UTF-8",
        Some("1:1"),
    );
    // A program given by mistake: this very binary, tens of megabytes of ELF.
    let exe = Path::new(env!("CARGO_BIN_EXE_mpconfig"));
    if exe.metadata().is_ok_and(|m| m.len() <= MAX_FILE_SIZE) {
        every_subcommand(exe, 1, "file is not valid UTF-8", None);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn megabyte_lines_give_short_messages() {
    let dir = tmp_dir("long");
    let mb = 1024 * 1024;
    // A valid config behind a 10 MB comment line.
    let text = format!(
        "# {}\n[multiprocessing]\nstart_method = \"spawn\"\n",
        "x".repeat(10 * mb)
    );
    every_subcommand(&write(&dir, "long-comment.toml", text), 0, "0 errors", None);
    // A 2 MB start method, key, and line of garbage: the message quotes a
    // few characters of it, never the line.
    let value = format!(
        "[multiprocessing]\nstart_method = \"{}\"\n",
        "x".repeat(2 * mb)
    );
    every_subcommand(
        &write(&dir, "long-value.toml", value),
        1,
        "unknown start method",
        Some("2:16"),
    );
    let key = format!("{{\"{}\": 1}}", "k".repeat(2 * mb));
    every_subcommand(
        &write(&dir, "long-key.json", key),
        1,
        "unknown key",
        Some("1:2"),
    );
    every_subcommand(
        &write(&dir, "long-garbage.toml", "x".repeat(4 * mb)),
        1,
        "error",
        Some("1:"),
    );
    let json = format!("{{\"$schema\": \"{}\", }} x", "s".repeat(4 * mb));
    every_subcommand(&write(&dir, "long-line.json", json), 1, "error", Some("1:"));
    // Deep nesting is refused with a message, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    every_subcommand(&write(&dir, "deep.json", &deep), 1, "error", Some("1:"));
    every_subcommand(
        &write(&dir, "deep.toml", format!("a = {deep}\n")),
        1,
        "error",
        Some("1:"),
    );
    let tables = format!("a = {}1{}\n", "{b = ".repeat(50_000), "}".repeat(50_000));
    every_subcommand(
        &write(&dir, "deep-tables.toml", tables),
        1,
        "error",
        Some("1:"),
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn files_too_big_and_endless_streams_are_io_errors() {
    let dir = tmp_dir("big");
    // Sparse: no disk is used for the 65 MB.
    let big = dir.join("big.toml");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(MAX_FILE_SIZE + 1024 * 1024))
        .expect("sparse file");
    every_subcommand(&big, 2, "a config may have", None);
    // A device with no length and no end: read up to the limit, then refused.
    let zero = Path::new("/dev/zero");
    if zero.exists() {
        every_subcommand(zero, 2, "a config may have", None);
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A named pipe whose writer sends a config: read like a file (this is what
/// `mpconfig check <(generate-config)` amounts to).
#[cfg(unix)]
#[test]
fn a_pipe_with_a_writer_is_read_like_a_file() {
    let dir = tmp_dir("fifo");
    let fifo = dir.join("pipe.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("note: mkfifo unavailable; case skipped");
        return;
    }
    for sub in ["check", "bootstrap"] {
        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .expect("open fifo");
            f.write_all(b"[multiprocessing]\r\nstart_method = \"spawn\"\r\n")
                .expect("write fifo");
        });
        let run = mpconfig(&[OsStr::new(sub), fifo.as_os_str()]);
        writer.join().expect("writer");
        assert_eq!(run.code, Some(0), "{sub}: {}", run.all());
        if sub == "bootstrap" {
            assert!(run.stdout.contains("method = 'spawn'"), "{}", run.stdout);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tmp_dir("names");
    let path = dir.join(OsStr::from_bytes(b"caf\xe9.toml"));
    std::fs::write(&path, "[multiprocessing]\nstart_method = \"spwan\"\n").expect("write");
    every_subcommand(&path, 1, "caf\u{fffd}.toml:2:16", None);
    let init = dir.join(OsStr::from_bytes(b"new-\xff.toml"));
    expect(
        &mpconfig(&[OsStr::new("init"), init.as_os_str()]),
        0,
        "wrote",
    );
    expect(
        &mpconfig(&[OsStr::new("check"), init.as_os_str()]),
        0,
        "checked 1 file",
    );
    std::fs::remove_dir_all(&dir).ok();
}
