//! Translation coverage of a locale, shown on its landing page: how many of the source
//! locale's messages (values and attributes) the locale translates from the current English
//! (recorded so in `locales/polydoc.lock`), and how many translations are stale (made from
//! English that has changed since). The same units and hashes as `polydoc check`'s `stale`.

use crate::cache::{CoverageMemo as UnitCounts, Figures};
use crate::check::ftl::FtlDoc;
use crate::check::lock::{hash, Entry, LockFile};
use crate::localize::{Catalog, Locale};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Coverage figures of one locale.
#[derive(Debug, Serialize, Clone, Default, PartialEq, Eq, Hash)]
pub struct Coverage {
    /// Source messages (units) in all.
    pub total: usize,
    /// Translated from the current English.
    pub current: usize,
    /// Translated from older English.
    pub stale: usize,
    /// `current` in whole percent of `total` (rounded down; 100 for an empty project).
    pub percent: usize,
}

fn doc(locale: &Locale, stem: &str) -> Option<FtlDoc> {
    let f = locale.files.get(stem)?;
    Some(FtlDoc::parse(Path::new(&f.path), f.text.clone(), &mut Vec::new()))
}

/// The key of `text`: XXH3, in hex.
fn text_key(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// The number of units of every source file: taken from `known` when its text hashes the
/// same, parsed otherwise (in parallel).
fn unit_counts(
    source: &Locale,
    known: &BTreeMap<String, (String, usize)>,
) -> BTreeMap<String, (String, usize)> {
    source
        .files
        .par_iter()
        .map(|(stem, f)| {
            let key = text_key(&f.text);
            let count = match known.get(stem) {
                Some((k, n)) if *k == key => *n,
                _ => doc(source, stem).map_or(0, |d| d.units.len()),
            };
            (stem.clone(), (key, count))
        })
        .collect()
}

/// Coverage of every locale of `catalog` (the source locale is complete by definition).
pub fn coverage(root: &Path, catalog: &Catalog) -> Vec<Coverage> {
    coverage_with(root, catalog, &UnitCounts::default()).0
}

/// [`coverage`], reusing the unit counts of source files whose text is unchanged since
/// `known` was made; returns the counts of this build too. Only the source files a locale
/// translates are parsed in full (to compare each unit with the lock's hash).
pub fn coverage_with(
    root: &Path,
    catalog: &Catalog,
    known: &UnitCounts,
) -> (Vec<Coverage>, UnitCounts) {
    let lock = LockFile::load(root).ok();
    let source = unit_counts(catalog.source(), &known.source);
    let total: usize = source.values().map(|(_, n)| n).sum();
    let mut memo = UnitCounts { source, translated: BTreeMap::new() };
    let no_lock = BTreeMap::new();
    let no_memo = BTreeMap::new();
    let coverage = catalog
        .locales
        .iter()
        .map(|locale| {
            if locale.code == catalog.source().code {
                return Coverage { total, current: total, stale: 0, percent: 100 };
            }
            let entries = match &lock {
                Some(LockFile::Found(l)) => l.locales.get(&locale.code).unwrap_or(&no_lock),
                _ => &no_lock,
            };
            let known = known.translated.get(&locale.code).unwrap_or(&no_memo);
            let files = translated_figures(catalog.source(), locale, entries, known);
            let mut c = Coverage { total, ..Coverage::default() };
            for (_, (current, stale)) in files.values() {
                c.current += current;
                c.stale += stale;
            }
            c.percent = (c.current * 100).checked_div(total).unwrap_or(100);
            memo.translated.insert(locale.code.clone(), files);
            c
        })
        .collect();
    (coverage, memo)
}

/// Per file stem of `locale`, the key of what its figures depend on and its current and stale
/// units: taken from `known` when the key is the same, from both files parsed otherwise.
fn translated_figures(
    source: &Locale,
    locale: &Locale,
    entries: &BTreeMap<String, Entry>,
    known: &BTreeMap<String, (String, Figures)>,
) -> BTreeMap<String, (String, Figures)> {
    locale
        .files
        .par_iter()
        .filter_map(|(stem, tr)| {
            let en = source.files.get(stem)?;
            let key = figures_key(&en.text, &tr.text, lock_entries(entries, stem));
            let figures = match known.get(stem) {
                Some((k, figures)) if *k == key => *figures,
                _ => figures_of(source, locale, stem, entries)?,
            };
            Some((stem.clone(), (key, figures)))
        })
        .collect()
}

/// The lock's entries of file `stem` (keyed `stem/unit`).
fn lock_entries<'e>(
    entries: &'e BTreeMap<String, Entry>,
    stem: &str,
) -> impl Iterator<Item = (&'e String, &'e Entry)> {
    let prefix = format!("{stem}/");
    entries.range(prefix.clone()..).take_while(move |(k, _)| k.starts_with(&prefix))
}

/// The key of a translated file's figures: both texts and the hashes the lock records for it.
fn figures_key<'e>(
    en: &str,
    tr: &str,
    entries: impl Iterator<Item = (&'e String, &'e Entry)>,
) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [en, tr] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    for (unit, entry) in entries {
        for part in [unit, &entry.hash] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    format!("{:016x}", h.digest())
}

/// Current and stale units of file `stem` of `locale`, parsed.
fn figures_of(
    source: &Locale,
    locale: &Locale,
    stem: &str,
    entries: &BTreeMap<String, Entry>,
) -> Option<Figures> {
    let en = doc(source, stem)?;
    let tr = doc(locale, stem)?;
    let (mut current, mut stale) = (0, 0);
    for unit in &tr.units {
        let Some(en_unit) = en.unit(&unit.key) else { continue };
        match entries.get(&format!("{stem}/{}", unit.key)) {
            Some(e) if e.hash == hash(&en_unit.text) => current += 1,
            Some(_) => stale += 1,
            None => {}
        }
    }
    Some((current, stale))
}
