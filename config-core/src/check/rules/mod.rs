//! The rule registry: every rule's stable code, default severity and summary,
//! and the function that evaluates it.

mod dispatch;
mod executable;
mod platform;
mod preload;
mod threads;
mod versions;

use super::Target;
use crate::diagnostic::Severity;
use crate::model::Config;

/// What a rule sees.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    /// Whether rules may look at the checking machine's files (MP012).
    pub filesystem: bool,
}

/// One report of a rule, before targets are merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub key_path: String,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Hit {
    pub fn new(key_path: impl Into<String>, message: impl Into<String>) -> Self {
        Hit {
            key_path: key_path.into(),
            message: message.into(),
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// How a rule is evaluated.
#[derive(Clone, Copy)]
pub(crate) enum Eval {
    /// Once per target; the hits of many targets are merged into one finding.
    PerTarget(fn(&Context<'_>, Target) -> Option<Hit>),
    /// Once per config: about the config itself, whatever the target.
    Once(fn(&Context<'_>) -> Vec<Hit>),
}

/// A rule: stable code, default severity, one-line summary.
///
/// ```
/// let rule = mpconfig_core::rule("MP001").unwrap();
/// assert_eq!(rule.name, "fork-on-windows");
/// assert_eq!(rule.severity, mpconfig_core::Severity::Error);
/// ```
#[derive(Clone, Copy)]
pub struct Rule {
    /// `MP001` …; never reused for another meaning.
    pub code: &'static str,
    /// A kebab-case name.
    pub name: &'static str,
    /// Severity unless a config or the command line changes it.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    pub(crate) eval: Eval,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .field("severity", &self.severity)
            .finish_non_exhaustive()
    }
}

const fn rule(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    eval: Eval,
) -> Rule {
    Rule {
        code,
        name,
        severity,
        summary,
        eval,
    }
}

use Eval::{Once, PerTarget};
use Severity::{Error, Note, Warning};

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    rule(
        "MP001",
        "fork-on-windows",
        Error,
        "fork does not exist on Windows",
        PerTarget(platform::fork_on_windows),
    ),
    rule(
        "MP002",
        "forkserver-on-windows",
        Error,
        "forkserver does not exist on Windows",
        PerTarget(platform::forkserver_on_windows),
    ),
    rule(
        "MP003",
        "spawn-outside-windows",
        Warning,
        "spawn outside Windows re-executes the host for every worker",
        PerTarget(platform::spawn_outside_windows),
    ),
    rule(
        "MP004",
        "reexec-without-dispatch",
        Error,
        "children re-execute a host that does not answer their command lines",
        PerTarget(dispatch::reexec_without_dispatch),
    ),
    rule(
        "MP005",
        "linux-default-changed",
        Warning,
        "`none` on Linux with Python 3.14+ means forkserver, which re-executes the host",
        PerTarget(platform::linux_default_changed),
    ),
    rule(
        "MP006",
        "fork-on-macos-framework",
        Warning,
        "fork and forkserver are unreliable under a macOS framework build",
        PerTarget(platform::fork_on_macos_framework),
    ),
    rule(
        "MP007",
        "fork-on-macos",
        Warning,
        "fork is unsafe on macOS",
        PerTarget(platform::fork_on_macos),
    ),
    rule(
        "MP008",
        "fork-multithreaded",
        Warning,
        "fork in a multi-threaded host can deadlock the child",
        PerTarget(threads::fork_multithreaded),
    ),
    rule(
        "MP009",
        "preload-unused",
        Warning,
        "forkserver_preload is set where the start method is not forkserver",
        PerTarget(preload::preload_unused),
    ),
    rule(
        "MP010",
        "preload-not-module",
        Error,
        "a forkserver_preload entry is not a dotted module name",
        Once(preload::preload_not_module),
    ),
    rule(
        "MP011",
        "executable-relative",
        Error,
        "executable is a relative path",
        PerTarget(executable::relative),
    ),
    rule(
        "MP012",
        "executable-missing",
        Warning,
        "executable does not exist on this machine",
        Once(executable::missing),
    ),
    rule(
        "MP013",
        "unfrozen-host",
        Note,
        "sys_frozen = false with the host as executable: spawn workers get `-c` command lines",
        PerTarget(dispatch::unfrozen_host),
    ),
    rule(
        "MP014",
        "frozen-foreign-executable",
        Error,
        "sys.frozen spawn workers cannot run a real interpreter",
        PerTarget(dispatch::frozen_foreign_executable),
    ),
    rule(
        "MP015",
        "windows-spawn-without-dispatch",
        Warning,
        "spawn on Windows without dispatch relies on freeze_support()",
        PerTarget(dispatch::windows_spawn_without_dispatch),
    ),
    rule(
        "MP016",
        "dispatch-unused",
        Note,
        "auto_dispatch is on but children do not run the host",
        Once(dispatch::dispatch_unused),
    ),
    rule(
        "MP017",
        "unknown-python",
        Note,
        "a target's Python is newer than mpconfig knows",
        PerTarget(versions::unknown_python),
    ),
    rule(
        "MP018",
        "tracker-without-dispatch",
        Warning,
        "fork with a non-dispatching host: the resource tracker re-executes the host",
        PerTarget(dispatch::tracker_without_dispatch),
    ),
];

/// The rule with this code (case-insensitive) or name.
pub fn rule_by_code(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
}
