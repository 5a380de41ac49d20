//! Bad input, one fixture folder per case under `tests/fixtures/build-errors/<case>/`:
//! `case.yaml` says which files of the shipped project to overwrite (`overlay/`), what to run,
//! the exit code and what stderr must contain (file:line:col and the offending text). Every
//! case first builds the good project, then breaks it, and asserts the failed build left the
//! previous output byte for byte as it was.

mod support;

use serde::Deserialize;
use support::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Extra arguments after `build --out public`.
    #[serde(default)]
    args: Vec<String>,
    /// Expected exit code.
    exit: i32,
    /// Substrings stderr must contain.
    stderr_contains: Vec<String>,
    /// Files of the shipped project to delete before building.
    #[serde(default)]
    remove: Vec<String>,
    /// Text replacements: file, from, to (applied after the overlay).
    #[serde(default)]
    replace: Vec<(String, String, String)>,
}

fn run_case(name: &str) {
    let case_dir = repo_root().join("tests/fixtures/build-errors").join(name);
    let case: Case =
        serde_saphyr::from_str(&std::fs::read_to_string(case_dir.join("case.yaml")).unwrap())
            .unwrap();
    let project = shipped_project();
    let ok = polydoc(project.path(), &["build", "--out", "public"]);
    assert!(ok.status.success(), "good build failed: {}", stderr(&ok));
    let before = fingerprint(&project.path().join("public"));
    assert!(before.len() > 5, "first build wrote too little");

    if case_dir.join("overlay").is_dir() {
        copy_dir(&case_dir.join("overlay"), project.path());
    }
    for rel in &case.remove {
        std::fs::remove_file(project.path().join(rel)).unwrap();
    }
    for (rel, from, to) in &case.replace {
        let path = project.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from.as_str()), "{name}: {rel} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from.as_str(), to, 1)).unwrap();
    }
    let mut args = vec!["build", "--out", "public"];
    args.extend(case.args.iter().map(String::as_str));
    let out = polydoc(project.path(), &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(case.exit), "{name}: exit code; stderr:\n{err}");
    for needle in &case.stderr_contains {
        assert!(err.contains(needle.as_str()), "{name}: stderr lacks {needle:?}:\n{err}");
    }
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{name}: panic:\n{err}");
    assert_same_files(
        &before,
        &fingerprint(&project.path().join("public")),
        &format!("{name}: previous output changed"),
    );
    assert!(
        !project.path().join(".public.polydoc-cache/staging").exists(),
        "{name}: staging folder left behind"
    );
    if case.exit == 1 && !case.args.iter().any(|a| a == "--locales") {
        assert_check_agrees(name, project.path(), &err);
    }
}

/// `check` on a project the build refuses exits 1 (never 2, "could not run") with a finding
/// at the place the build's error names (`--> file:line:`), whatever `--format` the build
/// used. `--locales` cases are left out: the bad input there is a command-line argument, not a
/// file of the project.
fn assert_check_agrees(name: &str, project: &std::path::Path, build_err: &str) {
    let out = polydoc(project, &["check"]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: check must fail like the build\nbuild:\n{build_err}\ncheck:\n{report}{}",
        stderr(&out)
    );
    if let Some(at) = located_at(build_err) {
        assert!(
            report.lines().any(|l| l.trim_start().starts_with(&format!("--> {at}"))),
            "{name}: check has no finding at {at} (where the build fails):\n{report}"
        );
    }
}

/// `file:line:` of the first `--> file:line:col` in a report.
fn located_at(report: &str) -> Option<String> {
    let line = report.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let (rest, _col) = line.rsplit_once(':')?;
    Some(format!("{rest}:"))
}

/// Broken projects made on the fly (files that cannot live in the fixture folders: named
/// pipes, bodies past the size limit, a copy of a whole spec): `build` exits 1 naming the place, and `check` exits 1
/// (not 2, "could not run") with an error finding at the same `file:line`, without blocking.
#[test]
fn check_and_build_agree_on_special_files_and_inputs_past_a_limit() {
    type Break = fn(&std::path::Path);
    fn fifo(path: &std::path::Path) {
        let made = std::process::Command::new("mkfifo").arg(path).status().unwrap();
        assert!(made.success());
    }
    fn pad_body(project: &std::path::Path, bytes: usize) {
        let path = project.join("content/chat/create-chat.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let at = "\"chatType\": \"oneOnOne\",";
        let pad = format!("\"pad\": \"{}\",\n          {at}", "x".repeat(bytes));
        std::fs::write(&path, text.replacen(at, &pad, 1)).unwrap();
    }
    let cases: [(&str, Break, &str); 8] = [
        (
            "duplicate-operation-id",
            |p| {
                let spec = p.join("content/chat/create-chat.yaml");
                std::fs::copy(&spec, p.join("content/chat/copy.yaml")).unwrap();
            },
            "content/chat/create-chat.yaml:4:",
        ),
        ("fifo-spec", |p| fifo(&p.join("content/chat/pipe.yaml")), "content/chat/pipe.yaml:1:"),
        (
            "fifo-schema",
            |p| fifo(&p.join("content/schema/more.yaml")),
            "content/schema/more.yaml:1:",
        ),
        ("fifo-ftl", |p| fifo(&p.join("locales/de/extra.ftl")), "locales/de/extra.ftl:1:"),
        (
            "fifo-lock",
            |p| {
                std::fs::remove_file(p.join("locales/polydoc.lock")).unwrap();
                fifo(&p.join("locales/polydoc.lock"));
            },
            "locales/polydoc.lock:1:",
        ),
        (
            "fifo-template",
            |p| fifo(&p.join("templates/partials/extra.html")),
            "templates/partials/extra.html:1:",
        ),
        ("oversized-body", |p| pad_body(p, 300_000), "content/chat/create-chat.yaml:33:"),
        (
            "schema-unknown-field",
            |p| {
                let path = p.join("content/schema/microsoft.graph.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, text.replacen("types:", "tpyes: {}\ntypes:", 1)).unwrap();
            },
            "content/schema/microsoft.graph.yaml:4:",
        ),
    ];
    for (name, break_it, at) in cases {
        let project = shipped_project();
        break_it(project.path());
        let build = polydoc(project.path(), &["build", "--out", "public"]);
        let err = stderr(&build);
        assert_eq!(build.status.code(), Some(1), "{name}: build\n{err}");
        let file = at.split(':').next().unwrap();
        assert!(err.contains(file), "{name}: the build error does not name {file}:\n{err}");
        let check = polydoc(project.path(), &["check"]);
        let report = String::from_utf8_lossy(&check.stdout);
        assert_eq!(check.status.code(), Some(1), "{name}: check\n{report}{}", stderr(&check));
        let finding = report.lines().position(|l| l.trim_start().starts_with(&format!("--> {at}")));
        let finding = finding.unwrap_or_else(|| panic!("{name}: no finding at {at}:\n{report}"));
        let heading = report.lines().take(finding).last().unwrap_or_default();
        assert!(heading.starts_with("error["), "{name}: not an error: {heading}");
    }
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { run_case(&stringify!($name).replace('_', "-")); })*

        #[test]
        fn every_fixture_folder_has_a_test() {
            let listed: Vec<String> = vec![$(stringify!($name).replace('_', "-")),*];
            for entry in std::fs::read_dir(repo_root().join("tests/fixtures/build-errors")).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(listed.contains(&name), "fixture {name} has no test in build_errors.rs");
            }
        }
    };
}

cases!(
    yaml_syntax,
    yaml_wrong_type,
    yaml_unknown_field,
    yaml_missing_field,
    json_body_invalid,
    unknown_body_type,
    unknown_body_property,
    bad_operation_id,
    ftl_syntax,
    ftl_syntax_kinds,
    ftl_unknown_variable,
    ftl_unknown_variable_english,
    template_syntax,
    template_missing,
    template_render,
    template_include_cycle,
    template_extends_cycle,
    template_commonmark_only,
    schema_unknown_type,
    schema_duplicate_type,
    unknown_locale,
    invalid_locale_code,
    missing_message_strict,
    missing_english_message,
    cli_misuse,
    example_enum_value,
    not_utf8,
);

/// A build error far into a 60,000-character message line full of terminal escapes (just under
/// the 64 KiB message limit, so the unknown variable is what fails): the quoted line is a window
/// around the column, control characters never reach the terminal, stderr stays small.
#[test]
fn a_long_line_is_windowed_and_escapes_never_printed() {
    let project = shipped_project();
    let path = project.path().join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let long = format!(
        "title = \u{1b}[2J\u{1b}]0;pwned\u{7}\r\0\u{9b}31m\u{202e}{} {{ $grop }}",
        "x".repeat(60_000)
    );
    std::fs::write(&path, text.replace("title = Chat erstellen", &long)).unwrap();
    let out = polydoc(project.path(), &["build", "--out", "public"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(out.stderr.len() < 16 * 1024, "stderr is {} bytes", out.stderr.len());
    for c in ['\u{1b}', '\r', '\0', '\u{9b}', '\u{202e}', '\u{7}'] {
        assert!(!err.contains(c), "{c:?} reached stderr");
    }
    assert!(err.contains(&format!("--> locales/de/create-chat.ftl:5:{}", 60_000 + 33)), "{err}");
    assert!(err.contains("= help: did you mean `$group`?"), "{err}");
    let quoted = err.lines().find(|l| l.starts_with("5 | ")).unwrap();
    let carets = err.lines().find(|l| l.contains('^')).unwrap();
    assert!(quoted.chars().count() <= 4 + 162, "{} characters quoted", quoted.chars().count());
    let under: String = quoted.chars().skip(carets.find('^').unwrap()).take(5).collect();
    assert_eq!(under, "$grop", "{quoted}\n{carets}");
}
