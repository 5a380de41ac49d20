//! `build --format json|markdown|commonmark` through the real binary: the page JSON (its
//! version and fields, code equal to the HTML page's), the Microsoft Learn layout (front matter,
//! tab groups, one include per snippet, every include link resolving) and plain CommonMark
//! (parsed with pulldown-cmark: its code blocks are exactly the snippets). Snapshots of one
//! page per Markdown format.

mod support;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde_json::Value;
use std::path::Path;
use support::*;

const LOCALES: [&str; 3] = ["en", "de", "es"];

fn build(project: &Path, out: &str, format: &str) {
    let result = polydoc(project, &["build", "--out", out, "--format", format]);
    assert!(result.status.success(), "{format}: {}", stderr(&result));
}

fn read(project: &Path, rel: &str) -> String {
    std::fs::read_to_string(project.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn page_json(project: &Path, locale: &str) -> Value {
    serde_json::from_str(&read(project, &format!("json/{locale}/create-chat.json"))).unwrap()
}

/// Every example's code blocks in page order: request tabs then the response, as plain text.
fn json_code(page: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for ex in page["examples"].as_array().unwrap() {
        for tab in ex["request_tabs"].as_array().unwrap() {
            out.push((
                tab["lang"].as_str().unwrap().to_string(),
                tab["text"].as_str().unwrap().to_string(),
            ));
        }
        out.push(("http".to_string(), ex["response"]["text"].as_str().unwrap().to_string()));
    }
    out
}

/// Fenced code blocks of a Markdown text (language, text), as CommonMark reads them.
fn fenced_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                current = Some((lang.to_string(), String::new()))
            }
            Event::Text(text) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

fn html_decode(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

#[test]
fn json_pages_carry_the_versioned_model_and_the_exact_code() {
    let project = shipped_project();
    build(project.path(), "json", "json");
    build(project.path(), "html", "html");
    let index: Value = serde_json::from_str(&read(project.path(), "json/index.json")).unwrap();
    assert_eq!(index["version"], 2);
    assert_eq!(index["source_locale"], "en");
    assert_eq!(index["pages"].as_array().unwrap().len(), 3);
    for locale in LOCALES {
        let page = page_json(project.path(), locale);
        assert_eq!(page["version"], 2, "{locale}");
        assert_eq!(page["locale"], locale);
        assert_eq!(page["id"], "create-chat");
        let keys: Vec<&str> = page.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "version",
                "locale",
                "id",
                "title",
                "description",
                "namespace",
                "summary_html",
                "notes_html",
                "permissions",
                "method",
                "kind",
                "path",
                "path_parameters",
                "query_parameters",
                "headers",
                "body",
                "response_html",
                "response_collection_html",
                "responses",
                "responses_table",
                "errors",
                "see_also",
                "examples",
                "alternates",
                "t",
                "nav"
            ],
            "the fields docs/page-json.md documents, in order"
        );
        let docs = std::fs::read_to_string(repo_root().join("docs/page-json.md")).unwrap();
        for key in &keys {
            assert!(
                docs.contains(&format!("`{key}`")),
                "docs/page-json.md does not document `{key}`"
            );
        }
        // The code in the JSON is the code the HTML page shows, block for block.
        let html = read(project.path(), &format!("html/{locale}/create-chat/index.html"));
        let shown: Vec<String> = html
            .split("<code>")
            .skip(1)
            .filter_map(|s| s.split_once("</code></pre>"))
            .map(|(code, _)| html_decode(code))
            .collect();
        let code = json_code(&page);
        assert_eq!(code.len(), 5 * 6, "{locale}: five examples, five tabs and a response each");
        for (lang, text) in &code {
            assert!(
                shown.contains(text),
                "{locale}: {lang} block of the JSON not on the HTML page:\n{text}"
            );
        }
        let title =
            index["pages"].as_array().unwrap().iter().find(|p| p["locale"] == locale).unwrap()
                ["title"]
                .clone();
        assert_eq!(title, page["title"], "{locale}: index.json has the page's title");
    }
    assert_ne!(
        page_json(project.path(), "de")["title"],
        page_json(project.path(), "en")["title"],
        "localized"
    );
}

#[test]
fn learn_markdown_has_front_matter_tab_groups_and_one_include_per_snippet() {
    let project = shipped_project();
    build(project.path(), "md", "markdown");
    build(project.path(), "json", "json");
    for locale in LOCALES {
        let page = read(project.path(), &format!("md/{locale}/api/create-chat.md"));
        let json = page_json(project.path(), locale);
        let front = page
            .strip_prefix("---\n")
            .and_then(|p| p.split_once("\n---\n"))
            .map(|(f, _)| f)
            .expect("front matter");
        assert!(front.contains(&format!("title: {}", json["title"])), "{locale}: {front}");
        assert!(
            front.contains("ms.localizationpriority: medium")
                && front.contains(&format!("ms.locale: {locale}")),
            "{front}"
        );
        assert!(front.contains("description: \""));
        // Five tab groups: HTTP, C#, Java, Python, each group closed by `---`.
        for (label, lang) in
            [("HTTP", "http"), ("C#", "csharp"), ("Java", "java"), ("Python", "python")]
        {
            assert_eq!(
                page.matches(&format!("\n# [{label}](#tab/{lang})\n")).count(),
                5,
                "{locale} {lang}"
            );
        }
        assert_eq!(
            page.matches("\n---\n").count(),
            1 + 5,
            "{locale}: front matter end plus one per tab group"
        );
        // Every include link resolves to a file whose code is the snippet, exactly.
        let code = json_code(&json);
        let mut includes = 0;
        for line in page.lines().filter(|l| l.starts_with("[!INCLUDE [sample-code](")) {
            let target = line.trim_start_matches("[!INCLUDE [sample-code](").trim_end_matches(")]");
            let file = project.path().join("md").join(locale).join("api").join(target);
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{locale}: {target}: {e}"));
            assert!(
                text.starts_with(
                    "---\ndescription: \"Automatically generated file. DO NOT MODIFY\"\n---\n"
                ),
                "{target}"
            );
            let blocks = fenced_blocks(&text);
            assert_eq!(blocks.len(), 1, "{target}");
            assert!(
                code.contains(&blocks[0]),
                "{locale}: {target} is not one of the page's snippets"
            );
            includes += 1;
        }
        assert_eq!(includes, 20, "{locale}: C#, Java, JavaScript and Python of five examples");
        // HTTP requests and responses stay in the page, exactly as in the JSON.
        let blocks = fenced_blocks(&page);
        for (lang, text) in code.iter().filter(|(l, _)| l == "http") {
            assert!(
                blocks.contains(&(lang.clone(), text.clone())),
                "{locale}: missing http block:\n{text}"
            );
        }
    }
    insta::assert_snapshot!("learn-markdown.de", read(project.path(), "md/de/api/create-chat.md"));
}

#[test]
fn commonmark_is_plain_markdown_whose_code_blocks_are_the_snippets() {
    let project = shipped_project();
    build(project.path(), "cm", "commonmark");
    build(project.path(), "json", "json");
    for locale in LOCALES {
        let page = read(project.path(), &format!("cm/{locale}/create-chat.md"));
        assert!(
            !page.contains("[!INCLUDE") && !page.contains("#tab/"),
            "{locale}: no Learn extensions"
        );
        let html: Vec<String> = Parser::new(&page)
            .filter_map(|e| match e {
                Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
                _ => None,
            })
            .collect();
        assert!(html.is_empty(), "{locale}: no raw HTML (the messages are Markdown): {html:?}");
        let json = page_json(project.path(), locale);
        let mut expected = vec![(
            "http".to_string(),
            format!("{} {}\n", json["method"].as_str().unwrap(), json["path"].as_str().unwrap()),
        )];
        expected.extend(json_code(&json));
        assert_eq!(
            fenced_blocks(&page),
            expected,
            "{locale}: every code block, in order, byte for byte"
        );
        // Spec terms are code spans, as the messages made them.
        let mut spans = Vec::new();
        for event in Parser::new(&page) {
            if let Event::Code(c) = event {
                spans.push(c.to_string());
            }
        }
        for term in ["chat", "topic", "chatType", "members", "owner", "guest", "201 Created"] {
            assert!(spans.iter().any(|s| s == term), "{locale}: `{term}` is not a code span");
        }
    }
    insta::assert_snapshot!("commonmark.es", read(project.path(), "cm/es/create-chat.md"));
}
