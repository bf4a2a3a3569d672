//! Virtual environments: which one a host runs in (`[interpreter] venv`,
//! else the activated one, `VIRTUAL_ENV`, unless isolated), and what its
//! `pyvenv.cfg` says.
//!
//! A venv's own `python` is a link in `VENV/bin` to the base interpreter,
//! next to which CPython finds `pyvenv.cfg`; `site` then puts the venv's
//! site-packages on `sys.path` (processing its `.pth` files) and the base
//! interpreter's only when `include-system-site-packages = true`. A host
//! gets the same by starting its interpreter as that `python` would be
//! started — `PyConfig.executable` is the venv's `python` while CPython
//! computes its paths and runs `site` — and making `sys.executable` the host
//! again before any other code runs (`Pyo3Host`).

use std::path::{Path, PathBuf};

use mpconfig_core::InterpreterConfig;

use super::HostError;
use crate::flags::{CPythonVersion, InterpreterFlags};

/// The environment variable an activated venv sets.
pub const VIRTUAL_ENV: &str = "VIRTUAL_ENV";

/// A virtual environment a host runs in.
///
/// ```
/// use mpconfig_shim::host::Venv;
///
/// let dir = std::env::temp_dir().join(format!("venv-doc-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("bin")).unwrap();
/// std::fs::write(dir.join("pyvenv.cfg"), "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n").unwrap();
/// let venv = Venv::open(&dir).unwrap();
/// assert_eq!(venv.dir(), dir.as_path());
/// assert!(!venv.system_site_packages());
/// assert_eq!(venv.version(), Some((3, 11)));
/// assert!(Venv::open(&dir.join("bin")).is_err()); // no pyvenv.cfg there
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Venv {
    dir: PathBuf,
    system_site_packages: bool,
    version: Option<(u8, u8)>,
}

impl Venv {
    /// Reads the venv at `dir` (made absolute): its `pyvenv.cfg` must
    /// exist.
    pub fn open(dir: &Path) -> Result<Venv, HostError> {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let cfg = dir.join("pyvenv.cfg");
        let text = std::fs::read_to_string(&cfg).map_err(|e| {
            HostError::Venv(format!(
                "{} is not a virtual environment: cannot read {}: {e}",
                dir.display(),
                cfg.display()
            ))
        })?;
        let mut venv = Venv {
            dir,
            // site's default when the key is missing.
            system_site_packages: true,
            version: None,
        };
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "include-system-site-packages" => {
                    venv.system_site_packages = value.eq_ignore_ascii_case("true");
                }
                "version" | "version_info" => venv.version = major_minor(value),
                _ => {}
            }
        }
        Ok(venv)
    }

    /// The venv's directory (absolute).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the base interpreter's site-packages are on `sys.path` too.
    pub fn system_site_packages(&self) -> bool {
        self.system_site_packages
    }

    /// The Python version that made it, from `pyvenv.cfg`.
    pub fn version(&self) -> Option<(u8, u8)> {
        self.version
    }

    /// The venv's `python`: what CPython is told its executable is while it
    /// computes its paths (it need not exist; its directory must be where
    /// CPython looks for `pyvenv.cfg`).
    pub fn python(&self) -> PathBuf {
        #[cfg(windows)]
        let (dir, names) = (self.dir.join("Scripts"), ["python.exe"].as_slice());
        #[cfg(not(windows))]
        let (dir, names) = (self.dir.join("bin"), ["python3", "python"].as_slice());
        names
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.exists())
            .unwrap_or_else(|| dir.join(names[0]))
    }

    /// Fails when the venv was made by another Python than `linked`: its
    /// site-packages (`lib/python3.X`) are not this interpreter's.
    pub fn check_version(&self, linked: Option<CPythonVersion>) -> Result<(), HostError> {
        match (self.version, linked) {
            (Some((major, minor)), Some(linked))
                if (major, minor) != (linked.major, linked.minor) =>
            {
                Err(HostError::Venv(format!(
                    "the virtual environment {} was made by Python {major}.{minor}, but this host embeds Python {}.{}: its packages cannot be imported here; make it with python{}.{} -m venv",
                    self.dir.display(),
                    linked.major,
                    linked.minor,
                    linked.major,
                    linked.minor
                )))
            }
            _ => Ok(()),
        }
    }
}

/// `3.11.7`, `3.12.1.final.0` → `(3, 11)`, `(3, 12)`.
fn major_minor(text: &str) -> Option<(u8, u8)> {
    let mut parts = text.split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts.next()?.trim().parse().ok()?;
    Some((major, minor))
}

/// The venv a host with `config` runs in, started with `flags`:
/// `config.venv` if set (honoured even when isolated: it is the host's own
/// setting, not the environment's); else [`VIRTUAL_ENV`] when set and not
/// empty, unless the interpreter ignores its environment (`-I`, `-E`,
/// `isolated = true`); else none.
///
/// ```
/// use mpconfig_core::InterpreterConfig;
/// use mpconfig_shim::InterpreterFlags;
/// use mpconfig_shim::host::venv_for;
///
/// let isolated = InterpreterFlags::parse(&["-I"]).unwrap();
/// // Isolated: the environment is not read.
/// assert_eq!(venv_for(&InterpreterConfig::default(), &isolated).unwrap(), None);
/// ```
pub fn venv_for(
    config: &InterpreterConfig,
    flags: &InterpreterFlags,
) -> Result<Option<Venv>, HostError> {
    if let Some(dir) = &config.venv {
        return Venv::open(dir).map(Some);
    }
    if flags.isolated() || flags.ignore_environment() {
        return Ok(None);
    }
    match std::env::var_os(VIRTUAL_ENV) {
        Some(dir) if !dir.is_empty() => Venv::open(Path::new(&dir))
            .map(Some)
            .map_err(|e| HostError::Venv(format!("{VIRTUAL_ENV}: {e}"))),
        _ => Ok(None),
    }
}
