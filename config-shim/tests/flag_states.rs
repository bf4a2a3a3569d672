//! Every line CPython writes is accepted: random parent states (`sys.flags`,
//! `sys.warnoptions`, `sys._xoptions`) through the real
//! `subprocess._args_from_interpreter_flags()` of every CPython on the
//! machine, each line then classified as a host linking that CPython would
//! classify it. A refused line here would be a child a pool starts again and
//! again.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::Command;

use mpconfig_shim::{CPythonVersion, Classification, classify_for};
use mpconfig_test_support::python::interpreters_or_skip;

const STATES: usize = 400;
const RT: &str = "from multiprocessing.resource_tracker import main;main(5)";

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn every_parent_state_gives_a_line_the_host_accepts() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/flag_states/states.py");
    let mut checked = 0;
    let mut failures = Vec::new();
    for interp in interpreters_or_skip("flag_states", 8..=15) {
        let version = CPythonVersion::parse(&interp.full_version);
        let out = Command::new(&interp.exe)
            .args([
                "-I",
                script,
                &STATES.to_string(),
                &interp.version.1.to_string(),
            ])
            .output()
            .expect("run python");
        assert!(
            out.status.success(),
            "{}: {}",
            interp.label(),
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8(out.stdout).expect("JSON lines").lines() {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let args: Vec<OsString> = value["args"]
                .as_array()
                .expect("args")
                .iter()
                .map(|a| OsString::from_vec(unhex(a.as_str().expect("hex"))))
                .collect();
            let mut argv = vec![OsString::from("host")];
            argv.extend(args.iter().cloned());
            argv.extend([OsString::from("-c"), OsString::from(RT)]);
            checked += 1;
            match classify_for(&argv, version) {
                Classification::Child(cmd) if cmd.flags().to_args() == args => {}
                other => failures.push(format!("{}: {args:?}\n  → {other:?}", interp.label())),
            }
        }
    }
    assert!(checked >= STATES, "only {checked} lines checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} lines refused:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("flag states: {checked} lines from real _args_from_interpreter_flags, all accepted");
}
