//! Shared helpers for the CLI tests: a throw-away copy of the shipped project, running the real
//! binary, and a fingerprint of an output folder to prove a failed build left it untouched.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root (the shipped project).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `from` into `to` recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary project holding a copy of the shipped content, locales and templates.
pub fn shipped_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "locales", "templates"] {
        copy_dir(&repo_root().join(part), &dir.path().join(part));
    }
    dir
}

/// Runs the real `polydoc` binary in `cwd`.
pub fn polydoc(cwd: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("polydoc").unwrap().current_dir(cwd).args(args).output().unwrap()
}

/// Every file below `dir` with its bytes.
pub fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.insert(entry.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Asserts two fingerprints are equal, naming the files that differ instead of dumping bytes.
pub fn assert_same_files(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let differ: Vec<_> = a.iter().filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v)).map(|(k, _)| k).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty() && differ.is_empty(),
        "{what}: only in first {only_a:?}, only in second {only_b:?}, different {differ:?}"
    );
}

/// stderr of an output as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
