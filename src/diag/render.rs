//! The one renderer of located diagnostics: build errors ([`super::SourceError`]), `polydoc
//! check` findings and `polydoc snippet` errors are all drawn here, rustc-style, with
//! `annotate-snippets` (the crate rustc itself uses):
//!
//! ```text
//! error[rule-id]: what is wrong
//!   --> file:line:col
//!    |
//! 10 | the quoted source line
//!    |     ^^^^^^^^
//!    = help: how to fix it
//! ```
//!
//! It also owns what reaches a terminal from hostile input: quoted source is an [`Excerpt`], a
//! window of at most [`WINDOW`] characters around the column, and every control character
//! (terminal escapes, CR, NUL, C1 controls, bidirectional overrides) in quoted source and in
//! messages becomes U+FFFD. Messages and offending texts are clipped with [`clip`].

use annotate_snippets::{AnnotationKind, Level as AsLevel, Origin, Renderer, Snippet};

/// Characters of a source line quoted at most, and of an offending text at most.
pub const WINDOW: usize = 160;

/// Characters of one line of a message at most (twice the window: a message quotes the
/// offending text and says what is wrong with it).
pub const MESSAGE_LINE: usize = 2 * WINDOW;

/// What U+FFFD replaces.
const REPLACEMENT: char = '\u{fffd}';

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `error`
    Error,
    /// `warning`
    Warning,
    /// `note`
    Note,
}

/// True for characters that must never reach a terminal as they are: C0 and C1 controls
/// (apart from tab), DEL, bidirectional embeddings, overrides, isolates and marks, and the
/// Unicode line and paragraph separators.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `text` with every unsafe character (see [`is_unsafe_char`]) replaced by U+FFFD.
pub fn sanitize(text: &str) -> String {
    text.chars().map(|c| if is_unsafe_char(c) { REPLACEMENT } else { c }).collect()
}

/// Lines of a clipped text at most.
pub const MAX_LINES: usize = 16;

/// [`sanitize`] keeping line breaks (`\n`): for messages, which may have several lines.
pub fn sanitize_lines(text: &str) -> String {
    text.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// `text` cut to at most `max` characters per line and [`MAX_LINES`] lines (a cut ends with
/// `…`), reading no more of a long text than it keeps. Nothing else changes.
pub fn clip(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * max + 8));
    for (i, line) in text.split('\n').enumerate() {
        if i == MAX_LINES {
            out.push_str("\n…");
            break;
        }
        if i > 0 {
            out.push('\n');
        }
        match line.char_indices().nth(max) {
            Some((end, _)) => {
                out.push_str(&line[..end]);
                out.push('…');
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The first `max` characters of `text` (`…` added when it is longer): the offending text of
/// a finding, in every output format.
pub fn window_text(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// UTF-16 code units of the first `column - 1` characters of `line`, plus one: a 1-based
/// character column in the unit SARIF 2.1.0 defaults to.
pub fn utf16_column(line: &str, column: usize) -> usize {
    let wanted = column.saturating_sub(1);
    let (mut units, mut chars) = (0, 0);
    for c in line.chars().take(wanted) {
        units += c.len_utf16();
        chars += 1;
    }
    units + (wanted - chars) + 1
}

/// A window of one source line around a column: what a diagnostic quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The quoted characters (at most [`WINDOW`]), unsafe characters replaced.
    pub text: String,
    /// Characters of the line before `text` (0 when the window starts the line).
    pub skipped: usize,
    /// True when the line goes on after `text`.
    pub cut_after: bool,
}

impl Excerpt {
    /// The window of `line` (without its line break) around 1-based character `column`.
    /// Reads the line only up to the end of the window.
    pub fn new(line: &str, column: usize) -> Excerpt {
        let col = column.saturating_sub(1);
        let from = col.saturating_sub(WINDOW / 2);
        // Byte offsets of the window's ends, found by walking at most `from + WINDOW` chars.
        let mut starts = line.char_indices().map(|(i, _)| i).skip(from);
        let Some(start) = starts.next() else {
            // The column is past the end (or the line is short): quote its last WINDOW chars.
            return Excerpt::tail(line);
        };
        let end = starts.nth(WINDOW - 1).unwrap_or(line.len());
        let cut_after = end < line.len();
        let text = line[start..end].trim_end_matches(['\r', '\n']);
        if !cut_after && from > 0 && text.chars().count() < WINDOW {
            // Near the end of a long line: widen the window to the left.
            return Excerpt::tail(line);
        }
        Excerpt { text: sanitize(text), skipped: from, cut_after }
    }

    /// The last [`WINDOW`] characters of `line`.
    fn tail(line: &str) -> Excerpt {
        let line = line.trim_end_matches(['\r', '\n']);
        let total = line.chars().count();
        let skipped = total.saturating_sub(WINDOW);
        let start = line.char_indices().nth(skipped).map_or(line.len(), |(i, _)| i);
        Excerpt { text: sanitize(&line[start..]), skipped, cut_after: false }
    }

    /// The text shown: the window with `…` where the line was cut, and the character index
    /// in it of 1-based line column `column`.
    fn shown(&self, column: usize) -> (String, usize) {
        let lead = usize::from(self.skipped > 0);
        let mut shown = String::with_capacity(self.text.len() + 8);
        if lead > 0 {
            shown.push('…');
        }
        shown.push_str(&self.text);
        let len = self.text.chars().count();
        if self.cut_after {
            shown.push('…');
        }
        let at = column.saturating_sub(1).saturating_sub(self.skipped).min(len) + lead;
        (shown, at)
    }
}

/// One located diagnostic, ready to draw.
#[derive(Debug, Clone)]
pub struct Diagnostic<'a> {
    /// Severity.
    pub level: Level,
    /// Rule id shown as `error[id]`, when there is one.
    pub code: Option<&'a str>,
    /// What is wrong (sanitized and clipped here).
    pub message: &'a str,
    /// File as shown.
    pub file: &'a str,
    /// 1-based line (0: no position known).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The quoted line, when known.
    pub excerpt: Option<&'a Excerpt>,
    /// Characters to underline (at least one caret is drawn).
    pub width: usize,
    /// How to fix it.
    pub help: Option<&'a str>,
}

/// Draws `d`, with ANSI colour when `color`. The text ends without a line break.
pub fn render(d: &Diagnostic<'_>, color: bool) -> String {
    let message = sanitize_lines(&clip(d.message, MESSAGE_LINE));
    let file = sanitize(&clip(d.file, WINDOW * 4));
    let help = d.help.map(|h| sanitize_lines(&clip(h, MESSAGE_LINE)));
    let level = match d.level {
        Level::Error => AsLevel::ERROR,
        Level::Warning => AsLevel::WARNING,
        Level::Note => AsLevel::NOTE,
    };
    let mut title = level.primary_title(message.as_str());
    if let Some(code) = d.code {
        title = title.id(code);
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    // Wide enough that the renderer never trims the window again.
    let renderer = renderer.term_width(WINDOW * 8);
    let shown;
    let mut fix_origin = None;
    let mut group = match d.excerpt {
        Some(excerpt) if d.line > 0 => {
            let (text, at) = excerpt.shown(d.column);
            shown = text;
            let span = char_span(&shown, at, d.width);
            // The renderer counts the column inside the window; the line's own is named.
            if at + 1 != d.column {
                fix_origin = Some(format!("{file}:{}:{}", d.line, at + 1));
            }
            title.element(
                Snippet::source(shown.as_str())
                    .line_start(d.line)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        _ if d.file.is_empty() => annotate_snippets::Group::with_title(title),
        _ if d.line > 0 => {
            title.element(Origin::path(file.as_str()).line(d.line).char_column(d.column.max(1)))
        }
        _ => title.element(Origin::path(file.as_str())),
    };
    if let Some(help) = &help {
        group = group.element(AsLevel::HELP.message(help.as_str()));
    }
    let mut out = renderer.render(&[group]);
    if let Some(wrong) = fix_origin {
        out = out.replacen(&wrong, &format!("{file}:{}:{}", d.line, d.column), 1);
    }
    out
}

/// Byte range of `width` characters (at least one, at most to the end) from character `at`
/// of `text`; an empty range at the end when `at` is past the last character.
fn char_span(text: &str, at: usize, width: usize) -> std::ops::Range<usize> {
    let mut idx = text.char_indices().map(|(i, _)| i).skip(at);
    let Some(start) = idx.next() else {
        return text.len()..text.len();
    };
    let end = idx.nth(width.max(1) - 1).unwrap_or(text.len());
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag<'a>(excerpt: Option<&'a Excerpt>, line: usize, column: usize) -> Diagnostic<'a> {
        Diagnostic {
            level: Level::Error,
            code: Some("rule"),
            message: "bad `x`",
            file: "a.ftl",
            line,
            column,
            excerpt,
            width: 3,
            help: Some("fix it"),
        }
    }

    #[test]
    fn short_line_is_quoted_whole_with_carets() {
        let e = Excerpt::new("key = { $grop }", 9);
        let text = render(&diag(Some(&e), 4, 9), false);
        assert!(text.starts_with("error[rule]: bad `x`\n"), "{text}");
        assert!(text.contains("--> a.ftl:4:9"), "{text}");
        assert!(text.contains("4 | key = { $grop }"), "{text}");
        assert!(text.contains("  |         ^^^"), "{text}");
        assert!(text.contains("= help: fix it"), "{text}");
    }

    #[test]
    fn long_line_is_windowed_and_the_column_is_the_lines() {
        let line = format!("{}BAD{}", "a".repeat(5000), "b".repeat(5000));
        let e = Excerpt::new(&line, 5001);
        let text = render(&diag(Some(&e), 2, 5001), false);
        assert!(text.contains("--> a.ftl:2:5001"), "{text}");
        assert!(text.len() < 1000, "{} bytes", text.len());
        let quoted = text.lines().find(|l| l.starts_with("2 |")).unwrap();
        let carets = text.lines().find(|l| l.contains('^')).unwrap();
        let at = carets.find('^').unwrap();
        let under: String = quoted.chars().skip(at).take(3).collect();
        assert_eq!(under, "BAD", "{text}");
    }

    #[test]
    fn colour_keeps_the_lines_column_and_escapes_only_the_renderers_own() {
        let line = format!("{}BAD", "a".repeat(5000));
        let e = Excerpt::new(&line, 5001);
        let text = render(&diag(Some(&e), 2, 5001), true);
        assert!(text.contains("a.ftl:2:5001"), "{text:?}");
        assert!(text.contains("\u{1b}["), "colour on");
        assert!(!render(&diag(Some(&e), 2, 5001), false).contains('\u{1b}'), "colour off");
    }

    #[test]
    fn control_characters_never_reach_the_output() {
        let e = Excerpt::new("a\u{1b}[31mb\u{9b}c\rd\0e\u{202e}f", 2);
        let mut d = diag(Some(&e), 1, 2);
        d.message = "bad \u{1b}]0;title\u{7}";
        let text = render(&d, false);
        for c in ['\u{1b}', '\u{9b}', '\r', '\0', '\u{202e}', '\u{7}'] {
            assert!(!text.contains(c), "{c:?} in {text:?}");
        }
        assert!(text.contains('\u{fffd}'), "{text}");
    }

    #[test]
    fn clip_reads_only_what_it_keeps() {
        assert_eq!(clip("abcdef\nxy", 3), "abc…\nxy");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip(&"x\n".repeat(100), 3).lines().count(), MAX_LINES + 1);
        assert_eq!(window_text("abcdef", 4), "abcd…");
    }

    #[test]
    fn utf16_columns_count_astral_characters_twice() {
        assert_eq!(utf16_column("😀😀 bad", 4), 6);
        assert_eq!(utf16_column("é bad", 3), 3);
        assert_eq!(utf16_column("ab", 5), 5);
    }

    #[test]
    fn excerpt_near_the_end_of_a_long_line_keeps_a_full_window() {
        let line = "x".repeat(1000);
        let e = Excerpt::new(&line, 1001);
        assert_eq!(e.text.chars().count(), WINDOW);
        assert_eq!(e.skipped, 840);
        assert!(!e.cut_after);
    }
}
