//! Static search: indexes the built HTML pages of each locale with pagefind's library (its
//! `api` module) into `pagefind/<locale>/`, a bundle the browser loads only when the reader
//! starts a search. Each locale gets its own index with that language's stemmer (German and
//! Spanish words match in any inflection), so a page searches only pages in its language.
//! The index is made from the staged site (every page, rendered now or kept from the previous
//! build), so an incremental build indexes exactly what the new output holds.

use anyhow::{anyhow, Context, Result};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::{Path, PathBuf};

/// The search box's script, loaded by `assets/polydoc.js` on the first focus of the box.
pub const SEARCH_JS: &str = include_str!("../templates/assets/search.js");
/// Where the search box's script goes in the site.
pub const SCRIPT_REL: &str = "assets/search.js";

/// The folder of the search bundles, one per locale below it.
pub const BUNDLE_DIR: &str = "pagefind";

/// What is searched on a page: its `<main>`, without navigation (language switcher,
/// contents, breadcrumbs, previous/next) or example code (request and response bodies and
/// SDK snippets), which would add identifiers of every page to every query.
const ROOT_SELECTOR: &str = "main";
const EXCLUDED: [&str; 3] = ["nav", ".example pre", "[data-search-skip]"];

/// The file in each bundle recording what it was made from (see [`stamp`]).
const STAMP: &str = "polydoc-pages.txt";

/// A file of a locale's search bundle: its path in the site and its bytes, or `None` for a
/// file of the previous bundle that stays as it is.
pub struct BundleFile {
    pub rel: String,
    pub bytes: Option<Vec<u8>>,
}

/// A page searched: its URL path and its file in the staged site.
type Page = (String, PathBuf);

/// A locale's pages by shard number (see [`split`]).
type Shards = Vec<(usize, Vec<Page>)>;

/// Pages per search shard at most, unless `POLYDOC_SEARCH_SHARD_PAGES` says otherwise (see
/// [`shard_pages`]). One pagefind index holds every page it indexes in memory, twice while it
/// writes its files (about 200 KB per page of this site), so a locale of a whole API is split
/// into shards: memory holds at most two shards' indexes, the two cores index one shard each,
/// and an incremental build indexes again only the shards whose pages changed.
pub const SHARD_PAGES: usize = 2000;

/// The file in a locale's primary bundle listing its other shards, for `search.js`.
pub const SHARDS_JS: &str = "shards.js";

/// The folder prefix of a locale's shards after the first, below the primary bundle.
const SHARD_PREFIX: &str = "shard-";

/// Indexes the pages of every locale in `site` (the staged output), stages each locale's new
/// bundle files with `put`, and returns every bundle file's path, sorted. A locale's pages are
/// split into shards by a hash of their path (see [`split`]): shard 0 is the primary bundle
/// `pagefind/<locale>/`, the others are merged into it by the browser from
/// `pagefind/<locale>/shard-<k>/`, listed in `pagefind/<locale>/shards.js`. Shards are indexed
/// two at a time, each index dropped once its files are made. With `reuse` (an incremental
/// build, whose staging folder holds the previous output as it was written), a shard whose
/// pages are byte for byte those its bundle was made from keeps that bundle.
pub fn index_site(
    site: &Path,
    keep: &[String],
    locales: &[String],
    reuse: bool,
    memo: &mut Memo,
    put: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<Vec<String>> {
    use rayon::prelude::*;
    let per_shard = shard_pages();
    let shards: Vec<(&String, Shards)> = locales
        .iter()
        .map(|code| (code, split(locale_pages(site, keep, code), per_shard)))
        .collect();
    let mut written = Vec::new();
    for (code, split) in &shards {
        let listed: Vec<String> = split
            .iter()
            .filter(|(k, _)| *k > 0)
            .map(|(k, _)| format!("{SHARD_PREFIX}{k}/"))
            .collect();
        let shards_js = format!("{BUNDLE_DIR}/{code}/{SHARDS_JS}");
        put(&shards_js, shards_module(&listed).as_bytes())?;
        written.push(shards_js);
    }
    // Every shard of every locale is one job, so an incremental build indexes the few shards
    // that changed on both cores whatever their locale.
    let jobs: Vec<(&String, usize, &[Page])> = shards
        .iter()
        .flat_map(|(code, split)| split.iter().map(move |(k, pages)| (*code, *k, pages.as_slice())))
        .collect();
    let known: &Memo = memo;
    let bundles = jobs
        .into_par_iter()
        .with_max_len(1)
        .map(|(code, k, pages)| {
            let dir = shard_dir(code, k);
            let (stamp, fresh) = stamp(pages, known)?;
            let bundle = match reuse.then(|| previous_bundle(site, &dir, k == 0, &stamp)).flatten()
            {
                Some(kept) => kept,
                None => index_shard(code, &dir, k == 0, pages, stamp)?,
            };
            let mut rels = Vec::with_capacity(bundle.len());
            for file in bundle {
                if let Some(bytes) = &file.bytes {
                    put(&file.rel, bytes)?;
                }
                rels.push(file.rel);
            }
            Ok((rels, fresh))
        })
        .collect::<Result<Vec<_>>>()?;
    let searched: std::collections::HashSet<&str> = jobs_urls(&shards).collect();
    memo.retain(|url, _| searched.contains(url.as_str()));
    for (rels, fresh) in bundles {
        written.extend(rels);
        memo.extend(fresh);
    }
    written.sort();
    Ok(written)
}

/// The URL of every page searched, across the locales' shards.
fn jobs_urls<'a>(shards: &'a [(&String, Shards)]) -> impl Iterator<Item = &'a str> {
    shards
        .iter()
        .flat_map(|(_, split)| split.iter().flat_map(|(_, p)| p.iter().map(|(u, _)| u.as_str())))
}

/// Pages per shard: `POLYDOC_SEARCH_SHARD_PAGES` when set to a positive number (a tuning knob,
/// and how the tests make a small site span several shards), else [`SHARD_PAGES`].
fn shard_pages() -> usize {
    std::env::var("POLYDOC_SEARCH_SHARD_PAGES")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(SHARD_PAGES)
}

/// A locale's pages split into shards, as (shard number, pages), empty shards after the first
/// left out. The number of shards is the smallest power of two that keeps each at about
/// `per_shard` pages; a page's shard is a hash of its path without the locale, so a page stays
/// in its shard while pages come and go (until the number of shards doubles or halves), and
/// a page has the same shard number in every locale.
fn split(pages: Vec<Page>, per_shard: usize) -> Shards {
    let count = pages.len().div_ceil(per_shard).max(1).next_power_of_two();
    let mut shards: Vec<Vec<Page>> = vec![Vec::new(); count];
    for page in pages {
        let path = page.0.trim_start_matches('/');
        let path = path.split_once('/').map_or(path, |(_, rest)| rest);
        let k = (xxhash_rust::xxh3::xxh3_64(path.as_bytes()) % count as u64) as usize;
        shards[k].push(page);
    }
    shards.into_iter().enumerate().filter(|(k, pages)| *k == 0 || !pages.is_empty()).collect()
}

/// The folder of shard `k` of locale `code` in the site.
fn shard_dir(code: &str, k: usize) -> String {
    match k {
        0 => format!("{BUNDLE_DIR}/{code}"),
        _ => format!("{BUNDLE_DIR}/{code}/{SHARD_PREFIX}{k}"),
    }
}

/// `shards.js`: an ES module whose default export lists the shard folders to merge.
fn shards_module(folders: &[String]) -> String {
    let list: Vec<String> = folders.iter().map(|f| format!("{f:?}")).collect();
    format!("export default [{}];\n", list.join(", "))
}

/// What a shard's bundle is made from: this indexer (polydoc's version and selectors,
/// pagefind's version) and a hash of every searched page's URL and bytes. A page's hash comes
/// from `memo` when its file is the one the memo recorded (see [`Memo`]); else the page is
/// read, and its new entry returned.
fn stamp(pages: &[Page], memo: &Memo) -> Result<(String, Vec<(String, MemoEntry)>)> {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut fresh = Vec::new();
    for (url, path) in pages {
        let meta = std::fs::symlink_metadata(path)
            .with_context(|| format!("reading {} for the search index", path.display()))?;
        let id = file_id(&meta);
        let page = match memo.get(url).filter(|e| id.is_some() && e.file == id) {
            Some(known) => known.hash,
            None => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("reading {} for the search index", path.display()))?;
                let page = xxhash_rust::xxh3::xxh3_128(&bytes);
                fresh.push((url.clone(), MemoEntry { file: id, hash: page }));
                page
            }
        };
        hash.update(url.as_bytes());
        hash.update(&[0]);
        hash.update(&page.to_le_bytes());
    }
    let stamp = format!(
        "polydoc {} pagefind 1.6 root {ROOT_SELECTOR} excluded {}\npages {} xxh3-128 {:032x}\n",
        env!("CARGO_PKG_VERSION"),
        EXCLUDED.join(" "),
        pages.len(),
        hash.digest128()
    );
    Ok((stamp, fresh))
}

/// The page hashes of the last index, by URL, kept in the work folder ([`MEMO_FILE`]) so an
/// incremental build reads only the pages it wrote: every other page of the staged site is a
/// hard link to the previous output's file, the very inode the memo recorded (polydoc never
/// writes a file in place; a page written anew is a new file, with a new inode and change
/// time).
pub type Memo = std::collections::HashMap<String, MemoEntry>;

/// The file name of the [`Memo`] in the work folder.
pub const MEMO_FILE: &str = "search-pages.bin";

/// One page's entry of the [`Memo`].
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MemoEntry {
    /// Device, inode, size and change time (seconds, nanoseconds) of the file hashed.
    file: Option<(u64, u64, u64, i64, i64)>,
    /// xxh3-128 of its bytes.
    hash: u128,
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64, u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino(), meta.size(), meta.ctime(), meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64, u64, i64, i64)> {
    None // no inode numbers: every page is read
}

/// The previous bundle of the shard in folder `dir` of `site`, file by file, when its stamp is
/// `stamp` (the primary bundle's files only: not its shards' folders nor `shards.js`).
fn previous_bundle(site: &Path, dir: &str, primary: bool, stamp: &str) -> Option<Vec<BundleFile>> {
    let dir = site.join(dir);
    if std::fs::read_to_string(dir.join(STAMP)).ok()? != stamp {
        return None;
    }
    let own = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        !(primary && e.depth() == 1 && (name.starts_with(SHARD_PREFIX) || name == SHARDS_JS))
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).into_iter().filter_entry(own) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site).ok()?.to_string_lossy().replace('\\', "/");
            files.push(BundleFile { rel, bytes: None });
        }
    }
    Some(files)
}

/// The pages searched in a locale: every HTML page of the site's files `keep` under
/// `<locale>/` except the locale's landing page (a list of every page's title), as (URL path,
/// file in `site`), sorted.
fn locale_pages(site: &Path, keep: &[String], code: &str) -> Vec<Page> {
    let prefix = format!("{code}/");
    let landing = format!("{code}/index.html");
    let mut pages: Vec<Page> = keep
        .iter()
        .filter(|rel| rel.starts_with(&prefix) && rel.ends_with(".html") && **rel != landing)
        .map(|rel| {
            let url = format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel));
            (url, site.join(rel))
        })
        .collect();
    pages.sort();
    pages
}

/// One shard's bundle of locale `code`, as files below folder `dir` of the site, with its
/// stamp. Only the primary bundle (`primary`) carries pagefind's scripts and WebAssembly: a
/// shard merged into it needs its entry, metadata, index and fragments.
fn index_shard(
    code: &str,
    dir: &str,
    primary: bool,
    pages: &[Page],
    stamp: String,
) -> Result<Vec<BundleFile>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the search indexer")?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .root_selector(ROOT_SELECTOR.to_string())
            .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
            .force_language(pagefind_language(code))
            .keep_index_url(false)
            .write_playground(false)
            .build();
        let mut index = PagefindIndex::new(Some(config))
            .map_err(|e| anyhow!("{e:#}"))
            .context("setting up the search index")?;
        for (url, path) in pages {
            let html = std::fs::read_to_string(path)
                .with_context(|| format!("reading {} for the search index", path.display()))?;
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| anyhow!("{e:#}"))
                .with_context(|| format!("indexing {} for search", path.display()))?;
        }
        index.get_files().await.map_err(|e| anyhow!("{e:#}")).context("writing the search index")
    })?;
    let mut bundle: Vec<BundleFile> = files
        .into_iter()
        .filter(|f| wanted(&f.filename) && (primary || wanted_in_shard(&f.filename)))
        .map(|f| BundleFile {
            rel: format!("{dir}/{}", f.filename.to_string_lossy().replace('\\', "/")),
            bytes: Some(f.contents),
        })
        .collect();
    bundle.push(BundleFile { rel: format!("{dir}/{STAMP}"), bytes: Some(stamp.into_bytes()) });
    Ok(bundle)
}

/// The language pagefind stems a locale's words in: the primary language subtag, lowercased
/// (`de-AT` is German); pagefind falls back to no stemming for a language it does not know.
fn pagefind_language(code: &str) -> String {
    code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase()
}

/// The bundle files polydoc's own search box needs: the index, the fragments, the search
/// script and its WebAssembly. Pagefind's ready-made UIs (scripts and styles) and its
/// highlighting script are left out: the page brings its own small UI.
fn wanted(file: &Path) -> bool {
    let name = file.to_string_lossy();
    !(name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight")
        || name.starts_with("playground"))
}

/// The files a shard merged into the primary bundle needs: not the scripts nor the
/// WebAssembly, which the browser loads from the primary bundle only.
fn wanted_in_shard(file: &Path) -> bool {
    let name = file.to_string_lossy();
    !(name.starts_with("pagefind.js")
        || name.starts_with("pagefind-worker")
        || name.starts_with("wasm."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stemming_language_is_the_primary_subtag() {
        assert_eq!(pagefind_language("de"), "de");
        assert_eq!(pagefind_language("es-MX"), "es");
        assert_eq!(pagefind_language("en_XA"), "en");
    }

    fn pages(locale: &str, n: usize) -> Vec<Page> {
        (0..n).map(|i| (format!("/{locale}/op-{i}/"), PathBuf::from(format!("{i}")))).collect()
    }

    #[test]
    fn pages_split_into_a_power_of_two_of_shards_the_same_in_every_locale() {
        let small = split(pages("en", 5), 2000);
        assert_eq!(small.len(), 1, "a small locale is one bundle");
        assert_eq!(small[0].1.len(), 5);
        let (en, de) = (split(pages("en", 5000), 2000), split(pages("de", 5000), 2000));
        assert!(en.len() <= 4 && en.len() > 1, "{}", en.len());
        assert_eq!(en.iter().map(|(_, p)| p.len()).sum::<usize>(), 5000);
        assert!(en.iter().all(|(_, p)| p.len() < 2000), "each shard about half full");
        for ((k, en), (j, de)) in en.iter().zip(&de) {
            assert_eq!(k, j);
            let strip = |p: &[Page]| -> Vec<PathBuf> { p.iter().map(|(_, f)| f.clone()).collect() };
            assert_eq!(strip(en), strip(de), "shard {k} holds the same pages in both locales");
        }
        // Adding pages moves no page to another shard while the number of shards stays.
        let more = split(pages("en", 5200), 2000);
        let shard = |s: &[(usize, Vec<Page>)], url: &str| {
            s.iter().find(|(_, p)| p.iter().any(|(u, _)| u == url)).map(|(k, _)| *k)
        };
        assert_eq!(shard(&en, "/en/op-7/"), shard(&more, "/en/op-7/"));
    }

    #[test]
    fn shards_js_lists_the_shard_folders() {
        assert_eq!(shard_dir("de", 0), "pagefind/de");
        assert_eq!(shard_dir("de", 3), "pagefind/de/shard-3");
        assert_eq!(shards_module(&["shard-1/".into()]), "export default [\"shard-1/\"];\n");
        assert!(!wanted_in_shard(Path::new("wasm.de.pagefind")));
        assert!(!wanted_in_shard(Path::new("pagefind.js")));
        assert!(wanted_in_shard(Path::new("pagefind-entry.json")));
        assert!(wanted_in_shard(Path::new("fragment/de_1.pf_fragment")));
    }

    #[test]
    fn the_ready_made_uis_are_left_out() {
        assert!(wanted(Path::new("pagefind.js")));
        assert!(wanted(Path::new("pagefind-worker.js")));
        assert!(wanted(Path::new("wasm.de.pagefind")));
        assert!(wanted(Path::new("fragment/de_1a2b.pf_fragment")));
        assert!(!wanted(Path::new("pagefind-ui.js")));
        assert!(!wanted(Path::new("pagefind-component-ui.css")));
        assert!(!wanted(Path::new("pagefind-highlight.js")));
    }
}
