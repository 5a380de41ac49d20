//! The OpenAPI output of an imported project: the document `polydoc import openapi` kept in
//! `polydoc-openapi.json`, with every prose string the import turned into a message replaced
//! by that message in the locale. Nothing else of the document changes, so its OpenAPI
//! version, structure and identifiers are those of the source.

use super::{markdown, take, text};
use crate::diag::Warning;
use crate::localize::{Locale, Messages};
use crate::output::{OpEntry, Site};
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One prose string of the document: its JSON pointer, the operation and the message id.
struct Prose {
    pointer: String,
    operation: String,
    message: String,
}

/// The kept document and its prose strings.
pub struct Source {
    document: Value,
    prose: Vec<Prose>,
    /// The spec terms of every operation (variables its messages may use).
    terms: BTreeMap<String, Vec<(String, String)>>,
}

impl Source {
    /// Reads the project's kept document, if it has one (an imported project).
    pub fn read(root: &Path) -> Result<Option<Source>> {
        let rel = Path::new(crate::import::SOURCE_DOCUMENT);
        let path = root.join(rel);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        let text = crate::fsafe::read_text(&path, rel)?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            crate::diag::SourceError::new(
                rel,
                Some(&text),
                e.line(),
                e.column(),
                format!("invalid JSON: {e}"),
            )
        })?;
        Source::from_value(value)
            .with_context(|| {
                format!("{}: not a document kept by `polydoc import openapi`", rel.display())
            })
            .map(Some)
    }

    fn from_value(mut value: Value) -> Result<Source> {
        if value.get("polydoc_openapi").and_then(Value::as_u64) != Some(1) {
            bail!("`polydoc_openapi: 1` is missing (import the document again)");
        }
        let document = value.get_mut("document").map(Value::take).unwrap_or(Value::Null);
        if !document.is_object() {
            bail!("it holds no `document` object");
        }
        let mut prose = Vec::new();
        for entry in value.get("prose").and_then(Value::as_array).into_iter().flatten() {
            let field = |i: usize| entry.get(i).and_then(Value::as_str).map(str::to_string);
            match (field(0), field(1), field(2)) {
                (Some(pointer), Some(operation), Some(message)) => {
                    prose.push(Prose { pointer, operation, message })
                }
                _ => bail!("a `prose` entry is not [pointer, operation, message]: {entry}"),
            }
        }
        Ok(Source { document, prose, terms: BTreeMap::new() })
    }

    /// Loads the spec terms of the site's operations (their messages' variables).
    pub fn with_terms(mut self, site: &Site, ops: &[OpEntry]) -> Result<Source> {
        let schema = crate::spec::load::parse_schema(&site.content.schemas)?;
        for op in ops {
            let parsed = crate::spec::load::parse_operation(op.file)?;
            self.terms.insert(op.id.to_string(), crate::localize::page::terms(&parsed, &schema));
        }
        Ok(self)
    }

    /// The document in `locale`: each prose string whose operation is in the site and whose
    /// message exists is replaced (plain text for `summary`/`title`, safe Markdown otherwise).
    pub fn localize(
        &self,
        site: &Site,
        locale: &Locale,
        warnings: &mut Vec<Warning>,
    ) -> Result<Value> {
        let mut doc = self.document.clone();
        let mut by_op: BTreeMap<&str, Vec<&Prose>> = BTreeMap::new();
        for p in &self.prose {
            by_op.entry(p.operation.as_str()).or_default().push(p);
        }
        for (op, prose) in by_op {
            let Some(terms) = self.terms.get(op) else { continue };
            let msgs = Messages::new(site.catalog, locale, op, terms.clone())?;
            for p in prose {
                let Some(slot) = doc.pointer_mut(&p.pointer).filter(|v| v.is_string()) else {
                    continue;
                };
                if !msgs.exists(&p.message) {
                    continue;
                }
                let plain = p.pointer.ends_with("/summary") || p.pointer.ends_with("/title");
                *slot = Value::String(match plain {
                    true => text(&msgs, &p.message, &[])?,
                    false => markdown(&msgs, &p.message, &[])?,
                });
            }
            take(&msgs, warnings);
        }
        Ok(doc)
    }
}
