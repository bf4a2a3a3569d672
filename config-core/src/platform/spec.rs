//! Check targets: an operating system and, optionally, a Python version.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// An operating system a host ships to, as far as multiprocessing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
// Exhaustive on purpose: every rule must say what it means on each OS.
pub enum Os {
    /// Linux and other POSIX systems that are not macOS.
    Linux,
    /// macOS with a non-framework Python (what embedding hosts link).
    Macos,
    /// macOS with a framework build of Python (python.org installers).
    MacosFramework,
    /// Windows.
    Windows,
}

impl Os {
    /// Every OS, in report order.
    pub const ALL: [Os; 4] = [Os::Linux, Os::Macos, Os::MacosFramework, Os::Windows];
    /// The names accepted in a target string.
    pub const NAMES: [&'static str; 4] = ["linux", "macos", "macos-framework", "windows"];

    /// The OS this code was compiled for: `Windows`, `Macos` (a framework
    /// build cannot be told at compile time; embedding hosts link a
    /// non-framework Python), or `Linux` for every other system.
    ///
    /// ```
    /// use mpconfig_core::Os;
    ///
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(Os::current(), Os::Linux);
    /// ```
    pub const fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::Macos
        } else {
            Os::Linux
        }
    }

    /// The name as written in a target string.
    pub const fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Macos => "macos",
            Os::MacosFramework => "macos-framework",
            Os::Windows => "windows",
        }
    }

    /// Whether this is a POSIX system (fork and forkserver exist).
    pub const fn is_posix(self) -> bool {
        !matches!(self, Os::Windows)
    }

    /// Whether this is either flavour of macOS.
    pub const fn is_macos(self) -> bool {
        matches!(self, Os::Macos | Os::MacosFramework)
    }

    fn from_name(s: &str) -> Option<Os> {
        Os::ALL.into_iter().find(|os| os.as_str() == s)
    }

    /// The OS a misspelt or colloquial name most likely means: another
    /// spelling (`win`, `win32`, `osx`, `darwin`, `mac`), the start of a
    /// name (`lin`, `framework`), or a name a small edit away (`linx`).
    ///
    /// ```
    /// use mpconfig_core::Os;
    ///
    /// assert_eq!(Os::suggest("win"), Some(Os::Windows));
    /// assert_eq!(Os::suggest("OSX"), Some(Os::Macos));
    /// assert_eq!(Os::suggest("linx"), Some(Os::Linux));
    /// assert_eq!(Os::suggest("freebsd"), None);
    /// ```
    pub fn suggest(given: &str) -> Option<Os> {
        const ALIASES: &[(&str, Os)] = &[
            ("win", Os::Windows),
            ("win32", Os::Windows),
            ("win64", Os::Windows),
            ("nt", Os::Windows),
            ("msvc", Os::Windows),
            ("mingw", Os::Windows),
            ("mac", Os::Macos),
            ("osx", Os::Macos),
            ("macosx", Os::Macos),
            ("darwin", Os::Macos),
            ("apple", Os::Macos),
            ("framework", Os::MacosFramework),
            ("gnu", Os::Linux),
        ];
        if given.len() > 64 {
            return None;
        }
        let norm: String = given
            .trim()
            .chars()
            .map(|c| {
                if c == '_' || c == ' ' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        if let Some(os) = Os::from_name(&norm) {
            return Some(os);
        }
        if let Some(&(_, os)) = ALIASES.iter().find(|(a, _)| *a == norm) {
            return Some(os);
        }
        if norm.len() >= 3
            && let Some(os) = Os::ALL
                .into_iter()
                .find(|os| os.as_str().starts_with(&norm))
        {
            return Some(os);
        }
        Os::ALL
            .into_iter()
            .map(|os| (strsim::damerau_levenshtein(&norm, os.as_str()), os))
            .filter(|&(d, _)| d <= 2)
            .min_by_key(|&(d, _)| d)
            .map(|(_, os)| os)
    }

    /// The parts of a Rust target triple (`x86_64-pc-windows-msvc`), if
    /// `s` is shaped like one.
    fn triple_parts(s: &str) -> Option<Vec<&str>> {
        let parts: Vec<&str> = s.split('-').collect();
        let part_ok = |p: &&str| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        };
        (parts.len() >= 2 && parts.iter().all(part_ok)).then_some(parts)
    }

    /// The OS of a Rust target triple such as `x86_64-pc-windows-msvc`.
    fn from_triple(s: &str) -> Option<Os> {
        let parts = Os::triple_parts(s)?;
        let rest = &parts[1..];
        if rest.contains(&"windows") {
            Some(Os::Windows)
        } else if rest.contains(&"darwin") {
            Some(Os::Macos)
        } else if rest.contains(&"linux") {
            Some(Os::Linux)
        } else {
            None
        }
    }
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CPython feature version, `3.X`.
///
/// ```
/// use mpconfig_core::PythonVersion;
///
/// let v: PythonVersion = "3.12".parse().unwrap();
/// assert_eq!(v, PythonVersion::new(3, 12));
/// assert!(v.is_known());
/// assert!("3.15".parse::<PythonVersion>().unwrap().is_known());
/// assert!(!"3.16".parse::<PythonVersion>().unwrap().is_known());
/// assert!("3.7".parse::<PythonVersion>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PythonVersion {
    /// Always 3.
    pub major: u8,
    /// The feature release.
    pub minor: u8,
}

impl PythonVersion {
    /// The oldest version mpconfig supports.
    pub const OLDEST: PythonVersion = PythonVersion::new(3, 8);
    /// The newest version whose behaviour mpconfig knows.
    pub const NEWEST_KNOWN: PythonVersion = PythonVersion::new(3, 15);

    /// A version; no validation.
    pub const fn new(major: u8, minor: u8) -> Self {
        PythonVersion { major, minor }
    }

    /// Every known version, oldest first: 3.8 … 3.15.
    pub fn known() -> impl DoubleEndedIterator<Item = PythonVersion> + Clone {
        (Self::OLDEST.minor..=Self::NEWEST_KNOWN.minor).map(|m| PythonVersion::new(3, m))
    }

    /// Whether mpconfig knows this version's behaviour (3.8 … 3.15).
    pub fn is_known(self) -> bool {
        self >= Self::OLDEST && self <= Self::NEWEST_KNOWN
    }

    /// The version whose behaviour this one is assumed to have: itself when
    /// known, else the newest known version.
    pub fn behaves_like(self) -> PythonVersion {
        self.min(Self::NEWEST_KNOWN)
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for PythonVersion {
    type Err = TargetError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TargetError::BadVersion(s.to_owned());
        let (major, minor) = s.split_once('.').ok_or_else(bad)?;
        let digits = |t: &str| {
            !t.is_empty()
                && t.len() <= 2
                && t.bytes().all(|b| b.is_ascii_digit())
                && !(t.len() > 1 && t.starts_with('0'))
        };
        if !digits(major) || !digits(minor) {
            return Err(bad());
        }
        let major: u8 = major.parse().map_err(|_| bad())?;
        let minor: u8 = minor.parse().map_err(|_| bad())?;
        let v = PythonVersion::new(major, minor);
        if major != 3 || v < Self::OLDEST {
            return Err(TargetError::UnsupportedVersion(v));
        }
        Ok(v)
    }
}

/// Why a target string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// Neither a known OS name nor a Rust target triple for one
    /// ([`Os::suggest`] may know what was meant).
    #[error(
        "unknown target OS `{0}`: expected linux, macos, macos-framework, windows, or a Rust target triple"
    )]
    UnknownOs(String),
    /// A Rust target triple whose OS mpconfig has no rules for.
    #[error(
        "`{0}` is a target triple for an OS mpconfig has no rules for: it checks Linux, macOS and Windows (linux, macos, macos-framework, windows, or a triple that names linux, darwin or windows)"
    )]
    UnsupportedTriple(String),
    /// The part after `:` is not `3.X`.
    #[error("malformed Python version `{0}`: expected `3.X`, e.g. `3.12`")]
    BadVersion(String),
    /// A version older than 3.8, or not Python 3.
    #[error("Python {0} is not supported: mpconfig supports 3.8 and later")]
    UnsupportedVersion(PythonVersion),
}

/// One entry of `[check] targets`: `OS[:X.Y]`, where OS is one of
/// [`Os::NAMES`] or a Rust target triple.
///
/// ```
/// use mpconfig_core::{Os, PythonVersion, TargetSpec};
///
/// let t: TargetSpec = "macos:3.12".parse().unwrap();
/// assert_eq!(t.os, Os::Macos);
/// assert_eq!(t.version, Some(PythonVersion::new(3, 12)));
///
/// let t: TargetSpec = "x86_64-pc-windows-msvc".parse().unwrap();
/// assert_eq!(t.to_string(), "windows");
/// assert_eq!(t.versions().count(), 8); // every known version
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TargetSpec {
    /// The operating system.
    pub os: Os,
    /// One Python version, or `None` for every known version.
    pub version: Option<PythonVersion>,
}

impl TargetSpec {
    /// This machine's target: [`Os::current`] with `version` (a host passes
    /// the CPython it links; `None` stands for every known version), what a
    /// host checks its config against before it runs it.
    ///
    /// ```
    /// use mpconfig_core::{Os, PythonVersion, TargetSpec};
    ///
    /// let here = TargetSpec::current(Some(PythonVersion::new(3, 12)));
    /// assert_eq!(here.os, Os::current());
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(here.to_string(), "linux:3.12");
    /// ```
    pub const fn current(version: Option<PythonVersion>) -> TargetSpec {
        TargetSpec {
            os: Os::current(),
            version,
        }
    }

    /// The Python versions this entry stands for.
    pub fn versions(&self) -> impl Iterator<Item = PythonVersion> + use<> {
        let one = self.version;
        let all = one.is_none();
        PythonVersion::known().filter(move |_| all).chain(one)
    }
}

impl fmt::Display for TargetSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            Some(v) => write!(f, "{}:{v}", self.os),
            None => write!(f, "{}", self.os),
        }
    }
}

impl FromStr for TargetSpec {
    type Err = TargetError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (os, version) = match s.split_once(':') {
            Some((os, v)) => (os, Some(v.parse::<PythonVersion>()?)),
            None => (s, None),
        };
        let os = match Os::from_name(os).or_else(|| Os::from_triple(os)) {
            Some(os) => os,
            // `mac-os` is a misspelt name; `x86_64-unknown-freebsd` a real triple.
            None if Os::suggest(os).is_none() && Os::triple_parts(os).is_some() => {
                return Err(TargetError::UnsupportedTriple(os.to_owned()));
            }
            None => return Err(TargetError::UnknownOs(os.to_owned())),
        };
        Ok(TargetSpec { os, version })
    }
}

impl Serialize for TargetSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The pattern target strings match, shared by the schema and its tests.
pub(crate) const TARGET_PATTERN: &str = r"^(linux|macos|macos-framework|windows|[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*-(windows|darwin|linux)(-[A-Za-z0-9_.]+)*)(:3\.([89]|[1-9][0-9]))?$";

impl JsonSchema for TargetSpec {
    fn schema_name() -> Cow<'static, str> {
        "Target".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "`OS[:X.Y]`: OS is linux, macos, macos-framework, windows, or a Rust target triple (x86_64-pc-windows-msvc, aarch64-apple-darwin, x86_64-unknown-linux-gnu); without a version, every known version 3.8 … 3.15.",
            "pattern": TARGET_PATTERN,
            "examples": ["linux", "macos:3.12", "windows", "x86_64-unknown-linux-gnu:3.13"]
        })
    }
}
