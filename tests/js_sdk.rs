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

use polydoc::snippet::query::RequestConfig;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::expected_query;

/// Time the runner may take for all snippets together.
const RUNNER_TIMEOUT: Duration = Duration::from_secs(240);

/// `tests/js_sdk`.
fn js_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js_sdk")
}

/// Why the real client cannot run here, if it cannot.
fn missing() -> Option<String> {
    let package = js_dir().join("node_modules/@microsoft/microsoft-graph-client/package.json");
    if !package.exists() {
        return Some("tests/js_sdk/node_modules lacks @microsoft/microsoft-graph-client: run scripts/setup-js-sdk.sh".into());
    }
    let version = std::fs::read_to_string(&package).ok()?;
    if !version.contains("\"version\": \"3.0.7\"") {
        return Some("tests/js_sdk has a @microsoft/microsoft-graph-client other than 3.0.7: run scripts/setup-js-sdk.sh".into());
    }
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => None,
        _ => Some("no `node` on PATH: run scripts/setup-js-sdk.sh".into()),
    }
}

/// The path the client should request: the URL's path as written, without the query.
fn expected_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.split('?').next().unwrap_or(path).to_string()
}

/// A JSON value with every number as f64 (`2` and `2.0` are the same after `JSON.parse`);
/// nulls are kept: the client sends them.
fn numbers_as_f64(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), numbers_as_f64(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_f64).collect()),
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        other => other.clone(),
    }
}

/// Runs the runner on `files`; returns its stdout lines.
fn run_runner(files: &[PathBuf]) -> Vec<String> {
    let mut node = Command::new("node");
    node.arg(js_dir().join("run_js_snippet.mjs")).args(files).current_dir(js_dir());
    let stdout = support::run_to_end(node, "the JavaScript snippet runner", RUNNER_TIMEOUT);
    stdout.lines().map(str::to_string).collect()
}

/// Differences between what was sent and the example, empty when it was sent exactly.
fn differences(request: &polydoc::spec::HttpRequest, sent: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if sent["method"] != request.method.as_str() {
        out.push(format!("method {} instead of {}", sent["method"], request.method));
    }
    if sent["path"] != expected_path(&request.url).as_str() {
        out.push(format!("path {} instead of {}", sent["path"], expected_path(&request.url)));
    }
    let mut query: Vec<(String, String)> =
        serde_json::from_value(sent["query"].clone()).unwrap_or_default();
    query.sort();
    if query != expected_query(&request.url) {
        out.push(format!("query {query:?} instead of {:?}", expected_query(&request.url)));
    }
    for (name, value) in RequestConfig::of(request).headers {
        if sent["headers"][name.to_ascii_lowercase()] != value.as_str() {
            out.push(format!(
                "header {name}: {} instead of {value}",
                sent["headers"][name.to_ascii_lowercase()]
            ));
        }
    }
    let expected = request.body.as_ref().map(numbers_as_f64).unwrap_or(Value::Null);
    if numbers_as_f64(&sent["body"]) != expected {
        out.push(format!("body {} instead of {expected}", sent["body"]));
    }
    out
}

#[test]
fn javascript_snippets_send_the_example_requests_through_the_real_client() {
    if !support::sdk_present("js_sdk", missing()) {
        return;
    }
    let runs = support::runs("javascript");
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = runs
        .iter()
        .map(|(name, _, code)| {
            let file = dir.path().join(format!("{name}.js"));
            std::fs::write(&file, code).unwrap();
            file
        })
        .collect();
    let lines = run_runner(&files);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    support::assert_sent_exactly("js_sdk", "client", &runs, &lines, differences);
}

#[test]
fn comparison_sees_each_kind_of_difference() {
    let req = polydoc::snippet::parse_request(
        "GET https://graph.microsoft.com/v1.0/users?$top=5\nConsistencyLevel: eventual\n",
    )
    .unwrap();
    let exact = serde_json::json!({"method": "GET", "path": "/v1.0/users", "query": [["$top", "5"]], "headers": {"consistencylevel": "eventual"}, "body": null});
    assert!(differences(&req, &exact).is_empty());
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
        assert_eq!(differences(&req, &sent).len(), 1, "{key}");
    }
}
