//! Protected terms: the names the spec and schema define (properties, types, enum values,
//! allowed values such as roles, permissions, headers, status codes). Where English names one
//! (as a `{ $term }` variable or a code span) the translation must name it verbatim, as often,
//! never glued to a letter and never as bare text.

use super::finding::{Finding, Rule};
use super::ftl::{FtlDoc, Unit, Variant};
use super::markdown_tokens::{is_letter, tokens, without_placeables, words, Tokens, CODE_MARK};
use crate::localize::page::terms;
use crate::spec::Site;
use std::collections::{BTreeMap, BTreeSet};

/// The terms one message file may use.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Variable names that stand for spec terms (`group`, `body-type`).
    pub variables: BTreeSet<String>,
    /// Literal spec words (`group`, `Chat.Create`, `201 Created`).
    pub words: BTreeSet<String>,
}

/// Vocabularies by message-file stem: each operation's own, and the union for shared files.
#[derive(Debug, Clone, Default)]
pub struct Vocabularies {
    by_operation: BTreeMap<String, Vocabulary>,
    shared: Vocabulary,
}

impl Vocabularies {
    /// Builds the vocabularies of every operation of the site.
    pub fn new(site: &Site) -> Vocabularies {
        let mut v = Vocabularies::default();
        for op in &site.operations {
            let mut voc = Vocabulary::default();
            for (name, code) in terms(op, &site.schema) {
                voc.variables.insert(name);
                voc.words.insert(code.trim_matches('`').trim().to_string());
            }
            let p = &op.spec.permissions;
            voc.words.extend(
                [&p.delegated_work, &p.delegated_personal, &p.application]
                    .into_iter()
                    .flat_map(|l| l.all()),
            );
            v.shared.variables.extend(voc.variables.iter().cloned());
            v.shared.words.extend(voc.words.iter().cloned());
            v.by_operation.insert(op.id().to_string(), voc);
        }
        v
    }

    /// The vocabulary of message file `stem`.
    pub fn for_file(&self, stem: &str) -> &Vocabulary {
        self.by_operation.get(stem).unwrap_or(&self.shared)
    }
}

/// Counts of each term a variant names: `{ $x }` variables and code spans equal to a term word.
fn term_counts(voc: &Vocabulary, v: &Variant, tok: &Tokens) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut rest = v.markdown.as_str();
    while let Some(i) = rest.find("{ $") {
        let after = &rest[i + 3..];
        let end = after.find(" }").unwrap_or(after.len());
        let name = &after[..end];
        if voc.variables.contains(name) {
            *counts.entry(format!("{{ ${name} }}")).or_insert(0) += 1;
        }
        rest = &after[end..];
    }
    for span in &tok.code_spans {
        if voc.words.contains(span) {
            *counts.entry(format!("`{span}`")).or_insert(0) += 1;
        }
    }
    counts
}

/// The bare word a counted term stands for (`{ $guest }` -> `guest`).
fn bare(term: &str) -> &str {
    term.trim_start_matches("{ $").trim_end_matches(" }").trim_matches('`')
}

/// Checks one translated variant against its English variant.
pub fn check_variant(
    voc: &Vocabulary,
    doc: &FtlDoc,
    unit: &Unit,
    en: &Variant,
    tr: &Variant,
    out: &mut Vec<Finding>,
) {
    let (en_tok, tr_tok) = (tokens(&en.markdown), tokens(&tr.markdown));
    let en_counts = term_counts(voc, en, &en_tok);
    let tr_counts = term_counts(voc, tr, &tr_tok);
    let prose = without_placeables(&tr_tok.text);
    let tr_words = words(&prose);
    for (term, &n) in &en_counts {
        let word = bare(term);
        let have = tr_counts.get(term).copied().unwrap_or(0);
        let unquoted = tr_words.iter().any(|(_, w)| *w == word);
        // A word that merely contains the term (German `Fehlercode` beside `{ $code }`) is a
        // compound, not the term glued in: only a term the translation lacks can be glued.
        let glued = have < n && glued_words(doc, unit, word, &tr_words, out);
        if have < n && unquoted {
            out.push(Finding::new(
                Rule::TermUnquoted,
                doc.place_of_word(unit, word),
                format!(
                    "`{}`: spec term `{word}` is plain text here; English writes {term}",
                    unit.key
                ),
                word,
                format!("write {term} instead of the bare word"),
            ));
        } else if have < n && !glued {
            out.push(Finding::new(Rule::TermMissing, doc.place(unit), format!("`{}`: spec term {term} appears {n} time(s) in English but {have} time(s) here (translated or dropped?)", unit.key), tr.markdown.clone(), format!("keep {term} verbatim; spec terms are never translated")));
        }
    }
    for (term, &n) in &tr_counts {
        if n > en_counts.get(term).copied().unwrap_or(0) {
            out.push(Finding::new(
                Rule::TermMissing,
                doc.place_of(unit, term),
                format!(
                    "`{}`: spec term {term} appears {n} time(s) here but {} time(s) in English",
                    unit.key,
                    en_counts.get(term).copied().unwrap_or(0)
                ),
                term.clone(),
                "use the spec terms of the English message, as often",
            ));
        }
    }
    glued_placeables(voc, doc, unit, &tr_tok.text, out);
    glued_code_spans(doc, unit, &en_tok, &tr_tok, out);
    displaced(doc, unit, &en_tok.text, &tr_tok.text, out);
}

/// Code spans directly touching a letter (`` `warnings`property ``, which reads
/// "warningsproperty", or the seed's `` `guest`zugewiesen ``), more often than English glues
/// the same span.
fn glued_code_spans(doc: &FtlDoc, unit: &Unit, en: &Tokens, tr: &Tokens, out: &mut Vec<Finding>) {
    let en_glued = glued_spans(en);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (span, shown) in glued_spans(tr) {
        let n = seen.entry(span).or_insert(0);
        *n += 1;
        if *n <= en_glued.iter().filter(|(s, _)| *s == span).count() {
            continue;
        }
        out.push(Finding::new(
            Rule::TermGlued,
            doc.place_of(unit, &format!("`{span}`")),
            format!("`{}`: code span `{span}` is glued to a letter: `{shown}`", unit.key),
            shown,
            "put a space or a hyphen between the code span and the word",
        ));
    }
}

/// Each code span of `tok` glued to a word of two letters or more, and how it reads there. A
/// single letter is an inflection (`` des `Member`s ``), and scripts that put no spaces
/// between words (`` `owner`プロパティ ``) glue every code span.
fn glued_spans(tok: &Tokens) -> Vec<(&str, String)> {
    let chars: Vec<char> = tok.text.chars().collect();
    let marks = chars.iter().enumerate().filter(|(_, &c)| c == CODE_MARK).map(|(i, _)| i);
    marks
        .zip(&tok.code_spans)
        .filter_map(|(i, span)| {
            let before: String = chars[..i].iter().rev().take_while(|&&c| is_letter(c)).collect();
            let after: String = chars[i + 1..].iter().take_while(|&&c| is_letter(c)).collect();
            let before: String = before.chars().rev().collect();
            let glued = |w: &str| w.chars().count() >= 2 && !w.chars().any(spaceless_script);
            (glued(&before) || glued(&after))
                .then(|| (span.as_str(), format!("{before}`{span}`{after}")))
        })
        .collect()
}

/// Words that start or end with `word` and carry extra letters (`guestzugewiesen`); true when
/// one was reported.
fn glued_words(
    doc: &FtlDoc,
    unit: &Unit,
    word: &str,
    tr_words: &[(usize, &str)],
    out: &mut Vec<Finding>,
) -> bool {
    let mut found = false;
    if word.chars().count() < 3 {
        return found;
    }
    for (_, w) in tr_words {
        let extra = w.strip_prefix(word).or_else(|| w.strip_suffix(word));
        if let Some(extra) = extra {
            if extra.chars().count() >= 2 && extra.chars().all(is_letter) {
                out.push(Finding::new(
                    Rule::TermGlued,
                    doc.place_of(unit, w),
                    format!(
                        "`{}`: spec term `{word}` is glued to other letters in `{w}`",
                        unit.key
                    ),
                    *w,
                    format!("separate `{word}` with a space or hyphen and keep it a variable"),
                ));
                found = true;
            }
        }
    }
    found
}

/// `{ $term }` placeables directly touching a letter.
fn glued_placeables(
    voc: &Vocabulary,
    doc: &FtlDoc,
    unit: &Unit,
    text: &str,
    out: &mut Vec<Finding>,
) {
    let mut from = 0;
    while let Some(i) = text[from..].find("{ $").map(|i| i + from) {
        let Some(close) = text[i..].find(" }").map(|c| i + c + 2) else { break };
        let name = &text[i + 3..close - 2];
        let before = text[..i].chars().next_back();
        let after = text[close..].chars().next();
        if voc.variables.contains(name)
            && (before.is_some_and(is_letter) || after.is_some_and(is_letter))
        {
            let shown = format!(
                "{}{}{}",
                before.filter(|&c| is_letter(c)).map(String::from).unwrap_or_default(),
                &text[i..close],
                after.filter(|&c| is_letter(c)).map(String::from).unwrap_or_default()
            );
            out.push(Finding::new(
                Rule::TermGlued,
                doc.place_of(unit, &shown),
                format!(
                    "`{}`: spec term {} is glued to a letter: `{shown}`",
                    unit.key,
                    &text[i..close]
                ),
                shown,
                "put a space or a hyphen between the variable and the word",
            ));
        }
        from = close;
    }
}

/// Whitespace before `.` or `,` (after a word, a placeable or a code span) more often than in
/// English: a dropped or moved token. A code span right before the punctuation is no gap (it
/// stands as [`CODE_MARK`] in the text), so neither English's `` `x`, `` nor a translated
/// sentence ending in a code span hides or fakes one.
fn displaced(doc: &FtlDoc, unit: &Unit, en: &str, tr: &str, out: &mut Vec<Finding>) {
    let (en_gaps, tr_gaps) = (gaps(en), gaps(tr));
    if tr_gaps.len() <= en_gaps.len() {
        return;
    }
    let en_snippets: Vec<&str> = en_gaps.iter().map(|&(s, e)| &en[s..e]).collect();
    let extra = tr_gaps
        .iter()
        .find(|&&(s, e)| !en_snippets.contains(&&tr[s..e]))
        .or(tr_gaps.get(en_gaps.len()));
    let Some(&(start, end)) = extra else { return };
    let snippet = &tr[start..end];
    let needle = snippet.replace(CODE_MARK, "`");
    let shown = snippet.replace(CODE_MARK, "`…`");
    let c = snippet.chars().last().unwrap_or('.');
    out.push(Finding::new(Rule::DisplacedToken, doc.place_of(unit, &needle), format!("`{}`: space before `{c}` in \"{shown}\": a term or code token was probably moved or dropped", unit.key), shown, "compare the sentence with English and put the token back where the grammar needs it"));
}

/// Byte ranges of the gaps of `s`: `word .` and `word ,`, from the word's start.
fn gaps(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, c) in s.char_indices() {
        let before = s[..i].trim_end().chars().next_back();
        let after_word = before.is_some_and(|p| p.is_alphanumeric() || p == '}' || p == CODE_MARK);
        if (c == '.' || c == ',') && s[..i].ends_with(' ') && after_word {
            let start = s[..i]
                .trim_end()
                .char_indices()
                .rev()
                .take_while(|(_, ch)| !ch.is_whitespace())
                .last()
                .map_or(0, |(j, _)| j);
            out.push((start, i + 1));
        }
    }
    out
}

/// True for a letter of a script written without spaces between words: Han, Hiragana,
/// Katakana, Hangul, Thai, Lao, Khmer, Myanmar.
fn spaceless_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3040..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_glued_to_a_word_and_not_to_an_inflection_or_a_spaceless_script() {
        let glued = |md: &str| -> Vec<String> {
            glued_spans(&tokens(md)).into_iter().map(|(_, shown)| shown).collect()
        };
        assert_eq!(glued("in `Retry-After`angegebene Zeit"), vec!["`Retry-After`angegebene"]);
        assert_eq!(glued("ein zu`owner` Wert"), vec!["zu`owner`"]);
        for fine in ["des `Member`s", "`$filter`-Abfragen", "`owner`プロパティ", "`a`, `b`."] {
            assert!(glued(fine).is_empty(), "{fine}");
        }
    }
}
