//! Static search: indexes the built HTML pages of each locale with pagefind's library (its
//! `api` module) into `pagefind/<locale>/`, a bundle the browser loads only when the reader
//! starts a search. Each locale gets its own index with that language's stemmer (German and
//! Spanish words match in any inflection), so a page searches only pages in its language.
//! The index is made from the staged site (every page, rendered now or kept from the previous
//! build), so an incremental build indexes exactly what the new output holds.

use anyhow::{anyhow, Context, Result};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::path::Path;

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

/// Indexes the pages of every locale in `site` (the staged output), stages each locale's new
/// bundle files with `put` as soon as they are made, and returns every bundle file's path,
/// sorted. Locales are indexed one after another, each index dropped before the next is made,
/// so memory holds one locale's index at a time. With `reuse` (an incremental build, whose
/// staging folder holds the previous output as it was written), a locale whose pages are byte
/// for byte those its bundle was made from keeps that bundle.
pub fn index_site(
    site: &Path,
    keep: &[String],
    locales: &[String],
    reuse: bool,
    put: &dyn Fn(&str, &[u8]) -> Result<()>,
) -> Result<Vec<String>> {
    let mut written = Vec::new();
    for code in locales {
        let pages = locale_pages(site, keep, code);
        let stamp = stamp(&pages)?;
        let bundle = match reuse.then(|| previous_bundle(site, code, &stamp)).flatten() {
            Some(kept) => kept,
            None => index_locale(code, pages, stamp)?,
        };
        for file in bundle {
            if let Some(bytes) = &file.bytes {
                put(&file.rel, bytes)?;
            }
            written.push(file.rel);
        }
    }
    written.sort();
    Ok(written)
}

/// What a locale's bundle is made from: this indexer (polydoc's version and selectors,
/// pagefind's version) and a hash of every searched page's URL and bytes.
fn stamp(pages: &[(String, std::path::PathBuf)]) -> Result<String> {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    for (url, path) in pages {
        let bytes = std::fs::read(path)
            .with_context(|| format!("reading {} for the search index", path.display()))?;
        hash.update(url.as_bytes());
        hash.update(&[0]);
        hash.update(&(bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(format!(
        "polydoc {} pagefind 1.6 root {ROOT_SELECTOR} excluded {}\npages {} xxh3-128 {:032x}\n",
        env!("CARGO_PKG_VERSION"),
        EXCLUDED.join(" "),
        pages.len(),
        hash.digest128()
    ))
}

/// The previous bundle of `code` in `site`, file by file, when its stamp is `stamp`.
fn previous_bundle(site: &Path, code: &str, stamp: &str) -> Option<Vec<BundleFile>> {
    let dir = site.join(BUNDLE_DIR).join(code);
    if std::fs::read_to_string(dir.join(STAMP)).ok()? != stamp {
        return None;
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir) {
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
fn locale_pages(site: &Path, keep: &[String], code: &str) -> Vec<(String, std::path::PathBuf)> {
    let prefix = format!("{code}/");
    let landing = format!("{code}/index.html");
    let mut pages: Vec<(String, std::path::PathBuf)> = keep
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

/// One locale's bundle, as files below `pagefind/<locale>/`, with its stamp.
fn index_locale(
    code: &str,
    pages: Vec<(String, std::path::PathBuf)>,
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
            let html = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {} for the search index", path.display()))?;
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| anyhow!("{e:#}"))
                .with_context(|| format!("indexing {} for search", path.display()))?;
        }
        index.get_files().await.map_err(|e| anyhow!("{e:#}")).context("writing the search index")
    })?;
    let mut bundle: Vec<BundleFile> = files
        .into_iter()
        .filter(|f| wanted(&f.filename))
        .map(|f| BundleFile {
            rel: format!("{BUNDLE_DIR}/{code}/{}", f.filename.to_string_lossy().replace('\\', "/")),
            bytes: Some(f.contents),
        })
        .collect();
    bundle.push(BundleFile {
        rel: format!("{BUNDLE_DIR}/{code}/{STAMP}"),
        bytes: Some(stamp.into_bytes()),
    });
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
