//! `mpconfig check [FILES…]`: load each file, run every rule for every
//! target, and report.

use super::print::{errln, outln, shown};
use std::path::{Path, PathBuf};

use mpconfig::{
    CheckOptions, Diagnostic, Dispatcher, LoadError, Os, Severity, TargetError, TargetSpec, check,
    load_path,
};

use super::output::{Format, Output};
use super::report::{Report, json_report};
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// `mpconfig check` arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Config files (TOML or JSON) [default: mpconfig.toml]
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Check for this target (OS[:X.Y] or a Rust target triple) instead of the
    /// file's `[check] targets`; repeatable.
    #[arg(long = "target", short = 't', value_name = "TARGET", value_parser = parse_target)]
    targets: Vec<TargetSpec>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Silence a rule (code or name); repeatable.
    #[arg(long, value_name = "RULE", value_parser = rule_code)]
    allow: Vec<String>,
    /// Report a rule as an error (code or name); repeatable.
    #[arg(long, value_name = "RULE", value_parser = rule_code)]
    deny: Vec<String>,
    /// Skip rules that look at this machine's files (MP012).
    #[arg(long)]
    no_filesystem: bool,
    /// What answers the host's child command lines, instead of the file's
    /// `[host] dispatcher`: mpconfig (`mpconfig run`, mpconfig::host) or
    /// unknown.
    #[arg(long, value_name = "DISPATCHER", value_parser = parse_dispatcher)]
    dispatcher: Option<Dispatcher>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

/// A target, with what a misspelt OS most likely means (`win` → `windows`).
fn parse_target(s: &str) -> Result<TargetSpec, String> {
    s.parse().map_err(|e| match &e {
        TargetError::UnknownOs(os) => match Os::suggest(os) {
            Some(meant) => format!(
                "unknown target OS `{os}`: did you mean `{meant}`? (an OS is linux, macos, macos-framework, windows, or a Rust target triple)"
            ),
            None => e.to_string(),
        },
        _ => e.to_string(),
    })
}

fn parse_dispatcher(s: &str) -> Result<Dispatcher, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn rule_code(s: &str) -> Result<String, String> {
    match mpconfig::rule(s) {
        Some(rule) => Ok(rule.code.to_owned()),
        None => Err(format!(
            "unknown rule `{s}` (`mpconfig explain --list` lists them)"
        )),
    }
}

pub fn run(args: &CheckArgs, out: &Output) -> u8 {
    let default = [PathBuf::from("mpconfig.toml")];
    let files: &[PathBuf] = if args.files.is_empty() {
        &default
    } else {
        &args.files
    };
    let mut options = CheckOptions::default()
        .allow(args.allow.clone())
        .deny(args.deny.clone())
        .no_filesystem(args.no_filesystem);
    if !args.targets.is_empty() {
        options = options.targets(args.targets.clone());
    }
    if let Some(dispatcher) = args.dispatcher {
        options = options.dispatcher(dispatcher);
    }
    let mut report = Report::default();
    for path in files {
        check_file(path, &options, &mut report);
    }
    match args.format {
        Format::Human => {
            for d in &report.diagnostics {
                outln!("{}\n", mpconfig::render(d, out.render));
            }
            outln!("{}", report.summary_line());
        }
        Format::Json => outln!("{}", json_report(&report)),
    }
    for (path, error) in &report.io_errors {
        errln!("error: cannot read {}: {error}", shown(path));
    }
    if !report.io_errors.is_empty() {
        EXIT_USAGE
    } else if report.count(Severity::Error) > 0
        || (args.deny_warnings && report.count(Severity::Warning) > 0)
    {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

fn check_file(path: &Path, options: &CheckOptions, report: &mut Report) {
    match load_path(path) {
        Ok(loaded) => {
            report.files += 1;
            let findings = check(&loaded.config, options);
            let mut diagnostics: Vec<(Diagnostic, Vec<String>)> = findings
                .iter()
                .map(|f| {
                    let targets = f.targets.iter().map(ToString::to_string).collect();
                    (
                        f.clone().locate(&loaded.source, &loaded.source_map),
                        targets,
                    )
                })
                .collect();
            diagnostics.sort_by_key(|(d, _)| d.location.as_ref().map(|l| l.span.start));
            for (d, targets) in diagnostics {
                report.push(d, targets);
            }
        }
        Err(LoadError::Io { path, error }) => report.io_errors.push((path, error)),
        Err(LoadError::Invalid(invalid)) => {
            report.files += 1;
            for d in invalid.diagnostics() {
                report.push(d, Vec::new());
            }
        }
    }
}
