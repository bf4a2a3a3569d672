//! `mpconfig explain CODE` and `mpconfig explain --list`.

use super::print::{errln, out, outln};
use super::{EXIT_OK, EXIT_USAGE};

/// `mpconfig explain` arguments.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule code (MP003) or name (spawn-outside-windows).
    #[arg(required_unless_present = "list", value_name = "RULE")]
    rule: Option<String>,
    /// List every rule: code, severity, name, summary.
    #[arg(long, conflicts_with = "rule")]
    list: bool,
}

pub fn run(args: &ExplainArgs) -> u8 {
    if args.list {
        for rule in mpconfig::RULES {
            outln!(
                "{}  {:<7}  {:<30}  {}",
                rule.code,
                rule.severity,
                rule.name,
                rule.summary
            );
        }
        return EXIT_OK;
    }
    let code = args.rule.as_deref().unwrap_or_default();
    match mpconfig::rule(code) {
        Some(rule) => {
            out!("{}", rule.explanation);
            EXIT_OK
        }
        None => {
            errln!("error: unknown rule `{code}`; `mpconfig explain --list` lists them");
            EXIT_USAGE
        }
    }
}
