//! The JavaScript tab, in the style Learn publishes for `@microsoft/microsoft-graph-client` v3:
//! the `options`/`Client.init` preamble, the body as one object literal named after its type
//! (`const chat = { ... }`, keys bare when they are identifiers, else single-quoted exactly as in
//! JSON), then `client.api('/path')` with `.version('beta')` for beta URLs, one `.header(...)`
//! per request header, the query (`.select(...)`, `.top(5)`, `.count(true)`, `.filter(...)`,
//! `.search(...)`, `.orderby(...)`, `.expand(...)`, `.skip(...)`, other parameters in
//! `.query({ ... })`) and the method call (`.get()`, `.post(chat)`, `.patch(...)`, `.put(...)`,
//! `.delete()`). The client sends a plain object as it is, so the body is the JSON itself; it is
//! still walked against the schema so every language refuses the same bodies.

use super::names::camel;
use super::path::RequestChain;
use super::query::{QueryValue, RequestConfig};
use super::{walk_request, SnippetError, SnippetLanguage};
use crate::spec::{HttpRequest, Schema};
use serde_json::Value;

/// JavaScript's reserved words, which a variable name must not be.
const KEYWORDS: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "client",
    "options",
];

/// Query options the client has a method for (name without `$`).
const METHODS: &[&str] =
    &["select", "top", "skip", "filter", "search", "orderby", "expand", "count"];

/// The JavaScript language.
pub struct JavaScript;

impl SnippetLanguage for JavaScript {
    fn id(&self) -> &'static str {
        "javascript"
    }
    fn label(&self) -> &'static str {
        "JavaScript"
    }
    fn syntax_token(&self) -> &'static str {
        "js"
    }
    fn generate(
        &self,
        req: &HttpRequest,
        schema: &Schema,
        root_type: &str,
    ) -> Result<String, SnippetError> {
        let walked = walk_request(req, schema, root_type)?;
        let chain = RequestChain::of(req);
        let mut out = String::new();
        out.push_str("const options = {\n\tauthProvider,\n};\n\n");
        out.push_str("const client = Client.init(options);\n\n");
        let body_var = match (&req.body, &walked) {
            (Some(body), Some(node)) => {
                let base = match &node.namespace {
                    Some(_) => node.type_name.trim_end_matches("PostRequestBody").to_string(),
                    None => node.type_name.clone(),
                };
                let var = variable(&base);
                out.push_str(&format!("const {var} = {};\n\n", literal(body, 0)));
                Some(var)
            }
            _ => None,
        };
        out.push_str(&call(req, &chain, body_var.as_deref()));
        Ok(out)
    }
}

/// `let result = await client.api('/path')\n\t.header(...)\n\t.get();`
fn call(req: &HttpRequest, chain: &RequestChain, body_var: Option<&str>) -> String {
    let config = RequestConfig::of(req);
    let mut steps = Vec::new();
    if req.url.contains("/beta/") {
        steps.push(".version('beta')".to_string());
    }
    for (name, value) in &config.headers {
        steps.push(format!(".header({},{})", string_literal(name), string_literal(value)));
    }
    let mut other = Vec::new();
    for param in &config.query {
        let name = param.name().to_ascii_lowercase();
        match (&param.value, param.is_system() && METHODS.contains(&name.as_str())) {
            (QueryValue::Int(i), true) => steps.push(format!(".{name}({i})")),
            (QueryValue::Bool(b), true) => steps.push(format!(".{name}({b})")),
            (QueryValue::List(items), true) => {
                steps.push(format!(".{name}({})", string_literal(&items.join(","))))
            }
            (QueryValue::Text(text), true) => {
                steps.push(format!(".{name}({})", string_literal(text)))
            }
            (value, false) => other.push((param.raw.clone(), query_text(value))),
        }
    }
    if !other.is_empty() {
        let pairs: Vec<String> =
            other.iter().map(|(k, v)| format!("{}: {}", key(k), string_literal(v))).collect();
        steps.push(format!(".query({{ {} }})", pairs.join(", ")));
    }
    let method = req.method.to_lowercase();
    steps.push(format!(".{method}({})", body_var.unwrap_or_default()));
    let api = format!("client.api({})", string_literal(req.api_path()));
    let chained = format!("{api}\n\t{}", steps.join("\n\t"));
    match method.as_str() {
        "get" => {
            let base = chain.segments.iter().rev().find_map(|s| s.member()).unwrap_or_default();
            format!("let {} = await {chained};\n", variable(&base))
        }
        _ => format!("await {chained};\n"),
    }
}

/// A query value as the URL carries it.
fn query_text(value: &QueryValue) -> String {
    match value {
        QueryValue::Int(i) => i.to_string(),
        QueryValue::Bool(b) => b.to_string(),
        QueryValue::List(items) => items.join(","),
        QueryValue::Text(text) => text.clone(),
    }
}

/// A variable named after a type or member (`chat`, `members`); never a keyword.
fn variable(base: &str) -> String {
    let name = camel(base);
    let name = match name.chars().next() {
        Some(c) if c.is_alphabetic() => name,
        _ => format!("value{name}"),
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// A JSON value as a JavaScript literal, two spaces per level as Learn prints it.
fn literal(value: &Value, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let close = "  ".repeat(indent);
    match value {
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{pad}{}: {}", key(k), literal(v, indent + 1)))
                .collect();
            format!("{{\n{}\n{close}}}", members.join(",\n"))
        }
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let items: Vec<String> = items.iter().map(|i| literal(i, indent)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> =
                items.iter().map(|i| format!("{pad}{}", literal(i, indent + 1))).collect();
            format!("[\n{}\n{close}]", items.join(",\n"))
        }
        Value::String(s) => string_literal(s),
        other => other.to_string(),
    }
}

/// An object key: bare when it is an identifier, else a single-quoted string.
fn key(name: &str) -> String {
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || "_$".contains(c))
        && chars.all(|c| c.is_ascii_alphanumeric() || "_$".contains(c));
    if identifier {
        name.to_string()
    } else {
        string_literal(name)
    }
}

/// A single-quoted JavaScript string: `\`, `'`, control characters and the line separators
/// U+2028/U+2029 escaped; other non-ASCII kept.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_keys() {
        assert_eq!(string_literal("it's \\ \u{2028}"), "'it\\'s \\\\ \\u2028'");
        assert_eq!(key("chatType"), "chatType");
        assert_eq!(key("user@odata.bind"), "'user@odata.bind'");
        assert_eq!(variable("delete"), "deleteValue");
        let v = serde_json::json!({"a": [1, "x"], "b": [{"c": null}]});
        assert_eq!(
            literal(&v, 0),
            "{\n  a: [1, 'x'],\n  b: [\n    {\n      c: null\n    }\n  ]\n}"
        );
    }
}
