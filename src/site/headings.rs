//! Heading anchors and the "In this article" contents of a rendered HTML page: every `<h2>`
//! and `<h3>` with an `id` inside `<main>` gets a link to itself (which the page script also
//! copies), and the `<h2>`s are listed where the template put [`TOC_MARKER`].

/// Where a template wants the contents of the page (an HTML comment, so a page without any
/// `<h2>` simply keeps nothing there).
pub const TOC_MARKER: &str = "<!--polydoc:toc-->";

/// Labels of the contents block and of the anchor links, already escaped HTML.
pub struct Labels<'a> {
    /// Heading of the contents block ("In this article").
    pub contents: &'a str,
    /// Accessible name prefix of an anchor link ("Link to this section").
    pub anchor: &'a str,
}

/// One heading found in the page.
struct Heading {
    level: u8,
    id: String,
    /// Its inner HTML.
    inner: String,
    /// Byte range of the whole element.
    range: std::ops::Range<usize>,
}

/// `<h2 id="..">..</h2>` and `<h3 id="..">..</h3>` in `html`, in order.
fn headings(html: &str) -> Vec<Heading> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re =
        RE.get_or_init(|| regex::Regex::new(r#"<h([23]) id="([^"<>]+)">"#).expect("valid regex"));
    let mut found = Vec::new();
    // Matches only (no capture groups, several times faster): the level and the id sit at
    // fixed places of `<hN id="ID">`.
    for whole in re.find_iter(html) {
        let tag = whole.as_str();
        let level = tag.as_bytes()[2] - b'0';
        let close = if level == 2 { "</h2>" } else { "</h3>" };
        let Some(end) = html[whole.end()..].find(close) else { continue };
        found.push(Heading {
            level,
            id: tag[r#"<hN id=""#.len()..tag.len() - r#"">"#.len()].to_string(),
            inner: html[whole.end()..whole.end() + end].to_string(),
            range: whole.start()..whole.end() + end + close.len(),
        });
    }
    found
}

/// Text of an HTML fragment: tags dropped (entities stay escaped, so it is still safe HTML).
fn text_of(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// `html` with anchors on its headings and its contents at [`TOC_MARKER`].
pub fn decorate(html: &str, labels: &Labels) -> String {
    let main_start = html.find("<main").unwrap_or(0);
    let found: Vec<Heading> =
        headings(html).into_iter().filter(|h| h.range.start >= main_start).collect();
    let mut out = String::with_capacity(html.len() + found.len() * 120);
    let mut at = 0;
    for h in &found {
        out.push_str(&html[at..h.range.start]);
        let text = text_of(&h.inner);
        out.push_str(&format!(
            "<h{l} id=\"{id}\">{inner}<a class=\"anchor\" href=\"#{id}\" aria-label=\"{a}: {text}\"></a></h{l}>",
            l = h.level,
            id = h.id,
            inner = h.inner,
            a = labels.anchor,
            text = text.replace('"', "&quot;"),
        ));
        at = h.range.end;
    }
    out.push_str(&html[at..]);
    let toc: Vec<&Heading> = found.iter().filter(|h| h.level == 2).collect();
    let block = if toc.len() < 2 {
        String::new()
    } else {
        let items: String = toc
            .iter()
            .map(|h| format!("<li><a href=\"#{}\">{}</a></li>\n", h.id, text_of(&h.inner)))
            .collect();
        format!(
            "<nav class=\"toc\" aria-labelledby=\"toc-heading\">\n<p class=\"toc-heading\" id=\"toc-heading\">{}</p>\n<ul>\n{items}</ul>\n</nav>",
            labels.contents
        )
    };
    if let Some(at) = out.find(TOC_MARKER) {
        out.replace_range(at..at + TOC_MARKER.len(), &block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_anchors_and_h2s_are_listed() {
        let html = "<header><h2 id=\"x\">Out</h2></header><main><!--polydoc:toc--><h2 id=\"a\">A <code>b</code></h2><h3 id=\"c\">C</h3><h2 id=\"d\">D &amp; E</h2></main>";
        let out = decorate(html, &Labels { contents: "In this article", anchor: "Link" });
        assert!(out.contains("<h2 id=\"x\">Out</h2>"), "outside main untouched: {out}");
        assert!(out.contains("<h2 id=\"a\">A <code>b</code><a class=\"anchor\" href=\"#a\" aria-label=\"Link: A b\"></a></h2>"), "{out}");
        assert!(out.contains("href=\"#c\""), "{out}");
        assert!(
            out.contains("<li><a href=\"#a\">A b</a></li>\n<li><a href=\"#d\">D &amp; E</a></li>"),
            "{out}"
        );
        assert!(!out.contains(TOC_MARKER));
    }
}
