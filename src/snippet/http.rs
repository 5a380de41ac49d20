//! The HTTP tab: the request as the docs print it. Request line (`POST https://...`), headers in
//! order, a blank line and the JSON body pretty-printed with a two-space indent, key order kept.
//! It needs no schema: what it shows is what is sent.

use super::{SnippetError, SnippetLanguage};
use crate::spec::http::message_text;
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
    message_text(&format!("{} {}", req.method, req.url), &req.headers, req.body.as_ref())
}
