//! The `build` command end to end, through the real binary: the shipped site (snapshotted per
//! locale), fallbacks, template overrides, escaping, output-folder safety and determinism.

mod support;

use std::path::Path;
use support::*;

fn build_ok(project: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "--out", "public"];
    args.extend_from_slice(extra);
    let out = polydoc(project, &args);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    stderr(&out)
}

fn read(project: &Path, rel: &str) -> String {
    std::fs::read_to_string(project.join("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn shipped_site_pages_match_snapshots() {
    let project = shipped_project();
    let log = build_ok(project.path(), &[]);
    assert!(!log.contains("warning"), "shipped content must build without warnings:\n{log}");
    for locale in ["en", "de", "es"] {
        insta::assert_snapshot!(
            format!("create-chat.{locale}"),
            read(project.path(), &format!("{locale}/create-chat/index.html"))
        );
        insta::assert_snapshot!(
            format!("index.{locale}"),
            read(project.path(), &format!("{locale}/index.html"))
        );
    }
    insta::assert_snapshot!("root-index", read(project.path(), "index.html"));
}

#[test]
fn every_page_has_its_language_and_alternates() {
    let project = shipped_project();
    build_ok(project.path(), &[]);
    for locale in ["en", "de", "es"] {
        let html = read(project.path(), &format!("{locale}/create-chat/index.html"));
        assert!(html.contains(&format!("<html lang=\"{locale}\"")), "{locale}");
        for other in ["en", "de", "es"] {
            let alt = format!(
                "<link rel=\"alternate\" hreflang=\"{other}\" href=\"../../{other}/create-chat/\">"
            );
            assert!(html.contains(&alt), "{locale} lacks {alt}");
        }
        assert!(
            html.contains("aria-current=\"page\""),
            "{locale}: switcher marks the current language"
        );
        // Five examples, each with its request and response.
        assert_eq!(html.matches("<section class=\"example\"").count(), 5, "{locale}");
        assert!(
            html.matches("HTTP/1.1 201").count() + html.matches(">201</span>").count() >= 5,
            "{locale}"
        );
    }
}

#[test]
fn x_default_is_the_source_locale_page_once_per_page() {
    let project = shipped_project();
    build_ok(project.path(), &["--pseudo"]);
    for locale in ["en", "de", "es", "en-XA"] {
        let page = read(project.path(), &format!("{locale}/create-chat/index.html"));
        assert_eq!(x_default_hrefs(&page), ["../../en/create-chat/"], "{locale} operation page");
        let index = read(project.path(), &format!("{locale}/index.html"));
        assert_eq!(x_default_hrefs(&index), ["../en/"], "{locale} index page");
    }
    assert_eq!(x_default_hrefs(&read(project.path(), "index.html")), ["en/"], "language chooser");
}

#[test]
fn spec_terms_are_taken_from_the_spec_not_translations() {
    let project = shipped_project();
    build_ok(project.path(), &[]);
    let de = read(project.path(), "de/create-chat/index.html");
    // The seed translated `topic`/`String` as "Thema"/"Schnur" and glued "guestzugewiesen".
    assert!(de.contains("<td><code>topic</code> <span class=\"optional\">(Optional)</span></td><td><code>String</code></td>"), "property row");
    assert!(!de.contains("Thema") && !de.contains("Schnur"));
    assert!(de.contains("<code>guest</code> zugewiesen"));
    let es = read(project.path(), "es/create-chat/index.html");
    assert!(
        // The type links to its page (issue 15).
        es.contains("Colección de <a href=\"../_type/conversationMember/\"><code>conversationMember</code></a>")
    );
    assert!(es.contains("(Opcional)"));
    assert!(es.contains("el rol <code>owner</code>."), "owner stays where the sentence needs it");
}

#[test]
fn shipped_examples_fix_the_seed_data_defects() {
    let project = shipped_project();
    build_ok(project.path(), &[]);
    let en = read(project.path(), "en/create-chat/index.html");
    assert!(!en.contains("8ba98gf6"), "non-hex GUID must not ship");
    assert!(en.contains("19:82af01c5-f7cc-4a2e-a728-3a5df21afd9d_8b081ef6-4792-4def-b2c9-c363a1bf41d5@unq.gbl.spaces"));
}

#[test]
fn site_needs_no_outside_host() {
    let project = shipped_project();
    build_ok(project.path(), &[]);
    for entry in walkdir::WalkDir::new(project.path().join("public")) {
        let entry = entry.unwrap();
        let name = entry.path().to_string_lossy().into_owned();
        if !(name.ends_with(".html") || name.ends_with(".css")) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for bad in [
            "<script src=\"http",
            "<img src=\"http",
            "stylesheet\" href=\"http",
            "@import",
            "url(http",
            "<iframe",
        ] {
            assert!(!text.contains(bad), "{name} loads from outside: {bad}");
        }
    }
    assert!(read(project.path(), "assets/polydoc.css").contains("prefers-color-scheme: dark"));
}

/// Seconds in a duration as Rust prints it (`12.34ms`, `1.50s`, `980.00µs`, `75.00ns`).
fn seconds(text: &str) -> Option<f64> {
    let units = [("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)];
    let (number, scale) = units.iter().find_map(|(unit, scale)| {
        let number = text.strip_suffix(unit)?;
        number.parse::<f64>().ok().map(|n| (n, *scale))
    })?;
    Some(number * scale)
}

#[test]
fn timings_print_each_stage_and_verbose_lists_every_warning() {
    let project = shipped_project();
    let p = project.path();
    // Enough missing messages in one locale to be summarized without -v.
    let path = p.join("locales/es/create-chat.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains(" = ")).collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let stage = |log: &str, name: &str| log.lines().any(|l| l.ends_with(&format!("  {name}")));
    let plain = build_ok(p, &["--no-cache"]);
    assert!(!stage(&plain, "read specs"), "{plain}");
    assert!(plain.contains("message(s) missing in"), "summarized:\n{plain}");
    let timed = build_ok(p, &["--no-cache", "--timings"]);
    for name in ["read specs", "read messages", "search index", "swap output"] {
        assert!(stage(&timed, name), "{name}:\n{timed}");
    }
    assert_eq!(
        plain.matches("missing message `").count(),
        timed.matches("missing message `").count()
    );
    // The closing line's time covers every stage listed.
    let stages: f64 = timed.lines().filter_map(|l| seconds(l.trim().split("  ").next()?)).sum();
    let total = timed
        .lines()
        .find(|l| l.starts_with("built "))
        .and_then(|l| seconds(l.rsplit(" in ").next()?))
        .unwrap_or_else(|| panic!("no closing line with a time:\n{timed}"));
    // Each figure is printed rounded (to 10 ms from one second up): 10 ms of slack.
    assert!(
        stages > 0.0 && total + 0.01 >= stages,
        "stages {stages} s, closing line {total} s:\n{timed}"
    );
    let verbose = build_ok(p, &["--no-cache", "-v"]);
    assert!(stage(&verbose, "read specs"), "{verbose}");
    assert!(!verbose.contains("message(s) missing in"), "every warning listed:\n{verbose}");
    assert!(verbose.matches("missing message `").count() > 10, "{verbose}");
}

#[test]
fn missing_translation_falls_back_to_english_with_a_warning() {
    let project = shipped_project();
    let path = project.path().join("locales/es/create-chat.ftl");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("example-group = Crear un chat de grupo\n", "");
    std::fs::write(&path, text).unwrap();
    let log = build_ok(project.path(), &[]);
    assert!(
        log.contains("warning: es: locales/es/create-chat.ftl: missing message `example-group`"),
        "{log}"
    );
    assert_eq!(
        log.matches("missing message").count(),
        1,
        "one warning per missing message:\n{log}"
    );
    let es = read(project.path(), "es/create-chat/index.html");
    assert!(es.contains("Ejemplo 2: Create a group chat"), "English text in the Spanish frame");
}

#[test]
fn symlinked_message_files_are_skipped_with_a_warning() {
    let project = shipped_project();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("extra.ftl"), "title = OUTSIDE-TEXT\n").unwrap();
    symlink_file(&outside.path().join("extra.ftl"), &project.path().join("locales/de/extra.ftl"));
    let warning = "warning: de: locales/de/extra.ftl: symbolic link skipped (polydoc never follows links in source folders";
    let log = build_ok(project.path(), &[]);
    assert!(log.contains(warning), "{log}");
    assert_eq!(log.matches("warning").count(), 1, "only the link: {log}");
    assert!(!read(project.path(), "de/create-chat/index.html").contains("OUTSIDE-TEXT"));
    // An incremental rebuild (every page cached) still names the link.
    assert!(build_ok(project.path(), &[]).contains(warning));
    let strict = polydoc(project.path(), &["build", "--out", "public", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("locales/de/extra.ftl: symbolic link skipped"),
        "{}",
        stderr(&strict)
    );
}

/// Asserts no file below `public/` holds `secret`.
fn assert_unpublished(project: &Path, secret: &str) {
    for (path, bytes) in fingerprint(&project.join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{} holds the link target's text",
            path.display()
        );
    }
}

#[test]
fn symlinked_templates_are_skipped_with_a_warning() {
    let project = shipped_project();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("page.html"), "LEAKED-TEMPLATE-TEXT").unwrap();
    std::fs::create_dir(outside.path().join("partials")).unwrap();
    std::fs::remove_file(project.path().join("templates/page.html")).unwrap();
    symlink_file(&outside.path().join("page.html"), &project.path().join("templates/page.html"));
    symlink_dir(&outside.path().join("partials"), &project.path().join("templates/more"));
    let log = build_ok(project.path(), &[]);
    for link in ["templates/page.html", "templates/more"] {
        assert!(log.contains(&format!("warning: {link}: symbolic link skipped (polydoc never follows links in source folders")), "{log}");
    }
    assert_eq!(log.matches("warning").count(), 2, "only the links: {log}");
    assert_unpublished(project.path(), "LEAKED-TEMPLATE-TEXT");
    assert!(
        read(project.path(), "en/create-chat/index.html").contains("<h1"),
        "the built-in page template is used"
    );
}

#[test]
fn symlinked_specs_and_spec_folders_are_skipped_with_a_warning() {
    // The only spec moved outside (with a secret path) and linked back: as a file, then as
    // its folder. Followed, it would be published as the create-chat pages.
    for (moved, link) in [
        ("content/chat/create-chat.yaml", "content/chat/create-chat.yaml"),
        ("content/chat", "content/chat"),
    ] {
        let project = shipped_project();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("moved");
        std::fs::rename(project.path().join(moved), &target).unwrap();
        let spec = if target.is_dir() { target.join("create-chat.yaml") } else { target.clone() };
        let text = std::fs::read_to_string(&spec)
            .unwrap()
            .replace("path: /chats\n", "path: /chats/LEAKED-SPEC-TEXT\n");
        std::fs::write(&spec, text).unwrap();
        if target.is_dir() {
            symlink_dir(&target, &project.path().join(link));
        } else {
            symlink_file(&target, &project.path().join(link));
        }
        let log = build_ok(project.path(), &[]);
        let warning = format!(
            "warning: {link}: symbolic link skipped (polydoc never follows links in source folders"
        );
        assert!(log.contains(&warning), "{log}");
        assert_eq!(log.matches("warning").count(), 1, "only the link: {log}");
        assert!(
            !project.path().join("public/en/create-chat").exists(),
            "{link}: no page from the link"
        );
        assert_unpublished(project.path(), "LEAKED-SPEC-TEXT");
        let strict = polydoc(project.path(), &["build", "--out", "public", "--strict"]);
        assert_eq!(strict.status.code(), Some(1), "{link}: --strict fails on the warning");
    }
}

#[test]
fn symlinked_locale_folders_are_skipped_with_a_warning_and_refused_by_name() {
    let project = shipped_project();
    let outside = tempfile::tempdir().unwrap();
    copy_dir(&project.path().join("locales/es"), &outside.path().join("fr"));
    let ui = outside.path().join("fr/ui.ftl");
    let text = std::fs::read_to_string(&ui)
        .unwrap()
        .replace("locale-name = Español", "locale-name = LEAKED-LOCALE-TEXT");
    std::fs::write(&ui, text).unwrap();
    symlink_dir(&outside.path().join("fr"), &project.path().join("locales/fr"));
    let log = build_ok(project.path(), &[]);
    let warning = "warning: locales/fr: symbolic link skipped, so locale `fr` is not built (polydoc never follows links in source folders";
    assert!(log.contains(warning), "{log}");
    assert_eq!(log.matches("warning").count(), 1, "only the link: {log}");
    assert!(!project.path().join("public/fr").exists());
    assert_unpublished(project.path(), "LEAKED-LOCALE-TEXT");
    // An incremental rebuild still names the link; --pseudo (an explicit locale list) too.
    assert!(build_ok(project.path(), &[]).contains(warning));
    assert!(build_ok(project.path(), &["--pseudo"]).contains(warning));
    assert_unpublished(project.path(), "LEAKED-LOCALE-TEXT");
    let named = polydoc(project.path(), &["build", "--out", "public", "--locales", "de,fr"]);
    assert_eq!(named.status.code(), Some(1));
    assert!(
        stderr(&named)
            .contains("locale `fr`: locales/fr is a symbolic link (polydoc never follows links"),
        "{}",
        stderr(&named)
    );
    assert_unpublished(project.path(), "LEAKED-LOCALE-TEXT");
}

#[test]
fn a_project_template_overrides_one_partial_only() {
    let project = shipped_project();
    std::fs::remove_dir_all(project.path().join("templates")).unwrap();
    std::fs::create_dir_all(project.path().join("templates/partials")).unwrap();
    std::fs::write(
        project.path().join("templates/partials/response.html"),
        "<section class=\"custom-response\"><h2 id=\"response\">{{ t.response }}</h2><p>{{ page.response_html }}</p><p>{{ page.namespace }}</p></section>\n",
    )
    .unwrap();
    build_ok(project.path(), &[]);
    let en = read(project.path(), "en/create-chat/index.html");
    assert!(en.contains("<section class=\"custom-response\">"), "override used");
    assert!(en.contains("<section class=\"permissions\""), "built-in partials still used");
    assert!(en.contains("returns a <code>201 Created</code> response code"));
}

#[test]
fn translated_text_is_data_never_markup() {
    let project = shipped_project();
    let path = project.path().join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title = Chat erstellen", r#"title = Chat <script>alert(1)</script> "{"{{"} 7*7 {"}}"}" {"{%"} raw {"%}"}"#)
        .replace(
            "prop-topic = Der Titel des Chats.",
            "prop-topic = <img src=x onerror=alert(1)> [klick](javascript:alert(1)) Der Titel des Chats.",
        );
    std::fs::write(&path, text).unwrap();
    build_ok(project.path(), &[]);
    let de = read(project.path(), "de/create-chat/index.html");
    assert!(
        !de.contains("<script>") && !de.contains("<img") && !de.contains("javascript:alert"),
        "live markup leaked"
    );
    assert!(de.contains("<title>Chat &lt;script&gt;alert(1)&lt;/script&gt; &quot;{{ 7*7 }}&quot; {% raw %} - API-Referenz</title>"), "title escaped, Tera syntax inert");
    assert!(
        de.contains("&lt;img src=x onerror=alert(1)&gt; klick Der Titel"),
        "raw HTML shown as text, unsafe link dropped"
    );
}

#[test]
fn only_requested_locales_are_built() {
    let project = shipped_project();
    build_ok(project.path(), &["--locales", "de"]);
    assert!(
        project.path().join("public/en/create-chat/index.html").exists(),
        "source locale always built"
    );
    assert!(project.path().join("public/de/create-chat/index.html").exists());
    assert!(!project.path().join("public/es").exists());
    let de = read(project.path(), "de/create-chat/index.html");
    assert!(!de.contains("hreflang=\"es\""));
}

#[test]
fn builds_are_deterministic_and_replace_the_previous_site() {
    let project = shipped_project();
    build_ok(project.path(), &[]);
    let first = fingerprint(&project.path().join("public"));
    std::fs::write(project.path().join("public/en/stale.html"), "old").unwrap();
    build_ok(project.path(), &[]);
    let second = fingerprint(&project.path().join("public"));
    assert_same_files(&first, &second, "same input, same bytes; files of the old build are gone");
}

#[test]
fn refuses_output_folders_it_must_not_replace() {
    let project = shipped_project();
    for (out, why) in [
        (".", "project root"),
        ("..", "project root"),
        ("content/..", "project root"),
        ("/", "file system root"),
    ] {
        let res = polydoc(project.path(), &["build", "--out", out]);
        assert_eq!(res.status.code(), Some(1), "{out}");
        assert!(stderr(&res).contains(why), "{out}: {}", stderr(&res));
    }
    std::fs::create_dir_all(project.path().join("mine")).unwrap();
    std::fs::write(project.path().join("mine/notes.txt"), "keep me").unwrap();
    let res = polydoc(project.path(), &["build", "--out", "mine"]);
    assert_eq!(res.status.code(), Some(1));
    assert!(stderr(&res).contains("was not written by polydoc"), "{}", stderr(&res));
    assert_eq!(std::fs::read_to_string(project.path().join("mine/notes.txt")).unwrap(), "keep me");
}

#[test]
fn default_root_and_out_are_the_current_folder_and_public() {
    let project = shipped_project();
    let out = polydoc(project.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(project.path().join("public/en/create-chat/index.html").is_file());
    let elsewhere = tempfile::tempdir().unwrap();
    let root = project.path().to_string_lossy().into_owned();
    let out = polydoc(elsewhere.path(), &["build", "--root", &root, "--out", "site"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elsewhere.path().join("site/es/create-chat/index.html").is_file());
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let v = polydoc(dir.path(), &["--version"]);
    assert!(
        v.status.success()
            && String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION"))
    );
    let h = polydoc(dir.path(), &["build", "--help"]);
    let text = String::from_utf8_lossy(&h.stdout);
    assert!(h.status.success() && text.contains("--locales") && text.contains("--strict"));
}

#[test]
fn a_ui_ftl_older_than_the_templates_falls_back_to_built_in_english() {
    let project = shipped_project();
    for locale in ["en", "de"] {
        let path = project.path().join(format!("locales/{locale}/ui.ftl"));
        let text: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("copy-code ="))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, text).unwrap();
    }
    let log = build_ok(project.path(), &[]);
    assert!(log.contains("de: locales/de/ui.ftl: missing message `copy-code`"), "{log}");
    let builtin = include_str!("../locales/en/ui.ftl")
        .lines()
        .find_map(|l| l.strip_prefix("copy-code = "))
        .unwrap();
    let de = read(project.path(), "de/create-chat/index.html");
    assert!(de.contains(&format!("data-copy=\"{builtin}\"")), "built-in English used");
}
