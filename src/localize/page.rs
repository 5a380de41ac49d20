//! The localized page model: one operation in one locale, every human-facing string already
//! formatted to safe HTML, every code block already highlighted. Templates only arrange it.

use super::{code_span, Catalog, Locale, Messages};
use crate::code::ExampleCode;
use crate::diag::Warning;
use crate::spec::{Operation, Schema, TypeRef};
use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A rendered code block: language id, tab label, plain text (for copying) and highlighted HTML.
#[derive(Debug, Clone, Serialize)]
pub struct CodeTab {
    /// Language id (`http`, `csharp`, `json`).
    pub lang: String,
    /// Tab label (`HTTP`, `C#`).
    pub label: String,
    /// The code as plain text.
    pub text: String,
    /// Highlighted, escaped HTML (no `<pre>`).
    pub code_html: String,
}

/// One row of the permissions table.
#[derive(Debug, Serialize)]
pub struct PermissionRow {
    /// Localized permission kind.
    pub kind_html: String,
    /// Permission names, least privileged first (empty when not supported).
    pub permissions: Vec<String>,
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
}

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
    /// Root type name.
    pub type_name: String,
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
    /// Path template.
    pub path: String,
    /// Request headers.
    pub headers: Vec<HeaderRow>,
    /// Request body section, if the operation takes one.
    pub body: Option<BodySection>,
    /// The response paragraph.
    pub response_html: String,
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
fn is_fluent_identifier(s: &str) -> bool {
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
    if let Some(body) = &op.spec.request_body {
        queue.push(body.type_name.value.clone());
    }
    queue.push(op.spec.response.type_name.value.clone());
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
    names.extend(op.spec.request_headers.iter().map(|h| h.name.clone()));
    let mut terms: Vec<(String, String)> = names
        .into_iter()
        .filter(|n| is_fluent_identifier(n))
        .map(|n| {
            let v = code_span(&n);
            (n, v)
        })
        .collect();
    let spec = &op.spec;
    terms.push(("status".into(), code_span(&spec.response.status)));
    terms.push(("method".into(), code_span(&spec.method)));
    terms.push(("path".into(), code_span(&spec.path)));
    terms.push(("namespace".into(), code_span(&spec.namespace)));
    terms.push(("response-type".into(), code_span(&spec.response.type_name.value)));
    if let Some(body) = &spec.request_body {
        terms.push(("body-type".into(), code_span(&body.type_name.value)));
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
    let msgs = Messages::new(catalog, locale, op.id(), terms(op, schema))?;
    let title = msgs.text("title", &[])?;
    Ok((title, msgs.take_warnings()))
}

/// Builds the page of `op` in `locale`.
pub fn localize_page(
    catalog: &Catalog,
    locale: &Locale,
    op: &Operation,
    schema: &Schema,
    code: &[ExampleCode],
    alternates: Vec<Alternate>,
    nav: Neighbours,
) -> Result<Localized> {
    localize_page_as(catalog, locale, op, schema, code, alternates, nav, false)
}

/// [`localize_page`], with the message fields (`*_html`, `t`) in Markdown when `markdown` is
/// true: the model of the Markdown outputs.
#[allow(clippy::too_many_arguments)]
pub fn localize_page_as(
    catalog: &Catalog,
    locale: &Locale,
    op: &Operation,
    schema: &Schema,
    code: &[ExampleCode],
    alternates: Vec<Alternate>,
    nav: Neighbours,
    markdown: bool,
) -> Result<Localized> {
    let msgs = Messages::new(catalog, locale, op.id(), terms(op, schema))?;
    let msgs = if markdown { msgs.with_markdown_output() } else { msgs };
    let spec = &op.spec;
    let title = msgs.text("title", &[])?;
    let summary_html = msgs.html("summary", &[])?;
    let notes_html =
        spec.notes.iter().map(|n| msgs.html(&format!("note-{n}"), &[])).collect::<Result<_>>()?;
    let permissions = vec![
        PermissionRow {
            kind_html: msgs.html("permission-delegated-work", &[])?,
            permissions: spec.permissions.delegated_work.clone(),
        },
        PermissionRow {
            kind_html: msgs.html("permission-delegated-personal", &[])?,
            permissions: spec.permissions.delegated_personal.clone(),
        },
        PermissionRow {
            kind_html: msgs.html("permission-application", &[])?,
            permissions: spec.permissions.application.clone(),
        },
    ];
    let headers = spec
        .request_headers
        .iter()
        .map(|h| HeaderRow { name: h.name.clone(), value: h.value.clone(), required: h.required })
        .collect();
    let body = match &spec.request_body {
        Some(b) => Some(body_section(
            &msgs,
            schema,
            &b.type_name.value,
            b.properties.iter().map(|p| (p.name.value.as_str(), p.optional)),
        )?),
        None => None,
    };
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
        description: if markdown {
            msgs.text("summary", &[])?
        } else {
            super::strip_tags(&summary_html)
        },
        title,
        namespace: spec.namespace.clone(),
        summary_html,
        notes_html,
        permissions,
        method: spec.method.clone(),
        path: spec.path.clone(),
        headers,
        body,
        response_html: msgs.html("response-summary", &[])?,
        examples,
        alternates,
        t: ui_messages(catalog, &msgs, true)?,
        nav,
    };
    Ok(Localized { page, warnings: msgs.take_warnings() })
}

fn body_section<'a>(
    msgs: &Messages,
    schema: &Schema,
    type_name: &str,
    props: impl Iterator<Item = (&'a str, bool)>,
) -> Result<BodySection> {
    let mut properties = Vec::new();
    for (name, optional) in props {
        let def = schema.property(type_name, name).ok_or_else(|| {
            anyhow::anyhow!("property `{name}` is not declared on type `{type_name}`")
        })?;
        let t = TypeRef::parse(&def.type_expr);
        let type_html = if t.collection {
            msgs.html("type-collection", &[("type", code_span(&t.name))])?
        } else {
            msgs.inline(&code_span(&t.name))
        };
        properties.push(PropertyRow {
            name: name.to_string(),
            type_html,
            optional,
            description_html: msgs.html(&format!("prop-{name}"), &[])?,
        });
    }
    Ok(BodySection { type_name: type_name.to_string(), properties })
}

/// `ui.ftl` messages that take arguments and so are formatted by the code above.
const PARAMETRIZED: &[&str] = &["example-heading", "type-collection"];

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
/// root pages) messages that need an operation's terms are left out.
pub fn ui_messages(
    catalog: &Catalog,
    msgs: &Messages,
    operation: bool,
) -> Result<BTreeMap<String, String>> {
    let mut t = BTreeMap::new();
    let mut resources = vec![super::builtin_ui()];
    if let Some(ui) = catalog.source().files.get(super::UI_FILE) {
        resources.push(ui.resource()?);
    }
    for entry in resources.iter().flat_map(|r| r.entries()) {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let id = m.id.name;
            let usable = m.value.as_ref().is_some_and(|v| operation || !uses_variables(v));
            if usable && !PARAMETRIZED.contains(&id) {
                t.insert(id.replace('-', "_"), msgs.html(id, &[])?);
            }
        }
    }
    Ok(t)
}
