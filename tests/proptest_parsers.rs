//! Property tests of the parsers hostile input reaches (the fuzzers in `fuzz/` explore further,
//! for a fixed time): the spec and schema loaders, the FTL checker, the Markdown renderer of
//! messages and the HTTP request parser of `polydoc snippet` never panic on arbitrary input;
//! every error and finding they report carries a line and column inside the input; the HTTP
//! snippet printer and the request parser round-trip; rendered messages hold no markup beyond
//! the inline set and no unsafe link; in the Markdown outputs they are one line of inline
//! Markdown with no raw HTML, no unsafe link, no block start and no unescaped MDX syntax.

use polydoc::check::ftl::FtlDoc;
use polydoc::diag::SourceError;
use polydoc::spec::schema::SchemaFile;
use polydoc::spec::{HttpRequest, OperationFile};
use proptest::prelude::*;
use std::path::Path;

/// Text that looks enough like YAML, FTL or HTTP to get past the first byte, mixed with noise.
fn texty() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("  ".to_string()),
        Just(": ".to_string()),
        Just("- ".to_string()),
        Just("{ ".to_string()),
        Just(" }".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("|\n".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("{ $x }".to_string()),
        Just(" ->\n *[other] ".to_string()),
        Just("id".to_string()),
        Just("title = ".to_string()),
        Just("POST /chats".to_string()),
        Just("Content-Type: application/json".to_string()),
        Just("\u{feff}".to_string()),
        Just("é".to_string()),
        "[a-zA-Z0-9 _.@#$%/<>=-]{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// Line and column of a located error must be inside `text` (column may point one past the
/// end of a line, where something was expected).
fn assert_inside(text: &str, line: usize, col: usize, what: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(line >= 1 && line <= lines.len() + 1, "{what}: line {line} of {} lines", lines.len());
    let len = lines.get(line - 1).map_or(0, |l| l.chars().count());
    assert!(col >= 1 && col <= len + 2, "{what}: column {col} of a {len}-character line {line}");
}

fn located(e: &anyhow::Error) -> Option<&SourceError> {
    e.chain().find_map(|c| c.downcast_ref::<SourceError>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn spec_loader_never_panics_and_locates_errors(text in texty()) {
        if let Err(e) = polydoc::spec::load::parse_yaml::<OperationFile>(Path::new("op.yaml"), &text) {
            let s = located(&e).expect("YAML errors are located");
            assert_inside(&text, s.line, s.col, "spec");
        }
    }

    #[test]
    fn schema_loader_never_panics_and_locates_errors(text in texty()) {
        if let Err(e) = polydoc::spec::load::parse_yaml::<SchemaFile>(Path::new("schema.yaml"), &text) {
            let s = located(&e).expect("YAML errors are located");
            assert_inside(&text, s.line, s.col, "schema");
        }
    }

    #[test]
    fn operation_with_arbitrary_example_body_never_panics(body in texty()) {
        let spec = format!(
            "id: x\nnamespace: n\nmethod: POST\npath: /x\npermissions: {{ delegated_work: [], delegated_personal: [], application: [] }}\nresponse: {{ status: 200 OK, type: chat }}\nexamples:\n  - id: e\n    request:\n      method: POST\n      url: /x\n      body: |\n{}\n    response:\n      status: 200 OK\n",
            body.lines().map(|l| format!("        {l}")).collect::<Vec<_>>().join("\n")
        );
        let file = polydoc::spec::load::SourceFile { rel: "op.yaml".into(), text: spec.clone(), section: String::new() };
        if let Err(e) = polydoc::spec::load::parse_operation(&file) {
            let s = located(&e).expect("errors are located");
            assert_inside(&spec, s.line, s.col, "example body");
        }
    }

    #[test]
    fn ftl_checker_never_panics_and_locates_findings(text in texty()) {
        let mut findings = Vec::new();
        let doc = FtlDoc::parse(Path::new("x.ftl"), text.clone(), &mut findings);
        for f in &findings {
            assert_inside(&text, f.line, f.column, f.rule.id());
        }
        for unit in &doc.units {
            for v in &unit.variants {
                let html = polydoc::localize::markdown::inline_html(&v.markdown);
                assert_inert(&html);
            }
        }
    }

    #[test]
    fn message_markdown_renders_only_inline_markup(text in texty()) {
        assert_inert(&polydoc::localize::markdown::inline_html(&text));
    }

    #[test]
    fn message_markdown_for_markdown_outputs_is_inert(text in markdowny()) {
        assert_inert_markdown(&polydoc::localize::safe_markdown::inline_markdown(&text));
        assert_inert_markdown(&polydoc::localize::safe_markdown::escape_text(&text));
    }

    #[test]
    fn imported_descriptions_become_messages_check_accepts(text in descriptiony()) {
        // What `polydoc import` writes for a description: one message that parses, and that
        // `check` finds nothing wrong with.
        let message = polydoc::import::emit::ftl_message("d", &text);
        let mut findings = Vec::new();
        let doc = FtlDoc::parse(Path::new("d.ftl"), message.clone(), &mut findings);
        polydoc::check::characters::check_doc(&doc, "en", &mut findings);
        let found: Vec<String> = findings.iter().map(|f| format!("{}: {}", f.rule.id(), f.message)).collect();
        prop_assert!(found.is_empty(), "{found:?} in {message:?} from {text:?}");
        prop_assert_eq!(doc.units.len(), 1, "{:?}", message);
    }

    #[test]
    fn request_parser_never_panics_and_locates_errors(text in texty()) {
        if let Err(e) = polydoc::snippet::parse_request(&text) {
            assert_inside(&text, e.line, e.col, "request");
        }
    }

    #[test]
    fn http_snippet_round_trips(
        method in prop::sample::select(vec!["GET", "POST", "PATCH", "PUT", "DELETE"]),
        segments in prop::collection::vec("[a-zA-Z0-9_-]{1,8}", 1..5),
        headers in prop::collection::vec(("[A-Za-z][A-Za-z0-9-]{0,10}", "[ -~]{0,20}"), 0..4),
        body in prop::option::of(json_value()),
    ) {
        let url = format!("https://graph.microsoft.com/v1.0/{}", segments.join("/"));
        let headers: Vec<(String, String)> = headers.into_iter().map(|(n, v)| (n, v.trim().to_string())).collect();
        let req = HttpRequest { method: method.to_string(), url, headers, body };
        let text = polydoc::snippet::http::render(&req);
        let back = polydoc::snippet::parse_request(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(back, req);
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i32>().prop_map(|n| serde_json::json!(n)),
        "[ -~é\u{1F600}\\\\\"]{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::vec(("[a-zA-Z@.#]{1,8}", inner), 0..4)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
    .prop_map(|v| match v {
        // A body is an object or an array.
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => v,
        other => serde_json::json!({ "value": other }),
    })
}

/// Rendered message HTML holds only `code`, `em`, `strong`, `br` (a hard line break) and
/// `a href` with a safe target.
fn assert_inert(html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let tag_end = rest[i..]
            .find('>')
            .map(|j| i + j)
            .unwrap_or_else(|| panic!("unterminated tag in {html:?}"));
        let tag = &rest[i + 1..tag_end];
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
        assert!(["code", "em", "strong", "a", "br"].contains(&name), "tag <{tag}> in {html:?}");
        if let Some(href) = tag.strip_prefix("a href=\"") {
            let target = href.trim_end_matches('"');
            assert!(
                !target.contains('"')
                    && polydoc::localize::markdown::is_safe_url(&target.replace("&amp;", "&")),
                "unsafe link {target:?} in {html:?}"
            );
        } else {
            assert!(!tag.contains(' ') && !tag.contains('='), "attribute in <{tag}> of {html:?}");
        }
        rest = &rest[tag_end + 1..];
    }
}

/// Messages that mix Markdown, HTML, MDX and ESM syntax.
fn markdowny() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        prop::sample::select(vec![
            "\n",
            "\n\n",
            "    ",
            "{",
            "}",
            "{x}",
            "<img src=x onerror=y>",
            "<details>",
            "</b>",
            "<!-- c -->",
            "export ",
            "import ",
            "`",
            "``",
            "**",
            "*",
            "_",
            "~~",
            "[a](javascript:x)",
            "[b](https://x/y \"t\")",
            "<https://x>",
            "<javascript:y>",
            "&lt;",
            "&#123;",
            "\\",
            "# ",
            "> ",
            "- ",
            "1. ",
            "===",
            "---",
            "|",
            "![i](data:x)",
            "```",
            "a@b.example",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9 _.<>{}&#*`\\-]{0,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
}

/// Descriptions as OpenAPI documents hold them: Markdown and HTML with code, braces, entities,
/// no-break spaces, mojibake, invisible and lost characters.
fn descriptiony() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        markdowny(),
        prop::sample::select(vec![
            "\u{a0}",
            "\u{200b}",
            "\u{fffd}",
            "â€™",
            "Ã¶",
            "<code>",
            "</code>",
            "<pre>",
            "</pre>",
            "<br/>",
            "<p>",
            "</p>",
            "<i>",
            "</i>",
            "<a href=\"https://x.example\">",
            "</a>",
            "```json",
            "~~~",
            "{id}",
            "={from}-{to}",
            "&amp;",
            "&lt;T&gt;",
            "\t",
            "ü",
            "日本",
            "😀",
            "[",
            "*",
            ".",
            "\n[x]: ftp://a.example/f\n",
            "[x]",
            "[x][]",
            "\n[y]: https://y.example\n",
            "[y]",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

/// One line of inline Markdown, as CommonMark and MDX read it: a single paragraph (or nothing)
/// with no raw HTML, only safe links, no `import`/`export` start, and every `{`, `}` and `<`
/// outside code spans escaped with a backslash.
fn assert_inert_markdown(md: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    assert!(!md.contains(['\n', '\r']), "more than one line: {md:?}");
    assert!(!md.starts_with("import") && !md.starts_with("export"), "ESM start: {md:?}");
    let mut code = Vec::new();
    for (event, range) in Parser::new_ext(md, Options::all()).into_offset_iter() {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in {md:?}"),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => assert!(
                polydoc::localize::markdown::is_safe_url(&dest_url),
                "unsafe link {dest_url:?} in {md:?}"
            ),
            Event::Start(Tag::Paragraph) | Event::End(_) | Event::Text(_) | Event::SoftBreak => {}
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {}
            Event::Code(_) => code.push(range),
            other => panic!("{other:?} in {md:?}"),
        }
    }
    let b = md.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if matches!(c, b'{' | b'}' | b'<') && !code.iter().any(|r| r.contains(&i)) {
            let slashes = b[..i].iter().rev().take_while(|&&x| x == b'\\').count();
            assert!(slashes % 2 == 1, "unescaped {:?} at {i} in {md:?}", c as char);
        }
    }
}

/// Regression (found by `schema_loader_never_panics_and_locates_errors`): YAML breaks lines at
/// a lone CR, the quoted line did not, so the error pointed past the end of an empty line.
#[test]
fn yaml_errors_after_a_lone_cr_point_into_the_quoted_line() {
    let text = "'\r{ $x }': \n\n";
    let e =
        polydoc::spec::load::parse_yaml::<SchemaFile>(Path::new("schema.yaml"), text).unwrap_err();
    let s = located(&e).unwrap();
    assert_inside(text, s.line, s.col, "lone CR");
    let shown = format!("{s}");
    assert!(!shown.contains('\r'), "control characters are not echoed: {shown:?}");
}

/// Regression (found by `operation_with_arbitrary_example_body_never_panics`): a JSON error in
/// an example body that starts with blank lines pointed that many lines too far down.
#[test]
fn json_errors_in_bodies_with_leading_blank_lines_point_at_the_right_line() {
    let spec = "id: x\nnamespace: n\nmethod: POST\npath: /x\npermissions: { delegated_work: [], delegated_personal: [], application: [] }\nresponse: { status: 200 OK, type: chat }\nexamples:\n  - id: e\n    request:\n      method: POST\n      url: /x\n      body: |\n\n\n        {\n          \"a\": oops\n        }\n    response:\n      status: 200 OK\n";
    let file = polydoc::spec::load::SourceFile {
        rel: "op.yaml".into(),
        text: spec.into(),
        section: String::new(),
    };
    let e = polydoc::spec::load::parse_operation(&file).unwrap_err();
    let s = located(&e).unwrap();
    assert_eq!((s.line, s.col), (16, 16), "{s}");
    assert_eq!(s.source_line.as_ref().map(|e| e.text.as_str()), Some("          \"a\": oops"));
}

/// The input proptest found: serde_json counts the error column in bytes, so an astral
/// character before the error put the column past the end of the line.
#[test]
fn a_json_body_error_after_an_astral_character_is_located_in_characters() {
    let spec = "id: x\nnamespace: n\nmethod: POST\npath: /x\npermissions: { delegated_work: [], delegated_personal: [], application: [] }\nresponse: { status: 200 OK, type: chat }\nexamples:\n  - id: e\n    request:\n      method: POST\n      url: /x\n      body: |\n        \"\u{10000}\"|\n    response:\n      status: 200 OK\n";
    let file = polydoc::spec::load::SourceFile {
        rel: "op.yaml".into(),
        text: spec.to_string(),
        section: String::new(),
    };
    let e = polydoc::spec::load::parse_operation(&file).unwrap_err();
    let s = located(&e).expect("errors are located");
    assert_eq!((s.line, s.col), (13, 12), "the `|` after `\"\u{10000}\"`");
}
