//! Rendered pages compared across locales: every locale has every page of the source locale,
//! with the same sections in the same order, tables with the same rows and first-column keys,
//! byte-identical code blocks and the same link targets (apart from the locale segment; the
//! `x-default` alternate, the source-locale page, is the same as written on every page).
//!
//! The HTML is read with a small tolerant tokenizer rather than a full HTML5 parser: the pages
//! are polydoc's own template output (well-formed, no scripts), and only tags, a few
//! attributes, `<pre>` contents and `<code>` text are needed; this keeps a tree builder and
//! its dependencies out of the binary while still surviving stray markup in overrides.

use super::finding::{Finding, Place, Rule};
use super::link_target::{is_external, is_locale_segment};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One table: its offset and its rows (offset, first-column code key if any).
pub type Table = (usize, Vec<(usize, Option<String>)>);

/// What is compared of one page; every item keeps the byte offset it was found at.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageShape {
    /// `id`s of `<section>` and `<h1>`..`<h6>` elements, in order.
    pub sections: Vec<(usize, String)>,
    /// Tables: offset and rows (offset, first-column code key if any).
    pub tables: Vec<Table>,
    /// Raw inner HTML of `<pre>` blocks.
    pub code: Vec<(usize, String)>,
    /// `href`s of `<a>` and `<link>`, as written, except `x-default` alternates.
    pub links: Vec<(usize, String)>,
    /// `href`s of `<link hreflang="x-default">`: the source-locale page, so the same on every
    /// locale's page (not normalized like [`PageShape::links`]).
    pub x_default: Vec<(usize, String)>,
}

/// One tag: name (lower case), whether it closes, attributes, and where it ends.
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
    end: usize,
}

fn parse_tag(html: &str, start: usize) -> Option<Tag> {
    let b = html.as_bytes();
    let mut i = start + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start {
        return None;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        match b.get(i) {
            None => return None,
            Some(b'>') => return Some(Tag { name, closing, attrs, end: i + 1 }),
            _ => {}
        }
        let a = i;
        while i < b.len() && !matches!(b[i], b'=' | b'>' | b' ' | b'\n' | b'\t' | b'/') {
            i += 1;
        }
        let key = html[a..i].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            if let Some(&q) = b.get(i).filter(|q| **q == b'"' || **q == b'\'') {
                let vs = i + 1;
                let ve = html[vs..].find(q as char).map_or(b.len(), |e| vs + e);
                value = html[vs..ve].to_string();
                i = ve + 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = html[vs..i].to_string();
            }
        }
        attrs.push((key, value));
    }
}

fn attr<'t>(t: &'t Tag, name: &str) -> Option<&'t str> {
    t.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Reads the shape of one page.
pub fn shape(html: &str) -> PageShape {
    let mut s = PageShape::default();
    let mut i = 0;
    let mut row: Option<(usize, usize, Option<String>)> = None; // (offset, cells seen, key)
    let mut key_capture: Option<usize> = None;
    while let Some(rel) = html[i..].find('<') {
        let at = i + rel;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        let Some(tag) = parse_tag(html, at) else {
            i = at + 1;
            continue;
        };
        i = tag.end;
        match (tag.name.as_str(), tag.closing) {
            ("pre", false) => {
                let end = html[i..].find("</pre").map_or(html.len(), |e| i + e);
                s.code.push((at, html[i..end].to_string()));
                i = end;
            }
            ("section" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                if let Some(id) = attr(&tag, "id") {
                    s.sections.push((at, id.to_string()));
                }
            }
            ("a" | "link", false) => {
                if let Some(h) = attr(&tag, "href") {
                    let list = if tag.name == "link" && attr(&tag, "hreflang") == Some("x-default")
                    {
                        &mut s.x_default
                    } else {
                        &mut s.links
                    };
                    list.push((at, h.to_string()));
                }
            }
            ("table", false) => s.tables.push((at, Vec::new())),
            ("tr", false) => row = Some((at, 0, None)),
            ("tr", true) => {
                if let (Some((off, _, key)), Some(t)) = (row.take(), s.tables.last_mut()) {
                    t.1.push((off, key));
                }
            }
            ("td" | "th", false) => {
                if let Some(r) = row.as_mut() {
                    r.1 += 1;
                }
            }
            ("code", false) if row.as_ref().is_some_and(|r| r.1 == 1 && r.2.is_none()) => {
                key_capture = Some(i)
            }
            ("code", true) => {
                if let (Some(start), Some(r)) = (key_capture.take(), row.as_mut()) {
                    r.2 = Some(html[start..at].to_string());
                }
            }
            _ => {}
        }
    }
    s
}

/// Every `index.html` below `dir/locale`, by path relative to the locale folder.
fn pages(site: &Path, locale: &str) -> BTreeMap<PathBuf, PathBuf> {
    let base = site.join(locale);
    walkdir::WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().strip_prefix(&base).unwrap_or(e.path()).to_path_buf(), e.into_path()))
        .collect()
}

/// Compares every page of every locale in `locales` with the source locale's pages. `shown`
/// is how the site folder is named in findings.
pub fn check_site(
    site: &Path,
    shown: &Path,
    source: &str,
    locales: &[String],
    out: &mut Vec<Finding>,
) -> anyhow::Result<()> {
    use rayon::prelude::*;
    let en_pages: Vec<(PathBuf, PathBuf)> = pages(site, source).into_iter().collect();
    let per_page: Vec<anyhow::Result<Vec<Finding>>> = en_pages
        .par_iter()
        .map(|(relp, en_path)| check_page(site, shown, source, locales, relp, en_path))
        .collect();
    for found in per_page {
        out.extend(found?);
    }
    Ok(())
}

/// Compares one English page with the same page of every other locale.
fn check_page(
    site: &Path,
    shown: &Path,
    source: &str,
    locales: &[String],
    relp: &Path,
    en_path: &Path,
) -> anyhow::Result<Vec<Finding>> {
    let mut out = Vec::new();
    let en_html = std::fs::read_to_string(en_path)?;
    let en_shape = shape(&en_html);
    for locale in locales.iter().filter(|l| *l != source) {
        let tr_path = site.join(locale).join(relp);
        let shown_path = shown.join(locale).join(relp);
        if !tr_path.is_file() {
            let en_shown = shown.join(source).join(relp);
            out.push(Finding::new(
                Rule::PageMissing,
                Place { file: &en_shown, source: None, line: 1, column: 1 },
                format!(
                    "{} has no `{locale}` version ({} is missing)",
                    en_shown.display(),
                    shown_path.display()
                ),
                relp.display().to_string(),
                "build every locale, or add the missing translation",
            ));
            continue;
        }
        let html = std::fs::read_to_string(&tr_path)?;
        compare(&en_shape, &shape(&html), (source, locale, locales), &shown_path, &html, &mut out);
    }
    Ok(out)
}

fn first_diff<T: PartialEq>(a: &[(usize, T)], b: &[(usize, T)]) -> Option<usize> {
    (0..a.len().max(b.len())).find(|&i| a.get(i).map(|x| &x.1) != b.get(i).map(|x| &x.1))
}

/// A link with the page's own locale segment written `{locale}` and any other checked
/// locale's segment `{other-locale}`, so `../../en/x/` on the English page and `../../de/x/`
/// on the German one are the same target. In an absolute URL (another site's page, or ours
/// built with `--base-url`) both locales of the pair compared are `{locale}` on both pages
/// ([`super::link_target::localized_target`]): a translation may keep another site's English
/// page, and the alternates of both pages still count alike.
fn normalize_link(href: &str, own: &str, pair: [&str; 2], all: &[String]) -> String {
    let learn = |l: &str| crate::localize::markdown::learn_locale(l);
    let external = is_external(href);
    let seg = |s: &str| {
        if s == own || s == learn(own) || (external && is_locale_segment(s, &pair)) {
            "{locale}".to_string()
        } else if all.iter().any(|l| l == s || learn(l) == s) {
            "{other-locale}".to_string()
        } else {
            s.to_string()
        }
    };
    href.split('/').map(seg).collect::<Vec<_>>().join("/")
}

fn compare(
    en: &PageShape,
    tr: &PageShape,
    (source, locale, all): (&str, &str, &[String]),
    file: &Path,
    html: &str,
    out: &mut Vec<Finding>,
) {
    let at = |off: usize| Place::at_offset(file, html, off);
    let end = html.len();
    if let Some(i) = first_diff(&en.sections, &tr.sections) {
        let off = tr.sections.get(i).map_or(end, |x| x.0);
        let (want, got) = (
            en.sections.get(i).map_or("(none)", |x| x.1.as_str()),
            tr.sections.get(i).map_or("(none)", |x| x.1.as_str()),
        );
        out.push(Finding::new(
            Rule::PageSections,
            at(off),
            format!("section {} is `{got}` here but `{want}` in English", i + 1),
            got,
            "render the same sections in the same order in every locale",
        ));
    }
    if en.tables.len() != tr.tables.len() {
        out.push(Finding::new(
            Rule::PageTables,
            at(0),
            format!("{} table(s) here, {} in English", tr.tables.len(), en.tables.len()),
            String::new(),
            "render the same tables in every locale",
        ));
    } else {
        for ((_, er), (toff, tr_rows)) in en.tables.iter().zip(&tr.tables) {
            if er.len() != tr_rows.len() {
                out.push(Finding::new(
                    Rule::PageTables,
                    at(*toff),
                    format!("table has {} row(s) here, {} in English", tr_rows.len(), er.len()),
                    String::new(),
                    "every locale shows the same rows",
                ));
                continue;
            }
            for ((_, ek), (roff, tk)) in er.iter().zip(tr_rows) {
                if let Some(ek) = ek.as_ref().filter(|k| tk.as_ref() != Some(*k)) {
                    let got = tk.clone().unwrap_or_else(|| "(no code key)".into());
                    out.push(Finding::new(
                        Rule::PageTables,
                        at(*roff),
                        format!("row key is `{got}` here but `{ek}` in English (translated term?)"),
                        got,
                        "first-column keys are spec terms: never translate them",
                    ));
                }
            }
        }
    }
    if let Some(i) = first_diff(&en.code, &tr.code) {
        let off = tr.code.get(i).map_or(end, |x| x.0);
        out.push(Finding::new(
            Rule::PageCode,
            at(off),
            format!("code block {} differs from English", i + 1),
            tr.code.get(i).map(|x| x.1.chars().take(80).collect::<String>()).unwrap_or_default(),
            "code blocks are generated once for all locales; rebuild, never edit them",
        ));
    }
    compare_x_default(en, tr, file, html, out);
    let mut want: BTreeMap<String, usize> = BTreeMap::new();
    for (_, l) in &en.links {
        *want.entry(normalize_link(l, source, [source, locale], all)).or_insert(0) += 1;
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (off, l) in &tr.links {
        let n = normalize_link(l, locale, [source, locale], all);
        let count = seen.entry(n.clone()).or_insert(0);
        *count += 1;
        if *count > want.get(&n).copied().unwrap_or(0) {
            out.push(Finding::new(
                Rule::PageLinks,
                at(*off),
                format!("link to `{l}` is not on the English page"),
                l.clone(),
                "link to the same targets as English",
            ));
        }
    }
    for (target, n) in &want {
        let have = seen.get(target).copied().unwrap_or(0);
        if have < *n {
            out.push(Finding::new(
                Rule::PageLinks,
                at(0),
                format!(
                    "the English page links to `{target}` {n} time(s), this page {have} time(s)"
                ),
                target.clone(),
                "link to the same targets as English",
            ));
        }
    }
}

/// The `x-default` alternates, which name the same page on every locale's page.
fn compare_x_default(
    en: &PageShape,
    tr: &PageShape,
    file: &Path,
    html: &str,
    out: &mut Vec<Finding>,
) {
    if let Some(i) = first_diff(&en.x_default, &tr.x_default) {
        let off = tr.x_default.get(i).map_or(0, |x| x.0);
        let (want, got) = (
            en.x_default.get(i).map_or("(none)", |x| x.1.as_str()),
            tr.x_default.get(i).map_or("(none)", |x| x.1.as_str()),
        );
        out.push(Finding::new(
            Rule::PageLinks,
            Place::at_offset(file, html, off),
            format!("the x-default alternate is `{got}` here but `{want}` in English"),
            got,
            "every locale's page names the same x-default page, the source locale's",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_tables_code_and_links() {
        let html = r#"<html><a href="../../de/x/">x</a><section id="s"><h2 id="h">T</h2>
<table><tr><th>Name</th></tr><tr><td><code>topic</code> <span>(Optional)</span></td><td>String</td></tr></table>
<pre class="c"><code>GET <b>x</b></code></pre><!-- <a href="no"> --></section></html>"#;
        let s = shape(html);
        assert_eq!(s.sections.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(), vec!["s", "h"]);
        assert_eq!(
            s.tables[0].1.iter().map(|r| r.1.clone()).collect::<Vec<_>>(),
            vec![None, Some("topic".to_string())]
        );
        assert_eq!(s.code[0].1, "<code>GET <b>x</b></code>");
        assert_eq!(s.links.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(), vec!["../../de/x/"]);
        let all = ["en".to_string(), "de".to_string(), "es".to_string()];
        let n = |href: &str, own: &str| normalize_link(href, own, ["en", "de"], &all);
        assert_eq!(n("../../en/x/", "en"), n("../../de/x/", "de"));
        assert_eq!(n("../../es/x/", "en"), n("../../en/x/", "de"));
        assert_ne!(n("../../en/x/", "en"), n("../../es/x/", "de"));
        // Another site's English page is a fine target for a translation; its Spanish page
        // is not what the German page should link to.
        let guide = "https://docs.example.org/en/guide";
        assert_eq!(n(guide, "en"), n(guide, "de"));
        assert_eq!(n(guide, "en"), n("https://docs.example.org/de/guide", "de"));
        assert_ne!(n(guide, "en"), n("https://docs.example.org/es/guide", "de"));
        assert_eq!(
            n("//docs.example.org/en-us/guide", "en"),
            n("//docs.example.org/en-us/guide", "de")
        );
    }

    #[test]
    fn x_default_is_compared_as_written() {
        let page = |own: &str, x: &str| {
            format!(
                r#"<link rel="alternate" hreflang="{own}" href="../../{own}/x/"><link rel="alternate" hreflang="x-default" href="../../{x}/x/">"#
            )
        };
        let en = shape(&page("en", "en"));
        assert_eq!(
            en.x_default.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(),
            vec!["../../en/x/"]
        );
        assert_eq!(en.links.len(), 1, "x-default is not among the normalized links");
        let all = ["en".to_string(), "de".to_string()];
        let findings = |html: &str| {
            let mut out = Vec::new();
            compare(
                &en,
                &shape(html),
                ("en", "de", &all),
                Path::new("de/x/index.html"),
                html,
                &mut out,
            );
            out.into_iter().map(|f| f.message).collect::<Vec<_>>()
        };
        assert!(findings(&page("de", "en")).is_empty(), "the source-locale page on both");
        assert_eq!(
            findings(&page("de", "de")),
            vec!["the x-default alternate is `../../de/x/` here but `../../en/x/` in English"]
        );
    }
}
