//! The Markdown outputs in the real MDX compiler. `build --format markdown` and `--format
//! commonmark` of a project whose German and English messages and whose spec carry MDX and
//! HTML payloads (expression braces, `import`/`export` lines, `<img onerror>`, `<details
//! ontoggle>`, `javascript:` links and autolinks, comments, entities) are compiled with
//! `@mdx-js/mdx` as Docusaurus 3 compiles `.md` files (format `mdx`, front matter, GFM), run
//! and rendered by `tests/mdx/render.mjs`: nothing may execute or export, no MDX/JSX node,
//! element with an event handler or unsafe link may appear, and the payloads must be visible as
//! text. The shipped project's outputs must compile cleanly too.
//!
//! Needs Node and the packages of `tests/mdx/` (`scripts/setup-mdx.sh`, `npm ci`). When they are
//! missing the test tries `npm ci` itself; under `CI=true` a missing Node fails the test.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

/// `tests/mdx`, with its packages installed, or `None` (after failing under `CI=true`).
fn mdx_runner() -> Option<PathBuf> {
    let dir = repo_root().join("tests/mdx");
    let installed = || dir.join("node_modules/@mdx-js/mdx/package.json").is_file();
    let has = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    if !installed() && has("npm") {
        let _ = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status();
    }
    if has("node") && installed() {
        return Some(dir);
    }
    let msg = "node or tests/mdx/node_modules is missing (run scripts/setup-mdx.sh)";
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true: {msg}");
    eprintln!("SKIPPED: {msg}");
    None
}

/// One compiled file: its problems, visible text and front matter.
struct Rendered {
    file: String,
    problems: Vec<String>,
    text: String,
    frontmatter: Value,
}

/// Compiles and renders every `.md` file under `out` with `render.mjs`.
fn render_all(runner: &Path, out: &Path) -> Vec<Rendered> {
    let res = Command::new("node")
        .arg(runner.join("render.mjs"))
        .arg(out)
        .current_dir(runner)
        .output()
        .expect("node runs");
    assert!(res.status.success(), "render.mjs failed: {}", String::from_utf8_lossy(&res.stderr));
    let rendered: Vec<Rendered> = String::from_utf8_lossy(&res.stdout)
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("one JSON object per line");
            Rendered {
                file: v["file"].as_str().unwrap().to_string(),
                problems: v["problems"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_string())
                    .collect(),
                text: v["text"].as_str().unwrap().to_string(),
                frontmatter: v["frontmatter"].clone(),
            }
        })
        .collect();
    assert!(!rendered.is_empty(), "no .md file under {}", out.display());
    rendered
}

fn build(project: &Path, out: &str, format: &str) -> PathBuf {
    let res = polydoc(project, &["build", "--out", out, "--format", format]);
    assert!(res.status.success(), "{format}: {}", stderr(&res));
    project.join(out)
}

fn assert_inert(rendered: &[Rendered]) {
    let bad: Vec<String> = rendered
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| format!("{}: {:?}", r.file, r.problems))
        .collect();
    assert!(bad.is_empty(), "live MDX in the output:\n{}", bad.join("\n"));
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A Fluent pattern that formats to `{code}` (braces are Fluent syntax, so they are literals).
fn braces(code: &str) -> String {
    format!("{{ \"{{\" }}{code}{{ \"}}\" }}")
}

/// Plants MDX and HTML payloads in German and English messages and in the spec.
fn plant(project: &Path) {
    let de = project.join("locales/de/create-chat.ftl");
    edit(
        &de,
        "title = Chat erstellen",
        &format!("title = Chat {} erstellen", braces("globalThis.pwned.push(1)")),
    );
    edit(
        &de,
        "summary = Erstellen Sie",
        &format!(
            "summary = {} <img src=x onerror=globalThis.pwned.push(3)>\n    export const x = 1\n    import x from \"y\"\n    Erstellen Sie",
            braces("globalThis.pwned.push(2)")
        ),
    );
    edit(
        &de,
        "note-one-on-one-unique = ",
        "note-one-on-one-unique = Achtung <details ontoggle=globalThis.pwned.push(4)>offen</details> [klick](javascript:globalThis.pwned.push(5)) <javascript:alert(1)> <!-- kommentar --> &lt;b&gt; ",
    );
    edit(
        &de,
        "prop-topic = ",
        &format!("prop-topic = {{ \"export\" }} const z = {} | ", braces("1")),
    );
    edit(
        &de,
        "example-group = ",
        &format!("example-group = {} ", braces("globalThis.pwned.push(6)")),
    );
    let ui = project.join("locales/de/ui.ftl");
    edit(&ui, "request-body-intro = ", "request-body-intro = import y from \"z\"\n    ");
    edit(&ui, "http-request = ", "http-request = <script>globalThis.pwned.push(9)</script> ");
    let en = project.join("locales/en/create-chat.ftl");
    edit(
        &en,
        "summary = Create a new { $chat } object.",
        &format!(
            "summary = Create a new {{ $chat }} object. {} [x](  JaVaScRiPt:alert(1)) [d](data:text/html,x)\n    export default function X() {{ \"{{\" }} return 1 {{ \"}}\" }}",
            braces("globalThis.pwned.push(7)")
        ),
    );
    let spec = project.join("content/chat/create-chat.yaml");
    edit(
        &spec,
        "namespace: microsoft.graph",
        "namespace: \"microsoft.graph{globalThis.pwned.push(8)}<b onclick=x>\"",
    );
}

/// Payloads that must be visible as text on the German page.
const DE_VISIBLE: &[&str] = &[
    "Chat {globalThis.pwned.push(1)} erstellen",
    "{globalThis.pwned.push(2)} <img src=x onerror=globalThis.pwned.push(3)>",
    "export const x = 1",
    "import x from \"y\"",
    "<details ontoggle=globalThis.pwned.push(4)>offen</details>",
    "klick javascript:alert(1) <!-- kommentar --> <b>",
    "export const z = {1} | ",
    "{globalThis.pwned.push(6)}",
    "import y from \"z\"",
    "<script>globalThis.pwned.push(9)</script>",
    "microsoft.graph{globalThis.pwned.push(8)}<b onclick=x>",
];

const EN_VISIBLE: &[&str] = &[
    "{globalThis.pwned.push(7)} x d",
    "export default function X() { return 1 }",
    "microsoft.graph{globalThis.pwned.push(8)}<b onclick=x>",
];

/// The page of the shipped operation in `locale` (`de/create-chat.md`, `de/api/create-chat.md`).
fn page<'a>(rendered: &'a [Rendered], locale: &str) -> &'a Rendered {
    rendered
        .iter()
        .find(|r| {
            let file = r.file.replace('\\', "/");
            file.contains(&format!("/{locale}/")) && file.ends_with("/create-chat.md")
        })
        .unwrap_or_else(|| panic!("no {locale} page among the compiled files"))
}

#[test]
fn hostile_messages_and_spec_text_compile_inert_in_mdx() {
    let Some(runner) = mdx_runner() else { return };
    let project = shipped_project();
    plant(project.path());
    for format in ["markdown", "commonmark"] {
        let out = build(project.path(), format, format);
        let rendered = render_all(&runner, &out);
        assert_inert(&rendered);
        let de = page(&rendered, "de");
        let shown = de.text.split_whitespace().collect::<Vec<_>>().join(" ");
        for payload in DE_VISIBLE {
            assert!(
                shown.contains(payload),
                "{format}: {payload:?} is not shown as text:\n{shown}"
            );
        }
        assert_eq!(
            de.frontmatter["title"], "Chat {globalThis.pwned.push(1)} erstellen",
            "{format}: front matter"
        );
        let en = page(&rendered, "en");
        let shown = en.text.split_whitespace().collect::<Vec<_>>().join(" ");
        for payload in EN_VISIBLE {
            assert!(
                shown.contains(payload),
                "{format}: {payload:?} is not shown as text:\n{shown}"
            );
        }
    }
}

#[test]
fn the_shipped_project_compiles_in_mdx() {
    let Some(runner) = mdx_runner() else { return };
    let project = shipped_project();
    for format in ["markdown", "commonmark"] {
        let out = build(project.path(), format, format);
        let rendered = render_all(&runner, &out);
        assert_inert(&rendered);
        assert!(rendered.iter().all(|r| r.frontmatter.is_object()), "{format}: front matter");
        let de = page(&rendered, "de");
        assert!(de.text.contains("Chat erstellen"), "{format}: {}", de.text);
    }
}
