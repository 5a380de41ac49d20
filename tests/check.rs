//! CLI tests of `polydoc check` and `polydoc l10n confirm`, run through the real binary.
//!
//! Each folder of `tests/fixtures/check/<case>/` overlays a copy of the shipped project (and may
//! list files to delete in `remove.txt`, then symbolic links to make in `links.txt` as
//! `<link> -> <target>`, to a file or a folder, since a checkout need not keep links); its `expect.txt` gives the exit status, extra
//! arguments (`args ...`; pages are skipped unless a line says `pages`), and every finding as `<severity> <rule> <file>:<line>:<col>`. Errors
//! and warnings must match exactly (nothing missing, nothing extra); listed notes must appear.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use support::{copy_dir, polydoc, repo_root, shipped_project};

/// The shipped project with the fixture `case` applied.
fn fixture_project(case: &str) -> tempfile::TempDir {
    fixture_project_in("check", case)
}

/// The shipped project with fixture `tests/fixtures/<folder>/<case>/` laid over it (files
/// listed in its `remove.txt` removed, links of its `links.txt` made).
fn fixture_project_in(folder: &str, case: &str) -> tempfile::TempDir {
    let dir = shipped_project();
    let fixture = repo_root().join("tests/fixtures").join(folder).join(case);
    copy_dir(&fixture, dir.path());
    let remove = dir.path().join("remove.txt");
    if remove.is_file() {
        for line in
            std::fs::read_to_string(&remove).unwrap().lines().filter(|l| !l.trim().is_empty())
        {
            std::fs::remove_file(dir.path().join(line.trim())).unwrap();
        }
        std::fs::remove_file(&remove).unwrap();
    }
    make_links(dir.path());
    std::fs::remove_file(dir.path().join("expect.txt")).unwrap();
    dir
}

/// Makes the symbolic links `links.txt` of a fixture lists (`<link> -> <target>`), then
/// deletes the list.
fn make_links(project: &Path) {
    let list = project.join("links.txt");
    if !list.is_file() {
        return;
    }
    for line in std::fs::read_to_string(&list).unwrap().lines().filter(|l| !l.trim().is_empty()) {
        let (link, target) = line
            .split_once(" -> ")
            .unwrap_or_else(|| panic!("links.txt: `{line}` is not `<link> -> <target>`"));
        let (link, target) = (project.join(link.trim()), Path::new(target.trim()));
        if link.parent().unwrap().join(target).is_dir() {
            support::symlink_dir(target, &link);
        } else {
            support::symlink_file(target, &link);
        }
    }
    std::fs::remove_file(&list).unwrap();
}

/// Runs `polydoc check --format json` in `dir`; returns exit code and the parsed report.
fn check_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = polydoc(dir, &args);
    let text = String::from_utf8_lossy(&out.stdout);
    let json: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {text}\nstderr: {}", support::stderr(&out)));
    (out.status.code().unwrap(), json)
}

/// `<severity> <rule> <file>:<line>:<col>` of every finding.
fn finding_lines(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}:{}",
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}

/// Runs fixture `tests/fixtures/<folder>/<case>/`: `check` reports the errors and warnings of
/// its `expect.txt` exactly, and the notes it lists; `exit N`, `pages` (check the built pages
/// too) and `args ...` set the run.
fn run_fixture(folder: &str, case: &str) {
    let expect = std::fs::read_to_string(
        repo_root().join("tests/fixtures").join(folder).join(case).join("expect.txt"),
    )
    .unwrap();
    let mut exit = None;
    let mut args: Vec<String> = vec!["--no-pages".into()];
    let mut want = BTreeSet::new();
    for line in expect.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        if let Some(code) = line.strip_prefix("exit ") {
            exit = Some(code.trim().parse::<i32>().unwrap());
        } else if line.trim() == "pages" {
            args.retain(|a| a != "--no-pages");
        } else if let Some(a) = line.strip_prefix("args ") {
            args.extend(a.split_whitespace().map(str::to_string));
        } else {
            want.insert(line.trim().to_string());
        }
    }
    let dir = fixture_project_in(folder, case);
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, report) = check_json(dir.path(), &arg_refs);
    let got: BTreeSet<String> = finding_lines(&report).into_iter().collect();
    let failing = |s: &BTreeSet<String>| {
        s.iter().filter(|l| !l.starts_with("note ")).cloned().collect::<BTreeSet<_>>()
    };
    let (got_f, want_f) = (failing(&got), failing(&want));
    let missing: Vec<_> = want_f.difference(&got_f).collect();
    let extra: Vec<_> = got_f.difference(&want_f).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{case}: errors and warnings differ\nmissing: {missing:#?}\nextra: {extra:#?}\nreport: {}",
        serde_json::to_string_pretty(&report).unwrap()
    );
    for note in want.iter().filter(|l| l.starts_with("note ")) {
        assert!(got.contains(note), "{case}: missing {note}");
    }
    assert_eq!(Some(code), exit, "{case}: exit status");
}

/// One test per case of a fixture folder, plus one asserting every case folder has a test.
macro_rules! fixtures {
    ($folder:literal, $every:ident; $($name:ident => $case:literal),* $(,)?) => {
        $(#[test] fn $name() { run_fixture($folder, $case); })*

        #[test]
        fn $every() {
            let listed: BTreeSet<&str> = [$($case),*].into_iter().collect();
            for entry in std::fs::read_dir(repo_root().join("tests/fixtures").join($folder)).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(listed.contains(name.as_str()), "fixture {name} has no test");
            }
        }
    };
}

fixtures! {
    "check", every_fixture_folder_has_a_test;
    ftl_syntax => "ftl-syntax",
    ftl_duplicate => "ftl-duplicate",
    missing_and_obsolete => "missing-obsolete",
    variables_per_select_variant => "variables",
    code_span_translated_and_added => "code-span",
    term_glued_seed_guestzugewiesen => "term-glued",
    term_inside_a_compound_word_is_not_glued => "term-compound",
    code_span_glued_to_a_word => "code-span-glued",
    term_unquoted_and_displaced_seed_owner => "term-unquoted",
    term_missing_translated => "term-missing",
    link_targets => "links",
    what_english_writes_is_fine_in_a_translation => "kept-as-english",
    unbalanced_markup => "markup",
    raw_html => "raw-html",
    link_scheme_in_every_locale_english_included => "link-scheme",
    mdx_syntax_in_the_rendered_text_of_every_locale => "mdx-syntax",
    identical_to_english => "identical",
    empty_value => "empty-value",
    stale_translation => "stale",
    example_schema => "example-schema",
    value_syntax_datetime => "value-syntax",
    value_syntax_datetime_on_a_real_calendar => "value-syntax-calendar",
    ftl_syntax_errors_on_the_line_of_the_broken_entry => "ftl-syntax-positions",
    unknown_variables_at_the_variable_in_every_locale => "unknown-variable",
    seed_examples_guid_and_one_on_one_id => "seed-examples",
    example_rules_declared_in_spec => "example-rule",
    response_agreement => "response-agreement",
    unconfirmed_translation => "unconfirmed",
    pages_not_built => "pages-not-built",
    symlinked_message_files_are_reported_not_followed => "source-symlink",
    symlinked_allowlist_is_reported_not_read => "allow-symlink",
    symlinked_lock_is_reported_not_read => "lock-symlink",
    symlinked_specs_and_spec_folders_are_reported_not_followed => "content-symlink",
    symlinked_locale_folders_are_reported_not_checked => "locale-folder-symlink",
}

#[test]
fn shipped_content_passes_with_no_errors_or_warnings() {
    let out =
        polydoc(&repo_root(), &["check", "--root", ".", "--format", "json", "--deny", "warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    // The one note: a one-on-one example names its members by user principal name, which the
    // chat id cannot be checked against.
    let notes: Vec<String> = finding_lines(&report);
    assert_eq!(notes, vec!["note unverifiable content/chat/create-chat.yaml:117:35"]);
}

#[test]
fn human_output_has_caret_and_no_colour_when_piped() {
    let dir = fixture_project("term-glued");
    let out = polydoc(dir.path(), &["check", "--no-pages"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("error[term-glued]: `prop-members`: spec term `guest` is glued to other letters in `guestzugewiesen`"), "{text}");
    assert!(text.contains("  --> locales/de/create-chat.ftl:10:133"), "{text}");
    // The caret stands under the offending text in the quoted (windowed) line.
    let mut lines = text.lines().skip_while(|l| !l.ends_with(":10:133"));
    let quoted = lines.find(|l| l.starts_with("10 | ")).unwrap();
    let caret_line = lines.find(|l| l.contains('^')).unwrap();
    let under: String = quoted.chars().skip(caret_line.find('^').unwrap()).take(15).collect();
    assert_eq!(under, "guestzugewiesen", "caret under the glued term:\n{quoted}\n{caret_line}");
    assert!(!text.contains('\u{1b}'), "no ANSI colour when stdout is not a terminal");
}

#[test]
fn sarif_output_follows_2_1_0() {
    let dir = fixture_project("seed-examples");
    let out = polydoc(dir.path(), &["check", "--no-pages", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif"));
    let run = &sarif["runs"][0];
    let rule_ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rule_ids.contains(&"value-syntax") && rule_ids.contains(&"term-glued"));
    let guid =
        run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "value-syntax").unwrap();
    assert_eq!(guid["level"], "error");
    assert!(guid["message"]["text"].as_str().unwrap().contains("8ba98gf6"));
    let loc = &guid["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "content/chat/create-chat.yaml");
    assert_eq!(loc["region"]["startLine"], 166);
    assert_eq!(loc["region"]["startColumn"], 75);
}

#[test]
fn exit_2_when_it_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = polydoc(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(support::stderr(&out).contains("could not run"));
    let dir = shipped_project();
    let out = polydoc(dir.path(), &["check", "--locales", "fr"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_symlinked_message_file_is_a_warning_with_a_hint_not_exit_2() {
    let dir = shipped_project();
    support::symlink_file(Path::new("ui.ftl"), &dir.path().join("locales/de/extra.ftl"));
    let out = polydoc(dir.path(), &["check", "--no-pages"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "a warning only:\n{text}{}", support::stderr(&out));
    assert!(text.contains("warning[source-symlink]: locales/de/extra.ftl is a symbolic link, so it was not read\n--> locales/de/extra.ftl:1:1"), "{text}");
    assert!(text.contains("= help: polydoc never follows links in source folders"), "{text}");
    assert!(text.contains("0 error(s), 1 warning(s)"), "{text}");
    let denied = polydoc(dir.path(), &["check", "--no-pages", "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn a_symlinked_locale_named_with_locales_is_an_error_naming_it() {
    let dir = shipped_project();
    support::symlink_dir(Path::new("es"), &dir.path().join("locales/fr"));
    let out = polydoc(dir.path(), &["check", "--no-pages", "--locales", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    let err = support::stderr(&out);
    assert!(err.contains("locale `fr`: locales/fr is a symbolic link (polydoc never follows links in source folders"), "{err}");
    let out = polydoc(dir.path(), &["l10n", "confirm", "fr"]);
    assert!(!out.status.success());
    assert!(
        support::stderr(&out).contains("locales/fr is a symbolic link"),
        "{}",
        support::stderr(&out)
    );
}

#[test]
fn confirm_neither_reads_nor_writes_a_symlinked_lock() {
    let dir = shipped_project();
    let outside = tempfile::tempdir().unwrap();
    let lock = dir.path().join("locales/polydoc.lock");
    let target = outside.path().join("polydoc.lock");
    std::fs::rename(&lock, &target).unwrap();
    let before = std::fs::read(&target).unwrap();
    support::symlink_file(&target, &lock);
    let out = polydoc(dir.path(), &["l10n", "confirm", "de"]);
    assert_eq!(out.status.code(), Some(1));
    let err = support::stderr(&out);
    assert!(err.contains("locales/polydoc.lock is a symbolic link, so it is neither read nor written (polydoc never follows links"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), before, "the link's target is untouched");
    // A dangling link: confirm creates nothing at its target.
    std::fs::remove_file(&lock).unwrap();
    support::symlink_file(&outside.path().join("new.lock"), &lock);
    assert_eq!(polydoc(dir.path(), &["l10n", "confirm", "de"]).status.code(), Some(1));
    assert!(!outside.path().join("new.lock").exists());
}

#[test]
fn confirm_round_trip_clears_stale() {
    let dir = shipped_project();
    std::fs::copy(
        repo_root().join("locales/polydoc.lock"),
        dir.path().join("locales/polydoc.lock"),
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &["--no-pages", "--deny", "warnings"]);
    assert_eq!(code, 0, "{report}");
    let en = dir.path().join("locales/en/create-chat.ftl");
    let text = std::fs::read_to_string(&en)
        .unwrap()
        .replace("title = Create chat", "title = Create a chat");
    std::fs::write(&en, text).unwrap();
    let (code, report) = check_json(dir.path(), &["--no-pages"]);
    assert_eq!(code, 1);
    let stale: Vec<&Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "stale").collect();
    assert_eq!(stale.len(), 2, "{report}");
    let message = stale[0]["message"].as_str().unwrap();
    assert!(
        message.contains("old English: Create chat")
            && message.contains("new English: Create a chat"),
        "{message}"
    );
    assert_eq!(stale[0]["file"], "locales/de/create-chat.ftl");
    assert_eq!(stale[0]["line"], 5);
    let out = polydoc(dir.path(), &["l10n", "confirm", "de", "title"]);
    assert!(out.status.success(), "{}", support::stderr(&out));
    let (_, report) = check_json(dir.path(), &["--no-pages"]);
    let stale: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "stale")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(stale, vec!["locales/es/create-chat.ftl"]);
    assert!(polydoc(dir.path(), &["l10n", "confirm", "es"]).status.success());
    let (code, report) = check_json(dir.path(), &["--no-pages", "--deny", "warnings"]);
    assert_eq!(code, 0, "{report}");
    let out = polydoc(dir.path(), &["l10n", "confirm", "de", "no-such-message"]);
    assert!(!out.status.success());
}

/// Builds the shipped site with the real binary, then damages the German and Spanish pages
/// the ways the seeds show: a translated property row, a changed code block, a changed link,
/// a dropped section and a missing page.
#[test]
fn rendered_pages_are_compared_across_locales() {
    let dir = shipped_project();
    std::fs::copy(
        repo_root().join("locales/polydoc.lock"),
        dir.path().join("locales/polydoc.lock"),
    )
    .unwrap();
    assert!(polydoc(dir.path(), &["build", "--out", "site"]).status.success());
    let (code, report) = check_json(dir.path(), &["--site", "site", "--deny", "warnings"]);
    assert_eq!(code, 0, "clean site: {report}");
    // Built with --base-url, canonical and alternate links are absolute: still the same targets.
    let base = ["build", "--out", "site-abs", "--base-url", "https://docs.example.com/graph/"];
    assert!(polydoc(dir.path(), &base).status.success());
    let (code, report) = check_json(dir.path(), &["--site", "site-abs", "--deny", "warnings"]);
    assert_eq!(code, 0, "clean site with absolute links: {report}");
    let de = dir.path().join("site/de/create-chat/index.html");
    let html = std::fs::read_to_string(&de).unwrap();
    let html = html.replacen(
        "<td><code>topic</code> <span class=\"optional\">",
        "<td>Thema <span class=\"optional\">",
        1,
    );
    let html = html.replacen(
        "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca",
        "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6cb",
        1,
    );
    let html = html.replacen(
        "https://learn.microsoft.com/graph/permissions-reference",
        "https://learn.microsoft.com/de-de/graph/permissions-reference",
        1,
    );
    std::fs::write(&de, html).unwrap();
    let es = dir.path().join("site/es/create-chat/index.html");
    let html = std::fs::read_to_string(&es).unwrap();
    let start = html.find("<section class=\"http-request\"").unwrap();
    let end = start + html[start..].find("</section>").unwrap() + "</section>".len();
    std::fs::write(&es, format!("{}{}", &html[..start], &html[end..])).unwrap();
    std::fs::remove_file(dir.path().join("site/es/index.html")).unwrap();
    let (code, report) = check_json(dir.path(), &["--site", "site"]);
    assert_eq!(code, 1);
    let lines = finding_lines(&report);
    let rules: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for r in ["page-tables", "page-code", "page-links", "page-sections", "page-missing"] {
        assert!(rules.contains(r), "{r} missing: {lines:#?}");
    }
    let de_html = std::fs::read_to_string(&de).unwrap();
    let row_line = de_html.lines().position(|l| l.contains("<td>Thema")).unwrap() + 1;
    assert!(
        lines.contains(&format!("error page-tables site/de/create-chat/index.html:{row_line}:1")),
        "{lines:#?}"
    );
    assert!(lines.contains(&"error page-missing site/en/index.html:1:1".to_string()), "{lines:#?}");
}

#[test]
fn pages_are_built_on_the_fly_when_no_site_is_given() {
    let dir = fixture_project("term-glued");
    let (_, report) = check_json(dir.path(), &[]);
    // The glued German term builds fine and renders the same structure: the page comparison
    // runs and adds nothing, while the translation rule reports the defect.
    let rules: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains("term-glued") && !rules.contains("pages-not-built"), "{report}");
}

#[test]
fn unknown_variables_get_a_did_you_mean_hint() {
    let dir = fixture_project("unknown-variable");
    let (_, report) = check_json(dir.path(), &["--no-pages"]);
    let hint = |file: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "variables" && f["file"] == file)
            .map(|f| {
                (f["text"].as_str().unwrap().to_string(), f["hint"].as_str().unwrap().to_string())
            })
            .unwrap_or_else(|| panic!("no variables finding in {file}: {report}"))
    };
    assert_eq!(
        hint("locales/en/create-chat.ftl"),
        ("$oneOnOn".into(), "did you mean `$oneOnOne`?".into())
    );
    assert_eq!(
        hint("locales/es/create-chat.ftl"),
        ("$grupo".into(), "did you mean `$group`?".into())
    );
    let out = polydoc(dir.path(), &["check", "--no-pages"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let at = text.find("--> locales/es/create-chat.ftl:8:95").expect(&text);
    let block: Vec<&str> = text[at..].lines().take(6).collect();
    let quoted = block.iter().find(|l| l.starts_with("8 | ")).unwrap();
    let carets = block.iter().find(|l| l.contains('^')).unwrap();
    let under: String = quoted.chars().skip(carets.find('^').unwrap()).take(6).collect();
    assert_eq!(under, "$grupo", "{}", block.join("\n"));
    assert_eq!(carets.matches('^').count(), 6, "the whole variable is underlined");
    assert!(text[at..].contains("= help: did you mean `$group`?"), "{text}");
}

/// A German message line of `len` characters with terminal escapes, a carriage return, a NUL,
/// a C1 CSI and a bidi override, and raw HTML at its end.
fn hostile_line_project(len: usize) -> tempfile::TempDir {
    let dir = shipped_project();
    let path = dir.path().join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let long = format!(
        "title = \u{1b}[2J\u{1b}]0;pwned\u{7}Chat\r\0\u{9b}31m\u{202e}{} <b>fett</b>",
        "x".repeat(len)
    );
    std::fs::write(&path, text.replace("title = Chat erstellen", &long)).unwrap();
    dir
}

#[test]
fn a_long_line_is_windowed_and_control_characters_never_reach_the_terminal() {
    // 60,000 characters: under the 64 KiB message limit, so the raw HTML at its end is checked.
    let dir = hostile_line_project(60_000);
    let out = polydoc(dir.path(), &["check", "--no-pages"]);
    assert_eq!(out.status.code(), Some(1), "{}", support::stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.stdout.len() < 64 * 1024, "human output is {} bytes", out.stdout.len());
    for c in ['\u{1b}', '\r', '\0', '\u{9b}', '\u{202e}', '\u{7}'] {
        assert!(!text.contains(c), "{c:?} reached the output");
    }
    assert!(text.contains("error[raw-html]"), "{text}");
    assert!(text.contains("--> locales/de/create-chat.ftl:5:"), "{text}");
    // Every quoted line is a window of at most 160 characters (plus the `…` marks).
    for line in text.lines().filter(|l| l.starts_with("5 | ")) {
        assert!(line.chars().count() <= 4 + 162, "{} characters quoted", line.chars().count());
    }
    let raw_html = text.split("error[raw-html]").nth(1).unwrap();
    let quoted = raw_html.lines().find(|l| l.starts_with("5 | ")).unwrap();
    let carets = raw_html.lines().find(|l| l.contains('^')).unwrap();
    let under: String = quoted.chars().skip(carets.find('^').unwrap()).take(3).collect();
    assert_eq!(under, "<b>", "{quoted}\n{carets}");

    let (code, report) = check_json(dir.path(), &["--no-pages"]);
    assert_eq!(code, 1);
    let json = report.to_string();
    assert!(json.len() < 64 * 1024, "JSON output is {} bytes", json.len());
    for f in report["findings"].as_array().unwrap() {
        let text = f["text"].as_str().unwrap();
        assert!(
            text.chars().count() <= 161,
            "text of {} is {} characters",
            f["rule"],
            text.chars().count()
        );
    }
}

#[test]
fn a_ten_megabyte_line_is_refused_in_a_window_without_control_characters() {
    let dir = hostile_line_project(10 * 1024 * 1024);
    let out = polydoc(dir.path(), &["check", "--no-pages"]);
    assert_eq!(out.status.code(), Some(1), "{}", support::stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.stdout.len() < 64 * 1024, "human output is {} bytes", out.stdout.len());
    for c in ['\u{1b}', '\r', '\0', '\u{9b}', '\u{202e}', '\u{7}'] {
        assert!(!text.contains(c), "{c:?} reached the output");
    }
    assert!(text.contains("error[resource-limit]"), "{text}");
    assert!(text.contains("--> locales/de/create-chat.ftl:5:1"), "{text}");
    for line in text.lines().filter(|l| l.starts_with("5 | ")) {
        assert!(line.chars().count() <= 4 + 162, "{} characters quoted", line.chars().count());
    }
    let (code, report) = check_json(dir.path(), &["--no-pages"]);
    assert_eq!(code, 1);
    assert!(
        report.to_string().len() < 64 * 1024,
        "JSON output is {} bytes",
        report.to_string().len()
    );
}

#[test]
fn sarif_columns_count_utf16_code_units() {
    let dir = shipped_project();
    let path = dir.path().join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    // Two astral characters (two UTF-16 code units each) before the raw HTML.
    std::fs::write(
        &path,
        text.replace("title = Chat erstellen", "title = 😀😀 Chat <b>erstellen</b>"),
    )
    .unwrap();
    let (_, report) = check_json(dir.path(), &["--no-pages"]);
    let html = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "raw-html")
        .unwrap()
        .clone();
    assert_eq!(
        (html["line"].as_u64(), html["column"].as_u64()),
        (Some(5), Some(17)),
        "JSON counts characters"
    );
    let out = polydoc(dir.path(), &["check", "--no-pages", "--format", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let result =
        run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "raw-html").unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 5);
    assert_eq!(region["startColumn"], 19, "SARIF counts UTF-16 code units: {region}");
    assert_eq!(region["snippet"]["text"], "<b>");
}
#[test]
fn a_project_that_does_not_build_fails_the_check_with_the_build_error() {
    // Nothing but the build notices these: a broken template override, a template whose
    // output passes the page limit, a message Fluent refuses to format through a reference
    // to another file.
    for (what, file, from, to, at) in [
        (
            "unclosed tag in a template",
            "templates/partials/nav.html",
            "",
            "{% if page %}\n",
            "templates/partials/nav.html:",
        ),
        (
            "template output past the page limit",
            "templates/page.html",
            "{% block content %}\n",
            "{% block content %}\n{% for i in range(end=100000) %}{% for j in range(end=9) %}<p>all work and no play makes Jack a dull boy, all work and no play</p>{% endfor %}{% endfor %}\n",
            "templates/page.html:5:",
        ),
    ] {
        let dir = support::shipped_project();
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let build = polydoc(dir.path(), &["build", "--out", "public", "-q"]);
        assert_eq!(build.status.code(), Some(1), "{what}: build");
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 1, "{what}: check exit");
        let failed: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "pages-not-built")
            .collect();
        assert_eq!(failed.len(), 1, "{what}: {report}");
        assert_eq!(failed[0]["severity"], "error", "{what}");
        let place = format!(
            "{}:{}:{}",
            failed[0]["file"].as_str().unwrap(),
            failed[0]["line"],
            failed[0]["column"]
        );
        assert!(place.starts_with(at), "{what}: located at the build's error, not {place}");
    }
}

/// A message or template file whose name holds terminal escapes, a carriage return or another
/// control character (`locales/de/e\x1b[31mvil\r.ftl`, `templates/a\tb.html`) is refused
/// by `build` naming it (escaped) and is a `portable-name` error in `check`; no control
/// character reaches stderr, the report or a SARIF `uri` (percent-encoded, a valid URI).
#[test]
fn control_and_windows_forbidden_characters_in_source_names_are_errors_everywhere() {
    for rel in ["locales/de/e\u{1b}[31mvil\r.ftl", "locales/en/x\u{7}.ftl", "templates/a\tb.html"] {
        let dir = shipped_project();
        std::fs::write(dir.path().join(rel), "x = hi\n").unwrap();
        let build = polydoc(dir.path(), &["build", "--out", "public"]);
        let err = support::stderr(&build);
        assert_eq!(build.status.code(), Some(1), "{rel:?}: build\n{err}");
        assert!(err.contains("Windows forbids"), "{rel:?}: {err}");
        let out = polydoc(dir.path(), &["check"]);
        let human = String::from_utf8_lossy(&out.stdout).into_owned() + &support::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{rel:?}: check\n{human}");
        assert!(human.contains("error[portable-name]"), "{rel:?}: {human}");
        let sarif = polydoc(dir.path(), &["check", "--format", "sarif"]);
        let text = String::from_utf8_lossy(&sarif.stdout);
        let json: Value = serde_json::from_str(&text).unwrap();
        let results = json["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for r in results {
            let uri =
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
            assert!(uri.bytes().all(|b| b.is_ascii_graphic()), "{rel:?}: uri {uri:?}");
        }
        for text in [&err, &human] {
            assert!(
                !text.contains(['\u{1b}', '\r', '\u{7}']),
                "{rel:?}: a control character reached the output"
            );
        }
    }
}

// --- drift-text ---
// Text that drifted without losing a token: terms moved between sentences, numbers changed,
// text cut or doubled, messages in the wrong language, invisible and broken characters, and
// `displaced-token` around code spans. Each folder of `tests/fixtures/drift-text/<case>/`
// overlays a copy of the shipped project; its `expect.txt` has the format of the fixtures above
// (`exit N`, then every error and warning as `<severity> <rule> <file>:<line>:<col>`).

fixtures! {
    "drift-text", every_drift_text_fixture_folder_has_a_test;
    term_moved_terms_exchanged_between_sentences => "term-moved",
    displaced_token_when_english_has_a_code_span_before_punctuation => "displaced-token-after-code-span",
    no_displaced_token_for_a_sentence_ending_in_a_code_span => "sentence-ending-in-code-span",
    number_changed_or_missing_with_locale_digit_grouping => "number-mismatch",
    length_ratio_truncated_and_padded => "length-ratio",
    repeated_sentence_phrase_and_word => "repeated-text",
    untranslated_english_with_small_edits => "untranslated",
    wrong_language_spanish_french_portuguese_german => "wrong-language",
    invisible_zero_width_characters => "invisible-character",
    zero_width_glue_counts_as_letters_for_term_glued => "zero-width-glue",
    bidi_controls => "bidi-control",
    replacement_character => "replacement-character",
    mojibake_utf8_read_as_latin1 => "mojibake",
    no_break_space_inside_a_code_span => "code-span-nbsp",
}

// --- drift-ex ---
// Examples against their operation, select/plural variants, hard-coded template text, locked
// terms, quiet clean runs and renamed messages. Fixtures live in `tests/fixtures/drift-ex/<case>/`
// in the format of `tests/fixtures/check/` (overlay, `remove.txt`, `expect.txt`).

fixtures! {
    "drift-ex", every_drift_ex_fixture_folder_has_a_test;
    a_json_body_without_or_with_another_content_type => "example-header-content-type",
    a_required_declared_header_left_out => "example-header-required",
    a_required_body_property_left_out => "example-property-required",
    read_only_properties_sent_at_any_depth => "example-property-read-only",
    odata_context_of_another_version_or_entity_set => "odata-context",
    permission_names_against_the_catalog => "permission-name-catalog",
    permission_near_misses_without_a_catalog => "permission-name-derived",
    guids_a_digit_short_or_long_in_bodies_and_urls => "value-syntax-near-guid",
    datetimes_inside_strings_and_urls => "value-syntax-embedded-datetime",
    translated_variant_keys => "variant-key-translated",
    duplicate_variant_keys => "variant-key-duplicate",
    plural_keys_and_defaults_against_cldr_categories => "variant-key-plural",
    brand_names_kept_as_in_english_then_translated => "locked-term",
    english_hard_coded_in_templates_shows_on_pseudo_pages => "template-literal",
}

/// `example-heading` gets `$number` as a number, so a `[one]` plural variant renders for the
/// first example (a string "1" never matched it).
#[test]
fn example_heading_selects_plural_variants_on_the_number() {
    let dir = shipped_project();
    let path = dir.path().join("locales/en/ui.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let plural = "example-heading = { $number ->\n    [one] First example: { $title }\n   *[other] Example { $number }: { $title }\n}";
    std::fs::write(
        &path,
        text.replace("example-heading = Example { $number }: { $title }", plural),
    )
    .unwrap();
    let out = polydoc(dir.path(), &["build", "--out", "site", "--locales", "en", "-q"]);
    assert!(out.status.success(), "{}", support::stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("site/en/create-chat/index.html")).unwrap();
    assert!(html.contains("First example: "), "the [one] variant renders for example 1");
    assert!(html.contains("Example 2: "), "the default renders for example 2");
    assert!(!html.contains("Example 1: "));
}

/// A message renamed in a translation (`prop-topik`) is named, with its line, beside the missing
/// `prop-topic`, and the leftover names the English id it should have; `build`'s warning for
/// the missing translation names the English file and line.
#[test]
fn renamed_leftover_is_reported_beside_the_missing_message_and_build_names_the_line() {
    let dir = shipped_project();
    for (locale, from, to) in
        [("de", "prop-topic =", "prop-topik ="), ("es", "prop-members =", "prop-member =")]
    {
        let path = dir.path().join(format!("locales/{locale}/create-chat.ftl"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let (code, report) = check_json(dir.path(), &["--no-pages"]);
    assert_eq!(code, 1);
    let message = |rule: &str, needle: &str| -> String {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["message"].as_str().unwrap().contains(needle))
            .map(|f| f["message"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no {rule} about {needle}: {report}"))
    };
    let de_line = std::fs::read_to_string(dir.path().join("locales/de/create-chat.ftl"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("prop-topik"))
        .unwrap()
        + 1;
    let missing = message("missing-message", "`prop-topic` is not translated in locales/de");
    assert!(missing.contains(&format!("`prop-topik` on line {de_line}")), "{missing}");
    let leftover = message("obsolete-message", "`prop-topik`");
    assert!(leftover.contains("English `prop-topic`, line 8, is missing here"), "{leftover}");
    let es = message("missing-message", "`prop-members` is not translated in locales/es");
    assert!(es.contains("`prop-member` on line"), "{es}");
    let out = polydoc(dir.path(), &["build", "--out", "site"]);
    let log = support::stderr(&out);
    assert!(
        log.contains("de: locales/de/create-chat.ftl: missing message `prop-topic`, using the English text (locales/en/create-chat.ftl:8)"),
        "{log}"
    );
}

/// What made `check` report false findings on imported Graph and GitHub: descriptions with
/// literal braces and tag-like text (`period='{period}'`, `api://<app-id>`, `<IMG src=..>`)
/// and generated examples whose response contradicted the request (a free `status` string
/// sent, an enum answered; an id sent, the object answered). The import now writes such text
/// as code and a generated exchange that agrees, so the imported project checks clean.
#[test]
fn imported_literal_braces_tags_and_generated_exchanges_check_clean() {
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "T", "version": "1" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": { "/runs": { "post": {
            "operationId": "createRun", "tags": ["runs"],
            "summary": "Create a run",
            "description": "Usage: period='{period}'. In the form api://<application-client-id>, or look for <IMG src='cid:image001.jpg'>. JSON {\"a\": 1} too.",
            "parameters": [{ "name": "x", "in": "query", "description": "Usage: x={x}", "schema": { "type": "string" } }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["status", "tree"],
                "properties": { "status": { "type": "string" }, "tree": { "type": "string" } } } } } },
            "responses": { "201": { "description": "Created", "content": { "application/json": { "schema": {
                "$ref": "#/components/schemas/Run" } } } } }
        } } },
        "components": { "schemas": { "Run": { "type": "object", "required": ["status", "tree"], "properties": {
            "status": { "type": "string", "enum": ["queued", "done"] },
            "tree": { "type": "object", "properties": { "sha": { "type": "string" } } } } } } }
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let root = dir.path().join("project");
    let out = polydoc(
        dir.path(),
        &["import", "openapi", file.to_str().unwrap(), "--root", root.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", support::stderr(&out));
    let (code, report) = check_json(&root, &[]);
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert_eq!(code, 0);
    let ftl = std::fs::read_to_string(root.join("locales/en/create-run.ftl")).unwrap();
    assert!(ftl.contains("`api://<application-client-id>`"), "{ftl}");
}
