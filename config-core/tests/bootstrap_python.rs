//! The bootstrap's fixed Python (`src/bootstrap/py/*.py`) compiles on every
//! CPython on the machine, in the context the renderer puts it in: indented
//! inside `def _mpconfig_bootstrap():`, after `import sys`.

mod bootstrap_support;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use bootstrap_support::interpreters_or_skip;

/// Each fragment as the renderer embeds it.
fn fragments() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bootstrap/py");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("src/bootstrap/py")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read a fragment");
            let mut wrapped = String::from("def _mpconfig_bootstrap():\n    import sys\n");
            for line in text.lines() {
                if !line.is_empty() {
                    wrapped.push_str("    ");
                }
                wrapped.push_str(line);
                wrapped.push('\n');
            }
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                wrapped,
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_fragment_compiles_on_every_cpython() {
    let fragments = fragments();
    assert!(fragments.len() >= 2, "no fragments found");
    let mut failures = Vec::new();
    for interp in interpreters_or_skip("bootstrap_python") {
        for (name, source) in &fragments {
            let mut child = Command::new(&interp.exe)
                .args([
                    "-I",
                    "-c",
                    "import sys; compile(sys.stdin.read(), sys.argv[1], 'exec')",
                    name,
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("run python");
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(source.as_bytes())
                .expect("write the fragment");
            let out = child.wait_with_output().expect("wait");
            if !out.status.success() {
                failures.push(format!(
                    "{name} on {}:\n{}",
                    interp.label(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_finder_carries_the_protocol_marker() {
    let on_import = fragments()
        .into_iter()
        .find(|(n, _)| n == "on_import.py")
        .expect("on_import.py")
        .1;
    let marker = format!("{} = True", mpconfig_core::bootstrap::FINDER_MARKER);
    assert!(on_import.contains(&marker), "on_import.py lacks `{marker}`");
}

#[test]
fn fragments_are_printable_ascii() {
    for (name, source) in fragments() {
        for (i, line) in source.lines().enumerate() {
            assert!(
                line.bytes().all(|b| (0x20..0x7f).contains(&b)),
                "{name}:{}: not printable ASCII: {line:?}",
                i.saturating_sub(1)
            );
        }
    }
}
