//! The part of a page that pagefind reads, cut out before indexing. Pagefind parses the whole
//! document with an HTML rewriter (lol_html), but it indexes only the root element (`<main>`)
//! and takes the language from `<html lang>`. Everything else of a page (head, header, sidebar,
//! footer) is parsed for nothing, and so is the code of examples (`.example pre`), which it
//! ignores. This module keeps only what pagefind uses: the `<html>` start tag, and the `<main>`
//! element with each example's code emptied. Pagefind makes the same bundle from that cut as
//! from the whole page (a differential test compares them byte for byte) in less time.
//!
//! The scan follows the page as the rewriter does: tags with quoted attributes, comments,
//! elements whose content is raw text, and a stack of open elements (void elements are never
//! open; an end tag closes every element up to the nearest open one of its name, and is ignored
//! when there is none). Whenever a page holds something that could make the cut differ from
//! what pagefind reads, [`searchable`] returns `None` and the page is indexed whole: a
//! `data-pagefind-*` attribute anywhere, a second `<main>` or `<html>`, `<main>` closed by
//! another element's end tag, SVG or MathML (whose rules differ), a script holding `<!--`,
//! something left open at the end.

use std::ops::Range;

/// Elements whose content is text up to their end tag (no tags inside), as the rewriter has
/// them.
const RAW_TEXT: [&str; 9] =
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

/// Elements that are never open (no content, no end tag), as the rewriter has them.
const VOID: [&str; 17] = [
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose presence leaves the page whole: foreign content has other parsing rules,
/// and plain text never ends.
const UNFOLLOWED: [&str; 3] = ["svg", "math", "plaintext"];

/// Elements an example's code may hold and still be emptied: pagefind reads nothing from them
/// in ignored code. Any other element (a heading, say, which could become the page's title)
/// keeps the code's content.
const INLINE: [&str; 15] = [
    "span", "code", "b", "i", "em", "strong", "mark", "s", "u", "small", "sub", "sup", "kbd",
    "samp", "var",
];

/// The class that marks an example, whose `pre` elements are not searched (see the root
/// module's excluded selectors).
const EXAMPLE_CLASS: &str = "example";

/// The prefix of pagefind's own attributes, which steer what it indexes from anywhere in the
/// page: a page using one is indexed whole.
const PAGEFIND_PREFIX: &str = "data-pagefind";

/// A tag of the page: its name (as written; HTML compares names ignoring ASCII case), whether
/// it is an end tag, where it is, and what the cut needs to know of its attributes (the first
/// `class` attribute counts, as in HTML).
struct Tag<'a> {
    name: &'a str,
    end: bool,
    span: Range<usize>,
    class: bool,
    example: bool,
    id: bool,
    pagefind: bool,
    /// An attribute's `=` right before the tag's `>`: the rewriter then reads what follows as
    /// markup even after a raw text element's start tag.
    bare_equals: bool,
}

/// Something read from the page: a tag, or nothing the cut cares about up to an offset.
enum Token<'a> {
    Tag(Tag<'a>),
    Skip(usize),
}

/// The page `html` cut to what pagefind indexes (see the module doc), or `None` when the page
/// must be indexed whole.
pub(super) fn searchable(html: &str) -> Option<String> {
    let mut scan = Scan::default();
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        at = match token(html, start)? {
            Token::Skip(next) => next,
            Token::Tag(start_or_end) => {
                let next = start_or_end.span.end;
                let raw = !start_or_end.end && is_one_of(start_or_end.name, &RAW_TEXT);
                let name = start_or_end.name;
                scan.tag(start_or_end)?;
                if raw {
                    let close = raw_text_end(html, next, name)?;
                    if name.eq_ignore_ascii_case("script") && html[next..close].contains("<!--") {
                        return None;
                    }
                    let end = tag(html, close, close + 2, true)?;
                    let after = end.span.end;
                    scan.tag(end)?;
                    after
                } else {
                    next
                }
            }
        };
    }
    scan.finish(html)
}

/// An open element: its name and whether it is an example.
struct Open<'a> {
    name: &'a str,
    example: bool,
}

/// The example code being emptied: the stack index of its `pre`, where its content starts, and
/// whether an `id` on it or something inside keeps its content.
struct Code {
    at: usize,
    from: usize,
    keep: bool,
}

/// What the scan has seen so far.
#[derive(Default)]
struct Scan<'a> {
    /// The open elements, outermost first.
    stack: Vec<Open<'a>>,
    /// The `<html>` start tag.
    html: Option<Range<usize>>,
    /// The open `<main>`: its stack index and where it starts.
    open_main: Option<(usize, usize)>,
    /// The whole `<main>` element, once closed.
    main: Option<Range<usize>>,
    /// The example code being emptied.
    code: Option<Code>,
    /// The contents emptied.
    emptied: Vec<Range<usize>>,
}

impl<'a> Scan<'a> {
    fn tag(&mut self, tag: Tag<'a>) -> Option<()> {
        if tag.pagefind || tag.bare_equals || (!tag.end && is_one_of(tag.name, &UNFOLLOWED)) {
            return None;
        }
        if tag.end {
            self.end_tag(&tag)
        } else {
            self.start_tag(&tag)
        }
    }

    fn start_tag(&mut self, tag: &Tag<'a>) -> Option<()> {
        if tag.name.eq_ignore_ascii_case("html") {
            if self.html.is_some() {
                return None;
            }
            self.html = Some(tag.span.clone());
        }
        if let Some(code) = &mut self.code {
            code.keep |= tag.id || !is_one_of(tag.name, &INLINE);
        }
        if is_one_of(tag.name, &VOID) {
            return Some(());
        }
        if tag.name.eq_ignore_ascii_case("main") {
            if self.open_main.is_some() || self.main.is_some() {
                return None;
            }
            self.open_main = Some((self.stack.len(), tag.span.start));
        }
        if let (None, Some((main, _))) = (&self.code, self.open_main) {
            let in_example = self.stack.iter().skip(main + 1).any(|open| open.example);
            if tag.name.eq_ignore_ascii_case("pre") && in_example {
                let (at, from) = (self.stack.len(), tag.span.end);
                self.code = Some(Code { at, from, keep: tag.id });
            }
        }
        self.stack.push(Open { name: tag.name, example: tag.example });
        Some(())
    }

    fn end_tag(&mut self, tag: &Tag<'a>) -> Option<()> {
        let Some(at) = self.stack.iter().rposition(|o| o.name.eq_ignore_ascii_case(tag.name))
        else {
            return Some(());
        };
        if let Some((main, start)) = self.open_main {
            if at < main {
                return None;
            }
            if at == main {
                self.main = Some(start..tag.span.end);
                self.open_main = None;
            }
        }
        if let Some(code) = self.code.take_if(|code| code.at >= at) {
            if !code.keep {
                self.emptied.push(code.from..tag.span.start);
            }
        }
        self.stack.truncate(at);
        Some(())
    }

    /// The cut page, when the scan found one `<html>` start tag and one closed `<main>`.
    fn finish(self, html: &str) -> Option<String> {
        if self.open_main.is_some() || self.code.is_some() {
            return None;
        }
        let (root, main) = (self.html?, self.main?);
        let mut out = String::with_capacity(main.len() + 64);
        out.push_str("<!DOCTYPE html>");
        out.push_str(&html[root]);
        out.push_str("<body>");
        let mut at = main.start;
        for gap in self.emptied {
            out.push_str(&html[at..gap.start]);
            at = gap.end;
        }
        out.push_str(&html[at..main.end]);
        out.push_str("</body></html>");
        Some(out)
    }
}

/// The token at `start` (a `<`): a tag, or how far to skip (a comment, a doctype, a `<` that
/// is text). `None` when the page ends inside it.
fn token(html: &str, start: usize) -> Option<Token<'_>> {
    let bytes = html.as_bytes();
    let rest = &html[start..];
    if let Some(body) = rest.strip_prefix("<!--") {
        return Some(Token::Skip(start + 4 + comment_len(body)?));
    }
    match bytes.get(start + 1) {
        Some(b'!' | b'?') => Some(Token::Skip(start + rest.find('>')? + 1)),
        Some(b'/') => match bytes.get(start + 2) {
            Some(c) if c.is_ascii_alphabetic() => tag(html, start, start + 2, true).map(Token::Tag),
            Some(_) => Some(Token::Skip(start + rest.find('>')? + 1)),
            None => None,
        },
        Some(c) if c.is_ascii_alphabetic() => tag(html, start, start + 1, false).map(Token::Tag),
        _ => Some(Token::Skip(start + 1)),
    }
}

/// How long a comment's text `body` (after `<!--`) is, with its end: HTML ends a comment at
/// `-->` or `--!>`, and `<!-->` and `<!--->` are whole (empty) comments.
fn comment_len(body: &str) -> Option<usize> {
    if body.starts_with('>') {
        return Some(1);
    }
    if body.starts_with("->") {
        return Some(2);
    }
    let mut at = 0;
    loop {
        let i = at + body[at..].find("--")?;
        let rest = &body[i + 2..];
        if rest.starts_with('>') {
            return Some(i + 3);
        }
        if rest.starts_with("!>") {
            return Some(i + 4);
        }
        at = i + 1;
    }
}

/// The tag at `start` whose name begins at `name_at`, read to its `>` with its attributes.
fn tag(html: &str, start: usize, name_at: usize, end: bool) -> Option<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut i = name_at;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let name = &html[name_at..i];
    let mut tag = Tag {
        name,
        end,
        span: start..0,
        class: false,
        example: false,
        id: false,
        pagefind: false,
        bare_equals: false,
    };
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                tag.span.end = i + 1;
                return Some(tag);
            }
            _ => i = attribute(html, i, &mut tag)?,
        }
    }
}

/// Reads the attribute at `i` into `tag`; returns where it ends.
fn attribute(html: &str, i: usize, tag: &mut Tag) -> Option<usize> {
    let bytes = html.as_bytes();
    let name_at = i;
    let mut i = i + 1; // a first `=` belongs to the name
    while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
        i += 1;
    }
    let name = &html[name_at..i];
    let mut j = i;
    while j < bytes.len() && is_space(bytes[j]) {
        j += 1;
    }
    let mut value = "";
    if bytes.get(j) == Some(&b'=') {
        j += 1;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        tag.bare_equals |= bytes.get(j) == Some(&b'>');
        let (from, to, next) = match bytes.get(j)? {
            q @ (b'"' | b'\'') => {
                let close = j + 1 + html[j + 1..].find(*q as char)?;
                (j + 1, close, close + 1)
            }
            _ => {
                let mut k = j;
                while k < bytes.len() && !is_space(bytes[k]) && bytes[k] != b'>' {
                    k += 1;
                }
                (j, k, k)
            }
        };
        value = &html[from..to];
        i = next;
    }
    let prefix = name.as_bytes().get(..PAGEFIND_PREFIX.len());
    tag.pagefind |= prefix.is_some_and(|p| p.eq_ignore_ascii_case(PAGEFIND_PREFIX.as_bytes()));
    tag.id |= name.eq_ignore_ascii_case("id");
    if name.eq_ignore_ascii_case("class") && !tag.class {
        tag.class = true;
        tag.example = value.split(|c: char| c.is_ascii_whitespace()).any(|c| c == EXAMPLE_CLASS);
    }
    Some(i)
}

/// Where the raw text of element `name` starting at `from` ends: at its end tag's `</`.
fn raw_text_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    loop {
        let i = at + html[at..].find("</")?;
        let after = i + 2 + name.len();
        let named =
            bytes.get(i + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        if named && bytes.get(after).is_some_and(|&c| is_space(c) || c == b'/' || c == b'>') {
            return Some(i);
        }
        at = i + 2;
    }
}

/// Whether element `name` is one of `names` (lowercase), as HTML compares names.
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// HTML's ASCII whitespace.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html><html lang=\"de\"><head><title>T</title>\
        <script>let s = '<main>';</script></head><body><nav>side</nav>\
        <main id=\"main\"><h1>Title</h1><!-- <main> -->\
        <section class=\"example x\"><h3>Ex</h3><pre class=\"hl\"><code><span>a</span> &lt;b</code></pre>\
        <div><pre>nested</pre></div></section><pre>kept</pre></main><footer>f</footer></body></html>";

    #[test]
    fn the_cut_keeps_the_html_tag_and_main_with_example_code_emptied() {
        let cut = searchable(PAGE).unwrap();
        assert_eq!(
            cut,
            "<!DOCTYPE html><html lang=\"de\"><body><main id=\"main\"><h1>Title</h1><!-- <main> -->\
             <section class=\"example x\"><h3>Ex</h3><pre class=\"hl\"></pre>\
             <div><pre></pre></div></section><pre>kept</pre></main></body></html>"
        );
    }

    #[test]
    fn example_code_holding_an_id_keeps_its_content() {
        let page = PAGE.replace("<span>a</span>", "<span id=\"x\">a</span>");
        let cut = searchable(&page).unwrap();
        assert!(cut.contains("<code><span id=\"x\">a</span> &lt;b</code></pre><div><pre></pre>"));
    }

    #[test]
    fn pages_the_cut_cannot_follow_are_indexed_whole() {
        let whole = [
            PAGE.replace("<nav>", "<nav data-pagefind-ignore>"),
            PAGE.replace("<footer>f</footer>", "<main>two</main>"),
            PAGE.replace("</main>", ""),
            PAGE.replace("<html lang=\"de\">", ""),
            PAGE.replace("-->", ""),
        ];
        for page in whole {
            assert_eq!(searchable(&page), None, "{page}");
        }
    }

    /// Every page of the shipped site, as the built-in templates make it, is cut.
    #[test]
    fn every_page_of_the_shipped_site_is_cut() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let opts = crate::build::BuildOptions {
            search: false,
            ..crate::build::BuildOptions::new(root, &out)
        };
        crate::build::build(&opts).unwrap();
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(entry.path()).unwrap();
                let cut = searchable(&html);
                let cut = cut.unwrap_or_else(|| panic!("{} not cut", entry.path().display()));
                assert!(cut.len() < html.len(), "{}", entry.path().display());
                pages += 1;
            }
        }
        assert!(pages >= 6, "{pages} pages");
    }

    #[test]
    fn comments_end_as_html_ends_them() {
        for comment in ["<!-->", "<!--->", "<!-- a --!>", "<!-- a -- b -->"] {
            let page = format!("<html>{comment}<main>x</main></html>");
            let cut = searchable(&page).unwrap();
            assert_eq!(cut, "<!DOCTYPE html><html><body><main>x</main></body></html>", "{comment}");
        }
        assert_eq!(comment_len("->"), Some(2));
        assert_eq!(comment_len(" x -- y --!> z -->"), Some(12));
        assert_eq!(comment_len(" never closed"), None);
    }

    #[test]
    fn quoted_attributes_comments_and_raw_text_hide_tags() {
        let page = "<html><body><main title='</main>' data-x=\"a>b\"><script>\"</main>\"</script>\
                    <p>a < b </ c></p></main></body></html>";
        let cut = searchable(page).unwrap();
        assert!(cut.contains("<p>a < b </ c></p></main>"), "{cut}");
    }

    /// Pieces of a page's main: balanced or not, with everything that could mislead the cut.
    const PIECES: [&str; 36] = [
        "<p>plain words here</p>",
        "<div>",
        "</div>",
        "<section class=\"example\">",
        "<section class='x example'>",
        "</section>",
        "<pre>",
        "</pre>",
        "<pre class=\"hl\"><code><span class=\"k\">codeword</span> &lt;x</code></pre>",
        "<!-- <main> </pre> -->",
        "<!-->",
        "<script>let s = \"</main></pre>\";</script>",
        "<span id=\"anchor\">",
        "</span>",
        "<h2 id=\"head\">Heading words</h2>",
        "<nav>navigation</nav>",
        "<p data-search-skip>skipped</p>",
        "<textarea></pre><main></textarea>",
        "a < b </ c",
        "<div title='</pre>' data-x=\"a>b\">",
        "<br>",
        "<p class=\"example\">",
        "<h3>Title three</h3>",
        "<main>",
        "</main>",
        "<PRE>upper</PRE>",
        "<td>cell</td>",
        "<code>`inline`</code>",
        "<svg><path/><style><main></style></svg>",
        "<P CLASS=example>",
        "</body>",
        "<h1>In code</h1>",
        "<img src=x alt=y>",
        "<div class=\"x\" class=\"example\">",
        "<script><!-- <script></script> --></script>",
        "<pre id=\"p\">",
    ];

    /// Pieces before a page's main (its head and header), with what could mislead the cut
    /// there: end tags of raw text with attributes, `attr=` before `>`, open examples.
    const HEAD_PIECES: [&str; 10] = [
        "<script>var a = \"<main>\";</script>",
        "<script></script x=\"><main>fake</main>\">",
        "<title x=><main>hidden</main></title>",
        "<textarea class=\"example\"></textarea>",
        "<style></style x=\">\">",
        "<div class=\"example\">",
        "<svg><path/></svg>",
        "<!-- c --!>",
        "</div>",
        "<p>chrome words</p>",
    ];

    /// A page: head pieces, then main (its own `h1` first or not) made of main pieces.
    fn page(head: &[usize], title: bool, pieces: &[usize]) -> String {
        let head: String = head.iter().map(|&i| HEAD_PIECES[i]).collect();
        let main: String = pieces.iter().map(|&i| PIECES[i]).collect();
        let h1 = if title { "<h1>Title</h1>" } else { "" };
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>T</title></head><body>\
             <header>{head}</header><main id=\"main\">{h1}{main}</main>\
             <footer>foot</footer></body></html>"
        )
    }

    #[test]
    fn pages_of_followed_pieces_are_cut() {
        // Example code, a heading, comments, a script, text with `<`; an example whose `pre`
        // is closed with a `div` open inside it, then a stray `</div>`.
        let pieces = [0, 3, 8, 14, 5, 13, 15, 22, 26, 4, 6, 1, 7, 2, 5];
        let page = page(&[0, 3, 9], true, &pieces);
        let cut = searchable(&page).unwrap_or_else(|| panic!("not cut: {page}"));
        assert!(!cut.contains("codeword"), "example code is emptied: {cut}");
        assert!(cut.contains("Heading words"));
    }

    #[test]
    fn raw_text_is_closed_by_its_end_tag_read_with_its_attributes() {
        // A closed textarea is no open example: the pre after it is searched.
        let page = "<html><body><main><textarea class=\"example\"></textarea><pre>shown</pre>\
                    </main></body></html>";
        assert!(searchable(page).unwrap().contains("<pre>shown</pre>"));
        // A `>` in a quoted attribute of a raw text end tag does not end it.
        let page = "<html><head><script></script x=\"><main>fake</main>\"></head><body>\
                    <main>real</main></body></html>";
        assert!(searchable(page).unwrap().contains("<main>real</main>"));
        // After `<title x=>` the rewriter reads markup, not raw text: indexed whole.
        let page = "<html><head><title x=><main>h</main></title></head><body><main>s</main>";
        assert_eq!(searchable(page), None);
    }

    fn bundle(pages: &[String]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let documents = pages
            .iter()
            .enumerate()
            .map(|(i, html)| Ok((format!("/en/p{i}/"), html.clone(), format!("page {i}"))));
        let files = crate::search::bundle::pagefind_files("en", documents).unwrap();
        let mut files: Vec<_> = files.into_iter().map(|f| (f.filename, f.contents)).collect();
        files.sort();
        files
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Pagefind makes the same bundle from the cut pages as from the whole pages, whatever
        /// the main holds (pages the cut cannot follow are handed over whole).
        #[test]
        fn pagefind_makes_the_same_bundle_from_cut_pages(
            pages in proptest::collection::vec(
                (
                    proptest::collection::vec(0..HEAD_PIECES.len(), 0..3),
                    proptest::bool::ANY,
                    proptest::collection::vec(0..PIECES.len(), 0..14),
                ),
                1..4,
            )
        ) {
            let whole: Vec<String> =
                pages.iter().map(|(head, title, main)| page(head, *title, main)).collect();
            let cut: Vec<String> =
                whole.iter().map(|h| searchable(h).unwrap_or_else(|| h.clone())).collect();
            proptest::prop_assert!(bundle(&whole) == bundle(&cut), "{:?}", cut);
        }
    }
}
