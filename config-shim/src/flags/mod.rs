//! Interpreter options as `subprocess._args_from_interpreter_flags()` writes
//! them in front of every `-c` child command line (CPython 3.8 – 3.15).
//!
//! That function emits, in this order: `-O…` (optimisation level), then
//! `-d…`, `-B`, `-S`, `-v…`, `-b…`, `-q…` (a letter repeated once per
//! level, as often as the parent's `sys.flags` say — `PYTHONOPTIMIZE=40` is
//! forty `O`s), then `-I`, or else any of `-E`, `-s`, `-P` (3.11+), then one
//! `-W<opt>` per remaining warning option (joined into one argument; any
//! text, tabs and bytes that are not UTF-8 included), then `-X dev` and
//! `-X <name>[=<value>]` (two arguments each): a fixed list of names per
//! version, and since 3.13.13/3.14.4 every `-X` option of the parent.
//!
//! The parser accepts exactly those spellings, in linear time. It does not
//! insist on the order (it carries no security weight and `-X` ordering
//! changed across releases), but it refuses what CPython never writes:
//! unknown letters, mixed letter groups (`-vB`), a group given twice, `-I`
//! together with `-E`/`-s`/`-P`, a bare `-W`, a joined `-Xdev`, a repeated
//! `-X` name. Given the CPython the host links ([`InterpreterFlags::parse_for`]),
//! it also refuses what that version does not write (`-P` before 3.11, `-X`
//! names outside its list) and `-X` values it would stop at with a fatal
//! error (`-X utf8=7`).

mod dialect;
mod parse;

use std::ffi::{OsStr, OsString};
use std::fmt;

use thiserror::Error;

pub use dialect::CPythonVersion;
use parse::{Seen, parse_letters, parse_x_option};

/// The longest run of one repeated letter (`-OOO…`) accepted: Linux execs
/// no argument longer than this (`MAX_ARG_STRLEN` less the NUL and the `-`).
pub const MAX_FLAG_REPEAT: usize = 131_070;

/// One interpreter option from a child command line.
///
/// ```
/// use mpconfig_shim::{InterpreterFlag, InterpreterFlags};
/// use std::ffi::OsStr;
///
/// let flags = InterpreterFlags::parse(&["-OO", "-B", "-Werror", "-X", "tracemalloc=5"]).unwrap();
/// assert_eq!(flags.as_slice()[0], InterpreterFlag::Optimize(2));
/// assert_eq!(flags.optimize(), 2);
/// assert!(flags.dont_write_bytecode());
/// assert_eq!(flags.warn_options().collect::<Vec<_>>(), ["error"]);
/// assert_eq!(flags.x_option("tracemalloc"), Some(Some(OsStr::new("5"))));
/// assert_eq!(flags.to_args(), ["-OO", "-B", "-Werror", "-X", "tracemalloc=5"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InterpreterFlag {
    /// `-O` repeated: `sys.flags.optimize` (PyConfig `optimization_level`).
    Optimize(u32),
    /// `-d` repeated: `sys.flags.debug` (PyConfig `parser_debug`).
    Debug(u32),
    /// `-B`: `sys.flags.dont_write_bytecode` (PyConfig `write_bytecode = 0`).
    DontWriteBytecode,
    /// `-S`: `sys.flags.no_site` (PyConfig `site_import = 0`).
    NoSite,
    /// `-v` repeated: `sys.flags.verbose` (PyConfig `verbose`).
    Verbose(u32),
    /// `-b` repeated: `sys.flags.bytes_warning` (PyConfig `bytes_warning`).
    BytesWarning(u32),
    /// `-q` repeated: `sys.flags.quiet` (PyConfig `quiet`).
    Quiet(u32),
    /// `-I`: isolated mode, which implies `-E`, `-s` and `-P` (PyConfig `isolated`).
    Isolated,
    /// `-E`: ignore `PYTHON*` variables (PyConfig `use_environment = 0`).
    IgnoreEnvironment,
    /// `-s`: no user site directory (PyConfig `user_site_directory = 0`).
    NoUserSite,
    /// `-P`: don't prepend a potentially unsafe path (3.11+, PyConfig `safe_path`).
    SafePath,
    /// `-W<opt>`: one warning filter (PyConfig `warnoptions`), any bytes.
    Warning(OsString),
    /// `-X <name>[=<value>]` (PyConfig `xoptions`).
    XOption(XOption),
}

/// A `-X` option: `name` or `name=value`.
///
/// ```
/// use mpconfig_shim::{InterpreterFlags, XOption};
/// use std::ffi::OsStr;
///
/// let flags = InterpreterFlags::parse(&["-X", "pycache_prefix=/tmp/a=b"]).unwrap();
/// let x: Vec<&XOption> = flags.x_options().collect();
/// assert_eq!(x[0].name, "pycache_prefix");
/// assert_eq!(x[0].value.as_deref(), Some(OsStr::new("/tmp/a=b")));
/// assert_eq!(x[0].to_string(), "pycache_prefix=/tmp/a=b");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct XOption {
    /// The part before the first `=` (UTF-8).
    pub name: String,
    /// The part after the first `=`, if there is one: any bytes.
    pub value: Option<OsString>,
}

impl XOption {
    /// `name` or `name=value`, as on the command line.
    pub fn to_os_string(&self) -> OsString {
        let mut s = OsString::from(&self.name);
        if let Some(v) = &self.value {
            s.push("=");
            s.push(v);
        }
        s
    }
}

impl fmt::Display for XOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{}={}", self.name, v.to_string_lossy()),
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
    pub fn to_args(&self) -> Vec<OsString> {
        let repeat = |letter: char, n: u32| {
            let mut s = String::from("-");
            s.extend(std::iter::repeat_n(letter, n as usize));
            OsString::from(s)
        };
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
            InterpreterFlag::Warning(w) => {
                let mut s = OsString::from("-W");
                s.push(w);
                vec![s]
            }
            InterpreterFlag::XOption(x) => vec!["-X".into(), x.to_os_string()],
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
    /// A `-X` argument whose name is not text CPython writes there.
    #[error("malformed -X option {0}")]
    BadXOption(String),
    /// A control character where CPython writes none (an `-X` name).
    #[error("control character in interpreter option {0}")]
    ControlChar(String),
    /// An option the linked CPython's multiprocessing does not write
    /// (`-P` before 3.11, an `-X` name outside its list, `-dd` on 3.13+).
    #[error("interpreter option {option} is not one CPython {version} writes for its children")]
    NotWritten {
        /// The option, quoted.
        option: String,
        /// The linked CPython.
        version: CPythonVersion,
    },
    /// An `-X` value the interpreter stops at with a fatal error.
    #[error("interpreter option {option}: {reason}")]
    InvalidValue {
        /// The option, quoted.
        option: String,
        /// CPython's own message.
        reason: &'static str,
    },
}

/// The interpreter options of a child command line, in command-line order.
///
/// The accessors give the effective setting the way CPython computes it
/// (`-I` implies `-E`, `-s` and `-P`), so a host can copy them into
/// `PyConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct InterpreterFlags(Vec<InterpreterFlag>);

impl InterpreterFlags {
    /// Parses the arguments between the executable and `-c`, accepting
    /// what any supported CPython writes.
    ///
    /// ```
    /// use mpconfig_shim::{FlagError, InterpreterFlags};
    ///
    /// assert!(InterpreterFlags::parse(&["-I", "-X", "dev"]).is_ok());
    /// assert_eq!(InterpreterFlags::parse(&["-i"]), Err(FlagError::Unknown("\"-i\"".into())));
    /// assert!(InterpreterFlags::parse(&["-I", "-s"]).is_err());
    /// assert!(InterpreterFlags::parse(&["-Wignore:some\tmessage"]).is_ok());
    /// ```
    pub fn parse<S: AsRef<OsStr>>(args: &[S]) -> Result<Self, FlagError> {
        Self::parse_for(args, None)
    }

    /// Parses the arguments as the CPython `version` writes them (`None`:
    /// any supported version).
    ///
    /// ```
    /// use mpconfig_shim::{CPythonVersion, FlagError, InterpreterFlags};
    ///
    /// let v313 = Some(CPythonVersion::new(3, 13, 0));
    /// assert!(InterpreterFlags::parse_for(&["-X", "utf8"], v313).is_ok());
    /// assert!(matches!(
    ///     InterpreterFlags::parse_for(&["-X", "pycache_prefix=/tmp/x"], v313),
    ///     Err(FlagError::NotWritten { .. })
    /// ));
    /// assert!(matches!(
    ///     InterpreterFlags::parse_for(&["-X", "utf8=7"], v313),
    ///     Err(FlagError::InvalidValue { .. })
    /// ));
    /// ```
    pub fn parse_for<S: AsRef<OsStr>>(
        args: &[S],
        version: Option<CPythonVersion>,
    ) -> Result<Self, FlagError> {
        let mut flags: Vec<InterpreterFlag> = Vec::new();
        let mut seen = Seen::default();
        let mut iter = args.iter().map(AsRef::as_ref);
        while let Some(arg) = iter.next() {
            let bytes = arg.as_encoded_bytes();
            let flag = if bytes == b"-X" {
                let value = iter.next().ok_or(FlagError::MissingValue("-X"))?;
                InterpreterFlag::XOption(parse_x_option(value, version)?)
            } else if bytes == b"-W" {
                return Err(FlagError::MissingValue("-W"));
            } else if let Some(w) = bytes.strip_prefix(b"-W") {
                // SAFETY: split off an ASCII prefix of an OsStr's encoded
                // bytes, so the rest is a valid encoding.
                let w = unsafe { OsStr::from_encoded_bytes_unchecked(w) };
                InterpreterFlag::Warning(w.to_owned())
            } else {
                parse_letters(arg, version)?
            };
            seen.check(&flag)?;
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
    pub fn to_args(&self) -> Vec<OsString> {
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

    fn count(&self, pick: fn(&InterpreterFlag) -> Option<u32>) -> u32 {
        self.0.iter().find_map(pick).unwrap_or(0)
    }

    fn has(&self, wanted: &InterpreterFlag) -> bool {
        self.0.contains(wanted)
    }

    /// Optimisation level (`-O` = 1, `-OO` = 2, and so on).
    pub fn optimize(&self) -> u32 {
        self.count(|f| match f {
            InterpreterFlag::Optimize(n) => Some(*n),
            _ => None,
        })
    }

    /// Parser debug level (`-d`).
    pub fn debug(&self) -> u32 {
        self.count(|f| match f {
            InterpreterFlag::Debug(n) => Some(*n),
            _ => None,
        })
    }

    /// Verbosity (`-v`).
    pub fn verbose(&self) -> u32 {
        self.count(|f| match f {
            InterpreterFlag::Verbose(n) => Some(*n),
            _ => None,
        })
    }

    /// Bytes-warning level (`-b` = 1, `-bb` = 2).
    pub fn bytes_warning(&self) -> u32 {
        self.count(|f| match f {
            InterpreterFlag::BytesWarning(n) => Some(*n),
            _ => None,
        })
    }

    /// Quiet level (`-q`).
    pub fn quiet(&self) -> u32 {
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
    pub fn warn_options(&self) -> impl Iterator<Item = &OsStr> {
        self.0.iter().filter_map(|f| match f {
            InterpreterFlag::Warning(w) => Some(w.as_os_str()),
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
    pub fn x_option(&self, name: &str) -> Option<Option<&OsStr>> {
        self.x_options()
            .find(|x| x.name == name)
            .map(|x| x.value.as_deref())
    }
}

#[cfg(test)]
mod tests;
