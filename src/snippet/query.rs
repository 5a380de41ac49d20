//! Request configuration: what of a request is not path or body, as the Kiota-generated SDKs
//! take it. The URL's query string becomes typed query parameters (`$top` a whole number,
//! `$count` a boolean, `$select`/`$orderby`/`$expand` lists split at top-level commas,
//! `$filter`/`$search` and every other parameter strings, quotes kept), named by Kiota's rule
//! (the name without `$`, then each language's casing: `Select`, `select`, `select`); request
//! headers are kept in order except those the SDK or the HTTP stack sets itself
//! (`Content-Type`, `Content-Length`, `Authorization`, `Host`).

use super::names::{camel, pascal, snake};
use crate::spec::HttpRequest;

/// Headers a snippet never sets: the SDK or the HTTP stack writes them.
const SDK_HEADERS: &[&str] = &["content-type", "content-length", "authorization", "host"];

/// Query options whose value is a comma-separated list.
const LIST_OPTIONS: &[&str] = &["select", "orderby", "expand"];

/// A typed query parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryValue {
    /// `$top=5`, `$skip=10`.
    Int(i64),
    /// `$count=true`.
    Bool(bool),
    /// `$select=id,displayName`.
    List(Vec<String>),
    /// `$filter=...`, `$search="..."`, custom parameters.
    Text(String),
}

/// One query parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryParam {
    /// The name as written in the URL (`$select`, `startDateTime`).
    pub raw: String,
    /// The typed value.
    pub value: QueryValue,
}

impl QueryParam {
    /// The name without `$` (`select`, `startDateTime`).
    pub fn name(&self) -> &str {
        self.raw.strip_prefix('$').unwrap_or(&self.raw)
    }
    /// C# property: `Select`, `StartDateTime`.
    pub fn csharp(&self) -> String {
        pascal(self.name())
    }
    /// Java field: `select`, `startDateTime`.
    pub fn java(&self) -> String {
        camel(self.name())
    }
    /// Python argument: `select`, `start_date_time`.
    pub fn python(&self) -> String {
        super::python::identifier(&snake(self.name()))
    }
    /// JavaScript: the name as written.
    pub fn is_system(&self) -> bool {
        self.raw.starts_with('$')
    }
}

/// Everything a request configuration sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestConfig {
    /// Query parameters in URL order.
    pub query: Vec<QueryParam>,
    /// Headers to send, in request order.
    pub headers: Vec<(String, String)>,
}

impl RequestConfig {
    /// The configuration of `req`.
    pub fn of(req: &HttpRequest) -> RequestConfig {
        let query = req
            .url
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(q))
            .map(parse_query)
            .unwrap_or_default();
        let headers = req
            .headers
            .iter()
            .filter(|(name, _)| !SDK_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
            .cloned()
            .collect();
        RequestConfig { query, headers }
    }

    /// True when there is nothing to configure.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty() && self.headers.is_empty()
    }
}

/// `a=1&b=x` into typed parameters (empty pairs skipped).
fn parse_query(query: &str) -> Vec<QueryParam> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let raw = percent_decode(name);
            let text = percent_decode(value);
            let value = typed(raw.strip_prefix('$').unwrap_or(&raw), text);
            QueryParam { raw, value }
        })
        .collect()
}

/// The typed value of a parameter named `name` (without `$`).
fn typed(name: &str, text: String) -> QueryValue {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "top" | "skip" => text.trim().parse().map_or(QueryValue::Text(text), QueryValue::Int),
        "count" => match text.trim() {
            "true" => QueryValue::Bool(true),
            "false" => QueryValue::Bool(false),
            _ => QueryValue::Text(text),
        },
        l if LIST_OPTIONS.contains(&l) => QueryValue::List(split_list(&text)),
        _ => QueryValue::Text(text),
    }
}

/// Splits at commas outside parentheses and quotes (`members($select=id,displayName),owners`).
fn split_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut current) = (0i32, false, String::new());
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current.trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// `%24select` -> `$select`; `+` stays (Graph reads it literally in paths and `$search`).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str, headers: &[(&str, &str)]) -> RequestConfig {
        let req = HttpRequest {
            method: "GET".into(),
            url: url.into(),
            headers: headers.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
            body: None,
        };
        RequestConfig::of(&req)
    }

    #[test]
    fn typed_values() {
        let c = config(
            "/g?$select=id,displayName&$top=5&$count=true&$search=\"displayName:te\"&$filter=startswith(a,'b,c')&$expand=members($select=id,mail),owners&%24orderby=displayName%20desc&startDateTime=2024-01-01",
            &[("ConsistencyLevel", "eventual"), ("Content-Type", "application/json")],
        );
        let values: Vec<_> = c.query.iter().map(|q| (q.python(), q.value.clone())).collect();
        assert_eq!(
            values,
            vec![
                ("select".into(), QueryValue::List(vec!["id".into(), "displayName".into()])),
                ("top".into(), QueryValue::Int(5)),
                ("count".into(), QueryValue::Bool(true)),
                ("search".into(), QueryValue::Text("\"displayName:te\"".into())),
                ("filter".into(), QueryValue::Text("startswith(a,'b,c')".into())),
                (
                    "expand".into(),
                    QueryValue::List(vec!["members($select=id,mail)".into(), "owners".into()])
                ),
                ("orderby".into(), QueryValue::List(vec!["displayName desc".into()])),
                ("start_date_time".into(), QueryValue::Text("2024-01-01".into())),
            ]
        );
        assert_eq!(c.query[1].csharp(), "Top");
        assert_eq!(c.query[7].java(), "startDateTime");
        assert_eq!(c.headers, vec![("ConsistencyLevel".to_string(), "eventual".to_string())]);
        assert!(config("/g", &[("Content-Type", "application/json")]).is_empty());
    }
}
