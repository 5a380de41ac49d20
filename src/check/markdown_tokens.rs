//! The Markdown of one message variant reduced to what must survive translation: inline code
//! spans, link targets, emphasis counts, raw HTML, stray delimiters, and the plain text outside
//! code (where glued or unquoted terms are looked for).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What a code span leaves in [`Tokens::text`]: U+FFFC OBJECT REPLACEMENT CHARACTER, neither
/// a letter nor a space.
pub const CODE_MARK: char = '\u{FFFC}';

/// What a message's Markdown contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Inline code spans, in order, without backticks.
    pub code_spans: Vec<String>,
    /// Link targets, in order.
    pub links: Vec<String>,
    /// `**strong**` runs.
    pub strong: usize,
    /// `*emphasis*` runs.
    pub emphasis: usize,
    /// Raw HTML fragments.
    pub raw_html: Vec<String>,
    /// Delimiters left in text because they were not closed (`` ` ``, `**`, `](`).
    pub stray: Vec<String>,
    /// Text outside code spans, Fluent placeables kept as written (`{ $guest }`); each code
    /// span stands as [`CODE_MARK`], so punctuation right after one is not after a space.
    pub text: String,
}

/// Tokenizes one variant's Markdown.
pub fn tokens(markdown: &str) -> Tokens {
    let mut t = Tokens::default();
    let mut run = String::new();
    for event in Parser::new(markdown) {
        if !matches!(event, Event::Text(_)) {
            stray(&mut t, &std::mem::take(&mut run));
        }
        match event {
            Event::Code(c) => {
                t.code_spans.push(c.to_string());
                t.text.push(CODE_MARK);
            }
            Event::Text(s) => {
                run.push_str(&s);
                t.text.push_str(&s);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                t.raw_html.push(h.to_string());
                t.text.push(' ');
            }
            Event::Start(Tag::Link { dest_url, .. }) => t.links.push(dest_url.to_string()),
            Event::Start(Tag::Image { dest_url, .. }) => t.links.push(dest_url.to_string()),
            Event::Start(Tag::Strong) => t.strong += 1,
            Event::Start(Tag::Emphasis) => t.emphasis += 1,
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => t.text.push(' '),
            _ => {}
        }
    }
    stray(&mut t, &run);
    t
}

/// Records the first unclosed delimiter of a run of adjacent text events.
fn stray(t: &mut Tokens, run: &str) {
    for d in ["``", "`", "**", "__", "](", "[", "]"] {
        if run.contains(d) && !t.stray.iter().any(|x| x.contains(d)) {
            t.stray.push(d.to_string());
            return;
        }
    }
}

/// Words of plain text: maximal runs of letters, digits, `_`, `.` and `@` inside a word. A
/// zero-width character counts as a letter: it glues what it stands between.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let is_word = |c: char| is_letter(c) || c.is_numeric() || c == '_';
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = (c == '.' || c == '@')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| is_word(n));
        if is_word(c) || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// Text with every `{ ... }` placeable replaced by U+FFFC, so variable names are not words.
pub fn without_placeables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('\u{fffc}');
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The prose of a variant: its text outside code spans and links' targets, each placeable
/// and code span standing as [`CODE_MARK`].
pub fn prose(markdown: &str) -> String {
    without_placeables(&tokens(markdown).text)
}

/// A letter, or a zero-width character (which joins the letters around it into one word).
pub fn is_letter(c: char) -> bool {
    c.is_alphabetic() || super::characters::is_zero_width(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_spans_links_and_markup() {
        let t = tokens("**Note:** use `topic` and [docs](https://x/y) <b>x</b>");
        assert_eq!(t.code_spans, vec!["topic"]);
        assert_eq!(t.links, vec!["https://x/y"]);
        assert_eq!((t.strong, t.emphasis), (1, 0));
        assert_eq!(t.raw_html.len(), 2);
        assert!(t.stray.is_empty());
    }

    #[test]
    fn unbalanced_delimiters_are_stray() {
        assert_eq!(tokens("**Note: open").stray, vec!["**"]);
        assert_eq!(tokens("use `topic here").stray, vec!["`"]);
    }

    #[test]
    fn words_keep_dotted_names() {
        let w: Vec<&str> =
            words("Chat.Create, guestzugewiesen.").into_iter().map(|(_, w)| w).collect();
        assert_eq!(w, vec!["Chat.Create", "guestzugewiesen"]);
    }
}
