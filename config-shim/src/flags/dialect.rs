//! What a given CPython's `subprocess._args_from_interpreter_flags()` can
//! write, and how that CPython checks the `-X` options it reads at
//! start-up (`Python/initconfig.c`, `Python/preconfig.c`).

use std::ffi::OsStr;
use std::fmt;

/// A CPython release, `3.13.0`.
///
/// ```
/// use mpconfig_shim::CPythonVersion;
///
/// let v = CPythonVersion::parse("3.13.0 (main, Oct  8 2024, 08:51:28) [GCC 12.2.0]").unwrap();
/// assert_eq!(v, CPythonVersion::new(3, 13, 0));
/// assert_eq!(v.to_string(), "3.13.0");
/// assert!(CPythonVersion::new(3, 14, 4).propagates_every_x_option());
/// assert!(!v.propagates_every_x_option());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CPythonVersion {
    /// 3.
    pub major: u8,
    /// The feature release.
    pub minor: u8,
    /// The bug-fix release.
    pub micro: u8,
}

impl CPythonVersion {
    /// A version.
    pub const fn new(major: u8, minor: u8, micro: u8) -> Self {
        CPythonVersion {
            major,
            minor,
            micro,
        }
    }

    /// Reads `X.Y.Z` from the start of `text` (as `sys.version` and
    /// `Py_GetVersion()` begin); a suffix such as `rc1` or `+` ends the
    /// micro number.
    pub fn parse(text: &str) -> Option<Self> {
        let head = text.split_whitespace().next()?;
        let mut parts = head.splitn(3, '.');
        let num = |s: &str| -> Option<u8> {
            let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        };
        let major = num(parts.next()?)?;
        let minor = num(parts.next()?)?;
        let micro = parts.next().and_then(num).unwrap_or(0);
        Some(CPythonVersion::new(major, minor, micro))
    }

    fn at_least(self, minor: u8, micro: u8) -> bool {
        (self.major, self.minor, self.micro) >= (3, minor, micro)
    }

    /// Whether it writes every `sys._xoptions` name (gh-146004): 3.14.4+,
    /// 3.13.13+ and 3.15+. Before, a fixed list of names per version.
    pub fn propagates_every_x_option(self) -> bool {
        match self.minor {
            13 => self.micro >= 13,
            14 => self.micro >= 4,
            m => m > 14,
        }
    }

    /// The `-X` names it can write before gh-146004 (`dev` aside).
    fn written_x_names(self) -> &'static [&'static str] {
        match self.minor {
            0..=8 => &[
                "faulthandler",
                "tracemalloc",
                "importtime",
                "showalloccount",
                "showrefcount",
                "utf8",
            ],
            9 => &[
                "faulthandler",
                "tracemalloc",
                "importtime",
                "showrefcount",
                "utf8",
                "oldparser",
            ],
            10 => &[
                "faulthandler",
                "tracemalloc",
                "importtime",
                "showrefcount",
                "utf8",
            ],
            11 | 12 if self.at_least(self.minor, if self.minor == 11 { 5 } else { 0 }) => &[
                "faulthandler",
                "tracemalloc",
                "importtime",
                "frozen_modules",
                "showrefcount",
                "utf8",
            ],
            11 | 12 => &[
                "faulthandler",
                "tracemalloc",
                "importtime",
                "showrefcount",
                "utf8",
            ],
            _ => &[
                "faulthandler",
                "tracemalloc",
                "importtime",
                "frozen_modules",
                "showrefcount",
                "utf8",
                "gil",
            ],
        }
    }

    /// Whether it can write `-X name` (`dev` aside).
    pub fn writes_x_option(self, name: &str) -> bool {
        self.propagates_every_x_option() || self.written_x_names().contains(&name)
    }

    /// Whether it has `-P` (3.11+).
    pub fn has_safe_path(self) -> bool {
        self.minor >= 11
    }

    /// The most `-d`/`-q` it writes (once from 3.13).
    pub fn max_debug_quiet(self) -> u32 {
        if self.minor >= 13 { 1 } else { u32::MAX }
    }
}

impl fmt::Display for CPythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.micro)
    }
}

/// `wcstol` as `config_wstr_to_int` uses it: leading whitespace, an
/// optional sign, decimal digits, nothing after; within `int`; an empty
/// string is 0.
fn c_int(text: &str) -> Option<i32> {
    let t = text.trim_start();
    if t.is_empty() {
        return Some(0);
    }
    let (neg, digits) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    let v = if neg { -v } else { v };
    i32::try_from(v).ok()
}

/// The start-up check CPython `version` applies to `-X name[=value]`:
/// `Err` with CPython's own message where it would stop with a fatal
/// error. `version` `None`: only the checks every version makes.
pub(crate) fn check_x_value(
    version: Option<CPythonVersion>,
    name: &str,
    value: Option<&OsStr>,
) -> Result<(), &'static str> {
    let from = |minor: u8| version.is_none_or(|v| v.minor >= minor);
    let text = value.map(|v| v.to_str().ok_or("not UTF-8"));
    let text = match text {
        Some(Err(e)) if matches!(name, "utf8" | "tracemalloc" | "int_max_str_digits") => {
            return Err(e);
        }
        Some(Err(_)) => return Ok(()),
        Some(Ok(t)) => Some(t),
        None => None,
    };
    match name {
        "utf8" => match text {
            None | Some("0" | "1") => Ok(()),
            _ => Err("invalid -X utf8 option value"),
        },
        "tracemalloc" => {
            let max = if from(9) { 65535 } else { i32::MAX };
            match text.map(c_int) {
                None => Ok(()),
                Some(Some(n)) if (0..=max).contains(&n) => Ok(()),
                _ => Err("-X tracemalloc=NFRAME: invalid number of frames"),
            }
        }
        "int_max_str_digits" => match text.and_then(c_int) {
            Some(n) if n == 0 || n >= 640 => Ok(()),
            _ => Err("-X int_max_str_digits: invalid limit; must be >= 640 or 0 for unlimited."),
        },
        "frozen_modules" if from(11) => match text {
            None | Some("" | "on" | "off") => Ok(()),
            _ => Err("bad value for option -X frozen_modules (expected \"on\" or \"off\")"),
        },
        "gil" if from(13) => match text {
            Some("0" | "1") => Ok(()),
            _ => Err("PYTHON_GIL / -X gil must be \"0\" or \"1\""),
        },
        "cpu_count" if from(13) => match text {
            Some("default") => Ok(()),
            Some(t) if c_int(t).is_some_and(|n| n >= 1) => Ok(()),
            _ => Err(
                "-X cpu_count=n option: n is missing or an invalid number, n must be greater than 0",
            ),
        },
        "importtime" if from(14) => match text.map(c_int) {
            Some(Some(n)) if !(0..=2).contains(&n) => {
                Err("-X importtime: values other than 1 and 2 are reserved for future use.")
            }
            _ => Ok(()),
        },
        "thread_inherit_context" | "context_aware_warnings" if from(14) => {
            match text.and_then(c_int) {
                Some(0 | 1) => Ok(()),
                _ => Err("-X option: n is missing or invalid (expected 0 or 1)"),
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!(
            CPythonVersion::parse("3.14.0rc1"),
            Some(CPythonVersion::new(3, 14, 0))
        );
        assert_eq!(
            CPythonVersion::parse("3.11.7+ (x)"),
            Some(CPythonVersion::new(3, 11, 7))
        );
        assert_eq!(
            CPythonVersion::parse("3.15"),
            Some(CPythonVersion::new(3, 15, 0))
        );
        assert_eq!(CPythonVersion::parse("x"), None);
    }

    #[test]
    fn written_names_follow_the_version() {
        let v = |m, p| CPythonVersion::new(3, m, p);
        assert!(v(8, 18).writes_x_option("showalloccount"));
        assert!(!v(9, 18).writes_x_option("showalloccount"));
        assert!(v(9, 18).writes_x_option("oldparser"));
        assert!(!v(11, 4).writes_x_option("frozen_modules"));
        assert!(v(11, 7).writes_x_option("frozen_modules"));
        assert!(v(13, 0).writes_x_option("gil"));
        assert!(!v(13, 0).writes_x_option("pycache_prefix"));
        assert!(v(13, 13).writes_x_option("pycache_prefix"));
        assert!(v(14, 4).writes_x_option("anything at all"));
        assert!(!v(10, 13).has_safe_path() && v(11, 0).has_safe_path());
    }

    #[test]
    fn values_are_checked_as_cpython_checks_them() {
        let v13 = Some(CPythonVersion::new(3, 13, 0));
        let os = |s: &'static str| Some(OsStr::new(s));
        assert!(check_x_value(v13, "utf8", None).is_ok());
        assert!(check_x_value(v13, "utf8", os("1")).is_ok());
        assert!(check_x_value(v13, "utf8", os("7")).is_err());
        assert!(check_x_value(v13, "utf8", os("")).is_err());
        assert!(check_x_value(v13, "tracemalloc", os(" +5")).is_ok());
        assert!(check_x_value(v13, "tracemalloc", os("")).is_ok());
        assert!(check_x_value(v13, "tracemalloc", os("65536")).is_err());
        assert!(
            check_x_value(
                Some(CPythonVersion::new(3, 8, 18)),
                "tracemalloc",
                os("65536")
            )
            .is_ok()
        );
        assert!(check_x_value(v13, "tracemalloc", os("x")).is_err());
        assert!(check_x_value(v13, "int_max_str_digits", os("639")).is_err());
        assert!(check_x_value(v13, "int_max_str_digits", os("0")).is_ok());
        assert!(check_x_value(v13, "int_max_str_digits", None).is_err());
        assert!(check_x_value(v13, "frozen_modules", os("maybe")).is_err());
        assert!(
            check_x_value(
                Some(CPythonVersion::new(3, 10, 0)),
                "frozen_modules",
                os("maybe")
            )
            .is_ok()
        );
        assert!(check_x_value(v13, "gil", None).is_err());
        assert!(check_x_value(v13, "cpu_count", os("0")).is_err());
        assert!(check_x_value(v13, "cpu_count", os("default")).is_ok());
        assert!(check_x_value(v13, "importtime", os("3")).is_ok());
        assert!(check_x_value(Some(CPythonVersion::new(3, 14, 0)), "importtime", os("3")).is_err());
        assert!(check_x_value(v13, "faulthandler", os("\t\u{1b}[2J")).is_ok());
    }
}
