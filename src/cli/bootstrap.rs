//! `mpconfig bootstrap [FILE]`: print the Python bootstrap a config makes.

use super::print::{errln, out, shown};
use std::path::PathBuf;

use mpconfig::bootstrap::{BootstrapOptions, render_config};
use mpconfig::{Config, LoadError, load_path};

use super::output::Output;
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// `mpconfig bootstrap` arguments.
#[derive(Debug, clap::Args)]
pub struct BootstrapArgs {
    /// The config (TOML or JSON); without it, the defaults.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

pub fn run(args: &BootstrapArgs, out: &Output) -> u8 {
    let Some(path) = &args.file else {
        out!(
            "{}",
            render_config(&Config::default(), &BootstrapOptions::new())
        );
        return EXIT_OK;
    };
    match load_path(path) {
        Ok(loaded) => {
            let origin = path.display().to_string();
            out!(
                "{}",
                render_config(&loaded.config, &BootstrapOptions::new().origin(&origin))
            );
            EXIT_OK
        }
        Err(LoadError::Io { path, error }) => {
            errln!("error: cannot read {}: {error}", shown(&path));
            EXIT_USAGE
        }
        Err(LoadError::Invalid(invalid)) => {
            errln!("{}", invalid.render(out.render));
            EXIT_INVALID
        }
    }
}
