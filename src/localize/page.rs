//! The localized page model: one operation in one locale, every human-facing string already
//! formatted to safe HTML, every code block already highlighted. Templates only arrange it.

use super::{code_span, Catalog, Locale, Markup, Messages};
pub use crate::code::CodeTab;
use crate::code::ExampleCode;
use crate::diag::Warning;
pub use crate::spec::{header_message_id, query_message_id};
use crate::spec::{Operation, Schema, TypeRef};
use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One row of the permissions table.
#[derive(Debug, Serialize)]
pub struct PermissionRow {
    /// Localized permission kind.
    pub kind_html: String,
    /// Permission names, least privileged first (empty when not supported).
    pub permissions: Vec<String>,
    /// The least privileged permissions (empty when not supported).
    pub least: Vec<String>,
    /// The higher privileged permissions.
    pub higher: Vec<String>,
}

/// One row of the request headers table.
#[derive(Debug, Serialize)]
pub struct HeaderRow {
    /// Header name.
    pub name: String,
    /// Header value shown as code.
    pub value: String,
    /// Whether the header is required.
    pub required: bool,
    /// Localized description (message `header-<name in lower case>`), when there is one.
    pub description_html: Option<String>,
}

/// One row of a path or query parameters table.
#[derive(Debug, Serialize)]
pub struct ParamRow {
    /// Parameter name as written in the path or query (`group-id`, `$select`).
    pub name: String,
    /// Type cell.
    pub type_html: String,
    /// Required or optional.
    pub required: bool,
    /// Localized description (`param-<name>`, `query-<name without $>`).
    pub description_html: String,
}

/// A response header and what it carries.
#[derive(Debug, Serialize)]
pub struct ResponseHeader {
    /// Header name (`Location`).
    pub name: String,
    /// Localized description, when there is one.
    pub description_html: Option<String>,
}

/// One documented success (or redirect) response.
#[derive(Debug, Serialize)]
pub struct ResponseRow {
    /// Status line (`200 OK`).
    pub status: String,
    /// Numeric status code.
    pub code: u16,
    /// `none`, `one` (a schema type), `collection` (the OData `value` wrapper) or `primitive`.
    pub body: String,
    /// The body's element type (`directoryObject` of `Collection(directoryObject)`), if any.
    pub type_name: Option<String>,
    /// Body cell: the type, a localized collection, or "No body".
    pub body_html: String,
    /// Localized description (message `response-<code>`), when the operation has one.
    pub description_html: Option<String>,
    /// Response headers.
    pub headers: Vec<ResponseHeader>,
}

/// One documented error response.
#[derive(Debug, Serialize)]
pub struct ErrorRow {
    /// Status line (`404 Not Found`).
    pub status: String,
    /// Numeric status code.
    pub code: u16,
    /// Localized description: `error-<code>` of the operation, else `status-<code>` of
    /// `ui.ftl`, else `status-other`.
    pub description_html: String,
}

/// The error responses section: the statuses and the standard OData error shape.
#[derive(Debug, Serialize)]
pub struct ErrorSection {
    /// Localized introduction naming the error object's properties.
    pub intro_html: String,
    /// Rows in spec order.
    pub rows: Vec<ErrorRow>,
    /// The standard error body as JSON text.
    pub shape: String,
}

/// The standard OData error body every 4xx and 5xx response of Microsoft Graph carries.
pub const ERROR_SHAPE: &str = "{\n  \"error\": {\n    \"code\": \"string\",\n    \"message\": \"string\",\n    \"innerError\": {\n      \"date\": \"DateTimeOffset\",\n      \"request-id\": \"string\",\n      \"client-request-id\": \"string\"\n    }\n  }\n}";

/// One row of the request body table.
#[derive(Debug, Serialize)]
pub struct PropertyRow {
    /// Property name (from the spec).
    pub name: String,
    /// Type cell: the schema type, collections localized.
    pub type_html: String,
    /// Whether "(Optional)" is shown.
    pub optional: bool,
    /// Localized description.
    pub description_html: String,
}

/// The request body section.
#[derive(Debug, Serialize)]
pub struct BodySection {
    /// Root type name of a JSON body (empty for other media types).
    pub type_name: String,
    /// Media type (`application/json`, `text/plain`).
    pub media_type: String,
    /// Localized introduction, worded for the operation's kind.
    pub intro_html: String,
    /// Localized sentence above the table (absent when there is no table).
    pub table_intro_html: Option<String>,
    /// Table rows.
    pub properties: Vec<PropertyRow>,
}

/// One worked example.
#[derive(Debug, Serialize)]
pub struct ExampleModel {
    /// Example slug, used as the anchor.
    pub id: String,
    /// 1-based number.
    pub number: usize,
    /// Localized heading (`Example 1: Create a one-on-one chat`).
    pub heading_html: String,
    /// Request tabs in order (HTTP first).
    pub request_tabs: Vec<CodeTab>,
    /// The response block.
    pub response: CodeTab,
    /// Whether to show the "may be shortened" note.
    pub truncated: bool,
}

/// A link to the same page in another locale.
#[derive(Debug, Serialize)]
pub struct Alternate {
    /// Locale code.
    pub locale: String,
    /// The locale's own name (`Deutsch`).
    pub name: String,
    /// Relative link from this page.
    pub href: String,
    /// Absolute URL, when the build has a base URL (`--base-url`).
    pub url: Option<String>,
    /// True for the page's own locale.
    pub current: bool,
    /// True for the source locale, whose page is also the `x-default` alternate.
    pub source: bool,
}

/// Everything a page template receives about its operation.
#[derive(Debug, Serialize)]
pub struct PageModel {
    /// Locale code (`de`), also the `<html lang>`.
    pub locale: String,
    /// Operation id / page slug.
    pub id: String,
    /// Page title as plain text (escaped by the template).
    pub title: String,
    /// Meta description as plain text.
    pub description: String,
    /// Namespace (`microsoft.graph`).
    pub namespace: String,
    /// The summary sentence.
    pub summary_html: String,
    /// Notes under the summary.
    pub notes_html: Vec<String>,
    /// Permission rows.
    pub permissions: Vec<PermissionRow>,
    /// HTTP method.
    pub method: String,
    /// Kind of operation (`create`, `list`, ...), given or inferred.
    pub kind: String,
    /// Path template.
    pub path: String,
    /// Path parameters.
    pub path_parameters: Vec<ParamRow>,
    /// Query parameters.
    pub query_parameters: Vec<ParamRow>,
    /// Request headers.
    pub headers: Vec<HeaderRow>,
    /// Request body section, if the operation takes one.
    pub body: Option<BodySection>,
    /// The response paragraph.
    pub response_html: String,
    /// How a collection is wrapped (`value`, `@odata.nextLink`), when the main response is one.
    pub response_collection_html: Option<String>,
    /// Every success response.
    pub responses: Vec<ResponseRow>,
    /// Whether the responses need a table: more than one, or one with headers or a description
    /// (a single plain response is said by the paragraph alone).
    pub responses_table: bool,
    /// Error responses, when any are documented.
    pub errors: Option<ErrorSection>,
    /// Links to related operations of the same locale.
    pub see_also: Vec<NavLink>,
    /// Worked examples.
    pub examples: Vec<ExampleModel>,
    /// This page in every built locale.
    pub alternates: Vec<Alternate>,
    /// Every other message of `ui.ftl` as HTML, by id with `-` written `_` (`t.http_request`).
    pub t: BTreeMap<String, String>,
    /// The previous and next operation in site order.
    pub nav: Neighbours,
}

/// A link to another operation page of the same locale.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// The operation's id.
    pub id: String,
    /// Its localized title.
    pub title: String,
    /// Relative link.
    pub href: String,
}

/// The operations before and after a page in site order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Neighbours {
    /// The previous operation.
    pub prev: Option<NavLink>,
    /// The next operation.
    pub next: Option<NavLink>,
}

/// A localized page and the warnings raised while localizing it.
pub struct Localized {
    /// The model.
    pub page: PageModel,
    /// Missing-translation warnings.
    pub warnings: Vec<Warning>,
}

/// True for strings Fluent accepts as a variable name.
pub(crate) fn is_fluent_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Types reachable from the operation's body and response types: the types of their
/// properties, their bases (for inherited properties) and the types derived from them (for
/// `@odata.type`), but not the other types that merely share a base.
pub fn reachable_types(op: &Operation, schema: &Schema) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    if let Some(body) = op.spec.body_type() {
        queue.push(body.to_string());
    }
    let example_types = op.spec.examples.iter().filter_map(|e| e.response.type_name.as_ref());
    for t in op.spec.responses().iter().filter_map(|r| r.type_name.as_ref()).chain(example_types) {
        let t = TypeRef::parse(&t.value);
        if !t.is_primitive() {
            queue.push(t.name);
        }
    }
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        queue.extend(schema.derived(&name).iter().cloned());
        let mut current = schema.get(&name);
        let mut hops = 0;
        while let Some(def) = current {
            for p in def.properties.values() {
                let t = TypeRef::parse(&p.type_expr);
                if !t.is_primitive() {
                    queue.push(t.name);
                }
            }
            seen.extend(def.base.iter().cloned());
            current = def.base.as_deref().and_then(|b| schema.get(b));
            hops += 1;
            if hops > 64 {
                break;
            }
        }
    }
    seen
}

/// The spec terms messages may use as variables, each rendered as a code span: reachable
/// type names, their property names, enum members and allowed values, header names, plus
/// `status`, `method`, `path`, `namespace`, `body-type` and `response-type`.
pub fn terms(op: &Operation, schema: &Schema) -> Vec<(String, String)> {
    let mut names = BTreeSet::new();
    for t in reachable_types(op, schema) {
        if let Some(def) = schema.get(&t) {
            names.extend(def.properties.keys().cloned());
            names.extend(def.members.iter().flatten().cloned());
            names.extend(
                def.properties.values().filter_map(|p| p.values.as_ref()).flatten().cloned(),
            );
        }
        names.insert(t);
    }
    names.extend(term_names_outside_schema(op));
    let mut terms: Vec<(String, String)> = names
        .into_iter()
        .filter(|n| is_fluent_identifier(n))
        .map(|n| {
            let v = code_span(&n);
            (n, v)
        })
        .collect();
    terms.extend(special_terms(op));
    terms
}

/// The term names that come from the operation itself rather than its types: header names
/// (request and response), path and query parameter names.
pub(crate) fn term_names_outside_schema(op: &Operation) -> Vec<String> {
    let spec = &op.spec;
    let mut names: Vec<String> = spec.request_headers.iter().map(|h| h.name.clone()).collect();
    names.extend(spec.responses().iter().flat_map(|r| r.headers.iter().cloned()));
    names.extend(spec.path_parameters.iter().map(|p| p.name.value.clone()));
    names.extend(spec.query_parameters.iter().map(|p| p.name.value.clone()));
    names
}

/// The terms named by polydoc rather than the spec, which win over a spec name they equal:
/// `status`, `response-type`, `method`, `path`, `namespace`, `body-type`.
pub(crate) fn special_terms(op: &Operation) -> Vec<(String, String)> {
    let spec = &op.spec;
    let mut terms = Vec::new();
    if let Some(main) = spec.main_response() {
        terms.push(("status".into(), code_span(&main.status.value)));
        if let Some(t) = main.type_expr() {
            terms.push(("response-type".into(), code_span(&TypeRef::parse(t).name)));
        }
    }
    terms.push(("method".into(), code_span(spec.method.as_str())));
    terms.push(("path".into(), code_span(&spec.path)));
    terms.push(("namespace".into(), code_span(&spec.namespace)));
    if let Some(body) = spec.body_type() {
        terms.push(("body-type".into(), code_span(body)));
    }
    terms
}

/// The title of `op` in `locale` as plain text (for indexes and neighbour links), with the
/// warnings raised.
pub fn localize_title(
    catalog: &Catalog,
    locale: &Locale,
    op: &Operation,
    schema: &Schema,
) -> Result<(String, Vec<Warning>)> {
    let msgs = Messages::for_operation(catalog, locale, op, schema)?;
    let title = msgs.text("title", &[])?;
    Ok((title, msgs.take_warnings()))
}

/// The links of a page to other pages: itself in every locale, its neighbours and the
/// related operations ("See also").
#[derive(Debug, Default)]
pub struct PageLinks {
    /// This page in every built locale.
    pub alternates: Vec<Alternate>,
    /// The previous and next operation.
    pub nav: Neighbours,
    /// The related operations, in spec order.
    pub see_also: Vec<NavLink>,
    /// The way from the page to its locale folder (`../`) when type names link to the type
    /// pages (the HTML site); `None` keeps them plain code.
    pub type_pages: Option<String>,
    /// Mark messages shown in the source locale's words (`lang`, "not yet translated").
    pub mark_untranslated: bool,
}

/// How type cells are written: the schema, and where type pages are (if they are linked).
struct TypeCells<'a> {
    schema: &'a Schema,
    loc: Option<&'a str>,
}

/// Builds the page of `op` in `locale`.
pub fn localize_page(
    catalog: &Catalog,
    locale: &Locale,
    op: &Operation,
    schema: &Schema,
    code: &[ExampleCode],
    links: PageLinks,
) -> Result<Localized> {
    localize_page_as(catalog, locale, op, schema, code, links, Markup::Html)
}

/// [`localize_page`], with the message fields (`*_html`, `t`) in `markup`: Markdown is the
/// model of the Markdown outputs.
#[allow(clippy::too_many_arguments)]
pub fn localize_page_as(
    catalog: &Catalog,
    locale: &Locale,
    op: &Operation,
    schema: &Schema,
    code: &[ExampleCode],
    links: PageLinks,
    markup: Markup,
) -> Result<Localized> {
    let PageLinks { alternates, nav, see_also, type_pages, mark_untranslated } = links;
    let msgs = Messages::for_operation(catalog, locale, op, schema)?;
    let msgs = msgs.with_markup(markup);
    msgs.set_untranslated_marks(mark_untranslated);
    let cells = TypeCells { schema, loc: type_pages.as_deref() };
    let spec = &op.spec;
    let title = msgs.text("title", &[])?;
    let summary_html = msgs.html("summary", &[])?;
    let notes_html =
        spec.notes.iter().map(|n| msgs.html(&format!("note-{n}"), &[])).collect::<Result<_>>()?;
    let permissions = permission_rows(&msgs, &spec.permissions)?;
    let headers = spec
        .request_headers
        .iter()
        .map(|h| {
            Ok(HeaderRow {
                name: h.name.clone(),
                value: h.value.clone(),
                required: h.required,
                description_html: optional_message(&msgs, &header_message_id(&h.name))?,
            })
        })
        .collect::<Result<_>>()?;
    let body = match &spec.request_body {
        Some(b) => Some(body_section(&msgs, &cells, spec.kind(), b)?),
        None => None,
    };
    let path_parameters = param_rows(&msgs, &cells, &spec.path_parameters, "param-", true)?;
    let query_parameters = param_rows(&msgs, &cells, &spec.query_parameters, "query-", false)?;
    let responses = spec
        .success_responses()
        .into_iter()
        .map(|r| response_row(&msgs, &cells, r))
        .collect::<Result<Vec<_>>>()?;
    let errors = error_section(&msgs, spec)?;
    let (response_html, response_collection_html) = response_paragraphs(&msgs, spec)?;
    let examples = op
        .examples
        .iter()
        .zip(code)
        .enumerate()
        .map(|(i, (ex, code))| {
            let title = msgs.markdown(&format!("example-{}", ex.id), &[])?;
            Ok(ExampleModel {
                id: ex.id.clone(),
                number: i + 1,
                heading_html: msgs.html(
                    "example-heading",
                    &[("number", (i + 1).to_string()), ("title", title)],
                )?,
                request_tabs: code.request.clone(),
                response: code.response.clone(),
                truncated: ex.truncated,
            })
        })
        .collect::<Result<_>>()?;
    let page = PageModel {
        locale: locale.code.clone(),
        id: op.id().to_string(),
        description: if markup != Markup::Html {
            msgs.text("summary", &[])?
        } else {
            // Plain text of the summary without the untranslated marker.
            super::strip_tags(&super::markdown::inline_html(&msgs.text("summary", &[])?))
        },
        title,
        namespace: spec.namespace.clone(),
        summary_html,
        notes_html,
        permissions,
        method: spec.method.as_str().to_string(),
        kind: spec.kind().as_str().to_string(),
        path: spec.path.clone(),
        path_parameters,
        query_parameters,
        headers,
        body,
        response_html,
        response_collection_html,
        responses_table: responses.len() > 1
            || responses.iter().any(|r| !r.headers.is_empty() || r.description_html.is_some()),
        responses,
        errors,
        see_also,
        examples,
        alternates,
        t: {
            // Page chrome lands in attributes too: never marked.
            msgs.set_untranslated_marks(false);
            ui_messages(catalog, &msgs, true)?
        },
        nav,
    };
    Ok(Localized { page, warnings: msgs.take_warnings() })
}

/// Message `id` as HTML when the source locale defines it (descriptions that may be absent).
fn optional_message(msgs: &Messages, id: &str) -> Result<Option<String>> {
    if msgs.exists(id) {
        msgs.html(id, &[]).map(Some)
    } else {
        Ok(None)
    }
}

fn permission_rows(msgs: &Messages, p: &crate::spec::Permissions) -> Result<Vec<PermissionRow>> {
    [
        ("permission-delegated-work", &p.delegated_work),
        ("permission-delegated-personal", &p.delegated_personal),
        ("permission-application", &p.application),
    ]
    .into_iter()
    .map(|(id, list)| {
        let (least, higher) = list.split();
        Ok(PermissionRow { kind_html: msgs.html(id, &[])?, permissions: list.all(), least, higher })
    })
    .collect()
}

/// The type cell of `expr`: a code span, or a localized "`T` collection"; on the HTML site the
/// type links to its page when the schema has one.
fn type_cell(msgs: &Messages, cells: &TypeCells, expr: &str) -> Result<String> {
    let t = TypeRef::parse(expr);
    if let Some(loc) = cells.loc {
        let collection = |inner: String| {
            // The message gets a placeholder code span, replaced by the linked type's HTML.
            let marker = "polydoc-type-placeholder";
            msgs.html("type-collection", &[("type", code_span(marker))])
                .map(|h| h.replacen(&format!("<code>{marker}</code>"), &inner, 1))
                .unwrap_or(inner)
        };
        return Ok(crate::site::types::linked_type(cells.schema, expr, loc, &collection));
    }
    if t.collection {
        msgs.html("type-collection", &[("type", code_span(&t.name))])
    } else {
        Ok(msgs.inline(&code_span(&t.name)))
    }
}

fn param_rows(
    msgs: &Messages,
    cells: &TypeCells,
    params: &[crate::spec::ParamSpec],
    prefix: &str,
    path: bool,
) -> Result<Vec<ParamRow>> {
    params
        .iter()
        .map(|p| {
            let name = &p.name.value;
            let id = if path { format!("{prefix}{name}") } else { query_message_id(name) };
            Ok(ParamRow {
                name: name.clone(),
                type_html: type_cell(msgs, cells, p.type_expr())?,
                required: p.required.unwrap_or(path),
                description_html: msgs.html(&id, &[])?,
            })
        })
        .collect()
}

/// What kind of body a response has: `none`, `collection`, `primitive` or `one`.
fn body_shape(r: &crate::spec::ResponseSpec) -> &'static str {
    match r.type_expr().map(TypeRef::parse) {
        None => "none",
        Some(t) if t.collection => "collection",
        Some(t) if t.is_primitive() => "primitive",
        Some(_) => "one",
    }
}

fn response_row(
    msgs: &Messages,
    cells: &TypeCells,
    r: &crate::spec::ResponseSpec,
) -> Result<ResponseRow> {
    let body = body_shape(r);
    let body_html = match r.type_expr() {
        Some(t) => type_cell(msgs, cells, t)?,
        None => msgs.html("no-response-body", &[])?,
    };
    let headers = r
        .headers
        .iter()
        .map(|h| {
            Ok(ResponseHeader {
                name: h.clone(),
                description_html: optional_message(msgs, &header_message_id(h))?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(ResponseRow {
        status: r.status.value.clone(),
        code: r.code(),
        body: body.to_string(),
        type_name: r.type_expr().map(|t| TypeRef::parse(t).name),
        body_html,
        description_html: optional_message(msgs, &format!("response-{}", r.code()))?,
        headers,
    })
}

/// The response paragraph (the operation's `response-summary`, else `ui.ftl`'s
/// `response-default` worded for the kind and body) and, for a collection, how it is wrapped.
pub fn response_paragraphs(
    msgs: &Messages,
    spec: &crate::spec::OperationFile,
) -> Result<(String, Option<String>)> {
    let main = spec.main_response().ok_or_else(|| anyhow::anyhow!("no success response"))?;
    let shape = body_shape(main);
    let type_name = main.type_expr().map(|t| TypeRef::parse(t).name).unwrap_or_default();
    let summary = if msgs.exists("response-summary") {
        msgs.html("response-summary", &[])?
    } else {
        msgs.html(
            "response-default",
            &[
                ("kind", spec.kind().as_str().to_string()),
                ("body", shape.to_string()),
                ("status", code_span(&main.status.value)),
                ("type", code_span(&type_name)),
            ],
        )?
    };
    let collection = if shape == "collection" {
        Some(msgs.html(
            "response-collection",
            &[
                ("type", code_span(&type_name)),
                ("value", code_span("value")),
                ("next-link", code_span("@odata.nextLink")),
            ],
        )?)
    } else {
        None
    };
    Ok((summary, collection))
}

fn error_section(
    msgs: &Messages,
    spec: &crate::spec::OperationFile,
) -> Result<Option<ErrorSection>> {
    let errors: Vec<_> = spec.responses().into_iter().filter(|r| r.is_error()).collect();
    if errors.is_empty() {
        return Ok(None);
    }
    let rows = errors
        .into_iter()
        .map(|r| {
            let code = r.code();
            let own = format!("error-{code}");
            let builtin = format!("status-{code}");
            let id = [own.as_str(), builtin.as_str()]
                .into_iter()
                .find(|id| msgs.exists(id))
                .unwrap_or("status-other");
            Ok(ErrorRow {
                status: r.status.value.clone(),
                code,
                description_html: msgs.html(id, &[])?,
            })
        })
        .collect::<Result<_>>()?;
    let intro_html = msgs.html(
        "error-responses-intro",
        &[
            ("error", code_span("error")),
            ("code", code_span("code")),
            ("message", code_span("message")),
            ("innerError", code_span("innerError")),
        ],
    )?;
    Ok(Some(ErrorSection { intro_html, rows, shape: ERROR_SHAPE.to_string() }))
}

fn body_section(
    msgs: &Messages,
    cells: &TypeCells,
    kind: crate::spec::Kind,
    spec: &crate::spec::RequestBodySpec,
) -> Result<BodySection> {
    let media_type = spec.media_type().to_string();
    let Some(type_name) = spec.type_name() else {
        let intro_html =
            msgs.html("request-body-media", &[("media-type", code_span(&media_type))])?;
        return Ok(BodySection {
            type_name: String::new(),
            media_type,
            intro_html,
            table_intro_html: None,
            properties: Vec::new(),
        });
    };
    let schema = cells.schema;
    let args = [("kind", kind.as_str().to_string()), ("body-type", code_span(type_name))];
    let mut properties = Vec::new();
    for p in &spec.properties {
        let name = p.name.value.as_str();
        let def = schema.property(type_name, name).ok_or_else(|| {
            anyhow::anyhow!("property `{name}` is not declared on type `{type_name}`")
        })?;
        properties.push(PropertyRow {
            name: name.to_string(),
            type_html: type_cell(msgs, cells, &def.type_expr)?,
            optional: p.optional,
            description_html: msgs.html(&format!("prop-{name}"), &[])?,
        });
    }
    let table_intro_html =
        if properties.is_empty() { None } else { Some(msgs.html("request-body-table", &args)?) };
    Ok(BodySection {
        type_name: type_name.to_string(),
        media_type,
        intro_html: msgs.html("request-body-intro", &args)?,
        table_intro_html,
        properties,
    })
}

/// `ui.ftl` messages that take arguments and so are formatted by the code above.
const PARAMETRIZED: &[&str] = &[
    "example-heading",
    "type-collection",
    "request-body-intro",
    "request-body-table",
    "request-body-media",
    "response-default",
    "response-collection",
    "error-responses-intro",
    "coverage",
    "more-items",
];

/// True when a message's value uses a variable (or a selector, which usually does).
fn uses_variables(pattern: &fluent_syntax::ast::Pattern<&str>) -> bool {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    pattern.elements.iter().any(|e| {
        matches!(
            e,
            PatternElement::Placeable {
                expression: Expression::Select { .. }
                    | Expression::Inline(InlineExpression::VariableReference { .. }),
            }
        )
    })
}

/// Formats every argument-free message of the source locale's `ui.ftl` (so a template may use
/// any of them), each in the page's locale with fallback. With `operation` false (index and
/// root pages) messages that need an operation's terms are left out. The messages that read
/// nothing from the page are formatted once per locale and markup and copied from there.
pub fn ui_messages(
    catalog: &Catalog,
    msgs: &Messages,
    operation: bool,
) -> Result<BTreeMap<String, String>> {
    let shared = msgs.shared_chrome(|| constant_chrome(catalog, msgs))?;
    let mut t = BTreeMap::new();
    for_chrome_ids(catalog, operation, &mut |id| {
        let key = id.replace('-', "_");
        let cached = (!msgs.own_has(id)).then(|| shared.get(id)).flatten();
        let html = match cached {
            Some(html) => html.clone(),
            None => msgs.html(id, &[])?,
        };
        t.insert(key, html);
        Ok(())
    })?;
    Ok(t)
}

/// The chrome messages of `like`'s locale and markup that read nothing from a page, by id, as
/// [`ui_messages`] formats them (untranslated marks off). One that fails to format is left
/// out, for the page to format (and report) itself.
fn constant_chrome(catalog: &Catalog, like: &Messages) -> Result<BTreeMap<String, String>> {
    let msgs = Messages::new(catalog, like.locale(), "", vec![])?.with_markup(like.markup());
    let mut t = BTreeMap::new();
    for_chrome_ids(catalog, true, &mut |id| {
        if msgs.is_locale_constant(id) {
            if let Ok(html) = msgs.html(id, &[]) {
                t.insert(id.to_string(), html);
            }
        }
        Ok(())
    })?;
    Ok(t)
}

/// Calls `each` with the id of every chrome message of the source locale's `ui.ftl`, in
/// order; with `operation` false, not those that need an operation's terms.
fn for_chrome_ids(
    catalog: &Catalog,
    operation: bool,
    each: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut resources = vec![super::builtin_ui()];
    if let Some(ui) = catalog.source().files.get(super::UI_FILE) {
        resources.push(ui.resource()?);
    }
    for entry in resources.iter().flat_map(|r| r.entries()) {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let id = m.id.name;
            let usable = m.value.as_ref().is_some_and(|v| operation || !uses_variables(v));
            if usable && !PARAMETRIZED.contains(&id) {
                each(id)?;
            }
        }
    }
    Ok(())
}
