//! Command-line interface: argument parsing and dispatch to subcommands.

mod bootstrap;
mod check;
mod explain;
mod init;
mod markdown;
mod output;
mod print;
mod report;
#[cfg(feature = "host")]
mod run;

use print::out;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: a config is invalid (or, for `check`, has errors).
pub const EXIT_INVALID: u8 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// Make Python's multiprocessing work inside programs that embed CPython.
#[derive(Debug, Parser)]
#[command(name = "mpconfig", version, about, long_about = None)]
#[command(after_help = "Exit status: 0 success, 1 invalid config, 2 usage or I/O error.")]
pub struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = output::ColorChoice::Auto, global = true)]
    color: output::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check config files for every target OS × Python version; report
    /// every problem with file:line:col.
    Check(check::CheckArgs),
    /// Print the Python bootstrap a config makes (defaults without FILE).
    Bootstrap(bootstrap::BootstrapArgs),
    /// Explain a rule: what it checks, why, an example and the fix.
    Explain(explain::ExplainArgs),
    /// Run a Python script in this binary, which embeds CPython and answers
    /// multiprocessing's child command lines (exit status: the script's).
    #[cfg(feature = "host")]
    Run(run::RunArgs),
    /// Print the JSON Schema of config files.
    Schema,
    /// Write a commented starter config (never overwrites a file).
    Init {
        /// Where to write it.
        #[arg(default_value = "mpconfig.toml", value_name = "PATH")]
        path: PathBuf,
    },
}

/// Parses the command line and runs the subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = output::Output::new(cli.color);
    let code = match cli.command {
        Command::Check(args) => check::run(&args, &out),
        Command::Explain(args) => explain::run(&args, &out),
        Command::Bootstrap(args) => bootstrap::run(&args, &out),
        Command::Schema => {
            out!("{}", mpconfig::schema::json_schema_text());
            EXIT_OK
        }
        Command::Init { path } => init::run(&path),
        #[cfg(feature = "host")]
        Command::Run(args) => {
            let status = run::run(&args, &out);
            use std::io::Write;
            let _ = std::io::stdout().flush();
            std::process::exit(status)
        }
    };
    ExitCode::from(code)
}
