//! Where the spec-term variables of a message come from: a list given up front, or an
//! operation's terms looked up by name when a message uses one. An operation of a large API
//! (Graph) reaches most of its schema, tens of thousands of names; listing them for every page
//! in every locale dominated the build, while a page's messages use a handful. The lookup
//! answers exactly what [`super::page::terms`] lists (the same names, the same values, the
//! same winner among equal names), so pages are unchanged.

use super::code_span;
use super::page::{
    is_fluent_identifier, reachable_types, special_terms, term_names_outside_schema,
};
use crate::spec::{Operation, Schema};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The spec terms messages may use as variables.
pub enum TermSource<'c> {
    /// A list given up front; the last of equal names wins.
    List {
        /// The terms, in the order given.
        terms: Vec<(String, String)>,
        /// Indexes into `terms` sorted by name (stable).
        by_name: Vec<usize>,
    },
    /// The terms of an operation, looked up by name.
    Operation {
        /// The operation.
        op: &'c Operation,
        /// The schema its types are in.
        schema: &'c Schema,
        /// Its reachable types, found at the first lookup that needs them.
        reachable: OnceLock<BTreeSet<String>>,
    },
}

impl<'c> TermSource<'c> {
    /// A list of terms.
    pub fn list(terms: Vec<(String, String)>) -> Self {
        let mut by_name: Vec<usize> = (0..terms.len()).collect();
        by_name.sort_by(|&a, &b| terms[a].0.cmp(&terms[b].0));
        TermSource::List { terms, by_name }
    }

    /// The terms of `op`.
    pub fn operation(op: &'c Operation, schema: &'c Schema) -> Self {
        TermSource::Operation { op, schema, reachable: OnceLock::new() }
    }

    /// The value of term `name`, if it is one.
    pub fn get(&self, name: &str) -> Option<String> {
        match self {
            TermSource::List { terms, by_name } => {
                let end = by_name.partition_point(|&i| terms[i].0.as_str() <= name);
                let (key, value) = &terms[*by_name[..end].last()?];
                (key == name).then(|| value.clone())
            }
            TermSource::Operation { op, schema, reachable } => {
                if let Some((_, value)) =
                    special_terms(op).into_iter().rev().find(|(k, _)| k == name)
                {
                    return Some(value);
                }
                if !is_fluent_identifier(name) {
                    return None;
                }
                let known = term_names_outside_schema(op).iter().any(|n| n == name)
                    || names_in_schema(
                        schema,
                        reachable.get_or_init(|| reachable_types(op, schema)),
                        name,
                    );
                known.then(|| code_span(name))
            }
        }
    }

    /// Every term name (for "did you mean" hints; an operation's are listed in full here).
    pub fn names(&self) -> Vec<String> {
        match self {
            TermSource::List { terms, .. } => terms.iter().map(|(k, _)| k.clone()).collect(),
            TermSource::Operation { op, schema, .. } => {
                super::page::terms(op, schema).into_iter().map(|(k, _)| k).collect()
            }
        }
    }
}

/// True when `name` is a reachable type, or a property name, enum member or allowed value of
/// one.
fn names_in_schema(schema: &Schema, reachable: &BTreeSet<String>, name: &str) -> bool {
    reachable.contains(name)
        || reachable.iter().filter_map(|t| schema.get(t)).any(|def| {
            def.properties.contains_key(name)
                || def.members.iter().flatten().any(|m| m == name)
                || def
                    .properties
                    .values()
                    .filter_map(|p| p.values.as_ref())
                    .flatten()
                    .any(|v| v == name)
        })
}
