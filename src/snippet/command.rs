//! The core of `polydoc snippet`: read a raw request, pick the body type (given or inferred from
//! the path), check the body against the schema and generate one language's snippet. Errors name
//! `source:line:col`, quote the offending line with a caret under the offending value and say
//! what was expected. The default schema is the shipped `content/schema/microsoft.graph.yaml`.

use super::locate::pointer_offset;
use super::parse::{parse_request_detailed, ParsedRequest, RequestParseError};
use super::{infer_root_type, language, languages, walk_request, SnippetError};
use crate::spec::schema::SchemaFile;
use crate::spec::Schema;
use anyhow::{anyhow, bail};

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
    let parsed = parse_request_detailed(request_text).map_err(|e| parse_error(&e, source_name))?;
    let root = match (root_type, &parsed.request.body) {
        (Some(name), _) => name.to_string(),
        (None, None) => String::new(),
        (None, Some(_)) => infer_root_type(&parsed.request, schema).ok_or_else(|| {
            anyhow!(
                "{source_name}: cannot tell the request body type from the path `{}`; pass --type NAME",
                parsed.request.api_path()
            )
        })?,
    };
    walk_request(&parsed.request, schema, &root)
        .map_err(|e| body_error(&e, &parsed, source_name))?;
    language
        .generate(&parsed.request, schema, &root)
        .map_err(|e| body_error(&e, &parsed, source_name))
}

/// `source:line:col: message` with the line and a caret.
fn parse_error(e: &RequestParseError, source_name: &str) -> anyhow::Error {
    anyhow!(
        "{source_name}:{}:{}: {}\n{}",
        e.line,
        e.col,
        e.message,
        excerpt(e.line, e.col, &e.text)
    )
}

/// A schema error placed at its value in the request text, when it has one.
fn body_error(e: &SnippetError, parsed: &ParsedRequest, source_name: &str) -> anyhow::Error {
    let place =
        e.pointer.as_deref().zip(parsed.body_text.as_deref()).and_then(|(pointer, body)| {
            let offset = pointer_offset(body, pointer)?;
            let (line, col) = super::locate::line_col(body, offset);
            let text = body.lines().nth(line - 1).unwrap_or("");
            Some((parsed.body_line + line - 1, col, text))
        });
    match place {
        Some((line, col, text)) => {
            anyhow!("{source_name}:{line}:{col}: {}\n{}", e.message, excerpt(line, col, text))
        }
        None => anyhow!("{source_name}: {e}"),
    }
}

/// ```text
///   12 |       "roles": "owner",
///      |                ^
/// ```
fn excerpt(line: usize, col: usize, text: &str) -> String {
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let lead: String = text
        .chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(" {number} | {text}\n {pad} | {lead}^")
}
