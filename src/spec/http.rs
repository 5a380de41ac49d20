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

/// Pretty-prints JSON the way the docs show it: two-space indent, key order kept.
pub fn pretty_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
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
        assert_eq!(
            req("https://graph.microsoft.com/beta/teams/{id}/channels?x=1").api_path(),
            "/teams/{id}/channels"
        );
        assert_eq!(req("/chats").api_path(), "/chats");
    }
}
