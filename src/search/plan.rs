//! What the search index of one locale writes again: which shards keep their bundle, which
//! are indexed anew, and which changed pages go to the locale's delta bundle instead.
//!
//! A shard's bundle records the pages it was made from (its stamp; the work folder's memo keeps
//! their hashes, see [`Base`]). When a few pages of large shards change, indexing those shards
//! again costs seconds (pagefind takes about 3 ms a page); the delta bundle instead holds just
//! the pages that differ from their shard's bundle, and the shards' outdated copies of them are
//! listed as stale, so the browser drops those results (`search.js`). The delta is cumulative
//! (every page that differs from its shard's bundle, however many builds ago it changed) and
//! is folded back into the shards, which are then indexed anew, once it outgrows
//! [`Limits::delta_pages`]. Small shards are always indexed anew: their result equals a clean
//! build's byte for byte.

use std::collections::HashMap;
use std::path::PathBuf;

/// One page of a shard: its URL path, its file in the staged site, and the hash of its bytes.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Hashed {
    pub url: String,
    pub path: PathBuf,
    pub hash: u128,
}

/// The pages a shard's bundle was made from, as (URL path, hash), sorted by URL.
pub type Base = Vec<(String, u128)>;

/// When the delta bundle is used: at most `delta_pages` pages of the locale differ from their
/// shard's bundle (new, changed or removed), and the shards it spares hold at least
/// `delta_min` pages.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    pub delta_pages: usize,
    pub delta_min: usize,
}

impl Limits {
    /// The limits of a build: [`Limits::DEFAULT`], or `POLYDOC_SEARCH_DELTA_PAGES` and
    /// `POLYDOC_SEARCH_DELTA_MIN` when set to a number (tuning knobs; the tests set the
    /// minimum to 1 to use the delta on a small site).
    pub fn from_env() -> Self {
        let knob = |name: &str, default: usize| {
            std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
        };
        Limits {
            delta_pages: knob("POLYDOC_SEARCH_DELTA_PAGES", Self::DEFAULT.delta_pages),
            delta_min: knob("POLYDOC_SEARCH_DELTA_MIN", Self::DEFAULT.delta_min),
        }
    }

    /// A delta of up to 100 pages a locale (about 0.3 s to index), used when it spares
    /// indexing at least 300 pages again.
    pub const DEFAULT: Limits = Limits { delta_pages: 100, delta_min: 300 };
}

/// A shard as the build finds it.
pub(super) struct ShardInput {
    /// The shard number.
    pub k: usize,
    /// Its pages now, sorted by URL.
    pub pages: Vec<Hashed>,
    /// The stamp of its bundle in the staged site (the previous output), if any.
    pub on_disk: Option<String>,
    /// The pages its previous bundle was made from, as the memo recorded them.
    pub base: Option<Base>,
}

/// What happens to one shard's bundle.
#[derive(Debug, PartialEq)]
pub(super) enum Action {
    /// The bundle in the staged site stays as it is; its stamp is the one given. With
    /// `outdated`, some of its pages changed and the delta holds them: the bundle must stay,
    /// as the stale list and the delta are made for it.
    Keep { stamp: String, outdated: bool },
    /// The shard is indexed anew from its pages.
    Index,
}

/// One shard's part of the plan: its number, its pages and their stamp, what happens to its
/// bundle, and the pages its bundle will hold (the memo's next [`Base`] for it).
pub(super) struct ShardPlan {
    pub k: usize,
    pub pages: Vec<Hashed>,
    pub stamp: String,
    pub action: Action,
    pub base: Base,
}

/// A locale's plan: its shards, the pages of its delta bundle (empty: no delta) and the URLs
/// whose copies in kept shards are outdated, both sorted by URL.
pub(super) struct LocalePlan {
    pub shards: Vec<ShardPlan>,
    pub delta: Vec<Hashed>,
    pub stale: Vec<String>,
}

/// The stamp of a bundle made from `pages` (URL path and hash, in order): `head` (what the
/// indexer is), the number of pages and one hash over them all.
fn stamp<'a>(head: &str, pages: impl Iterator<Item = (&'a str, u128)>) -> String {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut count = 0usize;
    for (url, page) in pages {
        hash.update(url.as_bytes());
        hash.update(&[0]);
        hash.update(&page.to_le_bytes());
        count += 1;
    }
    format!("{head}\npages {count} xxh3-128 {:032x}\n", hash.digest128())
}

/// The stamp of a bundle made from `pages`.
pub(super) fn pages_stamp(head: &str, pages: &[Hashed]) -> String {
    stamp(head, pages.iter().map(|p| (p.url.as_str(), p.hash)))
}

/// How a shard with a valid previous bundle differs from it: its pages that are new or
/// changed, and the URLs of its bundle's pages that are gone or changed (stale copies).
fn differences(pages: &[Hashed], base: &Base) -> (Vec<Hashed>, Vec<String>) {
    let before: HashMap<&str, u128> = base.iter().map(|(u, h)| (u.as_str(), *h)).collect();
    let now: HashMap<&str, u128> = pages.iter().map(|p| (p.url.as_str(), p.hash)).collect();
    let changed: Vec<Hashed> =
        pages.iter().filter(|p| before.get(p.url.as_str()) != Some(&p.hash)).cloned().collect();
    let stale = base
        .iter()
        .filter(|(url, hash)| now.get(url.as_str()) != Some(hash))
        .map(|(url, _)| url.clone())
        .collect();
    (changed, stale)
}

/// The plan of one locale's `shards` (see the module header), stamps starting with `head`.
pub(super) fn locale(head: &str, shards: Vec<ShardInput>, limits: Limits) -> LocalePlan {
    enum Found {
        Same(String),
        Differs { stamp: String, base: Base, changed: Vec<Hashed>, stale: Vec<String> },
        Unknown,
    }
    let found: Vec<(ShardInput, String, Found)> = shards
        .into_iter()
        .map(|mut s| {
            let now = pages_stamp(head, &s.pages);
            let verdict = match (&s.on_disk, s.base.take()) {
                (Some(disk), _) if *disk == now => Found::Same(now.clone()),
                (Some(disk), Some(base))
                    if *disk == stamp(head, base.iter().map(|(u, h)| (u.as_str(), *h))) =>
                {
                    let (changed, stale) = differences(&s.pages, &base);
                    Found::Differs { stamp: disk.clone(), base, changed, stale }
                }
                _ => Found::Unknown,
            };
            (s, now, verdict)
        })
        .collect();
    let (mut pending, mut spared, mut unknown) = (0usize, 0usize, false);
    for (s, _, verdict) in &found {
        match verdict {
            Found::Differs { changed, stale, .. } => {
                // Pages, not records: a changed page is both in the delta and stale.
                let urls: std::collections::HashSet<&str> = changed
                    .iter()
                    .map(|p| p.url.as_str())
                    .chain(stale.iter().map(|u| u.as_str()))
                    .collect();
                pending += urls.len();
                spared += s.pages.len();
            }
            Found::Unknown => unknown = true,
            Found::Same(_) => {}
        }
    }
    // A shard indexed anew may hold a page another shard lists as stale (a page that moved),
    // so the delta is used only when every other shard keeps its bundle.
    let use_delta =
        !unknown && pending > 0 && pending <= limits.delta_pages && spared >= limits.delta_min;
    let mut plan = LocalePlan { shards: Vec::new(), delta: Vec::new(), stale: Vec::new() };
    for (s, now, verdict) in found {
        let current = || s.pages.iter().map(|p| (p.url.clone(), p.hash)).collect::<Base>();
        let (action, base) = match verdict {
            Found::Same(stamp) => (Action::Keep { stamp, outdated: false }, current()),
            Found::Differs { stamp, base, changed, stale } if use_delta => {
                plan.delta.extend(changed);
                plan.stale.extend(stale);
                (Action::Keep { stamp, outdated: true }, base)
            }
            Found::Differs { .. } | Found::Unknown => (Action::Index, current()),
        };
        plan.shards.push(ShardPlan { k: s.k, pages: s.pages, stamp: now, action, base });
    }
    plan.delta.sort_by(|a, b| a.url.cmp(&b.url));
    plan.stale.sort();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, hash: u128) -> Hashed {
        Hashed { url: url.to_string(), path: PathBuf::from(url), hash }
    }

    fn base(pages: &[Hashed]) -> Base {
        pages.iter().map(|p| (p.url.clone(), p.hash)).collect()
    }

    const LIMITS: Limits = Limits { delta_pages: 4, delta_min: 2 };

    /// Two shards whose bundles were made from `before`, now holding `now`.
    fn inputs(before: [&[Hashed]; 2], now: [Vec<Hashed>; 2]) -> Vec<ShardInput> {
        before
            .into_iter()
            .zip(now)
            .enumerate()
            .map(|(k, (b, pages))| ShardInput {
                k,
                pages,
                on_disk: Some(pages_stamp("h", b)),
                base: Some(base(b)),
            })
            .collect()
    }

    #[test]
    fn unchanged_shards_keep_their_bundles_and_there_is_no_delta() {
        let a = vec![page("/en/a/", 1), page("/en/b/", 2)];
        let c = vec![page("/en/c/", 3)];
        let plan = locale("h", inputs([&a, &c], [a.clone(), c.clone()]), LIMITS);
        assert!(plan.shards.iter().all(|s| matches!(s.action, Action::Keep { .. })));
        assert!(plan.delta.is_empty() && plan.stale.is_empty());
    }

    #[test]
    fn a_few_changes_go_to_the_delta_and_the_shard_keeps_its_old_pages() {
        let a = vec![page("/en/a/", 1), page("/en/b/", 2)];
        let c = vec![page("/en/c/", 3), page("/en/d/", 4)];
        // b changed, d removed, e added.
        let now = [
            vec![page("/en/a/", 1), page("/en/b/", 20)],
            vec![page("/en/c/", 3), page("/en/e/", 5)],
        ];
        let plan = locale("h", inputs([&a, &c], now), LIMITS);
        assert!(plan.shards.iter().all(|s| matches!(s.action, Action::Keep { .. })));
        assert_eq!(plan.delta, vec![page("/en/b/", 20), page("/en/e/", 5)]);
        assert_eq!(plan.stale, vec!["/en/b/".to_string(), "/en/d/".to_string()]);
        assert_eq!(plan.shards[0].base, base(&a), "the kept bundle still holds the old page");
        // The next build with one more change: the delta holds every page that differs.
        let again = [
            vec![page("/en/a/", 10), page("/en/b/", 20)],
            vec![page("/en/c/", 3), page("/en/e/", 5)],
        ];
        let plan = locale("h", inputs([&a, &c], again), LIMITS);
        assert_eq!(plan.delta.len(), 3, "a, b and e");
        assert_eq!(plan.stale.len(), 3, "a, b and d");
    }

    #[test]
    fn a_delta_past_its_limit_is_folded_back_into_the_shards() {
        let a = vec![page("/en/a/", 1), page("/en/b/", 2)];
        let c = vec![page("/en/c/", 3), page("/en/d/", 4)];
        // Five pages differ: a, b, c changed, d removed, e added.
        let now = [
            vec![page("/en/a/", 10), page("/en/b/", 20)],
            vec![page("/en/c/", 30), page("/en/e/", 5)],
        ];
        let plan = locale("h", inputs([&a, &c], now), LIMITS);
        assert_eq!(plan.shards[0].action, Action::Index);
        assert_eq!(plan.shards[1].action, Action::Index);
        assert!(plan.delta.is_empty() && plan.stale.is_empty());
        assert_eq!(plan.shards[1].base, vec![("/en/c/".into(), 30), ("/en/e/".into(), 5)]);
    }

    #[test]
    fn small_shards_and_unknown_bundles_are_indexed_anew() {
        let a = vec![page("/en/a/", 1)];
        let c = vec![page("/en/c/", 3)];
        let now = [vec![page("/en/a/", 10)], c.clone()];
        let small = Limits { delta_pages: 3, delta_min: 5 };
        let plan = locale("h", inputs([&a, &c], now.clone()), small);
        assert_eq!(plan.shards[0].action, Action::Index, "spares too little");
        assert!(matches!(plan.shards[1].action, Action::Keep { .. }));
        // A bundle the memo does not describe (its stamp differs) is indexed anew, and no
        // other shard uses the delta then.
        let mut found = inputs([&a, &c], [now[0].clone(), vec![page("/en/c/", 30)]]);
        found[1].base = Some(vec![("/en/x/".into(), 9)]);
        let plan = locale("h", found, LIMITS);
        assert_eq!(plan.shards[0].action, Action::Index);
        assert_eq!(plan.shards[1].action, Action::Index);
        assert!(plan.delta.is_empty());
        // Without a previous output, everything is indexed.
        let fresh = vec![ShardInput { k: 0, pages: a.clone(), on_disk: None, base: None }];
        assert_eq!(locale("h", fresh, LIMITS).shards[0].action, Action::Index);
    }
}
