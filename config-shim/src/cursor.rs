//! A forward-only reader over a `&str`, shared by the literal parser and the
//! `-c` form matcher. Offsets are byte offsets; every method is total (no
//! indexing that can panic).

#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Cursor { src, pos: 0 }
    }

    /// Byte offset of the next character.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The text not read yet.
    pub(crate) fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    pub(crate) fn is_at_end(&self) -> bool {
        self.rest().is_empty()
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub(crate) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Consumes `text` if the input continues with it exactly.
    pub(crate) fn eat(&mut self, text: &str) -> bool {
        if self.rest().starts_with(text) {
            self.pos += text.len();
            true
        } else {
            false
        }
    }

    /// Consumes characters while `pred` holds and returns them.
    pub(crate) fn take_while(&mut self, pred: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(_, c)| !pred(c))
            .map_or(rest.len(), |(i, _)| i);
        self.pos += len;
        rest.get(..len).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn reads_multibyte_text() {
        let mut c = Cursor::new("ä1b");
        assert_eq!(c.bump(), Some('ä'));
        assert_eq!(c.pos(), 2);
        assert_eq!(c.take_while(|c| c.is_ascii_digit()), "1");
        assert!(!c.eat("c"));
        assert!(c.eat("b"));
        assert!(c.is_at_end());
        assert_eq!(c.bump(), None);
    }
}
