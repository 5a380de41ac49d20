//! `polydoc import openapi`: creates or updates a polydoc project from an OpenAPI 3.0/3.1
//! document. Everything is generated in memory first (any error leaves the project as it
//! was); then each changed file is written through a temporary file and a rename. A re-import
//! of the same document writes nothing. What a person added survives: messages of their own
//! in `locales/en/<id>.ftl`, every other locale, and in a spec the examples not named
//! `generated`/`openapi` and the fields the importer does not produce (`kind`, `notes`,
//! `see_also`, `rules`, non-empty `permissions`).

pub mod document;
pub mod emit;
pub mod example;
pub mod locales;
pub mod openapi;
pub mod yaml_locate;

use anyhow::{Context, Result};
use document::Document;
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The record of what the last import generated (ids and files), at the project root.
pub const MANIFEST: &str = "polydoc-import.json";

/// The imported document and where its prose is, for `build --format openapi` (at the
/// project root; see [`crate::output::openapi`]).
pub const SOURCE_DOCUMENT: &str = "polydoc-openapi.json";

/// Example ids the importer owns; any other example in a spec is a person's.
const GENERATED_EXAMPLES: [&str; 2] = ["generated", "openapi"];

/// Spec fields the importer owns (rewritten on every import).
const OWNED_FIELDS: [&str; 10] = [
    "id",
    "namespace",
    "method",
    "path",
    "server",
    "path_parameters",
    "query_parameters",
    "request_headers",
    "request_body",
    "responses",
];

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations new in this import.
    pub added: Vec<String>,
    /// Operations gone from the document (their spec and English messages removed).
    pub removed: Vec<String>,
    /// Operations whose spec or English messages changed.
    pub changed: Vec<String>,
    /// Number of operations imported.
    pub operations: usize,
    /// Number of schema types.
    pub types: usize,
    /// Files written.
    pub written: usize,
    /// What was left out (unsupported methods, parameters without a message id...).
    pub skipped: Vec<String>,
}

/// Imports `file` into the project at `root`.
pub fn import_openapi(file: &Path, root: &Path) -> Result<Report> {
    let doc = Document::read(file)?;
    doc.check_refs()?;
    let mut imp = openapi::Importer::new(&doc);
    imp.import_components()?;
    let ops = imp.operations()?;
    let mut report = Report { operations: ops.len(), ..Report::default() };
    let old_manifest = read_manifest(root);
    let mut manifest = Map::new();
    // Every operation's two files are read once and merged in parallel; each keeps the text
    // found on disk, so writing compares without reading again.
    let merged: Vec<OpFiles> =
        ops.par_iter().map(|op| op_files(root, op, old_manifest.get(&op.id))).collect();
    let mut files: BTreeMap<PathBuf, (String, Option<String>)> = BTreeMap::new();
    for (op, m) in ops.iter().zip(merged) {
        match m.status {
            Status::Added => report.added.push(op.id.clone()),
            Status::Changed => report.changed.push(op.id.clone()),
            Status::Same => {}
        }
        manifest.insert(op.id.clone(), json!(m.spec_rel.to_string_lossy().replace('\\', "/")));
        files.insert(m.spec_rel, (m.spec, m.old_spec));
        files.insert(m.ftl_rel, (m.ftl, m.old_ftl));
    }
    let schema_rel = PathBuf::from("content/schema").join(format!("{}.yaml", imp.namespace));
    report.types = imp.types.len();
    let mut put = |rel: PathBuf, text: String| {
        let old = read(root, &rel);
        files.insert(rel, (text, old));
    };
    put(schema_rel, emit::yaml(&imp.schema_value()));
    if read(root, Path::new("locales/en/ui.ftl")).is_none() {
        put(PathBuf::from("locales/en/ui.ftl"), include_str!("../../locales/en/ui.ftl").into());
    }
    put(PathBuf::from(SOURCE_DOCUMENT), source_document(&doc, &ops)?);
    let mut manifest_text = serde_json::to_string_pretty(&json!({ "operations": manifest }))?;
    manifest_text.push('\n');
    put(PathBuf::from(MANIFEST), manifest_text);
    let mut stale = Vec::new();
    for (id, old) in &old_manifest {
        if !manifest.contains_key(id) {
            report.removed.push(id.clone());
            stale.push(PathBuf::from(old));
            stale.push(PathBuf::from("locales/en").join(format!("{id}.ftl")));
        } else if manifest[id].as_str() != Some(old.as_str()) {
            stale.push(PathBuf::from(old));
        }
    }
    report.skipped = imp.skipped;
    for (rel, (text, old)) in &files {
        if old.as_deref() != Some(text.as_str()) {
            write_atomic(&root.join(rel), text)?;
            report.written += 1;
        }
    }
    for rel in stale {
        let path = root.join(&rel);
        if path.is_file() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(report)
}

/// The text of [`SOURCE_DOCUMENT`]: every prose string's JSON pointer with the operation and
/// message it became (first operation wins where components are shared), then the document.
fn source_document(doc: &Document, ops: &[openapi::GeneratedOp]) -> Result<String> {
    let mut seen = std::collections::BTreeSet::new();
    let prose: Vec<Value> = ops
        .iter()
        .flat_map(|op| op.prose.iter().map(move |(at, msg)| (at, op.id.as_str(), msg)))
        .filter(|(at, _, _)| seen.insert(at.as_str()))
        .map(|(at, op, msg)| json!([at, op, msg]))
        .collect();
    // One prose entry a line (reviewable diffs); the document compact, as large as its source.
    let mut text = String::from("{\"polydoc_openapi\": 1,\n\"prose\": [\n");
    let lines: Vec<String> = prose.iter().map(Value::to_string).collect();
    text.push_str(&lines.join(",\n"));
    text.push_str("\n],\n\"document\": ");
    text.push_str(&serde_json::to_string(&doc.root)?);
    text.push_str("}\n");
    Ok(text)
}

fn read(root: &Path, rel: &Path) -> Option<String> {
    std::fs::read_to_string(root.join(rel)).ok()
}

/// Operation id -> spec file of the last import.
fn read_manifest(root: &Path) -> BTreeMap<String, String> {
    let Some(text) = read(root, Path::new(MANIFEST)) else { return BTreeMap::new() };
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    value
        .get("operations")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
        .collect()
}

/// True for the title message of an example the importer generates.
fn is_generated_example_message(id: &str) -> bool {
    GENERATED_EXAMPLES.iter().any(|e| id.strip_prefix("example-") == Some(e))
}

/// The generated spec with what a person added to the existing one kept, and whether it has
/// curated examples (which replace the generated one). `fresh` is the generated spec's text:
/// an existing file equal to it is what a merge would give again, so it is not parsed.
fn merge_spec(generated: &Value, fresh: String, existing: Option<&str>) -> (String, bool) {
    if existing == Some(fresh.as_str()) {
        return (fresh, false);
    }
    let old: Option<Value> = existing.and_then(|t| serde_saphyr::from_str(t).ok());
    let Some(Value::Object(old)) = old else { return (fresh, false) };
    let mut spec = generated.as_object().cloned().unwrap_or_default();
    for (key, value) in &old {
        let empty_permissions = key == "permissions" && value == &generated["permissions"];
        if !OWNED_FIELDS.contains(&key.as_str()) && key != "examples" && !empty_permissions {
            spec.insert(key.clone(), value.clone());
        }
    }
    let curated: Vec<Value> = old
        .get("examples")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| {
            !e.get("id").and_then(Value::as_str).is_some_and(|id| GENERATED_EXAMPLES.contains(&id))
        })
        .cloned()
        .collect();
    let has_curated = !curated.is_empty();
    if has_curated {
        spec.insert("examples".into(), Value::Array(curated));
    }
    (emit::yaml(&Value::Object(spec)), has_curated)
}

/// Whether an operation is new, changed or the same as in the last import.
enum Status {
    Added,
    Changed,
    Same,
}

/// One operation's spec and English messages as this import writes them, the texts found
/// on disk (`None` for a missing file) and how the operation compares with the last import.
struct OpFiles {
    spec_rel: PathBuf,
    spec: String,
    old_spec: Option<String>,
    ftl_rel: PathBuf,
    ftl: String,
    old_ftl: Option<String>,
    status: Status,
}

/// Reads operation `op`'s files (once) and merges them with what it generates; `old_spec_rel`
/// is its spec file in the last import, if it had one.
fn op_files(root: &Path, op: &openapi::GeneratedOp, old_spec_rel: Option<&String>) -> OpFiles {
    let spec_rel = PathBuf::from("content").join(&op.group).join(format!("{}.yaml", op.id));
    let ftl_rel = PathBuf::from("locales/en").join(format!("{}.ftl", op.id));
    let old_spec = read(root, &spec_rel);
    let old_ftl = read(root, &ftl_rel);
    let (spec, curated) = merge_spec(&op.spec, emit::yaml(&op.spec), old_spec.as_deref());
    let messages: Vec<(String, String)> = op
        .messages
        .iter()
        .filter(|(id, _)| !(curated && is_generated_example_message(id)))
        .cloned()
        .collect();
    let ftl = merge_ftl(&messages, old_ftl.as_deref());
    let status = match old_spec_rel {
        None => Status::Added,
        Some(old) => {
            let same_spec = match Path::new(old) == spec_rel {
                true => old_spec.as_deref() == Some(spec.as_str()),
                false => read(root, Path::new(old)).as_deref() == Some(spec.as_str()),
            };
            match same_spec && old_ftl.as_deref() == Some(ftl.as_str()) {
                true => Status::Same,
                false => Status::Changed,
            }
        }
    };
    OpFiles { spec_rel, spec, old_spec, ftl_rel, ftl, old_ftl, status }
}

/// The generated messages followed by the messages a person added to the existing file.
fn merge_ftl(messages: &[(String, String)], existing: Option<&str>) -> String {
    let mut out = String::from(
        "# Generated by `polydoc import openapi`; messages below the generated ones are kept.\n",
    );
    for (id, text) in messages {
        out.push_str(&emit::ftl_message(id, text));
    }
    for (id, entry) in existing.map(emit::ftl_entries).unwrap_or_default() {
        let generated = messages.iter().any(|(k, _)| *k == id);
        if !generated && !is_generated_example_message(&id) {
            out.push_str(&entry);
        }
    }
    out
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename.
pub(crate) fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
