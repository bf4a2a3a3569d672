//! `bootstrap`: the Python bootstrap renderer, for any `[multiprocessing]`
//! table and any origin name.
//!
//! The config is built from the fuzz bytes with `arbitrary`
//! ([`BootstrapInput`]): every start method and apply mode, both booleans,
//! `executable` as `host`, `python` or a path of arbitrary bytes (not UTF-8
//! included), any preload module names and preload error policy, any set
//! of families, and an
//! optional origin of any text.
//!
//! Cheap invariants, checked in the target on every input:
//!
//! * never a panic;
//! * the source is printable ASCII plus `\n` (no config text can bring a
//!   control character, a `\r` or a non-ASCII character into it);
//! * the header — every line before the first empty one — is `#` comments,
//!   and it is the only place a `#` starts a line outside the function;
//! * every string literal ends on the line it starts on (no raw newline
//!   inside a string, no triple-quoted string, no backslash continuation),
//!   except the provenance text (`PROVENANCE = r'''…'''`), a fixed
//!   text that must be the same for every config and is left out of the
//!   other checks.
//!
//! What needs Python — `py_compile` accepts the source, running it imports
//! nothing for `apply = "on-import"`, the literals evaluate to the config's
//! values — is checked in a batch over the corpus:
//! `check_bootstrap_corpus.sh` (which runs `examples/render_bootstrap_corpus.rs`
//! and `check_bootstrap_corpus.py`).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};
use mpconfig_core::bootstrap::{BootstrapOptions, render};
use mpconfig_core::{Apply, Executable, Family, MultiprocessingConfig, OnError, StartMethod};

use crate::MAX_INPUT;

/// A `[multiprocessing]` table and the origin named in the header.
#[derive(Debug, Clone)]
pub struct BootstrapInput {
    /// The table to render.
    pub mp: MultiprocessingConfig,
    /// `BootstrapOptions::origin`.
    pub origin: Option<String>,
}

impl<'a> Arbitrary<'a> for BootstrapInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let start_method = *u.choose(&StartMethod::ALL)?;
        let apply = *u.choose(&Apply::ALL)?;
        let auto_dispatch = bool::arbitrary(u)?;
        let sys_frozen = bool::arbitrary(u)?;
        let executable = match u.int_in_range(0u8..=2)? {
            0 => Executable::Host,
            1 => Executable::Python,
            _ => Executable::Path(PathBuf::from(OsString::from_vec(Vec::<u8>::arbitrary(u)?))),
        };
        let forkserver_preload = Vec::<String>::arbitrary(u)?;
        let mut families = Vec::new();
        for family in Family::ALL {
            if bool::arbitrary(u)? {
                families.push(*family);
            }
        }
        let origin = Option::<String>::arbitrary(u)?;
        let forkserver_preload_on_error = *u.choose(&OnError::ALL)?;
        Ok(BootstrapInput {
            mp: MultiprocessingConfig {
                start_method,
                auto_dispatch,
                sys_frozen,
                executable,
                forkserver_preload,
                forkserver_preload_on_error,
                apply,
                families,
            },
            origin,
        })
    }
}

impl BootstrapInput {
    /// The input fuzz bytes stand for (`None` when they are too long).
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        if data.len() > MAX_INPUT {
            return None;
        }
        BootstrapInput::arbitrary_take_rest(Unstructured::new(data)).ok()
    }

    /// The rendered bootstrap.
    pub fn render(&self) -> String {
        let mut options = BootstrapOptions::new();
        if let Some(origin) = &self.origin {
            options = options.origin(origin);
        }
        render(&self.mp, &options)
    }
}

/// Renders the bootstrap for `data` and checks the cheap invariants above.
pub fn check_bootstrap(data: &[u8]) {
    if let Some(input) = BootstrapInput::from_bytes(data) {
        check_source(&input.render());
    }
}

/// The cheap, Python-free invariants of a rendered bootstrap.
pub fn check_source(source: &str) {
    assert!(
        source
            .bytes()
            .all(|b| b == b'\n' || (0x20..0x7f).contains(&b)),
        "the source is not printable ASCII"
    );
    assert!(
        source.ends_with('\n'),
        "the source does not end with a newline"
    );
    let (source, provenance) = split_provenance(source);
    assert_eq!(
        provenance,
        split_provenance(&default_source()).1,
        "the provenance text differs from the default config's"
    );
    let source = source.as_str();
    let mut lines = source.lines();
    let header: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
    assert!(!header.is_empty(), "no header");
    for line in &header {
        assert!(line.starts_with('#'), "header line {line:?}");
    }
    for (n, line) in source.lines().enumerate() {
        assert!(
            single_line_strings(line),
            "line {} has a string that does not end on it: {line:?}",
            n + 1
        );
    }
    for line in lines {
        assert!(
            !line.starts_with('#'),
            "a comment at column 0 after the header: {line:?}"
        );
    }
}

const PROVENANCE_START: &str = "    PROVENANCE = r'''";
const PROVENANCE_END: &str = "'''";

/// The source without the provenance text (the one multi-line string: a
/// fixed text, the same for every config), and that text.
fn split_provenance(source: &str) -> (String, Vec<String>) {
    let mut rest = String::new();
    let mut text = Vec::new();
    let mut inside = false;
    for line in source.lines() {
        if inside {
            if line == PROVENANCE_END {
                inside = false;
            } else {
                text.push(line.to_owned());
            }
        } else if line == PROVENANCE_START {
            inside = true;
        } else {
            rest.push_str(line);
            rest.push('\n');
        }
    }
    assert!(!inside, "the provenance text does not end");
    (rest, text)
}

/// The default config's bootstrap, rendered once.
fn default_source() -> String {
    use std::sync::OnceLock;
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE
        .get_or_init(|| render(&MultiprocessingConfig::default(), &BootstrapOptions::new()))
        .clone()
}

/// Whether every string literal on a line of Python ends on that line: no
/// triple-quoted string starts, no quote is left open, no backslash
/// continues a string (a `#` outside a string starts a comment).
fn single_line_strings(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(_) if b == b'\\' => {
                if i + 1 == bytes.len() {
                    return false;
                }
                i += 1;
            }
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'#' => return true,
            None if b == b'\'' || b == b'"' => {
                if bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b) {
                    return false;
                }
                quote = Some(b);
            }
            None => {}
        }
        i += 1;
    }
    quote.is_none()
}
