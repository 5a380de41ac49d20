//! `variant-key`: the keys of select and plural variants, in every locale. A translated select
//! may use the keys of its English counterpart, numbers, and (for a plural select) the
//! locale's own CLDR plural categories (`intl_pluralrules`: German has `one` and `other`,
//! Arabic six, Japanese only `other`). Reported: a key that is none of these (a translated
//! key such as `[uno]` never matches), a key given twice, and a `*` default on a plural
//! category the locale does not have. A select without a default is a Fluent syntax error
//! (`ftl-syntax`).

use super::finding::{Finding, Place, Rule};
use super::translation::LocaleFiles;
use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement, VariantKey};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use std::collections::BTreeSet;

/// CLDR plural category names.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One select expression: its keys as written (text, default, byte offset in the file).
#[derive(Debug)]
struct Select<'s> {
    keys: Vec<(&'s str, bool, usize)>,
    /// The selector calls `NUMBER()` or is a number polydoc passes (`$number`).
    number: bool,
}

/// The selects of every message value and attribute of a file, by unit key, in order.
fn selects<'s>(text: &'s str) -> Vec<(String, Vec<Select<'s>>)> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, _)) => r, // syntax errors are `ftl-syntax`
    };
    let mut out = Vec::new();
    for entry in &resource.body {
        let (prefix, id, value, attributes) = match entry {
            Entry::Message(m) => ("", m.id.name, m.value.as_ref(), &m.attributes),
            Entry::Term(t) => ("-", t.id.name, Some(&t.value), &t.attributes),
            _ => continue,
        };
        let key = format!("{prefix}{id}");
        if let Some(v) = value {
            let mut found = Vec::new();
            pattern(text, v, &mut found);
            out.push((key.clone(), found));
        }
        for a in attributes {
            let mut found = Vec::new();
            pattern(text, &a.value, &mut found);
            out.push((format!("{key}.{}", a.id.name), found));
        }
    }
    out
}

fn pattern<'s>(text: &'s str, p: &ast::Pattern<&'s str>, out: &mut Vec<Select<'s>>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_selects(text, expression, out);
        }
    }
}

fn expression_selects<'s>(text: &'s str, e: &Expression<&'s str>, out: &mut Vec<Select<'s>>) {
    match e {
        Expression::Select { selector, variants } => {
            let number = match selector {
                InlineExpression::FunctionReference { id, .. } => id.name == "NUMBER",
                InlineExpression::VariableReference { id } => {
                    crate::localize::variables::NUMBER_ARGUMENTS.contains(&id.name)
                }
                _ => false,
            };
            let keys = variants
                .iter()
                .map(|v| {
                    let name = match &v.key {
                        VariantKey::Identifier { name } => *name,
                        VariantKey::NumberLiteral { value } => *value,
                    };
                    (name, v.default, offset_in(text, name))
                })
                .collect();
            out.push(Select { keys, number });
            for v in variants {
                pattern(text, &v.value, out);
            }
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => {
            expression_selects(text, expression, out)
        }
        Expression::Inline(_) => {}
    }
}

fn offset_in(text: &str, slice: &str) -> usize {
    let (start, p) = (text.as_ptr() as usize, slice.as_ptr() as usize);
    if p >= start && p <= start + text.len() {
        p - start
    } else {
        0
    }
}

/// The cardinal plural categories of `locale` (`other` alone when CLDR does not know it).
pub fn plural_categories(locale: &str) -> BTreeSet<&'static str> {
    let mut found = BTreeSet::from(["other"]);
    let Ok(langid) = locale.parse::<unic_langid::LanguageIdentifier>() else { return found };
    let Ok(rules) = PluralRules::create(langid, PluralRuleType::CARDINAL) else { return found };
    let samples = (0..=200u32).map(f64::from).chain([0.5, 1.5, 2.5, 0.1, 1e6, 1e6 + 1.0, 1e7]);
    for n in samples {
        if let Ok(c) = rules.select(n) {
            found.insert(match c {
                PluralCategory::ZERO => "zero",
                PluralCategory::ONE => "one",
                PluralCategory::TWO => "two",
                PluralCategory::FEW => "few",
                PluralCategory::MANY => "many",
                PluralCategory::OTHER => "other",
            });
        }
    }
    found
}

fn is_number(key: &str) -> bool {
    key.parse::<f64>().is_ok()
}

/// `variant-key` for every file of `tr` (the source locale itself when `en` is `None`).
pub fn check(en: Option<&LocaleFiles>, tr: &LocaleFiles, out: &mut Vec<Finding>) {
    let categories = plural_categories(&tr.code);
    for (stem, doc) in &tr.files {
        if doc.units.is_empty() {
            continue; // nothing parsed: past a limit (`resource-limit`), too deep, or empty
        }
        let english: Vec<(String, Vec<Select>)> = match en {
            Some(en) => en
                .files
                .get(stem)
                .filter(|d| !d.units.is_empty())
                .map(|d| selects(&d.text))
                .unwrap_or_default(),
            None => Vec::new(),
        };
        for (key, found) in selects(&doc.text) {
            let counterpart = english.iter().find(|(k, _)| *k == key).map(|(_, s)| s);
            for (i, s) in found.iter().enumerate() {
                let en_keys: BTreeSet<&str> = match counterpart {
                    Some(list) => match list.get(i).filter(|_| list.len() == found.len()) {
                        Some(paired) => paired.keys.iter().map(|k| k.0).collect(),
                        None => list.iter().flat_map(|s| s.keys.iter().map(|k| k.0)).collect(),
                    },
                    None => BTreeSet::new(),
                };
                let place = |at: usize| Place::at_offset(&doc.path, &doc.text, at);
                check_select(&key, s, &en_keys, &tr.code, &categories, place, out);
            }
        }
    }
}

/// A plural select: `NUMBER()`, or every key (of English or of this select) a number or a
/// CLDR category.
fn is_plural(s: &Select, en_keys: &BTreeSet<&str>) -> bool {
    let plural_key = |k: &str| is_number(k) || CATEGORIES.contains(&k);
    let own: Vec<&str> = s.keys.iter().map(|k| k.0).collect();
    s.number
        || (!en_keys.is_empty()
            && en_keys.iter().all(|k| plural_key(k))
            && en_keys.iter().any(|k| *k != "other"))
        || (en_keys.is_empty()
            && own.iter().all(|k| plural_key(k))
            && own.iter().any(|k| *k != "other"))
}

fn check_select<'d>(
    unit: &str,
    s: &Select,
    en_keys: &BTreeSet<&str>,
    locale: &str,
    categories: &BTreeSet<&'static str>,
    place: impl Fn(usize) -> Place<'d>,
    out: &mut Vec<Finding>,
) {
    let plural = is_plural(s, en_keys);
    let mut seen = BTreeSet::new();
    for &(key, default, at) in &s.keys {
        if !seen.insert(key) {
            out.push(Finding::new(
                Rule::VariantKey,
                place(at),
                format!("`{unit}`: variant `[{key}]` is given twice (Fluent uses the first)"),
                key,
                "remove one of the two variants",
            ));
            continue;
        }
        if default && plural && CATEGORIES.contains(&key) && !categories.contains(key) {
            out.push(Finding::new(
                Rule::VariantKey,
                place(at),
                format!(
                    "`{unit}`: the default `*[{key}]` is a plural category `{locale}` does not have ({}), so every number takes it",
                    categories.iter().copied().collect::<Vec<_>>().join(", ")
                ),
                key,
                "make `*[other]` the default",
            ));
            continue;
        }
        let known = is_number(key)
            || en_keys.contains(key)
            || (plural && categories.contains(key))
            || (en_keys.is_empty() && !plural);
        if !known {
            let expected: Vec<String> = if plural {
                categories.iter().map(|c| format!("[{c}]")).collect()
            } else {
                en_keys.iter().map(|c| format!("[{c}]")).collect()
            };
            let close = crate::localize::variables::closest(
                key,
                en_keys.iter().copied().chain(categories.iter().copied()),
            );
            out.push(Finding::new(
                Rule::VariantKey,
                place(at),
                format!(
                    "`{unit}`: variant key `[{key}]` is neither an English key nor a plural category of `{locale}`, so it never matches (keys are never translated)"
                ),
                key,
                match close {
                    Some(c) => format!("write `[{c}]` (keys: {})", expected.join(" ")),
                    None => format!("use one of {}", expected.join(" ")),
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_categories_per_locale() {
        assert_eq!(plural_categories("de"), BTreeSet::from(["one", "other"]));
        assert_eq!(plural_categories("ja"), BTreeSet::from(["other"]));
        assert!(
            plural_categories("ar").contains("few") && plural_categories("ar").contains("zero")
        );
        assert!(plural_categories("pl").contains("many"));
    }

    #[test]
    fn selects_keep_their_keys_and_places() {
        let text = "a = { $n ->\n    [one] x\n   *[other] y\n}\n";
        let s = selects(text);
        assert_eq!(s[0].0, "a");
        let keys: Vec<(&str, bool)> = s[0].1[0].keys.iter().map(|k| (k.0, k.1)).collect();
        assert_eq!(keys, vec![("one", false), ("other", true)]);
        assert_eq!(&text[s[0].1[0].keys[0].2..][..3], "one");
    }
}
