//! Human rendering of diagnostics, in the style of rustc and cargo.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Diagnostic;
use crate::codes::Severity;

/// Lines longer than this are not shown as a snippet (a 10 MB one-line file
/// would otherwise be printed whole); the position is still given.
const MAX_SNIPPET_LINE: usize = 400;

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours.
    pub color: bool,
    /// Terminal width the output may use.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Renders one diagnostic: the title, the offending text underlined in a
/// source snippet under `--> file:line:col`, then help and notes.
///
/// ```
/// use mpconfig_core::{render, Diagnostic, LoadIssueKind, RenderOptions, Severity, SourceFile, Span};
///
/// let file = SourceFile::new("app.toml", "[multiprocessing]\nstart_method = \"spwan\"\n");
/// let d = Diagnostic::new(LoadIssueKind::InvalidValue, Severity::Error, "unknown start method `spwan`")
///     .with_location(&file, Span::new(33, 40))
///     .with_help("did you mean `spawn`?");
/// let text = render(&d, RenderOptions::default());
/// assert!(text.contains("--> app.toml:2:16"));
/// assert!(text.contains("^^^^^^^"));
/// ```
pub fn render(d: &Diagnostic, options: RenderOptions) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let mut title = level.primary_title(d.message.as_str());
    if d.code.is_shown() {
        title = title.id(d.code.as_str());
    }
    let mut group = Group::with_title(title);
    if let Some(loc) = &d.location {
        let text = loc.file.text();
        let start = loc.span.start.min(text.len());
        let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let end = loc.span.end.clamp(start, text.len());
        let last = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let lc = loc.line_col();
        if last - first <= MAX_SNIPPET_LINE * 4
            && text[first..last]
                .lines()
                .all(|l| l.len() <= MAX_SNIPPET_LINE)
        {
            let mut annotation = AnnotationKind::Primary.span(start - first..end - first);
            if let Some(label) = &d.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(&text[first..last])
                    .line_start(lc.line)
                    .path(loc.file.name())
                    .annotation(annotation),
            );
        } else {
            group = group.element(
                Origin::path(loc.file.name())
                    .line(lc.line)
                    .char_column(lc.column),
            );
            if let Some(label) = &d.label {
                group = group.element(Level::NOTE.message(label.as_str()));
            }
        }
    }
    let notes = d.shown_notes();
    for note in &notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.term_width(options.width).render(&[group])
}
