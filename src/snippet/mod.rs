//! SDK snippet generation: the [`SnippetLanguage`] trait, the registry of languages in tab order
//! (HTTP, C#, Java, JavaScript, Python), the error type every generator returns, and the entry
//! points the `polydoc snippet` command and the page renderer call: body-type inference (from
//! the body's `@odata.type`, then the path) and the choice between a schema type and a bound
//! action's `<Action>PostRequestBody`. The schema walk that all SDK languages share lives in
//! [`walk`]; the request-builder chain in [`path`]; query parameters and headers in [`query`];
//! each language in its own module.

pub mod command;
pub mod csharp;
pub mod http;
pub mod java;
pub mod javascript;
pub mod locate;
pub mod names;
pub mod parse;
pub mod path;
pub mod python;
pub mod query;
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

static LANGUAGES: [&dyn SnippetLanguage; 5] =
    [&http::Http, &csharp::CSharp, &java::Java, &javascript::JavaScript, &python::Python];

/// Every language, in tab order: HTTP, C#, Java, JavaScript, Python (Learn's order).
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

/// The body type of a request: the type its root `@odata.type` names, when the schema knows it;
/// else from the path: a cast segment's type (`/members/microsoft.graph.user` -> `user`), or the
/// last segment that is not a key, singular, when the schema declares it as a structured type
/// (`/chats` -> `chat`, `/teams/{team-id}/channels` -> `channel`).
pub fn infer_root_type(req: &HttpRequest, schema: &Schema) -> Option<String> {
    let structured = |name: &str| schema.get(name).is_some_and(|t| t.members.is_none());
    let from_body = req
        .body
        .as_ref()
        .and_then(|b| b.get(walk::ODATA_TYPE))
        .and_then(|t| t.as_str())
        .and_then(|t| schema.resolve_odata_type(t))
        .filter(|t| structured(t));
    if let Some(found) = from_body {
        return Some(found.to_string());
    }
    let chain = path::RequestChain::of(req);
    if let Some(path::Segment::Cast(name)) = chain.segments.last() {
        return structured(name).then(|| name.clone());
    }
    let last = chain.last_navigation()?;
    [names::singular(last), last.to_string()].into_iter().find(|name| structured(name))
}

/// True when `req` posts to a bound action (`/me/getMemberGroups`,
/// `/users/{id}/microsoft.graph.assignLicense`): a POST whose last segment is a navigation
/// segment that is namespace-qualified, singular, or camelCase (a verb phrase), and whose body
/// type the schema cannot name.
pub fn is_action(req: &HttpRequest, schema: &Schema) -> bool {
    let chain = path::RequestChain::of(req);
    let Some(path::Segment::Navigation(name)) = chain.segments.last() else {
        return false;
    };
    req.method.eq_ignore_ascii_case("POST")
        && infer_root_type(req, schema).is_none()
        && (name.starts_with("microsoft.graph.")
            || names::singular(name) == *name
            || name.chars().any(|c| c.is_ascii_uppercase()))
}

/// True when `req` sends a reference (`POST .../members/$ref` with `{"@odata.id": ...}`): its
/// body is Kiota's `ReferenceCreate` (`ReferenceUpdate` for PUT), not a type of the schema.
pub fn is_reference(req: &HttpRequest) -> bool {
    let chain = path::RequestChain::of(req);
    matches!(chain.segments.last(), Some(path::Segment::System(s)) if s == "ref")
        && (req.method.eq_ignore_ascii_case("POST") || req.method.eq_ignore_ascii_case("PUT"))
}

/// True when `req` calls a bound action (`POST /me/sendMail`, `.../microsoft.graph.cancel`):
/// a POST whose last segment is a namespace-qualified, singular or camelCase navigation step.
/// Many actions return nothing (the SDK method is `void`), so the typed snippets do not keep
/// their result.
pub fn calls_action(req: &HttpRequest) -> bool {
    let chain = path::RequestChain::of(req);
    let Some(path::Segment::Navigation(name)) = chain.segments.last() else { return false };
    let raw = req.api_path().rsplit('/').next().unwrap_or_default();
    req.method.eq_ignore_ascii_case("POST")
        && (raw.starts_with(names::GRAPH_NAMESPACE)
            || names::singular(name) == *name
            || name.chars().any(|c| c.is_ascii_uppercase()))
}

/// True when `req` uploads a stream: a PUT, POST or PATCH without a JSON body whose
/// `Content-Type` names other media (`PUT /me/photo/$value` with `image/jpeg`). The Kiota SDKs
/// take a stream (bytes) argument there and refuse none; the example's body is empty, so the
/// snippets pass an empty one.
pub fn uploads_stream(req: &HttpRequest) -> bool {
    let writes = ["PUT", "POST", "PATCH"].iter().any(|m| req.method.eq_ignore_ascii_case(m));
    writes
        && req.body.is_none()
        && req.headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("Content-Type")
                && !value.to_ascii_lowercase().contains("json")
        })
}

/// True when the SDK method returns nothing: DELETE, and any request to a `$ref` segment.
pub fn returns_nothing(req: &HttpRequest) -> bool {
    let chain = path::RequestChain::of(req);
    req.method.eq_ignore_ascii_case("DELETE")
        || matches!(chain.segments.last(), Some(path::Segment::System(s)) if s == "ref")
}

/// The body class of a POST to a bound action, Kiota's `<Action>PostRequestBody`: for a
/// namespace-qualified last segment (`microsoft.graph.assignLicense`, whatever body type the
/// document gives it; an action in a sub-namespace is named without it), or, with no body type
/// given, for any last step (`/me/getMemberGroups`).
fn action_body_class(req: &HttpRequest, root_type: &str) -> Option<String> {
    if !req.method.eq_ignore_ascii_case("POST") {
        return None;
    }
    let chain = path::RequestChain::of(req);
    let last = chain.segments.last()?;
    let raw = req.api_path().rsplit('/').next().unwrap_or_default();
    let name = match last {
        path::Segment::Navigation(_) if raw.starts_with(names::GRAPH_NAMESPACE) => {
            path::operation_name(raw).to_string()
        }
        _ if root_type.is_empty() => last.member()?,
        _ => return None,
    };
    Some(format!("{}PostRequestBody", names::upper_first(&name)))
}

/// True when the body type follows from the request's shape rather than the schema: a bound
/// action's parameters or a reference. Such a request is generated with an empty root type.
pub fn has_implicit_body_type(req: &HttpRequest, schema: &Schema) -> bool {
    is_reference(req) || is_action(req, schema)
}

/// The typed body of `req`, or `None` when it has none. An empty `root_type` with a body means
/// a bound action's parameters (`<Action>PostRequestBody`) or a reference (`ReferenceCreate`).
pub fn walk_request(
    req: &HttpRequest,
    schema: &Schema,
    root_type: &str,
) -> Result<Option<walk::ObjectNode>, SnippetError> {
    let Some(body) = &req.body else {
        return Ok(None);
    };
    if root_type.is_empty() && is_reference(req) {
        let class = if req.method.eq_ignore_ascii_case("PUT") {
            "referenceUpdate"
        } else {
            "referenceCreate"
        };
        return walk::walk_reference(body, class).map(Some);
    }
    if let Some(class) = action_body_class(req, root_type) {
        let chain = path::RequestChain::of(req);
        let words = chain.namespace_words();
        if schema.get(root_type).is_some_and(|t| t.members.is_none()) {
            // The document types the parameters: walk them as that type, named as Kiota names
            // the action's body.
            let mut node = walk::walk_body(body, schema, root_type)?;
            node.declared_type = class.clone();
            node.type_name = class;
            node.namespace = Some(words);
            return Ok(Some(node));
        }
        return walk::walk_action_body(body, schema, &class, words).map(Some);
    }
    walk::walk_body(body, schema, root_type).map(Some)
}

/// A JSON scalar as Kiota's untyped node, spelled alike in C# and Java (`literal` quotes a
/// string in the language): `new UntypedString("x")`, `new UntypedInteger(1)`,
/// `new UntypedLong(5000000000L)`, `new UntypedDouble(1.5d)`, `new UntypedBoolean(true)`,
/// `new UntypedNull()`.
pub(crate) fn kiota_untyped_scalar(
    value: &serde_json::Value,
    literal: impl Fn(&str) -> String,
) -> String {
    match value {
        serde_json::Value::String(s) => format!("new UntypedString({})", literal(s)),
        serde_json::Value::Number(n) if n.is_f64() => format!("new UntypedDouble({n}d)"),
        serde_json::Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => {
            format!("new UntypedInteger({n})")
        }
        serde_json::Value::Number(n) => format!("new UntypedLong({n}L)"),
        serde_json::Value::Bool(b) => format!("new UntypedBoolean({b})"),
        _ => "new UntypedNull()".into(),
    }
}
