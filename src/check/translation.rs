//! Translations, each locale against the source locale: missing and obsolete files, messages
//! and attributes; variables and references per select variant; code spans; links, emphasis
//! and raw HTML; identical and empty values. Protected terms are delegated to [`super::terms`].
//! Message files and allowlists that are symbolic links are reported, never followed.

use super::finding::{rel, Finding, Place, Rule};
use super::ftl::{FtlDoc, Unit, Variant};
use super::link_target::localized_target;
use super::markdown_tokens::tokens;
use super::terms::{check_variant, Vocabularies, Vocabulary};
use crate::localize::variables::{code_arguments, hint, variable_offset};
use crate::localize::SOURCE_LOCALE;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Name of the per-locale allowlist file inside `locales/<locale>/`.
pub const ALLOW_FILE: &str = "polydoc-allow.yaml";

/// `locales/<locale>/polydoc-allow.yaml`: exceptions a locale's reviewers accepted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// Message ids (or `id.attr`) whose translation may equal the English text.
    #[serde(default)]
    pub identical: Vec<String>,
}

/// All message files of one locale, by stem.
#[derive(Debug, Clone)]
pub struct LocaleFiles {
    /// Locale code.
    pub code: String,
    /// Parsed files by stem.
    pub files: BTreeMap<String, FtlDoc>,
    /// The allowlist.
    pub allow: Allow,
}

/// Loads every `.ftl` of `locales/<code>/`, reporting syntax errors and duplicates, and
/// symbolic links, which are not followed (a locale folder that is one is refused).
pub fn load_locale(
    root: &Path,
    code: &str,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<LocaleFiles> {
    let dir = root.join("locales").join(code);
    crate::fsafe::refuse_symlinks(&dir, &rel(&["locales", code]))?;
    let mut files = BTreeMap::new();
    let entries = crate::localize::ftl_entries(&dir)?;
    for path in &entries.files {
        let relp = rel(&["locales", code, &file_name(path)]);
        let text = crate::fsafe::read_listed(path, &relp)?;
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        files.insert(stem, FtlDoc::parse(&relp, text, findings));
    }
    for path in &entries.links {
        findings.push(Finding::source_symlink(&rel(&["locales", code, &file_name(path)])));
    }
    let allow = load_allow(&dir, code, findings)?;
    Ok(LocaleFiles { code: code.to_string(), files, allow })
}

/// Reads `locales/<code>/polydoc-allow.yaml` when there is one; one that is a symbolic link is
/// reported and not read (nothing is allowed then).
fn load_allow(dir: &Path, code: &str, findings: &mut Vec<Finding>) -> anyhow::Result<Allow> {
    let path = dir.join(ALLOW_FILE);
    let relp = rel(&["locales", code, ALLOW_FILE]);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => findings.push(Finding::source_symlink(&relp)),
        Ok(m) if m.is_file() => {
            return crate::spec::load::parse_yaml(&relp, &crate::fsafe::read_listed(&path, &relp)?)
        }
        _ => {}
    }
    Ok(Allow::default())
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

/// Checks every unit of the source locale on its own (raw HTML, empty values, markup,
/// unknown variables).
pub fn check_source(en: &LocaleFiles, vocab: &Vocabularies, out: &mut Vec<Finding>) {
    for (stem, doc) in &en.files {
        super::characters::check_doc(doc, &en.code, out);
        let voc = vocab.for_file(stem);
        for unit in &doc.units {
            for v in &unit.variants {
                check_alone(doc, unit, v, out);
            }
            let used: BTreeSet<&String> = unit.variants.iter().flat_map(|v| &v.variables).collect();
            for name in used {
                if is_unknown(voc, &unit.key, name) {
                    out.push(unknown_variable(doc, unit, name, known(voc, &unit.key, None)));
                }
            }
        }
    }
}

/// The message id of a unit key (`id` of `id.attr`).
fn message_id(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// True when variable `name` of unit `key` is neither a spec term nor an argument the code
/// passes to that message: formatting it fails in the build.
fn is_unknown(voc: &Vocabulary, key: &str, name: &str) -> bool {
    !voc.variables.contains(name) && !code_arguments(message_id(key)).contains(&name)
}

/// The variables unit `key` may use: spec terms, code arguments, and the English unit's own.
fn known<'a>(voc: &'a Vocabulary, key: &str, en: Option<&'a Unit>) -> Vec<&'a str> {
    let mut names: Vec<&str> = voc.variables.iter().map(String::as_str).collect();
    names.extend(code_arguments(message_id(key)));
    names.extend(
        en.into_iter().flat_map(|u| &u.variants).flat_map(|v| &v.variables).map(String::as_str),
    );
    names
}

/// The `variables` finding for unknown variable `name` in `unit`: a caret at `$name` and the
/// closest known variable as the hint.
fn unknown_variable(doc: &FtlDoc, unit: &Unit, name: &str, known: Vec<&str>) -> Finding {
    let at = variable_offset(&doc.text, unit.offset, unit.span.end, name).unwrap_or(unit.offset);
    Finding::new(
        Rule::Variables,
        Place::at_offset(&doc.path, &doc.text, at),
        format!(
            "`{}`: unknown variable `${name}` (not a spec term of this operation, nor an argument polydoc passes to this message)",
            unit.key
        ),
        format!("${name}"),
        hint(name, known),
    )
}

/// Checks one translated locale against the source locale.
pub fn check_locale(
    en: &LocaleFiles,
    tr: &LocaleFiles,
    vocab: &Vocabularies,
    out: &mut Vec<Finding>,
) {
    let ctx = TextContext { locale: &tr.code, ratio: locale_ratio(en, tr) };
    for (stem, en_doc) in &en.files {
        let Some(tr_doc) = tr.files.get(stem) else {
            out.push(Finding::new(
                Rule::MissingFile,
                Place { file: &en_doc.path, source: None, line: 1, column: 1 },
                format!("locale `{}` has no locales/{}/{stem}.ftl", tr.code, tr.code),
                stem.clone(),
                format!(
                    "create locales/{}/{stem}.ftl with a translation of every message",
                    tr.code
                ),
            ));
            continue;
        };
        check_file(en_doc, tr_doc, &tr.allow, vocab.for_file(stem), &ctx, out);
    }
    for (stem, tr_doc) in &tr.files {
        super::characters::check_doc(tr_doc, &tr.code, out);
        if !en.files.contains_key(stem) {
            out.push(Finding::new(
                Rule::ObsoleteFile,
                Place { file: &tr_doc.path, source: None, line: 1, column: 1 },
                format!("locales/{}/{stem}.ftl has no English counterpart", tr.code),
                stem.clone(),
                "delete the file or rename it to match an English file",
            ));
        }
    }
}

/// What the text checks of one locale need: its code and its usual length ratio to English.
struct TextContext<'a> {
    locale: &'a str,
    ratio: super::length::LocaleRatio,
}

/// The locale's usual length ratio, over every unit both locales have.
fn locale_ratio(en: &LocaleFiles, tr: &LocaleFiles) -> super::length::LocaleRatio {
    let pairs = en.files.iter().filter_map(|(stem, e)| Some((e, tr.files.get(stem)?)));
    let units = pairs.flat_map(|(e, t)| {
        let by_key = t.by_key();
        e.units
            .iter()
            .filter_map(move |u| Some((u, *by_key.get(u.key.as_str())?)))
            .collect::<Vec<_>>()
    });
    let variants: Vec<(&Variant, &Variant)> = units
        .flat_map(|(e, t)| (0..t.variants.len()).map(move |i| (paired(e, t, i), &t.variants[i])))
        .collect();
    super::length::LocaleRatio::measure(variants.into_iter())
}

fn check_file(
    en: &FtlDoc,
    tr: &FtlDoc,
    allow: &Allow,
    voc: &Vocabulary,
    ctx: &TextContext,
    out: &mut Vec<Finding>,
) {
    let tr_units = tr.by_key();
    let en_units = en.by_key();
    let obsolete: Vec<&str> =
        tr.units.iter().map(|u| u.key.as_str()).filter(|k| !en_units.contains_key(k)).collect();
    let missing: Vec<&str> =
        en.units.iter().map(|u| u.key.as_str()).filter(|k| !tr_units.contains_key(k)).collect();
    for en_unit in &en.units {
        match tr_units.get(en_unit.key.as_str()) {
            None => {
                let renamed = renamed_from(&en_unit.key, &obsolete, tr);
                let (also, hint) = match &renamed {
                    Some((key, line)) => (
                        format!("; `{key}` on line {line} of it looks like this message renamed"),
                        format!("rename `{key}` (line {line}) to `{}`", en_unit.key),
                    ),
                    None => {
                        (String::new(), format!("add `{}` to {}", en_unit.key, tr.path.display()))
                    }
                };
                out.push(Finding::new(
                    Rule::MissingMessage,
                    en.place(en_unit),
                    format!("`{}` is not translated in {}{also}", en_unit.key, tr.path.display()),
                    en_unit.text.clone(),
                    hint,
                ));
            }
            Some(tr_unit) => check_unit(en_unit, tr, tr_unit, allow, voc, ctx, out),
        }
    }
    for tr_unit in &tr.units {
        if !en_units.contains_key(tr_unit.key.as_str()) {
            let renamed = renamed_from(&tr_unit.key, &missing, en);
            let (also, hint) = match renamed {
                Some((key, line)) => (
                    format!(" (English `{key}`, line {line}, is missing here: renamed?)"),
                    format!("rename it to `{key}`"),
                ),
                None => (
                    String::new(),
                    "delete it, or rename it to the English id it translates".into(),
                ),
            };
            out.push(Finding::new(
                Rule::ObsoleteMessage,
                tr.place(tr_unit),
                format!("`{}` does not exist in {}{also}", tr_unit.key, en.path.display()),
                tr_unit.text.clone(),
                hint,
            ));
        }
    }
}

/// The id among `candidates` (defined in `doc`) that `key` was probably renamed from or to
/// (closest by edit distance, like a "did you mean"), with its line in `doc`.
fn renamed_from(key: &str, candidates: &[&str], doc: &FtlDoc) -> Option<(String, usize)> {
    let close = crate::localize::variables::closest(key, candidates.iter().copied())?;
    let unit = doc.unit(close)?;
    Some((close.to_string(), crate::diag::line_col(&doc.text, unit.offset).0))
}

/// The English variant a translated variant is compared with: same index when both have the
/// same number of variants (same select keys), otherwise the English default (last) variant.
fn paired<'a>(en: &'a Unit, tr: &Unit, index: usize) -> &'a Variant {
    if en.variants.len() == tr.variants.len() {
        &en.variants[index]
    } else {
        en.variants.last().expect("a unit has at least one variant")
    }
}

fn check_unit(
    en: &Unit,
    tr_doc: &FtlDoc,
    tr: &Unit,
    allow: &Allow,
    voc: &Vocabulary,
    ctx: &TextContext,
    out: &mut Vec<Finding>,
) {
    let message_id = tr.key.split('.').next().unwrap_or(&tr.key);
    let allowed = allow.identical.iter().any(|a| a == &tr.key || a == message_id);
    let mut text_findings = Vec::new();
    for (i, tv) in tr.variants.iter().enumerate() {
        let ev = paired(en, tr, i);
        check_alone(tr_doc, tr, tv, out);
        check_variables(en, tr_doc, tr, tv, voc, out);
        check_code_spans(tr_doc, tr, ev, tv, voc, out);
        check_links_markup((tr_doc, tr), ctx.locale, ev, tv, out);
        check_variant(voc, tr_doc, tr, ev, tv, out);
        super::term_order::check_variant(tr_doc, tr, ev, tv, &mut text_findings);
        super::numbers::check_variant(ctx.locale, tr_doc, tr, ev, tv, &mut text_findings);
        super::length::check_variant(ctx.ratio, tr_doc, tr, ev, tv, &mut text_findings);
    }
    if !allowed {
        let longest = (0..tr.variants.len())
            .max_by_key(|&i| tr.variants[i].markdown.len())
            .expect("a unit has at least one variant");
        let (ev, tv) = (paired(en, tr, longest), &tr.variants[longest]);
        super::language::check_unit(ctx.locale, tr_doc, tr, ev, tv, &mut text_findings);
    }
    // Select variants repeating the same text report it once.
    for f in text_findings {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    if tr.text == en.text && has_words(&en.text) && !allowed {
        out.push(Finding::new(Rule::Identical, tr_doc.place(tr), format!("`{}` is identical to English", tr.key), tr.text.clone(), format!("translate it, or list `{}` under `identical:` in locales/<locale>/polydoc-allow.yaml", tr.key)));
    }
}

/// True when text outside placeables has a letter.
fn has_words(text: &str) -> bool {
    let mut depth = 0;
    text.chars().any(|c| {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        depth == 0 && c.is_alphabetic()
    })
}

/// Checks that hold for any message alone: not empty, no raw HTML, no unsafe link, no
/// MDX-active syntax.
fn check_alone(doc: &FtlDoc, unit: &Unit, v: &Variant, out: &mut Vec<Finding>) {
    if v.markdown.trim().is_empty() && v.variables.is_empty() && v.references.is_empty() {
        out.push(Finding::new(
            Rule::EmptyValue,
            doc.place(unit),
            format!("`{}` has an empty value", unit.key),
            unit.text.clone(),
            "write the text, or delete the message to fall back to English",
        ));
        return;
    }
    let t = tokens(&v.markdown);
    for h in t.raw_html.iter().take(1) {
        out.push(Finding::new(
            Rule::RawHtml,
            doc.place_of(unit, h.trim()),
            format!("`{}` contains raw HTML `{}`", unit.key, h.trim()),
            h.trim(),
            "use Markdown (`code`, *emphasis*, **strong**, [links](url)); HTML is never rendered",
        ));
    }
    super::mdx::check_variant(doc, unit, v, out);
}

fn check_variables(
    en: &Unit,
    doc: &FtlDoc,
    tr: &Unit,
    tv: &Variant,
    voc: &Vocabulary,
    out: &mut Vec<Finding>,
) {
    let plain = |v: &Variant| -> BTreeSet<String> {
        let vars =
            v.variables.iter().filter(|n| !voc.variables.contains(*n)).map(|n| format!("${n}"));
        vars.chain(v.references.iter().cloned()).collect()
    };
    let union: BTreeSet<String> = en.variants.iter().flat_map(&plain).collect();
    let common: BTreeSet<String> = en
        .variants
        .iter()
        .map(&plain)
        .reduce(|a, b| a.intersection(&b).cloned().collect())
        .unwrap_or_default();
    let have = plain(tv);
    // An unknown variable of English is reported there, not as missing from translations.
    let unknown_in_english =
        |name: &str| name.strip_prefix('$').is_some_and(|n| is_unknown(voc, &en.key, n));
    for missing in common.difference(&have).filter(|m| !unknown_in_english(m)) {
        out.push(Finding::new(
            Rule::Variables,
            doc.place(tr),
            format!(
                "`{}`: `{missing}` is missing from this translation{}",
                tr.key,
                variant_note(tr)
            ),
            tv.markdown.clone(),
            format!("use {{ {missing} }} as English does"),
        ));
    }
    for added in have.difference(&union) {
        let needle = added.trim_start_matches('$');
        if added.starts_with('$') && is_unknown(voc, &tr.key, needle) {
            out.push(unknown_variable(doc, tr, needle, known(voc, &tr.key, Some(en))));
            continue;
        }
        out.push(Finding::new(Rule::Variables, doc.place_of(tr, needle), format!("`{}`: `{added}` is not used by English", tr.key), added.clone(), "remove it; a translation can only use the variables and references of the English message"));
    }
}

fn variant_note(tr: &Unit) -> &'static str {
    if tr.variants.len() > 1 {
        " (in one select variant)"
    } else {
        ""
    }
}

fn multiset(items: &[String]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i.as_str()).or_insert(0) += 1;
    }
    m
}

fn check_code_spans(
    doc: &FtlDoc,
    tr: &Unit,
    ev: &Variant,
    tv: &Variant,
    voc: &Vocabulary,
    out: &mut Vec<Finding>,
) {
    let (et, tt) = (tokens(&ev.markdown), tokens(&tv.markdown));
    let (em, tm) = (multiset(&et.code_spans), multiset(&tt.code_spans));
    for (span, &n) in &em {
        let have = tm.get(span).copied().unwrap_or(0);
        if have < n {
            let bare_present =
                super::markdown_tokens::words(&tt.text).iter().any(|(_, w)| w == span);
            let how = if bare_present {
                "lost its backticks"
            } else {
                "is missing (translated or dropped?)"
            };
            let place = if bare_present { doc.place_of_word(tr, span) } else { doc.place(tr) };
            out.push(Finding::new(
                Rule::CodeSpan,
                place,
                format!("`{}`: code span `{span}` {how} ({n} in English, {have} here)", tr.key),
                format!("`{span}`"),
                "copy every code span from English verbatim",
            ));
        }
    }
    for (span, &n) in &tm {
        if n > em.get(span).copied().unwrap_or(0) && !voc.words.contains(*span) {
            out.push(Finding::new(
                Rule::CodeSpan,
                doc.place_of(tr, &format!("`{span}`")),
                format!("`{}`: code span `{span}` is not in English", tr.key),
                format!("`{span}`"),
                "a translation adds no code; keep the English code spans only",
            ));
        }
    }
}

/// Link targets and Markdown emphasis of one variant against English's. Another site's
/// locale segment may be the translation's own or English's ([`localized_target`]).
fn check_links_markup(
    (doc, tr): (&FtlDoc, &Unit),
    locale: &str,
    ev: &Variant,
    tv: &Variant,
    out: &mut Vec<Finding>,
) {
    let (et, tt) = (tokens(&ev.markdown), tokens(&tv.markdown));
    let targets = |links: &[String]| -> Vec<String> {
        links.iter().map(|l| localized_target(l, locale, SOURCE_LOCALE)).collect()
    };
    let (en_targets, tr_targets) = (targets(&et.links), targets(&tt.links));
    let (el, tl) = (multiset(&en_targets), multiset(&tr_targets));
    if el != tl {
        let raw = |targets: &[String], links: &[String], key: &str| {
            targets.iter().position(|t| t == key).map_or(String::new(), |i| links[i].clone())
        };
        let missing: Vec<String> = el
            .keys()
            .filter(|k| tl.get(*k) != el.get(*k))
            .map(|k| raw(&en_targets, &et.links, k))
            .collect();
        let added: Vec<String> = tl
            .keys()
            .filter(|k| !el.contains_key(*k))
            .map(|k| raw(&tr_targets, &tt.links, k))
            .collect();
        let needle = added.first().or(missing.first()).map_or("", String::as_str);
        out.push(Finding::new(
            Rule::Links,
            doc.place_of(tr, needle),
            format!(
                "`{}`: link targets differ from English (missing: {missing:?}, added: {added:?})",
                tr.key
            ),
            needle,
            "link to exactly the targets English links to",
        ));
    }
    if let Some(d) = tt.stray.iter().find(|d| !et.stray.contains(d)) {
        out.push(Finding::new(
            Rule::Markup,
            doc.place_of(tr, d),
            format!("`{}`: unbalanced Markdown: `{d}` is not closed", tr.key),
            d.clone(),
            "close the delimiter as English does",
        ));
    } else if (et.strong, et.emphasis) != (tt.strong, tt.emphasis) {
        out.push(Finding::new(Rule::Markup, doc.place(tr), format!("`{}`: emphasis differs from English ({} strong and {} emphasis in English, {} and {} here)", tr.key, et.strong, et.emphasis, tt.strong, tt.emphasis), tv.markdown.clone(), "keep English's **strong** and *emphasis*"));
    }
}
