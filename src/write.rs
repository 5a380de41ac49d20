//! Stage 6, write: pages go to a fresh staging folder beside the output; only a complete build
//! replaces the output (rename), so a failed build leaves the previous site exactly as it was.
//! polydoc only replaces a folder it created itself (it carries a marker file).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Marker file polydoc writes into every output folder it creates.
pub const MARKER: &str = ".polydoc-output";

/// A staging folder that is removed unless committed.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

/// Refuses output folders polydoc must never replace: `/`, the home folder, the project root
/// or one of its ancestors, a folder holding `content/`, `locales/` or `templates/`, and an
/// existing non-empty folder polydoc did not create.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let abs_out = absolute(out)?;
    let abs_root = absolute(root)?;
    if abs_out.parent().is_none() {
        bail!("refusing to write the site to {}: it is the file system root", out.display());
    }
    if std::env::var_os("HOME").is_some_and(|h| absolute(Path::new(&h)).ok().as_deref() == Some(abs_out.as_path())) {
        bail!("refusing to write the site to {}: it is the home folder", out.display());
    }
    if abs_root.starts_with(&abs_out) {
        bail!("refusing to write the site to {}: it is the project root or contains it", out.display());
    }
    for source in ["content", "locales", "templates"] {
        if abs_out.join(source).exists() {
            bail!("refusing to write the site to {}: it contains a {source}/ folder", out.display());
        }
    }
    if abs_out.is_dir() && !abs_out.join(MARKER).is_file() && std::fs::read_dir(&abs_out)?.next().is_some() {
        bail!("refusing to replace {}: it is not empty and was not written by polydoc (no {MARKER} file)", out.display());
    }
    Ok(())
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("cannot resolve {}", p.display()))?;
    // Normalise `..` lexically so that `out/..` is recognised as the root.
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

impl Staging {
    /// Creates an empty staging folder next to `out`.
    pub fn new(out: &Path) -> Result<Staging> {
        let out = absolute(out)?;
        let parent = out.parent().context("output folder has no parent")?.to_path_buf();
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out.file_name().context("output folder has no name")?.to_string_lossy().into_owned();
        let dir = parent.join(format!(".{name}.polydoc-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::write(dir.join(MARKER), "This folder was written by polydoc and is replaced on every build.\n")?;
        Ok(Staging { dir, out, committed: false })
    }

    /// The staging folder to write into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to `rel` inside the staging folder, creating parents.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Swaps the staging folder in as the output; the previous output is removed only after
    /// the new one is in place.
    pub fn commit(mut self) -> Result<()> {
        let old = self.out.with_file_name(format!(
            ".{}.polydoc-old-{}",
            self.out.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old).with_context(|| format!("cannot move aside {}", self.out.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(e).with_context(|| format!("cannot move the new site to {}", self.out.display()));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
