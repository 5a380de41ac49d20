//! Output safety: protected output folders (also through symbolic links) are refused, source
//! folders that are symbolic links are refused and links inside them are never followed,
//! a build killed mid-way leaves the previous site byte-identical (a kill after the swap, while
//! the old site is deleted, leaves the complete new one: never a mixture), an incremental build
//! killed at any moment leaves the old site or the new one, never a mixture, and what a killed
//! build leaves in polydoc's work folder neither breaks a later build nor costs anyone a file
//! polydoc did not write. Two builds of one output at once: the second is refused. An `--out`
//! that is a symbolic link is built into its target and stays a link; an `--out` in a source
//! folder, or holding another format, is refused before anything is written; a cleanup failure
//! after the swap is a warning; a build that fills the disk leaves nothing behind; FIFOs and
//! sockets in the output, the lock or the cache are refused without blocking.

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

/// Runs polydoc in `cwd`, killed after 30 s, so a blocking open fails the test instead of
/// hanging it.
fn bounded(cwd: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("polydoc")
        .unwrap()
        .current_dir(cwd)
        .timeout(Duration::from_secs(30))
        .args(args)
        .output()
        .unwrap()
}

/// Every entry below `dir` (folders and links included), for "nothing was written" checks.
fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn a_symlinked_out_is_built_into_its_target_and_stays_a_link() {
    let project = shipped_project();
    let p = project.path();
    let www = tempfile::tempdir().unwrap();
    let site = www.path().join("site");
    std::fs::create_dir(&site).unwrap();
    symlink(&site, p.join("public")).unwrap();
    for run in ["first build", "incremental build", "full build"] {
        let res = match run {
            "full build" => polydoc(p, &["build", "--out", "public", "-q", "--no-cache"]),
            _ => build(p, "public"),
        };
        assert!(res.status.success(), "{run}: {}", stderr(&res));
        let meta = std::fs::symlink_metadata(p.join("public")).unwrap();
        assert!(meta.file_type().is_symlink(), "{run}: the link was replaced by a folder");
        assert_eq!(std::fs::read_link(p.join("public")).unwrap(), site, "{run}");
        assert!(site.join("en/create-chat/index.html").is_file(), "{run}: target left empty");
        assert!(site.join(".polydoc-output").is_file(), "{run}");
        assert!(
            !p.join(".public.polydoc-cache").exists(),
            "{run}: the work folder belongs beside the target, not beside the link"
        );
    }
    // Spelled with a trailing slash or `.`, it is still the link.
    for spelled in ["public/", "./public/.", "public//"] {
        let res = build(p, spelled);
        assert!(res.status.success(), "{spelled}: {}", stderr(&res));
        let meta = std::fs::symlink_metadata(p.join("public")).unwrap();
        assert!(meta.file_type().is_symlink(), "--out {spelled}: the link was replaced");
        assert!(site.join("en/create-chat/index.html").is_file(), "{spelled}");
    }
    // A chain of links is followed to its end.
    symlink(p.join("public"), p.join("chain")).unwrap();
    let res = build(p, "chain");
    assert!(res.status.success(), "{}", stderr(&res));
    assert!(std::fs::symlink_metadata(p.join("chain")).unwrap().file_type().is_symlink());
    // A dangling link, or one to a file, is refused and left as it is.
    symlink(www.path().join("nowhere"), p.join("dangling")).unwrap();
    assert_refused(&build(p, "dangling"), "which does not exist");
    assert!(!www.path().join("nowhere").exists());
    assert!(std::fs::symlink_metadata(p.join("dangling")).unwrap().file_type().is_symlink());
    std::fs::write(www.path().join("file.txt"), "mine").unwrap();
    symlink(www.path().join("file.txt"), p.join("to-file")).unwrap();
    assert_refused(&build(p, "to-file"), "not a folder");
    assert_eq!(std::fs::read_to_string(www.path().join("file.txt")).unwrap(), "mine");
    // The refusals hold for the target: a foreign non-empty folder behind the link.
    let foreign = www.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "keep").unwrap();
    symlink(&foreign, p.join("to-foreign")).unwrap();
    assert_refused(&build(p, "to-foreign"), "was not written by polydoc");
    assert_eq!(entries(&foreign), vec![std::path::PathBuf::from("keep.txt")]);
}

#[test]
fn an_out_in_a_source_folder_is_refused_before_anything_is_written() {
    let project = shipped_project();
    let p = project.path();
    std::fs::create_dir(p.join("content/empty")).unwrap();
    symlink(p.join("content/empty"), p.join("via-link")).unwrap();
    let before = entries(p);
    let abs = p.join("locales/abs").to_string_lossy().into_owned();
    for out in [
        "content",
        "locales",
        "templates",
        "content/site",
        "locales/site",
        "templates/site",
        "locales/de/site",
        "templates/a/b",
        "content/empty",
        "via-link",
        "via-link/new-site",
        "via-link/a/b",
        "./locales/../templates/x",
        &abs,
    ] {
        let res = build(p, out);
        assert_refused(&res, "refusing to write the site");
        assert_eq!(entries(p), before, "--out {out}: something was written");
    }
    // From elsewhere, with --root.
    let elsewhere = tempfile::tempdir().unwrap();
    let root = p.to_string_lossy().into_owned();
    let out = p.join("locales/site").to_string_lossy().into_owned();
    let res = polydoc(elsewhere.path(), &["build", "--root", &root, "--out", &out, "-q"]);
    assert_refused(&res, "source folder locales/");
    assert_eq!(entries(p), before);
    // serve refuses it too, at once, instead of rebuilding on its own writes.
    let res = bounded(p, &["serve", "--out", "locales/site", "--port", "0"]);
    assert_refused(&res, "source folder locales/");
    assert_eq!(entries(p), before);
    // Every later command still works.
    assert!(build(p, "public").status.success());
    assert!(polydoc(p, &["check", "--no-pages"]).status.success());
}

#[test]
fn an_output_of_another_format_is_not_replaced_without_force() {
    let project = shipped_project();
    let p = project.path();
    let formats = ["html", "json", "markdown", "commonmark"];
    for (i, first) in formats.iter().enumerate() {
        let out = format!("out-{first}");
        let res = polydoc(p, &["build", "--out", &out, "--format", first, "-q"]);
        assert!(res.status.success(), "{first}: {}", stderr(&res));
        let marker = std::fs::read_to_string(p.join(&out).join(".polydoc-output")).unwrap();
        assert!(marker.contains(&format!("format: {first}")), "{marker}");
        let kept = fingerprint(&p.join(&out));
        for second in formats.iter().filter(|f| *f != first) {
            let res = polydoc(p, &["build", "--out", &out, "--format", second, "-q"]);
            assert_refused(&res, &format!("holds a `{first}` output"));
            assert!(stderr(&res).contains("--force"), "{}", stderr(&res));
            assert_same_files(&kept, &fingerprint(&p.join(&out)), "a refused build");
        }
        // The same format rebuilds; --force replaces.
        let res = polydoc(p, &["build", "--out", &out, "--format", first, "-q"]);
        assert!(res.status.success(), "{}", stderr(&res));
        let next = formats[(i + 1) % formats.len()];
        let res = polydoc(p, &["build", "--out", &out, "--format", next, "--force", "-q"]);
        assert!(res.status.success(), "{}", stderr(&res));
        let marker = std::fs::read_to_string(p.join(&out).join(".polydoc-output")).unwrap();
        assert!(marker.contains(&format!("format: {next}")), "{marker}");
    }
    // The default case: a Markdown build must not replace the HTML site in public/.
    assert!(polydoc(p, &["build", "-q"]).status.success());
    let site = fingerprint(&p.join("public"));
    assert_refused(&polydoc(p, &["build", "--format", "markdown", "-q"]), "`html`");
    assert_same_files(&site, &fingerprint(&p.join("public")), "the HTML site");
}

/// Rewrites a German message, so that a build has something new to put in place.
fn touch_message(p: &Path, marker: &str) {
    let path = p.join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n# {marker}\n")).unwrap();
}

#[test]
fn a_cleanup_failure_after_the_swap_is_a_warning_not_a_failed_build() {
    let project = shipped_project();
    let p = project.path();
    assert!(build(p, "public").status.success());
    // The cache manifest cannot be replaced (a folder in its place): the manifest is written
    // after the new site is swapped in.
    let manifest = p.join(".public.polydoc-cache/manifest.bin");
    std::fs::remove_file(&manifest).unwrap();
    std::fs::create_dir(&manifest).unwrap();
    std::fs::write(manifest.join("x"), "x").unwrap();
    std::fs::write(
        p.join("locales/de/ui.ftl"),
        std::fs::read_to_string(p.join("locales/de/ui.ftl")).unwrap() + "\nnew-ui = Neu\n",
    )
    .unwrap();
    let res = build(p, "public");
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(0), "the new site is in place: {err}");
    assert!(err.contains("warning: the new site is in place"), "{err}");
    assert!(err.contains("manifest"), "{err}");
    // The previous site cannot be removed after the swap (a mount point inside it).
    std::fs::create_dir(p.join("public/en/mnt")).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(p.join("public/en/mnt"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(mounted || std::env::var("CI").as_deref() != Ok("true"), "mount needs root");
    if mounted {
        touch_message(p, "mount");
        let res = polydoc(p, &["build", "--out", "public", "-q", "--no-cache"]);
        let err = stderr(&res);
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(p.join(".public.polydoc-cache/staging/en/mnt"))
            .status();
        assert_eq!(res.status.code(), Some(0), "the new site is in place: {err}");
        assert!(err.contains("the previous site was not removed"), "{err}");
        assert!(!p.join("public/en/mnt").exists(), "the new site is in place");
        assert!(build(p, "public").status.success(), "the next build clears the leftover");
    }
    // Serve says the same: the new site is up, not "the last good site".
    touch_message(p, "serve");
    let server = support::start_server(p);
    let lines = server.log.lock().unwrap().clone();
    assert!(lines.iter().any(|l| l.contains("warning: the new site is in place")), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("last good site")), "{lines:?}");
}

/// A tmpfs of `kib` KiB, unmounted when dropped (polydoc's tests run as root in CI).
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(kib: u64) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "this test needs `mount -t tmpfs` (run as root)"
            );
            eprintln!("skipped: cannot mount a tmpfs (not root?)");
            return None;
        }
        Some(Tmpfs(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// KiB in use.
    fn used(&self) -> u64 {
        let s = rustix::fs::statvfs(self.path()).unwrap();
        (s.f_blocks - s.f_bfree) * s.f_frsize / 1024
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.0.path()).status();
    }
}

#[test]
fn a_build_that_fills_the_disk_leaves_nothing_of_its_own_behind() {
    let project = shipped_project();
    let p = project.path();
    // How much one site takes on a tmpfs.
    let Some(probe) = Tmpfs::mount(16 * 1024) else { return };
    let site = probe.path().join("site").to_string_lossy().into_owned();
    assert!(build(p, &site).status.success());
    let one_site = probe.used();
    drop(probe);
    // A first build on a disk too small for the site: nothing stays, not even the work folder.
    let small = Tmpfs::mount(one_site / 2).unwrap();
    let site = small.path().join("site").to_string_lossy().into_owned();
    let res = build(p, &site);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(stderr(&res).contains("No space left on device"), "{}", stderr(&res));
    assert_eq!(entries(small.path()), Vec::<std::path::PathBuf>::new());
    drop(small);
    // Room for one site but not two: a full rebuild fails half-way, and the disk is exactly
    // as full as before (the pages it wrote are gone), the site byte-identical.
    let room = Tmpfs::mount(one_site * 3 / 2).unwrap();
    let site = room.path().join("site").to_string_lossy().into_owned();
    let res = build(p, &site);
    assert!(res.status.success(), "{}", stderr(&res));
    let (used, before, listing) = (room.used(), fingerprint(room.path()), entries(room.path()));
    std::fs::write(
        p.join("locales/en/ui.ftl"),
        std::fs::read_to_string(p.join("locales/en/ui.ftl")).unwrap() + "\nnew-ui = New\n",
    )
    .unwrap();
    let res = build(p, &site);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(stderr(&res).contains("No space left on device"), "{}", stderr(&res));
    assert_eq!(room.used(), used, "KiB in use after the failed build");
    assert_same_files(&before, &fingerprint(room.path()), "the disk after the failed build");
    assert_eq!(entries(room.path()), listing);
}

#[test]
fn special_files_in_the_output_the_lock_and_the_cache_are_refused_without_blocking() {
    use std::os::unix::net::UnixListener;
    let mkfifo = |path: &Path| {
        let _ = std::fs::remove_file(path);
        rustix::fs::mknodat(
            rustix::fs::CWD,
            path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
    };
    let project = shipped_project();
    let p = project.path();
    assert!(build(p, "public").status.success());
    let work = p.join(".public.polydoc-cache");
    // A FIFO or socket where polydoc would open or scan a file: a clear error naming it.
    let planted: [(&str, bool); 4] = [
        (".public.polydoc-cache/lock", true),
        (".public.polydoc-cache/manifest.bin", true),
        ("public/en/pipe", true),
        ("public/en/socket", false),
    ];
    for (rel, fifo) in planted {
        let path = p.join(rel);
        let saved = std::fs::read(&path).ok();
        let _listener;
        if fifo {
            mkfifo(&path);
        } else {
            _listener = UnixListener::bind(&path).unwrap();
        }
        touch_message(p, rel);
        let site = fingerprint(&p.join("public"));
        let start = Instant::now();
        let res = bounded(p, &["build", "--out", "public", "-q"]);
        assert!(start.elapsed() < Duration::from_secs(20), "{rel}: blocked");
        assert_refused(&res, rel.rsplit('/').next().unwrap());
        let kind = if fifo { "a FIFO" } else { "a socket" };
        assert!(stderr(&res).contains(kind), "{rel}: {}", stderr(&res));
        assert_same_files(&site, &fingerprint(&p.join("public")), rel);
        std::fs::remove_file(&path).unwrap();
        if let Some(bytes) = saved {
            std::fs::write(&path, bytes).unwrap();
        }
    }
    // The marker of the output: not polydoc's then, so the folder is not replaced.
    mkfifo(&p.join("public/.polydoc-output"));
    assert_refused(&bounded(p, &["build", "--out", "public", "-q"]), "was not written by polydoc");
    std::fs::remove_file(p.join("public/.polydoc-output")).unwrap();
    std::fs::remove_dir_all(p.join("public")).unwrap();
    std::fs::remove_dir_all(&work).unwrap();
    assert!(build(p, "public").status.success());
    // A FIFO where polydoc writes a temporary file is replaced, never opened.
    mkfifo(&work.join("manifest.bin.tmp"));
    touch_message(p, "tmp");
    let res = bounded(p, &["build", "--out", "public", "-q"]);
    assert!(res.status.success(), "{}", stderr(&res));
    assert!(!work.join("manifest.bin.tmp").exists());
    // A FIFO in the spare (polydoc's scratch copy) is removed by the next build.
    mkfifo(&work.join("spare/pipe"));
    touch_message(p, "spare");
    let res = bounded(p, &["build", "--out", "public", "-q"]);
    assert!(res.status.success(), "{}", stderr(&res));
    assert!(!work.join("spare/pipe").exists() && !p.join("public/pipe").exists());
    // A FIFO where a killed build's staging folder would be is cleared like one.
    mkfifo(&work.join("staging"));
    touch_message(p, "staging");
    let res = bounded(p, &["build", "--out", "public", "-q", "--no-cache"]);
    assert!(res.status.success(), "{}", stderr(&res));
    assert!(!work.join("staging").exists());
}
