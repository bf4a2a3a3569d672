//! The architecture as the sources have it: no module of a crate uses a
//! sibling that uses it back (directly or around a cycle), no source file
//! over 600 lines, no `unreachable!` in the core. Read from the files by
//! `mpconfig_test_support::modules`.

use std::path::{Path, PathBuf};

use mpconfig_test_support::modules::Crate;

const MAX_LINES: usize = 600;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The root file of every crate of the workspace.
const CRATES: &[&str] = &[
    "src/lib.rs",
    "src/main.rs",
    "config-core/src/lib.rs",
    "config-derive/src/lib.rs",
    "config-shim/src/lib.rs",
    "test-support/src/lib.rs",
];

#[test]
fn no_module_cycles() {
    let mut found = Vec::new();
    for krate in CRATES {
        let graph = Crate::read(&root().join(krate));
        if krate.starts_with("config-") {
            assert!(graph.files.len() > 5, "{krate}: its modules were not read");
        }
        for cycle in graph.cycles() {
            found.push(format!("{krate}: {}", cycle.join(" ⇄ ")));
        }
    }
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

/// The core's layers, lowest first: each uses only modules before it.
#[test]
fn core_layers_point_down() {
    const LAYERS: &[&[&str]] = &[
        &["text", "platform", "codes"],
        &["diagnostic"],
        &["syntax"],
        &["decode"],
        &["model"],
        &["load", "bootstrap", "schema"],
        &["check"],
        &["embed"],
        &["private"],
    ];
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let graph = Crate::read(&root().join("config-core/src/lib.rs"));
    let mut wrong = Vec::new();
    for (from, to) in graph.edges() {
        if from.len() != 1 {
            continue;
        }
        let (a, b) = (from[0].as_str(), to[0].as_str());
        match (layer(a), layer(b)) {
            (Some(la), Some(lb)) if lb <= la => {
                if lb == la && a != b {
                    wrong.push(format!("{a} → {b} (same layer)"));
                }
            }
            (Some(_), Some(_)) => wrong.push(format!("{a} → {b} (up)")),
            _ => wrong.push(format!("{a} → {b} (a module in no layer)")),
        }
    }
    assert!(wrong.is_empty(), "core layering:\n{}", wrong.join("\n"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        if name == "target"
            || name == "corpus"
            || name == "artifacts"
            || name.to_string_lossy().starts_with('.')
        {
            continue;
        }
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_source_file_over_600_lines() {
    let mut files = Vec::new();
    rust_files(&root(), &mut files);
    assert!(files.len() > 50, "found {} files", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > MAX_LINES).then(|| {
                format!(
                    "{} ({n} lines)",
                    f.strip_prefix(root()).unwrap_or(f).display()
                )
            })
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_unreachable_in_the_core() {
    let mut files = Vec::new();
    rust_files(&root().join("config-core/src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        assert!(
            !text.contains("unreachable!"),
            "{} uses unreachable!",
            f.display()
        );
    }
}
