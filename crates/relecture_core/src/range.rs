//! Byte ranges into an article's source and their rendering as lines and columns.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a file's source, front matter included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, serde::Deserialize)]
pub struct TextRange {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl TextRange {
    /// A range from `start` to `end`; `end` is clamped so that it is never before `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end: end.max(start) }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: usize) -> Self {
        Self { start: offset, end: offset }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the range covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range.
    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The range shifted right by `delta` bytes.
    #[must_use]
    pub fn shifted(self, delta: usize) -> Self {
        Self { start: self.start + delta, end: self.end + delta }
    }
}

impl From<std::ops::Range<usize>> for TextRange {
    fn from(range: std::ops::Range<usize>) -> Self {
        Self::new(range.start, range.end)
    }
}

/// A position as users see it: 1-based line, 1-based column in Unicode characters, and byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
    /// Byte offset in the file.
    pub offset: usize,
}

/// A start and an end position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub struct Span {
    /// Where the range starts.
    pub start: Position,
    /// Where the range ends (exclusive).
    pub end: Position,
}

/// Line starts of a text, to turn byte offsets into lines and character columns.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`. Lines end as in CommonMark: at `\n`, `\r\n` or a `\r`
    /// alone (old Mac files), so that lines are those an editor shows whatever the endings.
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        let bytes = text.as_bytes();
        // Most files have no carriage return: one comparison a byte for them.
        if bytes.contains(&b'\r') {
            line_starts.extend(line_ends(bytes).map(|i| i + 1));
        } else {
            line_starts.extend(bytes.iter().enumerate().filter_map(|(i, &b)| (b == b'\n').then_some(i + 1)));
        }
        Self { line_starts }
    }

    /// Number of lines (a text without a final newline still has its last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line that contains `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or_else(|| *self.line_starts.last().expect("a line index has at least one line"))
    }

    /// Byte range of the 0-based `line`, without its line ending.
    pub fn line_range(&self, line: usize, text: &str) -> TextRange {
        let start = self.line_start(line);
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    /// The position of `offset` in `text` (which must be the text this index was built from).
    /// An offset inside a multi-byte character is moved back to the character's start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position { line: line + 1, column, offset }
    }

    /// The span of `range` in `text`.
    pub fn span(&self, text: &str, range: TextRange) -> Span {
        Span { start: self.position(text, range.start), end: self.position(text, range.end) }
    }
}

/// The offsets of the last byte of every line ending: `\n`, and `\r` not followed by `\n`.
fn line_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))).then_some(i))
}

/// `text` with every `\r` that ends a line alone (not followed by `\n`) turned into `\n`: the
/// same line endings for parsers that recognise only `\n` and `\r\n`, at the same byte offsets
/// (one byte for one), so that every range found in it is a range of `text`. Borrowed when
/// there is no such `\r`.
pub fn with_line_feeds(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !bytes.contains(&b'\r') || !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.char_indices().map(|(i, c)| if c == '\r' && lone(i) { '\n' } else { c }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\nété x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 5, offset: x });
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1, offset: 0 });
    }

    #[test]
    fn offset_at_end_of_text_is_on_last_line() {
        let text = "a\nb";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3).line, 2);
        assert_eq!(index.line_count(), 2);
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line() {
        let text = "one\rtwo\r\nthree\nfour\r";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 5);
        let four = text.find("four").unwrap();
        assert_eq!(index.position(text, four), Position { line: 4, column: 1, offset: four });
        assert_eq!(index.line_range(0, text), TextRange::new(0, 3));
        assert_eq!(index.line_range(1, text), TextRange::new(4, 7));
        assert_eq!(with_line_feeds(text), "one\ntwo\r\nthree\nfour\n");
        assert!(matches!(with_line_feeds("a\r\nb\n"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn line_range_drops_crlf() {
        let text = "one\r\ntwo";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(0, text).start..index.line_range(0, text).end], "one");
        assert_eq!(index.line_range(1, text), TextRange::new(5, 8));
    }
}
