//! Injection: hostile text planted in translations and in the spec (namespace, path, header
//! names and values, permission names, example JSON strings) renders inert in element text,
//! attributes, `<title>` and meta tags. The pages of a clean build of the shipped project give
//! the allowed vocabulary (tags, attributes, link schemes); the hostile build must stay inside
//! it, with every attribute value double-quoted and free of `<` and `"`.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use support::*;

const SCRIPT: &str = "</script><script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const QUOTES: &str = "\"'><b x=\"y";
const TERA: &str = "{{ \"pwn\" ~ \"ed\" }}{% if true %}TERA-RAN{% endif %}";

/// One HTML tag as seen by a strict scanner.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Scans `html` into tags; fails on anything a browser could read as markup that is not a
/// well-formed tag with double-quoted attribute values.
fn scan(html: &str, file: &str) -> Result<Vec<Tag>, String> {
    let b = html.as_bytes();
    let mut i = 0;
    let mut tags = Vec::new();
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or(format!("{file}: unterminated comment"))?;
            i += end + 3;
            continue;
        }
        if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            i += rest.find('>').ok_or("unterminated doctype")? + 1;
            continue;
        }
        let mut j = i + 1;
        let closing = j < b.len() && b[j] == b'/';
        if closing {
            j += 1;
        }
        let start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if start == j {
            // `<` not starting a tag (e.g. `< 3`) is text to a browser; polydoc escapes it anyway.
            return Err(format!(
                "{file}: bare `<` at byte {i}: {:?}",
                &html[i..(i + 40).min(html.len())]
            ));
        }
        let name = html[start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() {
                return Err(format!("{file}: unterminated tag <{name}"));
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            if b[j] == b'/' && b.get(j + 1) == Some(&b'>') {
                j += 2;
                break;
            }
            let a = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            if attr.contains(['"', '\'', '<']) {
                return Err(format!("{file}: broken attribute name {attr:?} in <{name}>"));
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if b.get(j) != Some(&b'"') {
                    return Err(format!(
                        "{file}: attribute {attr} of <{name}> is not double-quoted"
                    ));
                }
                let end = html[j + 1..]
                    .find('"')
                    .ok_or(format!("{file}: unterminated attribute value"))?;
                value = html[j + 1..j + 1 + end].to_string();
                if value.contains('<') {
                    return Err(format!("{file}: `<` inside attribute {attr}={value:?}"));
                }
                j += end + 2;
            }
            attrs.push((attr, value));
        }
        if !closing && (name == "script" || name == "style") {
            // Raw text up to the closing tag: it must be the template's own.
            let close = format!("</{name}");
            let end = html[j..].find(&close).ok_or(format!("{file}: unterminated <{name}>"))?;
            j += end;
        }
        tags.push(Tag { name, attrs });
        i = j;
    }
    Ok(tags)
}

/// Every `(tag, attribute)` pair and every link scheme used by the pages under `out`.
fn vocabulary(out: &Path) -> (BTreeSet<(String, String)>, BTreeSet<String>, usize) {
    let mut pairs = BTreeSet::new();
    let mut schemes = BTreeSet::new();
    let mut scripts = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let file = entry.path().display().to_string();
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let tags = scan(&html, &file).unwrap_or_else(|e| panic!("{e}"));
        for tag in tags {
            scripts += usize::from(tag.name == "script");
            pairs.insert((tag.name.clone(), String::new()));
            for (attr, value) in &tag.attrs {
                pairs.insert((tag.name.clone(), attr.clone()));
                if attr == "href" || attr == "src" || attr == "action" {
                    let decoded =
                        value.replace("&#x3A;", ":").replace("&#58;", ":").to_ascii_lowercase();
                    let scheme = decoded
                        .split_once(':')
                        .map(|(s, _)| s)
                        .filter(|s| !s.contains(['/', '#', '?']))
                        .unwrap_or("");
                    schemes.insert(scheme.trim().to_string());
                }
            }
        }
    }
    (pairs, schemes, scripts)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Plants the payloads into a copy of the shipped project.
fn plant(project: &Path) {
    let payload = format!("{SCRIPT}{IMG}{QUOTES}");
    // Translations: title (<title>, meta description via summary), prose, a link, ui chrome.
    let de = project.join("locales/de/create-chat.ftl");
    edit(
        &de,
        "title = Chat erstellen",
        &format!("title = Chat {payload} {{ \"{{{{\" }} \"pwn\" ~ \"ed\" {{ \"}}}}\" }}"),
    );
    edit(&de, "summary = Erstellen Sie", &format!("summary = {payload} [klick](javascript:alert(1)) <a href=\"javascript:alert(2)\">a</a> Erstellen Sie"));
    edit(
        &de,
        "prop-topic = Der Titel",
        &format!("prop-topic = {IMG} [x](  JaVaScRiPt:alert(3)) Der Titel"),
    );
    edit(
        &de,
        "example-group = Gruppenchat",
        &format!(
            "example-group = {{ \"{{% if true %}}TERA-RAN{{% endif %}}\" }} {SCRIPT} Gruppenchat"
        ),
    );
    let ui = project.join("locales/de/ui.ftl");
    let ui_text = std::fs::read_to_string(&ui).unwrap();
    let site_title = ui_text.lines().find(|l| l.starts_with("site-title = ")).unwrap().to_string();
    edit(&ui, &site_title, &format!("site-title = {payload}"));
    // The spec: every free-text field that reaches a page.
    let spec = project.join("content/chat/create-chat.yaml");
    let yaml_payload =
        format!("{SCRIPT}{IMG}{QUOTES}{TERA}").replace('\\', "\\\\").replace('"', "\\\"");
    edit(
        &spec,
        "namespace: microsoft.graph",
        &format!("namespace: \"microsoft.graph{yaml_payload}\""),
    );
    edit(&spec, "path: /chats", &format!("path: \"/chats/{yaml_payload}\""));
    edit(&spec, "value: \"Bearer {token}\"", &format!("value: \"Bearer {yaml_payload}\""));
    edit(
        &spec,
        "  - { name: Content-Type, value: application/json, required: true }",
        &format!("  - {{ name: Content-Type, value: application/json, required: true }}\n  - {{ name: \"X-{yaml_payload}\", value: \"javascript:alert(1)\" }}"),
    );
    edit(
        &spec,
        "delegated_work: [Chat.Create, Chat.ReadWrite]",
        &format!("delegated_work: [Chat.Create, \"Chat.{yaml_payload}\"]"),
    );
    edit(
        &spec,
        "application: [Chat.Create]",
        "application: [Chat.Create, \"javascript:alert(1)\"]",
    );
    let json_payload =
        format!("{SCRIPT}{IMG}{QUOTES}{TERA}").replace('\\', "\\\\").replace('"', "\\\"");
    edit(&spec, "\"@odata.type\": \"#microsoft.graph.aadUserConversationMember\",\n              \"roles\": [\"owner\"],", &format!("\"@odata.type\": \"#microsoft.graph.aadUserConversationMember\",\n              \"roles\": [\"owner\"],\n              \"x@note\": \"{json_payload}\","));
}

#[test]
fn hostile_text_in_translations_and_specs_renders_inert() {
    let clean = shipped_project();
    let res = polydoc(clean.path(), &["build", "--out", "public"]);
    assert!(res.status.success(), "{}", stderr(&res));
    let (allowed, allowed_schemes, clean_scripts) = vocabulary(&clean.path().join("public"));

    let project = shipped_project();
    plant(project.path());
    let res = polydoc(project.path(), &["build", "--out", "public"]);
    assert!(res.status.success(), "hostile text must build (it is only text): {}", stderr(&res));
    let out = project.path().join("public");
    let (pairs, schemes, scripts) = vocabulary(&out);
    let foreign: Vec<_> = pairs.difference(&allowed).collect();
    assert!(foreign.is_empty(), "tags/attributes a clean build never writes: {foreign:?}");
    let foreign_schemes: Vec<_> = schemes.difference(&allowed_schemes).collect();
    assert!(
        foreign_schemes.is_empty(),
        "link schemes a clean build never writes: {foreign_schemes:?}"
    );
    assert_eq!(scripts, clean_scripts, "script elements");

    // The payloads are there, as text.
    let de = std::fs::read_to_string(out.join("de/create-chat/index.html")).unwrap();
    let title = &de[de.find("<title>").unwrap()..de.find("</title>").unwrap()];
    assert!(title.contains("&lt;img src=x onerror=alert(1)&gt;"), "title: {title}");
    assert!(
        title.contains("&lt;&#x2F;script&gt;") || title.contains("&lt;/script&gt;"),
        "title: {title}"
    );
    assert!(de.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let en = std::fs::read_to_string(out.join("en/create-chat/index.html")).unwrap();
    for page in [&de, &en] {
        assert!(
            !page.contains("pwned") && !page.contains(">TERA-RAN"),
            "Tera syntax from input was evaluated"
        );
        assert!(!page.to_ascii_lowercase().contains("href=\"javascript"), "a javascript: link");
        assert!(!page.contains("<img") && !page.contains("<b x"), "live markup");
    }
    assert!(en.contains("TERA-RAN"), "the spec's Tera text is shown as text");
    assert!(en.contains("x@note"), "the example body with the payload is shown");
    let index = std::fs::read_to_string(out.join("de/index.html")).unwrap();
    assert!(!index.contains("<img"));
}

#[test]
fn check_reports_markup_in_translations_and_specs() {
    let project = shipped_project();
    plant(project.path());
    let res = polydoc(project.path(), &["check", "--no-pages", "--format", "json"]);
    let out = String::from_utf8_lossy(&res.stdout).into_owned();
    assert_eq!(res.status.code(), Some(1), "{out}{}", stderr(&res));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = report["findings"].as_array().expect("findings");
    let rule_files: BTreeSet<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        rule_files.contains(&("raw-html".into(), "locales/de/create-chat.ftl".into())),
        "{rule_files:?}"
    );
    assert!(
        rule_files.contains(&("raw-html".into(), "locales/de/ui.ftl".into())),
        "{rule_files:?}"
    );
    let spec_findings: Vec<_> = findings.iter().filter(|f| f["rule"] == "spec-markup").collect();
    for field in ["namespace", "path", "request_headers", "permissions"] {
        assert!(
            spec_findings.iter().any(|f| f["message"].as_str().unwrap_or("").contains(field)),
            "no spec-markup finding for {field}: {spec_findings:#?}"
        );
    }
    assert!(spec_findings.iter().all(
        |f| f["file"] == "content/chat/create-chat.yaml" && f["line"].as_u64().unwrap_or(0) > 0
    ));
}

#[test]
fn the_scanner_catches_live_markup() {
    let tags =
        scan("<p class=\"a\">x &lt;img&gt;</p><img src=\"x\" onerror=\"alert(1)\">", "t").unwrap();
    let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p", "p", "img"]);
    assert!(tags[2].attrs.iter().any(|(a, _)| a == "onerror"));
    assert!(scan("<a href=x>", "t").is_err(), "unquoted attribute");
    assert!(scan("<a title=\"x\" y'=\"1\">", "t").is_err(), "broken attribute name");
    assert!(scan("<a title=\"<b>\">", "t").is_err(), "markup inside an attribute");
    assert!(scan("a <b", "t").is_err(), "unterminated tag");
    let (pairs, _, _) = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("x.html"),
            "<a href=\"javascript:alert(1)\">x</a><script>1</script>",
        )
        .unwrap();
        vocabulary(dir.path())
    };
    assert!(pairs.contains(&("a".to_string(), "href".to_string())));
}
