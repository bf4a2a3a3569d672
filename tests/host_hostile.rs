//! Hostile starts of the host binary — at least 300, by category (code in
//! argv, argv shape, fds, interpreter options, code-bearing values, the
//! environment) — each naming the promise it tests. An attacker who
//! controls a start's arguments, stdin and inherited fds, but not its
//! environment, must get no code run (the payloads would create a marker
//! file), no panic, no hang, and no raw control character on the terminal.
//!
//! `MPCONFIG_HOSTILE_BIN=/path/to/mpconfig` runs the corpus against another
//! build (an older one, say) and prints the table without asserting.

#[path = "host_hostile/corpus.rs"]
mod corpus;
mod host_support;
#[path = "host_hostile/values.rs"]
mod values;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use corpus::{Case, Expect};
use host_support::{Scratch, host_bin};
use mpconfig_test_support::host_run::HostRun;

const MARKER: &str = "PWNED";

/// The payload files an attacker would point argv at.
fn plant(dir: &Path) {
    let marker = dir.join(MARKER).display().to_string();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("plant");
    write(
        "evilmod.py",
        &format!("open({marker:?}, 'w')\nclass Warn(Warning): pass\n"),
    );
    write("evil.py", &format!("open({marker:?}, 'w')\n"));
    // A pickle that opens the marker when loaded (protocol 0).
    write("evil.pkl", &format!("cbuiltins\nopen\n(V{marker}\nVw\ntR."));
    write("unlink.txt", &format!("REGISTER:{marker}:shared_memory\n"));
    write("log-target", "");
    std::os::unix::fs::symlink(dir.join("log-target"), dir.join("log-link")).expect("symlink");
    let fifo = std::ffi::CString::new(dir.join("log-fifo").as_os_str().as_bytes()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// `{M}` → the marker, `{D}` → the directory, in raw bytes.
fn fill(arg: &OsString, dir: &Path) -> OsString {
    let d = dir.as_os_str().as_bytes();
    let m = dir.join(MARKER);
    let m = m.as_os_str().as_bytes();
    let mut out = Vec::new();
    let b = arg.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"{M}") {
            out.extend_from_slice(m);
            i += 3;
        } else if b[i..].starts_with(b"{D}") {
            out.extend_from_slice(d);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    OsString::from_vec(out)
}

#[derive(Default)]
struct Tally {
    cases: usize,
    as_expected: usize,
    executed: usize,
    panics: usize,
    hangs: usize,
    raw_escapes: usize,
}

fn raw_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn hostile_starts_run_nothing() {
    let mut cases: Vec<Case> = Vec::new();
    cases.extend(corpus::grammar());
    cases.extend(corpus::shape());
    cases.extend(corpus::fds());
    cases.extend(values::flags());
    cases.extend(values::code_bearing());
    cases.extend(values::environment());
    assert!(cases.len() >= 300, "only {} hostile starts", cases.len());

    let foreign = std::env::var_os("MPCONFIG_HOSTILE_BIN").map(PathBuf::from);
    let program = foreign.clone().unwrap_or_else(host_bin);
    let dir = Scratch::new("hostile");
    plant(dir.path());
    let marker = dir.path().join(MARKER);
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        let argv: Vec<OsString> = case.argv.iter().map(|a| fill(a, dir.path())).collect();
        let mut run = HostRun::new(&program, &argv)
            .cwd(dir.path())
            .timeout(Duration::from_secs(20));
        for (k, v) in &case.env {
            run = run.env(k, fill(v, dir.path()));
            if *k == "MPCONFIG_LOG" {
                run = run.without_log();
            }
        }
        if let Some(file) = case.stdin {
            run = run.stdin(dir.path().join(file));
        }
        let out = run.run();
        let t = tallies.entry(case.category).or_default();
        t.cases += 1;
        let executed = marker.exists();
        let _ = std::fs::remove_file(&marker);
        let panicked = out.code() == Some(101) || out.stderr.contains("panicked");
        let expected = match case.expect {
            Expect::Refused => out.code() == Some(2),
            Expect::Runs => out.code() == Some(0),
        };
        let escapes = raw_control(&out.stderr) || raw_control(&out.stdout);
        t.as_expected += usize::from(expected && !executed && !panicked && !out.timed_out);
        t.executed += usize::from(executed);
        t.panics += usize::from(panicked);
        t.hangs += usize::from(out.timed_out);
        t.raw_escapes += usize::from(escapes);
        if !expected || executed || panicked || out.timed_out || escapes {
            failures.push(format!(
                "[{}] {} — promise: {}\n  executed: {executed}, panicked: {panicked}, escapes: {escapes}\n{}",
                case.category,
                case.name,
                case.promise,
                out.describe()
            ));
        }
    }
    let link_target = std::fs::read_to_string(dir.path().join("log-target")).unwrap_or_default();
    eprintln!("| category | starts | as expected | code run | panics | hangs | raw escapes |");
    eprintln!("|---|---:|---:|---:|---:|---:|---:|");
    for (category, t) in &tallies {
        eprintln!(
            "| {category} | {} | {} | {} | {} | {} | {} |",
            t.cases, t.as_expected, t.executed, t.panics, t.hangs, t.raw_escapes
        );
    }
    eprintln!(
        "({} starts; the launch log's symlink target holds {} bytes)",
        cases.len(),
        link_target.len()
    );
    if foreign.is_some() {
        return;
    }
    assert!(
        link_target.is_empty(),
        "the log was written through a symlink"
    );
    assert!(
        failures.is_empty(),
        "{} of {} hostile starts broke a promise:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
