//! Reading a raw HTTP request as the docs print it: a request line
//! (`POST https://graph.microsoft.com/v1.0/chats`, optionally ending in `HTTP/1.1`), header lines
//! (`Name: value`), a blank line and a JSON body. Every error carries the 1-based line and
//! column in the request text, the offending text and what was expected there.

use crate::spec::HttpRequest;
use serde_json::Value;
use std::fmt;

/// Methods a request line may start with.
pub const METHODS: &[&str] = &["GET", "POST", "PATCH", "PUT", "DELETE"];

/// A request that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestParseError {
    /// 1-based line in the request text.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// What is wrong and what was expected.
    pub message: String,
    /// The offending text (the token or the whole line).
    pub text: String,
}

impl fmt::Display for RequestParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for RequestParseError {}

/// A parsed request with where its body starts, so body errors can be placed in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRequest {
    /// The request.
    pub request: HttpRequest,
    /// The body text exactly as written, if any.
    pub body_text: Option<String>,
    /// 1-based line of the request text where the body text starts.
    pub body_line: usize,
}

/// Parses raw request text.
pub fn parse_request(text: &str) -> Result<HttpRequest, RequestParseError> {
    parse_request_detailed(text).map(|p| p.request)
}

/// Parses raw request text, keeping the body text and its first line.
pub fn parse_request_detailed(text: &str) -> Result<ParsedRequest, RequestParseError> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).ok_or_else(|| RequestParseError {
        line: 1,
        col: 1,
        message: "expected a request line such as `POST https://graph.microsoft.com/v1.0/chats`, found an empty request".into(),
        text: String::new(),
    })?;
    let (method, url) = parse_request_line(lines[first], first + 1)?;
    let mut headers = Vec::new();
    let mut index = first + 1;
    while index < lines.len() && !lines[index].trim().is_empty() {
        headers.push(parse_header(lines[index], index + 1)?);
        index += 1;
    }
    let body_line = index + 2;
    let body_text =
        lines.get(index + 1..).map(|rest| rest.join("\n")).filter(|b| !b.trim().is_empty());
    let body = body_text.as_deref().map(|b| parse_body(b, &lines, body_line)).transpose()?;
    Ok(ParsedRequest { request: HttpRequest { method, url, headers, body }, body_text, body_line })
}

/// `METHOD URL [HTTP/x.y]`
fn parse_request_line(line: &str, number: usize) -> Result<(String, String), RequestParseError> {
    let tokens = tokens_with_columns(line);
    let err = |col: usize, text: &str, message: String| RequestParseError {
        line: number,
        col,
        message,
        text: text.to_string(),
    };
    let (method_col, method) = tokens[0];
    if !METHODS.contains(&method) {
        return Err(err(
            method_col,
            method,
            format!(
            "malformed request line: expected an HTTP method ({}) in upper case, found `{method}`",
            METHODS.join(", ")
        ),
        ));
    }
    let Some(&(url_col, url)) = tokens.get(1) else {
        let col = method_col + method.chars().count();
        return Err(err(
            col,
            line,
            "malformed request line: expected a URL after the method".into(),
        ));
    };
    if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/')) {
        return Err(err(url_col, url, format!(
            "malformed request line: expected an absolute URL (`https://...`) or a path starting with `/`, found `{url}`"
        )));
    }
    if url.contains('?') && tokens.len() > 2 {
        return Ok((method.to_string(), url_with_spaces(line, &tokens)));
    }
    match tokens.get(2) {
        Some(&(col, version)) if !is_http_version(version) => {
            return Err(err(col, version, format!("malformed request line: expected `HTTP/1.1` or the end of the line, found `{version}`")));
        }
        _ => {}
    }
    if let Some(&(col, extra)) = tokens.get(3) {
        return Err(err(
            col,
            extra,
            format!("malformed request line: expected the end of the line, found `{extra}`"),
        ));
    }
    Ok((method.to_string(), url.to_string()))
}

/// The URL of a request line whose query holds spaces, as Learn prints `$search="a b"`: from the
/// URL's first character to the end of the line, less a trailing `HTTP/x.y`.
fn url_with_spaces(line: &str, tokens: &[(usize, &str)]) -> String {
    let start: usize = line.char_indices().nth(tokens[1].0 - 1).map_or(0, |(i, _)| i);
    let rest = line[start..].trim_end();
    let last = tokens[tokens.len() - 1].1;
    match rest.strip_suffix(last) {
        Some(head) if is_http_version(last) && head.ends_with(char::is_whitespace) => {
            head.trim_end().to_string()
        }
        _ => rest.to_string(),
    }
}

/// `HTTP/1.1`, `HTTP/2`.
fn is_http_version(token: &str) -> bool {
    token
        .strip_prefix("HTTP/")
        .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Whitespace-separated tokens with their 1-based character columns.
fn tokens_with_columns(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((line[..s].chars().count() + 1, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// `Name: value`
fn parse_header(line: &str, number: usize) -> Result<(String, String), RequestParseError> {
    let valid = line.split_once(':').filter(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
    });
    match valid {
        Some((name, value)) => Ok((name.to_string(), value.trim().to_string())),
        None => Err(RequestParseError {
            line: number,
            col: 1,
            message: format!(
                "expected a header `Name: value`, or a blank line before the JSON body, found `{}`",
                line.trim()
            ),
            text: line.to_string(),
        }),
    }
}

/// The JSON body; a syntax error is placed in the request text.
fn parse_body(body: &str, lines: &[&str], body_line: usize) -> Result<Value, RequestParseError> {
    serde_json::from_str(body).map_err(|e| {
        let line = body_line + e.line().max(1) - 1;
        let text = lines.get(line - 1).copied().unwrap_or("");
        let col =
            text.get(..e.column().saturating_sub(1)).map_or(e.column(), |t| t.chars().count() + 1);
        let message = serde_message(&e);
        RequestParseError {
            line,
            col,
            message: format!("invalid JSON body: {message}"),
            text: text.to_string(),
        }
    })
}

/// serde_json's message without its own " at line L column C" suffix.
fn serde_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_request() {
        let p = parse_request_detailed("POST https://x/v1.0/chats HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"a\": 1}\r\n").unwrap();
        assert_eq!(p.request.method, "POST");
        assert_eq!(p.request.headers, vec![("Content-Type".into(), "application/json".into())]);
        assert_eq!(p.request.body, Some(serde_json::json!({"a": 1})));
        assert_eq!(p.body_line, 4);
    }

    #[test]
    fn spaces_in_the_query() {
        let r = parse_request("GET /users?$search=\"displayName:te st\"&$count=true HTTP/1.1\n")
            .unwrap();
        assert_eq!(r.url, "/users?$search=\"displayName:te st\"&$count=true");
        let r = parse_request("GET /users?$filter=a eq 'b'\n").unwrap();
        assert_eq!(r.url, "/users?$filter=a eq 'b'");
        assert!(parse_request("GET /us ers\n").is_err(), "a space in the path stays an error");
    }

    #[test]
    fn no_body() {
        let r = parse_request("\nDELETE /chats/{chat-id}\n").unwrap();
        assert_eq!(
            (r.method.as_str(), r.url.as_str(), r.body),
            ("DELETE", "/chats/{chat-id}", None)
        );
    }
}
