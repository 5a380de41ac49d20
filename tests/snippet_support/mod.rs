//! Shared by the snippet test binaries: the fixture cases under `tests/fixtures/snippets/` and
//! the schema they are read with (the shipped chat schema plus the test-only types of
//! `extra-schema.yaml`, all real Microsoft Graph types).
#![allow(dead_code)]

use polydoc::snippet::query::percent_decode;
use polydoc::spec::schema::SchemaFile;
use polydoc::spec::{HttpRequest, Schema};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One fixture folder.
pub struct Case {
    /// Folder name (`seed-1`, `special-chars`).
    pub name: String,
    /// Folder path.
    pub dir: PathBuf,
    /// `request.http` as written.
    pub request_text: String,
    /// The parsed request.
    pub request: HttpRequest,
    /// Body type: inferred from the body's `@odata.type` or the path, empty for a bound action.
    pub root_type: String,
}

impl Case {
    /// True for the five requests of the German seed page.
    pub fn is_seed(&self) -> bool {
        self.name.starts_with("seed-")
    }

    /// `expected.<ext>`, if present.
    pub fn expected(&self, ext: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(format!("expected.{ext}"))).ok()
    }
}

/// `tests/fixtures/snippets`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snippets")
}

/// The shipped schema merged with the test-only types.
pub fn schema() -> Schema {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files =
        ["content/schema/microsoft.graph.yaml", "tests/fixtures/snippets/extra-schema.yaml"]
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(root.join(p)).unwrap();
                serde_saphyr::from_str::<SchemaFile>(&text).unwrap_or_else(|e| panic!("{p}: {e}"))
            })
            .collect();
    let schema = Schema::merge(files).unwrap();
    schema.validate().unwrap();
    schema
}

/// Every fixture case, sorted by name.
pub fn cases(schema: &Schema) -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let request_text = std::fs::read_to_string(dir.join("request.http"))
                .unwrap_or_else(|e| panic!("{name}/request.http: {e}"));
            let request = polydoc::snippet::parse_request(&request_text)
                .unwrap_or_else(|e| panic!("{name}/request.http:{e}"));
            let root_type = match &request.body {
                Some(_) if polydoc::snippet::has_implicit_body_type(&request, schema) => {
                    String::new()
                }
                Some(_) => polydoc::snippet::infer_root_type(&request, schema)
                    .unwrap_or_else(|| panic!("{name}: no body type for {}", request.url)),
                None => polydoc::snippet::infer_root_type(&request, schema).unwrap_or_default(),
            };
            Case { name, dir, request_text, request, root_type }
        })
        .collect()
}

/// The snippet of `case` in language `id`.
pub fn generate(case: &Case, schema: &Schema, id: &str) -> String {
    polydoc::snippet::language(id)
        .unwrap()
        .generate(&case.request, schema, &case.root_type)
        .unwrap_or_else(|e| panic!("{} ({id}): {e}", case.name))
}

/// The query pairs of `url`, percent-decoded, sorted (the SDK orders them its own way).
pub fn expected_query(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

/// A JSON value with `null` members dropped and numbers as f64, for comparison.
pub fn normalized(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        other => other.clone(),
    }
}

/// The path a Kiota-generated SDK requests for a `method` request to `url`: the URL's path with
/// `{placeholder}` keys as the snippet passes them (Python `team-id`, Java `{team-id}`:
/// `keep_braces`), an OData key segment `users('a@b.c')` as the key segment `users/a@b.c` the
/// request builders write, and namespace-qualified segments as the SDKs' URL templates spell
/// them: a bound function (`microsoft.graph.delta()`) or the action a POST calls
/// (`microsoft.graph.restore`) without the namespace, one in a sub-namespace
/// (`microsoft.graph.security.close`) as written, and a cast (`microsoft.graph.user`) as
/// `graph.user`.
pub fn kiota_path(url: &str, method: &str, keep_braces: bool) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split('?').next().unwrap_or(path);
    let path = if keep_braces { path.to_string() } else { path.replace(['{', '}'], "") };
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    segments
        .iter()
        .enumerate()
        .map(|(i, segment)| {
            let segment = match segment.strip_prefix("microsoft.graph.") {
                Some(local) if local.split('(').next().unwrap_or(local).contains('.') => {
                    segment.to_string()
                }
                Some(op)
                    if op.contains('(') || (i == last && method.eq_ignore_ascii_case("POST")) =>
                {
                    op.to_string()
                }
                Some(cast) => format!("graph.{cast}"),
                None => segment.to_string(),
            };
            match segment.split_once("('") {
                Some((name, key)) if key.ends_with("')") && !key.contains('=') => {
                    format!("{name}/{}", &key[..key.len() - 2])
                }
                _ => segment,
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `sent` without the members the SDK added by default where `example` has none: a model's
/// `@odata.type`, and `false` for a Boolean action parameter.
pub fn without_sdk_odata_types(sent: &Value, example: &Value) -> Value {
    match (sent, example) {
        (Value::Object(s), Value::Object(e)) => Value::Object(
            s.iter()
                .filter(|(k, v)| {
                    let default_type = k.as_str() == "@odata.type"
                        && v.as_str().is_some_and(|t| t.starts_with("#microsoft.graph."));
                    // Action bodies default Boolean parameters to false (msgraph-sdk's
                    // `persist_esim_data_plan: Optional[bool] = False` in
                    // users/item/managed_devices/item/wipe/wipe_post_request_body.py).
                    let default_false = *v == &Value::Bool(false);
                    !((default_type || default_false) && !e.contains_key(k.as_str()))
                })
                .map(|(k, v)| {
                    (k.clone(), without_sdk_odata_types(v, e.get(k).unwrap_or(&Value::Null)))
                })
                .collect(),
        ),
        (Value::Array(s), Value::Array(e)) => Value::Array(
            s.iter()
                .enumerate()
                .map(|(i, v)| without_sdk_odata_types(v, e.get(i).unwrap_or(&Value::Null)))
                .collect(),
        ),
        _ => sent.clone(),
    }
}

/// Whether an SDK proof can run: with `missing` set (what is missing), the test fails under
/// `CI=true` and is skipped elsewhere with a line that is hard to miss.
pub fn sdk_present(test: &str, missing: Option<String>) -> bool {
    let Some(msg) = missing else { return true };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg} (required under CI=true)");
    }
    eprintln!("\n!!!!!!!!!! SKIPPED {test}: {msg} !!!!!!!!!!\n");
    false
}

/// Every request an SDK proof sends in language `lang`, with its generated snippet: each
/// fixture case, then each example of the shipped project (`shipped-<operation>-<example>`).
pub fn runs(lang: &str) -> Vec<(String, HttpRequest, String)> {
    let schema = schema();
    let cases = cases(&schema);
    let mut runs: Vec<(String, HttpRequest, String)> = cases
        .iter()
        .map(|c| (c.name.clone(), c.request.clone(), generate(c, &schema, lang)))
        .collect();
    let site = polydoc::spec::load::load_site(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let generator = polydoc::snippet::language(lang).unwrap();
    for op in &site.operations {
        let root = op.spec.body_type().unwrap_or_default();
        for ex in &op.examples {
            let code = generator.generate(&ex.request, &site.schema, root).unwrap();
            runs.push((format!("shipped-{}-{}", op.id(), ex.id), ex.request.clone(), code));
        }
    }
    assert!(runs.len() >= cases.len() + 5, "the shipped examples are part of the run");
    runs
}

/// Runs `cmd` to completion within `timeout`; returns its stdout, panics with its stderr when
/// it fails or takes longer (`what` names it in the message). Both pipes are drained while it
/// runs, so a child that prints more than a pipe holds does not block.
pub fn run_to_end(
    mut cmd: std::process::Command,
    what: &str,
    timeout: std::time::Duration,
) -> String {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            pipe.read_to_end(&mut text).ok();
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > timeout {
            child.kill().ok();
            child.wait().ok();
            panic!("{what} took longer than {timeout:?}:\n{}", stderr.join().unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let stdout = stdout.join().unwrap();
    assert!(status.success(), "{what} failed ({status}):\n{}\n{stdout}", stderr.join().unwrap());
    stdout
}

/// Compares what an SDK sent for each of `runs` (one JSON line of `lines` each: the captured
/// request, or `{"error": ...}` when the `sdk` threw) with the example request through
/// `differences`; prints how many were sent exactly and fails listing the others.
pub fn assert_sent_exactly(
    test: &str,
    sdk: &str,
    runs: &[(String, HttpRequest, String)],
    lines: &[&str],
    differences: impl Fn(&HttpRequest, &Value) -> Vec<String>,
) {
    assert_eq!(lines.len(), runs.len(), "one line per snippet:\n{}", lines.join("\n"));
    let mut failures = Vec::new();
    for ((name, request, code), line) in runs.iter().zip(lines) {
        let sent: Value = serde_json::from_str(line).unwrap();
        let diffs = match sent.get("error") {
            Some(error) => vec![format!("the {sdk} threw {error}")],
            None => differences(request, &sent),
        };
        if !diffs.is_empty() {
            failures.push(format!("{name}: {}\n{code}", diffs.join("; ")));
        }
    }
    eprintln!("{test}: {} of {} snippets sent exactly", runs.len() - failures.len(), runs.len());
    assert!(
        failures.is_empty(),
        "requests the real {sdk} sent differently:\n{}",
        failures.join("\n")
    );
}

pub mod code;
pub mod graph;
pub mod sdk;
