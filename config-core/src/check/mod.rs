//! Checking a config against every target it ships to: every rule of the
//! registry, per target or once, findings merged over targets, `allow` and
//! `deny` applied.

mod resolve;
pub(crate) mod rules;

pub use resolve::{Effective, cpython_default, resolve};

use crate::codes::{RULES, Rule, Severity, rule};
use crate::diagnostic::{Diagnostic, merge_into};
use crate::model::{Config, Dispatcher, TargetSpec};
use crate::platform::Target;
use rules::{Context, EVALS, Eval};

/// How to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
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
    /// What answers the host's child command lines, instead of the
    /// config's `[host] dispatcher` (a host that knows it runs mpconfig's
    /// dispatch says so; `mpconfig check --dispatcher`).
    pub dispatcher: Option<Dispatcher>,
}

impl CheckOptions {
    /// Checks these targets instead of the config's.
    pub fn targets(mut self, targets: Vec<TargetSpec>) -> Self {
        self.targets = Some(targets);
        self
    }

    /// Silences these rules (codes or names) on top of `[check] allow`.
    pub fn allow(mut self, rules: Vec<String>) -> Self {
        self.allow = rules;
        self
    }

    /// Reports these rules (codes or names) as errors on top of `[check] deny`.
    pub fn deny(mut self, rules: Vec<String>) -> Self {
        self.deny = rules;
        self
    }

    /// Skips the rules that look at the checking machine's files (MP012).
    pub fn no_filesystem(mut self, on: bool) -> Self {
        self.no_filesystem = on;
        self
    }

    /// Says what answers the host's child command lines, over the
    /// config's `[host] dispatcher`.
    ///
    /// ```
    /// use mpconfig_core::{check, load_str, CheckOptions, Dispatcher, Format};
    ///
    /// let text = "[multiprocessing]\nstart_method = \"spawn\"\n[check]\ntargets = [\"linux\"]\n";
    /// let config = load_str(text, Format::Toml, "app.toml")?.config;
    /// // Spawn re-executes the host for every worker: fine only if it answers every form.
    /// assert_eq!(check(&config, &CheckOptions::default())[0].code, "MP003");
    /// let shim = CheckOptions::default().dispatcher(Dispatcher::Mpconfig);
    /// assert!(check(&config, &shim).is_empty());
    /// # Ok::<(), mpconfig_core::LoadError>(())
    /// ```
    pub fn dispatcher(mut self, dispatcher: Dispatcher) -> Self {
        self.dispatcher = Some(dispatcher);
        self
    }
}

/// Runs every rule on a config for every target. Findings are merged over
/// targets, ordered by rule code, with `allow`/`deny` applied (the command
/// line's over the file's; deny wins over allow for the same code). They
/// carry key paths, not places: [`Diagnostic::locate`] puts one into the
/// file it came from.
///
/// ```
/// use mpconfig_core::{check, CheckOptions, Config, Severity, StartMethod};
///
/// let mut config = Config::default();
/// config.multiprocessing.start_method = StartMethod::Fork;
/// let findings = check(&config, &CheckOptions::default());
/// let mp001 = findings.iter().find(|f| f.code == "MP001").unwrap();
/// assert_eq!(mp001.severity, Severity::Error);
/// assert_eq!(mp001.targets_display(), "windows:3.8–3.15");
/// ```
pub fn check(config: &Config, options: &CheckOptions) -> Vec<Diagnostic> {
    let specs = options.targets.as_deref().unwrap_or(&config.check.targets);
    let targets = Target::expand(specs);
    let mut findings: Vec<Diagnostic> = Vec::new();
    for (rule, eval) in RULES.iter().zip(EVALS) {
        let Some(severity) = severity_for(rule, config, options) else {
            continue;
        };
        let ctx = Context {
            config,
            dispatcher: options.dispatcher.unwrap_or(config.host.dispatcher),
            filesystem: !options.no_filesystem,
            rule,
            severity,
        };
        match eval {
            Eval::PerTarget(f) => {
                for &t in &targets {
                    if let Some(d) = f(&ctx, t) {
                        merge_into(&mut findings, d.with_targets([t]));
                    }
                }
            }
            Eval::Once(f) => f(&ctx)
                .into_iter()
                .for_each(|d| merge_into(&mut findings, d)),
        }
    }
    findings
}

/// The severity a rule reports with, or `None` when it is allowed.
fn severity_for(rule_: &Rule, config: &Config, options: &CheckOptions) -> Option<Severity> {
    let named = |list: &[String]| {
        list.iter()
            .any(|c| rule(c).is_some_and(|r| r.code == rule_.code))
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
    Some(rule_.severity)
}
