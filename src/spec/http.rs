//! HTTP messages of examples: the owned request and response the later stages work from.

use serde_json::Value;

/// One HTTP request: what an example sends and what `polydoc snippet` reads.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// Method in upper case (`POST`).
    pub method: String,
    /// Absolute URL or path (`https://graph.microsoft.com/v1.0/chats`).
    pub url: String,
    /// Headers in order, as written.
    pub headers: Vec<(String, String)>,
    /// JSON body, key order preserved; `None` when there is no body.
    pub body: Option<Value>,
}

/// One HTTP response of an example.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    /// Status line after the version (`201 Created`).
    pub status: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// JSON body, key order preserved.
    pub body: Option<Value>,
}

impl HttpRequest {
    /// The path of the URL after `server` (an API's base URL, `https://api.example.com/v1`)
    /// when the URL starts with it, else [`HttpRequest::api_path`].
    pub fn api_path_under(&self, server: Option<&str>) -> &str {
        let Some(server) = server.map(|s| s.trim_end_matches('/')) else {
            return self.api_path();
        };
        let url = self.url.split(['?', '#']).next().unwrap_or(&self.url);
        match url.strip_prefix(server) {
            Some("") => "/",
            Some(rest) if rest.starts_with('/') => rest,
            _ => self.api_path(),
        }
    }

    /// The path of the URL without scheme, host and API version (`/chats`).
    pub fn api_path(&self) -> &str {
        let without_scheme = match self.url.find("://") {
            Some(i) => &self.url[i + 3..],
            None => self.url.as_str(),
        };
        let path = if self.url.contains("://") {
            without_scheme.find('/').map_or("/", |i| &without_scheme[i..])
        } else {
            without_scheme
        };
        let path = path.split(['?', '#']).next().unwrap_or(path);
        for version in ["/v1.0/", "/beta/"] {
            if let Some(rest) = path.strip_prefix(version) {
                return &path[version.len() - 1..][..rest.len() + 1];
            }
        }
        path
    }
}

/// An HTTP message as the docs print it: start line, headers, and after a blank line the
/// pretty JSON body.
pub fn message_text(
    start_line: &str,
    headers: &[(String, String)],
    body: Option<&Value>,
) -> String {
    let mut out = format!("{start_line}\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    if let Some(body) = body {
        out.push('\n');
        out.push_str(&pretty_json(body));
        out.push('\n');
    }
    out
}

/// The JSON kind of a value, for messages.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Widest line an array of plain values is kept on (indent included).
const INLINE_WIDTH: usize = 80;

/// Pretty-prints JSON the way Microsoft Learn shows it: two-space indent, key order kept, and
/// an array of plain values (strings, numbers, booleans, null) on one line when it fits in
/// [`INLINE_WIDTH`] columns (`"roles": ["owner"]`, not three lines).
pub fn pretty_json(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, 0, 0, &mut out);
    out
}

/// The compact one-line form of a scalar or an array of scalars.
fn inline_json(value: &Value) -> Option<String> {
    match value {
        Value::Object(m) if m.is_empty() => Some("{}".into()),
        Value::Object(_) => None,
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items
                .iter()
                .map(|v| match v {
                    Value::Array(_) | Value::Object(_) => None,
                    scalar => Some(scalar.to_string()),
                })
                .collect();
            parts.map(|p| format!("[{}]", p.join(", ")))
        }
        scalar => Some(scalar.to_string()),
    }
}

/// Writes `value` at nesting `depth`; `used` is how many columns the line already holds.
fn write_json(value: &Value, depth: usize, used: usize, out: &mut String) {
    if let Some(line) = inline_json(value) {
        if used + line.chars().count() <= INLINE_WIDTH
            || !matches!(value, Value::Array(a) if a.len() > 1)
        {
            out.push_str(&line);
            return;
        }
    }
    let pad = "  ".repeat(depth + 1);
    let (open, close) = if value.is_array() { ('[', ']') } else { ('{', '}') };
    out.push(open);
    let mut first = true;
    let mut item = |key: Option<&str>, v: &Value, out: &mut String| {
        out.push_str(if first { "\n" } else { ",\n" });
        first = false;
        out.push_str(&pad);
        let mut used = pad.len();
        if let Some(k) = key {
            let k = Value::String(k.to_string()).to_string();
            used += k.chars().count() + 2;
            out.push_str(&k);
            out.push_str(": ");
        }
        write_json(v, depth + 1, used, out);
    };
    match value {
        Value::Array(items) => items.iter().for_each(|v| item(None, v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| item(Some(k), v, out)),
        _ => unreachable!("scalars are written inline"),
    }
    out.push('\n');
    out.push_str(&"  ".repeat(depth));
    out.push(close);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(url: &str) -> HttpRequest {
        HttpRequest { method: "POST".into(), url: url.into(), headers: vec![], body: None }
    }

    #[test]
    fn api_path_strips_host_and_version() {
        assert_eq!(req("https://graph.microsoft.com/v1.0/chats").api_path(), "/chats");
        let under = |url: &str, server: &str| req(url).api_path_under(Some(server)).to_string();
        assert_eq!(under("https://api.x.com/v2/pets/1?a=b", "https://api.x.com/v2/"), "/pets/1");
        assert_eq!(under("https://api.x.com/v2", "https://api.x.com/v2"), "/");
        assert_eq!(under("https://api.x.com/v20/pets", "https://api.x.com/v2"), "/v20/pets");
        assert_eq!(under("https://other.com/v2/pets", "https://api.x.com/v2"), "/v2/pets");
        assert_eq!(
            req("https://graph.microsoft.com/beta/teams/{id}/channels?x=1").api_path(),
            "/teams/{id}/channels"
        );
        assert_eq!(req("/chats").api_path(), "/chats");
    }

    #[test]
    fn pretty_json_keeps_short_arrays_of_values_on_one_line() {
        let v: Value = serde_json::from_str(
            r#"{"roles":["owner"],"members":[{"a":1,"tags":[]}],"empty":{},"n":[1,2,null]}"#,
        )
        .unwrap();
        assert_eq!(
            pretty_json(&v),
            "{\n  \"roles\": [\"owner\"],\n  \"members\": [\n    {\n      \"a\": 1,\n      \"tags\": []\n    }\n  ],\n  \"empty\": {},\n  \"n\": [1, 2, null]\n}"
        );
        let long: Vec<String> = (0..20).map(|i| format!("value-{i}")).collect();
        let text = pretty_json(&serde_json::json!({ "list": long }));
        assert!(text.starts_with("{\n  \"list\": [\n    \"value-0\",\n"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["list"].as_array().unwrap().len(), 20);
    }
}
