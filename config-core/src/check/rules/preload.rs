//! `forkserver_preload`: used only by forkserver; entries must be modules.

use super::Context;
use crate::check::{Effective, resolve};
use crate::diagnostic::Diagnostic;
use crate::model::OnError;
use crate::platform::{Os, PythonVersion, Target};

/// The first CPython whose `set_forkserver_preload` takes `on_error`.
const ON_ERROR_SINCE: PythonVersion = PythonVersion::new(3, 15);

pub(crate) fn preload_unused(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    let effective = resolve(mp, t);
    (!mp.forkserver_preload.is_empty() && effective != Effective::Forkserver).then(|| {
        ctx.finding(
            "multiprocessing.forkserver_preload",
            format!("forkserver_preload has no effect where the start method is {effective}"),
        )
        .with_label("ignored")
        .with_help("remove it, or use start_method = \"forkserver\" on these targets")
    })
}

pub(crate) fn on_error_unsupported(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    let on_error = mp.forkserver_preload_on_error;
    (on_error != OnError::Ignore
        && !mp.forkserver_preload.is_empty()
        && t.os != Os::Windows
        && resolve(mp, t) == Effective::Forkserver
        && t.version.behaves_like() < ON_ERROR_SINCE)
        .then(|| {
            ctx.finding(
                "multiprocessing.forkserver_preload_on_error",
                format!(
                    "forkserver_preload_on_error = \"{on_error}\" has no effect before Python {ON_ERROR_SINCE}: a preload module that fails to import is skipped silently"
                ),
            )
            .with_label(format!("ignored before {ON_ERROR_SINCE}"))
            .with_help(format!(
                "target Python {ON_ERROR_SINCE} or later, or check the preload modules another way (import them in a test)"
            ))
        })
}

pub(crate) fn preload_not_module(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.config
        .multiprocessing
        .forkserver_preload
        .iter()
        .enumerate()
        .filter(|(_, name)| !is_module_name(name))
        .map(|(i, name)| {
            ctx.finding(
                format!("multiprocessing.forkserver_preload[{i}]"),
                format!("`{}` is not a dotted module name", name.escape_debug()),
            )
            .with_label("not a module name")
            .with_help(
                "write a module as you would import it, e.g. \"numpy\" or \"email.mime.text\"",
            )
        })
        .collect()
}

/// Python keywords, which cannot be module name parts.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// `a.b.c` where each part is a Python identifier and not a keyword.
///
/// Identifiers follow Python's rule loosely: a letter or `_`, then letters,
/// digits or `_` (Unicode letters included, as Python allows).
pub(crate) fn is_module_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                && chars.all(|c| c == '_' || c.is_alphanumeric())
                && !KEYWORDS.contains(&part)
        })
}

#[cfg(test)]
mod tests {
    use super::is_module_name;

    #[test]
    fn module_names() {
        for ok in [
            "numpy",
            "email.mime.text",
            "_private",
            "pkg2.sub_mod",
            "café",
        ] {
            assert!(is_module_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".x",
            "x.",
            "a..b",
            "2fast",
            "my-module",
            "os; import sys",
            "class",
            "a.import",
            "x y",
        ] {
            assert!(!is_module_name(bad), "{bad}");
        }
    }
}
