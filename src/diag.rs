//! Located errors and warnings: a message pinned to `file:line:col` with the offending source
//! line and a caret, printed the way rustc does. Every stage reports bad input through this.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error in an input file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// File, relative to the project root where possible.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// The source line the error is on, when known.
    pub source_line: Option<String>,
}

impl SourceError {
    /// An error at `line:col` of `file`, quoting that line of `source` when given.
    pub fn new(
        file: &Path,
        source: Option<&str>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = source.and_then(|s| line_text(s, line)).map(str::to_string);
        SourceError {
            file: file.to_path_buf(),
            line: line.max(1),
            col: col.max(1),
            message: message.into(),
            source_line,
        }
    }

    /// An error at a byte offset of `source`.
    pub fn at_offset(file: &Path, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Self::new(file, Some(source), line, col, message)
    }
}

/// Characters of a source line quoted in an error, at most.
const QUOTE_WIDTH: usize = 160;

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.message)?;
        write!(f, "  --> {}:{}:{}", self.file.display(), self.line, self.col)?;
        if let Some(text) = &self.source_line {
            let gutter = self.line.to_string().len();
            let pad = " ".repeat(gutter);
            // A window of the line around the column, so a megabyte-long line is not echoed
            // whole; control characters of hostile input (a lone CR, terminal escapes) become
            // U+FFFD.
            let chars: Vec<char> = text.trim_end().chars().collect();
            let col = self.col.saturating_sub(1).min(chars.len());
            let (from, to) = if chars.len() <= QUOTE_WIDTH {
                (0, chars.len())
            } else {
                let from = col.saturating_sub(QUOTE_WIDTH / 2).min(chars.len() - QUOTE_WIDTH);
                (from, from + QUOTE_WIDTH)
            };
            let clean = |c: &char| if c.is_control() && *c != '\t' { '\u{fffd}' } else { *c };
            let mut shown: String = chars[from..to].iter().map(clean).collect();
            let mut caret_pad: String = chars[from..col.max(from)]
                .iter()
                .map(|c| if *c == '\t' { '\t' } else { ' ' })
                .collect();
            if from > 0 {
                shown.insert(0, '…');
                caret_pad.insert(0, ' ');
            }
            if to < chars.len() {
                shown.push('…');
            }
            write!(f, "\n{pad} |\n{} | {}\n{pad} | {caret_pad}^", self.line, shown)?;
        }
        Ok(())
    }
}

impl std::error::Error for SourceError {}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, line_start) = if source.len() >= INDEXED_BYTES {
        with_line_starts(source, |starts| {
            let line = starts.partition_point(|s| *s <= offset);
            (line, starts[line - 1])
        })
    } else {
        let before = &source[..offset];
        (before.matches('\n').count() + 1, before.rfind('\n').map_or(0, |i| i + 1))
    };
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Line `line` (1-based) of `source`, without its line break, if there is one.
pub fn line_text(source: &str, line: usize) -> Option<&str> {
    if source.len() < INDEXED_BYTES {
        return source.lines().nth(line.checked_sub(1)?);
    }
    let start = with_line_starts(source, |starts| starts.get(line.checked_sub(1)?).copied())?;
    if start >= source.len() && line > 1 {
        return None;
    }
    let rest = &source[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    Some(rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]))
}

/// Texts at least this long get a line index, so locating many findings in one large file
/// (a locale with 300,000 messages) stays linear instead of quadratic.
const INDEXED_BYTES: usize = 256 * 1024;

/// (address, length, hash of the ends) of a text, and its line starts.
type CachedLineStarts = ((usize, usize, u64), std::rc::Rc<Vec<usize>>);

thread_local! {
    /// The line starts of the last large text seen on this thread, keyed by its address,
    /// length and a hash of its bytes.
    static LINE_STARTS: std::cell::RefCell<Option<CachedLineStarts>> = const { std::cell::RefCell::new(None) };
}

fn with_line_starts<R>(source: &str, f: impl FnOnce(&[usize]) -> R) -> R {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    source.as_bytes()[..4096].hash(&mut h);
    source.as_bytes()[source.len() - 4096..].hash(&mut h);
    let key = (source.as_ptr() as usize, source.len(), h.finish());
    let starts = LINE_STARTS.with(|cell| {
        let mut cell = cell.borrow_mut();
        match &*cell {
            Some((k, starts)) if *k == key => starts.clone(),
            _ => {
                let mut starts = vec![0];
                starts.extend(
                    source.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1),
                );
                let starts = std::rc::Rc::new(starts);
                *cell = Some((key, starts.clone()));
                starts
            }
        }
    });
    f(&starts)
}

/// A warning printed to stderr; collected so tests and `--strict` can see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning(pub String);

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = "ab\nçd\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 5), (2, 2));
    }

    #[test]
    fn display_points_at_column() {
        let e = SourceError::new(
            Path::new("a.yaml"),
            Some("x: 1\ntopik: y\n"),
            2,
            1,
            "unknown field `topik`",
        );
        let text = e.to_string();
        assert!(text.contains("--> a.yaml:2:1"), "{text}");
        assert!(text.contains("2 | topik: y"), "{text}");
    }
}
