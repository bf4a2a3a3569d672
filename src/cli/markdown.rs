//! The rules' explanations (Markdown, `config-core/rules/`) as
//! `mpconfig explain` prints them.
//!
//! Plain text (piped, `NO_COLOR`, `--color never`): headings keep their
//! `#` marks, which read as headings anywhere, and inline code its
//! backticks, which quote it; bold marks go, a link becomes `text <url>`,
//! and a fenced block is indented by four spaces without its fences. On a
//! terminal the same text is styled instead: headings bold (the title
//! underlined too), code in cyan, without marks or backticks.

const BOLD: &str = "\x1b[1m";
const UNDERLINE: &str = "\x1b[4m";
const CODE: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// `md` rendered for the terminal (`styled`) or as plain text.
pub fn render(md: &str, styled: bool) -> String {
    let mut out = String::with_capacity(md.len());
    // Consecutive text lines: inline code may run across a line break.
    let mut paragraph = String::new();
    let mut fenced = false;
    let lines: Vec<&str> = md.lines().collect();
    for (i, &line) in lines.iter().enumerate() {
        let fence = line.trim_start().starts_with("```");
        let heading = line.bytes().take_while(|&b| b == b'#').count();
        let is_heading = !fenced && heading > 0 && line[heading..].starts_with(' ');
        if fenced || fence || is_heading {
            out.push_str(&inline(&paragraph, styled));
            paragraph.clear();
        }
        if fence {
            fenced = !fenced;
            // Without its closing fence, a block needs a blank line after it.
            if !fenced && lines.get(i + 1).is_some_and(|next| !next.trim().is_empty()) {
                out.push('\n');
            }
        } else if fenced {
            if line.is_empty() {
                out.push('\n');
            } else if styled {
                out.push_str(&format!("    {CODE}{line}{RESET}\n"));
            } else {
                out.push_str(&format!("    {line}\n"));
            }
        } else if is_heading {
            let text = inline(&line[heading + 1..], styled);
            if !styled {
                out.push_str(&format!("{} {text}\n", &line[..heading]));
            } else if heading == 1 {
                out.push_str(&format!("{BOLD}{UNDERLINE}{text}{RESET}\n"));
            } else {
                out.push_str(&format!("{BOLD}{text}{RESET}\n"));
            }
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    out.push_str(&inline(&paragraph, styled));
    out
}

/// Inline Markdown: `code`, **bold**, [text](url).
fn inline(line: &str, styled: bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut bold = false;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                let code = &rest[ticks..ticks + end];
                if styled {
                    out.push_str(&format!("{CODE}{code}{RESET}"));
                    if bold {
                        out.push_str(BOLD);
                    }
                } else {
                    out.push_str(&format!("{fence}{code}{fence}"));
                }
                rest = &rest[ticks + end + ticks..];
                continue;
            }
        } else if let Some(after) = rest.strip_prefix("**") {
            bold = !bold;
            if styled {
                out.push_str(if bold { BOLD } else { RESET });
            }
            rest = after;
            continue;
        } else if c == '['
            && let Some((text, url, after)) = link(rest)
        {
            out.push_str(&inline(text, styled));
            out.push_str(&format!(" <{url}>"));
            rest = after;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if styled && bold {
        out.push_str(RESET);
    }
    out
}

/// `[text](url)` at the start of `s`: the text, the url and what follows.
fn link(s: &str) -> Option<(&str, &str, &str)> {
    let close = s.find("](")?;
    let text = &s[1..close];
    if text.contains('[') {
        return None;
    }
    let after = &s[close + 2..];
    let end = after.find(')')?;
    let url = &after[..end];
    if url.contains(char::is_whitespace) {
        return None;
    }
    Some((text, url, &after[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::render;

    const MD: &str = "# MP000: name\n\n**Severity:** warning · **Summary:** a `**kw` thing\n\n## Example\n```toml\n[multiprocessing]\nstart_method = \"fork\"\n```\n- [bpo-1](https://bugs.python.org/issue1) (`x`)\n";

    #[test]
    fn plain_text_has_no_bold_marks_fences_or_link_syntax() {
        assert_eq!(
            render(MD, false),
            "# MP000: name\n\nSeverity: warning · Summary: a `**kw` thing\n\n## Example\n    [multiprocessing]\n    start_method = \"fork\"\n\n- bpo-1 <https://bugs.python.org/issue1> (`x`)\n"
        );
    }

    #[test]
    fn the_terminal_gets_styles_instead_of_marks() {
        let styled = render(MD, true);
        assert!(styled.starts_with("\x1b[1m\x1b[4mMP000: name\x1b[0m\n"));
        assert!(styled.contains("\x1b[1mSeverity:\x1b[0m warning"));
        assert!(styled.contains("a \x1b[36m**kw\x1b[0m thing"));
        assert!(styled.contains("    \x1b[36mstart_method = \"fork\"\x1b[0m\n"));
        assert!(!styled.contains('`') && !styled.contains("```"));
    }

    #[test]
    fn code_runs_across_a_line_break() {
        assert_eq!(
            render("with `-c 'a;\nb'` here\n", true),
            "with \x1b[36m-c 'a;\nb'\x1b[0m here\n"
        );
    }

    #[test]
    fn unbalanced_marks_are_kept_as_text() {
        assert_eq!(render("a `b and [c](d e)\n", false), "a `b and [c](d e)\n");
    }
}
