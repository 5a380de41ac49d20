//! Proof that the JavaScript snippets run: every fixture request's JavaScript snippet, and every
//! example of the shipped content, is executed under Node with the real
//! `@microsoft/microsoft-graph-client@3.0.7` (installed into `tests/js_sdk/node_modules` from its
//! committed package-lock.json by `scripts/setup-js-sdk.sh`) against a loopback server in
//! `tests/js_sdk/run_js_snippet.mjs`. The request the client sends must equal the HTTP example:
//! same method, same path (the client sends the path as written), the same decoded query pairs
//! (in any order), every request header of the example other than those the client writes
//! itself, and the same JSON body (key order aside, numbers by value; the client sends the
//! object as it is, nulls included).
//!
//! Without Node or the package the test fails under `CI=true` and otherwise prints a loud
//! notice and passes, so `cargo test` works on a machine that has not run the setup script.

mod snippet_support;
use snippet_support as support;

use support::sdk::Sdk;

#[test]
fn javascript_snippets_send_the_example_requests_through_the_real_client() {
    if !support::sdk_present("js_sdk", Sdk::JavaScript.missing()) {
        return;
    }
    let runs = support::runs("javascript");
    let codes: Vec<String> = runs.iter().map(|(_, _, code)| code.clone()).collect();
    let lines = Sdk::JavaScript.run(&codes);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    support::assert_sent_exactly("js_sdk", "client", &runs, &lines, |r, s| {
        Sdk::JavaScript.differences(r, s)
    });
}

#[test]
fn comparison_sees_each_kind_of_difference() {
    let req = polydoc::snippet::parse_request(
        "GET https://graph.microsoft.com/v1.0/users?$top=5\nConsistencyLevel: eventual\n",
    )
    .unwrap();
    let exact = serde_json::json!({"method": "GET", "path": "/v1.0/users", "query": [["$top", "5"]], "headers": {"consistencylevel": "eventual"}, "body": null});
    assert!(Sdk::JavaScript.differences(&req, &exact).is_empty());
    for (key, value) in [
        ("method", serde_json::json!("POST")),
        ("path", serde_json::json!("/v1.0/users/x")),
        ("query", serde_json::json!([])),
        ("headers", serde_json::json!({})),
        ("body", serde_json::json!({"a": 1})),
        ("body", serde_json::json!({"a": null})),
    ] {
        let mut sent = exact.clone();
        sent[key] = value;
        assert_eq!(Sdk::JavaScript.differences(&req, &sent).len(), 1, "{key}");
    }
}
