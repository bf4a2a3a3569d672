//! wordfreq: counts the most common words in text files. The counting is a
//! Python plugin (`python/wordfreq_plugin.py`) that spreads the files over
//! a `multiprocessing.Pool`; this binary embeds CPython to run it.
//!
//! ```text
//! wordfreq [--config wordfreq.toml] FILE…
//! ```
//!
//! The whole mpconfig integration is the marked steps: the derive on the
//! config struct, and the two steps in `main`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::exit;

use mpconfig::host::{Dispatch, Pyo3Host};
use mpconfig::{Bootstrap, MultiprocessingConfig, RenderOptions, Severity, TargetSpec, load_as};
use pyo3::prelude::*;
use serde::Deserialize;

/// The app's config file. `Bootstrap` (mpconfig's derive) finds the
/// multiprocessing settings in it and checks them with diagnostics that
/// point into this file.
#[derive(Debug, Deserialize, Bootstrap)]
#[serde(default, deny_unknown_fields)]
// This binary answers its children with mpconfig's dispatch (step 1).
#[mpconfig(dispatcher = "mpconfig")]
struct AppConfig {
    /// Worker processes.
    workers: usize,
    /// How many words to print.
    top: usize,
    /// How Python's multiprocessing starts the workers: mpconfig's
    /// `[multiprocessing]` table, embedded as is.
    #[mpconfig(flatten)]
    multiprocessing: MultiprocessingConfig,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            workers: 2,
            top: 5,
            multiprocessing: MultiprocessingConfig::default(),
        }
    }
}

fn main() {
    let argv: Vec<OsString> = std::env::args_os().collect();

    // mpconfig step 1: the Pool's spawn workers, fork server and resource
    // tracker re-execute this binary. Answer them before anything else, with
    // the settings the parent exported.
    if let Dispatch::Exit(status) = Pyo3Host::dispatch_inherited(&argv) {
        exit(status);
    }

    let (config, files) = match parse_args(&argv) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("wordfreq: {message}\nusage: wordfreq [--config FILE] FILE…");
            exit(2);
        }
    };

    // mpconfig step 2: run Python with the settings applied (and exported
    // for the children).
    let plugins = concat!(env!("CARGO_MANIFEST_DIR"), "/python");
    let status = Pyo3Host::new().run_main(&config, &argv[..1], None, |py| {
        py.import("sys")?
            .getattr("path")?
            .call_method1("insert", (0, plugins))?;
        let plugin = py.import("wordfreq_plugin")?;
        let (top, method, workers): (Vec<(String, u64)>, String, usize) = plugin
            .call_method1("most_common", (&files, config.workers, config.top))?
            .extract()?;
        println!(
            "{} files, {workers} worker processes, start method {method}",
            files.len()
        );
        for (word, n) in top {
            println!("{n:>7} {word}");
        }
        Ok(())
    });
    exit(status);
}

fn parse_args(argv: &[OsString]) -> Result<(AppConfig, Vec<PathBuf>), String> {
    let mut config = AppConfig::default();
    let mut files = Vec::new();
    let mut args = argv.iter().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--config" {
            let path = args.next().ok_or("--config needs a file")?;
            config = load_config(path.as_ref())?;
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    if files.is_empty() {
        return Err("no input files".into());
    }
    Ok((config, files))
}

/// Loads the config and refuses one that mpconfig's rules call broken on
/// this platform (say, spawn workers that would relaunch forever).
fn load_config(path: &std::path::Path) -> Result<AppConfig, String> {
    let loaded = load_as::<AppConfig>(path).map_err(|e| match e {
        mpconfig::LoadError::Io { path, error } => {
            format!("cannot read {}: {error}", path.display())
        }
        mpconfig::LoadError::Invalid(invalid) => invalid.render(RenderOptions::default()),
    })?;
    // This OS, every Python version mpconfig knows.
    let here = TargetSpec::current(None);
    let errors: Vec<String> = loaded
        .check(&[here])
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| mpconfig::render(d, RenderOptions::default()))
        .collect();
    if errors.is_empty() {
        Ok(loaded.value)
    } else {
        Err(errors.join("\n"))
    }
}
