//! Messages not written in their locale's language. `untranslated`: English with small edits
//! (most of its words are English's words). `wrong-language`: the text is identified (with
//! `lingua`, restricted to the languages compiled in) as another language than the locale's,
//! Spanish in the German file. Only natural words are judged (no code, placeables, link
//! targets, acronyms or identifiers), and only messages with enough of them: short strings
//! and strings that are mostly identifiers are never reported. The thresholds are measured on
//! the shipped translations (README, check).

use super::finding::{Finding, Rule};
use super::ftl::{FtlDoc, Unit, Variant};
use super::markdown_tokens::prose;
use super::numbers::value_place;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Natural words a message needs before its language is judged (lingua is right on 98.6% of
/// the shipped and sample messages of five words or more).
pub const MIN_WORDS: usize = 5;
/// The share of a message's words that must be natural words (not identifiers).
const MIN_NATURAL_SHARE: f64 = 0.5;
/// A message is in another language when the detector gives its locale's language less than
/// this confidence (shipped de/es messages of five words or more: 0.24 at the lowest; English,
/// French, Portuguese, Italian and Dutch samples in German: 0.15 at the highest).
pub const MAX_OWN_CONFIDENCE: f64 = 0.15;
/// Share of English's words a translation may keep before it counts as English with edits
/// (shipped de/es: 0.44 at the most).
pub const MAX_SHARED_WORDS: f64 = 0.7;

/// Checks the language of one translated unit (its longest variant) in `locale`.
pub fn check_unit(
    locale: &str,
    doc: &FtlDoc,
    unit: &Unit,
    en: &Variant,
    tr: &Variant,
    out: &mut Vec<Finding>,
) {
    let lang = primary(locale);
    if lang == crate::localize::SOURCE_LOCALE {
        return;
    }
    let (en_words, tr_words) = (natural_words(&en.markdown), natural_words(&tr.markdown));
    // text equal to English is `identical`'s
    let Some(tr_words) = tr_words.filter(|_| tr.markdown != en.markdown) else { return };
    if let Some(en_words) = en_words.filter(|w| w.len() >= MIN_WORDS - 1) {
        let shared = shared_share(&en_words, &tr_words);
        if shared >= MAX_SHARED_WORDS {
            out.push(Finding::new(
                Rule::Untranslated,
                value_place(doc, unit),
                format!("`{}`: {:.0}% of the words are English's: the message was edited, not translated", unit.key, shared * 100.0),
                tr.markdown.clone(),
                "translate the message",
            ));
            return;
        }
    }
    let Some(own) = supported(&lang) else { return };
    let text = tr_words.join(" ");
    let values = detector().compute_language_confidence_values(text);
    let confidence = |l: Language| values.iter().find(|(x, _)| *x == l).map_or(0.0, |(_, c)| *c);
    let Some(&(top, top_conf)) = values.first() else { return };
    if top != own && confidence(own) < MAX_OWN_CONFIDENCE {
        out.push(Finding::new(
            Rule::WrongLanguage,
            value_place(doc, unit),
            format!(
                "`{}`: this text reads as {top} ({:.0}% confidence), not as the locale's {own} ({:.0}%)",
                unit.key,
                top_conf * 100.0,
                confidence(own) * 100.0
            ),
            tr.markdown.clone(),
            format!("translate the message into {own}"),
        ));
    }
}

/// The language of a locale code (`de` of `de-CH`), lower case.
fn primary(locale: &str) -> String {
    locale.split(['-', '_']).next().unwrap_or(locale).to_ascii_lowercase()
}

/// The detector's language for an ISO 639-1 code, when it is compiled in.
fn supported(lang: &str) -> Option<Language> {
    Language::all().into_iter().find(|l| l.iso_code_639_1().to_string().eq_ignore_ascii_case(lang))
}

/// One detector for every language compiled in, built on first use.
fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| LanguageDetectorBuilder::from_all_languages().build())
}

/// The natural words of a variant's prose (letters only, not an acronym, not camelCase), or
/// `None` when there are fewer than [`MIN_WORDS`] or they are not most of its words.
fn natural_words(markdown: &str) -> Option<Vec<String>> {
    let text = prose(markdown);
    let all: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == super::markdown_tokens::CODE_MARK)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let natural: Vec<String> =
        all.iter().filter(|w| is_natural(w)).map(|w| w.to_lowercase()).collect();
    let enough =
        natural.len() >= MIN_WORDS && natural.len() as f64 >= all.len() as f64 * MIN_NATURAL_SHARE;
    enough.then_some(natural)
}

/// A word of a language: letters (and inner apostrophes or hyphens), at least two, not all
/// capitals (`HTTP`), no capital after a small letter (`chatType`, `OData`).
fn is_natural(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let ok_chars = w.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
    let caps = w.chars().filter(|c| c.is_uppercase()).count();
    let camel = w.chars().zip(w.chars().skip(1)).any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    letters >= 2 && ok_chars && !camel && caps != letters
}

/// The share of words the two lists have in common (Dice coefficient of the word multisets).
fn shared_share(en: &[String], tr: &[String]) -> f64 {
    let (a, b) = (word_counts(en), word_counts(tr));
    let common: usize = a.iter().map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0))).sum();
    2.0 * common as f64 / (en.len() + tr.len()).max(1) as f64
}

fn word_counts(words: &[String]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for w in words {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_short_strings_are_not_judged() {
        assert!(natural_words("Use `chatType` with HTTP").is_none());
        assert!(
            natural_words("The `a` `b` `c` `d` `e` `f` { $x } list of chatType OData").is_none()
        );
        assert_eq!(
            natural_words("The list of the members, all of them.").map(|w| w.len()),
            Some(8)
        );
    }

    #[test]
    fn detects_the_language_of_sentences() {
        let v = |s: &str| Variant {
            markdown: s.to_string(),
            resolved: s.to_string(),
            variables: Default::default(),
            references: Default::default(),
        };
        let mut f = Vec::new();
        let doc = FtlDoc::parse(std::path::Path::new("x.ftl"), "a = x\n".into(), &mut f);
        let unit = doc.units[0].clone();
        let en = v("The list of conversation members that should be added to the chat.");
        check_unit(
            "de",
            &doc,
            &unit,
            &en,
            &v("La liste des membres de la conversation qui doivent être ajoutés."),
            &mut f,
        );
        check_unit(
            "de",
            &doc,
            &unit,
            &en,
            &v("Die Liste der Unterhaltungsmitglieder, die hinzugefügt werden sollen."),
            &mut f,
        );
        check_unit(
            "de",
            &doc,
            &unit,
            &en,
            &v("The list of conversation members that must be added to the chat."),
            &mut f,
        );
        let rules: Vec<Rule> = f.iter().map(|f| f.rule).collect();
        assert_eq!(rules, vec![Rule::WrongLanguage, Rule::Untranslated]);
    }
}
