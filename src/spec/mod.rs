//! Stage 1, load: the operation spec and type schema as written in `content/`, deserialized with
//! exact source locations, plus the owned [`Site`] model every later stage receives.

pub mod http;
pub mod load;
pub mod rules;
pub mod schema;
pub mod values;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::path::PathBuf;

pub use http::{HttpRequest, HttpResponse};
pub use schema::{Schema, TypeRef};

/// One operation spec file (`content/**/*.yaml` outside `content/schema/`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationFile {
    /// Page slug and message-file name: lower-case letters, digits and `-`.
    pub id: Spanned<String>,
    /// OData namespace shown on the page (`microsoft.graph`).
    pub namespace: String,
    /// HTTP method of the operation (GET, POST, PUT, PATCH or DELETE).
    pub method: Method,
    /// What the operation does; inferred from method and path when absent ([`Kind::infer`]).
    #[serde(default)]
    pub kind: Option<Kind>,
    /// Path template (`/chats`, `/teams/{team-id}/channels`).
    pub path: String,
    /// The API's base URL when it has a path of its own (`https://api.example.com/v1`):
    /// example URLs start with it, and what follows it is matched against `path`. Without it
    /// a Microsoft Graph version segment (`/v1.0`, `/beta`) is the base.
    #[serde(default)]
    pub server: Option<Spanned<String>>,
    /// Permissions by kind; an empty list means "not supported".
    pub permissions: Permissions,
    /// Parameters of the path template, in table order (description: message `param-<name>`).
    #[serde(default)]
    pub path_parameters: Vec<ParamSpec>,
    /// Query parameters: OData system query options (`$select`, `$filter`...) and custom ones
    /// (description: message `query-<name without $>`, built in for the system options).
    #[serde(default)]
    pub query_parameters: Vec<ParamSpec>,
    /// Request headers the operation takes.
    #[serde(default)]
    pub request_headers: Vec<HeaderSpec>,
    /// The request body: its root type and the properties the table lists; none when absent.
    #[serde(default)]
    pub request_body: Option<RequestBodySpec>,
    /// What a successful call returns: today's single-response shorthand.
    #[serde(default)]
    pub response: Option<ResponseSpec>,
    /// Every documented response (success and error statuses); use either this or `response`.
    #[serde(default)]
    pub responses: Vec<ResponseSpec>,
    /// Related operations by id, shown as "See also" links to their pages.
    #[serde(default)]
    pub see_also: Vec<Spanned<String>>,
    /// Extra notes shown under the description, by message id suffix (`note-<name>`).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Worked examples, in page order.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// Constraints every example must meet, as data (see `docs/rules.md`); `polydoc check`
    /// evaluates them.
    #[serde(default)]
    pub rules: Vec<rules::RuleSpec>,
}

/// The HTTP methods an operation may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// Read.
    Get,
    /// Create or act.
    Post,
    /// Replace.
    Put,
    /// Update.
    Patch,
    /// Delete.
    Delete,
}

impl Method {
    /// The method as written in a request line (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// What an operation does, which picks the wording of its request-body and response
/// paragraphs (`ui.ftl` selects on `$kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// POST to a collection: makes a new resource.
    Create,
    /// GET of one resource.
    Get,
    /// GET of a collection.
    List,
    /// PATCH: changes the given properties.
    Update,
    /// PUT: replaces the resource.
    Replace,
    /// DELETE.
    Delete,
    /// POST of an OData action (`/chats/{chat-id}/hideForUser`).
    Action,
    /// GET of an OData function (`/me/calendarView(...)`, `/delta()`).
    Function,
}

impl Kind {
    /// The kind's name as `ui.ftl` selects on it (`create`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Create => "create",
            Kind::Get => "get",
            Kind::List => "list",
            Kind::Update => "update",
            Kind::Replace => "replace",
            Kind::Delete => "delete",
            Kind::Action => "action",
            Kind::Function => "function",
        }
    }

    /// The kind an operation without `kind:` has: PATCH update, PUT replace, DELETE delete;
    /// GET a function when the last segment calls one (`delta()`), one resource when it ends
    /// in a key (`/{id}`, `/$ref`, `/$value`), else a list; POST create.
    pub fn infer(method: Method, path: &str) -> Kind {
        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        match method {
            Method::Patch => Kind::Update,
            Method::Put => Kind::Replace,
            Method::Delete => Kind::Delete,
            Method::Post => Kind::Create,
            Method::Get if last.ends_with(')') => Kind::Function,
            Method::Get if last.starts_with('{') || last == "$value" || last == "me" => Kind::Get,
            Method::Get => Kind::List,
        }
    }
}

/// Permission lists by kind, least privileged first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: PermissionList,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: PermissionList,
    /// Application.
    pub application: PermissionList,
}

/// The permissions of one kind: a list (the first is the least privileged, the rest higher
/// privileged) or the two marked apart (`{ least: [..], higher: [..] }`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PermissionList {
    /// Least privileged first.
    List(Vec<String>),
    /// Marked explicitly, as Microsoft Learn shows them.
    Marked(MarkedPermissions),
}

/// Least and higher privileged permissions of one kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkedPermissions {
    /// The least privileged permissions (usually one).
    pub least: Vec<String>,
    /// Permissions that also work but grant more.
    #[serde(default)]
    pub higher: Vec<String>,
}

impl PermissionList {
    /// (least privileged, higher privileged); both empty when the kind is not supported.
    pub fn split(&self) -> (Vec<String>, Vec<String>) {
        match self {
            PermissionList::List(l) => {
                (l.iter().take(1).cloned().collect(), l.iter().skip(1).cloned().collect())
            }
            PermissionList::Marked(m) => (m.least.clone(), m.higher.clone()),
        }
    }

    /// Every permission named, least privileged first.
    pub fn all(&self) -> Vec<String> {
        let (mut least, higher) = self.split();
        least.extend(higher);
        least
    }
}

/// One request header row (description: message `header-<name in lower case>`, optional).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSpec {
    /// Header name (`Authorization`).
    pub name: String,
    /// Value shown as code (`Bearer {token}`).
    pub value: String,
    /// Whether the header is required ("Required." or "Optional." on the page).
    #[serde(default)]
    pub required: bool,
}

/// One path or query parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// Name as in the path template (`group-id`) or the query (`$select`, `startDateTime`).
    pub name: Spanned<String>,
    /// Primitive or schema type (`String`, `Int32`, `Boolean`); `String` when absent.
    #[serde(rename = "type", default)]
    pub type_name: Option<Spanned<String>>,
    /// Required or optional; path parameters default to required, query parameters to optional.
    #[serde(default)]
    pub required: Option<bool>,
}

impl ParamSpec {
    /// The parameter's type expression (`String` when none is given).
    pub fn type_expr(&self) -> &str {
        self.type_name.as_ref().map_or("String", |t| t.value.as_str())
    }
}

/// The message id describing query parameter `name`: `query-` and the name without a leading
/// `$`, each character a message id cannot hold (`filter[name]`, `page.size`) as `-`.
pub fn query_message_id(name: &str) -> String {
    let bare = name.strip_prefix('$').unwrap_or(name);
    let id: String = bare
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    format!("query-{id}")
}

/// The message id describing header `name`: `header-` and the name in lower case.
pub fn header_message_id(name: &str) -> String {
    format!("header-{}", name.to_ascii_lowercase())
}

/// Why `name` cannot be a query parameter's name, if it cannot: it is empty, or holds a space,
/// a control character or one of `&=#?` (which end a query string's name).
pub fn query_name_problem(name: &str) -> Option<&'static str> {
    if name.strip_prefix('$').unwrap_or(name).is_empty() {
        return Some("is empty");
    }
    let bad = |c: char| c.is_whitespace() || c.is_control() || "&=#?".contains(c);
    name.chars().any(bad).then_some("holds a space, a control character or one of `&=#?`")
}

/// The request body section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBodySpec {
    /// Root schema type of a JSON body (`chat`); absent for other media types.
    #[serde(rename = "type", default)]
    pub type_name: Option<Spanned<String>>,
    /// Media type; `application/json` when absent. Any other is shown verbatim.
    #[serde(default)]
    pub media_type: Option<Spanned<String>>,
    /// Properties listed in the table, in order; their types come from the schema.
    #[serde(default)]
    pub properties: Vec<BodyPropertySpec>,
}

/// The media type of JSON bodies.
pub const JSON_MEDIA_TYPE: &str = "application/json";

impl RequestBodySpec {
    /// The media type of the body.
    pub fn media_type(&self) -> &str {
        self.media_type.as_ref().map_or(JSON_MEDIA_TYPE, |m| m.value.as_str())
    }

    /// The root schema type of a JSON body.
    pub fn type_name(&self) -> Option<&str> {
        self.type_name.as_ref().map(|t| t.value.as_str())
    }
}

/// One row of the request body table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyPropertySpec {
    /// Property name, declared on the body type in the schema.
    pub name: Spanned<String>,
    /// Shown with a localized "(Optional)".
    #[serde(default)]
    pub optional: bool,
}

/// One documented response.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Status line (`201 Created`, `204 No Content`, `404 Not Found`).
    pub status: Spanned<String>,
    /// Body type: a schema type (`chat`), `Collection(T)` (the OData `value` wrapper), or a
    /// primitive; absent when there is no body. 4xx and 5xx responses have the standard OData
    /// error body and take no type.
    #[serde(rename = "type", default)]
    pub type_name: Option<Spanned<String>>,
    /// Response headers (`Location`); description: message `header-<name in lower case>`.
    #[serde(default)]
    pub headers: Vec<String>,
}

impl ResponseSpec {
    /// The numeric status code (`201` of `201 Created`); 0 when it does not start with one.
    pub fn code(&self) -> u16 {
        status_code(&self.status.value)
    }

    /// True for 4xx and 5xx responses, which carry the standard OData error body.
    pub fn is_error(&self) -> bool {
        self.code() >= 400
    }

    /// The body type expression, if the response has a body.
    pub fn type_expr(&self) -> Option<&str> {
        self.type_name.as_ref().map(|t| t.value.as_str())
    }
}

/// The numeric code at the start of a status line (`404` of `404 Not Found`); 0 if none.
pub fn status_code(status: &str) -> u16 {
    status.split_whitespace().next().and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// One worked example; its title is the message `example-<id>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// Example slug (`one-on-one`), used for anchors and message ids.
    pub id: Spanned<String>,
    /// The request the example sends.
    pub request: RequestSpec,
    /// The response it gets.
    pub response: ResponseExampleSpec,
}

/// An example request as written in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// HTTP method.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Headers in order.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// JSON body as text (a YAML block scalar), parsed at load time.
    #[serde(default)]
    pub body: Option<Spanned<String>>,
}

/// An example response as written in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseExampleSpec {
    /// Status (`201 Created`).
    pub status: String,
    /// The body's type when it differs from the declared response's (a cast such as
    /// `/members/microsoft.graph.user` returns `Collection(user)`).
    #[serde(rename = "type", default)]
    pub type_name: Option<Spanned<String>>,
    /// Headers in order.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// JSON body as text.
    #[serde(default)]
    pub body: Option<Spanned<String>>,
    /// Show the "may be shortened for readability" note.
    #[serde(default)]
    pub truncated: bool,
}

/// A loaded operation: the file as written, where it came from, and its parsed examples.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec as deserialized.
    pub spec: OperationFile,
    /// Path of the spec file relative to the project root (for messages).
    pub file: PathBuf,
    /// The file's text, for quoting lines in findings.
    pub source: String,
    /// Folder of the spec below `content/` (`chat`), used to group the index.
    pub section: String,
    /// Examples with parsed JSON, in spec order.
    pub examples: Vec<Example>,
}

/// An example with its HTTP messages parsed.
#[derive(Debug, Clone)]
pub struct Example {
    /// Example slug.
    pub id: String,
    /// The request.
    pub request: HttpRequest,
    /// The response.
    pub response: HttpResponse,
    /// Whether the response may be shortened.
    pub truncated: bool,
}

impl Operation {
    /// The operation's id (page slug).
    pub fn id(&self) -> &str {
        &self.spec.id.value
    }
}

impl OperationFile {
    /// The API path an example `request` calls: its URL after the operation's `server`
    /// (see [`HttpRequest::api_path_under`]).
    pub fn api_path_of<'r>(&self, request: &'r HttpRequest) -> &'r str {
        request.api_path_under(self.server.as_ref().map(|s| s.value.as_str()))
    }

    /// Every documented response, in spec order: `responses`, or the `response` shorthand.
    pub fn responses(&self) -> Vec<&ResponseSpec> {
        self.response.iter().chain(&self.responses).collect()
    }

    /// The success responses (status below 400).
    pub fn success_responses(&self) -> Vec<&ResponseSpec> {
        self.responses().into_iter().filter(|r| !r.is_error()).collect()
    }

    /// The first success response: the one the page's response paragraph speaks of.
    pub fn main_response(&self) -> Option<&ResponseSpec> {
        self.success_responses().into_iter().next()
    }

    /// The operation's kind, given or inferred.
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or_else(|| Kind::infer(self.method, &self.path))
    }

    /// The root schema type of the JSON request body, if there is one.
    pub fn body_type(&self) -> Option<&str> {
        self.request_body.as_ref().and_then(|b| b.type_name())
    }

    /// Names of the parameters in the path template (`{group-id}` gives `group-id`).
    pub fn path_template_params(&self) -> Vec<&str> {
        self.path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }
}

/// Everything `content/` holds: the input of the validate stage.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Operations sorted by section then id.
    pub operations: Vec<Operation>,
    /// Merged type schema.
    pub schema: Schema,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_inferred_from_method_and_path() {
        let cases = [
            (Method::Get, "/groups/{group-id}/members", Kind::List),
            (Method::Get, "/me/events/{event-id}", Kind::Get),
            (Method::Get, "/me", Kind::Get),
            (Method::Get, "/me/photo/$value", Kind::Get),
            (Method::Get, "/me/calendarView/delta()", Kind::Function),
            (Method::Post, "/chats", Kind::Create),
            (Method::Patch, "/me/events/{event-id}", Kind::Update),
            (Method::Put, "/me/photo/$value", Kind::Replace),
            (Method::Delete, "/groups/{g}/members/{m}/$ref", Kind::Delete),
        ];
        for (method, path, kind) in cases {
            assert_eq!(Kind::infer(method, path), kind, "{method:?} {path}");
        }
    }

    #[test]
    fn statuses_and_path_template_parameters() {
        assert_eq!(status_code("204 No Content"), 204);
        assert_eq!(status_code("No Content"), 0);
        let spec: OperationFile = serde_saphyr::from_str(
            "id: x\nnamespace: n\nmethod: DELETE\npath: /groups/{group-id}/members/{m}/$ref\npermissions: { delegated_work: [], delegated_personal: [], application: { least: [A], higher: [B, C] } }\nresponse: { status: 204 No Content }\n",
        )
        .unwrap();
        assert_eq!(spec.path_template_params(), ["group-id", "m"]);
        assert_eq!(spec.main_response().unwrap().code(), 204);
        assert_eq!(spec.kind(), Kind::Delete);
        assert_eq!(
            spec.permissions.application.split(),
            (vec!["A".into()], vec!["B".into(), "C".into()])
        );
        assert!(spec.body_type().is_none());
    }
}
