//! The core of `polydoc snippet`: read a raw request, pick the body type (given, or inferred from
//! the body's `@odata.type` or the path, or a bound action's parameters), check the body against the schema and generate one language's snippet. Errors are
//! [`SourceError`]s drawn by the one renderer: `source:line:col`, a window of the offending line
//! with a caret under the offending value, and what was expected. The default schema is the shipped `content/schema/microsoft.graph.yaml`.

use super::locate::pointer_offset;
use super::parse::{parse_request_detailed, ParsedRequest, RequestParseError};
use super::{
    has_implicit_body_type, infer_root_type, language, languages, walk_request, SnippetError,
};
use crate::diag::SourceError;
use crate::spec::schema::SchemaFile;
use crate::spec::Schema;
use anyhow::{anyhow, bail};
use std::path::Path;

/// The shipped schema, embedded at build time.
const BUILTIN_SCHEMA: &str = include_str!("../../content/schema/microsoft.graph.yaml");

/// The shipped `microsoft.graph` schema.
pub fn builtin_schema() -> anyhow::Result<Schema> {
    let file: SchemaFile = serde_saphyr::from_str(BUILTIN_SCHEMA)
        .map_err(|e| anyhow!("the built-in schema does not parse: {e}"))?;
    Schema::merge(vec![file]).map_err(|e| anyhow!("the built-in schema is invalid: {e}"))
}

/// Generates the `lang` snippet of the request in `request_text` (read from `source_name`).
pub fn run_snippet_command(
    lang: &str,
    schema: &Schema,
    root_type: Option<&str>,
    request_text: &str,
    source_name: &str,
) -> anyhow::Result<String> {
    let Some(language) = language(lang) else {
        let ids: Vec<&str> = languages().iter().map(|l| l.id()).collect();
        bail!("unknown snippet language `{lang}` (expected one of: {})", ids.join(", "));
    };
    let parsed = parse_request_detailed(request_text)
        .map_err(|e| parse_error(&e, request_text, source_name))?;
    let root = match (root_type, &parsed.request.body) {
        (Some(name), _) => name.to_string(),
        (None, None) => String::new(),
        (None, Some(_)) if has_implicit_body_type(&parsed.request, schema) => String::new(),
        (None, Some(_)) => infer_root_type(&parsed.request, schema).ok_or_else(|| {
            anyhow!(
                "{source_name}: cannot tell the request body type from the path `{}`; pass --type NAME",
                parsed.request.api_path()
            )
        })?,
    };
    walk_request(&parsed.request, schema, &root)
        .map_err(|e| body_error(&e, &parsed, request_text, source_name))?;
    language
        .generate(&parsed.request, schema, &root)
        .map_err(|e| body_error(&e, &parsed, request_text, source_name))
}

/// The parse error located in the request text, drawn by the one renderer.
fn parse_error(e: &RequestParseError, request_text: &str, source_name: &str) -> anyhow::Error {
    SourceError::new(Path::new(source_name), Some(request_text), e.line, e.col, &e.message).into()
}

/// A schema error placed at its value in the request text, when it has one.
fn body_error(
    e: &SnippetError,
    parsed: &ParsedRequest,
    request_text: &str,
    source_name: &str,
) -> anyhow::Error {
    let place =
        e.pointer.as_deref().zip(parsed.body_text.as_deref()).and_then(|(pointer, body)| {
            let offset = pointer_offset(body, pointer)?;
            let (line, col) = super::locate::line_col(body, offset);
            Some((parsed.body_line + line - 1, col))
        });
    match place {
        Some((line, col)) => {
            SourceError::new(Path::new(source_name), Some(request_text), line, col, &e.message)
                .into()
        }
        None => anyhow!("{source_name}: {e}"),
    }
}
