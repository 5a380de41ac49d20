//! Translation coverage of a locale, shown on its landing page: how many of the source
//! locale's messages (values and attributes) the locale translates from the current English
//! (recorded so in `locales/polydoc.lock`), and how many translations are stale (made from
//! English that has changed since). The same units and hashes as `polydoc check`'s `stale`.

use crate::check::ftl::FtlDoc;
use crate::check::lock::{hash, LockFile};
use crate::localize::{Catalog, Locale};
use serde::Serialize;
use std::path::Path;

/// Coverage figures of one locale.
#[derive(Debug, Serialize, Clone, Default, PartialEq, Eq)]
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

fn docs(locale: &Locale) -> std::collections::BTreeMap<String, FtlDoc> {
    let mut ignored = Vec::new();
    locale
        .files
        .iter()
        .map(|(stem, f)| {
            (stem.clone(), FtlDoc::parse(Path::new(&f.path), f.text.clone(), &mut ignored))
        })
        .collect()
}

/// Coverage of every locale of `catalog` (the source locale is complete by definition).
pub fn coverage(root: &Path, catalog: &Catalog) -> Vec<Coverage> {
    let lock = LockFile::load(root).ok();
    let source = docs(catalog.source());
    let total: usize = source.values().map(|d| d.units.len()).sum();
    catalog
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
            for (stem, tr) in docs(locale) {
                let Some(en) = source.get(&stem) else { continue };
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
        .collect()
}
