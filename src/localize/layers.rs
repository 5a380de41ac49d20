//! The Fluent bundles a page formats with, made so that a site of thousands of pages does not
//! build thousands of copies of the same `ui.ftl`: each locale's page chrome (polydoc's
//! built-in English `ui.ftl` under the source locale, then the locale's own `ui.ftl`) is one
//! bundle made once and shared by every page and thread ([`SharedUi`]); a page adds a small
//! bundle of its operation's file on top ([`Layers`]). Formatting through the layers gives the
//! same text as one bundle holding both files with the operation's file overriding, because an
//! operation file is layered only when it cannot tell the difference: it references no other
//! message or term, defines no term, and defines no id `ui.ftl` defines or references. Any
//! other operation file gets that one merged bundle, as before. The chrome messages that read
//! nothing from the operation are also formatted once per locale and markup ([`SharedUi::chrome`]).

use super::{builtin_ui, Bundle, Locale, SOURCE_LOCALE, UI_FILE};
use anyhow::Result;
use fluent_bundle::{FluentMessage, FluentResource};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

/// One locale's `ui.ftl` bundle, shared by every page of the locale.
pub struct SharedUi {
    bundle: Bundle,
    /// Ids `ui.ftl` defines or references (terms written `-name`).
    claimed: HashSet<String>,
    /// The constant chrome messages as formatted, by markup (see [`super::Markup`]).
    chrome: [OnceLock<BTreeMap<String, String>>; 3],
}

impl std::fmt::Debug for SharedUi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedUi").field("claimed", &self.claimed.len()).finish()
    }
}

impl SharedUi {
    /// The chrome of markup `slot`: made by `make` the first time it is asked for.
    pub fn chrome(
        &self,
        slot: usize,
        make: impl FnOnce() -> Result<BTreeMap<String, String>>,
    ) -> Result<&BTreeMap<String, String>> {
        if let Some(done) = self.chrome[slot].get() {
            return Ok(done);
        }
        let made = make()?;
        Ok(self.chrome[slot].get_or_init(|| made))
    }

    /// The shared bundle.
    pub fn bundle(&self) -> &Bundle {
        &self.bundle
    }
}

/// An empty bundle of `locale`, set up as every polydoc bundle is.
fn new_bundle(locale: &Locale) -> Bundle {
    let mut bundle = Bundle::new_concurrent(vec![locale.langid.clone()]);
    // Isolation marks (U+2068/U+2069) would end up inside HTML text and code; we render
    // placeables as escaped HTML ourselves, so we turn them off on purpose.
    bundle.set_use_isolating(false);
    bundle
}

/// The `ui.ftl` resources of `locale`, bottom layer first.
fn ui_resources(locale: &Locale) -> Result<Vec<Arc<FluentResource>>> {
    let mut resources = Vec::new();
    if locale.code == SOURCE_LOCALE {
        resources.push(builtin_ui());
    }
    if let Some(file) = locale.files.get(UI_FILE) {
        resources.push(file.resource()?);
    }
    Ok(resources)
}

/// The shared `ui.ftl` bundle of `locale`, made on first use.
pub fn shared_ui(locale: &Locale) -> Result<&SharedUi> {
    if let Some(done) = locale.shared.get() {
        return Ok(done);
    }
    let mut bundle = new_bundle(locale);
    let mut claimed = HashSet::new();
    for resource in ui_resources(locale)? {
        claim(&resource, &mut claimed);
        bundle.add_resource_overriding(resource);
    }
    let made = SharedUi { bundle, claimed, chrome: Default::default() };
    Ok(locale.shared.get_or_init(|| made))
}

/// Adds the ids `resource` defines and references to `claimed`.
fn claim(resource: &FluentResource, claimed: &mut HashSet<String>) {
    for entry in resource.entries() {
        match entry {
            Entry::Message(m) => {
                claimed.insert(m.id.name.to_string());
                let patterns = m.value.iter().chain(m.attributes.iter().map(|a| &a.value));
                patterns.for_each(|p| {
                    references(p, &mut |id| {
                        claimed.insert(id);
                    })
                });
            }
            Entry::Term(t) => {
                claimed.insert(format!("-{}", t.id.name));
                let patterns =
                    std::iter::once(&t.value).chain(t.attributes.iter().map(|a| &a.value));
                patterns.for_each(|p| {
                    references(p, &mut |id| {
                        claimed.insert(id);
                    })
                });
            }
            _ => {}
        }
    }
}

/// Calls `found` with every message (`id`) and term (`-id`) `pattern` references.
fn references(pattern: &Pattern<&str>, found: &mut dyn FnMut(String)) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_references(expression, found);
        }
    }
}

fn expression_references(expression: &Expression<&str>, found: &mut dyn FnMut(String)) {
    match expression {
        Expression::Inline(inline) => inline_references(inline, found),
        Expression::Select { selector, variants } => {
            inline_references(selector, found);
            variants.iter().for_each(|v| references(&v.value, found));
        }
    }
}

fn inline_references(inline: &InlineExpression<&str>, found: &mut dyn FnMut(String)) {
    match inline {
        InlineExpression::MessageReference { id, .. } => found(id.name.to_string()),
        InlineExpression::TermReference { id, arguments, .. } => {
            found(format!("-{}", id.name));
            if let Some(args) = arguments {
                args.positional.iter().for_each(|a| inline_references(a, found));
                args.named.iter().for_each(|a| inline_references(&a.value, found));
            }
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            arguments.positional.iter().for_each(|a| inline_references(a, found));
            arguments.named.iter().for_each(|a| inline_references(&a.value, found));
        }
        InlineExpression::Placeable { expression } => expression_references(expression, found),
        _ => {}
    }
}

/// True when operation file `resource` formats the same over the shared bundle as merged with
/// it: no terms, no references, no id `ui.ftl` defines or references.
fn layerable(resource: &FluentResource, ui: &SharedUi) -> bool {
    resource.entries().all(|entry| match entry {
        Entry::Message(m) => {
            let mut refers = false;
            let patterns = m.value.iter().chain(m.attributes.iter().map(|a| &a.value));
            patterns.for_each(|p| references(p, &mut |_| refers = true));
            !refers && !ui.claimed.contains(m.id.name)
        }
        Entry::Term(_) => false,
        _ => true,
    })
}

/// The bundles of one locale as a page sees them: its operation file's own bundle (when it
/// has one) over the locale's shared `ui.ftl` bundle.
pub struct Layers<'c> {
    own: Option<Bundle>,
    shared: &'c SharedUi,
}

impl<'c> Layers<'c> {
    /// The layers of operation file `op_file` (its stem; empty for none) in `locale`.
    pub fn new(locale: &'c Locale, op_file: &str) -> Result<Layers<'c>> {
        let shared = shared_ui(locale)?;
        let file = match op_file {
            "" | UI_FILE => None,
            stem => locale.files.get(stem),
        };
        let own = match file {
            None => None,
            Some(file) => {
                let resource = file.resource()?;
                let mut bundle = new_bundle(locale);
                if !layerable(&resource, shared) {
                    // Merged: ui.ftl first, the operation file overriding it.
                    for ui in ui_resources(locale)? {
                        bundle.add_resource_overriding(ui);
                    }
                }
                bundle.add_resource_overriding(resource);
                Some(bundle)
            }
        };
        Ok(Layers { own, shared })
    }

    /// True when either layer has message `id`.
    pub fn has_message(&self, id: &str) -> bool {
        self.own_has(id) || self.shared.bundle.has_message(id)
    }

    /// True when the operation's own layer has message `id` (a merged layer has them all).
    pub fn own_has(&self, id: &str) -> bool {
        self.own.as_ref().is_some_and(|b| b.has_message(id))
    }

    /// Message `id` and the bundle that holds it (the operation's own layer first).
    pub fn get_message(&self, id: &str) -> Option<(&Bundle, FluentMessage<'_>)> {
        if let Some(own) = self.own.as_ref().filter(|b| b.has_message(id)) {
            return own.get_message(id).map(|m| (own, m));
        }
        self.shared.bundle.get_message(id).map(|m| (&self.shared.bundle, m))
    }

    /// The locale's shared layer.
    pub fn shared(&self) -> &'c SharedUi {
        self.shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(ftl: &str) -> FluentResource {
        FluentResource::try_new(ftl.to_string()).expect("valid FTL")
    }

    #[test]
    fn only_self_contained_operation_files_are_layered() {
        let mut claimed = HashSet::new();
        claim(&resource("site = Docs { -brand }\n-brand = Acme\nfoot = { title }\n"), &mut claimed);
        let ui = SharedUi {
            bundle: Bundle::new_concurrent(vec![]),
            claimed,
            chrome: Default::default(),
        };
        // Variables are no references; `title` is claimed by ui.ftl (see below), `heading` not.
        assert!(layerable(&resource("heading = Get a { $user }\nsummary = Plain.\n"), &ui));
        assert!(!layerable(&resource("summary = See { site }\n"), &ui));
        assert!(!layerable(&resource("summary = By { -brand }\n"), &ui));
        assert!(!layerable(&resource("-own = x\nsummary = x\n"), &ui));
        // `title` is referenced by ui.ftl: the merged bundle resolves it to this file's.
        assert!(!layerable(&resource("title = Get\n"), &ui));
        assert!(!layerable(&resource("site = Mine\n"), &ui));
    }
}
