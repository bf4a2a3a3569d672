//! `mpconfig explain CODE` and `mpconfig explain --list`.

use super::markdown::render;
use super::output::Output;
use super::print::{errln, out, outln};
use super::{EXIT_OK, EXIT_USAGE};
use mpconfig::Rule;

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

pub fn run(args: &ExplainArgs, output: &Output) -> u8 {
    if args.list {
        let rules = mpconfig::RULES;
        let width = |f: fn(&Rule) -> usize| rules.iter().map(f).max().unwrap_or(0);
        let code = width(|r| r.code.chars().count());
        let severity = width(|r| r.severity.as_str().len());
        let name = width(|r| r.name.chars().count());
        for rule in rules {
            outln!(
                "{:<code$}  {:<severity$}  {:<name$}  {}",
                rule.code,
                rule.severity.as_str(),
                rule.name,
                rule.summary
            );
        }
        return EXIT_OK;
    }
    let code = args.rule.as_deref().unwrap_or_default();
    match mpconfig::rule(code) {
        Some(rule) => {
            out!("{}", render(rule.explanation, output.render.color));
            EXIT_OK
        }
        None => {
            errln!("error: unknown rule `{code}`; `mpconfig explain --list` lists them");
            EXIT_USAGE
        }
    }
}
