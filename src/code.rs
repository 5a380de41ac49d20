//! Stage 4, snippets: the code of every example, once for all locales. Each request gets a
//! tab per snippet language of [`crate::snippet`] (HTTP, C#, Java, Python), the response an
//! HTTP block; all highlighted here. A snippet that cannot be generated is an error pointing at
//! the offending value in the spec's YAML.

use crate::diag::SourceError;
use crate::highlight::Highlighter;
use crate::snippet::{infer_root_type, languages, locate_pointer, SnippetError};
use crate::spec::http::message_text;
use crate::spec::load::json_position_in_yaml;
use crate::spec::{Example, ExampleSpec, Operation, Schema};
use anyhow::{Context, Result};
use serde::Serialize;

/// A rendered code block: language id, tab label, plain text (for copying) and highlighted HTML.
#[derive(Debug, Clone, Serialize)]
pub struct CodeTab {
    /// Language id (`http`, `csharp`, `json`).
    pub lang: String,
    /// Tab label (`HTTP`, `C#`).
    pub label: String,
    /// The code as plain text.
    pub text: String,
    /// Highlighted, escaped HTML (no `<pre>`).
    pub code_html: String,
}

/// The code of one example: request tabs and the response block.
#[derive(Debug, Clone)]
pub struct ExampleCode {
    /// Request in every snippet language, HTTP first.
    pub request: Vec<CodeTab>,
    /// The response as HTTP status line, headers and JSON.
    pub response: CodeTab,
}

/// Code of every example of one operation, in spec order.
pub fn operation_code(
    op: &Operation,
    schema: &Schema,
    highlighter: &Highlighter,
) -> Result<Vec<ExampleCode>> {
    let root_type = op.spec.body_type().map(str::to_string);
    op.examples
        .iter()
        .zip(&op.spec.examples)
        .map(|(ex, spec)| {
            let root = match &root_type {
                Some(t) => t.clone(),
                None => infer_root_type(&ex.request, schema).unwrap_or_default(),
            };
            example_code(op, ex, spec, schema, &root, highlighter)
        })
        .collect()
}

fn tab(
    lang: &str,
    label: &str,
    token: &str,
    text: String,
    highlighter: &Highlighter,
) -> Result<CodeTab> {
    let code_html = highlighter.highlight(&text, token)?;
    Ok(CodeTab { lang: lang.into(), label: label.into(), text, code_html })
}

fn example_code(
    op: &Operation,
    ex: &Example,
    spec: &ExampleSpec,
    schema: &Schema,
    root: &str,
    highlighter: &Highlighter,
) -> Result<ExampleCode> {
    let mut request = Vec::new();
    for lang in languages() {
        let text = lang
            .generate(&ex.request, schema, root)
            .map_err(|e| snippet_error(op, spec, lang.label(), &e))?;
        request.push(tab(lang.id(), lang.label(), lang.syntax_token(), text, highlighter)?);
    }
    let response = tab("http", "HTTP", "http", http_response_text(ex), highlighter)
        .with_context(|| format!("{}: example `{}`", op.file.display(), ex.id))?;
    Ok(ExampleCode { request, response })
}

/// Points a snippet error at the offending value in the spec's YAML.
fn snippet_error(
    op: &Operation,
    spec: &ExampleSpec,
    label: &str,
    e: &SnippetError,
) -> anyhow::Error {
    let message = format!("example `{}`: no {label} snippet: {}", spec.id.value, e.message);
    let located = spec.request.body.as_ref().map(|body| {
        let (line, col) =
            e.pointer.as_deref().and_then(|p| locate_pointer(&body.value, p)).unwrap_or((1, 1));
        json_position_in_yaml(body, line, col)
    });
    let (line, col) = located
        .unwrap_or((spec.id.referenced.line() as usize, spec.id.referenced.column() as usize));
    SourceError::new(&op.file, Some(&op.source), line, col, message).into()
}

/// The response: status line, headers, blank line, pretty JSON.
pub fn http_response_text(ex: &Example) -> String {
    let r = &ex.response;
    message_text(&format!("HTTP/1.1 {}", r.status), &r.headers, r.body.as_ref())
}
