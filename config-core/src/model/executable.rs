//! What children of `multiprocessing` execute.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// The program `multiprocessing` re-executes for spawn workers, the
/// forkserver and the resource tracker (`multiprocessing.set_executable`).
///
/// Written in a config as `"host"`, `"python"`, or any other non-empty string,
/// which is a path. A file literally named `host` is written `"./host"`.
///
/// ```
/// use mpconfig_core::Executable;
/// use std::path::Path;
///
/// assert_eq!("host".parse::<Executable>().unwrap(), Executable::Host);
/// assert_eq!(
///     "/usr/bin/python3".parse::<Executable>().unwrap(),
///     Executable::Path("/usr/bin/python3".into())
/// );
/// assert!("".parse::<Executable>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
// Exhaustive on purpose, as `StartMethod`.
pub enum Executable {
    /// The running host binary (`sys.executable`); the host must answer the
    /// child command lines (`auto_dispatch`).
    #[default]
    Host,
    /// A real Python interpreter: `sys._base_executable` where it exists,
    /// otherwise the `python3` next to the standard library.
    Python,
    /// This file.
    Path(PathBuf),
}

/// The error for an empty `executable` string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`executable` must be \"host\", \"python\" or a non-empty path")]
pub struct EmptyExecutable;

impl Executable {
    /// The path, for [`Executable::Path`].
    pub fn as_path(&self) -> Option<&Path> {
        match self {
            Executable::Path(p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for Executable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Executable::Host => f.write_str("host"),
            Executable::Python => f.write_str("python"),
            Executable::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

impl FromStr for Executable {
    type Err = EmptyExecutable;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "" => Err(EmptyExecutable),
            "host" => Ok(Executable::Host),
            "python" => Ok(Executable::Python),
            path => Ok(Executable::Path(PathBuf::from(path))),
        }
    }
}

impl Serialize for Executable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Executable::Host => serializer.serialize_str("host"),
            Executable::Python => serializer.serialize_str("python"),
            Executable::Path(p) => match p.to_str() {
                Some(s) => serializer.serialize_str(s),
                None => Err(serde::ser::Error::custom(
                    "executable path is not valid UTF-8 and cannot be written to a config file",
                )),
            },
        }
    }
}

impl crate::decode::Decode for Executable {
    fn decode(
        d: &mut crate::decode::Decoder,
        node: &crate::syntax::Node,
        path: &str,
    ) -> Option<Self> {
        let s = <String as crate::decode::Decode>::decode(d, node, path)?;
        match s.parse() {
            Ok(e) => Some(e),
            Err(e @ EmptyExecutable) => {
                d.invalid_value(
                    node,
                    path,
                    e.to_string(),
                    "empty",
                    "write \"host\" for the host binary, \"python\" for a real interpreter, or an absolute path".to_owned(),
                );
                None
            }
        }
    }
}

crate::decode::serde_bridge::deserialize_through_decoder!(Executable);

impl JsonSchema for Executable {
    fn schema_name() -> Cow<'static, str> {
        "Executable".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "What multiprocessing's children execute (`multiprocessing.set_executable`).",
            "oneOf": [
                {
                    "const": "host",
                    "description": "The running host binary (`sys.executable`); the host must answer the child command lines (`auto_dispatch`)."
                },
                {
                    "const": "python",
                    "description": "A real Python interpreter: `sys._base_executable` where it exists, otherwise the `python3` next to the standard library."
                },
                {
                    "type": "string",
                    "minLength": 1,
                    "not": { "enum": ["host", "python"] },
                    "description": "The path of a file to execute. Should be absolute (`mpconfig check` reports a relative one); a file named `host` is written `./host`."
                }
            ]
        })
    }
}
