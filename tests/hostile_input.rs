//! Hostile input: unsafe ids, file names and locale codes are rejected before anything is
//! written; resource attacks (YAML alias bombs, deep nesting in YAML, JSON and FTL, huge
//! files, very long lines, very many messages) and odd encodings (non-UTF-8, BOM, CRLF) are
//! handled or refused with a clear message, each within a wall-time bound and under an
//! address-space limit (`prlimit --as`), by `build` and by `check`, never with a panic.

mod support;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};
use support::*;

/// Address-space limit for every run of the binary (virtual memory, so generous: rayon and
/// the regex engines reserve more than they touch).
const AS_LIMIT: u64 = 2_000_000_000;
/// Wall-time bound for one run on a hostile input: a hang detector, not a speed target (those
/// live in `bench/hostile-limits.sh`). The slowest case, `check` of 50,000 messages, took up to
/// 26 s here while other builds shared the 2 cores, so the bound leaves room for a busy machine
/// while still failing any run that does not end.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn prlimit() -> &'static str {
    for p in ["/usr/bin/prlimit", "/bin/prlimit"] {
        if Path::new(p).exists() {
            return p;
        }
    }
    panic!("prlimit (util-linux) is required by this test: apt-get install util-linux");
}

/// Runs polydoc in `cwd` under the memory limit; returns its output and wall time.
fn limited(cwd: &Path, args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    // Killed after twice the time bound, so a hang fails the test instead of stalling it.
    let out = assert_cmd::Command::new(prlimit())
        .timeout(TIME_LIMIT * 2)
        .arg(format!("--as={AS_LIMIT}"))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin("polydoc"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (out, start.elapsed())
}

/// Runs `build` and `check` on `project`; each must end within the bounds with exit code
/// `build_exit` (build) and 0..=2 (check), without a panic, and stderr must contain `needle`.
fn must_handle(project: &Path, what: &str, build_exit: i32, needle: &str) -> Output {
    let good = project.join("public");
    let before = fingerprint(&good);
    let (out, took) = limited(project, &["build", "--out", "public", "-q"]);
    let err = stderr(&out);
    assert!(took < TIME_LIMIT, "{what}: build took {took:?}");
    assert_eq!(
        out.status.code(),
        Some(build_exit),
        "{what}: build exit code; stderr:\n{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains(needle),
        "{what}: stderr lacks {needle:?}:\n{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        !err.contains("panicked")
            && !err.contains("internal error")
            && !err.contains("memory allocation"),
        "{what}: {err}"
    );
    assert!(err.len() < 20_000, "{what}: {} bytes of stderr", err.len());
    if build_exit != 0 {
        assert_same_files(&before, &fingerprint(&good), &format!("{what}: previous output"));
    }
    let (check, took) = limited(project, &["check", "--no-pages", "--format", "json"]);
    let cerr = stderr(&check);
    assert!(took < TIME_LIMIT, "{what}: check took {took:?}");
    assert!(
        matches!(check.status.code(), Some(0..=2)),
        "{what}: check exit {:?}: {}",
        check.status,
        &cerr[..cerr.len().min(2000)]
    );
    assert!(
        !cerr.contains("panicked") && !cerr.contains("internal error"),
        "{what}: check: {cerr}"
    );
    out
}

/// A shipped project with a good build in `public/`.
fn built_project() -> tempfile::TempDir {
    let project = shipped_project();
    let res = polydoc(project.path(), &["build", "--out", "public", "-q"]);
    assert!(res.status.success(), "{}", stderr(&res));
    project
}

fn spec(p: &Path) -> std::path::PathBuf {
    p.join("content/chat/create-chat.yaml")
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn unsafe_operation_example_and_note_ids_are_rejected_before_anything_is_written() {
    for bad in [
        "../evil",
        "..",
        "a/b",
        "a\\\\b",
        "/etc/passwd",
        "C:\\\\x",
        "a\\u0000b",
        "a\\nb",
        "a\\u0001b",
        "UPPER",
        "-lead",
        "é",
    ] {
        for (field, from) in [
            ("id", "id: create-chat"),
            ("example id", "  - id: one-on-one\n"),
            ("note", "notes: [one-on-one-unique]"),
        ] {
            let project = built_project();
            let p = project.path();
            let to = match field {
                "id" => format!("id: \"{bad}\""),
                "example id" => format!("  - id: \"{bad}\"\n"),
                _ => format!("notes: [\"{bad}\"]"),
            };
            replace(&spec(p), from, &to);
            must_handle(p, &format!("{field} {bad:?}"), 1, "lower-case letters, digits and `-`");
            let written: Vec<_> = std::fs::read_dir(p)
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            assert!(
                !written.iter().any(|n| n.contains("evil") || n.contains("passwd")),
                "{written:?}"
            );
        }
    }
}

#[test]
fn unsafe_locale_codes_are_rejected() {
    let project = built_project();
    let p = project.path();
    for bad in ["../en", "/tmp", "de/../../x", "de\\x", "de\u{1}", "", "d e"] {
        let (out, _) = limited(p, &["build", "--out", "public", "--locales", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("invalid locale code"), "{bad:?}: {}", stderr(&out));
    }
    // A folder under locales/ whose name is no locale code.
    for bad in ["de..x", "de\u{1}x", "x y", "<b>"] {
        let project = built_project();
        let p = project.path();
        copy_dir(&p.join("locales/de"), &p.join("locales").join(bad));
        must_handle(p, &format!("locale folder {bad:?}"), 1, "invalid locale code");
    }
}

#[test]
fn odd_content_folder_and_file_names_never_reach_an_output_path() {
    let project = built_project();
    let p = project.path();
    let odd = "<script>alert(1)<\\script> \u{1}\u{7f}..";
    std::fs::create_dir_all(p.join("content").join(odd)).unwrap();
    std::fs::rename(spec(p), p.join("content").join(odd).join("..create\u{2}chat <x>.yaml"))
        .unwrap();
    must_handle(
        p,
        "control characters in content names",
        1,
        "must be UTF-8 without control characters",
    );
    // Without the control characters, the odd names build and stay text (ending in a letter:
    // a name ending in a dot or a space is refused, Windows drops those).
    let odd = "<script>alert(1)<\\script> ..x";
    std::fs::rename(
        p.join("content").join("<script>alert(1)<\\script> \u{1}\u{7f}.."),
        p.join("content").join(odd),
    )
    .unwrap();
    std::fs::rename(
        p.join("content").join(odd).join("..create\u{2}chat <x>.yaml"),
        p.join("content").join(odd).join("..create chat <x>.yaml"),
    )
    .unwrap();
    must_handle(p, "odd content names", 0, "");
    for (path, bytes) in fingerprint(&p.join("public")) {
        let shown = path.to_string_lossy();
        assert!(
            shown.chars().all(|c| c.is_ascii_alphanumeric() || "-./_".contains(c)),
            "unsafe output path {shown:?}"
        );
        // The search index's records are gzipped: the check reads what they hold; its
        // WebAssembly is binary code, not text.
        if shown.ends_with(".pagefind") {
            continue;
        }
        let bytes = if shown.contains(".pf_") {
            let mut plain = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain)
                .unwrap();
            plain
        } else {
            bytes
        };
        // Index chunks and metadata are CBOR, where a 0x01 byte is a number; page records
        // (`.pf_fragment`) are JSON text like the pages.
        let binary = shown.contains(".pf_") && !shown.ends_with(".pf_fragment");
        let text = String::from_utf8_lossy(&bytes);
        // A page record holds the page's visible text as JSON strings: the area's name is
        // shown there as the text it is (the search script inserts it as text, never as
        // markup), so it must parse as JSON rather than be free of the name.
        let record = shown.ends_with(".pf_fragment");
        if record {
            // pagefind writes a signature before the JSON.
            let json = &bytes[bytes.iter().position(|&b| b == b'{').unwrap_or(0)..];
            serde_json::from_slice::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{shown}: a page record is not JSON: {e}"));
        }
        assert!(
            (record || !text.contains("<script>alert")) && (binary || !text.contains('\u{1}')),
            "{shown}: raw folder name in output"
        );
    }
    let index = std::fs::read_to_string(p.join("public/en/index.html")).unwrap();
    assert!(index.contains("&lt;script&gt;alert(1)"), "the section name is shown, escaped");
}

#[test]
fn yaml_alias_bombs_and_deep_nesting_are_refused_quickly() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..12 {
        let prev = (b'a' + i - 1) as char;
        let cur = (b'a' + i) as char;
        bomb.push_str(&format!("{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let cases = [
        ("alias bomb in a spec", "content/chat/create-chat.yaml", format!("{bomb}id: x\n")),
        ("alias bomb in the schema", "content/schema/microsoft.graph.yaml", bomb.clone()),
        (
            "deep flow nesting",
            "content/chat/create-chat.yaml",
            format!("id: {}{}\n", "[".repeat(200_000), "]".repeat(200_000)),
        ),
        (
            "deep block nesting",
            "content/chat/create-chat.yaml",
            (0..5000).map(|i| format!("{}k:\n", " ".repeat(i))).collect(),
        ),
        (
            "deep flow maps",
            "content/schema/microsoft.graph.yaml",
            format!("types: {}{}\n", "{a: ".repeat(100_000), "}".repeat(100_000)),
        ),
    ];
    for (what, file, text) in cases {
        let project = built_project();
        let p = project.path();
        std::fs::write(p.join(file), text).unwrap();
        must_handle(p, what, 1, "invalid spec");
    }
}

#[test]
fn huge_files_long_lines_and_deep_json_are_bounded() {
    // Over the 64 MiB limit: refused before reading.
    for (what, file) in [
        ("huge spec", "content/chat/huge.yaml"),
        ("huge ftl", "locales/de/create-chat.ftl"),
        ("huge template", "templates/partials/code.html"),
    ] {
        let project = built_project();
        let p = project.path();
        let f = std::fs::File::create(p.join(file)).unwrap();
        f.set_len(65 * 1024 * 1024).unwrap();
        must_handle(p, what, 1, "polydoc reads files of at most");
    }
    // A 4 MB line: handled (it is just a long header value).
    let project = built_project();
    let p = project.path();
    let long = "A".repeat(4_000_000);
    replace(&spec(p), "value: \"Bearer {token}\"", &format!("value: \"Bearer {long}\""));
    must_handle(p, "a 4 MB line", 0, "");
    // JSON nested 100,000 deep inside a YAML block scalar: a located error, no stack overflow.
    let project = built_project();
    let p = project.path();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    replace(
        &spec(p),
        "      body: |\n        {\n          \"chatType\": \"oneOnOne\",",
        &format!(
            "      body: |\n        {deep}\n        {{\n          \"chatType\": \"oneOnOne\","
        ),
    );
    must_handle(p, "deep JSON", 1, "invalid JSON in example body");
}

#[test]
fn deeply_nested_ftl_and_huge_message_counts_are_bounded() {
    let cases = [
        ("deep placeables", format!("title = {}x{}\n", "{ ".repeat(50_000), " }".repeat(50_000))),
        ("deep selects", {
            let mut s = String::from("title = ");
            for _ in 0..20_000 {
                s.push_str("{ $n ->\n *[a] ");
            }
            for _ in 0..20_000 {
                s.push_str("\n }");
            }
            s.push('\n');
            s
        }),
        ("unclosed placeables", format!("title = {}\n", "{".repeat(1_000_000))),
        (
            "deep call arguments",
            format!("title = {}x{}\n", "{ NUMBER(".repeat(30_000), ") }".repeat(30_000)),
        ),
    ];
    for (what, text) in cases {
        let project = built_project();
        let p = project.path();
        std::fs::write(p.join("locales/de/create-chat.ftl"), &text).unwrap();
        let out = must_handle(p, what, 1, "locales/de/create-chat.ftl");
        assert!(!stderr(&out).contains("overflow"), "{what}");
    }
    // 50,000 messages (each obsolete, so `check` reports every one): handled.
    let project = built_project();
    let p = project.path();
    let mut ftl = std::fs::read_to_string(p.join("locales/de/create-chat.ftl")).unwrap();
    for i in 0..50_000 {
        ftl.push_str(&format!("extra-{i} = Nachricht {{ $topic }} Nummer {i}\n"));
    }
    std::fs::write(p.join("locales/de/create-chat.ftl"), ftl).unwrap();
    must_handle(p, "50,000 messages", 0, "");
}

#[test]
fn encodings_non_utf8_bom_and_crlf() {
    // Non-UTF-8 bytes in YAML, FTL and a template: a located error.
    for (what, file) in [
        ("yaml", "content/chat/create-chat.yaml"),
        ("ftl", "locales/de/create-chat.ftl"),
        ("template", "templates/partials/code.html"),
    ] {
        let project = built_project();
        let p = project.path();
        let mut bytes = std::fs::read(p.join(file)).unwrap();
        bytes.splice(20..20, [0xff, 0xfe, 0xc3]);
        std::fs::write(p.join(file), bytes).unwrap();
        must_handle(p, &format!("non-UTF-8 {what}"), 1, "not valid UTF-8");
    }
    // A BOM and CRLF line endings in every YAML and FTL file: the same site as without.
    let reference = built_project();
    let project = shipped_project();
    let p = project.path();
    for entry in walkdir::WalkDir::new(p) {
        let entry = entry.unwrap();
        let ext = entry.path().extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
        if entry.file_type().is_file() && (ext == "yaml" || ext == "ftl") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(entry.path(), format!("\u{feff}{}", text.replace('\n', "\r\n")))
                .unwrap();
        }
    }
    must_handle(p, "BOM and CRLF in YAML and FTL", 0, "");
    // Every page is identical; only the marker differs (its generation hashes the input bytes).
    let without_marker = |dir: &Path| {
        let mut f = fingerprint(dir);
        f.remove(Path::new(".polydoc-output"));
        f
    };
    assert_same_files(
        &without_marker(&reference.path().join("public")),
        &without_marker(&p.join("public")),
        "BOM+CRLF vs LF build",
    );
    // Templates with a BOM and CRLF: built; no BOM inside the page.
    for entry in walkdir::WalkDir::new(p.join("templates")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(entry.path(), format!("\u{feff}{}", text.replace('\n', "\r\n")))
                .unwrap();
        }
    }
    must_handle(p, "BOM and CRLF in templates", 0, "");
    let page = std::fs::read_to_string(p.join("public/en/create-chat/index.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{:?}", &page[..20]);
}

/// Runs `check` in `project`; returns its exit code and stdout and stderr together.
fn check_output(project: &Path) -> (Option<i32>, String) {
    let (out, took) = limited(project, &["check", "--no-pages", "--format", "json"]);
    assert!(took < TIME_LIMIT, "check took {took:?}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    (out.status.code(), text)
}

/// Plants `files` (paths relative to the project, each with a copy of `from` or a small text)
/// in a built project; build must fail naming `needle`, check too, the site stays.
fn names_refused(files: &[&str], needle: &str) {
    let project = built_project();
    let p = project.path();
    for rel in files {
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if rel.starts_with("locales/") && !rel.ends_with(".ftl") && !rel.contains('.') {
            copy_dir(&p.join("locales/de"), &path);
        } else {
            std::fs::write(&path, "# planted\n").unwrap();
        }
    }
    let what = format!("{files:?}");
    let out = must_handle(p, &what, 1, needle);
    assert!(stderr(&out).contains("rename it") || stderr(&out).contains("keep one"), "{what}");
    let (code, text) = check_output(p);
    assert_eq!(code, Some(1), "{what}: check exit: {text}");
    assert!(text.contains("\"portable-name\""), "{what}: {text}");
    assert!(text.contains(needle), "{what}: check does not name {needle:?}: {text}");
}

#[test]
fn windows_reserved_names_and_trailing_dots_in_sources_are_errors_naming_the_file() {
    for (file, needle) in [
        ("content/aux/readme.txt", "content/aux"),
        ("content/chat/con.yaml", "content/chat/con.yaml"),
        ("content/chat/Nul.txt", "content/chat/Nul.txt"),
        ("content/chat/COM1.notes.md", "content/chat/COM1.notes.md"),
        ("content/chat/lpt9", "content/chat/lpt9"),
        ("content/chat/prn .txt", "content/chat/prn .txt"),
        ("content/chat/ends-with-dot.", "content/chat/ends-with-dot."),
        ("content/chat/ends-with-space ", "content/chat/ends-with-space "),
        ("content/trailing./x.yaml", "content/trailing."),
        ("locales/con", "locales/con"),
        ("locales/de/aux.ftl", "locales/de/aux.ftl"),
        ("locales/de/CoM3.ftl", "locales/de/CoM3.ftl"),
        ("locales/de/ui.ftl.", "locales/de/ui.ftl."),
        ("locales/es/nul", "locales/es/nul"),
    ] {
        names_refused(&[file], needle);
    }
}

#[test]
fn names_that_differ_only_in_case_or_unicode_normalization_are_errors() {
    let nfc = "caf\u{e9}";
    let nfd = "cafe\u{301}";
    for (files, needle) in [
        (vec!["locales/DE"], "locales/DE"),
        (vec!["locales/pt-BR", "locales/pt-br"], "locales/pt-br"),
        (vec!["locales/de/UI.ftl"], "locales/de/UI.ftl"),
        (vec!["content/chat/readme.txt", "content/chat/README.txt"], "content/chat/readme.txt"),
        (vec!["content/Chat/x.txt"], "content/Chat"),
    ] {
        names_refused(&files, needle);
    }
    // NFC and NFD twins: one name on macOS, two elsewhere.
    for dir in ["content", "locales/de"] {
        let a = format!("{dir}/{nfc}.ftl");
        let b = format!("{dir}/{nfd}.ftl");
        names_refused(&[&a, &b], "Unicode normalization");
    }
    let a = format!("content/{nfc}/a.txt");
    let b = format!("content/{nfd}/a.txt");
    names_refused(&[&a, &b], "Unicode normalization");
    // One NFD name alone, or names that only look alike, are fine.
    let project = built_project();
    let p = project.path();
    std::fs::write(p.join("content").join(format!("{nfd}.txt")), "x").unwrap();
    std::fs::write(p.join("content/cafe.txt"), "x").unwrap();
    must_handle(p, "one NFD name", 0, "");
}

#[test]
fn ids_reserved_on_windows_are_errors_at_their_line_in_build_and_check() {
    for (from, to, line) in [
        ("id: create-chat", "id: con", 4),
        ("id: create-chat", "id: aux", 4),
        ("id: create-chat", "id: lpt1", 4),
        ("id: create-chat", "id: com9", 4),
        ("  - id: one-on-one\n", "  - id: nul\n", 0),
        ("notes: [one-on-one-unique]", "notes: [prn]", 0),
    ] {
        let project = built_project();
        let p = project.path();
        let text = std::fs::read_to_string(spec(p)).unwrap();
        let line =
            if line == 0 { text[..text.find(from).unwrap() + 1].lines().count() } else { line };
        replace(&spec(p), from, to);
        let needle = format!("content/chat/create-chat.yaml:{line}:");
        let out = must_handle(p, to, 1, "reserved on Windows");
        assert!(stderr(&out).contains(&needle), "{to}: {}", stderr(&out));
        let (code, report) = check_output(p);
        assert_eq!(code, Some(1), "{to}: {report}");
        let json: serde_json::Value =
            serde_json::from_str(&report[..report.rfind('}').unwrap() + 1])
                .unwrap_or_else(|e| panic!("{to}: {e}: {report}"));
        let found =
            json["findings"].as_array().unwrap().iter().any(|f| {
                f["rule"] == "portable-name" && f["line"] == line && f["severity"] == "error"
            });
        assert!(found, "{to}: no portable-name error at line {line}: {report}");
    }
}

#[test]
fn special_files_in_sources_are_refused_naming_the_file_without_blocking() {
    for (rel, fifo) in [
        ("content/chat/pipe.yaml", true),
        ("content/chat/pipe.txt", true),
        ("content/socket", false),
        ("locales/de/pipe.ftl", true),
        ("locales/de/create-chat.ftl", true),
        ("locales/de/polydoc-allow.yaml", true),
        ("locales/polydoc.lock", true),
        ("locales/pipe", true),
    ] {
        let project = built_project();
        let p = project.path();
        let path = p.join(rel);
        let _ = std::fs::remove_file(&path);
        let _listener;
        if fifo {
            rustix::fs::mknodat(
                rustix::fs::CWD,
                &path,
                rustix::fs::FileType::Fifo,
                rustix::fs::Mode::from_raw_mode(0o644),
                0,
            )
            .unwrap();
        } else {
            _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        }
        let kind = if fifo { "it is a FIFO" } else { "it is a socket" };
        let out = must_handle(p, rel, 1, rel);
        assert!(stderr(&out).contains(kind), "{rel}: {}", stderr(&out));
        let (code, text) = check_output(p);
        // A finding (exit 1) at the file, as for any input the build refuses, not exit 2.
        assert_eq!(code, Some(1), "{rel}: check exit: {text}");
        let at = format!("\"rule\": \"invalid-input\",\n      \"severity\": \"error\",\n      \"file\": \"{rel}\",\n      \"line\": 1,");
        assert!(text.contains(&at) && text.contains(kind), "{rel}: {text}");
    }
    // Templates: the build refuses them too.
    for rel in ["templates/page.html", "templates/assets/polydoc.css", "templates/x/pipe"] {
        let project = built_project();
        let p = project.path();
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        let out = must_handle(p, rel, 1, rel);
        assert!(stderr(&out).contains("it is a FIFO"), "{rel}: {}", stderr(&out));
    }
}

/// Runs `check --format json` (pages built on the fly unless `extra` says otherwise) under the
/// bounds; returns its exit code, report (`None` when it stopped without one) and stderr.
fn check_json(
    project: &Path,
    extra: &[&str],
    what: &str,
) -> (i32, Option<serde_json::Value>, String) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let (out, took) = limited(project, &args);
    let err = stderr(&out);
    assert!(took < TIME_LIMIT, "{what}: check took {took:?}");
    assert!(!err.contains("panicked") && !err.contains("memory allocation"), "{what}: {err}");
    let code = out.status.code().unwrap_or(-1);
    (code, serde_json::from_slice(&out.stdout).ok(), err)
}

/// The `rule file:line` of every error finding of a check report.
fn errors(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            format!("{} {}:{}", f["rule"].as_str().unwrap(), f["file"].as_str().unwrap(), f["line"])
        })
        .collect()
}

/// `build` fails within the bounds with `needle` at `located` (`file:line:col`), the previous
/// output untouched; `check` (pages built on the fly, and without pages) reports a
/// `resource-limit` (or, with pages, `pages-not-built`) error at the same place, or stops
/// with the build's error.
fn refused_by_build_and_check(project: &Path, what: &str, needle: &str, located: &str) {
    let out = must_handle(project, what, 1, needle);
    assert!(stderr(&out).contains(&format!("--> {located}")), "{what}: {}", stderr(&out));
    let (file, line) = {
        let mut parts = located.rsplitn(3, ':').skip(1);
        let line = parts.next().unwrap().to_string();
        (parts.next().unwrap().to_string(), line)
    };
    for extra in [&[][..], &["--no-pages"][..]] {
        let (code, report, err) = check_json(project, extra, what);
        // A finding (exit 1), never "could not run" (exit 2): check and build agree.
        assert_eq!(code, 1, "{what}: check {extra:?}: {err}");
        let errors = errors(&report.unwrap_or_else(|| panic!("{what}: no report: {err}")));
        let at = format!(" {file}:{line}");
        let limit = ["resource-limit", "invalid-input"]
            .iter()
            .any(|rule| errors.contains(&format!("{rule}{at}")));
        let build = extra.is_empty() && errors.contains(&format!("pages-not-built{at}"));
        assert!(limit || build, "{what}: check {extra:?}: no limit error at {at}: {errors:?}");
    }
}

#[test]
fn an_operation_with_too_many_examples_is_refused_by_build_and_check() {
    // 20,000 small examples (under the 1 MiB of bodies): before the limit, minutes of
    // snippets and a page past 32 MiB; check compared every pair of examples.
    let project = built_project();
    let p = project.path();
    let text = std::fs::read_to_string(spec(p)).unwrap();
    let at = text.find("\nexamples:\n").unwrap() + "\nexamples:\n".len();
    let line = text[..at].lines().count() + 1;
    let example = |n: usize| {
        format!("  - id: e{n}\n    request:\n      method: POST\n      url: https://graph.microsoft.com/v1.0/chats\n      body: '{{}}'\n    response:\n      status: 201 Created\n")
    };
    let examples: String = (0..20_000).map(example).collect();
    let first_past = line + 1_000 * 7;
    std::fs::write(spec(p), format!("{}{examples}", &text[..at])).unwrap();
    refused_by_build_and_check(
        p,
        "20,000 examples",
        "polydoc accepts at most 1000 per operation",
        &format!("content/chat/create-chat.yaml:{first_past}:9"),
    );
}

#[test]
fn huge_example_bodies_are_refused_quickly() {
    // Members prepended to the first example's list: the JSON stays valid.
    let from = "          \"members\": [\n";
    let body = |bytes: usize| {
        let item = "          {\"@odata.type\": \"#microsoft.graph.aadUserConversationMember\", \"roles\": [\"owner\"]},\n";
        format!("{from}{}", item.repeat(bytes / item.len()))
    };
    // 40 MB: minutes and gigabytes of snippets and highlighting before the limit.
    let project = built_project();
    let p = project.path();
    replace(&spec(p), from, &body(40_000_000));
    refused_by_build_and_check(
        p,
        "40 MB example body",
        "polydoc accepts bodies of at most 256 KiB",
        "content/chat/create-chat.yaml:33:9",
    );
    // Bodies under the limit that add up to more than an operation's page may hold.
    let project = built_project();
    let p = project.path();
    let spec_text = std::fs::read_to_string(spec(p)).unwrap();
    let n = spec_text.matches("      body: |\n        {\n").count();
    assert!(n >= 5, "{n} bodies");
    let padded = spec_text.replace(
        "      body: |\n        {\n",
        &format!("      body: |\n        {{\n          \"pad\": \"{}\",\n", "p".repeat(250_000)),
    );
    std::fs::write(spec(p), padded).unwrap();
    must_handle(p, "bodies adding up", 1, "add up to more than 1 MiB");
    // A body just under the limit is legitimate: built.
    let project = built_project();
    let p = project.path();
    replace(&spec(p), from, &body(200_000));
    must_handle(p, "200 KB example body", 0, "");
}

#[test]
fn a_million_messages_are_refused_by_build_and_check() {
    let project = built_project();
    let p = project.path();
    let file = p.join("locales/de/create-chat.ftl");
    let mut ftl = std::fs::read_to_string(&file).unwrap();
    let before = ftl.lines().count();
    for i in 0..1_000_000 {
        ftl.push_str(&format!("extra-{i} = Nachricht {{ $topic }} Nr {i}\n"));
    }
    std::fs::write(&file, ftl).unwrap();
    // The entry past the limit: the file's own entries (non-blank, non-comment lines here)
    // come first.
    let own = std::fs::read_to_string(repo_root().join("locales/de/create-chat.ftl"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .count();
    let line = before + 100_000 - own + 1;
    refused_by_build_and_check(
        p,
        "a million messages",
        "more than 100000 messages and terms in one file",
        &format!("locales/de/create-chat.ftl:{line}:1"),
    );
}

#[test]
fn a_huge_message_is_refused_by_build_and_check() {
    for (what, from, to) in [
        ("10 MB summary", "summary = ", format!("summary = {}", "Wort ".repeat(2_000_000))),
        (
            "10 MB multi-line message",
            "summary = ",
            format!("summary =\n{}    ", "    Zeile mit Text\n".repeat(500_000)),
        ),
    ] {
        let project = built_project();
        let p = project.path();
        replace(&p.join("locales/de/create-chat.ftl"), from, &to);
        refused_by_build_and_check(
            p,
            what,
            "polydoc accepts messages of at most 64 KiB",
            "locales/de/create-chat.ftl:6:1",
        );
    }
}

#[test]
fn more_than_100_placeables_fail_build_and_check_alike() {
    // `{ $chat }` as in English, so only the count is wrong.
    let many =
        |n: usize| (1..n).map(|i| format!(" w{i} {{ \"x\" }}")).collect::<String>() + " { $chat }";
    for (what, ftl) in [
        ("101 placeables", format!("summary ={}\n", many(101))),
        (
            "60 placeables and a reference to 50 more",
            format!("summary ={} {{ extra-part }}\nextra-part ={}\n", many(60), many(50)),
        ),
        (
            "a select variant with 101 placeables",
            format!("summary = {{ $chat ->\n    [x] kurz\n   *[other]{}\n}}\n", many(101)),
        ),
    ] {
        let project = built_project();
        let p = project.path();
        let file = p.join("locales/de/create-chat.ftl");
        let text = std::fs::read_to_string(&file).unwrap();
        let old = text.lines().find(|l| l.starts_with("summary = ")).unwrap();
        std::fs::write(&file, text.replacen(&format!("{old}\n"), &ftl, 1)).unwrap();
        refused_by_build_and_check(p, what, "placeables", "locales/de/create-chat.ftl:6:1");
    }
    // Exactly 100 (and a select whose variants have 100 between them): built and checked
    // without a limit error.
    for ftl in [
        format!("summary ={}\n", many(100)),
        format!("summary = {{ $chat ->\n    [x]{}\n   *[other]{}\n}}\n", many(60), many(60)),
    ] {
        let project = built_project();
        let p = project.path();
        let file = p.join("locales/de/create-chat.ftl");
        let text = std::fs::read_to_string(&file).unwrap();
        let old = text.lines().find(|l| l.starts_with("summary = ")).unwrap();
        std::fs::write(&file, text.replacen(&format!("{old}\n"), &ftl, 1)).unwrap();
        must_handle(p, "100 placeables", 0, "");
        let (_, report, _) = check_json(p, &[], "100 placeables");
        let errors = errors(&report.unwrap());
        assert!(
            !errors
                .iter()
                .any(|e| e.starts_with("resource-limit") || e.starts_with("pages-not-built")),
            "{errors:?}"
        );
    }
}

#[test]
fn runaway_templates_are_stopped_in_bounded_time_and_memory() {
    let nested = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}x{% endfor %}{% endfor %}{% endfor %}";
    let silent =
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
    let endless = format!(
        "{{% for i in range(end=100000) %}}{{% for j in range(end=100000) %}}{}{{% endfor %}}{{% endfor %}}",
        "<p>all work and no play makes Jack a dull boy</p>".repeat(2)
    );
    // Past the cooperative checks: a silent loop over the page's data (the watchdog ends
    // it), text captured or doubled without passing the page writer (the allocator does).
    let t = "{% for a in t %}";
    let data = format!("{}{}", t.repeat(6), "{% endfor %}".repeat(6));
    let captured = format!(
        "{{% set x %}}{}{}{}{{% endset %}}",
        t.repeat(5),
        "x".repeat(50),
        "{% endfor %}".repeat(5)
    );
    let doubled = "{% set_global s = \"xx\" %}{% for a in t %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}";
    for (what, template, loop_text, needle) in [
        ("three nested ranges", "page.html", nested, "nested loops over ranges"),
        ("nested ranges writing nothing", "page.html", silent, "nested loops over ranges"),
        ("a loop writing without end", "page.html", endless.as_str(), "the page grew past 32 MiB"),
        ("nested ranges in the index", "index.html", nested, "nested loops over ranges"),
        ("six silent loops over data", "page.html", data.as_str(), "it ran for more than 5 s"),
        ("a captured loop", "page.html", captured.as_str(), "it allocated more than 256 MiB"),
        ("a doubled string", "index.html", doubled, "it allocated more than 256 MiB"),
    ] {
        let project = built_project();
        let p = project.path();
        let file = p.join("templates").join(template);
        let text = std::fs::read_to_string(&file).unwrap();
        let line = text[..text.find("{% block content %}").unwrap()].lines().count() + 2;
        replace(&file, "{% block content %}\n", &format!("{{% block content %}}\n{loop_text}\n"));
        let out = must_handle(p, what, 1, needle);
        let err = stderr(&out);
        assert!(err.contains(&format!("--> templates/{template}:{line}:")), "{what}: {err}");
        assert!(err.contains(&loop_text[..20]), "{what}: the loop is quoted: {err}");
        // check builds the pages in its own process: the same error, as a finding or (ended
        // by the backstop) on stderr.
        let (code, report, cerr) = check_json(p, &[], what);
        assert_eq!(code, 1, "{what}: check");
        let at = format!("templates/{template}:{line}");
        match report {
            Some(report) => assert!(
                errors(&report).contains(&format!("pages-not-built {at}")),
                "{what}: {report}"
            ),
            None => assert!(cerr.contains(needle) && cerr.contains(&at), "{what}: {cerr}"),
        }
    }
}
