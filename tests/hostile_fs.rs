//! Output safety: protected output folders (also through symbolic links) are refused, source
//! folders that are symbolic links are refused and links inside them are never followed,
//! a build killed mid-way leaves the previous site byte-identical (a kill after the swap, while
//! the old site is deleted, leaves the complete new one: never a mixture), an incremental build
//! killed at any moment leaves the old site or the new one, never a mixture, and what a killed
//! build leaves in polydoc's work folder neither breaks a later build nor costs anyone a file
//! polydoc did not write. Two builds of one output at once: the second is refused.

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
    let to_home = || {
        assert_cmd::Command::cargo_bin("polydoc")
            .unwrap()
            .current_dir(p)
            .env("HOME", home.path())
            .args(["build", "--out", "to-home", "-q"])
            .output()
            .unwrap()
    };
    assert_refused(&to_home(), "refusing");
    // Even a home folder that carries polydoc's marker is recognised through the link.
    std::fs::write(home.path().join(".polydoc-output"), "generation: x\n").unwrap();
    assert_refused(&to_home(), "home folder");
    let res = assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .current_dir(p)
        .env("HOME", home.path())
        .args(["build", "--out"])
        .arg(home.path())
        .args(["-q"])
        .output()
        .unwrap();
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
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET"),
            "{} holds outside content",
            path.display()
        );
    }
    assert!(!stderr(&res).contains("TOP-SECRET"));
    let check = polydoc(p, &["check", "--no-pages", "--format", "json"]);
    assert!(!String::from_utf8_lossy(&check.stdout).contains("TOP-SECRET"));
}

/// Waits until `child` exits or `limit` passes; kills it then.
fn wait_or_kill(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
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
    let expected = pages_of(&project.join("expected"));
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
                    assert!(
                        pages.remove(Path::new(".polydoc-output")).is_some(),
                        "marker missing after a kill at {delay} ms"
                    );
                    assert_same_files(&expected, &pages, &format!("after a kill at {delay} ms: neither the old site nor the complete new one"));
                }
            }
        }
    }
    assert!(
        killed >= 4,
        "the builds were too quick to be killed ({killed} killed): enlarge the corpus"
    );
    assert!(killed_before_swap >= 2, "too few kills before the swap ({killed_before_swap})");
    // A killed build's leftovers stay in polydoc's work folder beside the output, never in the
    // output and never elsewhere; the next build clears them. A foreign file beside survives.
    let beside: Vec<String> = std::fs::read_dir(project)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("polydoc"))
        .collect();
    assert_eq!(beside, [".public.polydoc-cache"], "only the work folder beside the output");
    std::fs::write(project.join("notes.txt"), "foreign").unwrap();
    let res = build(project, "public");
    assert!(res.status.success(), "{}", stderr(&res));
    let after = fingerprint(&project.join("public"));
    assert_eq!(after.len(), before.len());
    assert!(String::from_utf8_lossy(&after[Path::new("en/index.html")]).contains("Neu "));
    assert_eq!(std::fs::read_to_string(project.join("notes.txt")).unwrap(), "foreign");
    assert!(
        !project.join(".public.polydoc-cache/staging").exists(),
        "the next build clears a killed build's staging folder"
    );
    // And the result equals a clean build.
    let res = polydoc(project, &["build", "--out", "clean", "-q", "--no-cache"]);
    assert!(res.status.success());
    assert_same_files(
        &fingerprint(&project.join("clean")),
        &after,
        "rebuild after kills vs clean build",
    );
}

/// The output as it is now, without its marker (which names the generation).
fn pages_of(out: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut pages = fingerprint(out);
    pages.remove(Path::new(".polydoc-output"));
    pages
}

#[test]
fn an_incremental_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    corpus::generate(project, 200, 5).unwrap();
    assert!(build(project, "public").status.success());
    let old = pages_of(&project.join("public"));
    // One message in each operation's German file: every operation page changes (in all three
    // locales, as their keys include every locale's messages), through the incremental path.
    let mut edited = 0;
    for entry in std::fs::read_dir(project.join("locales/de")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() != "ui.ftl" && text.contains("\nprop-priority = ") {
            std::fs::write(
                &path,
                text.replacen("\nprop-priority = ", "\nprop-priority = Neu: ", 1),
            )
            .unwrap();
            edited += 1;
        }
    }
    assert!(edited >= 150, "{edited} message files edited");
    let res = polydoc(project, &["build", "--out", "expected", "-q", "--no-cache"]);
    assert!(res.status.success(), "{}", stderr(&res));
    let new = pages_of(&project.join("expected"));
    assert_ne!(old, new);

    // Kill the incremental build at growing delays (25% more each time, from 20 ms, so it works
    // on a slow or busy machine too) until one completes; after each kill the output must be
    // exactly the old site or exactly the new one.
    let (mut killed_old, mut killed_new, mut completed) = (0, 0, false);
    for delay in std::iter::successors(Some(20.0f64), |d| Some(d * 1.25))
        .map(|d| d as u64)
        .take_while(|d| *d < 120_000)
    {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("polydoc"))
            .current_dir(project)
            .args(["build", "--out", "public", "-q"])
            .spawn()
            .unwrap();
        if let Some(status) = wait_or_kill(&mut child, Duration::from_millis(delay)) {
            assert!(status.success());
            completed = true;
            break;
        }
        let now = pages_of(&project.join("public"));
        if now == old {
            killed_old += 1;
        } else {
            assert_same_files(
                &new,
                &now,
                &format!("after a kill at {delay} ms: neither the old site nor the new one"),
            );
            killed_new += 1;
        }
    }
    eprintln!("{killed_old} kill(s) left the old site, {killed_new} the new one");
    assert!(completed, "the incremental build never completed");
    assert!(
        killed_old >= 3,
        "too few kills landed inside the build ({killed_old} before the swap, {killed_new} after)"
    );
    let res = polydoc(project, &["build", "--out", "public", "--verbose"]);
    assert!(res.status.success());
    assert_same_files(
        &new,
        &pages_of(&project.join("public")),
        "after the kills, the incremental result vs a clean build",
    );
    assert!(
        stderr(&res).contains("(0 rendered"),
        "the completed build left nothing to do: {}",
        stderr(&res)
    );
}

#[test]
fn a_planted_or_damaged_work_folder_is_repaired_and_never_followed() {
    let project = shipped_project();
    let p = project.path();
    assert!(build(p, "public").status.success());
    let work = p.join(".public.polydoc-cache");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("keep.txt"), "outside").unwrap();
    // The spare replaced by a link to a folder outside: removed as a link, never written through.
    std::fs::remove_dir_all(work.join("spare")).unwrap();
    symlink(outside.path(), work.join("spare")).unwrap();
    let de = p.join("locales/de/create-chat.ftl");
    let edit = |n: u32| {
        let text = std::fs::read_to_string(&de).unwrap();
        std::fs::write(&de, text.replacen("\ntitle = ", &format!("\ntitle = {n} "), 1)).unwrap();
    };
    edit(1);
    let res = polydoc(p, &["build", "--out", "public", "--verbose"]);
    assert!(res.status.success(), "{}", stderr(&res));
    assert!(stderr(&res).contains("(3 rendered, 0 unchanged)"), "{}", stderr(&res));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1, "nothing written outside");
    assert_eq!(std::fs::read_to_string(outside.path().join("keep.txt")).unwrap(), "outside");
    // A spare with junk, a missing file, a rewritten file and a link inside: repaired.
    let spare = work.join("spare");
    std::fs::write(spare.join("junk.html"), "junk").unwrap();
    std::fs::remove_file(spare.join("index.html")).unwrap();
    let es = spare.join("es/create-chat/index.html");
    std::fs::remove_file(&es).unwrap();
    std::fs::write(&es, "stale").unwrap();
    std::fs::remove_dir_all(spare.join("assets")).unwrap();
    symlink(outside.path(), spare.join("assets")).unwrap();
    edit(2);
    let res = build(p, "public");
    assert!(res.status.success(), "{}", stderr(&res));
    let res = polydoc(p, &["build", "--out", "clean", "-q", "--no-cache"]);
    assert!(res.status.success());
    assert_same_files(
        &pages_of(&p.join("clean")),
        &pages_of(&p.join("public")),
        "incremental build over a damaged spare vs a clean build",
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1, "nothing written outside");
    // The work folder itself as a link: refused.
    std::fs::rename(&work, p.join("moved-work")).unwrap();
    symlink(p.join("moved-work"), &work).unwrap();
    assert_refused(&build(p, "public"), "must be a folder, not a link");
}

#[test]
fn a_second_build_of_the_same_output_at_the_same_time_is_refused() {
    let project = shipped_project();
    let p = project.path();
    assert!(build(p, "public").status.success());
    let before = fingerprint(&p.join("public"));
    // Hold the lock as a running build would.
    let lock =
        std::fs::File::options().write(true).open(p.join(".public.polydoc-cache/lock")).unwrap();
    lock.try_lock().unwrap();
    std::fs::write(
        p.join("locales/de/create-chat.ftl"),
        std::fs::read_to_string(p.join("locales/de/create-chat.ftl")).unwrap() + "\n",
    )
    .unwrap();
    assert_refused(&build(p, "public"), "another polydoc build is writing");
    assert_same_files(
        &before,
        &fingerprint(&p.join("public")),
        "the refused build changed the site",
    );
    lock.unlock().unwrap();
    assert!(build(p, "public").status.success());
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
    assert!(
        !p.join(".public.polydoc-cache/staging").exists(),
        "a failed build removes its staging folder"
    );
}
