//! Where and how diagnostics are printed: colour only on a terminal, never
//! with `NO_COLOR`.

use std::io::IsTerminal;

use mpconfig::RenderOptions;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets, like rustc.
    Human,
    /// One JSON object: `diagnostics` and `summary`.
    Json,
}

/// How to render for this run.
pub struct Output {
    pub render: RenderOptions,
}

impl Output {
    pub fn new(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|w: &usize| *w >= 40)
            .unwrap_or(100);
        Output {
            render: RenderOptions { color, width },
        }
    }
}
