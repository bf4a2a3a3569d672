//! The syntax of a `-c` string: one of the fixed statement prefixes of the
//! entry-point table ([`crate::family`]), then
//! a call's argument list of literals, then nothing.
//!
//! ```text
//! code  := ENTRY args
//! args  := ")" | arg (", " arg)* ")"
//! arg   := literal | NAME "=" literal | "**" dict | "sys_argv=sys.argv[1:]"
//! ```
//!
//! `sys_argv=sys.argv[1:]` — the only non-literal argument — is matched as
//! fixed text, and only after the `import sys; …` prefix. Positional
//! arguments must come before keywords, and `**dict` must be last, as in
//! every form CPython writes. What the arguments mean is checked in
//! [`crate::forms`].

use std::collections::HashSet;

use crate::cursor::Cursor;
use crate::family::{Entry, Grammar, Shape, entries};
use crate::literal::{PyLiteral, PyStr, parse_value};
use crate::quote::quote;
use crate::reject::RejectReason;

/// The one non-literal argument, accepted only after `import sys; `.
const SYS_ARGV_ARG: &str = "sys_argv=sys.argv[1:]";

/// A parsed `-c` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Call {
    pub(crate) entry: &'static Entry,
    pub(crate) positional: Vec<PyLiteral>,
    pub(crate) keywords: Vec<(String, PyLiteral)>,
    /// The `**{...}` dict, if any.
    pub(crate) star_star: Option<Vec<(PyStr, PyLiteral)>>,
    /// Whether `sys_argv=sys.argv[1:]` was present.
    pub(crate) sys_argv_expr: bool,
}

fn code_error(cur: &Cursor<'_>, message: &str) -> RejectReason {
    let rest = cur.rest();
    RejectReason::Code {
        offset: cur.pos(),
        message: message.to_owned(),
        found: if rest.is_empty() {
            ", found the end".to_owned()
        } else {
            format!(": {}", quote(rest))
        },
    }
}

/// The entries started with `-c`, with their statement prefixes.
fn code_entries() -> impl Iterator<Item = (&'static Entry, &'static str)> {
    entries().filter_map(|e| match e.shape {
        Shape::Code(prefix) => Some((e, prefix)),
        _ => None,
    })
}

/// Parses a `-c` string into a [`Call`].
pub(crate) fn parse_call(code: &str) -> Result<Call, RejectReason> {
    let mut cur = Cursor::new(code);
    let entry = match code_entries().find(|(_, prefix)| code.starts_with(prefix)) {
        Some((entry, prefix)) => {
            cur.eat(prefix);
            entry
        }
        None => {
            let best = code_entries()
                .map(|(_, prefix)| common_prefix_len(prefix, code))
                .max()
                .unwrap_or(0);
            cur.eat(code.get(..best).unwrap_or(""));
            return Err(code_error(
                &cur,
                "expected one of the spawn, resource tracker or fork server entry points",
            ));
        }
    };
    let mut call = Call {
        entry,
        positional: Vec::new(),
        keywords: Vec::new(),
        star_star: None,
        sys_argv_expr: false,
    };
    if !cur.eat(")") {
        let mut names = HashSet::new();
        loop {
            parse_arg(&mut cur, &mut call, &mut names)?;
            if cur.eat(")") {
                break;
            }
            if call.star_star.is_some() {
                return Err(code_error(&cur, "expected \")\" after the **dict argument"));
            }
            if !cur.eat(", ") {
                return Err(code_error(&cur, "expected \", \" or \")\""));
            }
        }
    }
    if !cur.is_at_end() {
        return Err(code_error(&cur, "unexpected text after the call"));
    }
    Ok(call)
}

fn parse_arg(
    cur: &mut Cursor<'_>,
    call: &mut Call,
    names: &mut HashSet<String>,
) -> Result<(), RejectReason> {
    let start = cur.clone();
    if cur.eat("**") {
        match parse_value(cur).map_err(RejectReason::Literal)? {
            PyLiteral::Dict(entries) => call.star_star = Some(entries),
            _ => return Err(code_error(&start, "expected a dict after **")),
        }
        return Ok(());
    }
    if call.entry.grammar == Grammar::ForkserverImportSys && cur.rest().starts_with(SYS_ARGV_ARG) {
        if call.sys_argv_expr || !names.insert("sys_argv".to_owned()) {
            return Err(code_error(&start, "keyword argument sys_argv given twice"));
        }
        cur.eat(SYS_ARGV_ARG);
        call.sys_argv_expr = true;
        return Ok(());
    }
    if let Some(name) = keyword_name(cur.rest()) {
        if !names.insert(name.to_owned()) {
            return Err(code_error(&start, "keyword argument given twice"));
        }
        cur.eat(name);
        cur.eat("=");
        let value = parse_value(cur).map_err(RejectReason::Literal)?;
        call.keywords.push((name.to_owned(), value));
        return Ok(());
    }
    if !call.keywords.is_empty() || call.sys_argv_expr {
        return Err(code_error(
            &start,
            "positional argument after a keyword argument",
        ));
    }
    let value = parse_value(cur).map_err(RejectReason::Literal)?;
    call.positional.push(value);
    Ok(())
}

/// `NAME` if `text` starts with an ASCII identifier followed by a single `=`.
fn keyword_name(text: &str) -> Option<&str> {
    let len = text
        .char_indices()
        .find(|&(i, c)| !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
        .map_or(text.len(), |(i, _)| i);
    let name = text.get(..len)?;
    let after = text.get(len..)?;
    (len > 0 && after.starts_with('=') && !after.starts_with("==")).then_some(name)
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|&((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((i, _), _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spawn_call() {
        let call = parse_call(
            "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)",
        )
        .unwrap();
        assert_eq!(call.entry.grammar, Grammar::Spawn);
        assert!(call.positional.is_empty());
        assert_eq!(
            call.keywords,
            vec![
                ("tracker_fd".to_owned(), PyLiteral::Int(5)),
                ("pipe_handle".to_owned(), PyLiteral::Int(7))
            ]
        );
    }

    #[test]
    fn forkserver_calls() {
        let call = parse_call(
            "import sys; from multiprocessing.forkserver import main; main(3, 4, ['__main__'], sys_argv=sys.argv[1:], **{'authkey_r': 6})",
        )
        .unwrap();
        assert_eq!(call.entry.grammar, Grammar::ForkserverImportSys);
        assert_eq!(call.positional.len(), 3);
        assert!(call.sys_argv_expr);
        assert_eq!(call.star_star.map(|d| d.len()), Some(1));
        // The sys.argv expression is not accepted without `import sys; `.
        assert!(matches!(
            parse_call(
                "from multiprocessing.forkserver import main; main(3, 4, [], sys_argv=sys.argv[1:], **{})"
            ),
            Err(RejectReason::Literal(_))
        ));
    }

    #[test]
    fn shape_errors() {
        let bad = [
            "from multiprocessing.resource_tracker import main;main(5); import os",
            "from multiprocessing.resource_tracker import main;main(5)\n",
            "from multiprocessing.resource_tracker import main;main(5",
            "from multiprocessing.resource_tracker import main;main(5,)",
            "from multiprocessing.resource_tracker import main;main(5 )",
            "from multiprocessing.resource_tracker import main; main(5)",
            "from multiprocessing.resource_tracker import main;main(fd=5, 6)",
            "from multiprocessing.spawn import spawn_main; spawn_main(a=1, a=1)",
            "from multiprocessing.spawn import spawn_main; spawn_main(a==1)",
            "from multiprocessing.forkserver import main; main(1, 2, [], **{}, x=1)",
            "from multiprocessing.forkserver import main; main(1, 2, [], **[])",
            "from multiprocessing.forkserver import main; main(1, 2, [], *[])",
            "import sys; from multiprocessing.forkserver import main; main(1, 2, [], sys_argv=sys.argv[1:], sys_argv=sys.argv[1:], **{})",
            "import os; from multiprocessing.forkserver import main; main(1, 2, [], **{})",
            "",
        ];
        for code in bad {
            assert!(parse_call(code).is_err(), "{code}");
        }
    }

    #[test]
    fn error_points_at_the_divergence() {
        match parse_call("from multiprocessing.spawn import os") {
            Err(RejectReason::Code { offset, .. }) => assert_eq!(offset, 34),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keyword_names() {
        assert_eq!(keyword_name("a_1=2"), Some("a_1"));
        assert_eq!(keyword_name("1a=2"), None);
        assert_eq!(keyword_name("a==2"), None);
        assert_eq!(keyword_name("None"), None);
        assert_eq!(keyword_name("trаcker=1"), None); // Cyrillic а
    }
}
