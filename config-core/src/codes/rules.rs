//! The rule registry: one row per rule — its stable code, name, default
//! severity, summary, and the function that evaluates it — written once in
//! [`for_each_rule!`]. Expanded here into the metadata ([`RULES`], each with
//! its explanation from `config-core/rules/CODE.md`) and in
//! `check::rules` into the evaluators, so a new rule is one row, one
//! function and one markdown file.

use super::Severity;

/// The rule table. `$m!` is called with every row:
/// `CODE "name" Severity "summary" => Eval(function);`, where `Eval` is
/// `PerTarget` (evaluated for each target; hits are merged over targets)
/// or `Once` (about the config itself), and `function` is a path in
/// `check::rules`. The function paths are only tokens here: this module
/// does not depend on the checks.
macro_rules! for_each_rule {
    ($m:ident) => {
        $m! {
            MP001 "fork-on-windows" Error
                "fork does not exist on Windows"
                => PerTarget(platform::fork_on_windows);
            MP002 "forkserver-on-windows" Error
                "forkserver does not exist on Windows"
                => PerTarget(platform::forkserver_on_windows);
            MP003 "spawn-outside-windows" Warning
                "spawn outside Windows re-executes the host for every worker"
                => PerTarget(platform::spawn_outside_windows);
            MP004 "reexec-without-dispatch" Error
                "children re-execute a host that does not answer their command lines"
                => PerTarget(dispatch::reexec_without_dispatch);
            MP005 "linux-default-changed" Warning
                "`none` on Linux with Python 3.14+ means forkserver, which re-executes the host"
                => PerTarget(platform::linux_default_changed);
            MP006 "fork-on-macos-framework" Warning
                "fork and forkserver are unreliable under a macOS framework build"
                => PerTarget(platform::fork_on_macos_framework);
            MP007 "fork-on-macos" Warning
                "fork is unsafe on macOS"
                => PerTarget(platform::fork_on_macos);
            MP008 "fork-multithreaded" Warning
                "fork in a multi-threaded host can deadlock the child"
                => PerTarget(threads::fork_multithreaded);
            MP009 "preload-unused" Warning
                "forkserver_preload is set where the start method is not forkserver"
                => PerTarget(preload::preload_unused);
            MP010 "preload-not-module" Error
                "a forkserver_preload entry is not a dotted module name"
                => Once(preload::preload_not_module);
            MP011 "executable-relative" Error
                "executable is a relative path"
                => PerTarget(executable::relative);
            MP012 "executable-missing" Warning
                "executable does not exist on this machine"
                => Once(executable::missing);
            MP013 "unfrozen-host" Note
                "sys_frozen = false with the host as executable: spawn workers get `-c` command lines"
                => PerTarget(dispatch::unfrozen_host);
            MP014 "frozen-foreign-executable" Error
                "sys.frozen spawn workers cannot run a real interpreter"
                => PerTarget(dispatch::frozen_foreign_executable);
            MP015 "windows-spawn-without-dispatch" Warning
                "spawn on Windows without dispatch relies on freeze_support()"
                => PerTarget(dispatch::windows_spawn_without_dispatch);
            MP016 "dispatch-unused" Note
                "auto_dispatch is on but children do not run the host"
                => Once(dispatch::dispatch_unused);
            MP017 "unknown-python" Note
                "a target's Python is newer than mpconfig knows"
                => PerTarget(versions::unknown_python);
            MP018 "tracker-without-dispatch" Warning
                "fork with a non-dispatching host: the resource tracker re-executes the host"
                => PerTarget(dispatch::tracker_without_dispatch);
            MP019 "preload-on-error-unsupported" Warning
                "forkserver_preload_on_error has no effect before Python 3.15"
                => PerTarget(preload::on_error_unsupported);
        }
    };
}
pub(crate) use for_each_rule;

/// A rule: stable code, name, default severity, one-line summary and the
/// long explanation `mpconfig explain` prints.
///
/// ```
/// let rule = mpconfig_core::rule("MP001").unwrap();
/// assert_eq!(rule.name, "fork-on-windows");
/// assert_eq!(rule.severity, mpconfig_core::Severity::Error);
/// assert!(rule.explanation.starts_with("# MP001: fork-on-windows"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Rule {
    /// `MP001` …; never reused for another meaning.
    pub code: &'static str,
    /// A kebab-case name.
    pub name: &'static str,
    /// Severity unless a config or the command line changes it.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown: *What it does*, *Why is this bad?*, *Example*, *How to
    /// fix*, *References*.
    pub explanation: &'static str,
}

macro_rules! rule_metadata {
    ($($code:ident $name:literal $severity:ident $summary:literal => $eval:ident($f:path);)*) => {
        /// Every rule, in code order.
        pub static RULES: &[Rule] = &[$(
            Rule {
                code: stringify!($code),
                name: $name,
                severity: Severity::$severity,
                summary: $summary,
                explanation: include_str!(concat!("../../rules/", stringify!($code), ".md")),
            },
        )*];
    };
}

for_each_rule!(rule_metadata);

impl Rule {
    /// Where the rule's explanation is published: its file in the
    /// repository, for editors and reports to link to.
    ///
    /// ```
    /// let rule = mpconfig_core::rule("MP003").unwrap();
    /// assert_eq!(rule.docs_url(), "https://github.com/mpconfig/mpconfig/blob/main/config-core/rules/MP003.md");
    /// ```
    pub fn docs_url(&self) -> String {
        format!(
            "{}/blob/main/config-core/rules/{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            self.code
        )
    }
}

/// The rule with this code (case-insensitive) or name.
///
/// ```
/// assert_eq!(mpconfig_core::rule("mp003").unwrap().code, "MP003");
/// assert_eq!(mpconfig_core::rule("fork-on-macos").unwrap().code, "MP007");
/// assert!(mpconfig_core::rule("MP999").is_none());
/// ```
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
}
