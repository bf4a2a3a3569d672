//! The rules' evaluators: the registry's rows (`codes::for_each_rule!`)
//! expanded into one [`Eval`] per rule, in [`crate::RULES`]' order, each
//! calling a function of the modules below.

mod dispatch;
mod executable;
mod platform;
mod preload;
mod threads;
mod versions;

use crate::codes::{Code, Rule, Severity, for_each_rule};
use crate::diagnostic::Diagnostic;
use crate::model::{Config, Dispatcher};
use crate::platform::Target;

/// What a rule sees.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    /// What answers the host's child command lines.
    pub dispatcher: Dispatcher,
    /// Whether rules may look at the checking machine's files (MP012).
    pub filesystem: bool,
    /// The rule being evaluated and the severity it reports with.
    pub rule: &'static Rule,
    pub severity: Severity,
}

impl Context<'_> {
    /// A finding of the rule being evaluated, about `key_path`.
    pub fn finding(&self, key_path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Code::Rule(self.rule), self.severity, message).with_key_path(key_path)
    }
}

/// How a rule is evaluated.
#[derive(Clone, Copy)]
pub(crate) enum Eval {
    /// Once per target; the findings of many targets are merged into one.
    PerTarget(fn(&Context<'_>, Target) -> Option<Diagnostic>),
    /// Once per config: about the config itself, whatever the target.
    Once(fn(&Context<'_>) -> Vec<Diagnostic>),
}

macro_rules! rule_evaluators {
    ($($code:ident $name:literal $severity:ident $summary:literal => $eval:ident($f:path);)*) => {
        /// Each rule's evaluator, in [`crate::RULES`]' order.
        pub(crate) static EVALS: &[Eval] = &[$(Eval::$eval($f),)*];
    };
}

for_each_rule!(rule_evaluators);

#[cfg(test)]
mod tests {
    #[test]
    fn one_evaluator_per_rule() {
        assert_eq!(super::EVALS.len(), crate::RULES.len());
    }
}
