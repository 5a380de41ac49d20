//! Fluent files as the checker sees them: every file of every locale parsed with
//! `fluent_syntax::parser::parse` (which goes on past errors and returns all of them), flattened
//! into translation units (a message value or one attribute), each with its source span, a
//! canonical text and its select variants expanded for per-variant comparison.

use super::finding::{Finding, Place, Rule};
pub use crate::localize::ftl_syntax::unescape_literal;
use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a variable or reference stands for in [`Variant::resolved`].
pub const PLACEHOLDER: &str = "`x`";

/// At most this many variants are expanded per pattern (nested selects multiply).
const MAX_VARIANTS: usize = 64;

/// One flattened select variant of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The text with placeables written as `{ $var }`, `{ msg }`, `{ -term }`; literals inlined.
    pub markdown: String,
    /// The text as it renders: literals inlined (`{ "{" }` is a brace), every other placeable
    /// written as the code span [`PLACEHOLDER`] (spec terms render as code spans).
    pub resolved: String,
    /// Variables used (without `$`), selectors included.
    pub variables: BTreeSet<String>,
    /// Message (`msg`, `msg.attr`) and term (`-term`) references.
    pub references: BTreeSet<String>,
}

/// A message value or attribute: the unit translations are compared by.
#[derive(Debug, Clone)]
pub struct Unit {
    /// `id` for a value, `id.attr` for an attribute.
    pub key: String,
    /// Byte offset of the id (or attribute name) in the file.
    pub offset: usize,
    /// Byte range of the whole unit in the file (for locating text inside it).
    pub span: std::ops::Range<usize>,
    /// Canonical text (selects written out), for display, hashing and identity checks.
    pub text: String,
    /// Flattened variants (one when there is no select).
    pub variants: Vec<Variant>,
}

/// One parsed `.ftl` file.
#[derive(Debug, Clone)]
pub struct FtlDoc {
    /// Path relative to the project root.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Units in file order (first definition wins on duplicates).
    pub units: Vec<Unit>,
}

pub use crate::localize::ftl_syntax::{
    excessive_nesting, nesting_message, syntax_error_offset, MAX_FTL_NESTING,
};

impl FtlDoc {
    /// Parses `text`; syntax errors and duplicates go to `findings`.
    pub fn parse(path: &Path, text: String, findings: &mut Vec<Finding>) -> FtlDoc {
        if let Some(excess) = crate::limits::ftl_excess(&text) {
            let place = Place::at_offset(path, &text, excess.offset);
            findings.push(Finding::new(
                Rule::ResourceLimit,
                place,
                excess.message,
                excess.text,
                "split the file or the message; the file was not checked further",
            ));
            return FtlDoc { path: path.to_path_buf(), text, units: Vec::new() };
        }
        if let Some(offset) = excessive_nesting(&text) {
            let place = Place::at_offset(path, &text, offset);
            findings.push(Finding::new(
                Rule::FtlSyntax,
                place,
                nesting_message(),
                "{",
                "nest placeables at most a few levels deep; the file was not checked further",
            ));
            return FtlDoc { path: path.to_path_buf(), text, units: Vec::new() };
        }
        let units = {
            let resource = match fluent_syntax::parser::parse(text.as_str()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    for e in errors {
                        let place = Place::at_offset(path, &text, syntax_error_offset(&text, &e));
                        let slice: String = e
                            .slice
                            .clone()
                            .and_then(|s| text.get(s))
                            .map(|s| {
                                s.lines().next().unwrap_or("").trim().chars().take(200).collect()
                            })
                            .unwrap_or_default();
                        findings.push(Finding::new(
                            Rule::FtlSyntax,
                            place,
                            format!("Fluent syntax error: {}", e.kind),
                            slice,
                            "fix the syntax; the rest of the file was still checked",
                        ));
                    }
                    r
                }
            };
            placeable_findings(path, &text, &resource, findings);
            collect_units(path, &text, &resource, findings)
        };
        FtlDoc { path: path.to_path_buf(), text, units }
    }

    /// The unit with this key.
    pub fn unit(&self, key: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.key == key)
    }

    /// Units by key.
    pub fn by_key(&self) -> BTreeMap<&str, &Unit> {
        self.units.iter().map(|u| (u.key.as_str(), u)).collect()
    }

    /// Where `needle` first occurs inside `unit` (falls back to the unit's id).
    pub fn place_of<'a>(&'a self, unit: &Unit, needle: &str) -> Place<'a> {
        let found = (!needle.is_empty())
            .then(|| self.text.get(unit.span.clone()).and_then(|s| s.find(needle)))
            .flatten()
            .map(|i| unit.span.start + i);
        Place::at_offset(&self.path, &self.text, found.unwrap_or(unit.offset))
    }

    /// Where `word` first occurs inside `unit` as a whole word (not inside a longer word).
    pub fn place_of_word<'a>(&'a self, unit: &Unit, word: &str) -> Place<'a> {
        let body = self.text.get(unit.span.clone()).unwrap_or("");
        let is_word =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        let found = body.match_indices(word).find(|(i, _)| {
            !is_word(body[..*i].chars().next_back())
                && !is_word(body[i + word.len()..].chars().next())
        });
        match found {
            Some((i, _)) => Place::at_offset(&self.path, &self.text, unit.span.start + i),
            None => self.place_of(unit, word),
        }
    }

    /// The place of the unit's id.
    pub fn place(&self, unit: &Unit) -> Place<'_> {
        Place::at_offset(&self.path, &self.text, unit.offset)
    }
}

/// A `resource-limit` finding per message value or attribute that Fluent would refuse to
/// format for resolving too many placeables (the build fails on it).
fn placeable_findings(
    path: &Path,
    text: &str,
    resource: &ast::Resource<&str>,
    findings: &mut Vec<Finding>,
) {
    for excess in crate::limits::too_many_placeables(resource) {
        findings.push(Finding::new(
            Rule::ResourceLimit,
            Place::at_offset(path, text, offset_in(text, excess.at)),
            excess.message(),
            excess.key.clone(),
            format!("use at most {} placeables: split the message", crate::limits::MAX_PLACEABLES),
        ));
    }
}

/// Byte offset of a slice borrowed from `text`.
fn offset_in(text: &str, slice: &str) -> usize {
    let start = text.as_ptr() as usize;
    let p = slice.as_ptr() as usize;
    if p >= start && p <= start + text.len() {
        p - start
    } else {
        0
    }
}

fn collect_units(
    path: &Path,
    text: &str,
    resource: &ast::Resource<&str>,
    findings: &mut Vec<Finding>,
) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for entry in &resource.body {
        let (prefix, id, value, attributes) = match entry {
            Entry::Message(m) => ("", m.id.name, m.value.as_ref(), &m.attributes),
            Entry::Term(t) => ("-", t.id.name, Some(&t.value), &t.attributes),
            _ => continue,
        };
        let key = format!("{prefix}{id}");
        let id_offset = offset_in(text, id);
        let end = entry_end(text, id, value, attributes);
        let mut attrs = BTreeSet::new();
        let mut attr_units = Vec::new();
        for a in attributes {
            let akey = format!("{key}.{}", a.id.name);
            let a_offset = offset_in(text, a.id.name);
            if !attrs.insert(a.id.name) {
                findings.push(Finding::new(
                    Rule::FtlDuplicate,
                    Place::at_offset(path, text, a_offset),
                    format!("attribute `.{}` of `{key}` is defined twice", a.id.name),
                    akey,
                    "remove one of the two attributes",
                ));
                continue;
            }
            attr_units.push(unit(akey, a_offset, a_offset..end, &a.value));
        }
        if !seen.insert(key.clone()) {
            let first = units
                .iter()
                .find(|u| u.key == key)
                .map(|u| crate::diag::line_col(text, u.offset).0)
                .unwrap_or(0);
            findings.push(Finding::new(
                Rule::FtlDuplicate,
                Place::at_offset(path, text, id_offset),
                format!("message `{key}` is defined twice (first on line {first})"),
                key.clone(),
                "remove or rename one definition: Fluent keeps only one of them",
            ));
            continue;
        }
        if let Some(v) = value {
            units.push(unit(key.clone(), id_offset, id_offset..end, v));
        }
        units.extend(attr_units);
    }
    units
}

/// End offset of an entry: the furthest borrowed slice inside it, plus a closing brace margin.
fn entry_end(
    text: &str,
    id: &str,
    value: Option<&ast::Pattern<&str>>,
    attributes: &[ast::Attribute<&str>],
) -> usize {
    let mut end = offset_in(text, id) + id.len();
    let mut note = |s: &str| end = end.max(offset_in(text, s) + s.len());
    for p in value.into_iter().chain(attributes.iter().map(|a| &a.value)) {
        visit_slices(p, &mut note);
    }
    // include a trailing ` }` of a final placeable
    let rest = &text[end.min(text.len())..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    end + line_end
}

fn visit_slices<'s>(p: &ast::Pattern<&'s str>, f: &mut impl FnMut(&'s str)) {
    for e in &p.elements {
        match e {
            PatternElement::TextElement { value } => f(value),
            PatternElement::Placeable { expression } => visit_expr(expression, f),
        }
    }
}

fn visit_expr<'s>(e: &Expression<&'s str>, f: &mut impl FnMut(&'s str)) {
    match e {
        Expression::Inline(i) => visit_inline(i, f),
        Expression::Select { selector, variants } => {
            visit_inline(selector, f);
            for v in variants {
                visit_slices(&v.value, f);
            }
        }
    }
}

fn visit_inline<'s>(i: &InlineExpression<&'s str>, f: &mut impl FnMut(&'s str)) {
    match i {
        InlineExpression::StringLiteral { value } | InlineExpression::NumberLiteral { value } => {
            f(value)
        }
        InlineExpression::VariableReference { id }
        | InlineExpression::MessageReference { id, .. } => f(id.name),
        InlineExpression::TermReference { id, .. }
        | InlineExpression::FunctionReference { id, .. } => f(id.name),
        InlineExpression::Placeable { expression } => visit_expr(expression, f),
    }
}

fn unit(
    key: String,
    offset: usize,
    span: std::ops::Range<usize>,
    pattern: &ast::Pattern<&str>,
) -> Unit {
    Unit { key, offset, span, text: canonical(pattern), variants: variants(pattern) }
}

/// The pattern written out canonically: text verbatim, placeables as `{ ... }`.
pub fn canonical(p: &ast::Pattern<&str>) -> String {
    let mut out = String::new();
    for e in &p.elements {
        match e {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable { expression } => {
                out.push_str("{ ");
                out.push_str(&expr_text(expression));
                out.push_str(" }");
            }
        }
    }
    out
}

fn expr_text(e: &Expression<&str>) -> String {
    match e {
        Expression::Inline(i) => inline_text(i),
        Expression::Select { selector, variants } => {
            let mut s = format!("{} ->", inline_text(selector));
            for v in variants {
                let key = match &v.key {
                    ast::VariantKey::Identifier { name } => name.to_string(),
                    ast::VariantKey::NumberLiteral { value } => value.to_string(),
                };
                let star = if v.default { "*" } else { "" };
                s.push_str(&format!(" {star}[{key}] {}", canonical(&v.value)));
            }
            s
        }
    }
}

fn inline_text(i: &InlineExpression<&str>) -> String {
    match i {
        InlineExpression::StringLiteral { value } => format!("\"{value}\""),
        InlineExpression::NumberLiteral { value } => value.to_string(),
        InlineExpression::VariableReference { id } => format!("${}", id.name),
        InlineExpression::MessageReference { id, attribute } => match attribute {
            Some(a) => format!("{}.{}", id.name, a.name),
            None => id.name.to_string(),
        },
        InlineExpression::TermReference { id, attribute, .. } => match attribute {
            Some(a) => format!("-{}.{}", id.name, a.name),
            None => format!("-{}", id.name),
        },
        InlineExpression::FunctionReference { id, arguments } => {
            let args: Vec<String> = arguments.positional.iter().map(inline_text).collect();
            format!("{}({})", id.name, args.join(", "))
        }
        InlineExpression::Placeable { expression } => format!("{{ {} }}", expr_text(expression)),
    }
}

/// Every select variant of a pattern, flattened (capped at [`MAX_VARIANTS`]).
pub fn variants(p: &ast::Pattern<&str>) -> Vec<Variant> {
    let mut acc = vec![Variant {
        markdown: String::new(),
        resolved: String::new(),
        variables: BTreeSet::new(),
        references: BTreeSet::new(),
    }];
    for e in &p.elements {
        match e {
            PatternElement::TextElement { value } => acc.iter_mut().for_each(|v| {
                v.markdown.push_str(value);
                v.resolved.push_str(value);
            }),
            PatternElement::Placeable { expression } => acc = extend_expr(acc, expression),
        }
    }
    acc
}

fn extend_expr(acc: Vec<Variant>, e: &Expression<&str>) -> Vec<Variant> {
    match e {
        Expression::Inline(i) => extend_inline(acc, i),
        Expression::Select { selector, variants: arms } => {
            let acc = note_refs(acc, selector);
            let mut out = Vec::new();
            for base in &acc {
                for arm in arms {
                    for tail in variants(&arm.value) {
                        if out.len() >= MAX_VARIANTS {
                            return out;
                        }
                        let mut v = base.clone();
                        v.markdown.push_str(&tail.markdown);
                        v.resolved.push_str(&tail.resolved);
                        v.variables.extend(tail.variables);
                        v.references.extend(tail.references);
                        out.push(v);
                    }
                }
            }
            out
        }
    }
}

/// Records the references of a selector without adding text.
fn note_refs(mut acc: Vec<Variant>, i: &InlineExpression<&str>) -> Vec<Variant> {
    let mut scratch = Variant {
        markdown: String::new(),
        resolved: String::new(),
        variables: BTreeSet::new(),
        references: BTreeSet::new(),
    };
    collect_refs(i, &mut scratch);
    for v in &mut acc {
        v.variables.extend(scratch.variables.iter().cloned());
        v.references.extend(scratch.references.iter().cloned());
    }
    acc
}

fn collect_refs(i: &InlineExpression<&str>, into: &mut Variant) {
    match i {
        InlineExpression::VariableReference { id } => {
            into.variables.insert(id.name.to_string());
        }
        InlineExpression::MessageReference { .. } | InlineExpression::TermReference { .. } => {
            into.references.insert(inline_text(i));
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                collect_refs(a, into);
            }
            for a in &arguments.named {
                collect_refs(&a.value, into);
            }
        }
        InlineExpression::Placeable { expression } => {
            if let Expression::Inline(inner) = expression.as_ref() {
                collect_refs(inner, into);
            }
        }
        _ => {}
    }
}

fn extend_inline(acc: Vec<Variant>, i: &InlineExpression<&str>) -> Vec<Variant> {
    match i {
        InlineExpression::StringLiteral { value } => {
            let value = unescape_literal(value);
            acc.into_iter()
                .map(|mut v| {
                    v.markdown.push_str(&value);
                    v.resolved.push_str(&value);
                    v
                })
                .collect()
        }
        InlineExpression::NumberLiteral { value } => acc
            .into_iter()
            .map(|mut v| {
                v.markdown.push_str(value);
                v.resolved.push_str(value);
                v
            })
            .collect(),
        InlineExpression::Placeable { expression } => extend_expr(acc, expression),
        _ => {
            let text = format!("{{ {} }}", inline_text(i));
            let mut acc = note_refs(acc, i);
            acc.iter_mut().for_each(|v| {
                v.markdown.push_str(&text);
                v.resolved.push_str(PLACEHOLDER);
            });
            acc
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, column) of every syntax error of `text`, as reported.
    fn syntax_positions(text: &str) -> Vec<(usize, usize)> {
        let Err((_, errors)) = fluent_syntax::parser::parse(text) else { return Vec::new() };
        errors.iter().map(|e| crate::diag::line_col(text, syntax_error_offset(text, e))).collect()
    }

    #[test]
    fn syntax_errors_point_at_the_line_of_the_broken_entry() {
        let cases = [
            // unclosed placeable at the end of the line (noticed at 3:1): at its `{`
            ("a = x\nb = Hallo { $name\nc = y\n", (2, 11)),
            // ... followed by blank lines (noticed at 4:1)
            ("a = x\nb = Hallo { $name\n\nc = y\n", (2, 11)),
            // ... at the end of the file, without a line break: just past the text
            ("a = x\nb = Hallo { $name", (2, 18)),
            // `{` alone, the next entry's id taken as a reference (noticed at 3:3)
            ("a = x\nb = {\nc = y\n", (2, 5)),
            // select without its closing `}` (noticed at the next entry)
            ("a = x\nb = { $n ->\n   *[one] eins\nc = y\n", (2, 5)),
            // unclosed placeable in the middle of a line: where the parser stopped
            ("a = x\nb = Hallo { $name text\nc = y\n", (2, 19)),
            // unterminated string literal
            ("a = x\nb = Hallo { \"abc\nc = y\n", (2, 17)),
            // missing `=`
            ("a = x\nb Hallo\nc = y\n", (2, 3)),
            ("a = x\nb\nc = y\n", (2, 2)),
            // variant key without `]` (noticed at the `}` of the next line)
            ("a = x\nb = { $n ->\n    [one] eins\n   *[other\n}\nc = y\n", (4, 11)),
            // unknown escape sequence
            ("a = x\nb = { \"\\q\" }\nc = y\n", (2, 8)),
        ];
        for (text, want) in cases {
            assert_eq!(syntax_positions(text).first(), Some(&want), "{text:?}");
        }
    }

    fn doc(text: &str) -> (FtlDoc, Vec<Finding>) {
        let mut f = Vec::new();
        let d = FtlDoc::parse(Path::new("x.ftl"), text.to_string(), &mut f);
        (d, f)
    }

    #[test]
    fn reports_every_syntax_error_and_keeps_parsing() {
        let (d, f) = doc("a = one\nb\nc = ok\nd = {}\ne = fine\n");
        assert_eq!(f.iter().filter(|f| f.rule == Rule::FtlSyntax).count(), 2, "{f:?}");
        assert!(d.unit("c").is_some() && d.unit("e").is_some());
        assert_eq!(f[0].line, 2);
    }

    #[test]
    fn duplicates_of_ids_and_attributes() {
        let (_, f) = doc("a = one\n    .title = t\n    .title = u\na = two\n");
        let lines: Vec<(Rule, usize)> = f.iter().map(|f| (f.rule, f.line)).collect();
        assert_eq!(lines, vec![(Rule::FtlDuplicate, 3), (Rule::FtlDuplicate, 4)]);
    }

    #[test]
    fn select_variants_are_expanded() {
        let (d, _) = doc("a = { $n ->\n    [one] One { $group }\n   *[other] Many\n}\n");
        let u = d.unit("a").unwrap();
        assert_eq!(u.variants.len(), 2);
        assert!(u.variants[0].variables.contains("group") && u.variants[0].variables.contains("n"));
        assert!(!u.variants[1].variables.contains("group"));
        assert_eq!(u.variants[1].markdown, "Many");
    }

    #[test]
    fn resolved_text_inlines_literals_and_escapes() {
        let (d, _) = doc("a = x { \"{\" }y{ \"\\u007D\" } { $v } { \"\\\"q\\\\\" }\n");
        assert_eq!(d.unit("a").unwrap().variants[0].resolved, "x {y} `x` \"q\\");
    }
}
