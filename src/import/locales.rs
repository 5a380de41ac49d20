//! `import openapi --locales de,es`: starts the translations of an imported project. Each
//! named locale gets `locales/<code>/ui.ftl` with polydoc's own translation of the page chrome
//! (shipped for the locales in [`crate::localize::SHIPPED_UI`]); the operation messages are
//! left to translators, so the build shows them in English and summarizes what is missing. An
//! existing `ui.ftl` is never replaced, and a locale polydoc has no translation for is an error
//! before anything is written.

use crate::localize::{parse_locale_code, shipped_ui, SHIPPED_UI, SOURCE_LOCALE};
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// Checks that polydoc can start every locale of `codes` (call before importing, so a bad
/// `--locales` leaves the project as it was).
pub fn check_locales(codes: &[String]) -> Result<()> {
    codes.iter().try_for_each(|code| shipped(code).map(|_| ()))
}

/// The shipped `ui.ftl` of `code`, or the error saying how to start it by hand.
fn shipped(code: &str) -> Result<&'static str> {
    parse_locale_code(code)?;
    match shipped_ui(code) {
        Some(text) => Ok(text),
        None => {
            let shipped: Vec<&str> = SHIPPED_UI.iter().map(|(c, _)| *c).collect();
            bail!(
                "--locales: polydoc ships the page chrome (ui.ftl) in {} only; to start `{code}`, translate locales/en/ui.ftl into locales/{code}/ui.ftl",
                shipped.join(", ")
            )
        }
    }
}

/// Creates `locales/<code>/ui.ftl` for each of `codes` that lacks one; returns the files
/// written (relative to `root`).
pub fn start_locales(root: &Path, codes: &[String]) -> Result<Vec<PathBuf>> {
    check_locales(codes)?;
    let mut todo = Vec::new();
    for code in codes.iter().filter(|c| c.as_str() != SOURCE_LOCALE) {
        let text = shipped(code)?;
        let rel = PathBuf::from("locales").join(code).join("ui.ftl");
        if std::fs::symlink_metadata(root.join(&rel)).is_err() {
            todo.push((rel, text));
        }
    }
    for (rel, text) in &todo {
        super::write_atomic(&root.join(rel), text)?;
    }
    Ok(todo.into_iter().map(|(rel, _)| rel).collect())
}
