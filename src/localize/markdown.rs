//! Inline Markdown of translated messages to HTML. Translated text is data: everything is
//! escaped, only `code`, *emphasis*, **strong** and links with safe targets become markup, and
//! raw HTML is shown as text, never passed through.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, true);
    out
}

/// Appends `text` to `out` with `&`, `<`, `>`, `"` (and `'` when `apostrophe`) as entities, in
/// one pass that copies the runs between them whole.
pub fn push_escaped(out: &mut String, text: &str, apostrophe: bool) {
    let mut done = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' if apostrophe => "&#39;",
            _ => continue,
        };
        out.push_str(&text[done..i]);
        out.push_str(entity);
        done = i + 1;
    }
    out.push_str(&text[done..]);
}

/// True for link targets that cannot run script: relative, fragment, http(s) and mailto.
pub fn is_safe_url(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            let before_path = lower.find(['/', '?', '#']).is_some_and(|p| p < colon);
            before_path || matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

/// Renders one message's inline Markdown to safe HTML (no wrapping `<p>`).
pub fn inline_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut open_links: Vec<bool> = Vec::new();
    let mut paragraphs = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&escape_html(&t))
            }
            Event::Code(c) => {
                out.push_str("<code>");
                out.push_str(&escape_html(&c));
                out.push_str("</code>");
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("<br>"),
            Event::Start(Tag::Paragraph) => {
                if paragraphs > 0 {
                    out.push(' ');
                }
                paragraphs += 1;
            }
            Event::Start(Tag::Emphasis) => out.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => out.push_str("</em>"),
            Event::Start(Tag::Strong) => out.push_str("<strong>"),
            Event::End(TagEnd::Strong) => out.push_str("</strong>"),
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                let safe = is_safe_url(&dest_url);
                if safe {
                    out.push_str("<a href=\"");
                    out.push_str(&escape_html(&dest_url));
                    out.push('"');
                    if !title.is_empty() {
                        out.push_str(" title=\"");
                        out.push_str(&escape_html(&title));
                        out.push('"');
                    }
                    out.push('>');
                }
                open_links.push(safe);
            }
            Event::End(TagEnd::Link) if open_links.pop().unwrap_or(false) => {
                out.push_str("</a>");
            }
            // Everything else (headings, lists, images, rules...) keeps only its text.
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_allowed_inline_markdown() {
        assert_eq!(
            inline_html("Use `topic` with **care**, see [docs](https://learn.microsoft.com/x \"T\")."),
            "Use <code>topic</code> with <strong>care</strong>, see <a href=\"https://learn.microsoft.com/x\" title=\"T\">docs</a>."
        );
    }

    #[test]
    fn raw_html_and_script_links_are_inert() {
        let html = inline_html(
            "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) \"q\"",
        );
        assert!(
            !html.contains("<script") && !html.contains("<img") && !html.contains("href"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;") && html.contains("&quot;q&quot;"), "{html}");
        assert!(!inline_html("[x](JaVa\tScript:alert(1))").contains("href"));
        assert!(!inline_html("[x](data:text/html,hi)").contains("href"));
    }

    #[test]
    fn safe_url_rules() {
        assert!(is_safe_url("/en/x"));
        assert!(is_safe_url("../x#a:b"));
        assert!(is_safe_url("https://a"));
        assert!(!is_safe_url("vbscript:x"));
    }
}

/// The locale segment Microsoft Learn uses for locale `code`: `de-de` for `de`, `es-es` for
/// `es`, `en-us` for `en`, a region given in the code kept (`pt-BR` -> `pt-br`), and the few
/// languages Learn names by another region mapped by hand.
pub fn learn_locale(code: &str) -> String {
    let lower = code.to_ascii_lowercase();
    let mut parts = lower.split('-');
    let lang = parts.next().unwrap_or("en");
    if let Some(region) = parts.find(|p| p.len() == 2 && p != &"xa") {
        return format!("{lang}-{region}");
    }
    let region = match lang {
        "en" => "us",
        "ja" => "jp",
        "ko" => "kr",
        "zh" => "cn",
        "pt" => "br",
        "sv" => "se",
        "da" => "dk",
        "cs" => "cz",
        "el" => "gr",
        "uk" => "ua",
        "he" => "il",
        "nb" | "no" => "no",
        other => other,
    };
    format!("{lang}-{region}")
}

/// True for a Learn locale segment (`de-de`, `zh-tw`).
pub fn is_learn_locale(segment: &str) -> bool {
    let b = segment.as_bytes();
    b.len() == 5 && b[2] == b'-' && segment.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// `html` with every link to `https://learn.microsoft.com/` that names no locale pointed at
/// the page's locale (`https://learn.microsoft.com/de-de/graph/...`), as Learn's own pages do.
pub fn localize_learn_links(html: &str, locale: &str) -> String {
    const HOST: &str = "href=\"https://learn.microsoft.com/";
    if !html.contains(HOST) {
        return html.to_string();
    }
    let seg = learn_locale(locale);
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(i) = rest.find(HOST) {
        let after = &rest[i + HOST.len()..];
        out.push_str(&rest[..i + HOST.len()]);
        let first = after.split(['/', '"', '?', '#']).next().unwrap_or("");
        if !is_learn_locale(first) {
            out.push_str(&seg);
            out.push('/');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod learn_tests {
    use super::*;

    #[test]
    fn learn_links_get_the_page_locale() {
        let html = r#"<a href="https://learn.microsoft.com/graph/x#y">a</a> <a href="https://learn.microsoft.com/fr-fr/z">b</a> <a href="https://example.com/graph">c</a>"#;
        assert_eq!(
            localize_learn_links(html, "de"),
            r#"<a href="https://learn.microsoft.com/de-de/graph/x#y">a</a> <a href="https://learn.microsoft.com/fr-fr/z">b</a> <a href="https://example.com/graph">c</a>"#
        );
        assert_eq!(learn_locale("es"), "es-es");
        assert_eq!(learn_locale("en"), "en-us");
        assert_eq!(learn_locale("pt-BR"), "pt-br");
        assert_eq!(learn_locale("en-XA"), "en-us");
    }
}
