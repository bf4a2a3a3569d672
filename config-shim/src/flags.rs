//! Interpreter options as `subprocess._args_from_interpreter_flags()` writes
//! them in front of every `-c` child command line (CPython 3.8 – 3.14).
//!
//! That function emits, in this order: `-O…` (optimisation level), then
//! `-d…`, `-B`, `-S`, `-v…`, `-b…`, `-q…` (a letter repeated once per level),
//! then `-I`, or else any of `-E`, `-s`, `-P` (3.11+), then one `-W<opt>`
//! per remaining warning option (joined into one argument), then `-X dev`
//! and `-X <name>[=<value>]` (two arguments each). Since 3.13.13/3.14.4 it
//! propagates every `-X` option, so `-X` names are checked for shape only.
//!
//! The parser accepts exactly those spellings. It does not insist on the
//! order (it carries no security weight and `-X` ordering changed across
//! releases), but it refuses anything CPython never writes: unknown letters,
//! mixed letter groups (`-vB`), a group given twice, `-I` together with
//! `-E`/`-s`/`-P`, a bare `-W`, a joined `-Xdev`, a repeated `-X` name, and
//! control characters in values.

use std::fmt;

use thiserror::Error;

/// The longest run of one repeated letter (`-vvv…`) accepted.
pub const MAX_FLAG_REPEAT: usize = 32;

/// One interpreter option from a child command line.
///
/// ```
/// use mpconfig_shim::{InterpreterFlag, InterpreterFlags};
///
/// let flags = InterpreterFlags::parse(&["-OO", "-B", "-Werror", "-X", "tracemalloc=5"]).unwrap();
/// assert_eq!(flags.as_slice()[0], InterpreterFlag::Optimize(2));
/// assert_eq!(flags.optimize(), 2);
/// assert!(flags.dont_write_bytecode());
/// assert_eq!(flags.warn_options().collect::<Vec<_>>(), ["error"]);
/// assert_eq!(flags.x_option("tracemalloc"), Some(Some("5")));
/// assert_eq!(flags.to_args(), ["-OO", "-B", "-Werror", "-X", "tracemalloc=5"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InterpreterFlag {
    /// `-O` repeated: `sys.flags.optimize` (PyConfig `optimization_level`).
    Optimize(u8),
    /// `-d` repeated: `sys.flags.debug` (PyConfig `parser_debug`).
    Debug(u8),
    /// `-B`: `sys.flags.dont_write_bytecode` (PyConfig `write_bytecode = 0`).
    DontWriteBytecode,
    /// `-S`: `sys.flags.no_site` (PyConfig `site_import = 0`).
    NoSite,
    /// `-v` repeated: `sys.flags.verbose` (PyConfig `verbose`).
    Verbose(u8),
    /// `-b` repeated: `sys.flags.bytes_warning` (PyConfig `bytes_warning`).
    BytesWarning(u8),
    /// `-q` repeated: `sys.flags.quiet` (PyConfig `quiet`).
    Quiet(u8),
    /// `-I`: isolated mode, which implies `-E`, `-s` and `-P` (PyConfig `isolated`).
    Isolated,
    /// `-E`: ignore `PYTHON*` variables (PyConfig `use_environment = 0`).
    IgnoreEnvironment,
    /// `-s`: no user site directory (PyConfig `user_site_directory = 0`).
    NoUserSite,
    /// `-P`: don't prepend a potentially unsafe path (3.11+, PyConfig `safe_path`).
    SafePath,
    /// `-W<opt>`: one warning filter (PyConfig `warnoptions`).
    Warning(String),
    /// `-X <name>[=<value>]` (PyConfig `xoptions`).
    XOption(XOption),
}

/// A `-X` option: `name` or `name=value`.
///
/// ```
/// use mpconfig_shim::{InterpreterFlags, XOption};
///
/// let flags = InterpreterFlags::parse(&["-X", "pycache_prefix=/tmp/a=b"]).unwrap();
/// let x: Vec<&XOption> = flags.x_options().collect();
/// assert_eq!(x[0].name, "pycache_prefix");
/// assert_eq!(x[0].value.as_deref(), Some("/tmp/a=b"));
/// assert_eq!(x[0].to_string(), "pycache_prefix=/tmp/a=b");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct XOption {
    /// The part before the first `=`.
    pub name: String,
    /// The part after the first `=`, if there is one.
    pub value: Option<String>,
}

impl fmt::Display for XOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{}={}", self.name, v),
            None => f.write_str(&self.name),
        }
    }
}

impl InterpreterFlag {
    /// The argument(s) CPython writes for this option.
    ///
    /// ```
    /// use mpconfig_shim::InterpreterFlag;
    ///
    /// assert_eq!(InterpreterFlag::Verbose(2).to_args(), ["-vv"]);
    /// ```
    pub fn to_args(&self) -> Vec<String> {
        let repeat =
            |letter: char, n: u8| format!("-{}", letter.to_string().repeat(usize::from(n)));
        match self {
            InterpreterFlag::Optimize(n) => vec![repeat('O', *n)],
            InterpreterFlag::Debug(n) => vec![repeat('d', *n)],
            InterpreterFlag::DontWriteBytecode => vec!["-B".into()],
            InterpreterFlag::NoSite => vec!["-S".into()],
            InterpreterFlag::Verbose(n) => vec![repeat('v', *n)],
            InterpreterFlag::BytesWarning(n) => vec![repeat('b', *n)],
            InterpreterFlag::Quiet(n) => vec![repeat('q', *n)],
            InterpreterFlag::Isolated => vec!["-I".into()],
            InterpreterFlag::IgnoreEnvironment => vec!["-E".into()],
            InterpreterFlag::NoUserSite => vec!["-s".into()],
            InterpreterFlag::SafePath => vec!["-P".into()],
            InterpreterFlag::Warning(w) => vec![format!("-W{w}")],
            InterpreterFlag::XOption(x) => vec!["-X".into(), x.to_string()],
        }
    }

    /// The letter that identifies this option's group (`'W'` and `'X'` for
    /// the valued ones).
    pub fn letter(&self) -> char {
        match self {
            InterpreterFlag::Optimize(_) => 'O',
            InterpreterFlag::Debug(_) => 'd',
            InterpreterFlag::DontWriteBytecode => 'B',
            InterpreterFlag::NoSite => 'S',
            InterpreterFlag::Verbose(_) => 'v',
            InterpreterFlag::BytesWarning(_) => 'b',
            InterpreterFlag::Quiet(_) => 'q',
            InterpreterFlag::Isolated => 'I',
            InterpreterFlag::IgnoreEnvironment => 'E',
            InterpreterFlag::NoUserSite => 's',
            InterpreterFlag::SafePath => 'P',
            InterpreterFlag::Warning(_) => 'W',
            InterpreterFlag::XOption(_) => 'X',
        }
    }
}

/// Why a run of arguments is not interpreter options CPython writes.
///
/// ```
/// use mpconfig_shim::{FlagError, InterpreterFlags};
///
/// assert_eq!(InterpreterFlags::parse(&["-W"]), Err(FlagError::MissingValue("-W")));
/// assert_eq!(
///     InterpreterFlags::parse(&["-B", "-B"]).unwrap_err().to_string(),
///     "interpreter option \"-B\" given twice"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FlagError {
    /// An argument that is no option `_args_from_interpreter_flags()` writes.
    #[error("unknown interpreter option {0} (not one CPython's multiprocessing passes)")]
    Unknown(String),
    /// The same option group twice (`-v -v`, or two `-X` with one name).
    #[error("interpreter option {0} given twice")]
    Duplicate(String),
    /// `-I` together with `-E`, `-s` or `-P`, which CPython never writes.
    #[error("interpreter option -I combined with {0} (CPython writes -I alone)")]
    Conflict(String),
    /// `-X` as the last argument, or a bare `-W` (CPython joins `-W` to its value).
    #[error("interpreter option {0} without its value")]
    MissingValue(&'static str),
    /// A `-X` argument whose name is not of the form `[A-Za-z_][A-Za-z0-9_-]*`.
    #[error("malformed -X option {0}")]
    BadXOption(String),
    /// A control character inside a `-W` or `-X` value.
    #[error("control character in interpreter option {0}")]
    ControlChar(String),
}

/// The interpreter options of a child command line, in command-line order.
///
/// The accessors give the effective setting the way CPython computes it
/// (`-I` implies `-E`, `-s` and `-P`), so a host can copy them into
/// `PyConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct InterpreterFlags(Vec<InterpreterFlag>);

impl InterpreterFlags {
    /// Parses the arguments between the executable and `-c`.
    ///
    /// ```
    /// use mpconfig_shim::{FlagError, InterpreterFlags};
    ///
    /// assert!(InterpreterFlags::parse(&["-I", "-X", "dev"]).is_ok());
    /// assert_eq!(InterpreterFlags::parse(&["-i"]), Err(FlagError::Unknown("\"-i\"".into())));
    /// assert!(InterpreterFlags::parse(&["-I", "-s"]).is_err());
    /// ```
    pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<Self, FlagError> {
        let mut flags: Vec<InterpreterFlag> = Vec::new();
        let mut iter = args.iter().map(AsRef::as_ref);
        while let Some(arg) = iter.next() {
            let flag = if arg == "-X" {
                let value = iter.next().ok_or(FlagError::MissingValue("-X"))?;
                InterpreterFlag::XOption(parse_x_option(value)?)
            } else if arg == "-W" {
                return Err(FlagError::MissingValue("-W"));
            } else if let Some(w) = arg.strip_prefix("-W") {
                if w.chars().any(char::is_control) {
                    return Err(FlagError::ControlChar(quote(arg)));
                }
                InterpreterFlag::Warning(w.to_owned())
            } else {
                parse_letters(arg)?
            };
            check_compatible(&flags, &flag)?;
            flags.push(flag);
        }
        Ok(InterpreterFlags(flags))
    }

    /// The options, in command-line order.
    pub fn as_slice(&self) -> &[InterpreterFlag] {
        &self.0
    }

    /// `true` when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The arguments CPython wrote, reconstructed.
    pub fn to_args(&self) -> Vec<String> {
        self.0.iter().flat_map(InterpreterFlag::to_args).collect()
    }

    /// These options with `-I` added (once), as CPython would write them:
    /// `-E`, `-s` and `-P`, which `-I` implies, are dropped.
    ///
    /// ```
    /// use mpconfig_shim::InterpreterFlags;
    ///
    /// let flags = InterpreterFlags::parse(&["-B", "-E", "-s"]).unwrap().isolate();
    /// assert_eq!(flags.to_args(), ["-B", "-I"]);
    /// assert_eq!(flags.clone().isolate(), flags);
    /// ```
    pub fn isolate(mut self) -> Self {
        if !self.isolated() {
            self.0.retain(|f| {
                !matches!(
                    f,
                    InterpreterFlag::IgnoreEnvironment
                        | InterpreterFlag::NoUserSite
                        | InterpreterFlag::SafePath
                )
            });
            self.0.push(InterpreterFlag::Isolated);
        }
        self
    }

    /// These options with `-S` added (once).
    ///
    /// ```
    /// use mpconfig_shim::InterpreterFlags;
    ///
    /// let flags = InterpreterFlags::default().without_site();
    /// assert!(flags.no_site());
    /// assert_eq!(flags.clone().without_site().to_args(), ["-S"]);
    /// ```
    pub fn without_site(mut self) -> Self {
        if !self.no_site() {
            self.0.push(InterpreterFlag::NoSite);
        }
        self
    }

    fn count(&self, pick: fn(&InterpreterFlag) -> Option<u8>) -> u8 {
        self.0.iter().find_map(pick).unwrap_or(0)
    }

    fn has(&self, wanted: &InterpreterFlag) -> bool {
        self.0.contains(wanted)
    }

    /// Optimisation level (`-O` = 1, `-OO` = 2).
    pub fn optimize(&self) -> u8 {
        self.count(|f| match f {
            InterpreterFlag::Optimize(n) => Some(*n),
            _ => None,
        })
    }

    /// Parser debug level (`-d`).
    pub fn debug(&self) -> u8 {
        self.count(|f| match f {
            InterpreterFlag::Debug(n) => Some(*n),
            _ => None,
        })
    }

    /// Verbosity (`-v`).
    pub fn verbose(&self) -> u8 {
        self.count(|f| match f {
            InterpreterFlag::Verbose(n) => Some(*n),
            _ => None,
        })
    }

    /// Bytes-warning level (`-b` = 1, `-bb` = 2).
    pub fn bytes_warning(&self) -> u8 {
        self.count(|f| match f {
            InterpreterFlag::BytesWarning(n) => Some(*n),
            _ => None,
        })
    }

    /// Quiet level (`-q`).
    pub fn quiet(&self) -> u8 {
        self.count(|f| match f {
            InterpreterFlag::Quiet(n) => Some(*n),
            _ => None,
        })
    }

    /// `-B`.
    pub fn dont_write_bytecode(&self) -> bool {
        self.has(&InterpreterFlag::DontWriteBytecode)
    }

    /// `-S`.
    pub fn no_site(&self) -> bool {
        self.has(&InterpreterFlag::NoSite)
    }

    /// `-I`.
    pub fn isolated(&self) -> bool {
        self.has(&InterpreterFlag::Isolated)
    }

    /// `-E`, or implied by `-I`.
    pub fn ignore_environment(&self) -> bool {
        self.isolated() || self.has(&InterpreterFlag::IgnoreEnvironment)
    }

    /// `-s`, or implied by `-I`.
    pub fn no_user_site(&self) -> bool {
        self.isolated() || self.has(&InterpreterFlag::NoUserSite)
    }

    /// `-P`, or implied by `-I`.
    pub fn safe_path(&self) -> bool {
        self.isolated() || self.has(&InterpreterFlag::SafePath)
    }

    /// The `-W` values, in order. (A child CPython adds `default::BytesWarning`
    /// for `-b` and `default` for `-X dev` itself, which is why the parent
    /// left those out.)
    pub fn warn_options(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|f| match f {
            InterpreterFlag::Warning(w) => Some(w.as_str()),
            _ => None,
        })
    }

    /// The `-X` options, in order.
    pub fn x_options(&self) -> impl Iterator<Item = &XOption> {
        self.0.iter().filter_map(|f| match f {
            InterpreterFlag::XOption(x) => Some(x),
            _ => None,
        })
    }

    /// `Some(value)` if `-X name[=value]` is present.
    pub fn x_option(&self, name: &str) -> Option<Option<&str>> {
        self.x_options()
            .find(|x| x.name == name)
            .map(|x| x.value.as_deref())
    }
}

/// `-O`, `-dd`, `-B` …: one letter, repeated only where CPython counts it.
fn parse_letters(arg: &str) -> Result<InterpreterFlag, FlagError> {
    let unknown = || FlagError::Unknown(quote(arg));
    let letters = arg.strip_prefix('-').ok_or_else(unknown)?;
    let mut chars = letters.chars();
    let letter = chars.next().ok_or_else(unknown)?;
    if !letters.chars().all(|c| c == letter) {
        return Err(unknown());
    }
    let n = letters.len();
    let single = |flag: InterpreterFlag| if n == 1 { Ok(flag) } else { Err(unknown()) };
    let counted = |make: fn(u8) -> InterpreterFlag| match u8::try_from(n) {
        Ok(k) if n <= MAX_FLAG_REPEAT => Ok(make(k)),
        _ => Err(unknown()),
    };
    match letter {
        'O' => counted(InterpreterFlag::Optimize),
        'd' => counted(InterpreterFlag::Debug),
        'v' => counted(InterpreterFlag::Verbose),
        'b' => counted(InterpreterFlag::BytesWarning),
        'q' => counted(InterpreterFlag::Quiet),
        'B' => single(InterpreterFlag::DontWriteBytecode),
        'S' => single(InterpreterFlag::NoSite),
        'I' => single(InterpreterFlag::Isolated),
        'E' => single(InterpreterFlag::IgnoreEnvironment),
        's' => single(InterpreterFlag::NoUserSite),
        'P' => single(InterpreterFlag::SafePath),
        _ => Err(unknown()),
    }
}

fn parse_x_option(text: &str) -> Result<XOption, FlagError> {
    if text.chars().any(char::is_control) {
        return Err(FlagError::ControlChar(quote(&format!("-X {text}"))));
    }
    let (name, value) = match text.split_once('=') {
        Some((n, v)) => (n, Some(v.to_owned())),
        None => (text, None),
    };
    let mut chars = name.chars();
    let well_formed = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !well_formed {
        return Err(FlagError::BadXOption(quote(text)));
    }
    Ok(XOption {
        name: name.to_owned(),
        value,
    })
}

fn check_compatible(seen: &[InterpreterFlag], new: &InterpreterFlag) -> Result<(), FlagError> {
    let shown = || new.to_args().join(" ");
    for old in seen {
        match (old, new) {
            (InterpreterFlag::XOption(a), InterpreterFlag::XOption(b)) if a.name == b.name => {
                return Err(FlagError::Duplicate(quote(&shown())));
            }
            (InterpreterFlag::Warning(_), InterpreterFlag::Warning(_))
            | (InterpreterFlag::XOption(_), InterpreterFlag::XOption(_)) => {}
            _ if old.letter() == new.letter() => {
                return Err(FlagError::Duplicate(quote(&shown())));
            }
            (InterpreterFlag::Isolated, other) | (other, InterpreterFlag::Isolated)
                if matches!(
                    other,
                    InterpreterFlag::IgnoreEnvironment
                        | InterpreterFlag::NoUserSite
                        | InterpreterFlag::SafePath
                ) =>
            {
                return Err(FlagError::Conflict(quote(&other.to_args().join(" "))));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Quotes text from the command line for a message: in double quotes, cut
/// to a readable length, with everything but printable ASCII escaped
/// (`\n`, `\u{430}` …) so no control character reaches a terminal and
/// look-alike letters show as what they are.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::from("\"");
    for c in text.chars().take(MAX) {
        if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(args: &[&str]) -> FlagError {
        match InterpreterFlags::parse(args) {
            Ok(f) => panic!("{args:?} parsed as {f:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn every_form_cpython_writes() {
        let args = [
            "-OO",
            "-dd",
            "-B",
            "-S",
            "-vvv",
            "-bb",
            "-qq",
            "-E",
            "-s",
            "-P",
            "-Wignore::DeprecationWarning",
            "-Werror",
            "-X",
            "dev",
            "-X",
            "importtime=2",
            "-X",
            "pycache_prefix=/tmp/a=b c",
            "-X",
            "disable-remote-debug",
        ];
        let flags = InterpreterFlags::parse(&args).unwrap();
        assert_eq!(flags.to_args(), args);
        assert_eq!(
            (
                flags.optimize(),
                flags.debug(),
                flags.verbose(),
                flags.bytes_warning(),
                flags.quiet()
            ),
            (2, 2, 3, 2, 2)
        );
        assert!(
            flags.no_site()
                && flags.ignore_environment()
                && flags.no_user_site()
                && flags.safe_path()
        );
        assert!(!flags.isolated());
        assert_eq!(flags.x_option("dev"), Some(None));
        assert_eq!(flags.x_option("pycache_prefix"), Some(Some("/tmp/a=b c")));
        assert_eq!(flags.x_option("utf8"), None);
    }

    #[test]
    fn isolated_implies() {
        let flags = InterpreterFlags::parse(&["-I"]).unwrap();
        assert!(flags.ignore_environment() && flags.no_user_site() && flags.safe_path());
    }

    #[test]
    fn refusals() {
        assert!(matches!(err(&["-i"]), FlagError::Unknown(_)));
        assert!(matches!(err(&["-m"]), FlagError::Unknown(_)));
        assert!(matches!(err(&["--verbose"]), FlagError::Unknown(_)));
        assert!(matches!(err(&["-vB"]), FlagError::Unknown(_)));
        assert!(matches!(err(&["-BB"]), FlagError::Unknown(_)));
        assert!(matches!(err(&["-"]), FlagError::Unknown(_)));
        assert!(matches!(err(&["O"]), FlagError::Unknown(_)));
        assert!(matches!(err(&["-Xdev"]), FlagError::Unknown(_)));
        let many_v = format!("-{}", "v".repeat(MAX_FLAG_REPEAT + 1));
        assert!(matches!(err(&[many_v.as_str()]), FlagError::Unknown(_)));
        assert!(matches!(err(&["-v", "-v"]), FlagError::Duplicate(_)));
        assert!(matches!(
            err(&["-X", "dev", "-X", "dev"]),
            FlagError::Duplicate(_)
        ));
        assert!(matches!(
            err(&["-X", "utf8", "-X", "utf8=0"]),
            FlagError::Duplicate(_)
        ));
        assert!(matches!(err(&["-I", "-E"]), FlagError::Conflict(_)));
        assert!(matches!(err(&["-P", "-I"]), FlagError::Conflict(_)));
        assert_eq!(err(&["-X"]), FlagError::MissingValue("-X"));
        assert_eq!(err(&["-W", "error"]), FlagError::MissingValue("-W"));
        assert!(matches!(err(&["-X", "=1"]), FlagError::BadXOption(_)));
        assert!(matches!(err(&["-X", "-c"]), FlagError::BadXOption(_)));
        assert!(matches!(err(&["-X", "dеv"]), FlagError::BadXOption(_))); // Cyrillic е
        assert!(matches!(err(&["-Werror\n"]), FlagError::ControlChar(_)));
        assert!(matches!(
            err(&["-X", "a=\u{1b}[2J"]),
            FlagError::ControlChar(_)
        ));
    }

    #[test]
    fn repeated_warnings_are_kept() {
        let flags = InterpreterFlags::parse(&["-Werror", "-Werror"]).unwrap();
        assert_eq!(flags.warn_options().count(), 2);
    }

    #[test]
    fn quote_escapes_and_truncates() {
        assert_eq!(quote("a\u{1b}b"), "\"a\\u{1b}b\"");
        assert_eq!(quote("mаin \"x\""), "\"m\\u{430}in \\\"x\\\"\"");
        assert!(quote(&"x".repeat(500)).chars().count() < 90);
    }
}
