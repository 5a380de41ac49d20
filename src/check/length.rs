//! Truncated and doubled text. `length-ratio`: a translation far shorter or longer than
//! English, measured against its locale's usual ratio (the median over the locale's own
//! messages, so German's longer words and Japanese's shorter script need no table).
//! `repeated-text`: a sentence said twice, or a run of words repeated back to back, where
//! English says it once.

use super::finding::{Finding, Rule};
use super::ftl::{FtlDoc, Unit, Variant};
use super::markdown_tokens::prose;
use super::numbers::value_place;

/// English prose shorter than this (in characters) is not measured: short strings vary too
/// much between languages.
pub const MIN_ENGLISH: usize = 40;
/// Messages a locale needs before its own median ratio is trusted.
const MIN_SAMPLES: usize = 8;
/// Bounds on (ratio / the locale's median ratio). The shipped de and es translations span
/// 0.76 to 1.34 (README, check).
const SHORT: f64 = 0.6;
const LONG: f64 = 1.7;
/// Bounds on the raw ratio for a locale with too few messages to measure its median.
const SHORT_UNCALIBRATED: f64 = 0.3;
const LONG_UNCALIBRATED: f64 = 2.5;

/// The length ratio of one locale: the median of translated / English prose length over its
/// messages with enough English text (`None` below [`MIN_SAMPLES`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct LocaleRatio(Option<f64>);

impl LocaleRatio {
    /// Measures the ratio over (English, translation) pairs of variants.
    pub fn measure<'a>(pairs: impl Iterator<Item = (&'a Variant, &'a Variant)>) -> LocaleRatio {
        let mut ratios: Vec<f64> = pairs.filter_map(|(en, tr)| ratio(en, tr)).collect();
        if ratios.len() < MIN_SAMPLES {
            return LocaleRatio(None);
        }
        ratios.sort_by(f64::total_cmp);
        LocaleRatio(Some(ratios[ratios.len() / 2]))
    }
}

/// Prose length in characters, spaces collapsed.
fn length(markdown: &str) -> usize {
    prose(markdown).split_whitespace().map(|w| w.chars().count() + 1).sum()
}

fn ratio(en: &Variant, tr: &Variant) -> Option<f64> {
    let e = length(&en.markdown);
    (e >= MIN_ENGLISH).then(|| length(&tr.markdown) as f64 / e as f64)
}

/// Checks the length of one translated variant and its repetitions.
pub fn check_variant(
    locale_ratio: LocaleRatio,
    doc: &FtlDoc,
    unit: &Unit,
    en: &Variant,
    tr: &Variant,
    out: &mut Vec<Finding>,
) {
    if repeated(doc, unit, en, tr, out) {
        return;
    }
    let Some(r) = ratio(en, tr) else { return };
    let (rel, short, long) = match locale_ratio.0 {
        Some(median) => (r / median, SHORT, LONG),
        None => (r, SHORT_UNCALIBRATED, LONG_UNCALIBRATED),
    };
    if rel >= short && rel <= long {
        return;
    }
    let how = if rel < short { "shorter" } else { "longer" };
    let usual = locale_ratio.0.map_or(String::new(), |m| {
        format!(", where this locale's translations are usually {m:.2} times as long")
    });
    out.push(Finding::new(
        Rule::LengthRatio,
        value_place(doc, unit),
        format!("`{}`: the translation is {r:.2} times as long as English{usual}: far {how}, text was probably {}", unit.key, if rel < short { "cut off" } else { "doubled or added" }),
        tr.markdown.clone(),
        "compare it with English sentence by sentence",
    ));
}

/// Reports a sentence or a back-to-back run of words the translation repeats and English does
/// not; true when one was reported.
fn repeated(doc: &FtlDoc, unit: &Unit, en: &Variant, tr: &Variant, out: &mut Vec<Finding>) -> bool {
    let tr_prose = prose(&tr.markdown);
    let en_prose = prose(&en.markdown);
    // Runs are words joined by single spaces; English is searched the same way (its words
    // may be apart by a line break or a no-break space).
    let en_words = en_prose.split_whitespace().collect::<Vec<_>>().join(" ");
    let found = repeated_sentence(&tr_prose)
        .filter(|s| repeated_sentence(&en_prose).as_deref() != Some(s.as_str()))
        .or_else(|| repeated_run(&tr_prose).filter(|run| !en_words.contains(run.as_str())));
    let Some(text) = found else { return false };
    let shown = text.replace(super::markdown_tokens::CODE_MARK, "…");
    let needle = text.split(super::markdown_tokens::CODE_MARK).next().unwrap_or("").trim();
    // the repetition: the second occurrence of the repeated text's start
    let body = doc.text.get(unit.span.clone()).unwrap_or("");
    let second = body.match_indices(needle).nth(1).map(|(i, _)| unit.span.start + i);
    let place = match second.filter(|_| !needle.is_empty()) {
        Some(at) => super::finding::Place::at_offset(&doc.path, &doc.text, at),
        None => doc.place_of(unit, needle),
    };
    out.push(Finding::new(
        Rule::RepeatedText,
        place,
        format!("`{}`: \"{shown}\" is repeated; English says it once", unit.key),
        shown,
        "delete the repetition",
    ));
    true
}

/// The first sentence (three words or more) that occurs twice in `text`.
fn repeated_sentence(text: &str) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for s in text.split_inclusive(['.', '!', '?', '。']) {
        let norm = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if norm.split(' ').filter(|w| w.chars().any(char::is_alphabetic)).count() < 3 {
            continue;
        }
        if seen.contains(&norm) {
            return Some(norm);
        }
        seen.push(norm);
    }
    None
}

/// The first run of words said twice back to back: one word of six letters or more
/// (`erstellten erstellten`), or two words or more with five letters or more in all (`de los
/// de los`). German's `die die` (two short words) is grammar, not a repetition.
fn repeated_run(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let key = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    for len in 1..=(words.len() / 2).min(12) {
        for i in 0..=words.len() - 2 * len {
            let a = &words[i..i + len];
            let b = &words[i + len..i + 2 * len];
            let letters: usize =
                a.iter().map(|w| w.chars().filter(|c| c.is_alphabetic()).count()).sum();
            let enough = if len == 1 { letters >= 6 } else { letters >= 5 };
            // a word ending a sentence or clause before its repetition is not a stutter
            let broken = a.last().is_some_and(|w| w.ends_with(['.', ',', ';', ':', '!', '?']));
            if enough
                && !broken
                && a.iter().zip(b).all(|(x, y)| key(x) == key(y) && !key(x).is_empty())
            {
                return Some(words[i..i + 2 * len].join(" "));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeated_sentences_and_runs() {
        assert_eq!(repeated_sentence("A b c. D e f. A b c."), Some("A b c.".to_string()));
        assert_eq!(repeated_sentence("A b. A b."), None);
        assert_eq!(
            repeated_run("gibt die neu erstellte die neu erstellte Ressource"),
            Some("die neu erstellte die neu erstellte".to_string())
        );
        assert_eq!(repeated_run("die die Rolle"), None);
        assert_eq!(repeated_run("los de los de los"), Some("los de los de".to_string()));
        assert_eq!(repeated_run("Typ gruppe. Gruppe"), None);
    }

    #[test]
    fn a_repetition_english_has_too_is_none_whatever_spaces_english_uses() {
        let text = "items with ipad. /search?q=iphone\u{a0}ipad /search?q=iphone,\u{a0}ipad Done";
        let parse = |text: &str| {
            let text = format!("m = {text}\n");
            super::super::ftl::FtlDoc::parse(std::path::Path::new("m.ftl"), text, &mut Vec::new())
        };
        let doc = parse(text);
        let (unit, v) = (&doc.units[0], &doc.units[0].variants[0]);
        assert!(repeated_run(&prose(&v.markdown)).is_some(), "the text repeats a run");
        assert!(!repeated(&doc, unit, v, v, &mut Vec::new()), "but so does English");
    }
}
