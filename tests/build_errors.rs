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
