//! Missing translations: the warning raised for each message a locale lacks (naming the file it
//! belongs in and where the English message is), and the summary `build` prints when a locale
//! lacks many, so that a freshly started translation of a large API (thousands of operation
//! files) reports per locale how many operations and messages are missing, with a few examples,
//! instead of a line per message. `-v` (and [`summarize`] with `full`) lists every one.

use crate::diag::Warning;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// More missing messages than this in one locale are summarized.
pub const LIST_AT_MOST: usize = 10;
/// Examples a summary shows.
const EXAMPLES: usize = 5;

/// What sits between the locale and the file in a missing-message warning, and after it.
const MISSING: &str = ": missing message `";
const FALLBACK: &str = "`, using the English text";

/// The warning for message `id` missing in locale `code`, which belongs in `file`; `english`
/// is where the English message is (`locales/en/x.ftl:12`), when it is in a project file.
pub fn missing_warning(code: &str, file: &str, id: &str, english: Option<&str>) -> Warning {
    let at = english.map(|e| format!(" ({e})")).unwrap_or_default();
    Warning(format!("{code}: {file}{MISSING}{id}{FALLBACK}{at}"))
}

/// A missing-message warning taken apart: locale and file.
struct Missing<'w> {
    locale: &'w str,
    file: &'w str,
}

/// Reads back a warning made by [`missing_warning`]. Both fixed parts hold a backtick, so
/// only the backticks of the text are tried (a search per fixed part per warning was most of
/// the time `build` took to summarize a large API's 100,000 warnings).
fn parse(warning: &Warning) -> Option<Missing<'_>> {
    let text = warning.0.as_str();
    let ticks = || text.match_indices('`').map(|(i, _)| i);
    let end = ticks().find(|&i| text[..=i].ends_with(MISSING))?;
    ticks().find(|&i| i > end && text[i..].starts_with(FALLBACK))?;
    let (locale, file) = text[..end + 1 - MISSING.len()].split_once(": ")?;
    Some(Missing { locale, file })
}

/// The warnings to print: every warning that is not a missing message as it is, and per
/// locale its missing messages one by one when there are at most [`LIST_AT_MOST`] (or
/// `full`), else one summary with the counts of files and messages and a few examples.
pub fn summarize(warnings: &[Warning], full: bool) -> Vec<Warning> {
    // Each warning is taken apart once: a large API's first build raises 100,000 of them.
    let parsed: Vec<Option<Missing>> = warnings.par_iter().map(parse).collect();
    let mut by_locale: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in parsed.iter().enumerate() {
        if let Some(m) = m {
            by_locale.entry(m.locale).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    let mut summarized = BTreeSet::new();
    for (w, m) in warnings.iter().zip(&parsed) {
        let Some(m) = m else {
            out.push(w.clone());
            continue;
        };
        let all = &by_locale[m.locale];
        if full || all.len() <= LIST_AT_MOST {
            out.push(w.clone());
        } else if summarized.insert(m.locale) {
            out.push(summary(m.locale, all, warnings, &parsed));
        }
    }
    out
}

/// One locale's summary of its missing messages `all` (indexes into `warnings`, taken apart in
/// `parsed`): how many messages in how many files, the first few, and how to see them all.
fn summary(
    locale: &str,
    all: &[usize],
    warnings: &[Warning],
    parsed: &[Option<Missing>],
) -> Warning {
    let mut files = std::collections::HashSet::with_hasher(xxhash_rust::xxh3::Xxh3DefaultBuilder);
    files.extend(all.iter().filter_map(|&i| parsed[i].as_ref()).map(|m| m.file));
    let ui = files.iter().filter(|f| f.ends_with("/ui.ftl")).count();
    let ops = files.len() - ui;
    let mut text = format!(
        "{locale}: {} message(s) missing in {} file(s) ({ops} operation file(s){}), shown in English; for example:",
        all.len(),
        files.len(),
        if ui > 0 { " and ui.ftl" } else { "" },
    );
    for w in all.iter().take(EXAMPLES).map(|&i| &warnings[i]) {
        let rest = w.0.strip_prefix(locale).and_then(|r| r.strip_prefix(": ")).unwrap_or(&w.0);
        text.push_str(&format!("\n  {rest}"));
    }
    text.push_str(&format!(
        "\n  ... and {} more: `polydoc build -v` lists every one, `polydoc check` reports them per file",
        all.len().saturating_sub(EXAMPLES)
    ));
    Warning(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(code: &str, n: usize) -> Vec<Warning> {
        (0..n)
            .map(|i| {
                let file = format!("locales/{code}/op-{}.ftl", i / 3);
                let english = format!("locales/en/op-{}.ftl:{}", i / 3, i % 3 + 1);
                missing_warning(code, &file, &format!("m{i}"), Some(&english))
            })
            .collect()
    }

    #[test]
    fn few_missing_messages_are_listed_many_are_summarized_per_locale() {
        let other = Warning("something else".into());
        let mut warnings = vec![other.clone()];
        warnings.extend(missing("de", 3000));
        warnings.extend(missing("es", 2));
        let shown = summarize(&warnings, false);
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert_eq!(shown[0], other);
        let de = &shown[1].0;
        assert!(
            de.starts_with("de: 3000 message(s) missing in 1000 file(s) (1000 operation file(s))"),
            "{de}"
        );
        assert!(de.contains("\n  locales/de/op-0.ftl: missing message `m0`, using the English text (locales/en/op-0.ftl:1)"), "{de}");
        assert!(de.contains("and 2995 more"), "{de}");
        assert_eq!(de.lines().count(), 7, "{de}");
        assert!(shown[2].0.starts_with("es: locales/es/op-0.ftl: missing message `m0`"));
        assert_eq!(summarize(&warnings, true), warnings, "the full list with -v");
    }
}
