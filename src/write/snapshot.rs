//! Telling that a folder tree is unchanged without walking it: one `stat` per folder. Adding,
//! removing or renaming an entry in a folder updates the folder's change time (ctime), which
//! only the kernel sets (`touch` cannot turn it back), so a tree whose every folder has the
//! inode number and ctime recorded right after a build still holds exactly the entries it
//! had then. A site of 34,000 pages is one folder per page: a walk opens and reads every one
//! of them, a check stats them (several times cheaper, and in parallel).
//!
//! Change times are coarse (a clock tick): a folder changed again within the tick of its
//! recorded ctime keeps that ctime. So, as Git does for its index, a snapshot reads the
//! filesystem's own clock first ([`fs_clock`]: the ctime of a file it creates and removes in
//! the work folder) and a folder whose ctime is not before that time is *racy*: it is checked by
//! listing it, like a walk does. Every other folder changed, if at all, in an earlier tick, so
//! any later change gives it a later ctime. Where the clock cannot be read, folders changed
//! less than [`RACY_SECS`] before the snapshot are racy.
//!
//! After an incremental build the new snapshots are derived rather than taken (see
//! [`Snapshot::derive`]): the build knows every path it touched, and a folder it did not
//! touch keeps the stamp verified at its start, so only the touched folders, the files written
//! and the two roots (swapped) are stat'ed again.
//!
//! The snapshot describes the trees as the last successful build left them. polydoc never
//! writes a file in place (it unlinks and creates), so anything a later failed or killed
//! build did to the spare, and the swap of the output, changes some folder's ctime (a rename
//! changes the moved folder's too): the snapshot then fails and the trees are walked.

use super::mirror::{Entry, Tree};
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What an incremental build knows to derive the next snapshots: the snapshots that held when
/// it started (verified at `since`, by the filesystem's clock), and every path it touched in
/// the spare it wrote into (files written, linked or removed, folders created or removed).
#[derive(Debug)]
pub struct Basis {
    /// The snapshots of the output and the spare, verified at the build's start.
    pub verified: TreeSnapshots,
    /// When they were verified.
    pub since: Clock,
    /// The paths the build touched in the spare.
    pub touched: BTreeSet<String>,
}

/// Seconds since the epoch, rounded down.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(i64::MAX, |d| d.as_secs() as i64)
}

/// Inode number and change time (seconds, nanoseconds) of a folder.
type Stamp = (u64, i64, i64);

/// A time as the filesystem stamps changes: seconds and nanoseconds since the epoch.
pub type Clock = (i64, i64);

/// Without the filesystem's clock, a folder whose ctime is this close to the snapshot's time
/// is listed when checked: a change in the same clock tick would not move its ctime.
pub const RACY_SECS: i64 = 2;

/// The filesystem's time now, as it would stamp a change to a folder beside `work` (the work
/// folder, on the output's filesystem): the ctime of a new file created there (exclusively, so
/// nothing planted is written through) and removed again. Where that cannot be had, the wall
/// clock less [`RACY_SECS`], so that folders changed in the last seconds are racy.
pub fn fs_clock(work: &Path) -> Clock {
    let stamped = tempfile::Builder::new()
        .prefix(".clock")
        .tempfile_in(work)
        .and_then(|f| f.as_file().metadata());
    match stamped {
        #[cfg(unix)]
        Ok(meta) => {
            use std::os::unix::fs::MetadataExt;
            (meta.ctime(), meta.ctime_nsec())
        }
        _ => (now_secs().saturating_sub(RACY_SECS), 0),
    }
}

/// The files of a tree (with their inode numbers) and the stamp of each of its folders, the
/// root (`""`) included.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(deserialize_with = "crate::cache::sorted_map::deserialize")]
    files: BTreeMap<String, u64>,
    #[serde(deserialize_with = "crate::cache::sorted_map::deserialize")]
    dirs: BTreeMap<String, Stamp>,
    /// Folders changed just before the snapshot, checked by listing them.
    racy: BTreeSet<String>,
}

/// The snapshots of the output and of the spare, as the work folder keeps them.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct TreeSnapshots {
    /// The output folder.
    pub out: Snapshot,
    /// The spare.
    pub spare: Snapshot,
}

impl Snapshot {
    /// Records the tree at `root`, whose files are exactly `files` (`/`-separated, relative):
    /// their inodes and the stamps of the folders holding them. An error when a file is
    /// missing or not a regular file, or the platform has no inode numbers.
    /// `clock` is the filesystem's time ([`fs_clock`]) read before the tree is stat'ed.
    pub fn take(root: &Path, files: &[String], clock: Clock) -> Result<Snapshot> {
        let files = files
            .par_iter()
            .map(|rel| Ok((rel.clone(), file_inode(root, rel)?)))
            .collect::<Result<BTreeMap<_, _>>>()?;
        let dirs = folders(files.keys())
            .into_par_iter()
            .map(|rel| {
                let stamp = dir_stamp(root, &rel)?;
                Ok((rel, stamp))
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        let racy = racy_since(&dirs, clock);
        Ok(Snapshot { files, dirs, racy })
    }

    /// The snapshot of the tree at `root`, whose files are exactly `files`, without a stat per
    /// entry: a folder not in `touched` (nor holding a touched path, nor the root) has the stamp
    /// `dirs_from` verified for it at `since`; a file not in `touched` has the inode
    /// `inodes_from` records. Everything else is stat'ed. Any folder changed since `since` (the
    /// filesystem's clock when the build started) is racy. A derived stamp that no longer
    /// holds (a foreign change during the build) only makes the next build walk the trees: a
    /// folder's ctime never goes back.
    pub fn derive(
        root: &Path,
        files: &[String],
        touched: &BTreeSet<String>,
        dirs_from: &Snapshot,
        inodes_from: &Snapshot,
        since: Clock,
    ) -> Result<Snapshot> {
        let files = files
            .par_iter()
            .map(|rel| match inodes_from.files.get(rel).filter(|_| !touched.contains(rel)) {
                Some(ino) => Ok((rel.clone(), *ino)),
                None => Ok((rel.clone(), file_inode(root, rel)?)),
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        let mut changed: BTreeSet<&str> = BTreeSet::from([""]);
        for rel in touched {
            changed.insert(rel);
            changed.insert(rel.rsplit_once('/').map_or("", |(parent, _)| parent));
        }
        let dirs = folders(files.keys())
            .into_par_iter()
            .map(|rel| match dirs_from.dirs.get(&rel).filter(|_| !changed.contains(rel.as_str())) {
                Some(known) => Ok((rel, *known)),
                None => {
                    let stamp = dir_stamp(root, &rel)?;
                    Ok((rel, stamp))
                }
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        let racy = racy_since(&dirs, since);
        Ok(Snapshot { files, dirs, racy })
    }

    /// This snapshot after its tree was moved, untouched, to `root` (the output swapped into
    /// the spare's place): the same entries; only the root's stamp changed. Folders changed
    /// since `since` are racy.
    pub fn moved(&self, root: &Path, since: Clock) -> Result<Snapshot> {
        let mut dirs = self.dirs.clone();
        dirs.insert(String::new(), dir_stamp(root, "")?);
        let racy = racy_since(&dirs, since);
        Ok(Snapshot { files: self.files.clone(), dirs, racy })
    }

    /// The tree at `root` when none of its folders changed since the snapshot was taken.
    pub fn verify(&self, root: &Path) -> Option<Tree> {
        let unchanged = !self.dirs.is_empty()
            && self.dirs.par_iter().all(|(rel, recorded)| {
                meta(root, rel).is_ok_and(|m| m.is_dir() && stamp(&m).ok() == Some(*recorded))
            });
        if !unchanged || !self.racy_folders_hold(root) {
            return None;
        }
        let dirs = self.dirs.keys().filter(|rel| !rel.is_empty()).map(|rel| (rel, Entry::Dir));
        let files = self.files.iter().map(|(rel, ino)| (rel, Entry::File(*ino)));
        Some(Tree { entries: dirs.chain(files).map(|(rel, e)| (rel.clone(), e)).collect() })
    }
}

impl Snapshot {
    /// True when each racy folder lists exactly the entries the snapshot has in it (files by
    /// inode number, folders by name).
    fn racy_folders_hold(&self, root: &Path) -> bool {
        if self.racy.is_empty() {
            return true;
        }
        let mut expected: BTreeMap<&str, BTreeMap<&str, Option<u64>>> =
            self.racy.iter().map(|d| (d.as_str(), BTreeMap::new())).collect();
        let dirs = self.dirs.keys().filter(|d| !d.is_empty()).map(|d| (d, None));
        for (rel, ino) in dirs.chain(self.files.iter().map(|(f, ino)| (f, Some(*ino)))) {
            let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            if let Some(children) = expected.get_mut(parent) {
                children.insert(name, ino);
            }
        }
        expected.par_iter().all(|(dir, children)| {
            listing(root, dir).is_some_and(|found| {
                found.len() == children.len()
                    && found.iter().zip(children).all(|((a, x), (b, y))| a == b && x == y)
            })
        })
    }
}

/// The entries of folder `rel` below `root`: name and inode number (`None` for a folder);
/// `None` when it cannot be read or holds anything but files and folders.
fn listing(root: &Path, rel: &str) -> Option<BTreeMap<String, Option<u64>>> {
    let path: PathBuf = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(path).ok()? {
        let entry = entry.ok()?;
        let kind = entry.file_type().ok()?;
        let ino = match (kind.is_dir(), kind.is_file()) {
            (true, _) => None,
            (_, true) => Some(stamp(&entry.metadata().ok()?).ok()?.0),
            _ => return None,
        };
        found.insert(entry.file_name().into_string().ok()?, ino);
    }
    Some(found)
}

/// The folders whose ctime is not before `clock` (see [`fs_clock`]).
fn racy_since(dirs: &BTreeMap<String, Stamp>, clock: Clock) -> BTreeSet<String> {
    dirs.iter()
        .filter(|(_, (_, secs, nsecs))| (*secs, *nsecs) >= clock)
        .map(|(rel, _)| rel.clone())
        .collect()
}

/// Every folder holding one of `files`, up to the root (`""`).
fn folders<'a>(files: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    let mut dirs = BTreeSet::from([String::new()]);
    for file in files {
        let mut rel = file.as_str();
        while let Some((parent, _)) = rel.rsplit_once('/') {
            if !dirs.insert(parent.to_string()) {
                break; // its ancestors are in already
            }
            rel = parent;
        }
    }
    dirs
}

/// The inode of file `rel` below `root`; an error when it is missing or not a regular file.
fn file_inode(root: &Path, rel: &str) -> Result<u64> {
    let meta = meta(root, rel)?;
    anyhow::ensure!(meta.is_file(), "{rel} is not a file");
    Ok(stamp(&meta)?.0)
}

/// The stamp of folder `rel` below `root` (`""`: the root); an error when it is missing or
/// not a folder.
fn dir_stamp(root: &Path, rel: &str) -> Result<Stamp> {
    let meta = meta(root, rel)?;
    anyhow::ensure!(meta.is_dir(), "{rel} is not a folder");
    stamp(&meta)
}

/// The metadata of `rel` below `root` (of `root` itself for `""`), links not followed.
fn meta(root: &Path, rel: &str) -> Result<std::fs::Metadata> {
    let path: PathBuf = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
    std::fs::symlink_metadata(&path).with_context(|| format!("cannot read {}", path.display()))
}

#[cfg(unix)]
fn stamp(meta: &std::fs::Metadata) -> Result<Stamp> {
    use std::os::unix::fs::MetadataExt;
    Ok((meta.ino(), meta.ctime(), meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn stamp(_: &std::fs::Metadata) -> Result<Stamp> {
    anyhow::bail!("no inode numbers on this platform: the trees are walked")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, rel).unwrap();
    }

    #[test]
    fn a_snapshot_holds_while_the_tree_is_untouched_and_fails_on_any_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let files: Vec<String> =
            ["a/index.html", "b/c/index.html", "index.html"].map(String::from).to_vec();
        for f in &files {
            put(&root, f);
        }
        let snap = Snapshot::take(&root, &files, fs_clock(dir.path())).unwrap();
        let tree = snap.verify(&root).expect("unchanged");
        assert_eq!(tree.entries.len(), Tree::scan(&root).unwrap().entries.len());
        assert_eq!(tree.files(), Tree::scan(&root).unwrap().files());
        // A file added deep down, a file removed, a file replaced: each is seen.
        put(&root, "b/c/junk.html");
        assert!(snap.verify(&root).is_none());
        let snap = Snapshot::take(&root, &Tree::scan(&root).unwrap().files(), fs_clock(dir.path()))
            .unwrap();
        std::fs::remove_file(root.join("a/index.html")).unwrap();
        assert!(snap.verify(&root).is_none());
        put(&root, "a/index.html");
        let files = Tree::scan(&root).unwrap().files();
        let snap = Snapshot::take(&root, &files, fs_clock(dir.path())).unwrap();
        std::fs::rename(root.join("index.html"), root.join("old.html")).unwrap();
        std::fs::rename(root.join("old.html"), root.join("index.html")).unwrap();
        assert!(snap.verify(&root).is_none(), "renamed away and back");
        let missing = ["missing.html".to_string()];
        assert!(Snapshot::take(&root, &missing, fs_clock(dir.path())).is_err());
    }

    #[test]
    fn folders_changed_before_the_filesystem_clock_are_not_racy_later_ones_are() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let files: Vec<String> = ["a/index.html", "b/index.html"].map(String::from).to_vec();
        for f in &files {
            put(&root, f);
        }
        // Past the clock tick of those changes (a tick is at most 10 ms).
        std::thread::sleep(std::time::Duration::from_millis(50));
        let clock = fs_clock(dir.path());
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["site"], "the clock's file is removed");
        put(&root, "b/new.html");
        let files: Vec<String> = Tree::scan(&root).unwrap().files();
        let snap = Snapshot::take(&root, &files, clock).unwrap();
        assert!(snap.racy.contains("b"), "{snap:?}");
        // On a filesystem with whole-second times (nanoseconds 0) the earlier folders may share
        // the clock's second; with finer times they are a tick or more before it.
        if clock.1 != 0 {
            assert_eq!(snap.racy, BTreeSet::from(["b".to_string()]), "{snap:?}");
        }
        assert!(snap.verify(&root).is_some());
        // A racy folder is listed: a change within its ctime's tick is still seen.
        std::fs::rename(root.join("b/new.html"), root.join("b/other.html")).unwrap();
        assert!(snap.verify(&root).is_none());
    }

    #[test]
    fn snapshots_derived_after_an_incremental_build_equal_snapshots_taken_anew() {
        let dir = tempfile::tempdir().unwrap();
        let (out, spare) = (dir.path().join("out"), dir.path().join("spare"));
        let files: Vec<String> = ["a/index.html", "b/index.html", "d/e/index.html", "index.html"]
            .map(String::from)
            .to_vec();
        for f in &files {
            put(&out, f);
        }
        let tree = Tree::scan(&out).unwrap();
        crate::write::mirror::sync(&out, &tree, &spare, None).unwrap();
        let was_out = Snapshot::take(&out, &files, fs_clock(dir.path())).unwrap();
        let was_spare = Snapshot::take(&spare, &files, fs_clock(dir.path())).unwrap();
        let since = fs_clock(dir.path());
        assert!(was_out.verify(&out).is_some() && was_spare.verify(&spare).is_some());
        // A build in the spare: one page replaced, one page and its folder gone, one new.
        std::fs::remove_file(spare.join("a/index.html")).unwrap();
        put(&spare, "a/index.html");
        std::fs::remove_dir_all(spare.join("b")).unwrap();
        put(&spare, "c/index.html");
        let touched: BTreeSet<String> =
            ["a/index.html", "a", "b/index.html", "b", "c/index.html", "c"]
                .map(String::from)
                .into();
        let new_files: Vec<String> =
            ["a/index.html", "c/index.html", "d/e/index.html", "index.html"]
                .map(String::from)
                .to_vec();
        // The swap: the spare becomes the output, the output the spare.
        let aside = dir.path().join("aside");
        std::fs::rename(&out, &aside).unwrap();
        std::fs::rename(&spare, &out).unwrap();
        std::fs::rename(&aside, &spare).unwrap();
        let derived_out =
            Snapshot::derive(&out, &new_files, &touched, &was_spare, &was_out, since).unwrap();
        let moved_spare = was_out.moved(&spare, since).unwrap();
        let taken_out = Snapshot::take(&out, &new_files, fs_clock(dir.path())).unwrap();
        let taken_spare = Snapshot::take(&spare, &files, fs_clock(dir.path())).unwrap();
        assert_eq!((&derived_out.files, &derived_out.dirs), (&taken_out.files, &taken_out.dirs));
        assert_eq!(
            (&moved_spare.files, &moved_spare.dirs),
            (&taken_spare.files, &taken_spare.dirs)
        );
        assert!(derived_out.racy.contains("") && derived_out.racy.contains("c"));
        let (o, sp) = (derived_out.verify(&out).unwrap(), moved_spare.verify(&spare).unwrap());
        assert_eq!(o.files(), new_files);
        assert_eq!(sp.files(), files);
        // A change nobody recorded is seen, in a folder the derivation did not stat too.
        put(&out, "d/e/junk.html");
        assert!(derived_out.verify(&out).is_none());
    }
}
