//! `term-moved`: variables (spec terms such as `{ $owner }`) and code spans that are all there, as often as in
//! English, but in other sentences. Exchanging `owner` and `guest` between two sentences keeps
//! every count right and reverses the rule the text states. Sentences are compared one to one
//! only when English and the translation have as many (a translation that splits or joins
//! sentences is not judged), so a reordering inside one sentence (grammar) is never reported.

use super::finding::{Finding, Place, Rule};
use super::ftl::{FtlDoc, Unit, Variant};
use pulldown_cmark::{Event, Parser, TagEnd};
use std::collections::BTreeMap;

/// What one sentence names: each variable or code span and how often.
type Items = BTreeMap<String, usize>;

/// Checks one translated variant against its English variant.
pub fn check_variant(
    doc: &FtlDoc,
    unit: &Unit,
    en: &Variant,
    tr: &Variant,
    out: &mut Vec<Finding>,
) {
    let (en_s, tr_s) = (sentences(&en.markdown), sentences(&tr.markdown));
    if en_s.len() != tr_s.len() || en_s.len() < 2 || total(&en_s) != total(&tr_s) {
        return;
    }
    for (i, (e, t)) in en_s.iter().zip(&tr_s).enumerate() {
        let Some((item, _)) = t.iter().find(|(k, n)| e.get(*k).copied().unwrap_or(0) < **n) else {
            continue;
        };
        let home = en_s.iter().position(|s| s.contains_key(item)).map_or(0, |p| p + 1);
        let lost: Vec<&str> = e
            .iter()
            .filter(|(k, n)| t.get(*k).copied().unwrap_or(0) < **n)
            .map(|(k, _)| k.as_str())
            .collect();
        let before: usize = tr_s[..i].iter().filter_map(|s| s.get(item)).sum();
        out.push(Finding::new(
            Rule::TermMoved,
            place_of_nth(doc, unit, item, before),
            format!(
                "`{}`: {item} is in sentence {} here but English has it in sentence {home}{}: the terms were moved, which changes what the text says",
                unit.key,
                i + 1,
                if lost.is_empty() { String::new() } else { format!(" (sentence {} of English names {})", i + 1, lost.join(", ")) },
            ),
            item.clone(),
            "put every term and code span in the sentence that names it in English",
        ));
        return;
    }
}

fn total(sentences: &[Items]) -> Items {
    let mut all = Items::new();
    for s in sentences {
        for (k, n) in s {
            *all.entry(k.clone()).or_insert(0) += n;
        }
    }
    all
}

/// The items of each sentence of `markdown`, in order.
fn sentences(markdown: &str) -> Vec<Items> {
    let mut out = vec![Items::new()];
    let mut pending_end = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Code(c) => {
                if pending_end {
                    out.push(Items::new());
                    pending_end = false;
                }
                *out.last_mut().expect("one sentence").entry(format!("`{c}`")).or_insert(0) += 1;
            }
            Event::Text(t) => text_items(&t, &mut out, &mut pending_end),
            Event::End(TagEnd::Paragraph) => pending_end = true,
            _ => {}
        }
    }
    out
}

/// Adds the variables of a text run to the current sentence, opening a new one after
/// each sentence end.
fn text_items(text: &str, out: &mut Vec<Items>, pending_end: &mut bool) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if *pending_end && !c.is_whitespace() {
            out.push(Items::new());
            *pending_end = false;
        }
        if c == '{' {
            if let Some(name) = variable_at(&text[i..]) {
                let key = format!("{{ ${name} }}");
                *out.last_mut().expect("one sentence").entry(key).or_insert(0) += 1;
            }
        }
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if is_sentence_end(c) && next.is_none_or(char::is_whitespace) && !abbreviation(&text[..i]) {
            *pending_end = true;
        }
        k += 1;
    }
}

/// The variable name of a `{ $name }` placeable at the start of `s`.
fn variable_at(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('{')?.trim_start().strip_prefix('$')?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    rest[end..].trim_start().starts_with('}').then_some(&rest[..end])
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '؟' | '।')
}

/// True when the word before a full stop is an abbreviation (`z.`, `B.`, `p. ej.`, `e.g.`,
/// `etc.`): at most three lower-case letters, one letter, or a word with an inner dot.
fn abbreviation(before: &str) -> bool {
    let word: &str = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    if word.is_empty() || !word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false;
    }
    let letters = word.chars().count();
    word.contains('.') || letters == 1 || (letters <= 3 && word.chars().all(char::is_lowercase))
}

/// The place of the `n`-th (0-based) occurrence of `item` in the unit's source text: a code
/// span as written, a variable as `$name`.
fn place_of_nth<'a>(doc: &'a FtlDoc, unit: &Unit, item: &str, n: usize) -> Place<'a> {
    let needle = match item.strip_prefix("{ ") {
        Some(v) => v.trim_end_matches(" }").to_string(),
        None => item.to_string(),
    };
    let body = doc.text.get(unit.span.clone()).unwrap_or("");
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let found = body
        .match_indices(needle.as_str())
        .filter(|(i, _)| !needle.starts_with('$') || !body[i + needle.len()..].starts_with(is_name))
        .nth(n)
        .map(|(i, _)| unit.span.start + i);
    match found {
        Some(at) => Place::at_offset(&doc.path, &doc.text, at),
        None => doc.place_of(unit, &needle),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_full_stops_but_not_abbreviations() {
        let s = sentences("Use { $owner }, z. B. for `x`. Then { $guest }! Done.");
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0].len(), 2);
        assert!(s[1].contains_key("{ $guest }"));
    }
}
