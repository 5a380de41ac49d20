//! Stage 6, write: pages go to a fresh staging folder beside the output; only a complete build
//! touches the output, so a failed build leaves the previous site exactly as it was. A full
//! build replaces the output folder as a whole (rename); an incremental build moves just the
//! changed files into it (each file replaced by a rename) and updates the marker last.
//! polydoc only replaces a folder it created itself (it carries a marker file naming the
//! generation of the build that wrote it).

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

/// The generation recorded in the marker file of output folder `out`, if any.
pub fn output_generation(out: &Path) -> Option<String> {
    let text = std::fs::read_to_string(out.join(MARKER)).ok()?;
    text.lines().find_map(|l| l.strip_prefix("generation: ")).map(str::to_string)
}

/// Every file below `out`, as sorted `/`-separated relative paths.
pub fn list_files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(out).unwrap_or(e.path()).to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    files
}

fn marker_text(generation: &str) -> String {
    format!("This folder was written by polydoc and is replaced on every build.\ngeneration: {generation}\n")
}

/// Refuses output folders polydoc must never replace: `/`, the home folder, the project root
/// or one of its ancestors, a folder holding `content/`, `locales/` or `templates/`, and an
/// existing non-empty folder polydoc did not create.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    check_output_path(out, &absolute(out)?, &absolute(root)?)?;
    // The same checks on the real paths, so a symbolic link (`public -> ..`, `site -> ~`) or
    // a symlinked project root cannot smuggle a protected folder past them.
    if let (Ok(real_out), Ok(real_root)) = (std::fs::canonicalize(out), std::fs::canonicalize(root)) {
        check_output_path(out, &real_out, &real_root)?;
    }
    Ok(())
}

fn check_output_path(out: &Path, abs_out: &Path, abs_root: &Path) -> Result<()> {
    if abs_out.parent().is_none() {
        bail!("refusing to write the site to {}: it is the file system root", out.display());
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if home.is_some_and(|h| absolute(&h).ok().as_deref() == Some(abs_out) || std::fs::canonicalize(&h).ok().as_deref() == Some(abs_out)) {
        bail!("refusing to write the site to {}: it is the home folder", out.display());
    }
    if abs_root.starts_with(abs_out) {
        bail!("refusing to write the site to {}: it is the project root or contains it", out.display());
    }
    for source in ["content", "locales", "templates"] {
        if abs_out.join(source).exists() {
            bail!("refusing to write the site to {}: it contains a {source}/ folder", out.display());
        }
    }
    if abs_out.is_dir() && !abs_out.join(MARKER).is_file() && std::fs::read_dir(abs_out)?.next().is_some() {
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
    /// Creates an empty staging folder next to `out` for a build of `generation`.
    pub fn new(out: &Path, generation: &str) -> Result<Staging> {
        let out = absolute(out)?;
        let parent = out.parent().context("output folder has no parent")?.to_path_buf();
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out.file_name().context("output folder has no name")?.to_string_lossy().into_owned();
        let dir = parent.join(format!(".{name}.polydoc-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::write(dir.join(MARKER), marker_text(generation))?;
        Ok(Staging { dir, out, committed: false })
    }

    /// The output folder this staging folder is for.
    pub fn out(&self) -> &Path {
        &self.out
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

impl Staging {
    /// Moves every staged file into the existing output folder (the marker last) and removes
    /// `obsolete` files (paths inside the output) and the folders they leave empty.
    pub fn commit_in_place(mut self, obsolete: &[String]) -> Result<()> {
        let mut staged = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir).min_depth(1) {
            let entry = entry.with_context(|| format!("cannot walk {}", self.dir.display()))?;
            if entry.file_type().is_file() && entry.file_name() != MARKER {
                staged.push(entry.path().strip_prefix(&self.dir).expect("inside staging").to_path_buf());
            }
        }
        for rel in &staged {
            let dest = self.out.join(rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::rename(self.dir.join(rel), &dest).with_context(|| format!("cannot move {} into place", dest.display()))?;
        }
        for rel in obsolete {
            let path = self.out.join(rel);
            if path.is_file() {
                std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.out) {
                if std::fs::remove_dir(d).is_err() {
                    break; // not empty
                }
                dir = d.parent();
            }
        }
        std::fs::rename(self.dir.join(MARKER), self.out.join(MARKER)).context("cannot update the output marker")?;
        self.committed = true;
        std::fs::remove_dir_all(&self.dir).with_context(|| format!("cannot remove {}", self.dir.display()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
