//! Stage 2, validate: what a build needs to be true of the loaded specs before anything is
//! rendered (safe ids, known types and properties, unique ids). Each problem points at the
//! YAML line. Deeper content checks (drift, example data) belong to `polydoc check`.

use crate::diag::SourceError;
use crate::spec::{Operation, Schema, Site};
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

/// Validates the whole site; returns the first problem found.
pub fn validate(site: &Site) -> Result<()> {
    let mut seen: BTreeMap<&str, &Operation> = BTreeMap::new();
    for op in &site.operations {
        validate_operation(&site.schema, op)?;
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
        return Err(at(op, &spec.id, format!("operation id {:?} must be lower-case letters, digits and `-` (it becomes a folder name)", op.id())).into());
    }
    if let Some(body) = &spec.request_body {
        let t = &body.type_name;
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
    }
    let rt = &spec.response.type_name;
    if schema.get(&rt.value).is_none() {
        return Err(at(
            op,
            rt,
            format!("response type `{}` is not declared in content/schema", rt.value),
        )
        .into());
    }
    let mut ids = BTreeMap::new();
    for ex in &spec.examples {
        if !is_slug(&ex.id.value) {
            return Err(at(
                op,
                &ex.id,
                format!("example id {:?} must be lower-case letters, digits and `-`", ex.id.value),
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
    Ok(())
}
