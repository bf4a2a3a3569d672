//! `mpconfig run [--config FILE] [--start-method M] SCRIPT [ARGS…]`: run a
//! Python script in this binary, which embeds CPython and answers
//! multiprocessing's child command lines itself.
//!
//! The children re-execute this binary; they learn the settings through the
//! environment variable `MPCONFIG_MULTIPROCESSING` (JSON of the effective
//! `[multiprocessing]` table, `--start-method` applied) and
//! `MPCONFIG_INTERPRETER` (the `[interpreter]` table), which the host sets
//! in `os.environ` once the interpreter runs and every descendant inherits.

use super::print::{errln, shown};
use std::ffi::OsString;
use std::path::PathBuf;

use mpconfig::{
    CheckOptions, Config, Dispatcher, LoadError, MultiprocessingConfig, Severity, StartMethod,
    TargetSpec, check, load_path,
};
use mpconfig_shim::host::Pyo3Host;

use super::output::Output;

/// Status before the script runs: the config is invalid, or has errors for
/// this platform.
const EXIT_CONFIG: i32 = 1;
/// Status before the script runs: the config cannot be read.
const EXIT_IO: i32 = 2;

/// `mpconfig run` arguments.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The exit status is the script's (as with `python SCRIPT`); before the script runs, 1 for a config with errors for this platform, 2 for one that cannot be read."
)]
pub struct RunArgs {
    /// The config (TOML or JSON); without it, the defaults (start method `auto`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Use this start method instead of the config's.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    start_method: Option<StartMethod>,
    /// Answer every start of this binary that is not a multiprocessing
    /// child as `python` would (`[interpreter] python_cli = true`): the
    /// script's `subprocess.run([sys.executable, ...])` then runs Python.
    #[arg(long)]
    python_cli: bool,
    /// The Python script to run as `__main__`.
    #[arg(value_name = "SCRIPT")]
    script: PathBuf,
    /// Arguments for the script (`sys.argv[1:]`), passed as they are.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    args: Vec<OsString>,
}

fn parse_method(s: &str) -> Result<StartMethod, String> {
    s.parse().map_err(|e| format!("{e}"))
}

/// The interpreter this binary was built against.
pub const PYTHON_VERSION: &str = env!("MPCONFIG_PYTHON_VERSION");

pub fn run(args: &RunArgs, out: &Output) -> i32 {
    let mut config = match &args.config {
        None => Config::default(),
        Some(path) => match load_path(path) {
            Ok(loaded) => {
                if refuse_errors(&loaded, out) {
                    return EXIT_CONFIG;
                }
                loaded.config
            }
            Err(LoadError::Io { path, error }) => {
                errln!("error: cannot read {}: {error}", shown(&path));
                return EXIT_IO;
            }
            Err(LoadError::Invalid(invalid)) => {
                errln!("{}", invalid.render(out.render));
                return EXIT_CONFIG;
            }
        },
    };
    if let Some(method) = args.start_method {
        config.multiprocessing.start_method = method;
    }
    if args.python_cli {
        config.interpreter.python_cli = true;
    }
    let mp: MultiprocessingConfig = config.multiprocessing;
    // The host exports `mp` in MPCONFIG_MULTIPROCESSING and the
    // `[interpreter]` table in MPCONFIG_INTERPRETER for the children.
    Pyo3Host::new()
        .interpreter(&config.interpreter)
        .run_script(&mp, &args.script, &args.args)
}

/// Prints the config's errors for the platform this binary runs on and
/// returns whether there were any (a config the rules call broken — say
/// spawn workers that would relaunch forever — is not run).
fn refuse_errors(loaded: &mpconfig::Loaded, out: &Output) -> bool {
    let Some(target) = this_platform() else {
        return false;
    };
    // This binary answers its children with mpconfig's dispatch.
    let options = CheckOptions::default()
        .targets(vec![target])
        .dispatcher(Dispatcher::Mpconfig);
    let errors: Vec<_> = check(&loaded.config, &options)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    for finding in &errors {
        let d = finding.clone().locate(&loaded.source, &loaded.source_map);
        errln!("{}\n", mpconfig::render(&d, out.render));
    }
    if !errors.is_empty() {
        errln!(
            "error: not running: the config has errors for {target} (`mpconfig check` explains)"
        );
    }
    !errors.is_empty()
}

fn this_platform() -> Option<TargetSpec> {
    Some(TargetSpec::current(Some(PYTHON_VERSION.parse().ok()?)))
}
