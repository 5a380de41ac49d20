//! `polydoc snippet` through the real binary: file and standard input, errors with positions
//! and exit codes.

mod support;

use support::*;

#[test]
fn prints_each_language_from_a_file() {
    let root = repo_root();
    for (lang, needle) in [
        ("http", "POST https://graph.microsoft.com/v1.0/chats"),
        ("csharp", "var result = await graphClient.Chats.PostAsync(requestBody);"),
        ("java", "Chat result = graphClient.chats().post(chat);"),
        ("python", "\"user@odata.bind\" : \"https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')\","),
    ] {
        let out = polydoc(&root, &["snippet", "--lang", lang, "tests/fixtures/snippets/seed-1/request.http"]);
        assert!(out.status.success(), "{lang}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(needle), "{lang}:\n{text}");
        assert!(!text.contains("odata_bind"), "{lang}: the JSON key must be kept exactly");
    }
}

#[test]
fn reads_standard_input_and_reports_positions() {
    let request = "POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n\n{\n  \"chatType\": \"group\",\n  \"topic\": 5\n}\n";
    let out = assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .args(["snippet", "--lang", "java"])
        .write_stdin(request)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("<stdin>:6:12"), "{err}");
    assert!(err.contains("\"topic\": 5"), "{err}");

    let ok = request.replace("\"topic\": 5", "\"topic\": \"Caf\\u00e9 \\\"quoted\\\"\"");
    let out = assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .args(["snippet", "--lang", "csharp"])
        .write_stdin(ok)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Topic = \"Café \\\"quoted\\\"\""), "{text}");
}

#[test]
fn malformed_request_and_misuse() {
    let out = assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .args(["snippet", "--lang", "python"])
        .write_stdin("GARBAGE\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("<stdin>:1:"), "{}", stderr(&out));
    let out = polydoc(&repo_root(), &["snippet", "--lang", "cobol"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Runs `polydoc snippet --lang python` on `request` from standard input.
fn snippet_stdin(request: String) -> std::process::Output {
    assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .args(["snippet", "--lang", "python"])
        .write_stdin(request)
        .output()
        .unwrap()
}

#[test]
fn errors_on_a_ten_megabyte_line_are_windowed_and_never_echo_control_characters() {
    let long = "x".repeat(10 * 1024 * 1024);
    let head = "POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n\n";
    // A schema error at the end of a 10 MB body line.
    let out = snippet_stdin(format!(
        "{head}{{\"topic\": \"{long}\", \"chatType\": \"group\", \"members\": 5}}\n"
    ));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(out.stderr.len() < 16 * 1024, "stderr is {} bytes", out.stderr.len());
    let column = 10 * 1024 * 1024 + 47;
    assert!(err.contains(&format!("--> <stdin>:4:{column}")), "{err}");
    let quoted = err.lines().find(|l| l.starts_with("4 | ")).expect(&err);
    let carets = err.lines().find(|l| l.contains('^')).unwrap();
    assert!(quoted.chars().count() <= 4 + 162, "{} characters quoted", quoted.chars().count());
    assert_eq!(quoted.chars().nth(carets.find('^').unwrap()), Some('5'), "{quoted}\n{carets}");

    // Terminal escapes, CR, NUL and a bidi override in the offending line (a JSON error).
    let out = snippet_stdin(format!(
        "{head}{{\"topic\": \"\u{1b}[2J\u{1b}]0;pwned\u{7}\r\0\u{9b}31m\u{202e}{long}\"}}\n"
    ));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(out.stderr.len() < 16 * 1024, "stderr is {} bytes", out.stderr.len());
    assert!(err.contains("<stdin>:4:"), "{err}");
    for c in ['\u{1b}', '\r', '\0', '\u{9b}', '\u{202e}', '\u{7}'] {
        assert!(!err.contains(c), "{c:?} reached stderr: {err:?}");
    }
}

/// Runs `polydoc snippet --lang LANG` on `request` from standard input; returns stdout.
fn snippet_of(lang: &str, request: &str) -> String {
    let out = assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .args(["snippet", "--lang", lang])
        .write_stdin(request.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{lang}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn query_and_headers_reach_every_language_and_urls_may_hold_spaces() {
    let request = "GET https://graph.microsoft.com/v1.0/groups/{group-id}/members?$select=id,displayName&$top=5&$search=\"displayName:te st\" HTTP/1.1\nConsistencyLevel: eventual\n\n";
    for (lang, needles) in [
        ("csharp", vec!["requestConfiguration.QueryParameters.Select = new string []{ \"id\",\"displayName\" };", "requestConfiguration.QueryParameters.Top = 5;", "requestConfiguration.QueryParameters.Search = \"\\\"displayName:te st\\\"\";", "requestConfiguration.Headers.Add(\"ConsistencyLevel\", \"eventual\");"]),
        ("java", vec!["requestConfiguration.queryParameters.select = new String []{\"id\", \"displayName\"};", "requestConfiguration.queryParameters.top = 5;", "requestConfiguration.headers.add(\"ConsistencyLevel\", \"eventual\");"]),
        ("python", vec!["from msgraph.generated.groups.item.members.members_request_builder import MembersRequestBuilder", "query_params = MembersRequestBuilder.MembersRequestBuilderGetQueryParameters(", "\ttop = 5,", "request_configuration.headers.add(\"ConsistencyLevel\", \"eventual\")", ".members.get(request_configuration = request_configuration)"]),
        ("javascript", vec!["client.api('/groups/{group-id}/members')", ".header('ConsistencyLevel','eventual')", ".select('id,displayName')", ".top(5)", ".search('\"displayName:te st\"')", ".get();"]),
    ] {
        let text = snippet_of(lang, request);
        for needle in needles {
            assert!(text.contains(needle), "{lang} lacks {needle}:\n{text}");
        }
    }
}

#[test]
fn body_type_comes_from_odata_type_and_actions_need_no_type() {
    let member = "POST https://graph.microsoft.com/v1.0/chats/{chat-id}/members\n\n{\"@odata.type\": \"#microsoft.graph.aadUserConversationMember\", \"roles\": [\"owner\"]}\n";
    let py = snippet_of("python", member);
    assert!(py.contains("request_body = AadUserConversationMember("), "{py}");
    let action = "POST https://graph.microsoft.com/v1.0/me/getMemberGroups\n\n{\"securityEnabledOnly\": true}\n";
    let cs = snippet_of("csharp", action);
    assert!(cs.contains("using Microsoft.Graph.Me.GetMemberGroups;"), "{cs}");
    assert!(
        cs.contains("new GetMemberGroupsPostRequestBody\n{\n\tSecurityEnabledOnly = true,\n}"),
        "{cs}"
    );
    let js = snippet_of("javascript", action);
    assert!(js.contains("const getMemberGroups = {\n  securityEnabledOnly: true\n};"), "{js}");
}
