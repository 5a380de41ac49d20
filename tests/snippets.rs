//! Snippet generation against fixtures: the five seed requests must give the published C#, Java
//! and Python snippets token for token (Python with the real `user@odata.bind` key); the extra
//! cases must give their expected files exactly (tabs, blank lines and all); every C# and Java
//! snippet must parse with a real parser (tree-sitter); errors must point at line and column.
//!
//! Set `UPDATE_SNIPPETS=1` to rewrite the expected files of the non-seed cases after a deliberate
//! change (then review the diff); the seed files are facts from the source and never rewritten.

mod snippet_support;
use snippet_support as support;

use polydoc::snippet::{self, locate_pointer, parse_request, run_snippet_command};
use support::code::{chain_words, csharp_problems, java_problems, tokens};
use support::{cases, generate, schema, Case};

// ---------------------------------------------------------------- token comparison

/// Panics with the first differing token and its neighbourhood.
fn assert_same_tokens(case: &str, lang: &str, actual: &str, expected: &str) {
    let (a, e) = (tokens(actual), tokens(expected));
    if let Some(i) = (0..a.len().max(e.len())).find(|&i| a.get(i) != e.get(i)) {
        let around = |t: &[String]| t[i.saturating_sub(8)..(i + 8).min(t.len())].join(" ");
        panic!(
            "{case} {lang}: token {i} differs: got {:?}, expected {:?}\n  got:      … {}\n  expected: … {}\n--- generated ---\n{actual}",
            a.get(i), e.get(i), around(&a), around(&e)
        );
    }
}

#[test]
fn tokenizer_keeps_strings_whole_and_ignores_whitespace() {
    assert_eq!(tokens("a.setX(\"b \\\" c\");"), ["a", ".", "setX", "(", "\"b \\\" c\"", ")", ";"]);
    assert_eq!(tokens("new  X\n\t{ }"), tokens("new X { }"));
    assert_ne!(tokens("\"a b\""), tokens("\"a  b\""));
}

// ---------------------------------------------------------------- seeds

#[test]
fn seed_requests_give_the_published_snippets() {
    let schema = schema();
    let seeds: Vec<Case> = cases(&schema).into_iter().filter(Case::is_seed).collect();
    assert_eq!(seeds.len(), 5, "the German seed page has five examples");
    let mut python = 0;
    for case in &seeds {
        assert_eq!(case.root_type, "chat");
        for (lang, ext) in [("csharp", "cs"), ("java", "java"), ("python", "py")] {
            let Some(expected) = case.expected(ext) else {
                assert_eq!(ext, "py", "{}: every seed example has C# and Java", case.name);
                continue;
            };
            python += usize::from(ext == "py");
            assert_same_tokens(&case.name, lang, &generate(case, &schema, lang), &expected);
        }
    }
    assert_eq!(python, 2, "the Spanish seed has Python for examples 1 and 3");
}

#[test]
fn python_keeps_the_real_additional_data_key() {
    let schema = schema();
    for case in cases(&schema).iter().filter(|c| c.is_seed()) {
        let py = generate(case, &schema, "python");
        assert!(
            py.contains("\"user@odata.bind\" : \"https://graph.microsoft.com/v1.0/users('"),
            "{py}"
        );
        assert!(!py.contains("odata_bind"), "{py}");
    }
}

#[test]
fn seed_example_4_keeps_its_non_hex_guid() {
    let schema = schema();
    let case = cases(&schema).into_iter().find(|c| c.name == "seed-4").unwrap();
    for lang in ["csharp", "java", "python", "http"] {
        assert!(
            generate(&case, &schema, lang).contains("8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g"),
            "{lang}"
        );
    }
}

// ---------------------------------------------------------------- exact expected files

#[test]
fn every_case_matches_its_expected_files_exactly() {
    let schema = schema();
    let update = std::env::var_os("UPDATE_SNIPPETS").is_some();
    let mut checked = 0;
    for case in cases(&schema) {
        for (lang, ext) in [
            ("http", "http"),
            ("csharp", "cs"),
            ("java", "java"),
            ("javascript", "js"),
            ("python", "py"),
        ] {
            if case.is_seed() && ext != "http" {
                continue; // token-compared against the seed above
            }
            let actual = generate(&case, &schema, lang);
            let path = case.dir.join(format!("expected.{ext}"));
            if update {
                std::fs::write(&path, &actual).unwrap();
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
                panic!("missing {}; run with UPDATE_SNIPPETS=1 and review", path.display())
            });
            assert_eq!(actual, expected, "{} {lang} differs from {}", case.name, path.display());
            checked += 1;
        }
    }
    assert!(checked >= 5 + 4 * 7, "only {checked} expected files checked");
}

#[test]
fn csharp_layout_uses_tabs_and_blank_lines() {
    let schema = schema();
    let case = cases(&schema).into_iter().find(|c| c.name == "seed-1").unwrap();
    let cs = generate(&case, &schema, "csharp");
    assert!(cs.starts_with("// Code snippets are only available for the latest version. Current version is 5.x\n\n// Dependencies\nusing Microsoft.Graph.Models;\n\nvar requestBody = new Chat\n{\n\tChatType = ChatType.OneOnOne,\n"), "{cs}");
    assert!(cs.contains("\n\t\t\t\t{\n\t\t\t\t\t\"user@odata.bind\" , \"https://"), "{cs}");
    assert!(cs.ends_with("};\n\n// To initialize your graphClient, see https://learn.microsoft.com/en-us/graph/sdks/create-client?from=snippets&tabs=csharp\nvar result = await graphClient.Chats.PostAsync(requestBody);\n"), "{cs}");
}

#[test]
fn java_numbers_repeated_variable_names() {
    let schema = schema();
    let case = cases(&schema).into_iter().find(|c| c.name == "many-members").unwrap();
    let java = generate(&case, &schema, "java");
    for i in 1..12 {
        assert!(java.contains(&format!("AadUserConversationMember conversationMember{i} = new AadUserConversationMember();")), "{i}");
        assert!(java.contains(&format!("additionalData{i}.put(\"user@odata.bind\"")), "{i}");
    }
    assert!(!java.contains("conversationMember12"));
    assert_eq!(java.matches("members.add(").count(), 12);
}

// ---------------------------------------------------------------- syntax

#[test]
fn every_csharp_and_java_snippet_parses() {
    let schema = schema();
    let all = cases(&schema);
    assert!(all.len() >= 12);
    for case in &all {
        let cs = generate(case, &schema, "csharp");
        assert_eq!(csharp_problems(&cs), Vec::<String>::new(), "{} C#:\n{cs}", case.name);
        let java = generate(case, &schema, "java");
        assert_eq!(java_problems(&java), Vec::<String>::new(), "{} Java:\n{java}", case.name);
    }
}

#[test]
fn syntax_check_catches_broken_snippets() {
    let schema = schema();
    let case = cases(&schema).into_iter().find(|c| c.name == "special-chars").unwrap();
    let cs = generate(&case, &schema, "csharp");
    let java = generate(&case, &schema, "java");
    // An unescaped quote inside a string, a lost closing brace, a lost semicolon.
    let bad_quote = cs.replace("\\\"quoted\\\"", "\"quoted\"");
    assert_ne!(bad_quote, cs);
    assert!(!csharp_problems(&bad_quote).is_empty(), "{bad_quote}");
    let lost_brace = cs.replacen("\t},\n", "\t,\n", 1);
    assert!(!csharp_problems(&lost_brace).is_empty());
    let lost_semicolon = java.replacen("new Chat();", "new Chat()", 1);
    assert!(!java_problems(&lost_semicolon).is_empty());
    let java_quote = java.replace("\\\"quoted\\\"", "\"quoted\"");
    assert_ne!(java_quote, java);
    assert!(!java_problems(&java_quote).is_empty());
}

// ---------------------------------------------------------------- escaping

#[test]
fn strings_are_escaped_for_each_language() {
    let schema = schema();
    let case = cases(&schema).into_iter().find(|c| c.name == "special-chars").unwrap();
    let topic = r#""Café ☕ 日本 \"quoted\" back\\slash\nnew line\ttab""#;
    assert!(generate(&case, &schema, "csharp").contains(&format!("Topic = {topic},")));
    assert!(generate(&case, &schema, "java").contains(&format!("chat.setTopic({topic});")));
    assert!(generate(&case, &schema, "python").contains(&format!("topic = {topic},")));
    assert!(generate(&case, &schema, "http")
        .contains(r#""topic": "Café ☕ 日本 \"quoted\" back\\slash\nnew line\ttab","#));
}

#[test]
fn control_and_line_separator_characters_are_escaped() {
    let schema = schema();
    let req = parse_request("POST /chats\n\n{\"topic\": \"a\\u0001b\\u2028c\\r\"}").unwrap();
    let cs = snippet::language("csharp").unwrap().generate(&req, &schema, "chat").unwrap();
    assert!(cs.contains(r#"Topic = "a\u0001b\u2028c\r","#), "{cs}");
    let java = snippet::language("java").unwrap().generate(&req, &schema, "chat").unwrap();
    assert!(java.contains("chat.setTopic(\"a\\u0001b\u{2028}c\\r\");"), "{java}");
    let py = snippet::language("python").unwrap().generate(&req, &schema, "chat").unwrap();
    assert!(py.contains("topic = \"a\\x01b\u{2028}c\\r\","), "{py}");
}

// ---------------------------------------------------------------- registry and helpers

#[test]
fn languages_are_in_tab_order() {
    let ids: Vec<_> =
        snippet::languages().iter().map(|l| (l.id(), l.label(), l.syntax_token())).collect();
    assert_eq!(
        ids,
        [
            ("http", "HTTP", "http"),
            ("csharp", "C#", "cs"),
            ("java", "Java", "java"),
            ("javascript", "JavaScript", "js"),
            ("python", "Python", "py")
        ]
    );
    assert!(snippet::language("go").is_none());
    assert_eq!(snippet::language("java").unwrap().label(), "Java");
}

#[test]
fn root_type_is_inferred_from_the_path() {
    let schema = schema();
    let infer = |url: &str| {
        let req = parse_request(&format!("POST {url}\n\n{{}}")).unwrap();
        snippet::infer_root_type(&req, &schema)
    };
    assert_eq!(infer("https://graph.microsoft.com/v1.0/chats").as_deref(), Some("chat"));
    assert_eq!(infer("/teams/{team-id}/channels").as_deref(), Some("channel"));
    assert_eq!(infer("/chats/{chat-id}").as_deref(), Some("chat"));
    assert_eq!(infer("/me/events").as_deref(), Some("event"));
    assert_eq!(infer("/groups").as_deref(), None);
}

#[test]
fn pointer_is_located_in_json_text() {
    let text = "{\n  \"members\": [\n    {\"roles\": [\"owner\"]},\n    {\"roles\": 5}\n  ]\n}";
    assert_eq!(locate_pointer(text, "/members/1/roles"), Some((4, 15)));
    assert_eq!(locate_pointer(text, "/members/0/roles/0"), Some((3, 16)));
    assert_eq!(locate_pointer(text, "/members/2"), None);
}

#[test]
fn builtin_schema_is_the_shipped_one() {
    let schema = snippet::builtin_schema().unwrap();
    assert_eq!(schema.namespace, "microsoft.graph");
    assert!(schema.is_enum("chatType"));
    assert!(schema.derives_from("aadUserConversationMember", "conversationMember"));
}

// ---------------------------------------------------------------- errors

/// The error of the snippet command for `text`, as the CLI would print it.
/// True when `err` is the one renderer's drawing of `expected`, written `file:line:col: message`:
/// it starts with `error: message` and points at `--> file:line:col`.
fn starts_located(err: &str, expected: &str) -> bool {
    let mut parts = expected.splitn(4, ':');
    let (file, line, col) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    let message = parts.next().unwrap().trim_start();
    err.starts_with(&format!("error: {message}"))
        && err.contains(&format!("--> {file}:{line}:{col}\n"))
}

fn command_error(lang: &str, text: &str) -> String {
    let schema = snippet::builtin_schema().unwrap();
    match run_snippet_command(lang, &schema, None, text, "req.http") {
        Ok(out) => panic!("expected an error, got:\n{out}"),
        Err(e) => format!("{e:#}"),
    }
}

const GOOD_HEAD: &str =
    "POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n\n";

#[test]
fn command_generates_with_the_default_schema() {
    let schema = snippet::builtin_schema().unwrap();
    let text = format!("{GOOD_HEAD}{{\n  \"chatType\": \"group\",\n  \"topic\": \"x\"\n}}\n");
    let out = run_snippet_command("python", &schema, None, &text, "req.http").unwrap();
    assert!(out.contains("chat_type = ChatType.Group,\n\ttopic = \"x\",\n)"), "{out}");
    let out = run_snippet_command("csharp", &schema, Some("chat"), &text, "req.http").unwrap();
    assert!(out.contains("var result = await graphClient.Chats.PostAsync(requestBody);"));
    let err = run_snippet_command("cobol", &schema, None, &text, "req.http").unwrap_err();
    assert!(
        err.to_string().contains("expected one of: http, csharp, java, javascript, python"),
        "{err}"
    );
}

#[test]
fn error_malformed_request_line() {
    let err = command_error("csharp", "post https://graph.microsoft.com/v1.0/chats\n\n{}");
    assert!(starts_located(&err, "req.http:1:1: malformed request line: expected an HTTP method (GET, POST, PATCH, PUT, DELETE) in upper case, found `post`"), "{err}");
    let err = command_error("java", "\n\nPOST   graph.microsoft.com/chats\n");
    assert!(
        starts_located(&err, "req.http:3:8: malformed request line: expected an absolute URL"),
        "{err}"
    );
    assert!(err.contains("`graph.microsoft.com/chats`"), "{err}");
    let err = command_error("java", "POST /chats HTTP/1.1 extra\n");
    assert!(
        starts_located(
            &err,
            "req.http:1:22: malformed request line: expected the end of the line, found `extra`"
        ),
        "{err}"
    );
    let err = command_error("java", "POST /chats\n{\"chatType\": \"group\"}\n");
    assert!(
        starts_located(
            &err,
            "req.http:2:1: expected a header `Name: value`, or a blank line before the JSON body"
        ),
        "{err}"
    );
}

#[test]
fn error_invalid_json_has_line_and_column() {
    let text = format!("{GOOD_HEAD}{{\n  \"chatType\": \"group\"\n  \"topic\": \"x\"\n}}\n");
    let err = command_error("python", &text);
    assert!(starts_located(&err, "req.http:6:3: invalid JSON body: expected `,` or `}`"), "{err}");
    assert!(err.contains("\n6 |   \"topic\": \"x\"\n  |   ^"), "{err}");
    let err = parse_request(&format!("{GOOD_HEAD}{{\"topic\": \"café\" ]}}")).unwrap_err();
    assert_eq!((err.line, err.col), (4, 18), "{err}");
}

#[test]
fn error_unknown_odata_type() {
    let text = format!("{GOOD_HEAD}{{\n  \"members\": [\n    {{\n      \"@odata.type\": \"#microsoft.graph.skypeUserConversationMember\"\n    }}\n  ]\n}}\n");
    let err = command_error("csharp", &text);
    assert!(
        starts_located(
            &err,
            "req.http:7:22: unknown @odata.type \"#microsoft.graph.skypeUserConversationMember\""
        ),
        "{err}"
    );
    assert!(err.contains("expected conversationMember or a type derived from it"), "{err}");
    let text = format!(
        "{GOOD_HEAD}{{\n  \"members\": [{{\"@odata.type\": \"#microsoft.graph.chat\"}}]\n}}\n"
    );
    let err = command_error("java", &text);
    assert!(starts_located(&err, "req.http:5:31: @odata.type \"#microsoft.graph.chat\" does not derive from conversationMember"), "{err}");
}

#[test]
fn error_enum_value_missing_from_schema() {
    let text = format!("{GOOD_HEAD}{{\n  \"chatType\": \"oneToOne\"\n}}\n");
    let err = command_error("java", &text);
    assert!(starts_located(&err, "req.http:5:15: enum value \"oneToOne\" is not a member of chatType (expected one of: oneOnOne, group, meeting, unknownFutureValue)"), "{err}");
    assert!(err.contains("\n5 |   \"chatType\": \"oneToOne\"\n  |               ^"), "{err}");
}

#[test]
fn error_wrong_json_type_for_declared_property() {
    let text = format!(
        "{GOOD_HEAD}{{\n  \"members\": [\n    {{\"roles\": [\"owner\"]}},\n    {{\"roles\": [\"owner\"]}},\n    {{\n      \"@odata.type\": \"#microsoft.graph.aadUserConversationMember\",\n      \"roles\": \"owner\"\n    }}\n  ]\n}}\n"
    );
    let err = command_error("python", &text);
    assert!(
        starts_located(&err, "req.http:10:16: expected an array of String, found a string"),
        "{err}"
    );
    let text = format!("{GOOD_HEAD}{{\"topic\": 42}}");
    let err = command_error("http", &text);
    assert!(
        starts_located(&err, "req.http:4:11: expected a string (String), found a number"),
        "{err}"
    );
    let text = format!("{GOOD_HEAD}[1, 2]");
    let err = command_error("csharp", &text);
    assert!(
        starts_located(&err, "req.http:4:1: expected an object of type chat, found an array"),
        "{err}"
    );
}

#[test]
fn data_level_doubts_do_not_refuse_a_snippet() {
    let schema = snippet::builtin_schema().unwrap();
    // Not a GUID, a read-only property, null on a non-nullable property: still snippets.
    let text = format!("{GOOD_HEAD}{{\"id\": \"zz\", \"chatType\": null, \"members\": [{{\"@odata.type\": \"#microsoft.graph.aadUserConversationMember\", \"userId\": \"8ba98gf6-not-a-guid\"}}]}}");
    for lang in ["http", "csharp", "java", "python"] {
        let out = run_snippet_command(lang, &schema, None, &text, "req.http").unwrap();
        assert!(out.contains("8ba98gf6-not-a-guid"), "{lang}: {out}");
    }
}

#[test]
fn cannot_infer_type_without_schema_match() {
    let schema = snippet::builtin_schema().unwrap();
    let err =
        run_snippet_command("java", &schema, None, "POST /groups\n\n{}", "g.http").unwrap_err();
    assert!(
        err.to_string().contains(
            "g.http: cannot tell the request body type from the path `/groups`; pass --type NAME"
        ),
        "{err}"
    );
    let err = run_snippet_command("java", &schema, Some("group"), "POST /groups\n\n{}", "g.http")
        .unwrap_err();
    assert!(err.to_string().contains("`group` is not a structured type of the schema"), "{err}");
}

// ---------------------------------------------------------------- one chain in every SDK

#[test]
fn csharp_java_and_python_use_the_same_request_builder_chain() {
    let schema = schema();
    for case in cases(&schema) {
        let method = case.request.method.to_lowercase();
        let cs = generate(&case, &schema, "csharp");
        let java = generate(&case, &schema, "java");
        let py = generate(&case, &schema, "python");
        let cs_end = format!(".{}{}Async(", &method[..1].to_uppercase(), &method[1..]);
        let cs_words = chain_words(&cs, "graphClient.", &cs_end);
        // Python quotes keys with `'`: the tokenizer keeps `"` strings whole.
        let py_words =
            chain_words(&py.replace('\'', "\""), "graph_client.", &format!(".{method}("));
        assert_eq!(
            cs_words,
            chain_words(&java, "graphClient.", &format!(".{method}(")),
            "{} C# vs Java",
            case.name
        );
        assert_eq!(cs_words, py_words, "{} C# vs Python", case.name);
    }
    let words = chain_words(
        "await graphClient.Groups[\"{group-id}\"].Members.GraphUser.GetAsync(",
        "graphClient.",
        ".GetAsync(",
    );
    assert_eq!(words, ["graphclient", "groups", "group-id", "members", "graphuser"]);
}
