//! `locales/polydoc.lock`: for every translated message, the English text it was translated
//! from and its hash. When English changes, the translations are stale until a translator
//! confirms them with `polydoc l10n confirm LOCALE [MESSAGE-ID...]`, which rewrites the lock.
//!
//! The lock is a source file like any other: when it is a symbolic link, `check` reports it
//! (`source-symlink`) without reading it, and `confirm` refuses to read or write through it.

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
    /// Names the translation kept identical to English when it was confirmed (brand and
    /// product names such as `Microsoft Teams`, or the whole text of a message kept as in
    /// English, like those in the allowlist): translating one later is `locked-term`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<String>,
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

/// What `locales/polydoc.lock` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockFile {
    /// There is none.
    Missing,
    /// A symbolic link (dangling or not): not read.
    Link,
    /// A real file, read.
    Found(Lock),
}

impl LockFile {
    /// Looks at the lock without following a symbolic link; reads it when it is a real file.
    pub fn load(root: &Path) -> Result<LockFile> {
        let path = root.join(LOCK_FILE);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(LockFile::Missing),
            Err(e) => Err(anyhow::Error::new(e).context(format!("cannot read {LOCK_FILE}"))),
            Ok(m) if m.file_type().is_symlink() => Ok(LockFile::Link),
            Ok(_) => Lock::parse(&crate::fsafe::read_text(&path, Path::new(LOCK_FILE))?)
                .map(LockFile::Found),
        }
    }
}

impl Lock {
    /// Reads the lock; `None` when there is none; an error when it is a symbolic link.
    pub fn read(root: &Path) -> Result<Option<Lock>> {
        match LockFile::load(root)? {
            LockFile::Missing => Ok(None),
            LockFile::Link => Err(link_error()),
            LockFile::Found(lock) => Ok(Some(lock)),
        }
    }

    fn parse(text: &str) -> Result<Lock> {
        let lock: Lock = serde_json::from_str(text)
            .with_context(|| format!("{LOCK_FILE} is not a valid lock file"))?;
        if lock.version != LOCK_VERSION {
            bail!(
                "{LOCK_FILE} has version {}, this polydoc reads version {LOCK_VERSION}",
                lock.version
            );
        }
        Ok(lock)
    }

    /// Writes the lock (pretty JSON, sorted keys, trailing newline), never through a symbolic
    /// link: one at the lock (or at `locales/`) is refused, also when it appears meanwhile.
    pub fn write(&self, root: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)? + "\n";
        let path = root.join(LOCK_FILE);
        crate::fsafe::refuse_symlinks(&path, Path::new(LOCK_FILE)).map_err(|_| link_error())?;
        let mut file = create_no_follow(&path).map_err(|e| {
            match std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                true => link_error(),
                false => anyhow::Error::new(e).context(format!("cannot write {LOCK_FILE}")),
            }
        })?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("cannot write {LOCK_FILE}"))
    }
}

/// The error of `confirm` when the lock is, or lies behind, a symbolic link.
fn link_error() -> anyhow::Error {
    anyhow::anyhow!(
        "{LOCK_FILE} is a symbolic link, so it is neither read nor written ({})",
        crate::localize::LINK_HINT
    )
}

/// Creates or truncates `path` for writing; fails (`ELOOP`) when it is a symbolic link.
fn create_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    crate::fsafe::open_no_follow(
        path,
        std::fs::OpenOptions::new().write(true).create(true).truncate(true),
    )
}

/// Lock key of a unit of a file.
fn key(stem: &str, unit: &str) -> String {
    format!("{stem}/{unit}")
}

/// Reports stale and unconfirmed translations of `tr` (nothing when the lock is a symbolic
/// link: that is reported once, by [`link_findings`]).
pub fn check(lock: &LockFile, en: &LocaleFiles, tr: &LocaleFiles, out: &mut Vec<Finding>) {
    let lock_path = PathBuf::from(LOCK_FILE);
    let entries = match lock {
        LockFile::Link => return,
        LockFile::Found(l) => l.locales.get(&tr.code),
        LockFile::Missing => {
            out.push(Finding::new(
                Rule::Unconfirmed,
                Place { file: &lock_path, source: None, line: 1, column: 1 },
                format!(
                    "there is no {LOCK_FILE}, so stale `{}` translations cannot be detected",
                    tr.code
                ),
                tr.code.clone(),
                format!(
                    "run `polydoc l10n confirm {}` once the translations are reviewed",
                    tr.code
                ),
            ));
            return;
        }
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
                Some(e) => locked_terms(e, &en_unit.text, tr_doc, unit, out),
            }
        }
    }
}

/// The names of `en` a translation `tr` keeps as they are: its whole text when the two are
/// identical, else every capitalized word or run of capitalized words of the English (outside
/// placeables) that the translation has verbatim as whole words (`Microsoft Teams`, `JSON`).
pub fn kept_names(en: &str, tr: &str) -> Vec<String> {
    if en == tr {
        return vec![en.to_string()];
    }
    let mut kept: Vec<String> = Vec::new();
    for name in capitalized_runs(en) {
        if has_word(tr, &name) && !kept.contains(&name) {
            kept.push(name);
        }
    }
    kept
}

/// Runs of capitalized words (a capital letter, then letters, digits, `.` or `-` inside), with
/// `{ ... }` placeables skipped. A lone word that starts a sentence is capitalized for that
/// reason only and is left out unless it has another capital (`OData`, `JSON`).
fn capitalized_runs(text: &str) -> Vec<String> {
    let mut plain = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => plain.push(' '),
        }
    }
    let mut runs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut run_starts_sentence = false;
    let mut sentence_start = true;
    let mut flush = |current: &mut Vec<&str>, initial: bool| {
        let inner_capital = |w: &str| w.chars().skip(1).any(char::is_uppercase);
        if current.len() > 1 || (current.len() == 1 && (!initial || inner_capital(current[0]))) {
            runs.push(current.join(" "));
        }
        // `Use Microsoft Teams`: the sentence's first word may not belong to the name.
        if initial && current.len() > 1 && !inner_capital(current[0]) {
            runs.push(current[1..].join(" "));
        }
        current.clear();
    };
    for word in plain.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = core.chars().next().is_some_and(char::is_uppercase)
            && core.chars().count() >= 2
            && core.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let bare =
            word.trim_end_matches([',', '.', ';', ':', ')', '!', '?']).trim_start_matches('(');
        if capital && core == bare {
            if current.is_empty() {
                run_starts_sentence = sentence_start;
            }
            current.push(core);
            if core.len() != word.len() {
                flush(&mut current, run_starts_sentence);
            }
        } else if !current.is_empty() {
            flush(&mut current, run_starts_sentence);
        }
        sentence_start = word.ends_with(['.', '!', '?', ':']);
    }
    if !current.is_empty() {
        flush(&mut current, run_starts_sentence);
    }
    runs
}

/// True when `text` has `name` not inside a longer word.
fn has_word(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(char::is_alphanumeric)
            && !text[i + name.len()..].chars().next().is_some_and(char::is_alphanumeric)
    })
}

/// `locked-term`: a name recorded as kept when the translation was confirmed is still in the
/// English (unchanged: a changed English is `stale`) but no longer in the translation.
fn locked_terms(
    e: &Entry,
    en: &str,
    doc: &super::ftl::FtlDoc,
    unit: &super::ftl::Unit,
    out: &mut Vec<Finding>,
) {
    for name in &e.kept {
        let whole = *name == e.en;
        let lost = if whole {
            unit.text != *en
        } else {
            has_word(en, name) && !has_word(&unit.text, name)
        };
        if lost {
            let what = if whole { "the whole message".to_string() } else { format!("`{name}`") };
            out.push(Finding::new(
                Rule::LockedTerm,
                doc.place(unit),
                format!("`{}` kept {what} as in English when it was confirmed, but now translates it: {}", unit.key, unit.text),
                name.clone(),
                format!("keep `{name}` as in English (a brand or product name), or confirm the change with `polydoc l10n confirm`"),
            ));
        }
    }
}

/// The `source-symlink` finding of a lock that is a symbolic link, if it is one.
pub fn link_findings(lock: &LockFile, out: &mut Vec<Finding>) {
    if *lock == LockFile::Link {
        let mut finding = Finding::source_symlink(Path::new(LOCK_FILE));
        finding.message = format!("{LOCK_FILE} is a symbolic link, so it was not read and stale translations cannot be detected");
        out.push(finding);
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
    crate::localize::locale_folders(root)?.refuse_link(locale)?;
    let mut ignored = Vec::new();
    let en = load_locale(root, crate::localize::SOURCE_LOCALE, &mut ignored)?;
    let tr =
        load_locale(root, locale, &mut ignored).with_context(|| format!("no locales/{locale}/"))?;
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
            let wanted = ids.is_empty()
                || ids.iter().enumerate().any(|(i, id)| {
                    (id == message || id == &unit.key).then(|| matched[i] = true).is_some()
                });
            if wanted {
                entries.insert(
                    key(stem, &unit.key),
                    Entry {
                        hash: hash(&en_unit.text),
                        en: en_unit.text.clone(),
                        kept: kept_names(&en_unit.text, &unit.text),
                    },
                );
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

    #[cfg(unix)]
    #[test]
    fn the_lock_is_never_created_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.json");
        std::fs::write(&target, "kept").unwrap();
        let link = dir.path().join("polydoc.lock");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(create_no_follow(&link).is_err());
        std::os::unix::fs::symlink(
            dir.path().join("absent.json"),
            dir.path().join("dangling.lock"),
        )
        .unwrap();
        assert!(create_no_follow(&dir.path().join("dangling.lock")).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
        assert!(!dir.path().join("absent.json").exists());
    }

    #[test]
    fn kept_names_are_brand_like_words_the_translation_has_verbatim() {
        assert_eq!(
            kept_names(
                "Use Microsoft Teams with the API.",
                "Verwenden Sie Microsoft Teams mit der API."
            ),
            vec!["Microsoft Teams", "API"]
        );
        assert!(kept_names("Use the value.", "Use el valor.").is_empty(), "sentence start");
        assert_eq!(kept_names("OData errors", "Errores de OData"), vec!["OData"]);
        assert_eq!(kept_names("Status", "Status"), vec!["Status"]);
    }

    #[test]
    fn hash_is_stable_fnv1a() {
        assert_eq!(hash(""), "fnv1a64:cbf29ce484222325");
        assert_eq!(hash("a"), "fnv1a64:af63dc4c8601ec8c");
        assert_ne!(hash("Create chat"), hash("Create a chat"));
    }
}
