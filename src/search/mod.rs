//! Static search: indexes the built HTML pages of each locale with pagefind's library (its
//! `api` module) into `pagefind/<locale>/`, a bundle the browser loads only when the reader
//! starts a search. Each locale gets its own index with that language's stemmer (German and
//! Spanish words match in any inflection), so a page searches only pages in its language.
//! The index is made from the staged site (every page, rendered now or kept from the previous
//! build), so an incremental build indexes exactly what the new output holds.

mod bundle;
mod cut;
mod plan;

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The search box's script, loaded by `assets/polydoc.js` on the first focus of the box.
pub const SEARCH_JS: &str = include_str!("../../templates/assets/search.js");
/// Where the search box's script goes in the site.
pub const SCRIPT_REL: &str = "assets/search.js";

/// The folder of the search bundles, one per locale below it.
pub const BUNDLE_DIR: &str = "pagefind";

/// What is searched on a page: its `<main>`, without navigation (language switcher,
/// contents, breadcrumbs, previous/next) or example code (request and response bodies and
/// SDK snippets), which would add identifiers of every page to every query.
const ROOT_SELECTOR: &str = "main";
const EXCLUDED: [&str; 3] = ["nav", ".example pre", "[data-search-skip]"];

/// The file in each bundle recording what it was made from (see [`plan::pages_stamp`]).
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

/// The folder of a locale's delta bundle below its primary bundle (see [`plan`]).
const DELTA_DIR: &str = "shard-delta";

/// What a delta bundle's page URLs end with, so the browser tells its results from the
/// shards' outdated copies of the same pages (`search.js` strips it).
pub const DELTA_MARK: &str = "#";

/// Indexes the pages of every locale in `site` (the staged output), stages each locale's new
/// bundle files with `put`, and returns every bundle file's path, sorted. A locale's pages are
/// split into shards by a hash of their path (see [`split`]): shard 0 is the primary bundle
/// `pagefind/<locale>/`, the others are merged into it by the browser from
/// `pagefind/<locale>/shard-<k>/`, listed in `pagefind/<locale>/shards.js`. Bundles are made
/// two at a time, each index dropped once its files are made. With `reuse` (an incremental
/// build, whose staging folder holds the previous output as it was written), a shard whose
/// pages are byte for byte those its bundle was made from keeps that bundle, and a few changed
/// pages of large shards go to the locale's delta bundle instead of indexing their shards anew
/// (see [`plan`]).
pub fn index_site(
    site: &Path,
    keep: &[String],
    locales: &[String],
    reuse: bool,
    memo: &mut Memo,
    put: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<Vec<String>> {
    let per_shard = shard_pages();
    let split: Vec<(&String, Shards)> = locales
        .iter()
        .map(|code| (code, split(locale_pages(site, keep, code), per_shard)))
        .collect();
    let (hashed, fresh) = hash_all(&split, &memo.pages)?;
    let head = stamp_head();
    let limits = plan::Limits::from_env();
    let mut plans = Vec::new();
    for ((code, shards), hashed) in split.iter().zip(hashed) {
        let inputs = shards
            .iter()
            .zip(hashed)
            .map(|((k, _), pages)| {
                let dir = shard_dir(code, *k);
                plan::ShardInput {
                    k: *k,
                    pages,
                    on_disk: reuse.then(|| bundle::stamp_on_disk(site, &dir)).flatten(),
                    base: memo.bases.get(&dir).cloned(),
                }
            })
            .collect();
        plans.push((*code, plan::locale(&head, inputs, limits)));
    }
    let mut written = Vec::new();
    for (code, plan) in &plans {
        let shards_js = format!("{BUNDLE_DIR}/{code}/{SHARDS_JS}");
        put(&shards_js, shards_module(plan).as_bytes())?;
        written.push(shards_js);
    }
    written.extend(make_bundles(site, &head, &plans, reuse, put)?);
    remember(memo, plans, fresh);
    written.sort();
    Ok(written)
}

/// One bundle to write: locale, folder, whether it is the primary bundle, the pages it is made
/// from (the URL each is indexed under, and its file) with their stamp, the stamp of the
/// bundle in the staged site that may stay instead, and whether it must (see
/// [`plan::Action::Keep`]).
struct Job<'a> {
    code: &'a str,
    dir: String,
    primary: bool,
    pages: Vec<Page>,
    stamp: String,
    keep: Option<String>,
    must_keep: bool,
}

/// The jobs of every locale's plan: each shard, and the delta where there is one.
fn jobs<'a>(head: &str, plans: &'a [(&'a String, plan::LocalePlan)]) -> Vec<Job<'a>> {
    let mut jobs = Vec::new();
    for (code, plan) in plans {
        for shard in &plan.shards {
            let pages = shard.pages.iter().map(|p| (p.url.clone(), p.path.clone())).collect();
            let (keep, must_keep) = match &shard.action {
                plan::Action::Keep { stamp, outdated } => (Some(stamp.clone()), *outdated),
                plan::Action::Index => (None, false),
            };
            let (dir, stamp) = (shard_dir(code, shard.k), shard.stamp.clone());
            jobs.push(Job { code, dir, primary: shard.k == 0, pages, stamp, keep, must_keep });
        }
        if !plan.delta.is_empty() {
            // The stale list is in shards.js, not in the delta: it is not part of the stamp.
            let stamp = plan::pages_stamp(head, &plan.delta);
            let pages =
                plan.delta.iter().map(|p| (format!("{}{DELTA_MARK}", p.url), p.path.clone()));
            let dir = format!("{BUNDLE_DIR}/{code}/{DELTA_DIR}");
            let keep = Some(stamp.clone());
            let pages = pages.collect();
            jobs.push(Job { code, dir, primary: false, pages, stamp, keep, must_keep: false });
        }
    }
    jobs
}

/// Makes or keeps every bundle of `plans`, two at a time (every bundle of every locale is one
/// job, so an incremental build indexes the few that changed on both cores whatever their
/// locale), stages the new files with `put` and returns every bundle file's path.
fn make_bundles(
    site: &Path,
    head: &str,
    plans: &[(&String, plan::LocalePlan)],
    reuse: bool,
    put: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<Vec<String>> {
    use rayon::prelude::*;
    let made = jobs(head, plans)
        .into_par_iter()
        .with_max_len(1)
        .map(|job| {
            // A kept bundle that cannot be listed is made anew, stamped with what it then holds.
            let previous = job
                .keep
                .as_deref()
                .filter(|_| reuse)
                .and_then(|stamp| bundle::previous(site, &job.dir, job.primary, stamp));
            // But not one the delta and the stale list were made for (a page added since would
            // be found twice): that fails the build, which leaves the output as it was.
            let files = match previous {
                Some(files) => files,
                None if job.must_keep => anyhow::bail!(
                    "the search bundle {} of the previous build cannot be read; build again \
                     with --no-cache",
                    site.join(&job.dir).display()
                ),
                None => bundle::index(job.code, &job.dir, job.primary, &job.pages, job.stamp)?,
            };
            let mut rels = Vec::with_capacity(files.len());
            for file in files {
                if let Some(bytes) = &file.bytes {
                    put(&file.rel, bytes)?;
                }
                rels.push(file.rel);
            }
            Ok(rels)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(made.into_iter().flatten().collect())
}

/// The memo after a build: the hash of every page searched now, and what each shard's bundle
/// holds.
fn remember(memo: &mut Memo, plans: Vec<(&String, plan::LocalePlan)>, fresh: Fresh) {
    let searched: std::collections::HashSet<&str> = plans
        .iter()
        .flat_map(|(_, p)| p.shards.iter().flat_map(|s| s.pages.iter().map(|p| p.url.as_str())))
        .collect();
    memo.pages.retain(|url, _| searched.contains(url.as_str()));
    memo.pages.extend(fresh);
    let bases = plans
        .into_iter()
        .flat_map(|(code, p)| p.shards.into_iter().map(move |s| (shard_dir(code, s.k), s.base)))
        .collect();
    crate::cache::drop_later(std::mem::replace(&mut memo.bases, bases));
}

/// The first line of every stamp: this indexer (polydoc's version and selectors, pagefind's
/// version).
fn stamp_head() -> String {
    format!(
        "polydoc {} pagefind 1.6 root {ROOT_SELECTOR} excluded {}",
        env!("CARGO_PKG_VERSION"),
        EXCLUDED.join(" ")
    )
}

/// The memo entries of the pages a build read, by URL.
type Fresh = Vec<(String, MemoEntry)>;

/// Every page of every shard with the hash of its bytes (shards on both cores), by locale and
/// shard as `split` holds them, and the memo entries of the pages read.
fn hash_all(
    split: &[(&String, Shards)],
    known: &std::collections::HashMap<String, MemoEntry>,
) -> Result<(Vec<Vec<Vec<plan::Hashed>>>, Fresh)> {
    use rayon::prelude::*;
    let jobs: Vec<(usize, &[Page])> = split
        .iter()
        .enumerate()
        .flat_map(|(i, (_, shards))| shards.iter().map(move |(_, pages)| (i, pages.as_slice())))
        .collect();
    let done = jobs
        .par_iter()
        .map(|(i, pages)| Ok((*i, hash_pages(pages, known)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut hashed: Vec<Vec<Vec<plan::Hashed>>> = vec![Vec::new(); split.len()];
    let mut fresh = Vec::new();
    for (i, (pages, read)) in done {
        hashed[i].push(pages);
        fresh.extend(read);
    }
    Ok((hashed, fresh))
}

/// The hash of each page's bytes: from `known` when its file is the one the memo recorded
/// (see [`Memo`]); else the page is read, and its new memo entry returned.
fn hash_pages(
    pages: &[Page],
    known: &std::collections::HashMap<String, MemoEntry>,
) -> Result<(Vec<plan::Hashed>, Fresh)> {
    let mut hashed = Vec::with_capacity(pages.len());
    let mut fresh = Vec::new();
    for (url, path) in pages {
        let meta = std::fs::symlink_metadata(path)
            .with_context(|| format!("reading {} for the search index", path.display()))?;
        let id = file_id(&meta);
        let hash = match known.get(url).filter(|e| id.is_some() && e.file == id) {
            Some(entry) => entry.hash,
            None => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("reading {} for the search index", path.display()))?;
                let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
                fresh.push((url.clone(), MemoEntry { file: id, hash }));
                hash
            }
        };
        hashed.push(plan::Hashed { url: url.clone(), path: path.clone(), hash });
    }
    Ok((hashed, fresh))
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

/// `shards.js`: an ES module whose default export lists the folders of the shards to merge
/// (after the first), whose `delta` export is the delta bundle's folder (or `null`), and
/// whose `stale` export lists the URLs whose copies in the shards are outdated (the delta holds
/// them now). The delta is not in the default list, so a search script cached from before
/// the delta existed merges only the shards (and finds the old copies) rather than finding
/// pages twice.
fn shards_module(plan: &plan::LocalePlan) -> String {
    let folders: Vec<String> = plan
        .shards
        .iter()
        .filter(|s| s.k > 0)
        .map(|s| format!("{:?}", format!("{SHARD_PREFIX}{}/", s.k)))
        .collect();
    let delta = match plan.delta.is_empty() {
        true => "null".to_string(),
        false => format!("{:?}", format!("{DELTA_DIR}/")),
    };
    let stale: Vec<String> = plan.stale.iter().map(|u| format!("{u:?}")).collect();
    format!(
        "export default [{}];\nexport const delta = {delta};\nexport const stale = [{}];\n",
        folders.join(", "),
        stale.join(", ")
    )
}

/// The page hashes of the last index, by URL, kept in the work folder ([`MEMO_FILE`]) so an
/// incremental build reads only the pages it wrote: every other page of the staged site is a
/// hard link to the previous output's file, the very inode the memo recorded (polydoc never
/// writes a file in place; a page written anew is a new file, with a new inode and change
/// time). And for each shard's bundle, the pages it was made from (see [`plan`]).
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Memo {
    pages: std::collections::HashMap<String, MemoEntry>,
    bases: std::collections::HashMap<String, plan::Base>,
}

impl Memo {
    /// Records each page's file in `out` with its change time now, when it is still the file
    /// hashed (same device, inode and size); a page whose file is another is read again by the
    /// next build. Only the change time is let go, and only for the moments between this
    /// build's search stage and its end: a file replaced then by one of the same size that got
    /// the freed inode number would keep its old hash (the search index of that one page stays
    /// old until the page changes again).
    fn restat(&mut self, out: &Path) {
        for (url, entry) in self.pages.iter_mut() {
            let rel = url.trim_start_matches('/');
            let file = match rel.is_empty() || rel.ends_with('/') {
                true => out.join(rel).join("index.html"),
                false => out.join(rel),
            };
            let now = std::fs::symlink_metadata(file).ok().and_then(|m| file_id(&m));
            let same = |a: &FileId, b: &FileId| (a.0, a.1, a.2) == (b.0, b.1, b.2);
            entry.file = match (entry.file, now) {
                (Some(was), Some(now)) if same(&was, &now) => Some(now),
                _ => None,
            };
        }
    }
}

/// The file name of the [`Memo`] in the work folder.
pub const MEMO_FILE: &str = "search.bin";

/// The memo kept at `path`; empty when it is missing or does not parse (every page is then
/// read and every shard compared by its stamp only).
pub fn load_memo(path: &Path) -> Memo {
    crate::cache::read_cache_file(path)
        .ok()
        .flatten()
        .and_then(|bytes| crate::cache::decode(&bytes))
        .unwrap_or_default()
}

/// Keeps `memo` at `path` for the next build; a failure only costs that build reading every
/// page again. With `relinked` (the output, after the build linked its pages into a fresh
/// spare: a new link moves a file's change time), each page's file is recorded as it is now.
pub fn save_memo(path: &Path, mut memo: Memo, relinked: Option<&Path>) {
    if let Some(out) = relinked {
        memo.restat(out);
    }
    let _ =
        crate::cache::encode(&memo).and_then(|bytes| crate::cache::write_cache_file(path, &bytes));
    crate::cache::drop_later(memo);
}

/// One page's entry of the [`Memo`].
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MemoEntry {
    /// The file hashed.
    file: Option<FileId>,
    /// xxh3-128 of its bytes.
    hash: u128,
}

/// Device, inode, size and change time (seconds, nanoseconds) of a file.
type FileId = (u64, u64, u64, i64, i64);

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino(), meta.size(), meta.ctime(), meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<FileId> {
    None // no inode numbers: every page is read
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn shards_js_lists_the_bundles_to_merge_and_the_stale_pages() {
        assert_eq!(shard_dir("de", 0), "pagefind/de");
        assert_eq!(shard_dir("de", 3), "pagefind/de/shard-3");
        let shard = |k| plan::ShardPlan {
            k,
            pages: vec![],
            stamp: String::new(),
            action: plan::Action::Index,
            base: vec![],
        };
        let page = plan::Hashed { url: "/de/a/".into(), path: PathBuf::from("a"), hash: 1 };
        let plain =
            plan::LocalePlan { shards: vec![shard(0), shard(1)], delta: vec![], stale: vec![] };
        assert_eq!(
            shards_module(&plain),
            "export default [\"shard-1/\"];\nexport const delta = null;\nexport const stale = [];\n"
        );
        let delta = plan::LocalePlan {
            shards: vec![shard(0), shard(2)],
            delta: vec![page],
            stale: vec!["/de/a/".into(), "/de/b/".into()],
        };
        assert_eq!(
            shards_module(&delta),
            "export default [\"shard-2/\"];\nexport const delta = \"shard-delta/\";\n\
             export const stale = [\"/de/a/\", \"/de/b/\"];\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn restat_follows_a_new_link_of_the_same_file_and_forgets_a_replaced_one() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("en/a/index.html");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "<main>a</main>").unwrap();
        std::fs::write(dir.path().join("en/b.html"), "<main>b</main>").unwrap();
        let id = |p: &Path| file_id(&std::fs::symlink_metadata(p).unwrap());
        let mut memo = Memo::default();
        for (url, file) in [("/en/a/", page.clone()), ("/en/b.html", dir.path().join("en/b.html"))]
        {
            memo.pages.insert(url.into(), MemoEntry { file: id(&file), hash: 1 });
        }
        let before = id(&page);
        std::thread::sleep(std::time::Duration::from_millis(20));
        // A new link moves the change time; a replaced file is another inode.
        std::fs::hard_link(&page, dir.path().join("link")).unwrap();
        let b = dir.path().join("en/b.html");
        std::fs::remove_file(&b).unwrap();
        std::fs::write(dir.path().join("tmp"), "<main>bigger</main>").unwrap();
        std::fs::rename(dir.path().join("tmp"), &b).unwrap();
        assert_ne!(id(&page), before, "the link moved the change time");
        memo.restat(dir.path());
        assert_eq!(memo.pages["/en/a/"].file, id(&page));
        assert_eq!(memo.pages["/en/b.html"].file, None, "another file: read it again");
    }
}
