//! `number-mismatch`: every number of the English prose (outside code, placeables and link
//! targets) must appear in the translation with the same value. Values are compared, not
//! spellings: the translation may group digits and mark decimals as its locale does (`1,000.5`
//! is `1.000,5` in German, `1 000,5` in French) or as English does; a small number may be
//! spelled out in the locale's words. Numbers the translation adds (`1:1` for `one-on-one`) are
//! not judged alone; one that replaces a missing English number is named in the finding.

use super::finding::{Finding, Place, Rule};
use super::ftl::{FtlDoc, Unit, Variant};
use super::markdown_tokens::prose;

/// One number written in prose: where (byte range in the prose) and the values it may mean.
#[derive(Debug, Clone)]
struct Written {
    text: String,
    values: Vec<String>,
    /// Byte range in the prose.
    at: std::ops::Range<usize>,
}

/// Checks one translated variant against its English variant.
pub fn check_variant(
    locale: &str,
    doc: &FtlDoc,
    unit: &Unit,
    en: &Variant,
    tr: &Variant,
    out: &mut Vec<Finding>,
) {
    let en_nums = numbers(&prose(&en.markdown), &[Convention::English]);
    if en_nums.is_empty() {
        return;
    }
    let tr_prose = prose(&tr.markdown);
    let (missing, tr_nums) = unmatched(&en_nums, &tr_prose, locale);
    for (i, n) in missing.iter().enumerate() {
        let instead = tr_nums.get(i);
        let (place, text, message) = match instead {
            Some(t) => (
                doc.place_of(unit, &t.text),
                t.text.clone(),
                format!(
                    "`{}`: English says {} but this translation says {}",
                    unit.key, n.text, t.text
                ),
            ),
            None => (
                value_place(doc, unit),
                n.text.clone(),
                format!(
                    "`{}`: the number {} of English is missing from this translation",
                    unit.key, n.text
                ),
            ),
        };
        out.push(Finding::new(
            Rule::NumberMismatch,
            place,
            message,
            text,
            format!(
                "write {} as English does (digit grouping and decimal mark of the locale are fine)",
                n.text
            ),
        ));
    }
}

/// The English numbers `tr_prose` lacks, and the translation's numbers no English one
/// matched. Each English number is looked for, in turn: written the same way (in the
/// translation read as its locale or as English writes numbers); with the same value as the
/// locale writes it; with the same value in a run English's reading finds where no matched
/// number is (`2 5MB`, where a German space would group digits, or both conventions in one
/// message); spelled out in the locale's words.
fn unmatched<'e>(
    en_nums: &'e [Written],
    tr_prose: &str,
    locale: &str,
) -> (Vec<&'e Written>, Vec<Written>) {
    let mut tr = Runs { runs: numbers(tr_prose, &conventions(locale)), used: Vec::new() };
    let mut english = Runs { runs: numbers(tr_prose, &[Convention::English]), used: Vec::new() };
    let mut open: Vec<&Written> = en_nums.iter().collect();
    let same_text = |t: &Written, n: &Written| t.text == n.text;
    let same_value = |t: &Written, n: &Written| t.values.contains(&n.values[0]);
    for (pass, fits) in [(0, &same_text as &dyn Fn(&Written, &Written) -> bool), (1, &same_value)] {
        open.retain(|n| {
            let taken = tr.take(|t| fits(t, n), &english.used);
            let taken = taken || (pass == 0 && english.take(|t| fits(t, n), &tr.used));
            !taken
        });
    }
    open.retain(|n| !english.take(|t| same_value(t, n), &tr.used));
    let words = number_words(locale);
    let mut spelled: Vec<String> = tr_prose
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| words.contains(&w.as_str()) || ONE.contains(&w.as_str()))
        .collect();
    open.retain(|n| {
        let value = &n.values[0];
        let word = value.parse::<usize>().ok().and_then(|v| words.get(v)).copied();
        let spelled_as =
            |s: &String| Some(s.as_str()) == word || (value == "1" && ONE.contains(&s.as_str()));
        let k = spelled.iter().position(spelled_as);
        k.map(|k| spelled.remove(k)).is_none()
    });
    let used = [tr.used, english.used].concat();
    let left = tr.runs.into_iter().filter(|t| !used.iter().any(|u| overlaps(u, &t.at))).collect();
    (open, left)
}

/// The number runs of one reading of a translation, and the byte ranges matched so far.
struct Runs {
    runs: Vec<Written>,
    used: Vec<std::ops::Range<usize>>,
}

impl Runs {
    /// Takes the first run that `fits` and overlaps nothing matched in either reading.
    fn take(&mut self, fits: impl Fn(&Written) -> bool, other: &[std::ops::Range<usize>]) -> bool {
        let free = |t: &Written| !self.used.iter().chain(other).any(|u| overlaps(u, &t.at));
        match self.runs.iter().find(|t| fits(t) && free(t)) {
            Some(t) => {
                self.used.push(t.at.clone());
                true
            }
            None => false,
        }
    }
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The place where a unit's value starts (after `=`), for findings about the whole text.
pub fn value_place<'a>(doc: &'a FtlDoc, unit: &Unit) -> Place<'a> {
    let body = doc.text.get(unit.offset..unit.span.end).unwrap_or("");
    let at = body
        .find('=')
        .map(|eq| {
            let rest = &body[eq + 1..];
            eq + 1 + (rest.len() - rest.trim_start().len())
        })
        .unwrap_or(0);
    Place::at_offset(&doc.path, &doc.text, unit.offset + at)
}

/// How a locale groups digits and marks decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Convention {
    /// `1,000.5`
    English,
    /// `1.000,5` and `1 000,5` (most of continental Europe and Latin America)
    Comma,
    /// `1'000.5` (Switzerland)
    Swiss,
}

impl Convention {
    fn groups(self) -> &'static [char] {
        match self {
            Convention::English => &[',', '\u{00A0}', '\u{202F}'],
            Convention::Comma => &['.', '\u{00A0}', '\u{202F}', ' ', '\''],
            Convention::Swiss => &['\'', '’', '\u{00A0}', '\u{202F}', ' '],
        }
    }
    fn decimal(self) -> char {
        match self {
            Convention::Comma => ',',
            _ => '.',
        }
    }
}

/// The conventions a translation into `locale` may use: its own, and English's.
fn conventions(locale: &str) -> Vec<Convention> {
    let lower = locale.to_ascii_lowercase();
    let lang = lower.split(['-', '_']).next().unwrap_or("");
    let own = if lower.ends_with("-ch") || lower.ends_with("-li") {
        Convention::Swiss
    } else if COMMA_DECIMAL.contains(&lang) {
        Convention::Comma
    } else {
        Convention::English
    };
    let mut list = vec![own];
    if own != Convention::English {
        list.push(Convention::English);
    }
    list
}

/// Languages that write a decimal comma (CLDR).
const COMMA_DECIMAL: &[&str] = &[
    "de", "es", "fr", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "ru", "uk", "be",
    "bg", "ro", "hu", "fi", "sv", "nb", "nn", "no", "da", "is", "et", "lv", "lt", "el", "tr", "id",
    "vi", "ca", "gl", "eu", "az", "kk", "ka", "hy", "sq", "mk",
];

/// Inflected words for one (articles included: "ein Mitglied" for "1 member").
const ONE: &[&str] = &[
    "a", "an", "ein", "eine", "einen", "einem", "einer", "eines", "un", "una", "une", "uma", "um",
    "één", "uno",
];

/// Numbers zero to twelve in words, for the languages whose words are known.
fn number_words(locale: &str) -> &'static [&'static str] {
    match locale.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase().as_str() {
        "en" => &[
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve",
        ],
        "de" => &[
            "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
            "zehn", "elf", "zwölf",
        ],
        "es" => &[
            "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
            "diez", "once", "doce",
        ],
        "fr" => &[
            "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
            "onze", "douze",
        ],
        "pt" => &[
            "zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez",
            "onze", "doze",
        ],
        "it" => &[
            "zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove",
            "dieci", "undici", "dodici",
        ],
        "nl" => &[
            "nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
            "elf", "twaalf",
        ],
        _ => &[],
    }
}

/// The numbers of `text` that stand alone (not inside a word such as `OAuth2` or `10MB`),
/// read with the first of `conventions` that fits; a run no convention reads (`2.1.3`) is its
/// own value.
fn numbers(text: &str, conventions: &[Convention]) -> Vec<Written> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let separators =
        |c: char| conventions.iter().any(|v| v.groups().contains(&c) || v.decimal() == c);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if !c.is_ascii_digit() {
            k += 1;
            continue;
        }
        if k > 0 && is_wordish(chars[k - 1].1) {
            // digits inside a word (`OAuth2`): skip them all
            while k < chars.len() && chars[k].1.is_ascii_digit() {
                k += 1;
            }
            continue;
        }
        let mut end = k;
        // digits, and separators with a digit after them
        let continues = |end: usize| {
            chars[end].1.is_ascii_digit()
                || (separators(chars[end].1)
                    && chars.get(end + 1).is_some_and(|&(_, d)| d.is_ascii_digit()))
        };
        while end < chars.len() && continues(end) {
            end += 1;
        }
        let stop = chars.get(end).map_or(text.len(), |&(i, _)| i);
        let glued_after = chars.get(end).is_some_and(|&(_, c)| is_wordish(c));
        if !glued_after {
            out.extend(read(&text[start..stop], start, conventions));
        }
        k = end.max(k + 1);
    }
    out
}

/// The numbers one run of digits and separators (at byte `start` of the prose) stands for: one
/// value per convention that reads it; a run none reads is split at its spaces (`1 2`, a list),
/// or else is its own value. A run that English does not read (`00.000.000`, a format) is its
/// own value too, as English reads it, so a translation that writes it as English does always
/// matches.
fn read(raw: &str, start: usize, conventions: &[Convention]) -> Vec<Written> {
    let at = start..start + raw.len();
    let mut values: Vec<String> = conventions.iter().filter_map(|&v| value(raw, v)).collect();
    values.dedup();
    if !values.is_empty() {
        if conventions.contains(&Convention::English)
            && value(raw, Convention::English).is_none()
            && !raw.contains(is_space)
        {
            values.push(raw.to_string());
        }
        return vec![Written { text: raw.to_string(), values, at }];
    }
    if raw.contains(is_space) {
        let mut out = Vec::new();
        let mut offset = 0;
        for part in raw.split(is_space) {
            if !part.is_empty() {
                out.extend(read(part, start + offset, conventions));
            }
            offset +=
                part.len() + raw[offset + part.len()..].chars().next().map_or(0, char::len_utf8);
        }
        return out;
    }
    vec![Written { text: raw.to_string(), values: vec![raw.to_string()], at }]
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}')
}

fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The value of `raw` written in `conv` (`1000.5`, leading zeros and trailing decimal zeros
/// dropped), or `None` when it is not a number in that convention.
fn value(raw: &str, conv: Convention) -> Option<String> {
    let (int, frac) = match raw.rfind(conv.decimal()) {
        Some(i) => (&raw[..i], Some(&raw[i + conv.decimal().len_utf8()..])),
        None => (raw, None),
    };
    if frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let groups: Vec<&str> = int.split(|c: char| conv.groups().contains(&c)).collect();
    let grouped = groups.len() > 1;
    let ok = groups.iter().all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        && (!grouped || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if !ok {
        return None;
    }
    let digits: String = groups.concat();
    let digits = digits.trim_start_matches('0');
    let mut v = if digits.is_empty() { "0".to_string() } else { digits.to_string() };
    if let Some(f) = frac.map(|f| f.trim_end_matches('0')).filter(|f| !f.is_empty()) {
        v.push('.');
        v.push_str(f);
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(text: &str, locale: &str) -> Vec<Vec<String>> {
        numbers(text, &conventions(locale)).into_iter().map(|w| w.values).collect()
    }

    /// The findings of `de` text `tr` against English `en`.
    fn findings(en: &str, tr: &str) -> Vec<String> {
        let parse = |text: &str| {
            let text = format!("m = {text}\n");
            super::super::ftl::FtlDoc::parse(std::path::Path::new("m.ftl"), text, &mut Vec::new())
        };
        let (en, tr) = (parse(en), parse(tr));
        let mut out = Vec::new();
        let (eu, tu) = (&en.units[0], &tr.units[0]);
        check_variant("de", &tr, tu, &eu.variants[0], &tu.variants[0], &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn english_text_kept_in_a_translation_matches_english() {
        for text in [
            "A 12MB file may have 2 5MB chunks, for part numbers 1, 2, and 3.",
            "Uplinks: 1, 2, 4, 6, 8 10Gbps - 1 000 and 00.000.000/00",
        ] {
            assert_eq!(findings(text, text), Vec::<String>::new(), "{text}");
        }
        // Both conventions in one message: German's for one number, English's for another.
        let mixed = findings("up to 1,000.5 items in 2 5MB chunks", "bis 1.000,5 in 2 5MB");
        assert_eq!(mixed, Vec::<String>::new());
        // Read either way, a changed number is still one.
        let changed = findings("up to 1,000.5 items in 2 5MB chunks", "bis 1.000,5 in 3 5MB");
        assert_eq!(changed.len(), 1, "{changed:?}");
        let changed = findings("1,000.5 and 2 5MB", "1.000,6 und 2 5MB");
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(findings("up to 250", "bis 25").len(), 1);
    }

    #[test]
    fn reads_each_locales_grouping_and_decimals() {
        assert_eq!(
            vals("up to 1,000.5 items, 250 or 2 ", "en"),
            vec![vec!["1000.5"], vec!["250"], vec!["2"]]
        );
        assert_eq!(vals("bis 1.000,5 und 1 000", "de")[0][0], "1000.5");
        assert_eq!(vals("1\u{202F}000", "fr")[0], vec!["1000"]);
        assert_eq!(vals("1'000.5", "de-CH")[0][0], "1000.5");
        assert!(vals("OAuth2 and 10MB and v1", "en").is_empty());
        assert_eq!(vals("version 2.1.3", "en"), vec![vec!["2.1.3"]]);
        // Written as English writes it, a run English does not read as a number still matches.
        assert_eq!(vals("im Format 00.000.000/00", "de")[0], vec!["0", "00.000.000"]);
        assert_eq!(vals("in the format 00.000.000/00", "en")[0], vec!["00.000.000"]);
    }
}
