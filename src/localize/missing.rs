//! Missing translations: the warning raised for each message a locale lacks (naming the file it
//! belongs in and where the English message is), and the summary `build` prints when a locale
//! lacks many, so that a freshly started translation of a large API (thousands of operation
//! files) reports per locale how many operations and messages are missing, with a few examples,
//! instead of a line per message. `-v` (and [`summarize`] with `full`) lists every one.

use crate::diag::Warning;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

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

/// A missing-message warning taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Missing<'w> {
    locale: &'w str,
    file: &'w str,
    id: &'w str,
    /// Where the English message is: file and line.
    english: Option<(&'w str, u32)>,
}

impl Missing<'_> {
    fn warning(&self) -> Warning {
        let english = self.english.map(|(file, line)| format!("{file}:{line}"));
        missing_warning(self.locale, self.file, self.id, english.as_deref())
    }
}

/// Reads back a warning made by [`missing_warning`]; `None` for any other text, and for one
/// that would not be made again byte for byte from its parts. Both fixed parts hold a
/// backtick, so only the backticks of the text are tried.
fn parse(text: &str) -> Option<Missing<'_>> {
    let ticks = || text.match_indices('`').map(|(i, _)| i);
    let end = ticks().find(|&i| text[..=i].ends_with(MISSING))?;
    let close = ticks().find(|&i| i > end && text[i..].starts_with(FALLBACK))?;
    let (locale, file) = text[..end + 1 - MISSING.len()].split_once(": ")?;
    let id = &text[end + 1..close];
    let rest = &text[close + FALLBACK.len()..];
    let english = match rest {
        "" => None,
        _ => {
            let at = rest.strip_prefix(" (")?.strip_suffix(')')?;
            let (file, line) = at.rsplit_once(':')?;
            Some((file, line.parse().ok()?))
        }
    };
    let missing = Missing { locale, file, id, english };
    // Kept apart only when it is made again exactly (and its id can be kept in a list).
    (!id.contains('\n') && missing.warning().0 == text).then_some(missing)
}

/// The warnings one page raised, kept compactly: missing-message warnings in a row that share
/// locale, file and English file are stored once with their ids and English lines (a whole
/// API's untranslated pages raise 200,000 of them, read and written by every build).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageWarnings(Vec<Item>);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Item {
    Text(String),
    Missing(Run),
}

/// Missing messages in a row of one locale, file and English file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Run {
    locale: String,
    file: String,
    english: Option<String>,
    /// The ids, one per line.
    ids: String,
    /// How many ids.
    count: usize,
    /// The English line of each id (none without `english`).
    lines: Vec<u32>,
}

impl Run {
    fn start(m: &Missing) -> Run {
        let mut run = Run {
            locale: m.locale.to_string(),
            file: m.file.to_string(),
            english: m.english.map(|(f, _)| f.to_string()),
            ids: String::new(),
            count: 0,
            lines: Vec::new(),
        };
        run.add(m);
        run
    }

    /// Adds `m` when it shares this run's locale and files.
    fn joins(&self, m: &Missing) -> bool {
        self.locale == m.locale
            && self.file == m.file
            && self.english.as_deref() == m.english.map(|(f, _)| f)
    }

    fn add(&mut self, m: &Missing) {
        if self.count > 0 {
            self.ids.push('\n');
        }
        self.ids.push_str(m.id);
        self.count += 1;
        if let Some((_, line)) = m.english {
            self.lines.push(line);
        }
    }

    fn iter(&self) -> impl Iterator<Item = Missing<'_>> {
        let english = self.english.as_deref();
        self.ids.split('\n').take(self.count).enumerate().map(move |(i, id)| Missing {
            locale: &self.locale,
            file: &self.file,
            id,
            english: english.zip(self.lines.get(i).copied()),
        })
    }
}

impl PageWarnings {
    /// Keeps `warnings`, in their order.
    pub fn new(warnings: Vec<Warning>) -> PageWarnings {
        let mut items: Vec<Item> = Vec::new();
        for w in warnings {
            match parse(&w.0) {
                Some(m) => match items.last_mut() {
                    Some(Item::Missing(run)) if run.joins(&m) => run.add(&m),
                    _ => items.push(Item::Missing(Run::start(&m))),
                },
                None => items.push(Item::Text(w.0)),
            }
        }
        PageWarnings(items)
    }

    fn iter(&self) -> impl Iterator<Item = Shown<'_>> {
        self.0.iter().flat_map(|item| -> Box<dyn Iterator<Item = Shown<'_>> + '_> {
            match item {
                Item::Text(t) => Box::new(std::iter::once(Shown::Text(t))),
                Item::Missing(run) => Box::new(run.iter().map(Shown::Missing)),
            }
        })
    }

    /// The warnings, as raised.
    pub fn to_vec(&self) -> Vec<Warning> {
        self.iter().map(|w| w.warning()).collect()
    }
}

/// One warning of [`PageWarnings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Shown<'w> {
    Text(&'w str),
    Missing(Missing<'w>),
}

impl Shown<'_> {
    fn warning(&self) -> Warning {
        match self {
            Shown::Text(t) => Warning(t.to_string()),
            Shown::Missing(m) => m.warning(),
        }
    }
}

/// Every warning of a build in the order raised, each page's shared with the cache, not
/// copied; repeats count once.
#[derive(Clone, Debug, Default)]
pub struct Warnings(Vec<Arc<PageWarnings>>);

impl Warnings {
    /// Adds one warning.
    pub fn push(&mut self, warning: Warning) {
        self.0.push(Arc::new(PageWarnings::new(vec![warning])));
    }

    /// Adds the warnings of one page.
    pub fn add(&mut self, page: Arc<PageWarnings>) {
        if !page.0.is_empty() {
            self.0.push(page);
        }
    }

    /// Each warning once, in the order first raised. A run of missing messages whose locale,
    /// file and English file no earlier run had is taken whole (a page's warnings are without
    /// repeats, and an untranslated whole API has 200,000 in 34,000 such runs); only under a
    /// key seen before are its messages compared one by one.
    fn unique(&self) -> Vec<Shown<'_>> {
        use std::collections::hash_map::Entry;
        type Key<'k> = (&'k str, &'k str, Option<&'k str>);
        let hasher = xxhash_rust::xxh3::Xxh3DefaultBuilder;
        let mut texts = HashSet::with_hasher(hasher);
        let mut first: HashMap<Key, &Run, _> = HashMap::with_hasher(hasher);
        let mut members: HashMap<Key, HashSet<Missing>, _> = HashMap::with_hasher(hasher);
        let mut out = Vec::new();
        for item in self.0.iter().flat_map(|p| p.0.iter()) {
            let run = match item {
                Item::Text(t) => {
                    if texts.insert(t.as_str()) {
                        out.push(Shown::Text(t));
                    }
                    continue;
                }
                Item::Missing(run) => run,
            };
            let key = (run.locale.as_str(), run.file.as_str(), run.english.as_deref());
            match first.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(run);
                    out.extend(run.iter().map(Shown::Missing));
                }
                Entry::Occupied(e) => {
                    let seen = members.entry(key).or_insert_with(|| e.get().iter().collect());
                    out.extend(run.iter().filter(|m| seen.insert(*m)).map(Shown::Missing));
                }
            }
        }
        out
    }

    /// How many different warnings there are.
    pub fn len(&self) -> usize {
        self.unique().len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|p| p.0.is_empty())
    }

    /// Every warning once, as raised.
    pub fn to_vec(&self) -> Vec<Warning> {
        self.unique().iter().map(Shown::warning).collect()
    }
}

impl<W: IntoIterator<Item = Warning>> From<W> for Warnings {
    fn from(warnings: W) -> Warnings {
        let mut all = Warnings::default();
        for w in warnings {
            all.push(w);
        }
        all
    }
}

/// The warnings to print: every warning that is not a missing message as it is, and per
/// locale its missing messages one by one when there are at most [`LIST_AT_MOST`] (or
/// `full`), else one summary with the counts of files and messages and a few examples.
pub fn summarize(warnings: &Warnings, full: bool) -> Vec<Warning> {
    let unique = warnings.unique();
    let mut by_locale: BTreeMap<&str, Vec<&Missing>> = BTreeMap::new();
    for w in &unique {
        if let Shown::Missing(m) = w {
            by_locale.entry(m.locale).or_default().push(m);
        }
    }
    let mut out = Vec::new();
    let mut summarized = BTreeSet::new();
    for w in &unique {
        let Shown::Missing(m) = w else {
            out.push(w.warning());
            continue;
        };
        let all = &by_locale[m.locale];
        if full || all.len() <= LIST_AT_MOST {
            out.push(m.warning());
        } else if summarized.insert(m.locale) {
            out.push(summary(m.locale, all));
        }
    }
    out
}

/// One locale's summary of its missing messages `all`: how many messages in how many files,
/// the first few, and how to see them all.
fn summary(locale: &str, all: &[&Missing]) -> Warning {
    let mut files = HashSet::with_hasher(xxhash_rust::xxh3::Xxh3DefaultBuilder);
    files.extend(all.iter().map(|m| m.file));
    let ui = files.iter().filter(|f| f.ends_with("/ui.ftl")).count();
    let ops = files.len() - ui;
    let mut text = format!(
        "{locale}: {} message(s) missing in {} file(s) ({ops} operation file(s){}), shown in English; for example:",
        all.len(),
        files.len(),
        if ui > 0 { " and ui.ftl" } else { "" },
    );
    for m in all.iter().take(EXAMPLES) {
        let w = m.warning();
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
        let all = Warnings::from(warnings.clone());
        let shown = summarize(&all, false);
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
        assert_eq!(summarize(&all, true), warnings, "the full list with -v");
    }

    #[test]
    fn page_warnings_keep_every_warning_exactly_and_in_order() {
        let odd = [
            // Missing messages of two files and two locales, in runs and alone.
            missing_warning("de", "locales/de/a.ftl", "title", Some("locales/en/a.ftl:2")),
            missing_warning("de", "locales/de/a.ftl", "prop-x", Some("locales/en/a.ftl:9")),
            missing_warning("de", "locales/de/ui.ftl", "nav", Some("locales/en/ui.ftl:1")),
            Warning("de: a warning of another kind".into()),
            missing_warning("de", "locales/de/a.ftl", "note", Some("locales/en/a.ftl:3")),
            missing_warning("es", "locales/es/a.ftl", "title", None),
            missing_warning("es", "locales/es/a.ftl", "note", Some("locales/en/a.ftl:3")),
            // Odd ones: a line number not written as polydoc writes it, no line, backticks or
            // a line break in the id, an empty id, a cut-off text.
            missing_warning("de", "locales/de/a.ftl", "x", Some("locales/en/a.ftl:012")),
            missing_warning("de", "locales/de/a.ftl", "x", Some("built in")),
            missing_warning("de", "locales/de/a.ftl", "a`b", Some("locales/en/a.ftl:4")),
            missing_warning("de", "locales/de/a.ftl", "", Some("locales/en/a.ftl:5")),
            missing_warning("de", "locales/de/a.ftl", "line\nbreak", None),
            Warning("de: locales/de/a.ftl: missing message `t`, using the English text (".into()),
            Warning(String::new()),
        ];
        let page = PageWarnings::new(odd.to_vec());
        assert_eq!(page.to_vec(), odd);
        let runs = page.0.iter().filter(|i| matches!(i, Item::Missing(_))).count();
        assert!(runs < odd.len() - 4, "runs share their parts: {page:?}");
        // As the cache keeps it.
        let bytes = crate::cache::encode(&page).unwrap();
        let back: PageWarnings = crate::cache::decode(&bytes).unwrap();
        assert_eq!(back.to_vec(), odd);
        // A build's warnings: repeats count once, in the order first raised.
        let mut all = Warnings::default();
        all.add(Arc::new(page.clone()));
        all.add(Arc::new(page));
        all.push(odd[0].clone());
        assert_eq!(all.len(), odd.len());
        assert_eq!(all.to_vec(), odd);
        assert!(Warnings::default().is_empty() && !all.is_empty());
    }
}
