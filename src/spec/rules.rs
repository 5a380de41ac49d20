//! Declarative example rules: constraints an operation's examples must meet, written as data in
//! the operation spec (`rules:`), so nothing about a particular API is hard-coded in the
//! checker. Each rule has an `id`, an optional `when` (conditions on request-body values) and
//! exactly one check: `forbid`, `require`, `count`, `pattern` or `same_ids`. The format is
//! documented in `docs/rules.md`; `polydoc check` evaluates it (`crate::check::rules`).

use indexmap::IndexMap;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Which body of an example a path is evaluated on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// The request body (default).
    #[default]
    Request,
    /// The response body.
    Response,
}

/// One declared rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable rule id, shown in findings (`topic-only-for-group`).
    pub id: Spanned<String>,
    /// What the rule means, for people reading findings (developer-facing, not localized).
    #[serde(default)]
    pub about: Option<String>,
    /// Body the check's path is evaluated on (`request` unless set).
    #[serde(default)]
    pub body: BodyKind,
    /// Conditions on request-body values (path -> value as text); all must hold.
    #[serde(default)]
    pub when: IndexMap<String, String>,
    /// The path must be absent or `null`.
    #[serde(default)]
    pub forbid: Option<String>,
    /// The path must be present and not `null`.
    #[serde(default)]
    pub require: Option<String>,
    /// The number of values at a path (array length, or matches of a `*` path).
    #[serde(default)]
    pub count: Option<CountSpec>,
    /// Every value at a path matches a regular expression.
    #[serde(default)]
    pub pattern: Option<PatternSpec>,
    /// The GUIDs named by request values are exactly the GUIDs in a response value.
    #[serde(default)]
    pub same_ids: Option<SameIdsSpec>,
}

/// `count: { path, min, max }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountSpec {
    /// Path (`/members`).
    pub path: String,
    /// Smallest allowed count.
    #[serde(default)]
    pub min: Option<usize>,
    /// Largest allowed count.
    #[serde(default)]
    pub max: Option<usize>,
}

/// `pattern: { path, regex }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// Path, `*` matching every array element or object member (`/members/*/roles/*`).
    pub path: String,
    /// Regular expression (Rust `regex` syntax) each value must match, anchored by the author.
    pub regex: String,
}

/// `same_ids: { request, response }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameIdsSpec {
    /// Request path whose values each name one GUID (`/members/*/user@odata.bind`).
    pub request: String,
    /// Response path whose value must contain exactly those GUIDs (`/id`).
    pub response: String,
}
