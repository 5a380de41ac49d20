//! Stage 2, validate: what a build needs to be true of the loaded specs before anything is
//! rendered (safe ids, known types and properties, unique ids). Each problem points at the
//! YAML line. Deeper content checks (drift, example data) belong to `polydoc check`.
//!
//! It also owns the portable-name rules shared by every stage that lists source folders: no
//! name reserved on Windows (`con`, `aux`, `nul`, `com1`, with or without an extension, any
//! case), no name ending in a dot or a space, and no two names in one folder that differ only
//! in case or Unicode normalization (`de`/`DE`, NFC/NFD `é`): such a project cannot be checked
//! out on Windows or macOS, or silently loses a file there.

use crate::diag::SourceError;
use crate::spec::{Operation, Schema, Site};
use anyhow::Result;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// True for a slug usable as a folder and URL segment: `a-z`, `0-9`, `-`, not starting with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

fn at<T>(op: &Operation, spanned: &Spanned<T>, message: String) -> SourceError {
    let loc = spanned.referenced;
    SourceError::new(
        &op.file,
        Some(&op.source),
        loc.line() as usize,
        loc.column() as usize,
        message,
    )
}

/// Device names Windows reserves in every folder, with or without an extension.
const RESERVED: &[&str] = &["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"];

/// Why `name` cannot be a file or folder name on Windows, if it cannot: a control character in
/// it, a reserved device
/// name (`con`, `aux.yaml`, `COM1.ftl`, `lpt9`, any case, with or without an extension) or a
/// name ending in a dot or a space (Windows drops those, so two files become one).
pub fn unportable_name(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the name {name:?} has the control character {c:?}, which Windows forbids in file names and which would reach terminals and reports"
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        if name == "." || name == ".." {
            return None;
        }
        return Some(format!(
            "the name {name:?} ends with a dot or a space, which Windows drops from file names"
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ').to_lowercase();
    let numbered = ["com", "lpt"].iter().any(|p| {
        stem.strip_prefix(p).is_some_and(|n| {
            matches!(n.chars().collect::<Vec<_>>()[..], [c] if c.is_ascii_digit() || "¹²³".contains(c))
        })
    });
    (numbered || RESERVED.contains(&stem.as_str())).then(|| {
        format!(
            "the name {name:?} is reserved on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with or without an extension, in any case, are device names there)"
        )
    })
}

/// The names seen so far in source folders, to find twins: two entries of one folder whose
/// names differ only in case or Unicode normalization.
#[derive(Default)]
pub struct FolderNames {
    seen: HashMap<(PathBuf, String), String>,
}

impl FolderNames {
    /// Checks the entry `name` of folder `folder` (shown relative to the project root): an
    /// error naming it when it is unportable ([`unportable_name`]) or the twin of an entry seen
    /// before in the same folder.
    pub fn check(&mut self, folder: &Path, name: &str) -> anyhow::Result<()> {
        let shown = folder.join(name);
        if let Some(why) = unportable_name(name) {
            anyhow::bail!("{}: {why}; rename it", shown.display());
        }
        let nfc: String = name.nfc().collect();
        let key = (folder.to_path_buf(), nfc.to_lowercase());
        if let Some(first) = self.seen.get(&key) {
            if first != name {
                let first_nfc: String = first.nfc().collect();
                let how = if first_nfc == nfc {
                    "differ only in Unicode normalization (NFC and NFD), which macOS treats as one name"
                } else {
                    "differ only in case, which Windows and macOS treat as one name"
                };
                anyhow::bail!(
                    "{} and {}: the names {first:?} and {name:?} {how}; keep one of them",
                    folder.join(first).display(),
                    shown.display()
                );
            }
        }
        self.seen.insert(key, name.to_string());
        Ok(())
    }
}

/// Every unportable name in the project's source folders, as (path relative to `root`, what is
/// wrong): the entries of `content/` and `templates/` at any depth, of `locales/` and of each
/// locale folder. Links are not followed. `check` reports these as `portable-name` findings
/// (the build stops at the first, see [`FolderNames`]).
pub fn unportable_names(root: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for (dir, depth) in [("content", usize::MAX), ("locales", 2), ("templates", usize::MAX)] {
        let mut names = FolderNames::default();
        let top = root.join(dir);
        for entry in walkdir::WalkDir::new(&top).min_depth(1).max_depth(depth).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let below = entry.path().strip_prefix(&top).unwrap_or(entry.path());
            let shown = Path::new(dir).join(below);
            let name = entry.file_name().to_string_lossy();
            if let Err(e) = names.check(shown.parent().unwrap_or(Path::new(dir)), &name) {
                found.push((shown, e.to_string()));
            }
        }
    }
    found
}

/// The error for an id (operation, example, note) that is a name reserved on Windows: it
/// becomes a folder or file name of the output.
fn id_unportable(what: &str, id: &str) -> Option<String> {
    unportable_name(id).map(|why| format!("{what} {id:?} cannot be used: {why}"))
}

/// Every id of `op` that cannot be a file name on Windows, with its location: the operation
/// id, example ids and note ids (`polydoc check` reports them, `build` refuses them).
pub fn unportable_ids(op: &Operation) -> Vec<SourceError> {
    let spec = &op.spec;
    let mut found = Vec::new();
    if let Some(m) = id_unportable("operation id", op.id()) {
        found.push(at(op, &spec.id, m));
    }
    for ex in &spec.examples {
        if let Some(m) = id_unportable("example id", &ex.id.value) {
            found.push(at(op, &ex.id, m));
        }
    }
    for note in &spec.notes {
        if let Some(m) = id_unportable("note id", note) {
            // Notes are plain strings (no span): point at their first use after `notes:`.
            let from = op.source.find("notes:").unwrap_or(0);
            let offset = op.source[from..].find(note.as_str()).map_or(from, |i| from + i);
            found.push(SourceError::at_offset(&op.file, &op.source, offset, m));
        }
    }
    found
}

/// Validates the whole site; returns the first problem found.
pub fn validate(site: &Site) -> Result<()> {
    let mut seen: BTreeMap<&str, &Operation> = BTreeMap::new();
    for op in &site.operations {
        validate_operation(&site.schema, op)?;
        if let Some(first) = seen.insert(op.id(), op) {
            return Err(at(
                op,
                &op.spec.id,
                format!("operation id `{}` is already used by {}", op.id(), first.file.display()),
            )
            .into());
        }
    }
    Ok(())
}

/// Validates one operation against the schema (ids, referenced types and properties).
pub fn validate_operation(schema: &Schema, op: &Operation) -> Result<()> {
    let spec = &op.spec;
    if !is_slug(op.id()) {
        return Err(at(op, &spec.id, format!("operation id {:?} must be lower-case letters, digits and `-` (it becomes a folder name)", op.id())).into());
    }
    if let Some(body) = &spec.request_body {
        let t = &body.type_name;
        if schema.get(&t.value).is_none() {
            return Err(at(
                op,
                t,
                format!("request body type `{}` is not declared in content/schema", t.value),
            )
            .into());
        }
        for p in &body.properties {
            if schema.property(&t.value, &p.name.value).is_none() {
                return Err(at(
                    op,
                    &p.name,
                    format!("property `{}` is not declared on type `{}`", p.name.value, t.value),
                )
                .into());
            }
        }
    }
    let rt = &spec.response.type_name;
    if schema.get(&rt.value).is_none() {
        return Err(at(
            op,
            rt,
            format!("response type `{}` is not declared in content/schema", rt.value),
        )
        .into());
    }
    let mut ids = BTreeMap::new();
    for ex in &spec.examples {
        if !is_slug(&ex.id.value) {
            return Err(at(
                op,
                &ex.id,
                format!("example id {:?} must be lower-case letters, digits and `-`", ex.id.value),
            )
            .into());
        }
        if ids.insert(ex.id.value.as_str(), ()).is_some() {
            return Err(
                at(op, &ex.id, format!("example id `{}` is used twice", ex.id.value)).into()
            );
        }
    }
    for note in &spec.notes {
        if !is_slug(note) {
            anyhow::bail!(
                "{}: note id {note:?} must be lower-case letters, digits and `-`",
                op.file.display()
            );
        }
    }
    if let Some(e) = unportable_ids(op).into_iter().next() {
        return Err(e.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_device_names_and_trailing_dots_are_unportable() {
        for bad in [
            "con",
            "CON",
            "Con.yaml",
            "aux.tar.gz",
            "nul",
            "prn.ftl",
            "com1",
            "COM9.md",
            "lpt0",
            "lpt¹",
            "com³.txt",
            "conin$",
            "con .txt",
            "x.",
            "x ",
            "de..",
        ] {
            assert!(unportable_name(bad).is_some(), "{bad:?} must be refused");
        }
        for good in ["console", "comx", "com10", "lpt", "auxiliary.ftl", ".hidden", "a.b", "nu"] {
            assert!(unportable_name(good).is_none(), "{good:?} is fine");
        }
    }

    #[test]
    fn twins_differ_only_in_case_or_normalization_within_one_folder() {
        let mut names = FolderNames::default();
        names.check(Path::new("locales"), "de").unwrap();
        let err = names.check(Path::new("locales"), "DE").unwrap_err().to_string();
        assert!(err.contains("locales/de and locales/DE") && err.contains("case"), "{err}");
        names.check(Path::new("content"), "caf\u{e9}").unwrap();
        let err = names.check(Path::new("content"), "cafe\u{301}").unwrap_err().to_string();
        assert!(err.contains("Unicode normalization"), "{err}");
        // The same name in another folder is no twin.
        names.check(Path::new("locales/es"), "de").unwrap();
    }
}
