//! `locales/polydoc.lock`: for every translated message, the English text it was translated
//! from and its hash. When English changes, the translations are stale until a translator
//! confirms them with `polydoc l10n confirm LOCALE [MESSAGE-ID...]`, which rewrites the lock.

use super::finding::{Finding, Place, Rule};
use super::translation::{load_locale, LocaleFiles};
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Lock file path relative to the project root.
pub const LOCK_FILE: &str = "locales/polydoc.lock";
/// Format version written into the lock.
pub const LOCK_VERSION: u32 = 1;

/// What the lock records for one translated unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `fnv1a64:<hex>` of the English canonical text.
    pub hash: String,
    /// The English canonical text, to show what changed.
    pub en: String,
}

/// The whole lock: locale -> `<file-stem>/<message-id[.attr]>` -> entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Format version.
    pub version: u32,
    /// Entries by locale, then by unit.
    pub locales: BTreeMap<String, BTreeMap<String, Entry>>,
}

/// FNV-1a, 64 bit: stable across platforms and releases (the lock is committed).
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

impl Lock {
    /// Reads the lock; `None` when there is none.
    pub fn read(root: &Path) -> Result<Option<Lock>> {
        let path = root.join(LOCK_FILE);
        if !path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {LOCK_FILE}"))?;
        let lock: Lock = serde_json::from_str(&text).with_context(|| format!("{LOCK_FILE} is not a valid lock file"))?;
        if lock.version != LOCK_VERSION {
            bail!("{LOCK_FILE} has version {}, this polydoc reads version {LOCK_VERSION}", lock.version);
        }
        Ok(Some(lock))
    }

    /// Writes the lock (pretty JSON, sorted keys, trailing newline).
    pub fn write(&self, root: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)? + "\n";
        std::fs::write(root.join(LOCK_FILE), text).with_context(|| format!("cannot write {LOCK_FILE}"))
    }
}

/// Lock key of a unit of a file.
fn key(stem: &str, unit: &str) -> String {
    format!("{stem}/{unit}")
}

/// Reports stale and unconfirmed translations of `tr`.
pub fn check(lock: Option<&Lock>, en: &LocaleFiles, tr: &LocaleFiles, out: &mut Vec<Finding>) {
    let lock_path = PathBuf::from(LOCK_FILE);
    let Some(entries) = lock.map(|l| l.locales.get(&tr.code)) else {
        out.push(Finding::new(Rule::Unconfirmed, Place { file: &lock_path, source: None, line: 1, column: 1 }, format!("there is no {LOCK_FILE}, so stale `{}` translations cannot be detected", tr.code), tr.code.clone(), format!("run `polydoc l10n confirm {}` once the translations are reviewed", tr.code)));
        return;
    };
    for (stem, en_doc) in &en.files {
        let Some(tr_doc) = tr.files.get(stem) else { continue };
        for unit in &tr_doc.units {
            let Some(en_unit) = en_doc.unit(&unit.key) else { continue };
            match entries.and_then(|e| e.get(&key(stem, &unit.key))) {
                None => out.push(Finding::new(Rule::Unconfirmed, tr_doc.place(unit), format!("`{}` is not recorded in {LOCK_FILE}", unit.key), unit.text.clone(), format!("review it, then run `polydoc l10n confirm {} {}`", tr.code, unit.key))),
                Some(e) if e.hash != hash(&en_unit.text) => out.push(Finding::new(
                    Rule::Stale,
                    tr_doc.place(unit),
                    format!("`{}` was translated from older English text\n  old English: {}\n  new English: {}", unit.key, e.en, en_unit.text),
                    unit.text.clone(),
                    format!("update the translation, then run `polydoc l10n confirm {} {}`", tr.code, unit.key.split('.').next().unwrap_or(&unit.key)),
                )),
                Some(_) => {}
            }
        }
    }
}

/// `polydoc l10n confirm LOCALE [IDS...]`: records the current English of the given messages
/// (all translated messages when `ids` is empty) as what `locale` was translated from.
/// Returns how many units were confirmed.
pub fn confirm(root: &Path, locale: &str, ids: &[String]) -> Result<usize> {
    crate::localize::parse_locale_code(locale)?;
    if locale == crate::localize::SOURCE_LOCALE {
        bail!("`{locale}` is the source locale; confirm a translation instead");
    }
    let mut ignored = Vec::new();
    let en = load_locale(root, crate::localize::SOURCE_LOCALE, &mut ignored)?;
    let tr = load_locale(root, locale, &mut ignored).with_context(|| format!("no locales/{locale}/"))?;
    let mut lock = Lock::read(root)?.unwrap_or(Lock { version: LOCK_VERSION, ..Lock::default() });
    let entries = lock.locales.entry(locale.to_string()).or_default();
    if ids.is_empty() {
        entries.clear();
    }
    let mut confirmed = 0;
    let mut matched = vec![false; ids.len()];
    for (stem, en_doc) in &en.files {
        let Some(tr_doc) = tr.files.get(stem) else { continue };
        for unit in &tr_doc.units {
            let Some(en_unit) = en_doc.unit(&unit.key) else { continue };
            let message = unit.key.split('.').next().unwrap_or(&unit.key);
            let wanted = ids.is_empty() || ids.iter().enumerate().any(|(i, id)| (id == message || id == &unit.key).then(|| matched[i] = true).is_some());
            if wanted {
                entries.insert(key(stem, &unit.key), Entry { hash: hash(&en_unit.text), en: en_unit.text.clone() });
                confirmed += 1;
            }
        }
    }
    if let Some(i) = matched.iter().position(|m| !m) {
        bail!("`{}` is not a message translated in locales/{locale}/", ids[i]);
    }
    lock.write(root)?;
    Ok(confirmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_fnv1a() {
        assert_eq!(hash(""), "fnv1a64:cbf29ce484222325");
        assert_eq!(hash("a"), "fnv1a64:af63dc4c8601ec8c");
        assert_ne!(hash("Create chat"), hash("Create a chat"));
    }
}
