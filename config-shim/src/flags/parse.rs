//! One pass over the options: each argument read, duplicates and
//! conflicts found with sets (linear in the number of options).

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};

use super::dialect::check_x_value;
use super::{CPythonVersion, FlagError, InterpreterFlag, MAX_FLAG_REPEAT, XOption};
use crate::quote::{quote, quote_os};

/// The groups seen so far, for duplicates and conflicts in one pass.
#[derive(Default)]
pub(super) struct Seen {
    letters: HashSet<char>,
    x_names: HashSet<String>,
}

impl Seen {
    pub(super) fn check(&mut self, new: &InterpreterFlag) -> Result<(), FlagError> {
        let shown = || quote_os(&join_args(&new.to_args()));
        match new {
            InterpreterFlag::Warning(_) => return Ok(()),
            InterpreterFlag::XOption(x) => {
                return if self.x_names.insert(x.name.clone()) {
                    Ok(())
                } else {
                    Err(FlagError::Duplicate(shown()))
                };
            }
            _ => {}
        }
        let letter = new.letter();
        if !self.letters.insert(letter) {
            return Err(FlagError::Duplicate(shown()));
        }
        let implied = ['E', 's', 'P'];
        if letter == 'I' {
            if let Some(other) = implied.iter().find(|c| self.letters.contains(c)) {
                return Err(FlagError::Conflict(quote(&format!("-{other}"))));
            }
        } else if implied.contains(&letter) && self.letters.contains(&'I') {
            return Err(FlagError::Conflict(quote(&format!("-{letter}"))));
        }
        Ok(())
    }
}

fn join_args(args: &[OsString]) -> OsString {
    let mut out = OsString::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(" ");
        }
        out.push(a);
    }
    out
}

/// `-O`, `-dd`, `-B` …: one letter, repeated only where CPython counts it.
pub(super) fn parse_letters(
    arg: &OsStr,
    version: Option<CPythonVersion>,
) -> Result<InterpreterFlag, FlagError> {
    let unknown = || FlagError::Unknown(quote_os(arg));
    let bytes = arg.as_encoded_bytes();
    let letters = bytes.strip_prefix(b"-").ok_or_else(unknown)?;
    let &letter = letters.first().ok_or_else(unknown)?;
    if !letters.iter().all(|&c| c == letter) {
        return Err(unknown());
    }
    let n = letters.len();
    let single = |flag: InterpreterFlag| if n == 1 { Ok(flag) } else { Err(unknown()) };
    let counted = |make: fn(u32) -> InterpreterFlag| {
        if n <= MAX_FLAG_REPEAT {
            Ok(make(n as u32))
        } else {
            Err(unknown())
        }
    };
    let not_written = |v: CPythonVersion| FlagError::NotWritten {
        option: quote_os(arg),
        version: v,
    };
    match letter {
        b'O' => counted(InterpreterFlag::Optimize),
        b'v' => counted(InterpreterFlag::Verbose),
        b'b' => counted(InterpreterFlag::BytesWarning),
        b'd' | b'q' => {
            if let Some(v) = version
                && n as u32 > v.max_debug_quiet()
            {
                return Err(not_written(v));
            }
            counted(if letter == b'd' {
                InterpreterFlag::Debug
            } else {
                InterpreterFlag::Quiet
            })
        }
        b'B' => single(InterpreterFlag::DontWriteBytecode),
        b'S' => single(InterpreterFlag::NoSite),
        b'I' => single(InterpreterFlag::Isolated),
        b'E' => single(InterpreterFlag::IgnoreEnvironment),
        b's' => single(InterpreterFlag::NoUserSite),
        b'P' => match version {
            Some(v) if !v.has_safe_path() => Err(not_written(v)),
            _ => single(InterpreterFlag::SafePath),
        },
        _ => Err(unknown()),
    }
}

/// The argument after `-X`: `name` or `name=value`.
pub(super) fn parse_x_option(
    text: &OsStr,
    version: Option<CPythonVersion>,
) -> Result<XOption, FlagError> {
    let shown = || quote_os(text);
    let bytes = text.as_encoded_bytes();
    let (name, value) = match bytes.iter().position(|&b| b == b'=') {
        Some(i) => {
            // SAFETY: split at an ASCII '=' of an OsStr's encoded bytes.
            let value = unsafe { OsStr::from_encoded_bytes_unchecked(&bytes[i + 1..]) };
            (&bytes[..i], Some(value.to_owned()))
        }
        None => (bytes, None),
    };
    let name = std::str::from_utf8(name).map_err(|_| FlagError::BadXOption(shown()))?;
    if name.chars().any(char::is_control) {
        return Err(FlagError::ControlChar(quote(&format!("-X {}", shown()))));
    }
    // Before every name was propagated, only identifiers came through.
    let every_name = version.is_none_or(CPythonVersion::propagates_every_x_option);
    let mut chars = name.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !identifier && !every_name {
        return Err(FlagError::BadXOption(shown()));
    }
    if name == "dev" && value.is_some() {
        return Err(FlagError::BadXOption(shown()));
    }
    if let Some(v) = version
        && name != "dev"
        && !v.writes_x_option(name)
    {
        return Err(FlagError::NotWritten {
            option: quote(&format!("-X {name}")),
            version: v,
        });
    }
    check_x_value(version, name, value.as_deref()).map_err(|reason| FlagError::InvalidValue {
        option: quote(&format!("-X {}", text.to_string_lossy())),
        reason,
    })?;
    Ok(XOption {
        name: name.to_owned(),
        value,
    })
}
