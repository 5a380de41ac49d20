//! Translation coverage of a locale, shown on its landing page: how many of the source
//! locale's messages (values and attributes) the locale translates from the current English
//! (recorded so in `locales/polydoc.lock`), and how many translations are stale (made from
//! English that has changed since). The same units and hashes as `polydoc check`'s `stale`.

use crate::check::ftl::FtlDoc;
use crate::check::lock::{hash, LockFile};
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

/// Units per source file, by file stem: the text's key and its unit count. Kept between builds
/// (in the cache manifest), so a rebuild parses only the source files whose text changed.
pub type UnitCounts = BTreeMap<String, (String, usize)>;

/// The number of units of every source file: taken from `known` when its text hashes the
/// same, parsed otherwise (in parallel).
fn unit_counts(source: &Locale, known: &UnitCounts) -> UnitCounts {
    source
        .files
        .par_iter()
        .map(|(stem, f)| {
            let key = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(f.text.as_bytes()));
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
    coverage_with(root, catalog, &UnitCounts::new()).0
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
    let counts = unit_counts(catalog.source(), known);
    let total: usize = counts.values().map(|(_, n)| n).sum();
    let coverage = catalog
        .locales
        .iter()
        .map(|locale| {
            if locale.code == catalog.source().code {
                return Coverage { total, current: total, stale: 0, percent: 100 };
            }
            let entries = match &lock {
                Some(LockFile::Found(l)) => l.locales.get(&locale.code),
                _ => None,
            };
            let mut c = Coverage { total, ..Coverage::default() };
            for stem in locale.files.keys() {
                let Some(en) = doc(catalog.source(), stem) else { continue };
                let Some(tr) = doc(locale, stem) else { continue };
                for unit in &tr.units {
                    let Some(en_unit) = en.unit(&unit.key) else { continue };
                    match entries.and_then(|e| e.get(&format!("{stem}/{}", unit.key))) {
                        Some(e) if e.hash == hash(&en_unit.text) => c.current += 1,
                        Some(_) => c.stale += 1,
                        None => {}
                    }
                }
            }
            c.percent = (c.current * 100).checked_div(total).unwrap_or(100);
            c
        })
        .collect();
    (coverage, counts)
}
