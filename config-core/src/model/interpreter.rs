//! The `[interpreter]` table.

use std::path::PathBuf;

use super::registry::settings_table;

settings_table! {
    /// How the embedding host starts its own interpreter, and with it every
    /// child that re-executes the host.
    ///
    /// The defaults start the interpreter as `python SCRIPT` does, in the
    /// activated virtual environment if there is one. The two switches are
    /// `python`'s `-I` and `-S`, the levers frozen-application tools
    /// (cx_Freeze) pull to start faster; children inherit them: spawn
    /// workers, the fork server and the resource tracker get them on their
    /// command lines (`-I`, `-S`, from the parent's `sys.flags`) or, for
    /// `sys.frozen` spawn workers, from the settings the host exports.
    ///
    /// ```
    /// use mpconfig_core::InterpreterConfig;
    ///
    /// let interp = InterpreterConfig::default();
    /// assert!(!interp.isolated);
    /// assert!(interp.site);
    /// assert_eq!(interp.venv, None);
    /// assert!(!interp.python_cli);
    /// ```
    #[derive(Hash)]
    #[schemars(
        title = "[interpreter]",
        description = "How the embedding host starts its interpreter (and every child that re-executes it)."
    )]
    pub struct InterpreterConfig {
        /// Isolated mode, `python -I`: PYTHON* environment variables and the user site-packages directory are ignored, and the script's directory is not put first on sys.path (sibling modules of the script are then not importable unless the host adds their directory).
        isolated: bool = false,
        /// Import the `site` module at start-up (false is `python -S`): false skips site-packages, `.pth` files and `sitecustomize`, so only the standard library (and paths the host adds) can be imported.
        site: bool = true,
        /// A virtual environment to run in, as its own `python` would: its site-packages (`.pth` files processed) on `sys.path`, the base interpreter's only when its `pyvenv.cfg` says `include-system-site-packages = true`. Unset: the activated one (`VIRTUAL_ENV`), unless isolated. Children inherit it.
        #[serde(skip_serializing_if = "Option::is_none")]
        venv: Option<PathBuf> = None,
        /// Answer a start of the host binary that is not a multiprocessing child as `python` would (`-c CODE`, `-m MODULE`, options, a script, stdin), so libraries that run `sys.executable` as an interpreter (`subprocess.run([sys.executable, "-c", ...])`) work in the host. Off: such starts are refused (or are the host's own program). On, the binary is a general Python interpreter for every process that starts it with the host's environment (its descendants inherit the setting); see the README's security model.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        python_cli: bool = false,
    }
}
