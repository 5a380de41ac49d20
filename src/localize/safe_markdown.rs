//! Messages and spec text as safe Markdown for the Markdown outputs (`--format markdown` and
//! `commonmark`). A message is parsed with pulldown-cmark and written again from its events:
//! code spans, *emphasis*, **strong** and links whose target is relative, `http(s)` or
//! `mailto` stay Markdown; every text event (raw HTML, autolinks, headings and lists included)
//! is escaped, so the line reads the same in CommonMark (GitHub, Hugo) and in MDX
//! (Docusaurus 3) and nothing in it is an MDX expression, ESM, JSX or HTML.
//!
//! The result is always one line: it may land in a table cell, a heading or a quote.

use super::markdown::is_safe_url;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

/// One message's inline Markdown, rewritten so only the allowed inline Markdown is active.
pub fn inline_markdown(markdown: &str) -> String {
    let mut w = Writer::default();
    for event in Parser::new(markdown) {
        w.event(event);
    }
    line_start_safe(w.out.trim())
}

/// [`inline_markdown`], with every `<` of the text written as the entity `&lt;` instead of
/// `\<`: for documents whose linters and renderers scan raw text for tags (OpenAPI
/// descriptions, where `redocly lint` reports `\<script>` as unsafe). Code spans keep theirs.
pub fn inline_markdown_entities(markdown: &str) -> String {
    let mut w = Writer { lt_entity: true, ..Writer::default() };
    for event in Parser::new(markdown) {
        w.event(event);
    }
    line_start_safe(w.out.trim())
}

/// Plain text (a title, a spec field) as Markdown text that shows exactly that text.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_text(&mut out, text);
    line_start_safe(out.trim())
}

/// The event-by-event writer; `links` remembers which open links were kept.
#[derive(Default)]
struct Writer {
    out: String,
    links: Vec<Option<(String, String)>>,
    blocks: usize,
    /// Write `<` in text as `&lt;` ([`inline_markdown_entities`]).
    lt_entity: bool,
}

impl Writer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let start = self.out.len();
                push_text(&mut self.out, &t);
                if self.lt_entity && self.out[start..].contains('<') {
                    let text = self.out.split_off(start).replace("\\<", "&lt;");
                    self.out.push_str(&text);
                }
            }
            Event::Code(c) => self.out.push_str(&code_span(&c)),
            Event::SoftBreak | Event::HardBreak => self.out.push(' '),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::CodeBlock(_)) => {
                if self.blocks > 0 {
                    self.out.push(' ');
                }
                self.blocks += 1;
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => self.out.push('*'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => self.out.push_str("**"),
            Event::Start(Tag::Link { link_type, dest_url, title, .. }) => {
                let kept = is_safe_url(&dest_url).then(|| {
                    let dest = match link_type {
                        LinkType::Email if !dest_url.contains(':') => format!("mailto:{dest_url}"),
                        _ => dest_url.to_string(),
                    };
                    (dest, title.to_string())
                });
                if kept.is_some() {
                    self.out.push('[');
                }
                self.links.push(kept);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some((dest, title))) = self.links.pop() {
                    self.out.push_str("](");
                    self.out.push_str(&link_destination(&dest));
                    if !title.is_empty() {
                        self.out.push_str(" \"");
                        self.out.push_str(&link_title(&title));
                        self.out.push('"');
                    }
                    self.out.push(')');
                }
            }
            // Everything else (images, rules, lists, quotes...) keeps only its text.
            _ => {}
        }
    }
}

/// Characters escaped wherever they are: Markdown delimiters (math `$` and `^` of extended
/// flavours included), MDX expression braces, the start of HTML/JSX (`<`) and of character
/// references (`&`).
const ALWAYS: &[char] = &['\\', '`', '*', '[', ']', '<', '{', '}', '~', '&', '$', '^'];

/// Appends `text` escaped as Markdown text (line breaks become spaces).
fn push_text(out: &mut String, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_control() && c != '\t' => out.push(' '),
            c if ALWAYS.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            // `_` inside a word never delimits emphasis; elsewhere it might.
            '_' => {
                let word = |k: Option<&char>| k.is_some_and(|c| c.is_alphanumeric());
                if !(i > 0 && word(chars.get(i - 1)) && word(chars.get(i + 1))) {
                    out.push('\\');
                }
                out.push('_');
            }
            // A `#` after a space could close an ATX heading the text lands in.
            '#' if i > 0 && chars[i - 1].is_whitespace() => out.push_str("\\#"),
            _ => out.push(c),
        }
    }
}

/// Makes the start of a line inert: no heading, quote, list, rule, setext underline, indented
/// code or MDX `import`/`export` statement can begin there.
fn line_start_safe(line: &str) -> String {
    let first = match line.chars().next() {
        Some(c) => c,
        None => return String::new(),
    };
    // `*` before a space starts a list item; only `*`, `_` and spaces make a thematic break.
    let list_star = first == '*' && line[1..].starts_with([' ', '\t']);
    let rule = line.chars().all(|c| matches!(c, '*' | '_' | ' ' | '\t'));
    if matches!(first, '#' | '>' | '-' | '+' | '=' | '|') || list_star || rule {
        return format!("\\{line}");
    }
    for keyword in ["import", "export"] {
        if line.starts_with(keyword) {
            // A character reference of the first letter: shown as the letter, never a keyword.
            return format!("&#{};{}", first as u32, &line[1..]);
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// A code span whose fence is longer than any backtick run inside (one line).
fn code_span(code: &str) -> String {
    let code = code.replace(['\n', '\r'], " ");
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let spaced = code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty();
    let pad = if code.starts_with('`') || code.ends_with('`') || spaced { " " } else { "" };
    format!("{ticks}{pad}{code}{pad}{ticks}")
}

/// A link destination with every character that could end it or start markup encoded.
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        match b {
            b'&' => out.push_str("\\&"),
            b if b.is_ascii_alphanumeric() => out.push(b as char),
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'#' | b'@' | b'!' | b'$' | b'\''
            | b'*' | b'+' | b',' | b';' | b'=' | b'%' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A link title for `"..."`: backslashes and quotes escaped, one line.
fn link_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        match c {
            '\\' | '"' | '&' | '{' | '}' | '<' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_inline_markdown_survives() {
        assert_eq!(
            inline_markdown("Use `topic` with **care** and *ease*, see [docs](https://x/y \"T\")."),
            "Use `topic` with **care** and *ease*, see [docs](https://x/y \"T\")."
        );
        assert_eq!(inline_markdown("mail <a@b.example>"), "mail [a@b.example](mailto:a@b.example)");
        assert_eq!(
            inline_markdown("<https://x.example/a>"),
            "[https://x.example/a](https://x.example/a)"
        );
    }

    #[test]
    fn mdx_and_html_syntax_become_text() {
        assert_eq!(inline_markdown("a {globalThis.x} b"), "a \\{globalThis.x\\} b");
        assert_eq!(
            inline_markdown("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)>"
        );
        assert_eq!(inline_markdown("export const x = 1"), "&#101;xport const x = 1");
        assert_eq!(inline_markdown("import x from \"y\""), "&#105;mport x from \"y\"");
        assert_eq!(inline_markdown("&lt; &#123; \\&amp;"), "\\< \\{ \\&amp;");
        assert_eq!(inline_markdown("a\n\nexport const y = 2"), "a export const y = 2");
        assert_eq!(inline_markdown("<!-- c -->"), "\\<!-- c -->");
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        assert_eq!(inline_markdown("[x](javascript:alert(1))"), "x");
        assert_eq!(inline_markdown("<javascript:alert(1)>"), "javascript:alert(1)");
        assert_eq!(inline_markdown("[x](data:text/html,hi) [y](VBScript:z)"), "x y");
        assert_eq!(inline_markdown("[x](<https://a/(b) c>)"), "[x](https://a/%28b%29%20c)");
    }

    #[test]
    fn line_starts_are_inert() {
        assert_eq!(escape_text("# Title"), "\\# Title");
        assert_eq!(escape_text("1. one"), "1\\. one");
        assert_eq!(escape_text("> q\n- r"), "\\> q - r");
        assert_eq!(inline_markdown("*\u{1}x*"), "\\* x*");
        assert_eq!(escape_text("snake_case _x_ C# a #"), "snake_case \\_x\\_ C# a \\#");
        assert_eq!(inline_markdown("```\ncode {x}\n```"), "code \\{x\\}");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span(" x "), "`  x  `");
    }
}
