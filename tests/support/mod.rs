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

/// stderr of an output as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
