//! `template-literal`: English hard-coded in a template. `check` builds the pseudo-locale
//! `en-XA` beside the other locales (every message accented and marked `⟦ ⟧`, see
//! [`crate::localize::pseudo`]); any visible text on an `en-XA` page with plain ASCII letters
//! outside code did not come from a message. It is reported at the template line that holds
//! it when one of the project's templates (`templates/`) does, else at the built page.

use super::finding::{Finding, Place, Rule};
use std::path::{Path, PathBuf};

/// Elements whose text is not prose: code, and what the browser does not show.
const HIDDEN: [&str; 7] = ["code", "pre", "script", "style", "head", "kbd", "samp"];
/// Elements without content.
const VOID: [&str; 9] = ["meta", "link", "input", "br", "img", "hr", "source", "wbr", "col"];

/// Visible text nodes of `html` (entities decoded) with their byte offsets, outside
/// [`HIDDEN`] elements and elements whose `lang` is not the page's (the language switcher
/// names each language in itself).
pub fn visible_text(html: &str, page_lang: &str) -> Vec<(usize, String)> {
    let mut texts = Vec::new();
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    while let Some(lt) = html[at..].find('<').map(|i| at + i) {
        let text = &html[at..lt];
        if !stack.iter().any(|(_, h)| *h) && !text.trim().is_empty() {
            texts.push((at + (text.len() - text.trim_start().len()), decode(text.trim())));
        }
        let Some(gt) = html[lt..].find('>').map(|i| lt + i) else { break };
        let tag = &html[lt + 1..gt];
        at = gt + 1;
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(pos) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(pos);
            }
            continue;
        }
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let other_lang = tag
            .split_once("lang=\"")
            .map(|(_, v)| v.split('"').next().unwrap_or_default())
            .is_some_and(|l| l != page_lang);
        let hide = other_lang || HIDDEN.contains(&name.as_str());
        // A raw-text element's content ends at its own closing tag only.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            at = html[at..].to_ascii_lowercase().find(&close).map_or(html.len(), |i| at + i);
        }
        stack.push((name, hide));
    }
    texts
}

fn decode(text: &str) -> String {
    named_entities_to_symbols(text)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Other named entities (`&larr;`, `&nbsp;`) become `·`: a symbol, never an English word.
fn named_entities_to_symbols(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let name_len = tail.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let named = name_len > 0 && tail[name_len..].starts_with(';');
        let known = ["lt", "gt", "quot", "amp"].contains(&&tail[..name_len]);
        if named && !known {
            out.push('·');
            rest = &tail[name_len + 1..];
        } else {
            out.push('&');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// The first English-looking word of a text node (two ASCII letters in a row), if any.
fn english_word(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .find(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
}

/// The names the site shows as data: HTTP methods, and the spec's area and type names that
/// the folders of its area and type pages (`_area/<area>/…`, `_type/<Type>/`) are slugs of
/// (`Error_5f_400` is type `Error_400`), with each area's label under its parent area
/// (`response` under `calendar-event` for `calendar-event-response`).
fn identifiers(pages: &Path) -> std::collections::BTreeSet<String> {
    let mut names: std::collections::BTreeSet<String> =
        ["GET", "POST", "PUT", "PATCH", "DELETE"].into_iter().map(String::from).collect();
    let mut areas = Vec::new();
    for dir in ["_area", "_type"] {
        let walk = walkdir::WalkDir::new(pages.join(dir)).min_depth(1).into_iter().flatten();
        for entry in walk.filter(|e| e.file_type().is_dir()) {
            let folder = entry.file_name().to_string_lossy().into_owned();
            let name = crate::site::unslug(&folder).unwrap_or_else(|| folder.clone());
            if dir == "_area" && entry.depth() == 1 {
                areas.push(name.clone());
            }
            names.insert(folder);
            names.insert(name);
        }
    }
    let outline = crate::site::Outline::new(areas.iter().map(String::as_str));
    names.extend(outline.areas.into_iter().map(|a| a.label));
    names
}

/// True when `text` is one token the spec owns: a name of [`identifiers`], or a path or
/// qualified name (`/chats/{chat-id}`, `microsoft.graph.user`).
fn is_identifier(text: &str, names: &std::collections::BTreeSet<String>) -> bool {
    let token = !text.is_empty() && !text.contains(char::is_whitespace);
    token
        && (names.contains(text)
            || text.starts_with('/')
            || text.contains('.') && !text.ends_with('.') && text.is_ascii())
}

/// Reports English text on every `en-XA` page of the site built at `site`.
pub fn check(root: &Path, site: &Path, out: &mut Vec<Finding>) {
    let pages = site.join(crate::localize::pseudo::PSEUDO_LOCALE);
    let labels: Vec<&str> = crate::snippet::languages().iter().map(|l| l.label()).collect();
    let templates = project_templates(root);
    let names = identifiers(&pages);
    let mut reported: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new(&pages).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(path) else { continue };
        let mut depth = 0;
        for (offset, text) in visible_text(&html, crate::localize::pseudo::PSEUDO_LOCALE) {
            // What a message shows is in its `⟦ ⟧`: code it holds stays English on a page
            // that shows the message as plain text (a title in a link). The rest is the
            // template's.
            let text = outside_messages(&text, &mut depth);
            if labels.contains(&text.as_str()) {
                continue; // a tab names a programming language, from the code
            }
            if is_identifier(&text, &names) {
                continue; // a method, area, type or path: data of the spec, never translated
            }
            let Some(word) = english_word(&text) else { continue };
            if reported.contains(&text) {
                continue; // once per text, not once per page
            }
            reported.push(text.clone());
            let rel = path.strip_prefix(site).unwrap_or(path);
            out.push(finding(root, &templates, rel, &html, offset, &text, word));
        }
    }
}

/// The characters of text node `text` outside the `⟦ ⟧` of pseudo-localized messages,
/// `depth` carrying how many are open from the page's earlier text nodes (a message holding
/// markup spans several).
fn outside_messages(text: &str, depth: &mut usize) -> String {
    use crate::localize::pseudo::{CLOSE, OPEN};
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            OPEN => *depth += 1,
            CLOSE => *depth = depth.saturating_sub(1),
            c if *depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn finding(
    root: &Path,
    templates: &[(PathBuf, String)],
    page: &Path,
    html: &str,
    offset: usize,
    text: &str,
    word: &str,
) -> Finding {
    let message = format!(
        "`{text}` shows in English on the pseudo-locale page {}: it comes from a template, not from a message",
        page.display()
    );
    let hint =
        "move the text into a message (`ui.ftl`) and use it with `t(id=...)` in the template";
    let in_template = templates.iter().find_map(|(file, source)| {
        // At the English word, where the template holds the text.
        let in_text = text.find(word).unwrap_or(0);
        let at = source.find(text).map(|at| at + in_text).or_else(|| source.find(word));
        at.map(|at| (file, source, at))
    });
    match in_template {
        Some((file, source, at)) => {
            let rel = file.strip_prefix(root).unwrap_or(file);
            Finding::new(
                Rule::TemplateLiteral,
                Place::at_offset(rel, source, at),
                message,
                text,
                hint,
            )
        }
        None => {
            let shown = Path::new("<built site>").join(page);
            let place = Place::at_offset(&shown, html, offset);
            let mut f = Finding::new(Rule::TemplateLiteral, place, message, text, hint);
            f.source_line = None;
            f
        }
    }
}

/// The project's own HTML templates with their text (none when it has no `templates/`).
fn project_templates(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join("templates");
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| Some((e.path().to_path_buf(), std::fs::read_to_string(e.path()).ok()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_messages_is_not_the_template_s() {
        let mut depth = 0;
        assert_eq!(outside_messages("⟦Ĝééţ `radius` {radius}⟧", &mut depth), "");
        assert_eq!(outside_messages("⟦Çŕééåţéé", &mut depth), "");
        assert_eq!(outside_messages("exportType⟧ Next page", &mut depth), "Next page");
        assert_eq!(depth, 0);
    }

    #[test]
    fn visible_text_skips_code_and_other_languages() {
        let html = "<html lang=\"en-XA\"><head><title>T</title></head><body><p>⟦Ĥéļļö⟧ <code>topic</code></p>\
                    <a lang=\"de\">Deutsch</a><script>var x = '<b>';</script><p>Plain</p></body></html>";
        let texts: Vec<String> = visible_text(html, "en-XA").into_iter().map(|t| t.1).collect();
        assert_eq!(texts, vec!["⟦Ĥéļļö⟧", "Plain"]);
        assert_eq!(english_word("⟦Ĥéļļö⟧ 201"), None);
        assert_eq!(english_word("Powered by x"), Some("Powered"));
    }
}
