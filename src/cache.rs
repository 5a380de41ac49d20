//! Incremental builds: a page is rendered again only when one of its inputs changed.
//!
//! A build's *global key* hashes what every page depends on (polydoc's version and binary, the
//! schema, the templates, every locale's `ui.ftl`, the locale list). Each operation's *input
//! key* hashes its spec and its message file in every built locale. A page's key combines the
//! global key, its locale, and the input keys of the operation and its two neighbours (their
//! titles appear on the page). The manifest, kept beside the output folder (never inside it),
//! remembers each page's key and warnings and each operation's id and titles, so unchanged
//! operations are not even parsed. When the output folder is still the one the manifest
//! describes (same generation in its marker file), only changed pages are written.

use crate::spec::load::SourceFile;
use crate::spec::Schema;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// A 64-bit content hash (XXH3: several times faster than SipHash on the megabytes of specs
/// and messages an incremental build hashes), printed as 16 hex digits.
pub fn key_of<T: Hash + ?Sized>(parts: &T) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
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

/// What the cache remembers about one written page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedPage {
    /// The page key it was rendered for.
    pub key: String,
    /// Warnings raised while rendering it.
    pub warnings: Vec<String>,
}

/// The manifest of the last successful build.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Global key of that build.
    pub global: String,
    /// Generation written to the output's marker file by that build.
    pub generation: String,
    /// Operations by spec path.
    pub operations: BTreeMap<String, CachedOperation>,
    /// Operation pages by path inside the output folder (`de/create-chat/index.html`).
    pub pages: BTreeMap<String, CachedPage>,
    /// Every file of the output folder, sorted (`/`-separated paths).
    pub files: Vec<String>,
}

/// The cache folder and the previous build's manifest.
pub struct Cache {
    dir: PathBuf,
    /// The previous build's manifest; empty when the global key changed or caching is off.
    pub previous: Manifest,
    enabled: bool,
}

impl Cache {
    /// Opens the cache at `dir` for a build with global key `global`; `enabled` false gives a
    /// cache that knows nothing and is not written.
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

    /// The merged schema of `files`: from the cache when the same texts were parsed before
    /// (JSON reads much faster than YAML), else parsed with `parse` and cached.
    pub fn schema(
        &self,
        files: &[SourceFile],
        parse: impl Fn(&[SourceFile]) -> Result<Schema>,
    ) -> Result<Schema> {
        if !self.enabled {
            return parse(files);
        }
        let texts: Vec<(&Path, &str)> =
            files.iter().map(|f| (f.rel.as_path(), f.text.as_str())).collect();
        let path =
            self.dir.join(format!("schema-{}.json", key_of(&(env!("CARGO_PKG_VERSION"), texts))));
        if let Some(schema) =
            std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok())
        {
            return Ok(schema);
        }
        let schema = parse(files)?;
        if std::fs::create_dir_all(&self.dir).is_ok() {
            if let Ok(entries) = std::fs::read_dir(&self.dir) {
                for old in entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("schema-"))
                {
                    let _ = std::fs::remove_file(old.path());
                }
            }
            let _ = std::fs::write(&path, serde_json::to_vec(&schema)?);
        }
        Ok(schema)
    }

    /// Writes the manifest of the build that just succeeded.
    pub fn finish(&self, manifest: &Manifest) -> Result<()> {
        if !self.enabled {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        let tmp = self.dir.join("manifest.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(manifest)?)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, self.dir.join("manifest.json"))
            .context("cannot replace the cache manifest")
    }
}
