//! The search index `build` writes for the HTML site: one pagefind bundle per locale under
//! `pagefind/<locale>/`, stemmed in the locale's language, made of the pages' main text (not
//! navigation or example code), kept exact by incremental builds, left untouched by a failed
//! build, and absent with `--no-search` (the browser side is tests/browser/search.test.mjs).

#[path = "../bench/corpus.rs"]
#[allow(dead_code)]
mod corpus;
mod support;

use std::io::Read;
use std::path::Path;
use support::*;

fn build(project: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--out", "public"];
    args.extend_from_slice(extra);
    let res = polydoc(project, &args);
    assert!(res.status.success(), "{}", stderr(&res));
}

/// A pagefind file's content: gunzipped, without pagefind's `pagefind_dcd` signature.
fn unpack(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("{} is not gzip: {e}", path.display()));
    bytes.strip_prefix(b"pagefind_dcd".as_slice()).expect("pagefind signature").to_vec()
}

/// The files of one folder of a locale's bundle (`fragment`, `index`).
fn bundle_files(out: &Path, locale: &str, folder: &str) -> Vec<std::path::PathBuf> {
    let dir = out.join("pagefind").join(locale).join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Every page record of a locale's bundle (its fragments), by URL.
fn fragments(out: &Path, locale: &str) -> std::collections::BTreeMap<String, serde_json::Value> {
    bundle_files(out, locale, "fragment")
        .iter()
        .map(|f| {
            let json: serde_json::Value = serde_json::from_slice(&unpack(f)).unwrap();
            (json["url"].as_str().unwrap().to_string(), json)
        })
        .collect()
}

/// The words of a locale's index (its chunks hold them as CBOR text), as text to search in.
fn index_words(out: &Path, locale: &str) -> String {
    bundle_files(out, locale, "index")
        .iter()
        .map(|f| String::from_utf8_lossy(&unpack(f)).into_owned())
        .collect()
}

/// The languages and page counts recorded in a locale's `pagefind-entry.json`.
fn entry(out: &Path, locale: &str) -> Vec<(String, u64)> {
    let path = out.join(format!("pagefind/{locale}/pagefind-entry.json"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    json["languages"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(lang, v)| (lang.clone(), v["page_count"].as_u64().unwrap()))
        .collect()
}

/// The pages of `locale` the index holds: every page of the locale but its landing page
/// (operations, areas and types).
fn searchable_pages(out: &Path, locale: &str) -> u64 {
    let pages = walkdir::WalkDir::new(out.join(locale))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count() as u64;
    pages - 1
}

#[test]
fn each_locale_gets_its_own_index_stemmed_in_its_language() {
    let project = shipped_project();
    build(project.path(), &["--no-cache"]);
    let out = project.path().join("public");
    for locale in ["en", "de", "es"] {
        assert_eq!(
            entry(&out, locale),
            vec![(locale.to_string(), searchable_pages(&out, locale))],
            "{locale}: one page, own language"
        );
        let pages = fragments(&out, locale);
        let urls: Vec<&String> = pages.keys().collect();
        assert!(
            urls.contains(&&format!("/{locale}/create-chat/"))
                && !urls.contains(&&format!("/{locale}/")),
            "the operation page is searched, the landing page is not: {urls:?}"
        );
        assert!(out.join(format!("pagefind/{locale}/wasm.{locale}.pagefind")).is_file());
    }
    // The page says "Unterhaltungsmitglieder" / "inquilino" / "members": the index holds the
    // stems, so any inflection of the word finds the page.
    let de = index_words(&out, "de");
    assert!(
        de.contains("unterhaltungsmitglied") && !de.contains("unterhaltungsmitglieder"),
        "German stems"
    );
    let es = index_words(&out, "es");
    assert!(es.contains("inquilin") && !es.contains("inquilino"), "Spanish stems");
    let en = index_words(&out, "en");
    assert!(en.contains("member") && !en.contains("members"), "English stems");
    assert_eq!(fragments(&out, "de")["/de/create-chat/"]["meta"]["title"], "Chat erstellen");
}

#[test]
fn the_index_holds_the_main_text_not_navigation_or_example_code() {
    let project = shipped_project();
    build(project.path(), &["--no-cache"]);
    let out = project.path().join("public");
    let page = &fragments(&out, "en")["/en/create-chat/"];
    let content = page["content"].as_str().unwrap();
    assert!(content.contains("Create a new chat object."), "the summary is searched: {content}");
    assert!(content.contains("Create a group chat"), "example titles are searched");
    for absent in
        ["GraphServiceClient", "Español", "Deutsch", "API reference", "Generated by polydoc"]
    {
        assert!(
            !content.contains(absent),
            "{absent:?} (snippet code, navigation or chrome) is searched"
        );
    }
}

/// Pages are cut to what pagefind indexes before it parses them (`src/search/cut.rs`); the
/// bundles must be byte for byte those made from the whole pages, for the built-in templates
/// and for a template full of what could mislead the cut.
#[test]
fn pages_cut_to_their_main_make_the_index_whole_pages_make() {
    let project = shipped_project();
    let base = std::fs::read_to_string(project.path().join("templates/base.html")).unwrap();
    let tricky = base
        .replace(
            "</head>",
            "<script>var s = \"</main><main>\";</script><style>/* <main> */</style></head>",
        )
        .replace(
            "<main id=\"main\">",
            "<!-- <main> --><div title=\"</main>\" data-x='a>b'><main id=\"main\">\
             <div class=\"example other\"><div><p>Shownword text</p><pre><code>\
             <span class=\"k\">hiddenword</span></code></pre></div><PRE>upperhidden</PRE>\
             <section class=\"note example\"><pre><span id=\"anchored\">anchoredword</span></pre>\
             <pre>inner <pre>nested</pre> tail</pre></section></div>\
             <textarea><main></textarea><p data-search-skip>skippedword</p><p>a < b </ c></p>",
        )
        .replace("</main>\n", "</main></div>\n");
    assert_ne!(tricky, base, "the template changed");
    std::fs::write(project.path().join("templates/base.html"), tricky).unwrap();
    let bundles = |env: &[(&str, &str)], out: &str| {
        let args = ["build", "--no-cache", "-q", "--out", out];
        let res = assert_cmd::Command::cargo_bin("polydoc")
            .unwrap()
            .current_dir(project.path())
            .envs(env.iter().copied())
            .args(args)
            .output()
            .unwrap();
        assert!(res.status.success(), "{}", stderr(&res));
        fingerprint(&project.path().join(out).join("pagefind"))
    };
    let whole = bundles(&[("POLYDOC_SEARCH_WHOLE_PAGES", "1")], "whole");
    let cut = bundles(&[], "cut");
    assert!(whole.len() > 10, "{} bundle files", whole.len());
    assert_eq!(whole.keys().collect::<Vec<_>>(), cut.keys().collect::<Vec<_>>());
    for (file, bytes) in &whole {
        assert!(cut[file] == *bytes, "{} differs", file.display());
    }
    let words = index_words(&project.path().join("cut"), "en");
    assert!(words.contains("shownword"), "the template's main text is searched");
    for absent in ["hiddenword", "upperhidden", "skippedword"] {
        assert!(!words.contains(absent), "{absent} is searched");
    }
}

#[test]
fn an_incremental_build_indexes_the_new_site_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 6, 11).unwrap();
    build(project, &[]);
    let out = project.join("public");
    assert_eq!(entry(&out, "de"), vec![("de".to_string(), searchable_pages(&out, "de"))]);

    // A changed title is what the index finds, and nothing of the old one stays.
    let ftl = project.join("locales/de/op-2.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    let title = text.lines().find_map(|l| l.strip_prefix("title = ")).unwrap().to_string();
    std::fs::write(
        &ftl,
        text.replacen(&format!("title = {title}"), "title = Zwiebelkuchen backen", 1),
    )
    .unwrap();
    build(project, &[]);
    let de = fragments(&out, "de");
    assert_eq!(de["/de/op-2/"]["meta"]["title"], "Zwiebelkuchen backen");
    assert!(index_words(&out, "de").contains("zwiebelkuch"));
    assert_eq!(
        bundle_files(&out, "de", "fragment").len() as u64,
        searchable_pages(&out, "de"),
        "the old page's record is gone"
    );

    // A removed operation leaves every index.
    let spec = walkdir::WalkDir::new(project.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "op-4.yaml")
        .unwrap();
    std::fs::remove_file(spec.path()).unwrap();
    for l in ["en", "de", "es"] {
        std::fs::remove_file(project.join(format!("locales/{l}/op-4.ftl"))).unwrap();
    }
    build(project, &[]);
    for l in ["en", "de", "es"] {
        assert_eq!(entry(&out, l), vec![(l.to_string(), searchable_pages(&out, l))]);
        assert!(!fragments(&out, l).contains_key(&format!("/{l}/op-4/")));
    }
    // And the incremental output, index included, is byte for byte a clean build's.
    let res = polydoc(project, &["build", "--out", "clean", "--no-cache"]);
    assert!(res.status.success(), "{}", stderr(&res));
    assert_same_files(
        &fingerprint(&out),
        &fingerprint(&project.join("clean")),
        "incremental vs clean",
    );
}

#[test]
fn a_failed_build_leaves_the_previous_index_untouched() {
    let project = shipped_project();
    build(project.path(), &[]);
    let out = project.path().join("public");
    let before = fingerprint(&out);
    assert!(before.keys().any(|p| p.starts_with("pagefind/de")));
    let ftl = project.path().join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replacen("title = Chat erstellen", "title = Chat { $", 1)).unwrap();
    let res = polydoc(project.path(), &["build", "--out", "public"]);
    assert!(!res.status.success(), "a broken message fails the build");
    assert_same_files(&fingerprint(&out), &before, "output after a failed build");
}

#[test]
fn no_search_writes_no_index_and_drops_a_previous_one() {
    let project = shipped_project();
    build(project.path(), &[]);
    let out = project.path().join("public");
    assert!(
        out.join("assets/search.js").is_file() && out.join("pagefind/es/pagefind.js").is_file()
    );
    build(project.path(), &["--no-search"]);
    assert!(!out.join("pagefind").exists() && !out.join("assets/search.js").exists());
    // Other formats have no search.
    let res = polydoc(project.path(), &["build", "--out", "json", "--format", "json"]);
    assert!(res.status.success(), "{}", stderr(&res));
    assert!(!project.path().join("json/pagefind").exists());
}

/// Runs `polydoc build --out public EXTRA` in `project` with `pages` pages per search shard
/// (the delta bundle of an incremental build left to its defaults, which a site this small
/// never uses).
fn build_sharded(project: &Path, pages: usize, extra: &[&str]) {
    build_with_env(project, &[("POLYDOC_SEARCH_SHARD_PAGES", &pages.to_string())], extra);
}

/// Runs `polydoc build --out public EXTRA` in `project` with the environment `env`.
fn build_with_env(project: &Path, env: &[(&str, &str)], extra: &[&str]) {
    let mut args = vec!["build", "--out", "public"];
    args.extend_from_slice(extra);
    let res = assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .current_dir(project)
        .envs(env.iter().copied())
        .args(&args)
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
}

/// What `pagefind/<locale>/shards.js` says: the folders merged into the primary bundle
/// (`shard-<k>/`, then `shard-delta/` if there is a delta) and the URLs whose shard copies are
/// stale.
fn shards_js(out: &Path, locale: &str) -> (Vec<String>, Vec<String>) {
    let js = std::fs::read_to_string(out.join(format!("pagefind/{locale}/shards.js"))).unwrap();
    let value = |line: &str, prefix: &str| -> serde_json::Value {
        let json = line.strip_prefix(prefix).and_then(|l| l.strip_suffix(';'));
        serde_json::from_str(json.unwrap_or_else(|| panic!("shards.js {js:?}"))).unwrap()
    };
    let lines: Vec<&str> = js.lines().collect();
    assert_eq!(lines.len(), 3, "shards.js {js:?}");
    let mut folders: Vec<String> =
        serde_json::from_value(value(lines[0], "export default ")).unwrap();
    if let Some(delta) = value(lines[1], "export const delta = ").as_str() {
        folders.push(delta.to_string());
    }
    (folders, serde_json::from_value(value(lines[2], "export const stale = ")).unwrap())
}

/// The shard folders `pagefind/<locale>/shards.js` lists (`shard-<k>/`).
fn listed_shards(out: &Path, locale: &str) -> Vec<String> {
    shards_js(out, locale).0
}

/// Every page record a reader's search of `locale` finds: the records of the primary bundle
/// and the bundles merged into it, without the shards' stale copies, the delta's records under
/// their page's URL (as `search.js` treats them).
fn searched_records(
    out: &Path,
    locale: &str,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let (folders, stale) = shards_js(out, locale);
    let mut records = std::collections::BTreeMap::new();
    for folder in std::iter::once(String::new()).chain(folders) {
        let delta = folder == "shard-delta/";
        for (url, mut record) in fragments(out, &format!("{locale}/{folder}")) {
            let url = match url.strip_suffix('#') {
                Some(page) if delta => page.to_string(),
                _ if delta => panic!("a delta record without the delta mark: {url}"),
                _ if stale.contains(&url) => continue,
                _ => url,
            };
            record["url"] = serde_json::Value::String(url.clone());
            assert!(records.insert(url.clone(), record).is_none(), "{locale}: {url} found twice");
        }
    }
    records
}

#[test]
fn a_large_locale_is_split_into_shards_that_hold_each_page_once() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 6, 11).unwrap();
    build_sharded(project, 3, &[]);
    let out = project.join("public");
    let mut shard_files = std::collections::BTreeMap::new();
    for locale in ["en", "de"] {
        let shards = listed_shards(&out, locale);
        assert!(shards.len() >= 2, "{locale}: {shards:?}");
        // Every page of the locale is in exactly one shard (the primary bundle included).
        let mut urls = fragments(&out, locale).into_keys().collect::<Vec<_>>();
        let mut counted = entry(&out, locale)[0].1;
        for shard in &shards {
            let folder = format!("{locale}/{shard}");
            let dir = out.join("pagefind").join(&folder);
            assert!(dir.join("pagefind-entry.json").is_file(), "{folder}");
            assert!(
                !dir.join("pagefind.js").exists()
                    && !dir.join(format!("wasm.{locale}.pagefind")).exists(),
                "{folder}: a merged shard carries no script nor WebAssembly"
            );
            urls.extend(fragments(&out, &folder).into_keys());
            counted += entry(&out, &folder)[0].1;
            shard_files.insert(folder.clone(), fingerprint(&dir));
        }
        let pages = searchable_pages(&out, locale);
        assert_eq!(counted, pages, "{locale}: page counts of the shards");
        let unique: std::collections::BTreeSet<&String> = urls.iter().collect();
        assert_eq!(unique.len(), urls.len(), "{locale}: a page in two shards: {urls:?}");
        assert_eq!(urls.len() as u64, pages, "{locale}: {urls:?}");
    }
    // A page keeps its shard number in every locale.
    let shard_of = |locale: &str, page: &str| {
        let url = format!("/{locale}/{page}/");
        listed_shards(&out, locale)
            .into_iter()
            .find(|s| fragments(&out, &format!("{locale}/{s}")).contains_key(&url))
    };
    assert_eq!(shard_of("en", "op-2"), shard_of("de", "op-2"));

    // An incremental build indexes again only the shards whose pages changed.
    let ftl = project.join("locales/de/op-2.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    let title = text.lines().find_map(|l| l.strip_prefix("title = ")).unwrap().to_string();
    std::fs::write(&ftl, text.replacen(&format!("title = {title}"), "title = Zwiebelkuchen", 1))
        .unwrap();
    build_sharded(project, 3, &[]);
    let unchanged = shard_files
        .iter()
        .filter(|(folder, files)| fingerprint(&out.join("pagefind").join(folder)) == **files)
        .count();
    assert!(unchanged > 0, "every shard was indexed again");
    let mut found = false;
    for folder in std::iter::once("de".to_string())
        .chain(listed_shards(&out, "de").iter().map(|s| format!("de/{s}")))
    {
        if let Some(page) = fragments(&out, &folder).get("/de/op-2/") {
            assert_eq!(page["meta"]["title"], "Zwiebelkuchen");
            found = true;
        }
    }
    assert!(found, "the changed page is in the index");
    // And it is byte for byte a clean sharded build.
    let clean = tempfile::tempdir().unwrap();
    let res = assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .current_dir(project)
        .env("POLYDOC_SEARCH_SHARD_PAGES", "3")
        .args(["build", "--out", clean.path().join("site").to_str().unwrap(), "--no-cache"])
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    assert_same_files(&fingerprint(&out), &fingerprint(&clean.path().join("site")), "sharded");
}

#[test]
fn a_few_changed_pages_go_to_a_delta_bundle_until_it_is_folded_back_into_the_shards() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 8, 13).unwrap();
    // Shards of 3 pages, a delta of up to 3 pages used whatever the shards' size.
    let env = [
        ("POLYDOC_SEARCH_SHARD_PAGES", "3"),
        ("POLYDOC_SEARCH_DELTA_MIN", "1"),
        ("POLYDOC_SEARCH_DELTA_PAGES", "3"),
    ];
    build_with_env(project, &env, &[]);
    let out = project.join("public");
    let first = fingerprint(&out.join("pagefind"));
    let clean = |name: &str| {
        let site = project.join(name);
        let res = assert_cmd::Command::cargo_bin("polydoc")
            .unwrap()
            .current_dir(project)
            .envs(env)
            .args(["build", "--out", site.to_str().unwrap(), "--no-cache"])
            .output()
            .unwrap();
        assert!(res.status.success(), "{}", stderr(&res));
        site
    };
    // A summary shows on its operation's page only: one changed page per summary.
    let resummarize = |op: usize, to: &str| {
        let ftl = project.join(format!("locales/de/op-{op}.ftl"));
        let text = std::fs::read_to_string(&ftl).unwrap();
        let line = text.lines().find(|l| l.starts_with("summary = ")).unwrap().to_string();
        std::fs::write(&ftl, text.replacen(&line, &format!("summary = {to}"), 1)).unwrap();
        line
    };

    // One changed page: the German delta holds it, every shard keeps its bundle.
    let old2 = resummarize(2, "Zwiebelkuchen");
    build_with_env(project, &env, &[]);
    let (folders, stale) = shards_js(&out, "de");
    assert_eq!(folders.last().map(String::as_str), Some("shard-delta/"), "{folders:?}");
    assert_eq!(stale, vec!["/de/op-2/".to_string()]);
    assert_eq!(
        fragments(&out, "de/shard-delta/").into_keys().collect::<Vec<_>>(),
        vec!["/de/op-2/#"]
    );
    assert_eq!(shards_js(&out, "en").1, Vec::<String>::new(), "no English page changed");
    let now = fingerprint(&out.join("pagefind"));
    for (file, bytes) in &first {
        if !file.ends_with("shards.js") {
            assert_eq!(now.get(file), Some(bytes), "{}: a shard was indexed again", file.display());
        }
    }
    // What a search finds is what it finds in a clean build.
    let site = clean("clean-1");
    for locale in ["en", "de", "es"] {
        assert_eq!(searched_records(&out, locale), searched_records(&site, locale), "{locale}");
    }
    let record = &searched_records(&out, "de")["/de/op-2/"];
    assert!(record["content"].as_str().unwrap().contains("Zwiebelkuchen"), "{record}");
    // Everything but the search bundles is byte for byte the clean build.
    let without_search = |dir: &Path| {
        let mut files = fingerprint(dir);
        files.retain(|f, _| !f.starts_with("pagefind"));
        files
    };
    assert_same_files(&without_search(&out), &without_search(&site), "pages with a delta");

    // The delta holds every page that differs from its shard's bundle.
    let old3 = resummarize(3, "Flammkuchen");
    build_with_env(project, &env, &[]);
    let (_, stale) = shards_js(&out, "de");
    assert_eq!(stale, vec!["/de/op-2/".to_string(), "/de/op-3/".to_string()]);
    let site = clean("clean-2");
    assert_eq!(searched_records(&out, "de"), searched_records(&site, "de"));

    // Both pages as their shards hold them again: no delta, a clean build byte for byte.
    for (op, line) in [(2, &old2), (3, &old3)] {
        let to = line.strip_prefix("summary = ").unwrap();
        resummarize(op, to);
    }
    build_with_env(project, &env, &[]);
    assert_eq!(shards_js(&out, "de").1, Vec::<String>::new());
    assert!(!out.join("pagefind/de/shard-delta").exists());
    assert_same_files(&fingerprint(&out), &fingerprint(&clean("clean-3")), "no delta left");

    // More changes than the delta takes: their shards are indexed anew, no delta.
    for op in 0..4 {
        resummarize(op, &format!("Zusammenfassung {op}"));
    }
    build_with_env(project, &env, &[]);
    assert!(!out.join("pagefind/de/shard-delta").exists(), "the delta past its limit");
    assert_same_files(&fingerprint(&out), &fingerprint(&clean("clean-4")), "delta folded back");
}
