//! What a diagnostic can be: its [`Severity`] and its [`Code`] — one of
//! mpconfig's rules ([`Rule`], the registry [`RULES`]), the kind of a
//! mistake that keeps a file from loading ([`LoadIssueKind`]), or a host's
//! own code. A leaf: the loaders (which check `allow`/`deny` lists), the
//! schema (which documents them) and the checks all read it.

mod rules;

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

pub(crate) use rules::for_each_rule;
pub use rules::{RULES, Rule, rule};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something to know; never fails a check.
    Note,
    /// Likely to break on some target; fails a check under `--deny-warnings`.
    Warning,
    /// Will break: the config is invalid or a target cannot work.
    Error,
}

impl Severity {
    /// The lowercase name: `note`, `warning`, `error`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of mistake the file itself has, whatever the target: every
/// kind but [`LoadIssueKind::ShadowedKey`] keeps it from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoadIssueKind {
    /// Not valid TOML or JSON.
    Syntax,
    /// The file is not UTF-8.
    Encoding,
    /// A key the table does not have.
    UnknownKey,
    /// A key given twice (JSON; TOML reports it as syntax).
    DuplicateKey,
    /// A value of the wrong type (a string where a boolean goes).
    WrongType,
    /// A value of the right type that means nothing (an unknown start method).
    InvalidValue,
    /// A host's own struct (`load_as`) rejected the file, as serde reports it.
    Deserialize,
    /// A host's file sets one setting twice, through a marked field and
    /// through the flattened table, and the marked field wins: a warning
    /// of [`LoadedAs::check`](crate::LoadedAs::check).
    ShadowedKey,
}

impl LoadIssueKind {
    /// A stable kebab-case name, used as the diagnostic code.
    pub const fn as_str(self) -> &'static str {
        match self {
            LoadIssueKind::Syntax => "syntax",
            LoadIssueKind::Encoding => "encoding",
            LoadIssueKind::UnknownKey => "unknown-key",
            LoadIssueKind::DuplicateKey => "duplicate-key",
            LoadIssueKind::WrongType => "wrong-type",
            LoadIssueKind::InvalidValue => "invalid-value",
            LoadIssueKind::Deserialize => "deserialize",
            LoadIssueKind::ShadowedKey => "shadowed-key",
        }
    }
}

impl fmt::Display for LoadIssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A diagnostic's code: a rule, a load mistake, or a host's own code.
///
/// Compares equal to its text, so `code == "MP001"` reads naturally.
///
/// ```
/// use mpconfig_core::{Code, LoadIssueKind, rule};
///
/// let mp001 = Code::Rule(rule("MP001").unwrap());
/// assert_eq!(mp001, "MP001");
/// assert!(mp001.is_shown());
/// let typo = Code::Load(LoadIssueKind::UnknownKey);
/// assert_eq!(typo.as_str(), "unknown-key");
/// assert!(!typo.is_shown()); // rendered as `error: …`, not `error[unknown-key]: …`
/// assert_eq!(Code::from("APP001"), "APP001");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// One of mpconfig's rules.
    Rule(&'static Rule),
    /// A mistake that keeps a file from loading.
    Load(LoadIssueKind),
    /// A host's own rule (`#[mpconfig(validate_with = "…")]`), e.g. `APP001`.
    Host(Cow<'static, str>),
}

impl Code {
    /// The text: `MP001`, `unknown-key`, `APP001`.
    pub fn as_str(&self) -> &str {
        match self {
            Code::Rule(r) => r.code,
            Code::Load(k) => k.as_str(),
            Code::Host(c) => c,
        }
    }

    /// Whether renderers show it as `severity[CODE]`: rules' and hosts'
    /// codes are; the kinds of load mistake are not.
    pub fn is_shown(&self) -> bool {
        !matches!(self, Code::Load(_))
    }

    /// The load mistake, for [`Code::Load`].
    pub fn load_kind(&self) -> Option<LoadIssueKind> {
        match self {
            Code::Load(k) => Some(*k),
            _ => None,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<LoadIssueKind> for Code {
    fn from(kind: LoadIssueKind) -> Self {
        Code::Load(kind)
    }
}

impl From<&'static Rule> for Code {
    fn from(rule: &'static Rule) -> Self {
        Code::Rule(rule)
    }
}

/// A host's own code.
impl From<&'static str> for Code {
    fn from(code: &'static str) -> Self {
        Code::Host(Cow::Borrowed(code))
    }
}

/// A host's own code.
impl From<String> for Code {
    fn from(code: String) -> Self {
        Code::Host(Cow::Owned(code))
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
