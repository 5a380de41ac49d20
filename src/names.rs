//! Portable names: the rules every stage that lists source folders applies to file and folder
//! names (and `validate` to ids that become output names). No name reserved on Windows (`con`,
//! `aux`, `nul`, `com1`, with or without an extension, any case), none with a control
//! character or ending in a dot or a space, and no two names in one folder that differ only in
//! case or Unicode normalization (`de`/`DE`, NFC/NFD `é`): such a project cannot be checked out
//! on Windows or macOS, or silently loses a file there. Depends on nothing else of polydoc, so
//! the loaders of every stage can use it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

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
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    // Device names have at most 7 characters, and lowercasing never makes fewer characters:
    // a longer stem (most names) is none of them.
    if stem.chars().nth(7).is_some() {
        return None;
    }
    let stem = stem.to_lowercase();
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
    /// Per folder: each name seen, by its folded form (NFC, lowercase).
    seen: HashMap<PathBuf, HashMap<String, String>>,
}

impl FolderNames {
    /// Checks the entry `name` of folder `folder` (shown relative to the project root): an
    /// error naming it when it is unportable ([`unportable_name`]) or the twin of an entry seen
    /// before in the same folder.
    pub fn check(&mut self, folder: &Path, name: &str) -> anyhow::Result<()> {
        if let Some(why) = unportable_name(name) {
            anyhow::bail!("{}: {why}; rename it", folder.join(name).display());
        }
        let key = folded(name);
        // Folders are met one after the other: the map of the current one is found without
        // building its path again.
        let names = match self.seen.get_mut(folder) {
            Some(names) => names,
            None => self.seen.entry(folder.to_path_buf()).or_default(),
        };
        if let Some(first) = names.get(&key) {
            if first != name {
                let how = if nfc(first) == nfc(name) {
                    "differ only in Unicode normalization (NFC and NFD), which macOS treats as one name"
                } else {
                    "differ only in case, which Windows and macOS treat as one name"
                };
                anyhow::bail!(
                    "{} and {}: the names {first:?} and {name:?} {how}; keep one of them",
                    folder.join(first).display(),
                    folder.join(name).display()
                );
            }
            return Ok(());
        }
        names.insert(key, name.to_string());
        Ok(())
    }
}

/// A name as macOS and Windows compare it: NFC, lowercase. An ASCII name (nearly all of
/// them) is its own NFC.
fn folded(name: &str) -> String {
    match name.is_ascii() {
        true => name.to_ascii_lowercase(),
        false => name.nfc().collect::<String>().to_lowercase(),
    }
}

/// A name in NFC, its case kept: twins with the same NFC differ only in normalization.
fn nfc(name: &str) -> String {
    name.nfc().collect()
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
        for good in [
            "console",
            "comx",
            "com10",
            "lpt",
            "auxiliary.ftl",
            ".hidden",
            "a.b",
            "nu",
            "conout$$",
            "CLOCK$$.yaml",
        ] {
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
        names.check(Path::new("content"), "\u{c4}mter").unwrap();
        let err = names.check(Path::new("content"), "\u{e4}mter").unwrap_err().to_string();
        assert!(err.contains("differ only in case"), "{err}");
        let err = names.check(Path::new("content"), "a\u{308}mter").unwrap_err().to_string();
        assert!(err.contains("differ only in case"), "an NFD twin in the other case: {err}");
        // The same name in another folder is no twin.
        names.check(Path::new("locales/es"), "de").unwrap();
    }
}
