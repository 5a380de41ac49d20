//! Stage 4, snippets: the code of every example, once for all locales. Each request gets a
//! tab per snippet language (HTTP first), the response a JSON block; all highlighted here.

use crate::highlight::Highlighter;
use crate::localize::page::CodeTab;
use crate::spec::http::pretty_json;
use crate::spec::{Example, Operation};
use anyhow::{Context, Result};

/// The code of one example: request tabs and the response block.
#[derive(Debug, Clone)]
pub struct ExampleCode {
    /// Request in every snippet language, HTTP first.
    pub request: Vec<CodeTab>,
    /// The response as HTTP status line, headers and JSON.
    pub response: CodeTab,
}

/// Code of every example of one operation, in spec order.
pub fn operation_code(op: &Operation, highlighter: &Highlighter) -> Result<Vec<ExampleCode>> {
    op.examples
        .iter()
        .map(|ex| example_code(ex, highlighter).with_context(|| format!("{}: example `{}`", op.file.display(), ex.id)))
        .collect()
}

fn tab(lang: &str, label: &str, token: &str, text: String, highlighter: &Highlighter) -> Result<CodeTab> {
    let code_html = highlighter.highlight(&text, token)?;
    Ok(CodeTab { lang: lang.into(), label: label.into(), text, code_html })
}

fn example_code(ex: &Example, highlighter: &Highlighter) -> Result<ExampleCode> {
    let request = vec![tab("http", "HTTP", "http", http_request_text(ex), highlighter)?];
    let response = tab("http", "HTTP", "http", http_response_text(ex), highlighter)?;
    Ok(ExampleCode { request, response })
}

/// The request as the docs show it: request line, headers, blank line, pretty JSON.
pub fn http_request_text(ex: &Example) -> String {
    let r = &ex.request;
    let mut out = format!("{} {}\n", r.method, r.url);
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    if let Some(body) = &r.body {
        out.push('\n');
        out.push_str(&pretty_json(body));
        out.push('\n');
    }
    out
}

/// The response: status line, headers, blank line, pretty JSON.
pub fn http_response_text(ex: &Example) -> String {
    let r = &ex.response;
    let mut out = format!("HTTP/1.1 {}\n", r.status);
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    if let Some(body) = &r.body {
        out.push('\n');
        out.push_str(&pretty_json(body));
        out.push('\n');
    }
    out
}
