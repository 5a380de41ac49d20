//! Proof that the Java snippets compile and run: every fixture request's Java snippet, and every
//! example of the shipped content, is wrapped as the body of
//! `static void run(RequestAdapter requestAdapter)` in its own class (with the imports Learn's
//! snippets assume: the SDK models, `GraphServiceClient`, Kiota's serialization nodes,
//! `java.util` and `java.time`), compiled with `javac` against the real
//! `com.microsoft.graph:microsoft-graph` 6.x (resolved from Maven Central into
//! `tests/java_sdk/lib` by `scripts/setup-java-sdk.sh`), and run by `tests/java_sdk/Runner.java`
//! against a loopback server. The request must equal the HTTP example as for Python: method,
//! path (the Kiota spelling of casts, operations and OData keys; `{placeholder}` keys sent as
//! written), decoded query pairs in any order, the example's headers, and the JSON body without
//! `null` members and without an `@odata.type` the SDK adds by default.
//!
//! Without a JDK or the SDK the test fails under `CI=true` and otherwise prints a loud notice
//! and passes.

mod snippet_support;
use snippet_support as support;

use polydoc::snippet::query::RequestConfig;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::without_sdk_odata_types;
use support::{expected_query, kiota_path, normalized};

/// Time compiling or running may take.
const TIMEOUT: Duration = Duration::from_secs(300);

/// What every snippet class imports.
const IMPORTS: &str = "import com.microsoft.graph.models.*;\nimport com.microsoft.graph.serviceclient.GraphServiceClient;\nimport com.microsoft.kiota.RequestAdapter;\nimport com.microsoft.kiota.serialization.*;\nimport java.util.*;\nimport java.time.*;\n";

/// `tests/java_sdk`.
fn java_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/java_sdk")
}

/// Why the real SDK cannot run here, if it cannot.
fn missing() -> Option<String> {
    let lib = java_dir().join("lib");
    let has_sdk = std::fs::read_dir(&lib).ok().is_some_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("microsoft-graph-6.") && name.ends_with(".jar")
        })
    });
    if !has_sdk {
        return Some(
            "tests/java_sdk/lib lacks microsoft-graph 6.x: run scripts/setup-java-sdk.sh".into(),
        );
    }
    for tool in ["javac", "java"] {
        if !Command::new(tool).arg("-version").output().is_ok_and(|o| o.status.success()) {
            return Some(format!("no `{tool}` on PATH: run scripts/setup-java-sdk.sh"));
        }
    }
    None
}

/// Differences between what was sent and the example, empty when it was sent exactly.
fn differences(request: &polydoc::spec::HttpRequest, sent: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if sent["method"] != request.method.as_str() {
        out.push(format!("method {} instead of {}", sent["method"], request.method));
    }
    let path = kiota_path(&request.url, true);
    if sent["path"] != path.as_str() {
        out.push(format!("path {} instead of {path}", sent["path"]));
    }
    let mut query: Vec<(String, String)> =
        serde_json::from_value(sent["query"].clone()).unwrap_or_default();
    query.sort();
    if query != expected_query(&request.url) {
        out.push(format!("query {query:?} instead of {:?}", expected_query(&request.url)));
    }
    for (name, value) in RequestConfig::of(request).headers {
        let got = &sent["headers"][name.to_ascii_lowercase()];
        if got != value.as_str() {
            out.push(format!("header {name}: {got} instead of {value}"));
        }
    }
    let expected = request.body.as_ref().map(normalized).unwrap_or(Value::Null);
    let body = without_sdk_odata_types(&sent["body"], &expected);
    if normalized(&body) != expected {
        out.push(format!("body {} instead of {expected}", sent["body"]));
    }
    out
}

#[test]
fn java_snippets_compile_and_send_the_example_requests_through_the_real_sdk() {
    if !support::sdk_present("java_sdk", missing()) {
        return;
    }
    let runs = support::runs("java");
    let dir = tempfile::tempdir().unwrap();
    let mut sources = vec![java_dir().join("Runner.java")];
    let mut classes = Vec::new();
    for (i, (name, _, code)) in runs.iter().enumerate() {
        let class = format!("Snippet{i}");
        let text = format!(
            "{IMPORTS}// {name}\npublic class {class} {{\npublic static void run(RequestAdapter requestAdapter) throws Exception {{\n{code}}}\n}}\n"
        );
        let file = dir.path().join(format!("{class}.java"));
        std::fs::write(&file, text).unwrap();
        sources.push(file);
        classes.push(class);
    }
    let classpath = format!("{}/*", java_dir().join("lib").display());
    let mut javac = Command::new("javac");
    javac.args(["-nowarn", "-encoding", "UTF-8", "-cp", &classpath, "-d"]).arg(dir.path());
    javac.args(&sources);
    support::run_to_end(javac, "javac on every Java snippet", TIMEOUT);
    let mut java_cmd = Command::new("java");
    java_cmd.arg("-cp").arg(format!("{classpath}:{}", dir.path().display()));
    java_cmd.arg("Runner").args(&classes);
    let stdout = support::run_to_end(java_cmd, "the Java snippet runner", TIMEOUT);
    let lines: Vec<&str> = stdout.lines().collect();
    support::assert_sent_exactly("java_sdk", "SDK", &runs, &lines, differences);
}
