//! The Python bootstrap: a config's `[multiprocessing]` table turned into
//! Python source that makes it true inside any CPython 3.8–3.14.
//!
//! ```
//! use mpconfig_core::bootstrap::{render, BootstrapOptions};
//! use mpconfig_core::{MultiprocessingConfig, StartMethod};
//!
//! let mp = MultiprocessingConfig { start_method: StartMethod::Spawn, ..Default::default() };
//! let source = render(&mp, &BootstrapOptions::new().origin("app.toml"));
//! assert!(source.starts_with("# mpconfig bootstrap for 'app.toml'"));
//! assert!(source.contains("method = 'spawn'"));
//! ```
//!
//! # What the generated source does
//!
//! Each effect is emitted only when the config asks for it, with a short
//! comment:
//!
//! * `sys_frozen = true` → `sys.frozen = True`, set as soon as the bootstrap
//!   runs (in both apply modes): it is a plain attribute, and other code —
//!   `multiprocessing.spawn` on Windows, at its import — reads it early.
//! * `executable` → `multiprocessing.spawn.set_executable(...)`, when
//!   `multiprocessing.spawn` first runs (which `import multiprocessing`
//!   does not do: calling the package's `set_executable` at once would
//!   import `spawn`, `runpy`, `subprocess`, `locale` and five more modules
//!   `python` does not load there). `"host"` is the running
//!   `sys.executable`, which is spawn's own default on POSIX, so nothing is
//!   hooked there; on Windows it is set (spawn defaults to a venv's base
//!   interpreter). `"python"` is, in a virtual environment
//!   (`sys.prefix != sys.base_prefix`), the venv's own `python` (what
//!   `python` runs children with there, so they see the venv's packages);
//!   else `sys._base_executable` when it names another file than
//!   `sys.executable`; otherwise the `python3.X` next to the standard
//!   library; a path is used as written.
//! * `start_method` → the method becomes multiprocessing's *default*
//!   without being fixed. `auto` is resolved when the bootstrap runs (spawn
//!   on Windows, fork elsewhere), so one snippet serves every platform;
//!   `none` leaves CPython's own default alone.
//! * `forkserver_preload` (non-empty) →
//!   `multiprocessing.forkserver.set_forkserver_preload`, when
//!   `multiprocessing.forkserver` first runs (skipped on Windows, which has
//!   no forkserver). `forkserver_preload_on_error` other than `ignore`
//!   is passed as `on_error=` where that function takes it (CPython 3.15
//!   and later); before 3.15 a failing preload module is skipped silently
//!   whatever the setting (rule MP019).
//! * `families` → the three settings above apply, the same way, to each
//!   family on that has `multiprocessing`'s API — `multiprocessing`,
//!   `multiprocess` and `billiard` — when that package is first imported.
//!   loky and joblib's copy of it keep their own start methods and always
//!   run `sys.executable` (the host); what the host answers for each family
//!   is the shim's business.
//!
//! `sys_frozen = true` with `executable = "python"` or a path is emitted as
//! asked even though spawn workers then get `--multiprocessing-fork`, which
//! a real interpreter rejects: the rules flag that combination; the
//! bootstrap does not second-guess the config.
//!
//! # Default, not fixed
//!
//! `multiprocessing.set_start_method(m, force=True)` (PyOxidizer's way)
//! fixes the method, so a program that follows the Python docs and calls
//! `set_start_method("spawn")` once then fails with `RuntimeError: context
//! has already been set`. The bootstrap instead sets the fallback of the
//! `DefaultContext` singleton — `multiprocessing.context._default_context.
//! _default_context`, present 3.8–3.15 — to the concrete context of the
//! method. `multiprocessing.get_start_method()` and everything else that uses
//! the default context then see the configured method; the program's own
//! single call still wins; `get_context(m)` and
//! `ProcessPoolExecutor(mp_context=...)` are untouched. (Replacing
//! `context._default_context` itself by a fresh `DefaultContext` would not
//! do: `multiprocessing.get_start_method` and its siblings are bound methods
//! of the original object, copied into the package namespace at import.) If
//! the program has already fixed the context when the settings apply, its
//! choice stands.
//!
//! # On import
//!
//! With `apply = "on-import"` (the default), running the bootstrap imports
//! nothing: the settings take effect right after the `multiprocessing`
//! package first runs, however it is reached (`import multiprocessing`,
//! `from multiprocessing import Pool`, `import multiprocessing.pool`,
//! `concurrent.futures.ProcessPoolExecutor` — each executes the package
//! first). The package, not `multiprocessing.context`, is hooked on
//! purpose: `context` runs in the middle of the package's `__init__`, when
//! `multiprocessing.spawn` (needed by `set_executable`) cannot be imported
//! yet because it imports names the package has not defined.
//! `apply = "startup"` imports `multiprocessing` and applies eagerly; the
//! other families' packages, which may not be installed, still take the
//! settings when they are first imported.
//!
//! ## The on-import protocol
//!
//! Two finders follow it: the generated one (`py/on_import.py`, in every
//! bootstrap: with `apply = "startup"` for the packages not imported
//! eagerly) and the embedding host's native one
//! (`mpconfig-shim`'s `LazyBootstrap`, which defers even compiling the
//! bootstrap). Both:
//!
//! 1. carry the class attribute [`FINDER_MARKER`]` = True`;
//! 2. sit at the front of `sys.meta_path`, put there when the bootstrap
//!    runs (the generated one) or when the host starts (the native one);
//!    a hooked module already imported takes its hook at once, and no
//!    finder is installed when none is left pending;
//! 3. answer `None` at once for every name but the hooked ones
//!    ([`HOOKED_MODULES`]), and when they are no longer in `sys.meta_path`;
//! 4. for a hooked name, ask the finders after them (those with
//!    `find_spec`) for the spec. The generated finder stands in as the
//!    spec's loader, runs the real loader, puts it back into the module,
//!    applies the settings and removes itself. The native finder removes
//!    itself, runs the bootstrap (which installs the generated finder, step
//!    2) and hands the request to it;
//! 5. are removed by any later run of a bootstrap, which first drops every
//!    finder with the marker: the last run's settings win, and applying
//!    settings twice changes nothing.
//!
//! A finder sees the import only if nothing ahead of it in `sys.meta_path`
//! finds multiprocessing first. A host that installs its own importer
//! (PyOxidizer's `OxidizedFinder`, a zip importer…) should therefore run
//! the bootstrap after installing it, or use `apply = "startup"`.
//!
//! # Errors
//!
//! `fork` or `forkserver` on Windows, where they do not exist, raises
//! `ValueError` naming the method and the platform as soon as the bootstrap
//! runs (in both modes). A problem that can only be seen when the settings
//! apply — no interpreter found for `executable = "python"` — raises from
//! the import of `multiprocessing.spawn` (on-import) or from the bootstrap
//! (startup), with a message starting with `mpconfig:`. An empty
//! `sys.executable` with `executable = "host"` is left as `python` leaves
//! it: `import multiprocessing` works, and starting a spawn child fails as
//! it does under `python`.
//!
//! # Escaping
//!
//! Every string from the config — paths, module names, the origin in the
//! header comment — is written as a
//! printable-ASCII Python literal meaning exactly that string, so nothing in
//! a config can inject code or end a comment.

pub mod engine;
mod fixed;
pub(crate) mod literal;
mod provenance;

/// The class attribute (set to `True`) of every finder that follows the
/// [on-import protocol](self#the-on-import-protocol).
pub const FINDER_MARKER: &str = "mpconfig_bootstrap";

use fixed::{find_python, on_import, stale_drop, startup_now};
use literal::{path_expr, str_literal};

use crate::model::{
    Apply, Config, Executable, Family, MultiprocessingConfig, OnError, StartMethod,
};

/// How to render a bootstrap, beyond the config itself.
///
/// ```
/// use mpconfig_core::bootstrap::BootstrapOptions;
///
/// let options = BootstrapOptions::new().origin("config/mpconfig.toml");
/// assert_eq!(options.origin, Some("config/mpconfig.toml"));
/// assert_eq!(BootstrapOptions::default().origin, None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BootstrapOptions<'a> {
    /// Where the config came from (a file name, usually), named in the
    /// header comment. Any text is fine: it is written as an escaped literal.
    pub origin: Option<&'a str>,
}

impl<'a> BootstrapOptions<'a> {
    /// Options with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the config in the header comment.
    pub fn origin(mut self, origin: &'a str) -> Self {
        self.origin = Some(origin);
        self
    }
}

/// Renders the bootstrap for a whole config (its `[multiprocessing]` table).
///
/// ```
/// use mpconfig_core::bootstrap::{render_config, BootstrapOptions};
/// use mpconfig_core::Config;
///
/// let source = render_config(&Config::default(), &BootstrapOptions::new());
/// assert!(source.starts_with("# mpconfig bootstrap\n"));
/// ```
pub fn render_config(config: &Config, options: &BootstrapOptions<'_>) -> String {
    render(&config.multiprocessing, options)
}

/// Renders the Python bootstrap for a `[multiprocessing]` table.
///
/// The result is Python source, valid on CPython 3.8–3.14, to run once in the
/// interpreter (as a file, with `-c`, or with `exec`) before the program
/// uses multiprocessing. It defines no names: everything lives inside a
/// function that deletes itself. See the [module docs](self) for what it
/// does.
///
/// ```
/// use mpconfig_core::bootstrap::{render, BootstrapOptions};
/// use mpconfig_core::{Apply, Executable, MultiprocessingConfig, StartMethod};
///
/// let mp = MultiprocessingConfig {
///     start_method: StartMethod::Forkserver,
///     sys_frozen: false,
///     executable: Executable::Path("/opt/py/bin/python3".into()),
///     forkserver_preload: vec!["numpy".into()],
///     apply: Apply::Startup,
///     ..Default::default()
/// };
/// let source = render(&mp, &BootstrapOptions::new());
/// assert!(source.contains("spawn.set_executable('/opt/py/bin/python3')"));
/// assert!(source.contains("forkserver.set_forkserver_preload(['numpy'])"));
/// assert!(!source.contains("sys.frozen = True"));
/// assert!(source.contains("hook(sys.modules[name])")); // startup: imported now
/// ```
pub fn render(mp: &MultiprocessingConfig, options: &BootstrapOptions<'_>) -> String {
    // Every setting, by name: a new `[multiprocessing]` key does not
    // compile until the bootstrap says what it does (`auto_dispatch` is the
    // host's business, not the interpreter's).
    let MultiprocessingConfig {
        start_method: method,
        auto_dispatch: _,
        sys_frozen,
        executable,
        forkserver_preload: _,
        forkserver_preload_on_error: _,
        apply,
        families,
    } = mp;
    let mut out = Source::default();
    header(&mut out, mp, options);
    out.block(0, "\n\ndef _mpconfig_bootstrap():\n    import sys");
    start_method(&mut out, *method);
    if *sys_frozen {
        out.block(
            1,
            "
            # sys_frozen = true, set now in either apply mode: spawn workers get the
            # `--multiprocessing-fork` command line, which only a dispatching host
            # understands.",
        );
        if *executable != Executable::Host {
            out.block(
                1,
                "# Note: children run another executable than the host, and a real
                # interpreter rejects that command line (`mpconfig check` reports it).",
            );
        }
        out.line(1, "sys.frozen = True");
    }
    if *executable == Executable::Python {
        find_python(&mut out);
    }
    // `apply_function` writes `executable`, `start_method` and
    // `forkserver_preload` into `apply(mp)`.
    apply_function(&mut out, mp);
    provenance::provenance(&mut out, provenance::Code::Text);
    hooks(
        &mut out,
        families,
        executable,
        !mp.forkserver_preload.is_empty(),
    );
    stale_drop(&mut out);
    if *apply == Apply::Startup {
        out.line(1, "");
        startup_now(&mut out, 1);
    }
    on_import(&mut out);
    out.block(
        0,
        "

        try:
            _mpconfig_bootstrap()
        finally:
            del _mpconfig_bootstrap",
    );
    out.text
}

/// Lines of Python, indented by four spaces per level.
#[derive(Default)]
struct Source {
    text: String,
}

impl Source {
    /// One line at `indent` levels; an empty line stays empty.
    fn line(&mut self, indent: usize, line: &str) {
        if !line.is_empty() {
            for _ in 0..indent {
                self.text.push_str("    ");
            }
            self.text.push_str(line);
        }
        self.text.push('\n');
    }

    /// Several lines at `indent` levels. The indentation the lines after the
    /// first share is removed first, so that blocks can be written indented
    /// in the Rust source; the first line is taken as it is.
    fn block(&mut self, indent: usize, text: &str) {
        let lines: Vec<&str> = text.split('\n').collect();
        let common = lines
            .iter()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        for (i, l) in lines.iter().enumerate() {
            let l = if i == 0 {
                l
            } else {
                l.get(common..).unwrap_or("")
            };
            self.line(indent, l.trim_end());
        }
    }
}

fn header(out: &mut Source, mp: &MultiprocessingConfig, options: &BootstrapOptions<'_>) {
    match options.origin {
        Some(origin) => out.line(
            0,
            &format!("# mpconfig bootstrap for {}", str_literal(origin)),
        ),
        None => out.line(0, "# mpconfig bootstrap"),
    }
    out.line(
        0,
        "# Generated by mpconfig from the [multiprocessing] table; do not edit.",
    );
    out.block(
        0,
        match mp.apply {
            Apply::OnImport => {
                "# apply = \"on-import\": running this imports nothing; the settings take
                # effect right after multiprocessing is first imported."
            }
            Apply::Startup => {
                "# apply = \"startup\": running this imports multiprocessing and applies
                # the settings at once."
            }
        },
    );
    out.line(0, "# Running it again is harmless.");
}

fn start_method(out: &mut Source, method: StartMethod) {
    out.line(0, "");
    match method {
        StartMethod::None => out.line(
            1,
            "# start_method = \"none\": CPython's own default start method applies.",
        ),
        StartMethod::Auto => out.block(
            1,
            "# start_method = \"auto\": spawn on Windows, fork elsewhere.
            method = 'spawn' if sys.platform == 'win32' else 'fork'",
        ),
        StartMethod::Spawn => out.block(1, "# start_method = \"spawn\".\nmethod = 'spawn'"),
        StartMethod::Fork | StartMethod::Forkserver => {
            let name = method.as_str();
            out.block(
                1,
                &format!(
                    "# start_method = \"{name}\": POSIX only.
                    method = '{name}'
                    if sys.platform == 'win32':
                        raise ValueError(
                            \"mpconfig: start method '{name}' does not exist on Windows \"
                            \"(sys.platform == 'win32'); use 'spawn' or 'auto'\"
                        )"
                ),
            );
        }
    }
}

fn apply_function(out: &mut Source, mp: &MultiprocessingConfig) {
    executable_function(out, &mp.executable);
    if !mp.forkserver_preload.is_empty() {
        preload_function(out, &mp.forkserver_preload, mp.forkserver_preload_on_error);
    }
    out.block(1, "\ndef apply(mp):");
    if mp.start_method == StartMethod::None {
        out.line(2, "pass");
    } else {
        out.block(
            2,
            "# The start method becomes the default, not fixed: a program's own
            # set_start_method() call (without force=True) still works.
            mp.context._default_context._default_context = mp.get_context(method)",
        );
    }
}

/// `apply_preload(forkserver)`: `forkserver_preload`, applied to a family's
/// `forkserver` module when it first runs (the package's
/// `set_forkserver_preload` would import it, and `spawn` with it, at once).
/// `forkserver_preload_on_error` other than `ignore` is passed where
/// `set_forkserver_preload` takes an `on_error` parameter (CPython 3.15's,
/// and a family's copy of it); elsewhere failures are ignored, as they
/// always were there (rule MP019 says so ahead of time).
fn preload_function(out: &mut Source, preload: &[String], on_error: OnError) {
    let modules: Vec<String> = preload.iter().map(|m| str_literal(m)).collect();
    let modules = format!("[{}]", modules.join(", "));
    out.block(
        1,
        "
        def apply_preload(forkserver):
            # forkserver_preload: modules the forkserver imports once (POSIX).",
    );
    if on_error == OnError::Ignore {
        out.line(2, &format!("forkserver.set_forkserver_preload({modules})"));
        return;
    }
    let on_error = on_error.as_str();
    out.block(
        2,
        &format!(
            "# forkserver_preload_on_error = \"{on_error}\": where set_forkserver_preload
            # takes it (CPython 3.15+); before, failures are ignored.
            code = getattr(forkserver.set_forkserver_preload, '__code__', None)
            takes = 'on_error' in getattr(code, 'co_varnames', ())
            forkserver.set_forkserver_preload({modules}, **({{'on_error': '{on_error}'}} if takes else {{}}))"
        ),
    );
}

/// `apply_executable(spawn)`: the `executable` setting, applied to a
/// family's `spawn` module when it first runs — not to the package, whose
/// `set_executable` would import `spawn` (and with it `runpy`,
/// `subprocess`, `locale`…: modules `python` does not import for
/// `import multiprocessing`). For `"host"` on POSIX spawn's own default
/// already is `sys.executable`, so nothing is hooked at all (see `hooks`).
fn executable_function(out: &mut Source, executable: &Executable) {
    out.block(1, "\ndef apply_executable(spawn):");
    match executable {
        Executable::Host => out.block(
            2,
            "# executable = \"host\": children run this program (sys.executable),
            # spawn's default on POSIX; on Windows spawn defaults to a venv's base
            # interpreter instead. An empty sys.executable is left as python leaves it.
            if sys.executable:
                spawn.set_executable(sys.executable)",
        ),
        Executable::Python => out.block(
            2,
            "# executable = \"python\": children run a real interpreter.
            spawn.set_executable(find_python())",
        ),
        Executable::Path(path) => {
            out.line(2, "# executable = <path>: children run this file.");
            out.line(2, &format!("spawn.set_executable({})", path_expr(path)));
        }
    }
}

/// The modules whose first import may run a hook of the bootstrap (the
/// on-import protocol): the packages of the families that take the
/// settings (`multiprocessing`, `multiprocess`, `billiard`; those the
/// config's `families` leaves out are not hooked) and, on POSIX,
/// `_posixsubprocess` (children are marked for provenance). A host that
/// defers the bootstrap until one of them is imported (`mpconfig-shim`'s
/// native finder) waits for these. The generated finder also hooks those
/// packages' `spawn` (an executable to set) and `forkserver` (a preload)
/// modules; importing one imports its package first, so a deferring host
/// need not wait for them.
///
/// ```
/// assert_eq!(
///     mpconfig_core::bootstrap::HOOKED_MODULES,
///     ["multiprocessing", "multiprocess", "billiard", "_posixsubprocess"]
/// );
/// ```
pub const HOOKED_MODULES: [&str; 4] = [
    "multiprocessing",
    "multiprocess",
    "billiard",
    "_posixsubprocess",
];

/// A Python tuple of string literals: `('a', 'b')`, `('a',)`, `()`.
fn py_tuple<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(str_literal).collect();
    match items.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

/// The packages that take the settings: those of the families on in
/// `families` that have multiprocessing's API.
fn settings_packages(families: &[Family]) -> impl Iterator<Item = &'static str> + '_ {
    Family::ALL
        .iter()
        .filter(|f| f.takes_settings() && families.contains(f))
        .map(|f| f.package())
}

/// `hooks`: which module's first run applies the settings (the packages of
/// the families on in `families` that take them; their `spawn` modules for
/// `executable`, their `forkserver` modules for a preload) or marks
/// children.
fn hooks(out: &mut Source, families: &[Family], executable: &Executable, preload: bool) {
    let packages = py_tuple(settings_packages(families));
    out.block(
        1,
        "
        # What runs right after which module first runs: the settings apply to each
        # family that has multiprocessing's API (families), the executable to its
        # spawn module, children are marked.",
    );
    out.line(1, &format!("packages = {packages}"));
    out.line(1, "hooks = {name: apply for name in packages}");
    let spawn_hooks = "hooks.update((name + '.spawn', apply_executable) for name in packages)";
    if *executable == Executable::Host {
        out.line(1, "if sys.platform == 'win32':");
        out.line(2, spawn_hooks);
        out.line(1, "else:");
    } else {
        out.line(1, spawn_hooks);
        out.line(1, "if sys.platform != 'win32':");
    }
    out.line(2, "hooks['_posixsubprocess'] = mark_children");
    if preload {
        out.line(
            2,
            "hooks.update((name + '.forkserver', apply_preload) for name in packages)",
        );
    }
}
