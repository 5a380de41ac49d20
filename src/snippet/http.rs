//! The HTTP tab: the request as the docs print it. Request line (`POST https://...`), headers in
//! order, a blank line and the JSON body pretty-printed with a two-space indent, key order kept.
//! It needs no schema: what it shows is what is sent.

use super::{SnippetError, SnippetLanguage};
use crate::spec::http::pretty_json;
use crate::spec::{HttpRequest, Schema};

/// The HTTP language.
pub struct Http;

impl SnippetLanguage for Http {
    fn id(&self) -> &'static str {
        "http"
    }
    fn label(&self) -> &'static str {
        "HTTP"
    }
    fn syntax_token(&self) -> &'static str {
        "http"
    }
    fn generate(
        &self,
        req: &HttpRequest,
        _schema: &Schema,
        _root_type: &str,
    ) -> Result<String, SnippetError> {
        Ok(render(req))
    }
}

/// The request as text.
pub fn render(req: &HttpRequest) -> String {
    let mut out = format!("{} {}\n", req.method, req.url);
    for (name, value) in &req.headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    if let Some(body) = &req.body {
        out.push('\n');
        out.push_str(&pretty_json(body));
        out.push('\n');
    }
    out
}
