//! SDK snippet generation: the [`SnippetLanguage`] trait, the registry of languages in tab order
//! (HTTP, C#, Java, Python), the error type every generator returns, and the entry points the
//! `polydoc snippet` command and the page renderer call. The schema walk that all SDK languages
//! share lives in [`walk`]; the request-builder chain in [`path`]; each language in its own module.

pub mod command;
pub mod csharp;
pub mod http;
pub mod java;
pub mod locate;
pub mod names;
pub mod parse;
pub mod path;
pub mod python;
pub mod walk;

use crate::spec::{HttpRequest, Schema};
use std::fmt;

pub use command::{builtin_schema, run_snippet_command};
pub use locate::locate_pointer;
pub use parse::{parse_request, RequestParseError};

/// One language tab of the snippet block.
pub trait SnippetLanguage: Sync {
    /// Stable id used on the command line: `http`, `csharp`, `java`, `python`.
    fn id(&self) -> &'static str;
    /// Tab label: `HTTP`, `C#`, `Java`, `Python`.
    fn label(&self) -> &'static str;
    /// Syntax token for highlighting: `http`, `cs`, `java`, `py`.
    fn syntax_token(&self) -> &'static str;
    /// The snippet for `req`, whose body is a `root_type` (ignored when there is no body).
    fn generate(
        &self,
        req: &HttpRequest,
        schema: &Schema,
        root_type: &str,
    ) -> Result<String, SnippetError>;
}

static LANGUAGES: [&dyn SnippetLanguage; 4] =
    [&http::Http, &csharp::CSharp, &java::Java, &python::Python];

/// Every language, in tab order: HTTP, C#, Java, Python.
pub fn languages() -> &'static [&'static dyn SnippetLanguage] {
    &LANGUAGES
}

/// The language with this id.
pub fn language(id: &str) -> Option<&'static dyn SnippetLanguage> {
    LANGUAGES.iter().copied().find(|l| l.id() == id)
}

/// Why a snippet could not be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetError {
    /// What is wrong and what was expected.
    pub message: String,
    /// JSON pointer of the offending value in the request body (`/members/2/roles`), if any.
    pub pointer: Option<String>,
}

impl SnippetError {
    /// An error about the request as a whole.
    pub fn new(message: impl Into<String>) -> SnippetError {
        SnippetError { message: message.into(), pointer: None }
    }

    /// An error about the body value at `pointer`.
    pub fn at(message: impl Into<String>, pointer: &str) -> SnippetError {
        SnippetError { message: message.into(), pointer: Some(pointer.to_string()) }
    }
}

impl fmt::Display for SnippetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.pointer {
            Some(p) => {
                write!(f, "{} (at body {})", self.message, if p.is_empty() { "/" } else { p })
            }
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SnippetError {}

/// The body type of a request from its path: the last segment that is not a key, singular,
/// when the schema declares it as a structured type (`/chats` -> `chat`,
/// `/teams/{team-id}/channels` -> `channel`).
pub fn infer_root_type(req: &HttpRequest, schema: &Schema) -> Option<String> {
    let chain = path::RequestChain::parse(req.api_path());
    let last = chain.last_navigation()?;
    [names::singular(last), last.to_string()]
        .into_iter()
        .find(|name| schema.get(name).is_some_and(|t| t.members.is_none()))
}

/// The typed body of `req`, or `None` when it has none.
pub fn walk_request(
    req: &HttpRequest,
    schema: &Schema,
    root_type: &str,
) -> Result<Option<walk::ObjectNode>, SnippetError> {
    req.body.as_ref().map(|b| walk::walk_body(b, schema, root_type)).transpose()
}
