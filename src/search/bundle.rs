//! One pagefind bundle (a shard or a delta of a locale's index): made from pages with
//! pagefind's library, or kept from the staged site when its stamp says it was made from the
//! same pages. Which files of pagefind's output a bundle carries is decided here too.

use super::{BundleFile, EXCLUDED, ROOT_SELECTOR, SHARDS_JS, SHARD_PREFIX, STAMP};
use anyhow::{anyhow, Context, Result};
use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use std::path::{Path, PathBuf};

/// The stamp of the bundle in folder `dir` of `site`, if it has one.
pub(super) fn stamp_on_disk(site: &Path, dir: &str) -> Option<String> {
    std::fs::read_to_string(site.join(dir).join(STAMP)).ok()
}

/// The previous bundle in folder `dir` of `site`, file by file, when its stamp is `stamp`
/// (the primary bundle's files only: not its shards' folders nor `shards.js`).
pub(super) fn previous(
    site: &Path,
    dir: &str,
    primary: bool,
    stamp: &str,
) -> Option<Vec<BundleFile>> {
    if stamp_on_disk(site, dir)? != stamp {
        return None;
    }
    let own = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        !(primary && e.depth() == 1 && (name.starts_with(SHARD_PREFIX) || name == SHARDS_JS))
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site.join(dir)).into_iter().filter_entry(own) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site).ok()?.to_string_lossy().replace('\\', "/");
            files.push(BundleFile { rel, bytes: None });
        }
    }
    Some(files)
}

/// A bundle of locale `code` made from `pages` (the URL to index each under, and its file),
/// as files below folder `dir` of the site, with its stamp. Only the primary bundle
/// (`primary`) carries pagefind's scripts and WebAssembly: a bundle merged into it needs its
/// entry, metadata, index and fragments.
pub(super) fn index(
    code: &str,
    dir: &str,
    primary: bool,
    pages: &[(String, PathBuf)],
    stamp: String,
) -> Result<Vec<BundleFile>> {
    let whole = whole_pages();
    let documents = pages.iter().map(|(url, path)| {
        let html = std::fs::read_to_string(path)
            .with_context(|| format!("reading {} for the search index", path.display()))?;
        let html = match whole {
            true => html,
            false => super::cut::searchable(&html).unwrap_or(html),
        };
        Ok((url.clone(), html, path.display().to_string()))
    });
    let files = pagefind_files(code, documents)?;
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

/// A document to index: its URL, its HTML, and its name in an error.
type Document = (String, String, String);

/// Pagefind's files for `documents`, indexed in order in locale `code`'s language.
pub(super) fn pagefind_files(
    code: &str,
    documents: impl Iterator<Item = Result<Document>>,
) -> Result<Vec<SyntheticFile>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the search indexer")?;
    runtime.block_on(async {
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
        for document in documents {
            let (url, html, name) = document?;
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| anyhow!("{e:#}"))
                .with_context(|| format!("indexing {name} for search"))?;
        }
        index.get_files().await.map_err(|e| anyhow!("{e:#}")).context("writing the search index")
    })
}

/// Whether pages are handed to pagefind whole instead of cut to what it indexes (see
/// [`super::cut`]): `POLYDOC_SEARCH_WHOLE_PAGES` set to anything but empty or `0`. The bundle is
/// the same either way; the switch is there to prove it and to rule the cut out.
fn whole_pages() -> bool {
    std::env::var("POLYDOC_SEARCH_WHOLE_PAGES").is_ok_and(|v| !v.is_empty() && v != "0")
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

/// The files a bundle merged into the primary one needs: not the scripts nor the
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

    #[test]
    fn merged_bundles_carry_no_script() {
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
