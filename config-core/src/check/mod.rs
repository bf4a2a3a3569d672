//! Checking a config against every target it ships to.

mod finding;
mod resolve;
pub mod rules;
mod target;

pub use finding::Finding;
pub(crate) use finding::merge_into;
pub use resolve::{Effective, cpython_default, resolve};
pub use rules::{RULES, Rule, rule_by_code as rule};
pub use target::{Target, compress_targets};

use crate::diagnostic::Severity;
use crate::model::{Config, TargetSpec};
use rules::{Context, Eval};

/// How to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Targets to check; `None` takes `[check] targets`, and when that is
    /// empty, every OS × every known version.
    pub targets: Option<Vec<TargetSpec>>,
    /// Rule codes to silence, on top of `[check] allow`.
    pub allow: Vec<String>,
    /// Rule codes to raise to errors, on top of `[check] deny`.
    pub deny: Vec<String>,
    /// Skip rules that look at the checking machine's files (MP012).
    pub no_filesystem: bool,
}

/// Runs every rule on a config for every target. Findings are merged over
/// targets, ordered by rule code, with `allow`/`deny` applied (the command
/// line's over the file's; deny wins over allow for the same code).
///
/// ```
/// use mpconfig_core::{check, CheckOptions, Config, Severity, StartMethod};
///
/// let mut config = Config::default();
/// config.multiprocessing.start_method = StartMethod::Fork;
/// let findings = check(&config, &CheckOptions::default());
/// let mp001 = findings.iter().find(|f| f.code == "MP001").unwrap();
/// assert_eq!(mp001.severity, Severity::Error);
/// assert_eq!(mp001.targets_display(), "windows:3.8–3.14");
/// ```
pub fn check(config: &Config, options: &CheckOptions) -> Vec<Finding> {
    let specs = options.targets.as_deref().unwrap_or(&config.check.targets);
    let targets = Target::expand(specs);
    let ctx = Context {
        config,
        filesystem: !options.no_filesystem,
    };
    let mut findings: Vec<Finding> = Vec::new();
    for rule in RULES {
        let Some(severity) = severity_for(rule, config, options) else {
            continue;
        };
        let mut add = |hit: rules::Hit, target: Option<Target>| {
            let finding = Finding {
                code: rule.code.into(),
                severity,
                message: hit.message,
                key_path: hit.key_path,
                targets: target.into_iter().collect(),
                label: hit.label,
                help: hit.help,
                notes: hit.notes,
            };
            merge_into(&mut findings, finding);
        };
        match rule.eval {
            Eval::PerTarget(f) => {
                for &t in &targets {
                    if let Some(hit) = f(&ctx, t) {
                        add(hit, Some(t));
                    }
                }
            }
            Eval::Once(f) => f(&ctx).into_iter().for_each(|hit| add(hit, None)),
        }
    }
    findings
}

/// The severity a rule reports with, or `None` when it is allowed.
fn severity_for(rule: &Rule, config: &Config, options: &CheckOptions) -> Option<Severity> {
    let named = |list: &[String]| {
        list.iter()
            .any(|c| rules::rule_by_code(c).is_some_and(|r| r.code == rule.code))
    };
    if named(&options.deny) {
        return Some(Severity::Error);
    }
    if named(&options.allow) {
        return None;
    }
    if named(&config.check.deny) {
        return Some(Severity::Error);
    }
    if named(&config.check.allow) {
        return None;
    }
    Some(rule.severity)
}
