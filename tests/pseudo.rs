//! The pseudo-locale `en-XA` through the real binary: every visible text of its pages outside
//! code is pseudo-localized (so no English UI string leaks past the messages), the text is
//! about a third longer than English, and code stays byte-identical to the English page.

mod support;

use std::path::Path;
use support::*;

/// Visible text nodes of `html` outside `<code>`, `<pre>`, `<script>`, `<style>`, `<head>` and
/// outside elements whose `lang` differs from the page's (the switcher names each language in
/// itself). Void elements are not pushed.
fn visible_text(html: &str, page_lang: &str) -> Vec<String> {
    const VOID: [&str; 8] = ["meta", "link", "input", "br", "img", "hr", "source", "wbr"];
    let mut texts = Vec::new();
    // Stack of (tag, hidden-here).
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        let hidden = stack.iter().any(|(_, h)| *h);
        if !hidden && !text.trim().is_empty() {
            texts.push(
                text.trim()
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#x27;", "'"),
            );
        }
        let gt = rest[lt..].find('>').expect("closed tag") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(pos) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(pos);
            }
            continue;
        }
        let name =
            tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap().to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        let other_lang = tag
            .split_once("lang=\"")
            .map(|(_, v)| v.split('"').next().unwrap())
            .is_some_and(|l| l != page_lang);
        let hide =
            other_lang || ["code", "pre", "script", "style", "head"].contains(&name.as_str());
        stack.push((name, hide));
    }
    texts
}

fn build(project: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--out", "public"];
    args.extend_from_slice(extra);
    let out = polydoc(project, &args);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn read(project: &Path, rel: &str) -> String {
    std::fs::read_to_string(project.join("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Tab labels name programming languages (from the code, not the messages), and the sidebar
/// shows HTTP methods and the content folder (area) names: data, not UI text.
const LANGUAGE_NAMES: [&str; 5] = ["HTTP", "C#", "Java", "JavaScript", "Python"];
const DATA_NAMES: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "chat"];

#[test]
fn no_english_ui_text_leaks_into_the_pseudo_locale() {
    let project = shipped_project();
    build(project.path(), &["--locales", "en,en-XA"]);
    for rel in ["en-XA/create-chat/index.html", "en-XA/index.html"] {
        let html = read(project.path(), rel);
        assert!(html.contains("<html lang=\"en-XA\""), "{rel}");
        let texts = visible_text(&html, "en-XA");
        assert!(texts.len() > 5, "{rel}: {} text nodes", texts.len());
        let leaks: Vec<&String> = texts
            .iter()
            .filter(|t| !LANGUAGE_NAMES.contains(&t.as_str()) && !DATA_NAMES.contains(&t.as_str()))
            .filter(|t| t.chars().any(|c| c.is_ascii_alphabetic()))
            .collect();
        assert!(leaks.is_empty(), "{rel}: English text outside code: {leaks:?}");
        // Every message is marked: the first text of each <h2> of the operation page starts a
        // pseudo message (the index page's <h2> are section names, in code).
        for h2 in html.split("<h2 id=").skip(1).filter(|_| rel.contains("create-chat")) {
            let inner = h2.split_once('>').unwrap().1;
            assert!(
                inner.starts_with('⟦'),
                "{rel}: heading not pseudo-localized: {}",
                &inner[..inner.len().min(60)]
            );
        }
    }
    // The same test catches a leak: on the English page it finds English text.
    let english = read(project.path(), "en/create-chat/index.html");
    let texts = visible_text(&english, "en");
    assert!(texts.iter().any(|t| t == "Permissions"), "the scanner sees English UI text");
}

#[test]
fn pseudo_text_is_longer_and_code_is_unchanged() {
    let project = shipped_project();
    build(project.path(), &["--pseudo"]);
    let en = read(project.path(), "en/create-chat/index.html");
    let xa = read(project.path(), "en-XA/create-chat/index.html");
    let length = |html: &str, lang: &str| -> usize {
        visible_text(html, lang).iter().map(|t| t.chars().count()).sum()
    };
    let ratio = length(&xa, "en-XA") as f64 / length(&en, "en") as f64;
    assert!((1.25..1.7).contains(&ratio), "pseudo text is {ratio:.2}x English");
    let code = |html: &str| -> Vec<String> {
        html.split("<pre").skip(1).map(|p| p.split("</pre>").next().unwrap().to_string()).collect()
    };
    assert_eq!(code(&en), code(&xa), "code blocks identical");
    // --pseudo adds the locale to all the others; every page links to it.
    for locale in ["en", "de", "es"] {
        let page = read(project.path(), &format!("{locale}/create-chat/index.html"));
        assert!(page.contains("hreflang=\"en-XA\" href=\"../../en-XA/create-chat/\""), "{locale}");
    }
}
