//! Renders the bootstrap for every input of a `bootstrap` corpus, for the
//! Python half of the checks (`check_bootstrap_corpus.sh`).
//!
//! ```text
//! cargo run --example render_bootstrap_corpus -- OUT_DIR CORPUS_DIR_OR_FILE...
//! ```
//!
//! Writes `OUT_DIR/<input name>.py` for each input, and `OUT_DIR/manifest.jsonl`:
//! one JSON object per rendered file with what the config asked for, so
//! the checker can compare what the source does with what it should do.

use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use mpconfig_core::Executable;
use mpconfig_fuzz::bootstrap::{BootstrapInput, check_source};

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let Some(out) = args.next() else {
        eprintln!("usage: render_bootstrap_corpus OUT_DIR CORPUS_DIR_OR_FILE...");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&out).expect("create OUT_DIR");
    let mut inputs = Vec::new();
    for arg in args {
        collect(&arg, &mut inputs);
    }
    inputs.sort();
    let manifest_path = out.join("manifest.jsonl");
    let mut manifest = std::fs::File::create(&manifest_path).expect("create manifest");
    let mut rendered = 0;
    for path in &inputs {
        let data = std::fs::read(path).expect("read input");
        let Some(input) = BootstrapInput::from_bytes(&data) else {
            continue;
        };
        let source = input.render();
        check_source(&source);
        let name = format!(
            "{}.py",
            path.file_name()
                .map(|n| n
                    .to_string_lossy()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
                .unwrap_or_default()
        );
        std::fs::write(out.join(&name), &source).expect("write source");
        let mp = &input.mp;
        let (kind, path_hex) = match &mp.executable {
            Executable::Host => ("host", None),
            Executable::Python => ("python", None),
            Executable::Path(p) => ("path", Some(hex(p.as_os_str().as_bytes()))),
        };
        let entry = serde_json::json!({
            "file": name,
            "input": path.display().to_string(),
            "start_method": mp.start_method.as_str(),
            "apply": mp.apply.as_str(),
            "sys_frozen": mp.sys_frozen,
            "executable": kind,
            "executable_hex": path_hex,
            "forkserver_preload": mp.forkserver_preload,
            "families": mp.families.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
            "origin": input.origin,
        });
        writeln!(manifest, "{entry}").expect("write manifest");
        rendered += 1;
    }
    eprintln!(
        "rendered {rendered} bootstraps from {} inputs into {}",
        inputs.len(),
        out.display()
    );
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read corpus dir") {
            let p = entry.expect("dir entry").path();
            if p.is_file() {
                out.push(p);
            }
        }
    } else {
        out.push(path.to_owned());
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
