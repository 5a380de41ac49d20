//! Stage 1, load: the operation spec and type schema as written in `content/`, deserialized with
//! exact source locations, plus the owned [`Site`] model every later stage receives.

pub mod http;
pub mod load;
pub mod rules;
pub mod schema;

use indexmap::IndexMap;
use serde::Deserialize;
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
    /// HTTP method of the operation.
    pub method: String,
    /// Path template (`/chats`, `/teams/{team-id}/channels`).
    pub path: String,
    /// Permissions by kind; an empty list means "not supported".
    pub permissions: Permissions,
    /// Request headers the operation takes.
    #[serde(default)]
    pub request_headers: Vec<HeaderSpec>,
    /// The request body: its root type and the properties the table lists.
    #[serde(default)]
    pub request_body: Option<RequestBodySpec>,
    /// What a successful call returns.
    pub response: ResponseSpec,
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

/// Permission lists by kind, least privileged first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Vec<String>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Vec<String>,
    /// Application.
    pub application: Vec<String>,
}

/// One request header row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSpec {
    /// Header name (`Authorization`).
    pub name: String,
    /// Value shown as code (`Bearer {token}`).
    pub value: String,
    /// Whether the header is required.
    #[serde(default)]
    pub required: bool,
}

/// The request body section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBodySpec {
    /// Root schema type of the body (`chat`).
    #[serde(rename = "type")]
    pub type_name: Spanned<String>,
    /// Properties listed in the table, in order; their types come from the schema.
    pub properties: Vec<BodyPropertySpec>,
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

/// The response section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Status line (`201 Created`).
    pub status: String,
    /// Schema type of the returned resource (`chat`).
    #[serde(rename = "type")]
    pub type_name: Spanned<String>,
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

/// Everything `content/` holds: the input of the validate stage.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Operations sorted by section then id.
    pub operations: Vec<Operation>,
    /// Merged type schema.
    pub schema: Schema,
}
