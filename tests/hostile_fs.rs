//! Output safety: protected output folders (also through symbolic links) are refused, source
//! folders that are symbolic links are refused and links inside them are never followed,
//! a build killed mid-way leaves the previous site byte-identical (a kill after the swap, while
//! the old site is deleted, leaves the complete new one: never a mixture), and stale staging folders
//! of a killed build neither break a later build nor cost anyone a file polydoc did not write.

#[path = "../bench/corpus.rs"]
#[allow(dead_code)]
mod corpus;
mod support;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

fn build(project: &Path, out: &str) -> std::process::Output {
    polydoc(project, &["build", "--out", out, "-q"])
}

fn assert_refused(res: &std::process::Output, needle: &str) {
    let err = stderr(res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(!err.contains("panicked") && !err.contains("internal error"), "{err}");
}

#[test]
fn protected_output_folders_are_refused_even_through_symlinks() {
    let project = shipped_project();
    let p = project.path();
    let before = fingerprint(p);
    assert_refused(&build(p, "/"), "file system root");
    assert_refused(&build(p, "."), "project root");
    assert_refused(&build(p, "public/.."), "project root");
    assert_refused(&build(p, "content/.."), "project root");
    // A folder holding a source folder.
    std::fs::create_dir_all(p.join("nested/content")).unwrap();
    assert_refused(&build(p, "nested"), "contains a content/ folder");
    // Symlinked output folders pointing at protected places.
    symlink(p, p.join("to-root")).unwrap();
    assert_refused(&build(p, "to-root"), "refusing");
    symlink("/", p.join("to-slash")).unwrap();
    assert_refused(&build(p, "to-slash"), "refusing");
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("diary.txt"), "mine").unwrap();
    symlink(home.path(), p.join("to-home")).unwrap();
    let to_home = || assert_cmd::Command::cargo_bin("polydoc").unwrap().current_dir(p).env("HOME", home.path()).args(["build", "--out", "to-home", "-q"]).output().unwrap();
    assert_refused(&to_home(), "refusing");
    // Even a home folder that carries polydoc's marker is recognised through the link.
    std::fs::write(home.path().join(".polydoc-output"), "generation: x\n").unwrap();
    assert_refused(&to_home(), "home folder");
    let res = assert_cmd::Command::cargo_bin("polydoc").unwrap().current_dir(p).env("HOME", home.path()).args(["build", "--out"]).arg(home.path()).args(["-q"]).output().unwrap();
    assert_refused(&res, "home folder");
    // A foreign, non-empty folder.
    std::fs::create_dir(p.join("mine")).unwrap();
    std::fs::write(p.join("mine/keep.txt"), "keep").unwrap();
    assert_refused(&build(p, "mine"), "was not written by polydoc");
    symlink(p.join("mine"), p.join("to-mine")).unwrap();
    assert_refused(&build(p, "to-mine"), "was not written by polydoc");
    // Nothing of the project was touched or deleted.
    let after = fingerprint(p);
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{} changed", k.display());
    }
    assert_eq!(std::fs::read_to_string(home.path().join("diary.txt")).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(p.join("mine/keep.txt")).unwrap(), "keep");
}

#[test]
fn symlinked_source_folders_are_refused_and_links_inside_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), "secret: TOP-SECRET-VALUE\n").unwrap();
    std::fs::write(outside.path().join("secret.ftl"), "title = TOP-SECRET-VALUE\n").unwrap();
    std::fs::write(outside.path().join("secret.html"), "TOP-SECRET-VALUE").unwrap();

    // Source root folders that are symlinks (to a copy outside the project): refused.
    for part in ["content", "locales", "templates"] {
        let project = shipped_project();
        let p = project.path();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::rename(p.join(part), elsewhere.path().join(part)).unwrap();
        symlink(elsewhere.path().join(part), p.join(part)).unwrap();
        let res = build(p, "public");
        assert_refused(&res, &format!("{part} is a symbolic link"));
        assert!(!p.join("public").exists(), "{part}: nothing written");
    }

    // Links inside the source folders, to files outside: never read.
    let project = shipped_project();
    let p = project.path();
    symlink(outside.path().join("secret.yaml"), p.join("content/chat/leak.yaml")).unwrap();
    symlink(outside.path().join("secret.ftl"), p.join("locales/de/leak.ftl")).unwrap();
    symlink(outside.path().join("secret.html"), p.join("templates/partials/leak.html")).unwrap();
    std::fs::remove_file(p.join("locales/es/create-chat.ftl")).unwrap();
    symlink(outside.path().join("secret.ftl"), p.join("locales/es/create-chat.ftl")).unwrap();
    let res = build(p, "public");
    assert!(res.status.success(), "{}", stderr(&res));
    for (path, bytes) in fingerprint(&p.join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("TOP-SECRET"), "{} holds outside content", path.display());
    }
    assert!(!stderr(&res).contains("TOP-SECRET"));
    let check = polydoc(p, &["check", "--no-pages", "--format", "json"]);
    assert!(!String::from_utf8_lossy(&check.stdout).contains("TOP-SECRET"));
}

/// Waits until `child` exits or `limit` passes; kills it then.
fn wait_or_kill(child: &mut std::process::Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    None
}

#[test]
fn a_killed_build_leaves_the_previous_site_byte_identical_and_a_later_build_works() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 200, 11).unwrap();
    let res = build(project, "public");
    assert!(res.status.success(), "{}", stderr(&res));
    let before = fingerprint(&project.join("public"));
    assert!(before.len() > 600, "{} files", before.len());

    // Change every page so the next build has real work, then kill it at several points.
    for l in ["en", "de", "es"] {
        let ui = project.join(format!("locales/{l}/ui.ftl"));
        let text = std::fs::read_to_string(&ui).unwrap();
        std::fs::write(&ui, text.replacen("site-title = ", "site-title = Neu ", 1)).unwrap();
    }
    // The complete new site, built elsewhere: a kill that lands after the swap (while the old
    // site is being deleted) leaves exactly this; anything else must leave the old site.
    let res = polydoc(project, &["build", "--out", "expected", "-q", "--no-cache"]);
    assert!(res.status.success(), "{}", stderr(&res));
    let mut expected = fingerprint(&project.join("expected"));
    expected.remove(Path::new(".polydoc-output"));
    std::fs::remove_dir_all(project.join("expected")).unwrap();
    let mut killed = 0;
    let mut killed_before_swap = 0;
    // ~100 ms is still reading and planning; later kills land in rendering and writing.
    for delay in [100u64, 800, 1500, 2200] {
        for no_cache in [false, true] {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("polydoc"));
            cmd.current_dir(project).args(["build", "--out", "public", "-q"]);
            if no_cache {
                cmd.arg("--no-cache");
            }
            let mut child = cmd.spawn().unwrap();
            if wait_or_kill(&mut child, Duration::from_millis(delay)).is_none() {
                killed += 1;
                let now = fingerprint(&project.join("public"));
                if now == before {
                    killed_before_swap += 1;
                } else {
                    let mut pages = now.clone();
                    assert!(pages.remove(Path::new(".polydoc-output")).is_some(), "marker missing after a kill at {delay} ms");
                    assert_same_files(&expected, &pages, &format!("after a kill at {delay} ms: neither the old site nor the complete new one"));
                }
            }
        }
    }
    assert!(killed >= 4, "the builds were too quick to be killed ({killed} killed): enlarge the corpus");
    assert!(killed_before_swap >= 2, "too few kills before the swap ({killed_before_swap})");
    // Stale staging folders are left beside the output, never inside it.
    let stale: Vec<_> = std::fs::read_dir(project).unwrap().filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().contains("polydoc-staging")).collect();
    assert!(!stale.is_empty(), "a killed build leaves its staging folder");
    // A foreign file beside the output and one inside a stale staging folder survive.
    std::fs::write(project.join("notes.txt"), "foreign").unwrap();
    std::fs::write(stale[0].path().join("foreign.txt"), "foreign").unwrap();
    let res = build(project, "public");
    assert!(res.status.success(), "{}", stderr(&res));
    let after = fingerprint(&project.join("public"));
    assert_eq!(after.len(), before.len());
    assert!(String::from_utf8_lossy(&after[Path::new("en/index.html")]).contains("Neu "));
    assert_eq!(std::fs::read_to_string(project.join("notes.txt")).unwrap(), "foreign");
    assert_eq!(std::fs::read_to_string(stale[0].path().join("foreign.txt")).unwrap(), "foreign");
    // And the result equals a clean build.
    let res = polydoc(project, &["build", "--out", "clean", "-q", "--no-cache"]);
    assert!(res.status.success());
    assert_same_files(&fingerprint(&project.join("clean")), &after, "rebuild after kills vs clean build");
}

#[test]
fn a_failed_build_after_a_good_one_keeps_the_site_and_deletes_nothing_foreign() {
    let project = shipped_project();
    let p = project.path();
    assert!(build(p, "public").status.success());
    let before = fingerprint(&p.join("public"));
    std::fs::write(p.join("keep-me.txt"), "x").unwrap();
    std::fs::write(p.join("content/chat/create-chat.yaml"), "id: [unclosed\n").unwrap();
    let res = build(p, "public");
    assert_eq!(res.status.code(), Some(1));
    assert_same_files(&before, &fingerprint(&p.join("public")), "after a failed build");
    assert!(p.join("keep-me.txt").exists());
    let leftovers: Vec<_> = std::fs::read_dir(p).unwrap().filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.contains("staging") || n.contains("polydoc-old")).collect();
    assert!(leftovers.is_empty(), "a failed build cleans up after itself: {leftovers:?}");
}
