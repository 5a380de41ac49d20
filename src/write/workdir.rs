//! polydoc's work folder beside the output, `.<name>.polydoc-cache/`: the cache manifest, the
//! staging folder of a build in progress, the spare (a hard-linked copy of the previous site)
//! and the lock that lets one build at a time write the output. Everything in it is polydoc's
//! own and may be deleted at any time; nothing else beside the output is touched. A work
//! folder created by a build that then fails is removed again, and a lock file that is not a
//! regular file (a FIFO, a device) is refused, never opened blocking. It also keeps the
//! snapshots of the output and the spare (`trees.bin`, see [`super::snapshot`]) that spare
//! the next build walking them.

use super::guard::absolute;
use super::mirror::Tree;
use super::snapshot::{fs_clock, Basis, Snapshot, TreeSnapshots};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The work folder of one output folder, locked for as long as this value lives.
pub struct WorkDir {
    dir: PathBuf,
    out: PathBuf,
    _lock: std::fs::File,
    /// True when this build created the folder: it is removed unless the build succeeds.
    created: bool,
    succeeded: std::cell::Cell<bool>,
    /// What the last successful build left in the output and the spare: the snapshots
    /// file's bytes, read on open and decoded by the scan (off the sources' critical path).
    snapshots: std::cell::RefCell<Option<Vec<u8>>>,
}

/// Cache files earlier versions kept in the work folder (JSON manifests and snapshots, the
/// search memo's old name): removed, as their successors make them dead weight (tens of
/// megabytes for a whole API).
const RETIRED_FILES: &[&str] =
    &["manifest.json", "trees.json", "search-pages.json", "search-pages.bin"];

/// The file in the work folder holding the trees' snapshots ([`super::snapshot`]).
const SNAPSHOTS: &str = "trees.bin";

/// The work folder's path for output folder `out`: `.<name>.polydoc-cache` beside it.
pub fn work_dir_for(out: &Path) -> Result<PathBuf> {
    let out = absolute(out)?;
    let name = out.file_name().context("output folder has no name")?.to_string_lossy().into_owned();
    Ok(out.with_file_name(format!(".{name}.polydoc-cache")))
}

impl WorkDir {
    /// Creates (if needed) and locks the work folder of `out`. Refuses a work folder that is a
    /// symbolic link or not a folder, and fails at once if another build holds the lock.
    pub fn open(out: &Path) -> Result<WorkDir> {
        let dir = work_dir_for(out)?;
        let out = absolute(out)?;
        let created = match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => {
                bail!("refusing to use {}: polydoc's work folder must be a folder, not a link or a file", dir.display())
            }
            Ok(_) => false,
            Err(_) => {
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                true
            }
        };
        let lock_path = dir.join("lock");
        let lock = crate::fsafe::open_regular(
            &lock_path,
            &lock_path,
            std::fs::OpenOptions::new().create(true).truncate(false).write(true),
        )
        .map(|(file, _)| file)
        .inspect_err(|_| {
            if created {
                let _ = std::fs::remove_dir_all(&dir);
            }
        })?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "another polydoc build is writing {} right now (it holds {}); run one build at a time",
                out.display(),
                lock_path.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => return Err(e).with_context(|| format!("cannot lock {}", lock_path.display())),
        }
        let work = WorkDir {
            dir,
            out,
            _lock: lock,
            created,
            succeeded: std::cell::Cell::new(false),
            snapshots: std::cell::RefCell::new(None),
        };
        work.clear_leftovers()?;
        work.snapshots.replace(work.take_snapshots()?);
        Ok(work)
    }

    /// Removes what a killed build left behind (with the lock held, any staging folder is
    /// stale) and the cache files of earlier polydoc versions, which nothing reads any more.
    fn clear_leftovers(&self) -> Result<()> {
        // Only tidying: one that cannot be removed is simply left (nothing reads it).
        for retired in RETIRED_FILES {
            let path = self.dir.join(retired);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
                let _ = std::fs::remove_file(&path);
            }
        }
        let staging = self.staging_dir();
        for stale in [staging.with_extension("previous"), staging] {
            // Whatever is there (a folder, or a file, link or FIFO planted in its place) is
            // removed without being opened or followed.
            let removed = match std::fs::symlink_metadata(&stale) {
                Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&stale),
                Ok(_) => std::fs::remove_file(&stale),
                Err(_) => Ok(()),
            };
            removed.with_context(|| format!("cannot clear {}", stale.display()))?;
        }
        Ok(())
    }

    /// Reads the bytes of the snapshots the last successful build left; the scan decodes them
    /// on its own thread. The file stays in place: whatever a failed or killed build changes
    /// in the spare (or the output, by the swap) changes the folders' ctimes, so the snapshot
    /// no longer holds. One that cannot be read or decoded is ignored (the trees are then
    /// walked); a special file there is refused.
    fn take_snapshots(&self) -> Result<Option<Vec<u8>>> {
        crate::cache::read_cache_file(&self.dir.join(SNAPSHOTS))
    }

    /// Records the output (whose files are `out_files`) and the spare (`spare_files`) as this
    /// build leaves them, so the next build checks them with a stat per folder instead of
    /// walking them. After an incremental build (`basis`: the output became the spare, the
    /// spare it wrote into the output) they are derived from the snapshots verified at its
    /// start, stat'ing only what it touched; otherwise every entry is stat'ed.
    pub fn save_snapshots(
        &self,
        out_files: &[String],
        spare_files: &[String],
        basis: Option<Basis>,
    ) -> Result<()> {
        let (out_dir, spare_dir) = (self.out.clone(), self.spare_dir());
        let (out, spare) = match &basis {
            // The spare is the previous output, as verified at the start, moved.
            Some(b) => {
                let (was_out, was_spare) = (&b.verified.out, &b.verified.spare);
                rayon::join(
                    || {
                        Snapshot::derive(
                            &out_dir, out_files, &b.touched, was_spare, was_out, b.since,
                        )
                    },
                    || was_out.moved(&spare_dir, b.since),
                )
            }
            None => {
                let clock = fs_clock(&self.dir);
                rayon::join(
                    || Snapshot::take(&out_dir, out_files, clock),
                    || Snapshot::take(&spare_dir, spare_files, clock),
                )
            }
        };
        let snapshots = TreeSnapshots { out: out?, spare: spare? };
        let bytes = crate::cache::encode(&snapshots)?;
        crate::cache::drop_later((snapshots, basis));
        crate::cache::write_cache_file(&self.dir.join(SNAPSHOTS), &bytes)
    }

    /// Records that the build succeeded (its site is in place): the work folder then stays.
    pub fn succeeded(&self) {
        self.succeeded.set(true);
    }

    /// The work folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder it serves.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Where a full build stages the site.
    pub fn staging_dir(&self) -> PathBuf {
        self.dir.join("staging")
    }

    /// The hard-linked copy of the output that incremental builds write into.
    pub fn spare_dir(&self) -> PathBuf {
        self.dir.join("spare")
    }

    /// Removes the spare (after a build that keeps no cache, it would only be a stale copy).
    fn drop_spare(&self) -> Result<()> {
        let spare = self.spare_dir();
        if std::fs::symlink_metadata(&spare).is_ok() {
            std::fs::remove_dir_all(&spare)
                .with_context(|| format!("cannot remove {}", spare.display()))?;
        }
        Ok(())
    }

    /// After a build that keeps no cache: removes the spare, and the work folder itself when
    /// nothing else (a cache manifest of earlier builds) is in it.
    pub fn close_without_cache(self) -> Result<()> {
        self.drop_spare()?;
        let others = std::fs::read_dir(&self.dir)
            .with_context(|| format!("cannot read {}", self.dir.display()))?
            .filter_map(Result::ok)
            .any(|e| e.file_name() != "lock");
        if !others {
            let _ = std::fs::remove_file(self.dir.join("lock"));
            let _ = std::fs::remove_dir(&self.dir);
        }
        Ok(())
    }

    /// Makes the spare a hard-linked copy of the output as it is now, so that the next
    /// incremental build only has to replace what it changes.
    pub fn refresh_spare(&self) -> Result<()> {
        let trees = self.scan_in_background().join()?;
        super::mirror::sync(&self.out, &trees.out, &self.spare_dir(), Some(trees.spare)).map(|_| ())
    }

    /// Scans the output and the spare on another thread, so that the walk overlaps with
    /// reading the sources. The lock keeps both unchanged meanwhile.
    pub fn scan_in_background(&self) -> TreeScan {
        let (out, spare, work) = (self.out.clone(), self.spare_dir(), self.dir.clone());
        let snapshots = self.snapshots.take();
        TreeScan(std::thread::spawn(move || {
            // Unchanged since the last build (a stat per folder): no walk needed.
            let snapshots = snapshots.and_then(|b| crate::cache::decode::<TreeSnapshots>(&b));
            if let Some(s) = snapshots {
                let since = fs_clock(&work);
                if let (Some(o), Some(sp)) =
                    rayon::join(|| s.out.verify(&out), || s.spare.verify(&spare))
                {
                    return Ok(Trees { out: o, spare: sp, verified: Some((s, since)) });
                }
            }
            let (tree, spare) = rayon::join(|| Tree::scan(&out), || Tree::scan(&spare));
            let tree = tree?;
            // The output is polydoc's own: a FIFO or device planted there is refused (never
            // opened). One in the spare, polydoc's scratch copy, is simply removed by the sync.
            if let Some(rel) = tree.first_special() {
                let path = out.join(rel);
                let kind = std::fs::symlink_metadata(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?
                    .file_type();
                return Err(crate::fsafe::special_file_error(&path, &kind));
            }
            Ok(Trees { out: tree, spare: spare?, verified: None })
        }))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        // A build that created the work folder and then failed leaves nothing beside the
        // output (the lock is released when the file closes; removing it first is harmless).
        if self.created && !self.succeeded.get() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The output folder's tree and the spare's.
pub struct Trees {
    /// The output folder.
    pub out: Tree,
    /// The spare.
    pub spare: Tree,
    /// The snapshots both trees were read from, and when they were verified (by the
    /// filesystem's clock); `None` when the trees were walked.
    pub verified: Option<(TreeSnapshots, super::snapshot::Clock)>,
}

/// A scan running in the background; see [`WorkDir::scan_in_background`].
pub struct TreeScan(std::thread::JoinHandle<Result<Trees>>);

impl TreeScan {
    /// Waits for the scan.
    pub fn join(self) -> Result<Trees> {
        self.0.join().map_err(|_| anyhow::anyhow!("the output scan failed unexpectedly"))?
    }
}
