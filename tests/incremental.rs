//! Incremental builds on a generated corpus (bench/corpus.rs): after editing one message or one
//! spec, only the affected pages are rendered, and the output is byte-identical to a clean build.

#[path = "../bench/corpus.rs"]
#[allow(dead_code)]
mod corpus;
mod support;

use std::path::Path;
use support::*;

/// Builds `project` into `out`; returns how many pages were rendered.
fn build(project: &Path, out: &str, extra: &[&str]) -> usize {
    let mut args = vec!["build", "--out", out];
    args.extend_from_slice(extra);
    let res = polydoc(project, &args);
    let err = stderr(&res);
    assert!(res.status.success(), "{err}");
    let rendered = err
        .split(" rendered")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|n| n.trim().parse().ok());
    rendered.unwrap_or_else(|| panic!("no rendered count in: {err}"))
}

/// Asserts `out` equals a clean, cache-less build of the same project.
fn assert_matches_clean_build(project: &Path, out: &str) {
    assert_matches_clean_build_with(project, out, &[]);
}

/// [`assert_matches_clean_build`] where both builds take the options `extra`.
fn assert_matches_clean_build_with(project: &Path, out: &str, extra: &[&str]) {
    let clean = format!("{out}-clean");
    let _ = std::fs::remove_dir_all(project.join(&clean));
    build(project, &clean, &[&["--no-cache"], extra].concat());
    assert_same_files(
        &fingerprint(&project.join(out)),
        &fingerprint(&project.join(&clean)),
        "incremental vs clean build",
    );
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn only_changed_pages_are_rendered_and_the_result_equals_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 40, 7).unwrap();
    assert_eq!(build(project, "public", &[]), 120, "first build renders everything");
    assert_eq!(build(project, "public", &[]), 0, "nothing changed");

    // One message in one translation that no other page shows: that operation's pages in
    // every locale (their keys hold all its message files), and no other.
    edit(
        &project.join("locales/de/op-7.ftl"),
        "prop-priority = Die Priorität, von 0 bis 9.",
        "prop-priority = Die Priorität (0 bis 9).",
    );
    let rendered = build(project, "public", &[]);
    assert_eq!(rendered, 3, "op-7 in en, de and es");
    assert!(std::fs::read_to_string(project.join("public/de/op-7/index.html"))
        .unwrap()
        .contains("Die Priorität (0 bis 9)."));
    assert_matches_clean_build(project, "public");

    // One spec.
    let spec = walkdir::WalkDir::new(project.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "op-12.yaml")
        .unwrap();
    edit(spec.path(), "\"retries\": ", "\"retries\": 1");
    let rendered = build(project, "public", &[]);
    assert_eq!(rendered, 3, "op-12 in en, de and es");
    assert_matches_clean_build(project, "public");

    // A title is shown by other pages (neighbours, the area's sidebar): those in its locale
    // are rendered again too, and the result is still a clean build's.
    edit(&project.join("locales/de/op-7.ftl"), "title = ", "title = Neu: ");
    let rendered = build(project, "public", &[]);
    assert!(rendered > 3, "the German pages showing op-7's title: rendered {rendered}");
    assert!(rendered < 3 + 40, "not the English or Spanish ones: rendered {rendered}");
    let showing = walkdir::WalkDir::new(project.join("public/de"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html" && !e.path().ends_with("op-7/index.html"))
        .filter(|e| std::fs::read_to_string(e.path()).unwrap().contains("Neu: "))
        .count();
    assert!(showing > 0, "other German pages show the new title");
    assert_matches_clean_build(project, "public");

    // A removed operation disappears from the output and from its neighbours' links.
    std::fs::remove_file(spec.path()).unwrap();
    for l in ["en", "de", "es"] {
        std::fs::remove_file(project.join(format!("locales/{l}/op-12.ftl"))).unwrap();
    }
    build(project, "public", &[]);
    assert!(!project.join("public/en/op-12").exists());
    assert_matches_clean_build(project, "public");
}

#[test]
fn a_tampered_output_folder_gets_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 5, 3).unwrap();
    build(project, "public", &[]);
    std::fs::write(project.join("public/en/stray.html"), "not ours").unwrap();
    assert_eq!(build(project, "public", &[]), 15, "unknown files make the cache untrustworthy");
    assert!(!project.join("public/en/stray.html").exists());
    assert_matches_clean_build(project, "public");
}

/// Inode numbers of every file below `out`.
fn inodes(out: &Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(out).unwrap().to_string_lossy().into_owned(),
                e.metadata().unwrap().ino(),
            )
        })
        .collect()
}

#[test]
fn an_incremental_build_replaces_only_the_files_it_changed_and_keeps_the_rest_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 40, 3).unwrap();
    build(project, "public", &[]);
    let before = inodes(&project.join("public"));
    edit(
        &project.join("locales/es/op-20.ftl"),
        "prop-priority = La prioridad, de 0 a 9.",
        "prop-priority = La prioridad (0 a 9).",
    );
    build(project, "public", &[]);
    let after = inodes(&project.join("public"));
    // The search index of the edited locale is written anew (pagefind names its files by
    // their content's hash); every other locale's index keeps its files, and every other file
    // keeps its name.
    let edited_index = |rel: &&String| rel.starts_with("pagefind/es/");
    let names = |m: &std::collections::BTreeMap<String, u64>| {
        m.keys().filter(|r| !edited_index(r)).cloned().collect::<Vec<_>>()
    };
    assert_eq!(names(&before), names(&after));
    assert!(after.keys().any(|r| r.starts_with("pagefind/de/")), "{:?}", after.keys());
    let replaced: Vec<&String> =
        after.keys().filter(|rel| !edited_index(rel) && before[*rel] != after[*rel]).collect();
    // The operation's pages and its neighbours' (they show its title), in all locales, and the
    // marker; every other file is still the very same file (same inode), not a rewritten copy.
    assert!(replaced.iter().any(|r| r.as_str() == "es/op-20/index.html"), "{replaced:?}");
    assert!(replaced.contains(&&".polydoc-output".to_string()), "{replaced:?}");
    assert!(replaced.len() <= 10, "{} files replaced: {replaced:?}", replaced.len());
    // The work folder's spare holds the previous site: the replaced files' old versions, and
    // the same files as the output for everything else.
    let spare = inodes(&project.join(".public.polydoc-cache/spare"));
    for (rel, ino) in &before {
        assert_eq!(spare.get(rel), Some(ino), "{rel}: the spare is the previous site");
    }
    assert_matches_clean_build(project, "public");
}

/// Every file below `out` whose bytes differ from `before` (or that is new).
fn changed_files(
    out: &Path,
    before: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
) -> Vec<String> {
    let after = fingerprint(out);
    after
        .iter()
        .filter(|(rel, bytes)| before.get(*rel) != Some(bytes))
        .map(|(rel, _)| rel.to_string_lossy().replace('\\', "/"))
        .collect()
}

#[test]
fn navigation_pages_follow_titles_coverage_type_messages_and_deleted_files() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 30, 5).unwrap();
    build(project, "public", &["--no-search"]);
    let out = project.join("public");

    // Written again with the same bytes: nothing is rendered, nothing changes.
    for rel in ["locales/en/ui.ftl", "locales/de/op-4.ftl", "content/schema/corpus.yaml"] {
        let text = std::fs::read(project.join(rel)).unwrap();
        std::fs::write(project.join(rel), text).unwrap();
    }
    let before = fingerprint(&out);
    assert_eq!(build(project, "public", &["--no-search"]), 0, "touched, not changed");
    assert_eq!(changed_files(&out, &before), Vec::<String>::new());

    // A title shows on the area page and the neighbours' pages: those change, as in a clean
    // build.
    edit(&project.join("locales/en/op-7.ftl"), "title = Create resource 7", "title = Make thing 7");
    let before = fingerprint(&out);
    let rendered = build(project, "public", &["--no-search"]);
    assert!((1..=9).contains(&rendered), "rendered {rendered}");
    let changed = changed_files(&out, &before);
    assert!(changed.iter().any(|r| r.starts_with("en/") && !r.contains("op-")), "{changed:?}");
    assert_matches_clean_build_with(project, "public", &["--no-search"]);

    // A new English message changes the coverage figures on every landing page.
    let ftl = project.join("locales/en/op-5.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, format!("{text}note-extra = One more sentence.\n")).unwrap();
    let before = fingerprint(&out);
    build(project, "public", &["--no-search"]);
    let changed = changed_files(&out, &before);
    assert!(changed.contains(&"de/index.html".to_string()), "{changed:?}");
    assert_matches_clean_build_with(project, "public", &["--no-search"]);

    // The figures of each translated file are kept between builds: the lock alone changing
    // (translations confirmed), then the English of a confirmed message (now stale), then a
    // translation, each moves the landing page's figures exactly as a clean build has them.
    let landing = |out: &Path| std::fs::read_to_string(out.join("de/index.html")).unwrap();
    let res = polydoc(project, &["l10n", "confirm", "de"]);
    assert!(res.status.success(), "{}", stderr(&res));
    let unconfirmed = landing(&out);
    build(project, "public", &["--no-search"]);
    assert_ne!(landing(&out), unconfirmed, "confirming moves the figures");
    assert_matches_clean_build_with(project, "public", &["--no-search"]);
    let confirmed = landing(&out);
    edit(&project.join("locales/en/op-6.ftl"), "title = ", "title = Newly ");
    build(project, "public", &["--no-search"]);
    assert_ne!(landing(&out), confirmed, "a stale translation moves the figures");
    assert_matches_clean_build_with(project, "public", &["--no-search"]);
    let de = project.join("locales/de/op-8.ftl");
    let text = std::fs::read_to_string(&de).unwrap();
    let first = text.lines().find(|l| l.contains(" = ")).unwrap().to_string();
    std::fs::write(&de, text.replacen(&first, "", 1)).unwrap();
    build(project, "public", &["--no-search"]);
    assert_matches_clean_build_with(project, "public", &["--no-search"]);

    // A type description (types.ftl) reaches the type pages only.
    std::fs::write(
        project.join("locales/en/types.ftl"),
        "typedesc-resource3 = A type described by hand.\n",
    )
    .unwrap();
    assert_eq!(build(project, "public", &["--no-search"]), 0, "no operation page changes");
    let described = walkdir::WalkDir::new(out.join("en"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| std::fs::read_to_string(e.path()).unwrap().contains("A type described by hand."));
    assert!(described, "the type page shows its description");
    assert_matches_clean_build_with(project, "public", &["--no-search"]);

    // A changed type schema and a changed ui.ftl message rebuild what shows them.
    edit(
        &project.join("content/schema/corpus.yaml"),
        "description: { type: String, nullable: true }",
        "description: { type: String }",
    );
    edit(&project.join("locales/de/ui.ftl"), "\n", "\n# a comment\n");
    build(project, "public", &["--no-search"]);
    assert_matches_clean_build_with(project, "public", &["--no-search"]);

    // Output files deleted by hand (an operation page, a navigation page) come back.
    let area = walkdir::WalkDir::new(out.join("de"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file() && !e.path().to_string_lossy().contains("op-"))
        .unwrap()
        .into_path();
    std::fs::remove_file(out.join("en/op-3/index.html")).unwrap();
    std::fs::remove_file(&area).unwrap();
    build(project, "public", &["--no-search"]);
    assert!(out.join("en/op-3/index.html").is_file() && area.is_file());
    assert_matches_clean_build_with(project, "public", &["--no-search"]);
}

#[test]
fn cache_files_of_earlier_versions_are_removed_and_the_cache_still_serves() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 6, 3).unwrap();
    assert_eq!(build(project, "public", &[]), 18);
    let work = project.join(".public.polydoc-cache");
    // What polydoc 0.x kept there: a JSON manifest of tens of megabytes for a whole API.
    for old in ["manifest.json", "trees.json", "search-pages.json", "search-pages.bin"] {
        std::fs::write(work.join(old), "{}").unwrap();
    }
    // A folder of one of those names is nothing polydoc wrote: it stays.
    std::fs::remove_file(work.join("trees.json")).unwrap();
    std::fs::create_dir(work.join("trees.json")).unwrap();
    assert_eq!(build(project, "public", &[]), 0, "the current cache still serves");
    for old in ["manifest.json", "search-pages.json", "search-pages.bin"] {
        assert!(!work.join(old).exists(), "{old} is left behind");
    }
    assert!(work.join("trees.json").is_dir());
    assert!(work.join("manifest.bin").is_file() && work.join("trees.bin").is_file());
    assert_matches_clean_build(project, "public");
}
