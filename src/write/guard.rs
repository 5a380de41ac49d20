//! Which output folders polydoc may replace: never `/`, the home folder, the project root or an
//! ancestor of it, a folder holding `content/`, `locales/` or `templates/`, nor a non-empty folder
//! polydoc did not create. The checks run on the path as given and on the real path, so a
//! symbolic link cannot smuggle a protected folder past them.

use super::MARKER;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Refuses output folders polydoc must never replace (see the module header).
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    check_output_path(out, &absolute(out)?, &absolute(root)?)?;
    // The same checks on the real paths, so a symbolic link (`public -> ..`, `site -> ~`) or
    // a symlinked project root cannot smuggle a protected folder past them.
    if let (Ok(real_out), Ok(real_root)) = (std::fs::canonicalize(out), std::fs::canonicalize(root))
    {
        check_output_path(out, &real_out, &real_root)?;
    }
    Ok(())
}

fn check_output_path(out: &Path, abs_out: &Path, abs_root: &Path) -> Result<()> {
    if abs_out.parent().is_none() {
        bail!("refusing to write the site to {}: it is the file system root", out.display());
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if home.is_some_and(|h| {
        absolute(&h).ok().as_deref() == Some(abs_out)
            || std::fs::canonicalize(&h).ok().as_deref() == Some(abs_out)
    }) {
        bail!("refusing to write the site to {}: it is the home folder", out.display());
    }
    if abs_root.starts_with(abs_out) {
        bail!(
            "refusing to write the site to {}: it is the project root or contains it",
            out.display()
        );
    }
    for source in ["content", "locales", "templates"] {
        if abs_out.join(source).exists() {
            bail!(
                "refusing to write the site to {}: it contains a {source}/ folder",
                out.display()
            );
        }
    }
    if abs_out.is_dir()
        && !abs_out.join(MARKER).is_file()
        && std::fs::read_dir(abs_out)?.next().is_some()
    {
        bail!("refusing to replace {}: it is not empty and was not written by polydoc (no {MARKER} file)", out.display());
    }
    Ok(())
}

/// `p` made absolute against the working folder, with `.` and `..` resolved lexically (so that
/// `out/..` is recognised as the folder holding `out`).
pub fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("cannot resolve {}", p.display()))?;
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Ok(clean)
}
