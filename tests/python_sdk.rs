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

use polydoc::snippet::query::RequestConfig;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::{expected_query, normalized, without_sdk_odata_types};

/// The path msgraph-sdk requests (keys as the snippet passes them, without braces).
fn expected_path(url: &str) -> String {
    support::kiota_path(url, false)
}

/// Time the helper may take for all snippets together.
const HELPER_TIMEOUT: Duration = Duration::from_secs(240);

/// The interpreter with msgraph-sdk, if there is one.
fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("POLYDOC_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    venv.exists().then_some(venv)
}

/// Runs the helper on `files`; returns its stdout lines.
fn run_helper(python: &Path, files: &[PathBuf]) -> Vec<String> {
    let helper =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snippet_support/run_python_snippet.py");
    let mut cmd = Command::new(python);
    cmd.arg(&helper).args(files);
    let stdout = support::run_to_end(cmd, "the Python snippet helper", HELPER_TIMEOUT);
    stdout.lines().map(str::to_string).collect()
}

#[test]
fn python_snippets_send_the_example_requests_through_the_real_sdk() {
    let python = python();
    let missing = python.is_none().then(|| "no Python with msgraph-sdk: set POLYDOC_PYTHON or run scripts/setup-python-sdk.sh to create .venv".to_string());
    if !support::sdk_present("python_sdk", missing) {
        return;
    }
    let python = python.expect("checked above");
    let runs = support::runs("python");
    assert!(
        runs.len() >= 12 + 5,
        "expected the 5 seed requests, the extra cases and the shipped examples"
    );
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = runs
        .iter()
        .map(|(name, _, code)| {
            let file = dir.path().join(format!("{name}.py"));
            std::fs::write(&file, code).unwrap();
            file
        })
        .collect();
    let lines = run_helper(&python, &files);
    assert_eq!(lines.len(), runs.len(), "one captured request per snippet:\n{}", lines.join("\n"));
    let errors: Vec<String> = runs
        .iter()
        .zip(&lines)
        .filter(|(_, line)| line.starts_with("{\"error\""))
        .map(|((name, _, code), line)| format!("{name}: {line}\n{code}"))
        .collect();
    assert!(errors.is_empty(), "snippets the real SDK refused:\n{}", errors.join("\n"));
    eprintln!("python_sdk: {} snippets ran; each request is compared below", runs.len());
    for ((name, request, _), line) in runs.iter().zip(&lines) {
        let sent: Value = serde_json::from_str(line).unwrap();
        assert_eq!(sent["method"], request.method.as_str(), "{name}");
        assert_eq!(sent["path"], expected_path(&request.url).as_str(), "{name}");
        let mut query: Vec<(String, String)> =
            serde_json::from_value(sent["query"].clone()).unwrap();
        query.sort();
        assert_eq!(query, expected_query(&request.url), "{name}: query sent by the SDK differs");
        for (header, value) in RequestConfig::of(request).headers {
            let got = &sent["headers"][header.to_ascii_lowercase()];
            assert_eq!(got, value.as_str(), "{name}: header {header} sent by the SDK differs");
        }
        let expected = request.body.as_ref().map(normalized).unwrap_or(Value::Null);
        let sent_body = without_sdk_odata_types(&sent["body"], &expected);
        assert_eq!(normalized(&sent_body), expected, "{name}: body sent by the SDK differs");
    }
}

#[test]
fn comparison_helpers() {
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
