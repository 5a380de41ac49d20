//! Located errors and warnings: a message pinned to `file:line:col` with a window of the
//! offending source line and a caret, printed the way rustc does by the one renderer of
//! [`render`]. Every stage reports bad input through this.

pub mod render;

pub use render::{Excerpt, WINDOW};
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
    /// What is wrong (each line clipped to [`render::MESSAGE_LINE`] characters).
    pub message: String,
    /// A window of the source line the error is on, when known.
    pub source_line: Option<Excerpt>,
    /// Characters to underline from the column (at least one).
    pub width: usize,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
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
        let col = col.max(1);
        let source_line = source.and_then(|s| line_text(s, line)).map(|l| Excerpt::new(l, col));
        SourceError {
            file: file.to_path_buf(),
            line: line.max(1),
            col,
            message: render::clip(&message.into(), render::MESSAGE_LINE),
            source_line,
            width: 1,
            help: None,
        }
    }

    /// An error at a byte offset of `source`.
    pub fn at_offset(file: &Path, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Self::new(file, Some(source), line, col, message)
    }

    /// This error with `width` characters underlined.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    /// This error with a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The error drawn by the one renderer (`error: ...`, `--> file:line:col`, the quoted
    /// line and carets), with ANSI colour when `color`.
    pub fn render(&self, color: bool) -> String {
        let file = self.file.to_string_lossy();
        render::render(
            &render::Diagnostic {
                level: render::Level::Error,
                code: None,
                message: &self.message,
                file: &file,
                line: self.line,
                column: self.col,
                excerpt: self.source_line.as_ref(),
                width: self.width,
                help: self.help.as_deref(),
            },
            color,
        )
    }
}

/// Several located errors of one input (all syntax errors of a file), drawn one after the
/// other; `more` counts those left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceErrors {
    /// The errors shown.
    pub errors: Vec<SourceError>,
    /// Further errors not shown.
    pub more: usize,
    /// The file they are in.
    pub file: PathBuf,
}

impl SourceErrors {
    /// All errors drawn, with ANSI colour when `color`.
    pub fn render(&self, color: bool) -> String {
        let mut out: Vec<String> = self.errors.iter().map(|e| e.render(color)).collect();
        if self.more > 0 {
            out.push(format!(
                "... and {} more error(s) in {}",
                self.more,
                render::sanitize(&self.file.to_string_lossy())
            ));
        }
        out.join("\n")
    }
}

impl fmt::Display for SourceErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for SourceErrors {}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for SourceError {}

/// An error about a whole input file rather than a position in it (a FIFO where a spec should
/// be, a file over the size limit): `file: message`. Typed so that `polydoc check` can report
/// it as a finding on the file, where the build stops on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file, relative to the project root where possible.
    pub file: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

impl FileError {
    /// The error `message` about `file`.
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        FileError { file: file.to_path_buf(), message: message.into() }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for FileError {}

/// The text `polydoc` prints for a failed command: a located error (or several) drawn by the
/// one renderer, anything else as `error: ...` with its causes; messages are sanitized and
/// clipped either way.
pub fn error_report(e: &anyhow::Error, color: bool) -> String {
    let top = e.chain().next();
    if let Some(located) = top.and_then(|c| c.downcast_ref::<SourceError>()) {
        return located.render(color);
    }
    if let Some(list) = top.and_then(|c| c.downcast_ref::<SourceErrors>()) {
        return list.render(color);
    }
    let plain = |text: &str| render::sanitize_lines(&render::clip(text, render::MESSAGE_LINE));
    let mut out = format!("error: {}", plain(&e.to_string()));
    for cause in e.chain().skip(1) {
        out.push_str(&format!("\n  caused by: {}", plain(&cause.to_string())));
    }
    out
}

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
        let shown = render::render(
            &render::Diagnostic {
                level: render::Level::Warning,
                code: None,
                message: &self.0,
                file: "",
                line: 0,
                column: 0,
                excerpt: None,
                width: 1,
                help: None,
            },
            false,
        );
        f.write_str(&shown)
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
