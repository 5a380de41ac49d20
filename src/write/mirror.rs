//! The two file-system tricks behind an atomic incremental commit: a *mirror* of the output
//! folder made of hard links (so keeping a second copy of the site costs directory entries, not
//! bytes), brought up to date by comparing inode numbers, and an atomic *exchange* of two
//! folders (`renameat2(RENAME_EXCHANGE)` on Linux).
//!
//! A file of the mirror that has the same inode as the output's file at the same path holds the
//! same bytes by definition, so syncing only touches files that differ: after an incremental
//! build, the files that build changed. Whatever state a killed build left the mirror in, a
//! sync repairs it.

use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// One entry of a scanned folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A folder.
    Dir,
    /// A regular file and its inode number (0 where the platform has none).
    File(u64),
    /// A symbolic link: never followed, never linked.
    Other,
    /// A FIFO, socket or device file: never opened, never linked.
    Special,
}

/// Every entry below a folder, by `/`-separated relative path.
#[derive(Debug, Default)]
pub struct Tree {
    /// Entries by path, sorted.
    pub entries: BTreeMap<String, Entry>,
}

impl Tree {
    /// Scans `root` without following symbolic links (not even `root` itself); an absent root is
    /// an empty tree.
    pub fn scan(root: &Path) -> Result<Tree> {
        let mut entries = BTreeMap::new();
        if !root.exists() {
            return Ok(Tree { entries });
        }
        for entry in walkdir::WalkDir::new(root).follow_root_links(false).min_depth(1) {
            let entry = entry.with_context(|| format!("cannot read {}", root.display()))?;
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let kind = entry.file_type();
            let e = if kind.is_dir() {
                Entry::Dir
            } else if kind.is_file() {
                Entry::File(inode(&entry))
            } else if kind.is_symlink() {
                Entry::Other
            } else {
                Entry::Special
            };
            entries.insert(rel, e);
        }
        Ok(Tree { entries })
    }

    /// The first FIFO, socket or device file of the tree, if any.
    pub fn first_special(&self) -> Option<&str> {
        self.entries.iter().find(|(_, e)| **e == Entry::Special).map(|(rel, _)| rel.as_str())
    }

    /// The paths of everything but folders, sorted.
    pub fn files(&self) -> Vec<String> {
        self.entries.iter().filter(|(_, e)| **e != Entry::Dir).map(|(rel, _)| rel.clone()).collect()
    }
}

#[cfg(unix)]
fn inode(entry: &walkdir::DirEntry) -> u64 {
    use walkdir::DirEntryExt;
    entry.ino()
}

#[cfg(not(unix))]
fn inode(_: &walkdir::DirEntry) -> u64 {
    0 // no inode numbers: every file counts as changed and is copied again
}

/// What a sync did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncStats {
    /// Files linked (or copied) from the source.
    pub linked: usize,
    /// Files and folders removed from the mirror.
    pub removed: usize,
    /// Every path linked, copied, created or removed.
    pub touched: Vec<String>,
}

/// Makes `mirror` hold exactly the files of `src` (scanned as `src_tree`), each a hard link to
/// the source's file. Files already linked stay untouched; a file that cannot be hard-linked is
/// copied. `mirror_tree` is the mirror's scan if the caller has one. Nothing outside `mirror` is
/// written or removed: a link or file in the mirror's place is removed, never followed.
pub fn sync(
    src: &Path,
    src_tree: &Tree,
    mirror: &Path,
    mirror_tree: Option<Tree>,
) -> Result<SyncStats> {
    let mut mirror_tree = mirror_tree;
    if std::fs::symlink_metadata(mirror).is_ok_and(|m| !m.is_dir()) {
        std::fs::remove_file(mirror)
            .with_context(|| format!("cannot remove {}", mirror.display()))?;
        mirror_tree = None;
    }
    std::fs::create_dir_all(mirror)
        .with_context(|| format!("cannot create {}", mirror.display()))?;
    let have = match mirror_tree {
        Some(tree) => tree,
        None => Tree::scan(mirror)?,
    };
    let mut stats = SyncStats::default();
    // Remove what the source does not have and what has the wrong kind: files in parallel
    // (unlinking the last link of a page frees its blocks, the slow part), then folders,
    // deepest first.
    let stale: Vec<(&String, Entry)> = have
        .entries
        .iter()
        .filter(|(rel, e)| match (e, src_tree.entries.get(*rel)) {
            (Entry::Dir, Some(Entry::Dir)) => false,
            (Entry::File(a), Some(Entry::File(b))) => a != b || *a == 0,
            _ => true,
        })
        .map(|(rel, e)| (rel, *e))
        .collect();
    stale
        .par_iter()
        .filter(|(_, e)| *e != Entry::Dir)
        .try_for_each(|(rel, e)| remove(&mirror.join(rel), *e))?;
    for (rel, e) in stale.iter().rev().filter(|(_, e)| *e == Entry::Dir) {
        remove(&mirror.join(rel), *e)?;
    }
    stats.removed = stale.len();
    stats.touched.extend(stale.iter().map(|(rel, _)| (*rel).clone()));
    let missing: Vec<&String> = src_tree
        .entries
        .iter()
        .filter(|(rel, e)| **e == Entry::Dir && have.entries.get(*rel) != Some(&Entry::Dir))
        .map(|(rel, _)| rel)
        .collect();
    create_dirs(mirror, &missing)?;
    stats.touched.extend(missing.iter().map(|rel| (*rel).clone()));
    let todo: Vec<&String> = src_tree
        .entries
        .iter()
        .filter(|(rel, e)| matches!(e, Entry::File(_)) && have.entries.get(*rel) != Some(e))
        .map(|(rel, _)| rel)
        .collect();
    todo.par_iter().try_for_each(|rel| link_or_copy(&src.join(rel), &mirror.join(rel)))?;
    stats.linked = todo.len();
    stats.touched.extend(todo.iter().map(|rel| (*rel).clone()));
    Ok(stats)
}

/// Creates the folders `rels` (sorted) below `root`, one depth at a time and each depth in
/// parallel: a site has a folder per page, tens of thousands of them for a whole API, and a
/// mirror of a fresh site creates them all.
fn create_dirs(root: &Path, rels: &[&String]) -> Result<()> {
    let mut by_depth: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
    for rel in rels {
        by_depth.entry(rel.matches('/').count()).or_default().push(rel);
    }
    for level in by_depth.values() {
        level.par_iter().try_for_each(|rel| {
            let dir = root.join(rel);
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))
        })?;
    }
    Ok(())
}

fn remove(path: &Path, entry: Entry) -> Result<()> {
    let res = match entry {
        Entry::Dir => std::fs::remove_dir_all(path),
        _ => std::fs::remove_file(path),
    };
    match res {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).with_context(|| {
            format!("cannot link or copy {} to {}", from.display(), to.display())
        })?;
    }
    Ok(())
}

/// Atomically swaps the folders at `a` and `b` (both must exist). `Ok(false)` when the
/// platform or file system cannot exchange, and nothing happened.
pub fn exchange(a: &Path, b: &Path) -> Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS || e == rustix::io::Errno::NOTSUP => Ok(false),
            Err(e) if e == rustix::io::Errno::XDEV || e == rustix::io::Errno::BUSY => Err(std::io::Error::from(e)).with_context(|| {
                format!(
                    "cannot swap {} and {}: the output folder must be on the same file system as the folder holding it, and not a mount point (use a folder inside the mount as --out)",
                    a.display(),
                    b.display()
                )
            }),
            Err(e) => Err(std::io::Error::from(e)).with_context(|| format!("cannot swap {} and {}", a.display(), b.display())),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn contents(root: &Path) -> BTreeMap<String, String> {
        Tree::scan(root)
            .unwrap()
            .files()
            .into_iter()
            .map(|rel| {
                let text = std::fs::read_to_string(root.join(&rel)).unwrap();
                (rel, text)
            })
            .collect()
    }

    #[test]
    fn sync_links_new_files_removes_stale_ones_and_leaves_linked_ones_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (src, mirror) = (dir.path().join("src"), dir.path().join("mirror"));
        put(&src, "a/index.html", "a");
        put(&src, "b/index.html", "b");
        put(&src, "index.html", "root");
        let tree = Tree::scan(&src).unwrap();
        let stats = sync(&src, &tree, &mirror, None).unwrap();
        assert_eq!((stats.linked, stats.removed), (3, 0));
        assert_eq!(stats.touched, ["a", "b", "a/index.html", "b/index.html", "index.html"]);
        assert_eq!(contents(&src), contents(&mirror));
        // Nothing differs: nothing is touched.
        assert_eq!(sync(&src, &tree, &mirror, None).unwrap(), SyncStats::default());
        // The source changes by replacing files (new inodes), as builds do; the mirror also
        // picked up junk a killed build could leave.
        std::fs::remove_file(src.join("a/index.html")).unwrap();
        put(&src, "a/index.html", "a2");
        std::fs::remove_dir_all(src.join("b")).unwrap();
        put(&src, "c/index.html", "c");
        put(&mirror, "junk/half-written.html", "x");
        std::fs::remove_file(mirror.join("index.html")).unwrap();
        let tree = Tree::scan(&src).unwrap();
        let stats = sync(&src, &tree, &mirror, None).unwrap();
        assert_eq!(contents(&src), contents(&mirror));
        assert_eq!(stats.linked, 3, "a (changed), c (new), index.html (lost)");
        assert!(!mirror.join("b").exists() && !mirror.join("junk").exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        put(&a, "x", "from a");
        put(&b, "y", "from b");
        assert!(exchange(&a, &b).unwrap(), "ext4 and tmpfs support RENAME_EXCHANGE");
        assert_eq!(std::fs::read_to_string(a.join("y")).unwrap(), "from b");
        assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "from a");
    }
}
