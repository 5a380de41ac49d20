//! `link-scheme` and `mdx-syntax`: message text that would be active in a Markdown output fed
//! to MDX (Docusaurus) or a browser. Builds escape all of it (it shows as text), so such text is
//! a mistake or an attack a reviewer should see, in every locale, English included. The text
//! checked is what the message renders ([`Variant::resolved`]): `{ "{" }` is a brace.

use super::finding::{Finding, Place, Rule};
use super::ftl::{FtlDoc, Unit, Variant};
use crate::localize::markdown::is_safe_url;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// Reports unsafe link targets and MDX-active syntax of one variant (at most one finding per
/// rule and place, so select variants repeating the text report it once).
pub fn check_variant(doc: &FtlDoc, unit: &Unit, v: &Variant, out: &mut Vec<Finding>) {
    let mut found = Vec::new();
    let code_blocks = scan_markdown(doc, unit, &v.resolved, &mut found);
    esm_lines(doc, unit, &v.resolved, &code_blocks, &mut found);
    for f in found {
        let dup = out.iter().any(|o| {
            o.rule == f.rule && o.file == f.file && o.line == f.line && o.column == f.column
        });
        if !dup {
            out.push(f);
        }
    }
}

/// Links, autolinks, braces and tag-like `<` found by parsing the text as Markdown; code
/// blocks (inert in MDX) are skipped and their byte ranges returned.
fn scan_markdown(
    doc: &FtlDoc,
    unit: &Unit,
    text: &str,
    out: &mut Vec<Finding>,
) -> Vec<Range<usize>> {
    let mut seen = (false, false);
    let mut run = String::new();
    let mut code_blocks = Vec::new();
    let mut in_code: Option<usize> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                code_blocks.push(in_code.take().unwrap_or(range.start)..range.end)
            }
            Event::Text(t) if in_code.is_none() => {
                push_text(&mut run, t, text, &range);
                continue;
            }
            _ => {}
        }
        text_run(doc, unit, &std::mem::take(&mut run), &mut seen, out);
        if let Event::Start(Tag::Link { link_type, dest_url, .. })
        | Event::Start(Tag::Image { link_type, dest_url, .. }) = event
        {
            if !is_safe_url(&dest_url) {
                let raw = text.get(range.clone()).unwrap_or_default();
                out.push(unsafe_link(doc, unit, &dest_url, raw));
            } else if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                out.push(autolink(doc, unit, &dest_url));
            }
        }
    }
    text_run(doc, unit, &run, &mut seen, out);
    code_blocks
}

/// Adds text event `t` (at `range` of `text`) to `run`. A character an entity or a backslash
/// escape spells (`&lt;`, `\{`) is text in MDX too, so such a `<`, `{` or `}` is added as
/// `_`: it opens no tag and no expression. The parser gives an entity an event of its own,
/// and starts the text after an escape's backslash.
fn push_text(run: &mut String, t: &str, text: &str, range: &Range<usize>) {
    let source = text.get(range.clone()).unwrap_or_default();
    let backslashes = text[..range.start].bytes().rev().take_while(|b| *b == b'\\').count();
    let spelt = backslashes % 2 == 1 || source.starts_with('&') && source != t;
    match t.chars().next() {
        Some(c) if spelt && matches!(c, '<' | '{' | '}') => {
            run.push('_');
            run.push_str(&t[1..]);
        }
        _ => run.push_str(t),
    }
}

/// Braces and tag starts in a run of adjacent text events (the parser splits text at `<`);
/// `seen` keeps one finding of each kind per message.
fn text_run(doc: &FtlDoc, unit: &Unit, t: &str, seen: &mut (bool, bool), out: &mut Vec<Finding>) {
    if !seen.0 && t.contains(['{', '}']) {
        seen.0 = true;
        out.push(brace(doc, unit, t));
    }
    if let Some(tag) = tag_start(t).filter(|_| !seen.1) {
        seen.1 = true;
        out.push(tag_like(doc, unit, tag));
    }
}

/// `raw` is the link as written (`[x](&#106;avascript:y)`): the decoded `dest` is not in the
/// source when entities or escapes spell the scheme, so the link itself is looked for first,
/// pointing at its destination.
fn unsafe_link(doc: &FtlDoc, unit: &Unit, dest: &str, raw: &str) -> Finding {
    let shown = dest.trim();
    let target = raw.find("](").map_or("", |i| raw[i + 2..].trim_start());
    Finding::new(
        Rule::LinkScheme,
        locate(doc, unit, &[target, shown, dest.trim_start().get(..4).unwrap_or(shown)]),
        format!("`{}` links to `{shown}`, whose scheme can run code or is not allowed", unit.key),
        shown,
        "link only to relative targets, http(s) or mailto; the link is shown as plain text",
    )
}

fn autolink(doc: &FtlDoc, unit: &Unit, dest: &str) -> Finding {
    let needle = format!("<{dest}");
    Finding::new(
        Rule::MdxSyntax,
        locate(doc, unit, &[needle.as_str(), dest]),
        format!("`{}` has an autolink `<{dest}>`, which MDX reads as a JSX tag", unit.key),
        format!("<{dest}>"),
        "write a Markdown link instead: [text](url)",
    )
}

fn brace(doc: &FtlDoc, unit: &Unit, text: &str) -> Finding {
    let from = text.find(['{', '}']).unwrap_or(0);
    let shown: String = text[from..].chars().take(60).collect();
    let at = literal_with_brace(doc, unit);
    let place = match at {
        Some(offset) => Place::at_offset(&doc.path, &doc.text, offset),
        None => doc.place(unit),
    };
    Finding::new(
        Rule::MdxSyntax,
        place,
        format!("`{}` renders a brace outside code, an expression in MDX (Docusaurus)", unit.key),
        shown,
        "put code in a code span (`{...}`) or drop the braces; builds show them as text",
    )
}

fn tag_like(doc: &FtlDoc, unit: &Unit, tag: &str) -> Finding {
    Finding::new(
        Rule::MdxSyntax,
        locate(doc, unit, &[tag, "\"<", "<"]),
        format!("`{}` has `{tag}`, which MDX reads as the start of a JSX tag", unit.key),
        tag,
        "write `<` in a code span, or rephrase; builds show it as text",
    )
}

/// The first `<` in plain text that starts a tag in MDX (`<` then a letter, `/`, `!` or `?`,
/// or `<>`), with the few characters after it.
fn tag_start(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let i = b.windows(2).position(|w| {
        w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?' | b'>'))
    })?;
    let end = text[i + 1..]
        .find(|c: char| c.is_whitespace() || c == '>')
        .map_or(text.len(), |e| i + 1 + e);
    let end = (i + 1..=end).rev().find(|&e| e <= i + 40 && text.is_char_boundary(e))?;
    Some(&text[i..end])
}

/// The keyword of a line MDX reads as an ES module statement (`import x`, `export {`).
pub fn esm_keyword(line: &str) -> Option<&'static str> {
    ["import", "export"].into_iter().find(|keyword| {
        line.strip_prefix(keyword)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '{', '*']))
    })
}

/// Lines that MDX reads as ES module code: `import`/`export` at the start of a line.
fn esm_lines(
    doc: &FtlDoc,
    unit: &Unit,
    text: &str,
    code_blocks: &[Range<usize>],
    out: &mut Vec<Finding>,
) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if code_blocks.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let line = line.trim_start_matches([' ', '\t']);
        if let Some(keyword) = esm_keyword(line) {
            out.push(Finding::new(
                Rule::MdxSyntax,
                doc.place_of_word(unit, keyword),
                format!(
                    "`{}` has a line starting with `{keyword}`, an ES module statement in MDX",
                    unit.key
                ),
                line.trim_end(),
                "reword the line so it does not start with `import` or `export`",
            ));
            return;
        }
    }
}

/// The first of `needles` found in the unit's source, else the unit's id.
fn locate<'a>(doc: &'a FtlDoc, unit: &Unit, needles: &[&str]) -> Place<'a> {
    let body = doc.text.get(unit.span.clone()).unwrap_or("");
    needles
        .iter()
        .filter(|n| !n.is_empty())
        .find_map(|n| body.find(n))
        .map(|i| Place::at_offset(&doc.path, &doc.text, unit.span.start + i))
        .unwrap_or_else(|| doc.place(unit))
}

/// Byte offset of the first Fluent string literal in the unit whose value has a brace (a
/// brace in Fluent text is always a placeable, so a rendered brace comes from a literal).
fn literal_with_brace(doc: &FtlDoc, unit: &Unit) -> Option<usize> {
    let body = doc.text.get(unit.span.clone())?;
    let mut start = None;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match (start, c) {
            (None, '"') => start = Some(i),
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(s), '"') => {
                let value = super::ftl::unescape_literal(&body[s + 1..i]);
                if value.contains(['{', '}']) {
                    return Some(unit.span.start + s);
                }
                start = None;
            }
            (Some(_), '\n') => start = None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn findings(ftl: &str) -> Vec<(Rule, usize, usize)> {
        let mut f = Vec::new();
        let doc = FtlDoc::parse(Path::new("x.ftl"), ftl.to_string(), &mut f);
        assert!(f.is_empty(), "{f:?}");
        let mut out = Vec::new();
        for u in &doc.units {
            for v in &u.variants {
                check_variant(&doc, u, v, &mut out);
            }
        }
        out.iter().map(|f| (f.rule, f.line, f.column)).collect()
    }

    #[test]
    fn unsafe_schemes_in_links_and_autolinks() {
        assert_eq!(findings("a = see [x](javascript:alert(1))\n"), vec![(Rule::LinkScheme, 1, 13)]);
        assert_eq!(findings("a = <vbscript:x>\n"), vec![(Rule::LinkScheme, 1, 6)]);
        assert_eq!(findings("a = ![i](data:image/png,x)\n"), vec![(Rule::LinkScheme, 1, 10)]);
        assert_eq!(findings("a = [ok](https://x) [r](../y) [m](mailto:a@b)\n"), vec![]);
        assert_eq!(findings("a = <https://x.example>\n"), vec![(Rule::MdxSyntax, 1, 5)]);
    }

    #[test]
    fn entity_spelt_schemes_are_each_reported_at_their_own_link() {
        let text = "a = [d](&#x6A;avascript:x) [a](javascript&#58;y) [x](&#106;avascript:z)\n";
        let expected =
            vec![(Rule::LinkScheme, 1, 9), (Rule::LinkScheme, 1, 32), (Rule::LinkScheme, 1, 54)];
        assert_eq!(findings(text), expected);
    }

    #[test]
    fn braces_from_literals_are_mdx_syntax_and_code_is_not() {
        assert_eq!(findings("a = x { \"{\" }y{ \"}\" }\n"), vec![(Rule::MdxSyntax, 1, 9)]);
        assert_eq!(findings("a = x { \"\\u007B\" }\n"), vec![(Rule::MdxSyntax, 1, 9)]);
        assert_eq!(findings("a = use `{ \"{\" }id{ \"}\" }` and { $v }\n"), vec![]);
    }

    #[test]
    fn esm_lines_and_tags() {
        assert_eq!(findings("a = x\n    export const y = 1\n"), vec![(Rule::MdxSyntax, 2, 5)]);
        assert_eq!(findings("a = { \"import\" } z from \"w\"\n"), vec![(Rule::MdxSyntax, 1, 8)]);
        assert_eq!(findings("a = exported and important\n"), vec![]);
        assert_eq!(findings("a = x { \"<\" }Foo y\n"), vec![(Rule::MdxSyntax, 1, 9)]);
        assert_eq!(findings("a = 1 < 2 and a <= b\n"), vec![]);
        let fenced = "a = see\n\n    ```\n    import { x } from \"y\"\n    <Foo>\n    ```\n";
        assert_eq!(findings(fenced), vec![]);
        // Entities and backslash escapes are text in MDX as in Markdown.
        assert_eq!(findings("a = arn:&lt;region&gt;:x and \\<b and &#123;\n"), vec![]);
        assert_eq!(findings("a = arn:&lt;region&gt; then <Foo\n"), vec![(Rule::MdxSyntax, 1, 29)]);
    }
}
