//! Concrete check targets (one OS, one Python version) and how a set of them
//! is written compactly (`windows:3.8–3.15`).

use std::fmt;

use super::{Os, PythonVersion, TargetSpec};

/// One OS and one Python version: what a rule is evaluated against.
///
/// ```
/// use mpconfig_core::{Os, PythonVersion, Target};
///
/// let t = Target::new(Os::Linux, PythonVersion::new(3, 14));
/// assert_eq!(t.to_string(), "linux:3.14");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    /// The operating system.
    pub os: Os,
    /// The Python version.
    pub version: PythonVersion,
}

impl Target {
    /// A target.
    pub const fn new(os: Os, version: PythonVersion) -> Self {
        Target { os, version }
    }

    /// Every OS × every known version: the 32 targets checked when none are
    /// given.
    pub fn all() -> Vec<Target> {
        Os::ALL
            .into_iter()
            .flat_map(|os| PythonVersion::known().map(move |v| Target::new(os, v)))
            .collect()
    }

    /// The targets a list of specs stands for, sorted and without repeats;
    /// an empty list stands for [`Target::all`].
    pub fn expand(specs: &[TargetSpec]) -> Vec<Target> {
        if specs.is_empty() {
            return Target::all();
        }
        let mut out: Vec<Target> = specs
            .iter()
            .flat_map(|s| s.versions().map(move |v| Target::new(s.os, v)))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.os, self.version)
    }
}

/// Targets written compactly: consecutive versions of one OS become a range.
///
/// ```
/// use mpconfig_core::{compress_targets, Target};
///
/// let windows: Vec<Target> = Target::all().into_iter().filter(|t| t.os.as_str() == "windows").collect();
/// assert_eq!(compress_targets(&windows), vec!["windows:3.8–3.15"]);
/// ```
pub fn compress_targets(targets: &[Target]) -> Vec<String> {
    let mut sorted = targets.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while let Some(next) = sorted.get(i + 1) {
            let consecutive = next.os == start.os
                && next.version.major == end.version.major
                && next.version.minor == end.version.minor + 1;
            if !consecutive {
                break;
            }
            end = *next;
            i += 1;
        }
        if start == end {
            out.push(start.to_string());
        } else {
            out.push(format!("{}:{}–{}", start.os, start.version, end.version));
        }
        i += 1;
    }
    out
}
