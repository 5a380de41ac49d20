//! The operation shapes of issue 12, written by hand from the README in
//! `tests/fixtures/shapes/` (list group members with query parameters and `ConsistencyLevel`,
//! delete a member `$ref` with 204, add a chat member, create a channel with a `Location`
//! header, send a chat message, update an event with 200 or 204): every output format builds,
//! `check` finds nothing, and each page shows its shape. Broken variants of the new spec fields
//! are refused by `build` and reported by `check` at their line and column.

mod support;

use serde_json::Value;
use std::path::Path;
use support::{copy_dir, polydoc, repo_root, stderr};

/// A temporary copy of the shapes project.
fn shapes_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("tests/fixtures/shapes"), dir.path());
    dir
}

fn build(project: &Path, format: &str, out: &str) {
    let done = polydoc(project, &["build", "--strict", "--format", format, "--out", out]);
    assert!(done.status.success(), "{format}: {}", stderr(&done));
}

fn read(project: &Path, rel: &str) -> String {
    std::fs::read_to_string(project.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The HTML of `<section class="{class}"` up to its closing tag.
fn section<'a>(page: &'a str, class: &str) -> Option<&'a str> {
    let start = page.find(&format!("<section class=\"{class}\""))?;
    let end = page[start..].find("</section>")? + start;
    Some(&page[start..end])
}

fn html_page(project: &Path, locale: &str, id: &str) -> String {
    let page = read(project, &format!("html/{locale}/{id}/index.html"));
    without_type_links(&page)
}

/// The page with its type links (`<a href="../_type/T/"><code>T</code></a>`) reduced to the
/// code they wrap, so the wording assertions read the text as the reader does.
fn without_type_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<a href=\"../_type/") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let open_end = after.find('>').map_or(after.len(), |e| e + 1);
        let inner = &after[open_end..];
        match inner.find("</a>") {
            Some(close) => {
                out.push_str(&inner[..close]);
                rest = &inner[close + 4..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn six_operation_shapes_build_in_every_format_and_check_clean() {
    let project = shapes_project();
    let p = project.path();
    for format in ["html", "json", "markdown", "commonmark"] {
        build(p, format, format);
    }
    let ids = [
        "list-group-members",
        "delete-group-member",
        "add-chat-member",
        "create-channel",
        "send-chat-message",
        "update-event",
    ];
    for locale in ["en", "de"] {
        for id in ids {
            assert!(p.join(format!("html/{locale}/{id}/index.html")).is_file(), "{locale}/{id}");
            assert!(p.join(format!("json/{locale}/{id}.json")).is_file());
            assert!(p.join(format!("markdown/{locale}/api/{id}.md")).is_file());
            assert!(p.join(format!("commonmark/{locale}/{id}.md")).is_file());
        }
    }
    let done = polydoc(p, &["check", "--format", "json", "--deny", "warnings"]);
    let report: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    // The same with the built site compared, so page-sections and page-tables ran on them.
    let done = polydoc(p, &["check", "--site", "html", "--format", "json", "--deny", "warnings"]);
    let report: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
}

#[test]
fn a_get_shows_path_and_query_parameters_optional_headers_no_body_and_a_collection() {
    let project = shapes_project();
    build(project.path(), "html", "html");
    let page = html_page(project.path(), "en", "list-group-members");
    let path = section(&page, "path-parameters").expect("path parameters section");
    assert!(path.contains("<td><code>group-id</code></td><td><code>String</code></td><td>The unique identifier of the group. Required.</td>"), "{path}");
    let query = section(&page, "query-parameters").expect("query parameters section");
    for (name, ty) in [
        ("$select", "String"),
        ("$filter", "String"),
        ("$count", "Boolean"),
        ("$search", "String"),
        ("$top", "Int32"),
    ] {
        assert!(
            query.contains(&format!("<tr><td><code>{name}</code></td><td><code>{ty}</code></td>")),
            "{name}: {query}"
        );
    }
    // Built-in descriptions of the OData system query options, marked optional.
    assert!(query.contains("Selects the properties to return"), "{query}");
    assert_eq!(query.matches("Optional.</td></tr>").count(), 5, "{query}");
    let headers = section(&page, "request-headers").unwrap();
    assert!(headers.contains("<code>Bearer {token}</code>. Required."), "{headers}");
    assert!(
        headers.contains("<code>eventual</code>. Set to <code>eventual</code> when")
            && headers.contains("Optional.</td></tr>"),
        "{headers}"
    );
    let body = section(&page, "request-body").unwrap();
    assert!(body.contains("Don&#39;t supply a request body") && !body.contains("<table"), "{body}");
    let response = section(&page, "response").unwrap();
    assert!(response.contains("<code>200 OK</code>"), "{response}");
    assert!(
        response.contains("<code>value</code> property holds the <code>directoryObject</code>")
            && response.contains("<code>@odata.nextLink</code>"),
        "the OData collection wrapper is described: {response}"
    );
    let errors = section(&page, "error-responses").unwrap();
    assert!(
        errors.contains("<code>400 Bad Request</code>")
            && errors.contains("<code>404 Not Found</code>")
    );
    assert!(errors.contains("&quot;innerError&quot;"), "the standard error shape: {errors}");
    // The German page is German, with the same tables.
    let de = html_page(project.path(), "de", "list-group-members");
    let de_query = section(&de, "query-parameters").unwrap();
    assert!(
        de_query.contains("Abfrageparameter") && de_query.contains("Wählt die zurückzugebenden")
    );
}

#[test]
fn a_delete_of_a_ref_answers_204_without_a_body_in_the_kind_s_words() {
    let project = shapes_project();
    build(project.path(), "html", "html");
    let page = html_page(project.path(), "en", "delete-group-member");
    assert!(
        page.contains("<code>DELETE /groups/{group-id}/members/{directoryObject-id}/$ref</code>")
    );
    let path = section(&page, "path-parameters").unwrap();
    assert!(
        path.contains("<code>group-id</code>") && path.contains("<code>directoryObject-id</code>")
    );
    assert!(section(&page, "query-parameters").is_none(), "no query parameters declared");
    let response = section(&page, "response").unwrap();
    // No `response-summary` message: the wording comes from ui.ftl for a response without body.
    assert!(
        response.contains("returns a <code>204 No Content</code> response code. It doesn&#39;t return anything in the response body."),
        "{response}"
    );
    let errors = section(&page, "error-responses").unwrap();
    // The operation's own `error-404` wins over the built-in `status-404`.
    assert!(errors.contains("isn&#39;t one of its members"), "{errors}");
    assert!(errors.contains("lacks the permissions"), "built-in status-403: {errors}");
}

#[test]
fn creates_show_the_create_wording_a_location_header_and_see_also_links() {
    let project = shapes_project();
    build(project.path(), "html", "html");
    let page = html_page(project.path(), "en", "create-channel");
    let body = section(&page, "request-body").unwrap();
    assert!(body.contains("required when you create the <code>channel</code> object"), "{body}");
    let response = section(&page, "response").unwrap();
    assert!(
        response.contains("<td><code>201 Created</code></td><td><code>channel</code></td><td>Headers: <code>Location</code> (The URL of the created resource.)</td>"),
        "{response}"
    );
    let see_also = section(&page, "see-also").unwrap();
    assert!(
        see_also.contains("<a href=\"../add-chat-member/\">Add member to a chat</a>"),
        "{see_also}"
    );
    let de = html_page(project.path(), "de", "create-channel");
    assert!(
        section(&de, "see-also").unwrap().contains("Mitglied zu einem Chat hinzufügen"),
        "the link shows the title in the page's locale"
    );
    let perms = section(&page, "permissions").unwrap();
    assert!(perms.contains("<th scope=\"col\">Least privileged permissions</th><th scope=\"col\">Higher privileged permissions</th>"));
    assert!(
        perms.contains("<th scope=\"row\">Application</th><td><code>Channel.Create.Group</code></td><td><code>Channel.Create</code>, <code>Teamwork.Migrate.All</code></td>"),
        "{perms}"
    );
    assert!(perms.contains("<td>Not supported.</td><td>Not supported.</td>"), "{perms}");
    // A list stays valid: its first permission is the least privileged one.
    let chat = html_page(project.path(), "en", "add-chat-member");
    let perms = section(&chat, "permissions").unwrap();
    assert!(
        perms.contains(
            "<td><code>ChatMember.ReadWrite</code></td><td><code>Chat.ReadWrite</code></td>"
        ),
        "{perms}"
    );
}

#[test]
fn a_patch_says_only_the_properties_you_update_and_lists_200_and_204() {
    let project = shapes_project();
    build(project.path(), "html", "html");
    let page = html_page(project.path(), "en", "update-event");
    let body = section(&page, "request-body").unwrap();
    assert!(
        body.contains("supply <em>only</em> the values for the properties you update"),
        "{body}"
    );
    assert!(!body.contains("required when you create"), "{body}");
    let response = section(&page, "response").unwrap();
    assert!(response.contains("the updated <code>event</code> object"), "{response}");
    assert!(
        response.contains("<td><code>200 OK</code></td><td><code>event</code></td>"),
        "{response}"
    );
    assert!(
        response.contains(
            "<td><code>204 No Content</code></td><td>No body.</td><td>Returned instead when"
        ),
        "{response}"
    );
    let headers = section(&page, "request-headers").unwrap();
    assert!(
        headers.contains("<code>return=minimal</code>. Asks the service")
            && headers.contains("Optional.")
    );
}

#[test]
fn json_and_markdown_carry_the_new_model() {
    let project = shapes_project();
    let p = project.path();
    build(p, "json", "json");
    build(p, "markdown", "markdown");
    build(p, "commonmark", "commonmark");
    let page: Value = serde_json::from_str(&read(p, "json/en/list-group-members.json")).unwrap();
    assert_eq!(page["kind"], "list", "inferred from GET and a path without a key");
    assert_eq!(page["query_parameters"][2]["name"], "$count");
    assert_eq!(page["query_parameters"][2]["required"], false);
    assert_eq!(page["responses"][0]["body"], "collection");
    assert_eq!(page["responses"][0]["type_name"], "directoryObject");
    assert_eq!(page["errors"]["rows"][1]["code"], 404);
    assert_eq!(page["see_also"][0]["id"], "delete-group-member");
    let delete: Value = serde_json::from_str(&read(p, "json/en/delete-group-member.json")).unwrap();
    assert_eq!(delete["kind"], "delete");
    assert_eq!(delete["body"], Value::Null);
    assert_eq!(delete["responses"][0]["body"], "none");
    let learn = read(p, "markdown/de/api/list-group-members.md");
    assert!(learn.contains("## Abfrageparameter"), "{learn}");
    assert!(learn.contains("| `$count` | `Boolean` |"), "{learn}");
    assert!(learn.contains("## Fehlerantworten"));
    assert!(learn.contains("- [Gruppenmitglied entfernen](delete-group-member.md)"), "{learn}");
    assert!(
        p.join("markdown/de/api/delete-group-member.md").is_file(),
        "the See also link resolves"
    );
    let cm = read(p, "commonmark/en/create-channel.md");
    assert!(cm.contains("| `201 Created` | `channel` | Headers: `Location` (The URL of the created resource.) |"), "{cm}");
    assert!(cm.contains(
        "| Permission type | Least privileged permissions | Higher privileged permissions |"
    ));
}

/// Replaces `from` with `to` in `rel` of the shapes project, runs `build` and `check`, and
/// asserts both refuse it at `at` (`file:line:col`) saying `says`.
fn refused(rel: &str, from: &str, to: &str, at: &str, says: &str) {
    let project = shapes_project();
    let p = project.path();
    let file = p.join(rel);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    let done = polydoc(p, &["build", "--out", "public"]);
    let err = stderr(&done);
    assert_eq!(done.status.code(), Some(1), "{err}");
    assert!(
        err.contains(at) && err.contains(says),
        "build of {to:?}: want {at} and {says:?}:\n{err}"
    );
    let done = polydoc(p, &["check", "--no-pages", "--format", "json"]);
    let out = String::from_utf8_lossy(&done.stdout).into_owned() + &stderr(&done);
    let (file, line, col) = {
        let mut parts = at.rsplitn(3, ':');
        let col = parts.next().unwrap();
        let line = parts.next().unwrap();
        (parts.next().unwrap(), line, col)
    };
    assert_ne!(done.status.code(), Some(0), "check must fail too: {out}");
    assert!(
        out.contains(&format!("\"line\": {line},\n      \"column\": {col}"))
            && out.contains(file)
            && out.contains(says)
            || out.contains(at) && out.contains(says),
        "check of {to:?}: want {at} and {says:?}:\n{out}"
    );
}

#[test]
fn an_unknown_method_is_refused_naming_the_allowed_ones() {
    refused(
        "content/teams/create-channel.yaml",
        "method: POST",
        "method: PSOT",
        "content/teams/create-channel.yaml:4:9",
        "GET",
    );
}

#[test]
fn a_path_parameter_missing_from_the_template_is_refused_at_its_name() {
    refused(
        "content/chat/add-chat-member.yaml",
        "  - { name: chat-id }",
        "  - { name: chat-id }\n  - { name: team-id }",
        "content/chat/add-chat-member.yaml:12:13",
        "path parameter `team-id` is not in the path template",
    );
}

#[test]
fn a_template_parameter_left_undeclared_is_refused() {
    refused(
        "content/groups/delete-group-member.yaml",
        "  - { name: directoryObject-id }\n",
        "",
        "content/groups/delete-group-member.yaml:11:13",
        "`directoryObject-id`",
    );
}

#[test]
fn a_duplicate_status_is_refused_at_the_second() {
    refused(
        "content/calendar/update-event.yaml",
        "  - { status: 412 Precondition Failed }",
        "  - { status: 404 Gone }",
        "content/calendar/update-event.yaml:27:15",
        "status 404 is documented twice",
    );
}

#[test]
fn unknown_types_and_a_body_on_204_or_errors_are_refused() {
    refused(
        "content/groups/list-group-members.yaml",
        "type: Collection(directoryObject)",
        "type: Collection(directoryObjekt)",
        "content/groups/list-group-members.yaml:22:29",
        "response type `Collection(directoryObjekt)` is not a primitive",
    );
    refused(
        "content/groups/list-group-members.yaml",
        "{ name: $top, type: Int32 }",
        "{ name: $top, type: Int23 }",
        "content/groups/list-group-members.yaml:17:25",
        "parameter type `Int23`",
    );
    refused(
        "content/groups/delete-group-member.yaml",
        "{ status: 404 Not Found }",
        "{ status: 404 Not Found, type: directoryObject }",
        "content/groups/delete-group-member.yaml:18:36",
        "standard OData error body",
    );
}

#[test]
fn a_query_parameter_name_that_cannot_be_sent_is_refused_at_its_name() {
    refused(
        "content/groups/list-group-members.yaml",
        "{ name: $top, type: Int32 }",
        "{ name: \"page size\", type: Int32 }",
        "content/groups/list-group-members.yaml:17:13",
        "query parameter name `page size` holds a space",
    );
    refused(
        "content/groups/list-group-members.yaml",
        "{ name: $top, type: Int32 }",
        "{ name: \"filter\", type: Int32 }",
        "content/groups/list-group-members.yaml:17:13",
        "query parameter `filter` shares its description `query-filter` with `$filter`",
    );
}

#[test]
fn an_unknown_see_also_id_is_refused_at_its_line() {
    refused(
        "content/chat/send-chat-message.yaml",
        "see_also: [add-chat-member]",
        "see_also: [add-chat-membr]",
        "content/chat/send-chat-message.yaml:22:12",
        "no operation has the id `add-chat-membr`",
    );
}

/// Replaces `from` with `to` in `rel` and returns the findings of `check --no-pages`.
fn findings_after(rel: &str, from: &str, to: &str) -> Vec<(String, String, u64, u64)> {
    let project = shapes_project();
    let file = project.path().join(rel);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    let done = polydoc(project.path(), &["check", "--no-pages", "--format", "json"]);
    let report: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(done.status.code(), Some(1), "{report:#}");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn examples_must_use_the_operation_s_method_path_and_declared_statuses() {
    let f = "content/calendar/update-event.yaml";
    let found = findings_after(f, "      method: PATCH", "      method: POST");
    assert_eq!(found, [("example-method".into(), f.into(), 31, 15)]);
    let found = findings_after(f, "/v1.0/me/events/{event-id}", "/v1.0/me/calendars/{event-id}");
    assert_eq!(found, [("example-path".into(), f.into(), 32, 12)]);
    let found = findings_after(f, "      status: 200 OK", "      status: 202 Accepted");
    assert_eq!(found, [("example-status".into(), f.into(), 43, 15)]);
    // A type cast after the path template is the same operation.
    let g = "content/groups/list-group-members.yaml";
    let found =
        findings_after(g, "/members/microsoft.graph.user?", "/owners/microsoft.graph.user?");
    assert_eq!(found, [("example-path".into(), g.into(), 30, 12)]);
}

#[test]
fn a_spec_in_today_s_format_without_a_request_body_builds_and_checks_clean() {
    // Every operation without a body used to fail: `request-body-intro` was formatted for every
    // page and needs `$body-type` (`Unknown variable: $body-type`, naming no operation), while
    // `check` passed with only a `pages-not-built` warning.
    let project = support::shipped_project();
    let p = project.path();
    let spec = p.join("content/chat/create-chat.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let body = "request_body:\n  type: chat\n  properties:\n    - { name: topic, optional: true }\n    - { name: chatType }\n    - { name: members }\n";
    assert!(text.contains(body));
    std::fs::write(&spec, text.replace(body, "")).unwrap();
    for locale in ["en", "de", "es"] {
        let ftl = p.join(format!("locales/{locale}/create-chat.ftl"));
        let kept: String = std::fs::read_to_string(&ftl)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("prop-"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&ftl, kept).unwrap();
    }
    let done = polydoc(p, &["build", "--out", "public"]);
    assert!(done.status.success(), "{}", stderr(&done));
    let page = read(p, "public/en/create-chat/index.html");
    let body = section(&page, "request-body").unwrap();
    assert!(body.contains("Don&#39;t supply a request body for this method."), "{body}");
    let done = polydoc(p, &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&done.stdout).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"pages-not-built"), "{report:#}");
}

#[test]
fn an_incremental_build_refreshes_see_also_titles_and_equals_a_clean_build() {
    let project = shapes_project();
    let p = project.path();
    build(p, "html", "html");
    let ftl = p.join("locales/en/add-chat-member.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replace("title = Add member to a chat", "title = Add a chat member"))
        .unwrap();
    let done = polydoc(p, &["build", "--format", "html", "--out", "html"]);
    assert!(done.status.success(), "{}", stderr(&done));
    let page = html_page(p, "en", "create-channel");
    assert!(
        section(&page, "see-also").unwrap().contains(">Add a chat member</a>"),
        "the linking page was rebuilt with the new title"
    );
    let done = polydoc(p, &["build", "--no-cache", "--out", "clean"]);
    assert!(done.status.success(), "{}", stderr(&done));
    for id in ["create-channel", "send-chat-message"] {
        assert_eq!(
            page_of(p, "html", id),
            page_of(p, "clean", id),
            "{id}: incremental output equals a clean build"
        );
    }
}

fn page_of(project: &Path, out: &str, id: &str) -> String {
    read(project, &format!("{out}/en/{id}/index.html"))
}

#[test]
fn a_body_of_another_media_type_is_shown_verbatim_without_a_table() {
    let project = shapes_project();
    let p = project.path();
    let spec = p.join("content/chat/send-chat-message.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let body = "request_body:\n  type: chatMessage\n  properties:\n    - { name: body }\n";
    assert!(text.contains(body));
    // The example sends no JSON then (snippets are made from JSON bodies).
    let example_body = "      body: |\n        {\n          \"body\": {\n            \"content\": \"Hello world\"\n          }\n        }\n";
    assert!(text.contains(example_body));
    let text =
        text.replace(body, "request_body:\n  media_type: text/plain\n").replace(example_body, "");
    std::fs::write(&spec, text).unwrap();
    for locale in ["en", "de"] {
        let ftl = p.join(format!("locales/{locale}/send-chat-message.ftl"));
        let kept: String = std::fs::read_to_string(&ftl)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("prop-body"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&ftl, kept).unwrap();
    }
    build(p, "html", "html");
    let page = html_page(p, "en", "send-chat-message");
    let body = section(&page, "request-body").unwrap();
    assert!(body.contains("supply the content as <code>text/plain</code>."), "{body}");
    assert!(!body.contains("<table"), "{body}");
    let de = html_page(p, "de", "send-chat-message");
    assert!(section(&de, "request-body")
        .unwrap()
        .contains("den Inhalt als <code>text/plain</code>"));
}
