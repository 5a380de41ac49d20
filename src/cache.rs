//! Incremental builds: a page is rendered again only when one of its inputs changed.
//!
//! A build's *global key* hashes what every page depends on (polydoc's version and binary, the
//! schema, the templates, every locale's `ui.ftl`, the locale list). Each operation's *input
//! key* hashes its spec and its message file in every built locale. A page's key combines the
//! global key, its locale, and the input keys of the operation and its two neighbours (their
//! titles appear on the page). The manifest, kept beside the output folder (never inside it),
//! remembers each page's key and warnings and each operation's id and titles, so unchanged
//! operations are not even parsed. The files besides operation pages (landing, area and type
//! pages, assets) have one key for all of them, so a rebuild that changes no title, section,
//! type use or coverage figure reuses them whole. When the output folder is still the one the manifest
//! describes (same generation in its marker file), only changed pages are written.
//!
//! The cache's files are binary (postcard): the manifest of a whole API is tens of megabytes,
//! mostly per-page warnings, read and written by every build, several times faster than JSON.
//! One that does not parse (written by another version) is ignored: the build is then a full
//! one.
//!
//! The cache's files are opened without blocking and without following links: one that is a
//! FIFO, socket or device is refused with an error naming it. They are written to a fresh
//! temporary file that is renamed into place (removed again if the write fails, on a full disk
//! say), so a planted file is replaced, never written through.

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
    /// Ids of the operations its page links to under "See also".
    #[serde(default)]
    pub see_also: Vec<String>,
    /// Schema types its body and responses are made of (for the type pages' "Used by").
    #[serde(default)]
    pub types: Vec<String>,
}

/// What the cache remembers about one written page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedPage {
    /// The page key it was rendered for.
    pub key: String,
    /// Warnings raised while rendering it.
    pub warnings: std::sync::Arc<crate::localize::missing::PageWarnings>,
}

/// What the last build wrote besides operation pages (landing, area and type pages, assets).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct CachedSiteFiles {
    /// Key of everything those files were made from; equal keys mean equal files.
    pub key: String,
    /// The navigation pages written, as the output format listed them.
    pub files: Vec<String>,
    /// Warnings raised while writing them.
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
    #[serde(deserialize_with = "sorted_map::deserialize")]
    pub operations: BTreeMap<String, CachedOperation>,
    /// Operation pages by path inside the output folder (`de/create-chat/index.html`).
    #[serde(deserialize_with = "sorted_map::deserialize")]
    pub pages: BTreeMap<String, CachedPage>,
    /// Every file of the output folder, sorted (`/`-separated paths).
    pub files: Vec<String>,
    /// The files besides operation pages, reused whole when their key is unchanged.
    #[serde(default)]
    pub site: CachedSiteFiles,
    /// The landing pages' coverage figures per message file, so that a rebuild parses only
    /// the files that changed.
    #[serde(default)]
    pub units: CoverageMemo,
}

/// What a build keeps of the translation coverage figures: per source message file (by file
/// stem) the text's key and its unit count, and per locale and file stem the key of what its
/// figures depend on (both texts and the lock's entries of that file) with its current and
/// stale units.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct CoverageMemo {
    /// Source file stem -> text key, unit count.
    #[serde(deserialize_with = "sorted_map::deserialize")]
    pub source: BTreeMap<String, (String, usize)>,
    /// Locale -> file stem -> key, figures.
    pub translated: BTreeMap<String, BTreeMap<String, (String, Figures)>>,
}

/// Current and stale units of one translated file.
pub type Figures = (usize, usize);

/// The cache folder and the previous build's manifest.
pub struct Cache {
    dir: PathBuf,
    /// The previous build's manifest; empty when the global key changed or caching is off.
    pub previous: Manifest,
    enabled: bool,
}

impl Cache {
    /// Opens the cache at `dir` for a build with global key `global`; `enabled` false gives a
    /// cache that knows nothing and is not written. A manifest that cannot be parsed is
    /// ignored (the build is then a full one); one that is a special file is refused.
    pub fn open(dir: PathBuf, global: &str, enabled: bool) -> Result<Cache> {
        let previous = if enabled {
            read_cache_file(&dir.join(MANIFEST))?
                .and_then(|b| decode::<Manifest>(&b))
                .filter(|m| m.global == global)
                .unwrap_or_default()
        } else {
            Manifest::default()
        };
        Ok(Cache { dir, previous, enabled })
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
        if let Some(schema) = read_cache_file(&path)?.and_then(|b| serde_json::from_slice(&b).ok())
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
            let _ = write_cache_file(&path, &serde_json::to_vec(&schema)?);
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
        write_cache_file(&self.dir.join(MANIFEST), &encode(manifest)?)
    }
}

/// Drops `value` on a thread of its own: freeing a whole API's manifest or tree snapshots takes
/// tens of milliseconds the build need not wait for. A process that exits first takes the
/// memory with it; a failed spawn drops `value` here.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("polydoc-drop".into()).spawn(move || drop(value));
}

/// The manifest's file in the work folder.
pub const MANIFEST: &str = "manifest.bin";

/// A cache file's bytes for `value` (postcard).
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    postcard::to_stdvec(value).context("encoding a cache file")
}

/// The value of cache file bytes made by [`encode`]; `None` when they do not parse.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

/// Decoding the cache's large maps (serde's own bytes): the entries, written in key order, are
/// collected and the tree is built in one pass, instead of one insert (a search comparing
/// string keys) per entry. Entries out of order (another writer's file) still give the right
/// map.
pub(crate) mod sorted_map {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use std::collections::BTreeMap;
    use std::marker::PhantomData;

    /// Bytes reserved up front at most: a damaged file's length is not trusted.
    const RESERVE_AT_MOST: usize = 1 << 20;

    /// `#[serde(deserialize_with = "...")]` for a `BTreeMap`.
    pub fn deserialize<'de, D, K, V>(d: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        D: Deserializer<'de>,
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
    {
        d.deserialize_map(Entries(PhantomData))
    }

    struct Entries<K, V>(PhantomData<(K, V)>);

    impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
        type Value = BTreeMap<K, V>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let most = RESERVE_AT_MOST / std::mem::size_of::<(K, V)>().max(1);
            let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(most));
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            Ok(BTreeMap::from_iter(entries))
        }
    }
}

/// The bytes of cache file `path`; `None` when it is missing or unreadable (the cache is then
/// empty). A FIFO, socket or device there is an error naming it: it is never opened blocking.
pub(crate) fn read_cache_file(path: &Path) -> Result<Option<Vec<u8>>> {
    let (file, size) =
        match crate::fsafe::open_regular(path, path, std::fs::OpenOptions::new().read(true)) {
            Ok(opened) => opened,
            Err(e) => {
                let special = std::fs::symlink_metadata(path)
                    .is_ok_and(|m| crate::fsafe::special_kind(&m.file_type()).is_some());
                return if special { Err(e) } else { Ok(None) };
            }
        };
    let mut bytes = Vec::with_capacity(size as usize);
    Ok(std::io::Read::read_to_end(&mut std::io::Read::take(file, size), &mut bytes)
        .ok()
        .map(|_| bytes))
}

/// Writes cache file `path` through a new temporary file renamed into place; the temporary file
/// is removed when writing fails (a full disk leaves nothing behind).
pub(crate) fn write_cache_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let written = crate::fsafe::open_no_follow(
        &tmp,
        std::fs::OpenOptions::new().write(true).create_new(true),
    )
    .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
    .with_context(|| format!("cannot write {}", tmp.display()))
    .and_then(|()| {
        std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Sorted(#[serde(deserialize_with = "sorted_map::deserialize")] BTreeMap<String, u32>);

    #[test]
    fn a_sorted_map_reads_serde_s_own_bytes_in_any_order() {
        let map: BTreeMap<String, u32> =
            (0..500).map(|i| (format!("en/op-{i}/index.html"), i)).collect();
        let bytes = encode(&map).unwrap();
        assert_eq!(decode::<Sorted>(&bytes), Some(Sorted(map.clone())));
        // Entries out of key order (another writer), one key twice: the map still holds each
        // key once, with the value written last.
        let mut entries: Vec<(String, u32)> = map.into_iter().rev().collect();
        entries.push(("en/op-7/index.html".to_string(), 9999));
        let bytes = encode(&entries).unwrap();
        let read = decode::<Sorted>(&bytes).unwrap().0;
        assert_eq!(read.len(), 500);
        assert_eq!(read["en/op-7/index.html"], 9999);
        assert!(read.keys().zip(read.keys().skip(1)).all(|(a, b)| a < b));
    }
}
