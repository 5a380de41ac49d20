//! Stage 6, write: a build writes into a staging folder inside polydoc's work folder beside the
//! output (`.<name>.polydoc-cache/`), and only a complete build touches the output, in one atomic
//! step, so a failed or killed build leaves the previous site exactly as it was and a reader
//! never sees a mixture of two builds.
//!
//! - With the cache on and an output in place, a build brings `spare/`, a hard-linked mirror of
//!   the output, up to date (cheap: only the files the last build changed differ), replaces the
//!   files it changes in it (all of them in a full build), and swaps it with the output (an
//!   atomic exchange where the file system has one, see [`mirror::exchange`]). The previous site
//!   becomes the next build's spare, so nothing is deleted but the pages that changed.
//! - Otherwise (first build, `--no-cache`, non-HTML formats) the build writes every file into a
//!   fresh `staging/` folder, swaps it with the output and removes the previous site.
//!
//! polydoc only replaces a folder it created itself (its marker file names the generation of the
//! build that wrote it); one build at a time writes a given output (a lock in the work folder).

mod guard;
pub mod mirror;
pub mod snapshot;
mod workdir;

pub use guard::{check_output_dir, check_output_format, resolve_output};
pub use workdir::{TreeScan, Trees, WorkDir};

use crate::diag::Warning;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Marker file polydoc writes into every output folder it creates.
pub const MARKER: &str = ".polydoc-output";

/// The generation recorded in the marker file of output folder `out`, if any.
pub fn output_generation(out: &Path) -> Option<String> {
    marker_field(out, "generation")
}

/// The format (`html`, `json`, `markdown`, `commonmark`) recorded in the marker file of output
/// folder `out`, if any (markers of older versions record none).
pub fn output_format(out: &Path) -> Option<String> {
    marker_field(out, "format")
}

/// A `key: value` line of the marker file. The marker is opened without blocking or following
/// a link, and only when it is a regular file of sane size.
fn marker_field(out: &Path, key: &str) -> Option<String> {
    let path = out.join(MARKER);
    let (file, size) =
        crate::fsafe::open_regular(&path, &path, std::fs::OpenOptions::new().read(true)).ok()?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(file, size.min(4096)), &mut text)
        .ok()?;
    let prefix = format!("{key}: ");
    text.lines().find_map(|l| l.strip_prefix(prefix.as_str())).map(str::to_string)
}

fn marker_text(generation: &str, format: &str) -> String {
    format!("This folder was written by polydoc and is replaced on every build.\ngeneration: {generation}\nformat: {format}\n")
}

/// How a staging folder relates to the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Empty at the start: every file of the site is written into it.
    Fresh,
    /// A hard-linked copy of the output: only changed files are written, each as a new file
    /// (never through a link, which would change the live site).
    Mirror,
}

/// The folder a build writes into; the output is replaced by it on [`Staging::commit`]. If the
/// build fails, a fresh one is removed and a mirror is brought back to a hard-linked copy of
/// the output, so a failed build (a full disk, say) leaves no bytes of its own behind.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    mode: Mode,
    /// The output's scan when a mirror was made of it: the files the build does not keep are
    /// removed from the mirror before the swap, and a failed build restores the mirror from it.
    before: Option<mirror::Tree>,
    committed: bool,
    /// The snapshots the trees were read from, when they were (a mirror only).
    verified: Option<(snapshot::TreeSnapshots, snapshot::Clock)>,
    /// Every path of a mirror this build touched: linked by the sync, written or removed.
    touched: std::sync::Mutex<Vec<String>>,
}

/// What [`Staging::commit`] did: warnings about the cleanup after the swap and, for a mirror
/// whose trees were read from snapshots, what the next snapshots are derived from.
pub struct Committed {
    /// Cleanup failures after the new site was in place.
    pub warnings: Vec<Warning>,
    /// See [`snapshot::Basis`].
    pub basis: Option<snapshot::Basis>,
}

/// What the marker file of a build records: its generation and its format.
#[derive(Clone, Copy, Debug)]
pub struct Marker<'a> {
    /// The build's generation (the key of everything it was made from).
    pub generation: &'a str,
    /// The output format's name (`html`, `json`, `markdown`, `commonmark`).
    pub format: &'a str,
}

impl Staging {
    /// An empty staging folder for a full build ([`WorkDir::open`] has cleared any leftover
    /// of a killed build).
    pub fn fresh(work: &WorkDir, marker: Marker) -> Result<Staging> {
        let dir = work.staging_dir();
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let staging = Staging {
            dir,
            out: work.out().to_path_buf(),
            mode: Mode::Fresh,
            before: None,
            committed: false,
            verified: None,
            touched: Default::default(),
        };
        staging.write(MARKER, marker_text(marker.generation, marker.format).as_bytes())?;
        Ok(staging)
    }

    /// The work folder's spare, made a hard-linked copy of the output (scanned in `trees`), for
    /// a build that replaces the files it changes (or all of them).
    pub fn mirror(work: &WorkDir, trees: Trees, marker: Marker) -> Result<Staging> {
        let dir = work.spare_dir();
        let synced = mirror::sync(work.out(), &trees.out, &dir, Some(trees.spare))?;
        let staging = Staging {
            dir,
            out: work.out().to_path_buf(),
            mode: Mode::Mirror,
            before: Some(trees.out),
            committed: false,
            verified: trees.verified,
            touched: std::sync::Mutex::new(synced.touched),
        };
        staging.write(MARKER, marker_text(marker.generation, marker.format).as_bytes())?;
        Ok(staging)
    }

    /// The files of the output this staging folder replaces, when it is a mirror of it: once
    /// committed, the spare holds exactly these.
    pub fn replaced_files(&self) -> Option<Vec<String>> {
        self.before.as_ref().map(mirror::Tree::files)
    }

    /// The output folder this staging folder is for.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The staging folder to write into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to `rel` inside the staging folder, creating parents. In a mirror the old
    /// file is unlinked first: writing through it would change the live site's copy too.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        if self.mode == Mode::Mirror {
            self.touch(rel);
            remove_if_present(&path)?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Records that the build touched `rel` in a mirror (its folders created, if need be).
    fn touch(&self, rel: &str) {
        let mut touched = self.touched.lock().unwrap_or_else(|e| e.into_inner());
        let mut at = rel;
        touched.push(at.to_string());
        while let Some((parent, _)) = at.rsplit_once('/') {
            touched.push(parent.to_string());
            at = parent;
        }
    }

    /// Removes `rel` (a file the previous build wrote) and the folders it leaves empty.
    pub fn remove(&self, rel: &str) -> Result<()> {
        self.touch(rel);
        let path = self.dir.join(rel);
        remove_if_present(&path)?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.dir) {
            if std::fs::remove_dir(d).is_err() {
                break; // not empty
            }
            dir = d.parent();
        }
        Ok(())
    }

    /// Puts the staged site, whose files are `keep` (sorted), in place of the output in one
    /// atomic exchange. A mirror first drops the output's files not in `keep`, and then keeps
    /// the previous site as the next build's spare; a fresh staging folder then holds the
    /// previous site, which is removed. An error means the output was not replaced; once the
    /// new site is in place, a failure to clean up (removing the previous site) is returned as
    /// a warning: the build succeeded.
    pub fn commit(mut self, keep: &[String]) -> Result<Committed> {
        let before = self.before.as_ref().map(mirror::Tree::files).unwrap_or_default();
        for rel in &before {
            if keep.binary_search(rel).is_err() {
                self.remove(rel)?;
            }
        }
        let touched = std::mem::take(self.touched.get_mut().unwrap_or_else(|e| e.into_inner()));
        let basis = self.verified.take().map(|(verified, since)| snapshot::Basis {
            verified,
            since,
            touched: touched.into_iter().collect(),
        });
        if std::fs::symlink_metadata(&self.out).is_err() {
            std::fs::rename(&self.dir, &self.out)
                .with_context(|| format!("cannot move the new site to {}", self.out.display()))?;
            self.committed = true;
            return Ok(Committed { warnings: Vec::new(), basis: None });
        }
        let swapped = mirror::exchange(&self.dir, &self.out)?;
        let mut warnings = Vec::new();
        if !swapped {
            self.swap_by_renames(&mut warnings)?;
        }
        self.committed = true;
        if self.mode == Mode::Fresh {
            if let Err(e) = remove_tree(&self.dir) {
                warnings.push(after_swap(&self.out, "the previous site was not removed", e));
            }
        }
        // Swapped by renames, the roots' parents changed too: not worth deriving.
        Ok(Committed { warnings, basis: basis.filter(|_| swapped) })
    }

    /// Where the file system cannot exchange two folders: the output is renamed aside and the
    /// staging folder renamed into place (a reader may find no output between the two renames,
    /// but never a mixture), then the old site takes the staging folder's place (a failure of
    /// that last step is a warning in `warnings`: the new site is already in place).
    fn swap_by_renames(&self, warnings: &mut Vec<Warning>) -> Result<()> {
        let old = self.dir.with_extension("previous");
        if std::fs::symlink_metadata(&old).is_ok() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot clear {}", old.display()))?;
        }
        std::fs::rename(&self.out, &old)
            .with_context(|| format!("cannot move aside {}", self.out.display()))?;
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            let _ = std::fs::rename(&old, &self.out);
            return Err(e)
                .with_context(|| format!("cannot move the new site to {}", self.out.display()));
        }
        if let Err(e) = std::fs::rename(&old, &self.dir) {
            let e = anyhow::Error::new(e)
                .context(format!("cannot move the previous site to {}", self.dir.display()));
            warnings.push(after_swap(&self.out, "the previous site stays aside", e));
        }
        Ok(())
    }

    /// After a failed build: brings a mirror back to a hard-linked copy of the output (the
    /// files this build wrote go, freeing their space), or removes it when that fails; the
    /// next build then starts from a fresh folder.
    fn restore_mirror(&self) {
        let Some(tree) = &self.before else { return };
        if mirror::sync(&self.out, tree, &self.dir, None).is_err() {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// The warning for a cleanup step that failed after the new site was swapped in.
pub fn after_swap(out: &Path, what: &str, e: anyhow::Error) -> Warning {
    Warning(format!("the new site is in place in {}, but {what}: {e:#}", out.display()))
}

/// Removes a folder tree, if present: the folders two levels down (a site's locale folders
/// hold one folder per page) in parallel, as unlinking tens of thousands of files one by one
/// dominated replacing a large site; then what is left. Links are removed, never followed.
fn remove_tree(path: &Path) -> Result<()> {
    use rayon::prelude::*;
    let is_dir = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    let children = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default()
    };
    let grandchildren: Vec<PathBuf> =
        children(path).into_iter().filter(|c| is_dir(c)).flat_map(|c| children(&c)).collect();
    // Failures here are left to the final removal, which reports them.
    grandchildren.par_iter().for_each(|p| {
        let _ = if is_dir(p) { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) };
    });
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot replace {}", path.display()))
        }
        _ => Ok(()),
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A failed full build's staging folder goes; a failed incremental build's spare goes
        // back to a linked copy of the output, so no file the build wrote stays behind.
        if !self.committed {
            match self.mode {
                Mode::Fresh => {
                    let _ = std::fs::remove_dir_all(&self.dir);
                }
                Mode::Mirror => self.restore_mirror(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> String {
        std::fs::read_to_string(p).unwrap()
    }

    #[test]
    fn the_rename_fallback_puts_the_new_site_in_place_and_keeps_the_old_as_spare() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let work = WorkDir::open(&out).unwrap();
        let first = Staging::fresh(&work, Marker { generation: "one", format: "html" }).unwrap();
        first.write("index.html", b"one").unwrap();
        first.commit(&[MARKER.to_string(), "index.html".to_string()]).unwrap();
        let second = Staging::mirror(
            &work,
            work.scan_in_background().join().unwrap(),
            Marker { generation: "two", format: "html" },
        )
        .unwrap();
        second.write("index.html", b"two").unwrap();
        assert_eq!(
            read(&out.join("index.html")),
            "one",
            "writing the mirror leaves the live site alone"
        );
        let mut warnings = Vec::new();
        second.swap_by_renames(&mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(read(&out.join("index.html")), "two");
        assert_eq!(output_generation(&out).as_deref(), Some("two"));
        assert_eq!(read(&work.spare_dir().join("index.html")), "one");
        assert!(!work.spare_dir().with_extension("previous").exists());
    }

    #[test]
    fn a_second_work_folder_handle_is_refused_while_the_first_lives() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = WorkDir::open(&out).unwrap();
        let err = WorkDir::open(&out).err().expect("locked").to_string();
        assert!(err.contains("another polydoc build is writing"), "{err}");
        drop(first);
        assert!(WorkDir::open(&out).is_ok());
    }
}
