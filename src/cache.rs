//! Incremental builds: a page is rendered again only when one of its inputs changed.
//!
//! A build's *global key* hashes what every page depends on (polydoc's version, the schema, the
//! templates, every locale's `ui.ftl`, the locale list). Each operation's *input key* hashes its
//! spec and its message file in every built locale. A page's key combines the global key, its
//! locale, and the input keys of the operation and its two neighbours (their titles appear on
//! the page). Rendered pages are kept under their key in a cache folder beside the output (never
//! inside it); the manifest remembers each operation's id, titles and warnings so that
//! unchanged operations need not even be parsed. Pages are hard-linked from the cache into the
//! new output, so an unchanged page costs no rendering and no copying.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A 64-bit content hash, printed as 16 hex digits.
pub fn key_of<T: Hash + ?Sized>(parts: &T) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// What the cache remembers about one operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedOperation {
    /// Input key (spec + message files) this entry was made from.
    pub inputs: String,
    /// Operation id.
    pub id: String,
    /// Index section.
    pub section: String,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Title per locale, in build order.
    pub titles: Vec<String>,
}

/// The manifest: per spec file (relative path), what its last build produced.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Global key of the build that wrote it.
    pub global: String,
    /// Entries by spec path.
    pub operations: BTreeMap<String, CachedOperation>,
    /// Warnings raised while rendering each cached page, by page key.
    pub pages: BTreeMap<String, Vec<String>>,
}

/// The cache folder: `manifest.json` and `pages/<key>.html`.
pub struct Cache {
    dir: PathBuf,
    /// The previous build's manifest, empty when the global key changed or caching is off.
    pub previous: Manifest,
    enabled: bool,
}

/// The cache folder used for output folder `out`: `.<name>.polydoc-cache` beside it.
pub fn cache_dir_for(out: &Path) -> Result<PathBuf> {
    let out = std::path::absolute(out).with_context(|| format!("cannot resolve {}", out.display()))?;
    let name = out.file_name().context("output folder has no name")?.to_string_lossy().into_owned();
    Ok(out.with_file_name(format!(".{name}.polydoc-cache")))
}

impl Cache {
    /// Opens the cache at `dir` for a build with global key `global`; `enabled` false gives a
    /// cache that never hits and is not written.
    pub fn open(dir: PathBuf, global: &str, enabled: bool) -> Cache {
        let previous = if enabled {
            std::fs::read(dir.join("manifest.json"))
                .ok()
                .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
                .filter(|m| m.global == global)
                .unwrap_or_default()
        } else {
            Manifest::default()
        };
        Cache { dir, previous, enabled }
    }

    fn page_path(&self, key: &str) -> PathBuf {
        self.dir.join("pages").join(format!("{key}.html"))
    }

    /// Links the cached page `key` to `dest`; false when there is none.
    pub fn restore(&self, key: &str, dest: &Path) -> bool {
        if !self.enabled || self.previous.global.is_empty() {
            return false;
        }
        let src = self.page_path(key);
        if !src.is_file() {
            return false;
        }
        if let Some(parent) = dest.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                return false;
            }
        }
        std::fs::hard_link(&src, dest).is_ok() || std::fs::copy(&src, dest).is_ok()
    }

    /// Keeps the freshly written page `written` under `key`.
    pub fn store(&self, key: &str, written: &Path) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        let dest = self.page_path(key);
        std::fs::create_dir_all(dest.parent().expect("pages folder")).with_context(|| format!("cannot create {}", self.dir.display()))?;
        if dest.exists() {
            return Ok(());
        }
        if std::fs::hard_link(written, &dest).is_err() {
            std::fs::copy(written, &dest).with_context(|| format!("cannot write {}", dest.display()))?;
        }
        Ok(())
    }

    /// Writes the new manifest and drops cached pages it does not list.
    pub fn finish(&self, manifest: &Manifest) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir).with_context(|| format!("cannot create {}", self.dir.display()))?;
        let tmp = self.dir.join("manifest.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(manifest)?).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, self.dir.join("manifest.json")).context("cannot replace the cache manifest")?;
        if let Ok(entries) = std::fs::read_dir(self.dir.join("pages")) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !manifest.pages.contains_key(name.trim_end_matches(".html")) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Ok(())
    }
}
