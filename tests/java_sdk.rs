//! Proof that the Java snippets compile and run: every fixture request's Java snippet, and every
//! example of the shipped content, is wrapped as the body of
//! `static void run(RequestAdapter requestAdapter)` in its own class (with the imports Learn's
//! snippets assume: the SDK models, `GraphServiceClient`, Kiota's serialization nodes and
//! `PeriodAndDuration`, `java.time`, and from `java.util` the collections the snippets use by
//! name, not `java.util.*`, whose `List` and `Calendar` would clash with the models of those
//! names), compiled with `javac` against the real
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

use support::sdk::Sdk;

#[test]
fn java_snippets_compile_and_send_the_example_requests_through_the_real_sdk() {
    if !support::sdk_present("java_sdk", Sdk::Java.missing()) {
        return;
    }
    let runs = support::runs("java");
    let codes: Vec<String> = runs.iter().map(|(_, _, code)| code.clone()).collect();
    let lines = Sdk::Java.run(&codes);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    support::assert_sent_exactly("java_sdk", "SDK", &runs, &lines, |r, s| {
        Sdk::Java.differences(r, s)
    });
}
