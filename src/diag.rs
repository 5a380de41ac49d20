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
    pub fn new(file: &Path, source: Option<&str>, line: usize, col: usize, message: impl Into<String>) -> Self {
        let source_line = source.and_then(|s| s.lines().nth(line.saturating_sub(1))).map(str::to_string);
        SourceError { file: file.to_path_buf(), line: line.max(1), col: col.max(1), message: message.into(), source_line }
    }

    /// An error at a byte offset of `source`.
    pub fn at_offset(file: &Path, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Self::new(file, Some(source), line, col, message)
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.message)?;
        write!(f, "  --> {}:{}:{}", self.file.display(), self.line, self.col)?;
        if let Some(text) = &self.source_line {
            let gutter = self.line.to_string().len();
            let pad = " ".repeat(gutter);
            let caret_pad: String = text
                .chars()
                .take(self.col - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            // Control characters of hostile input (a lone CR, terminal escapes) are not echoed.
            let shown: String = text.trim_end().chars().map(|c| if c.is_control() && c != '\t' { '\u{fffd}' } else { c }).collect();
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
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
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
        let e = SourceError::new(Path::new("a.yaml"), Some("x: 1\ntopik: y\n"), 2, 1, "unknown field `topik`");
        let text = e.to_string();
        assert!(text.contains("--> a.yaml:2:1"), "{text}");
        assert!(text.contains("2 | topik: y"), "{text}");
    }
}
