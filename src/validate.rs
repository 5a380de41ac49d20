//! Stage 2, validate: what a build needs to be true of the loaded specs before anything is
//! rendered (safe ids, known types and properties, unique ids). Each problem points at the
//! YAML line. Deeper content checks (drift, example data) belong to `polydoc check`.
//! Ids that must also be portable file names use [`crate::names`].

use crate::diag::SourceError;
use crate::names::unportable_name;
use crate::spec::{Operation, Schema, Site, TypeRef};
use anyhow::Result;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// True for a slug usable as a folder and URL segment: `a-z`, `0-9`, `-`, not starting with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

fn at<T>(op: &Operation, spanned: &Spanned<T>, message: String) -> SourceError {
    let loc = spanned.referenced;
    SourceError::new(
        &op.file,
        Some(&op.source),
        loc.line() as usize,
        loc.column() as usize,
        message,
    )
}

/// The error for an id (operation, example, note) that is a name reserved on Windows: it
/// becomes a folder or file name of the output.
fn id_unportable(what: &str, id: &str) -> Option<String> {
    unportable_name(id).map(|why| format!("{what} {id:?} cannot be used: {why}"))
}

/// Every id of `op` that cannot be a file name on Windows, with its location: the operation
/// id, example ids and note ids (`polydoc check` reports them, `build` refuses them).
pub fn unportable_ids(op: &Operation) -> Vec<SourceError> {
    let spec = &op.spec;
    let mut found = Vec::new();
    if let Some(m) = id_unportable("operation id", op.id()) {
        found.push(at(op, &spec.id, m));
    }
    for ex in &spec.examples {
        if let Some(m) = id_unportable("example id", &ex.id.value) {
            found.push(at(op, &ex.id, m));
        }
    }
    for note in &spec.notes {
        if let Some(m) = id_unportable("note id", note) {
            // Notes are plain strings (no span): point at their first use after `notes:`.
            let from = op.source.find("notes:").unwrap_or(0);
            let offset = op.source[from..].find(note.as_str()).map_or(from, |i| from + i);
            found.push(SourceError::at_offset(&op.file, &op.source, offset, m));
        }
    }
    found
}

/// Validates the whole site; returns the first problem found.
pub fn validate(site: &Site) -> Result<()> {
    let mut seen: BTreeMap<&str, &Operation> = BTreeMap::new();
    for op in &site.operations {
        validate_operation(&site.schema, op)?;
        let known = |id: &str| site.operations.iter().any(|o| o.id() == id);
        if let Some(e) = unknown_see_also(op, &known) {
            return Err(e.into());
        }
        if let Some(first) = seen.insert(op.id(), op) {
            return Err(at(
                op,
                &op.spec.id,
                format!("operation id `{}` is already used by {}", op.id(), first.file.display()),
            )
            .into());
        }
    }
    Ok(())
}

/// Validates one operation against the schema (ids, referenced types and properties).
pub fn validate_operation(schema: &Schema, op: &Operation) -> Result<()> {
    let spec = &op.spec;
    if !is_slug(op.id()) {
        return Err(at(op, &spec.id, format!("operation id {:?} must be at most 100 lower-case letters, digits and `-` (it becomes a folder name)", op.id())).into());
    }
    validate_model(schema, op)?;
    if let Some(server) = &spec.server {
        let url = &server.value;
        let absolute = url.starts_with("https://") || url.starts_with("http://");
        if !absolute || url.contains(['?', '#', '{', '}', ' ']) {
            return Err(at(op, server, format!("server `{url}` must be an absolute http(s) URL without query, fragment or `{{variables}}` (`https://api.example.com/v1`)")).into());
        }
    }
    let mut ids = BTreeMap::new();
    for ex in &spec.examples {
        if !is_slug(&ex.id.value) {
            return Err(at(
                op,
                &ex.id,
                format!(
                    "example id {:?} must be at most 100 lower-case letters, digits and `-`",
                    ex.id.value
                ),
            )
            .into());
        }
        if ids.insert(ex.id.value.as_str(), ()).is_some() {
            return Err(
                at(op, &ex.id, format!("example id `{}` is used twice", ex.id.value)).into()
            );
        }
    }
    for note in &spec.notes {
        if !is_slug(note) {
            anyhow::bail!(
                "{}: note id {note:?} must be lower-case letters, digits and `-`",
                op.file.display()
            );
        }
    }
    if let Some(e) = unportable_ids(op).into_iter().next() {
        return Err(e.into());
    }
    Ok(())
}

/// The operation model beyond ids: body, parameters, responses and example cross-references,
/// each problem at the offending YAML.
fn validate_model(schema: &Schema, op: &Operation) -> Result<()> {
    validate_body(schema, op)?;
    validate_params(schema, op)?;
    validate_responses(schema, op)?;
    validate_example_types(schema, op)
}

/// A type expression is a primitive, a schema type, or `Collection(X)` of either.
fn known_type(schema: &Schema, expr: &str) -> bool {
    let t = TypeRef::parse(expr);
    !t.name.is_empty() && (t.is_primitive() || schema.get(&t.name).is_some())
}

fn unknown_type(op: &Operation, t: &Spanned<String>, what: &str) -> anyhow::Error {
    at(op, t, format!("{what} type `{}` is not a primitive (String, Int32, Boolean, DateTimeOffset...) nor declared in content/schema", t.value)).into()
}

fn validate_body(schema: &Schema, op: &Operation) -> Result<()> {
    let Some(body) = &op.spec.request_body else { return Ok(()) };
    let json = body.media_type() == crate::spec::JSON_MEDIA_TYPE;
    if let Some(m) = &body.media_type {
        if !m.value.contains('/') || m.value.chars().any(|c| c.is_whitespace()) {
            return Err(at(
                op,
                m,
                format!(
                    "media type `{}` is not of the form `type/subtype` (`text/plain`)",
                    m.value
                ),
            )
            .into());
        }
    }
    let Some(t) = &body.type_name else {
        if json {
            anyhow::bail!("{}: request_body: a JSON body needs a `type:` (a schema type), or give its `media_type:`", op.file.display());
        }
        if let Some(p) = body.properties.first() {
            return Err(at(
                op,
                &p.name,
                "a request body without a `type:` has no properties to list".into(),
            )
            .into());
        }
        return Ok(());
    };
    if schema.get(&t.value).is_none() {
        return Err(at(
            op,
            t,
            format!("request body type `{}` is not declared in content/schema", t.value),
        )
        .into());
    }
    for p in &body.properties {
        if schema.property(&t.value, &p.name.value).is_none() {
            return Err(at(
                op,
                &p.name,
                format!("property `{}` is not declared on type `{}`", p.name.value, t.value),
            )
            .into());
        }
    }
    Ok(())
}

/// True for names usable in a message id (`group-id`, `startDateTime`).
fn is_message_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn validate_params(schema: &Schema, op: &Operation) -> Result<()> {
    let spec = &op.spec;
    let template = spec.path_template_params();
    let mut seen = BTreeMap::new();
    for p in &spec.path_parameters {
        let name = &p.name.value;
        if !template.contains(&name.as_str()) {
            return Err(at(
                op,
                &p.name,
                format!(
                    "path parameter `{name}` is not in the path template `{}` (it has: {})",
                    spec.path,
                    list_or_none(&template)
                ),
            )
            .into());
        }
        if seen.insert(name.clone(), ()).is_some() {
            return Err(
                at(op, &p.name, format!("path parameter `{name}` is declared twice")).into()
            );
        }
        if p.required == Some(false) {
            return Err(at(
                op,
                &p.name,
                format!("path parameter `{name}` cannot be optional: the path needs it"),
            )
            .into());
        }
    }
    if !spec.path_parameters.is_empty() {
        if let Some(missing) = template.iter().find(|n| !seen.contains_key(**n)) {
            return Err(at(op, &spec.path_parameters[0].name, format!("path template parameter `{missing}` of `{}` is not declared in `path_parameters` (declare every one, or none)", spec.path)).into());
        }
    }
    let mut ids = BTreeMap::new();
    for p in &spec.query_parameters {
        if let Some(problem) = crate::spec::query_name_problem(&p.name.value) {
            let name = &p.name.value;
            return Err(at(op, &p.name, format!("query parameter name `{name}` {problem}")).into());
        }
        let id = crate::spec::query_message_id(&p.name.value);
        if let Some(first) = ids.insert(id.clone(), p.name.value.clone()) {
            let what = match first == p.name.value {
                true => "is declared twice".to_string(),
                false => format!("shares its description `{id}` with `{first}`: rename one"),
            };
            return Err(
                at(op, &p.name, format!("query parameter `{}` {what}", p.name.value)).into()
            );
        }
    }
    for p in &spec.path_parameters {
        if !is_message_name(&p.name.value) {
            return Err(at(
                op,
                &p.name,
                format!(
                    "parameter name `{}` must be a letter followed by letters, digits, `-` or `_`",
                    p.name.value
                ),
            )
            .into());
        }
    }
    for p in spec.path_parameters.iter().chain(&spec.query_parameters) {
        if let Some(t) = &p.type_name {
            if !known_type(schema, &t.value) {
                return Err(unknown_type(op, t, "parameter"));
            }
        }
    }
    Ok(())
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
    }
}

fn validate_responses(schema: &Schema, op: &Operation) -> Result<()> {
    let spec = &op.spec;
    if spec.response.is_some() && !spec.responses.is_empty() {
        let r = spec.responses[0].status.clone();
        return Err(at(op, &r, "both `response` and `responses` are given: move the `response` into the `responses` list".into()).into());
    }
    if spec.responses().is_empty() {
        anyhow::bail!("{}: the operation documents no response: add `responses:` (a list of `{{ status, type }}`) or `response:`", op.file.display());
    }
    let mut seen = BTreeMap::new();
    for r in spec.responses() {
        let code = r.code();
        if !(100..=599).contains(&code) {
            return Err(at(
                op,
                &r.status,
                format!(
                    "status `{}` must start with an HTTP status code (100-599), like `200 OK`",
                    r.status.value
                ),
            )
            .into());
        }
        if seen.insert(code, ()).is_some() {
            return Err(at(op, &r.status, format!("status {code} is documented twice")).into());
        }
        if let Some(t) = &r.type_name {
            if r.is_error() {
                return Err(at(op, t, format!("error response {code} takes no `type:`: 4xx and 5xx responses have the standard OData error body (`error: {{ code, message, innerError }}`)")).into());
            }
            if code == 204 || code == 304 {
                return Err(
                    at(op, t, format!("a {code} response has no body, so no `type:`")).into()
                );
            }
            if !known_type(schema, &t.value) {
                return Err(unknown_type(op, t, "response"));
            }
        }
        for h in &r.headers {
            if !is_message_name(h) {
                anyhow::bail!("{}: response header `{h}` is not a header name", op.file.display());
            }
        }
    }
    if spec.main_response().is_none() {
        let r = spec.responses()[0].status.clone();
        return Err(
            at(op, &r, "no success response (status below 400) is documented".into()).into()
        );
    }
    Ok(())
}

fn validate_example_types(schema: &Schema, op: &Operation) -> Result<()> {
    for ex in &op.spec.examples {
        if let Some(t) = &ex.response.type_name {
            if !known_type(schema, &t.value) {
                return Err(unknown_type(op, t, "example response"));
            }
        }
    }
    Ok(())
}

/// `see_also` ids of `op` that name no operation of the site, with their location.
pub fn unknown_see_also(op: &Operation, known: &dyn Fn(&str) -> bool) -> Option<SourceError> {
    op.spec
        .see_also
        .iter()
        .find(|s| !known(&s.value))
        .map(|s| at(op, s, format!("see_also: no operation has the id `{}`", s.value)))
}
