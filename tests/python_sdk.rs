//! Proof that the Python snippets run: every fixture request's Python snippet is executed with
//! the real `msgraph-sdk` (installed into `<repo>/.venv` by `scripts/setup-python-sdk.sh`, or the
//! interpreter named by `POLYDOC_PYTHON`) against a loopback server in
//! `tests/snippet_support/run_python_snippet.py`, and the request the SDK sends must match the HTTP
//! example: same method, same path, same JSON body. Key order is not compared, and neither are
//! `null` members: the SDK leaves out typed properties set to `None`. The query must carry the
//! same decoded name/value pairs (in any order) and every request header the example sets
//! (other than those the SDK writes itself) must be sent with its value. Paths compare after the
//! SDK's own spelling of casts (`graph.user`), bound operations and OData keys (see
//! `expected_path`). Numbers compare by value
//! (`0` and `0.0` are the same Double). Some SDK models (`Event`, `Attendee`) fill in their own
//! `@odata.type` (`#microsoft.graph.event`) by default: such a key that the example lacks is
//! dropped from what was sent before comparing.
//!
//! Without an interpreter the test fails under `CI=true` and otherwise prints a loud notice and
//! passes, so `cargo test` works on a machine that has not run the setup script.

mod snippet_support;
use snippet_support as support;

use support::sdk::Sdk;
use support::{expected_query, normalized, without_sdk_odata_types};

#[test]
fn python_snippets_send_the_example_requests_through_the_real_sdk() {
    if !support::sdk_present("python_sdk", Sdk::Python.missing()) {
        return;
    }
    let runs = support::runs("python");
    assert!(
        runs.len() >= 12 + 5,
        "expected the 5 seed requests, the extra cases and the shipped examples"
    );
    let codes: Vec<String> = runs.iter().map(|(_, _, code)| code.clone()).collect();
    let lines = Sdk::Python.run(&codes);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    support::assert_sent_exactly("python_sdk", "SDK", &runs, &lines, |r, s| {
        Sdk::Python.differences(r, s)
    });
}

#[test]
fn comparison_helpers() {
    let expected_path = |url: &str| support::kiota_path(url, "GET", false);
    assert_eq!(
        expected_path("https://graph.microsoft.com/v1.0/teams/{team-id}/channels?x=1"),
        "/v1.0/teams/team-id/channels"
    );
    assert_eq!(
        expected_path("/v1.0/groups/{id}/members/microsoft.graph.user/$count"),
        "/v1.0/groups/id/members/graph.user/$count"
    );
    assert_eq!(
        expected_path("/v1.0/users('a@b.c')/microsoft.graph.delta()"),
        "/v1.0/users/a@b.c/delta()"
    );
    assert_eq!(
        expected_path("/v1.0/reports/getOffice365ActiveUserDetail(period='D7')"),
        "/v1.0/reports/getOffice365ActiveUserDetail(period='D7')"
    );
    assert_eq!(
        support::kiota_path("/v1.0/groups/{id}/microsoft.graph.restore", "POST", false),
        "/v1.0/groups/id/restore"
    );
    assert_eq!(
        support::kiota_path(
            "/v1.0/security/cases/ediscoveryCases/{id}/microsoft.graph.security.close",
            "POST",
            false
        ),
        "/v1.0/security/cases/ediscoveryCases/id/microsoft.graph.security.close"
    );
    assert_eq!(
        expected_query("/x?$select=id,displayName&$search=%22a%20b%22"),
        vec![
            ("$search".to_string(), "\"a b\"".to_string()),
            ("$select".into(), "id,displayName".into())
        ]
    );
    let a = serde_json::json!({"a": 0, "b": null, "c": [{"d": null, "e": 1.5}]});
    let b = serde_json::json!({"c": [{"e": 1.5}], "a": 0.0});
    assert_eq!(normalized(&a), normalized(&b));
    assert_ne!(normalized(&a), normalized(&serde_json::json!({"a": 1})));
    let sent = serde_json::json!({"@odata.type": "#microsoft.graph.event", "x": [{"@odata.type": "#microsoft.graph.attendee"}]});
    let example = serde_json::json!({"x": [{}]});
    assert_eq!(without_sdk_odata_types(&sent, &example), example);
    let example = serde_json::json!({"@odata.type": "#microsoft.graph.other", "x": [{}]});
    assert_ne!(without_sdk_odata_types(&sent, &example), example);
}
