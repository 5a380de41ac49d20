//! The Markdown outputs in the real MDX compiler. For each class of payload (MDX expressions
//! made by Fluent literals and spec text, `import`/`export` lines, raw HTML blocks, tags with
//! event handlers and comments, `javascript:`/`data:`/`vbscript:` links and autolinks) planted in
//! German and English messages, `build --format markdown` and `--format commonmark` are read as
//! CommonMark (pulldown-cmark: no raw HTML, no unsafe link) and compiled with `@mdx-js/mdx` as
//! Docusaurus 3 compiles `.md` files (format `mdx`, front matter, GFM), run and rendered by
//! `tests/mdx/render.mjs`: nothing may execute or export, no MDX/JSX node, element with an event
//! handler or unsafe link may appear, and the payloads must be visible as text. Front matter
//! must be YAML holding the title as written; the shipped project's outputs compile cleanly.
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

/// One class of payload: where it is planted and what must then be visible as text.
struct Class {
    plant: fn(&Path),
    de: &'static [&'static str],
    en: &'static [&'static str],
}

/// MDX expressions: braces made by Fluent literals in titles, prose, table cells and example
/// headings, and in a spec field.
const EXPRESSIONS: Class = Class {
    plant: |p| {
        let de = p.join("locales/de/create-chat.ftl");
        let pwn = |n: u8| braces(&format!("globalThis.pwned.push({n})"));
        edit(&de, "title = Chat erstellen", &format!("title = Chat {} erstellen", pwn(1)));
        edit(&de, "summary = ", &format!("summary = {} ", pwn(2)));
        edit(&de, "prop-topic = ", &format!("prop-topic = {} ", pwn(3)));
        edit(&de, "example-group = ", &format!("example-group = {} ", pwn(4)));
        let en = p.join("locales/en/create-chat.ftl");
        edit(&en, "summary = Create", &format!("summary = {} Create", pwn(5)));
        let spec = p.join("content/chat/create-chat.yaml");
        edit(
            &spec,
            "namespace: microsoft.graph",
            "namespace: \"microsoft.graph{globalThis.pwned.push(6)}\"",
        );
        // A `|` would split a table cell inside a code span and free the braces after it.
        edit(
            &spec,
            "delegated_work: [Chat.Create,",
            "delegated_work: [\"Chat.{globalThis.pwned.push(7)}|x\", Chat.Create,",
        );
        edit(&spec, "value: \"Bearer {token}\"", "value: \"Bearer |{globalThis.pwned.push(8)}\"");
    },
    de: &[
        "Chat {globalThis.pwned.push(1)} erstellen",
        "{globalThis.pwned.push(2)} Erstellen Sie",
        "{globalThis.pwned.push(3)} Der Titel",
        "{globalThis.pwned.push(4)} Gruppenchat",
        "microsoft.graph{globalThis.pwned.push(6)}",
        // The planted permission is the least privileged one (its own cell); the rest are higher.
        "Chat.{globalThis.pwned.push(7)}|x Chat.Create, Chat.ReadWrite",
        "Bearer |{globalThis.pwned.push(8)}.",
    ],
    en: &["{globalThis.pwned.push(5)} Create a new"],
};

/// ES module statements: messages (or their lines) starting with `import`/`export`.
const ESM: Class = Class {
    plant: |p| {
        let de = p.join("locales/de/create-chat.ftl");
        edit(
            &de,
            "summary = Erstellen Sie",
            "summary = { \"export\" } const x = 1\n    import x from \"y\"\n    Erstellen Sie",
        );
        edit(
            &de,
            "response-summary = ",
            "response-summary = export default function A() { \"{\" } return 1 { \"}\" }\n    ",
        );
        let en = p.join("locales/en/ui.ftl");
        edit(&en, "request-body-intro = ", "request-body-intro = import y from \"z\"\n    ");
    },
    de: &[
        "export const x = 1 import x from \"y\" Erstellen Sie",
        "export default function A() { return 1 }",
    ],
    en: &["import y from \"z\" In the request body"],
};

/// Raw HTML: a block starting a message, inline tags with event handlers (as MDX would accept
/// them as JSX), a comment, an entity.
const HTML: Class = Class {
    plant: |p| {
        let de = p.join("locales/de/create-chat.ftl");
        edit(&de, "summary = Erstellen Sie", "summary = Erstellen Sie <details open ontoggle=\"globalThis.pwned.push(1)\">offen</details> &lt;b&gt;");
        let ui = p.join("locales/de/ui.ftl");
        edit(
            &ui,
            "http-request = ",
            "http-request = <img src=\"x\" onerror=\"globalThis.pwned.push(2)\" /> ",
        );
        edit(
            &ui,
            "request-body-intro = ",
            "request-body-intro = <script>globalThis.pwned.push(3)</script>\n    ",
        );
        let en = p.join("locales/en/create-chat.ftl");
        edit(&en, "summary = Create", "summary = <!-- hidden --> <b onclick=\"x\">bold</b> Create");
    },
    de: &[
        "<details open ontoggle=\"globalThis.pwned.push(1)\">offen</details> <b>",
        "<img src=\"x\" onerror=\"globalThis.pwned.push(2)\" /> HTTP",
        "<script>globalThis.pwned.push(3)</script>",
    ],
    en: &["<!-- hidden --> <b onclick=\"x\">bold</b> Create"],
};

/// Links with schemes that run code or are not allowed; an autolink to one.
const LINKS: Class = Class {
    plant: |p| {
        let de = p.join("locales/de/create-chat.ftl");
        edit(&de, "summary = Erstellen Sie", "summary = [klick](javascript:globalThis.pwned.push(1)) [d](  DaTa:text/html,x) <javascript:alert(1)> Erstellen Sie");
        let en = p.join("locales/en/create-chat.ftl");
        edit(
            &en,
            "summary = Create",
            "summary = [v](vbscript:msgbox(1)) [ok](https://example.com/a) Create",
        );
    },
    de: &["klick d javascript:alert(1) Erstellen Sie"],
    en: &["v ok Create"],
};

/// True for relative targets and http, https, mailto (an independent reading of the rule).
fn safe_target(url: &str) -> bool {
    let u: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>();
    let u = u.to_ascii_lowercase();
    match u.find(':') {
        None => true,
        Some(colon) => {
            u.find(['/', '?', '#']).is_some_and(|p| p < colon)
                || ["http", "https", "mailto"].contains(&&u[..colon])
        }
    }
}

/// How CommonMark (GitHub, Hugo) reads every `.md` under `out`: no raw HTML, no unsafe link.
fn assert_commonmark_inert(out: &Path) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for entry in walkdir::WalkDir::new(out) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for event in Parser::new_ext(&text, Options::all()) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    panic!("{}: raw HTML {h:?}", path.display())
                }
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    assert!(safe_target(&dest_url), "{}: link to {dest_url}", path.display())
                }
                _ => {}
            }
        }
    }
}

/// Plants `class` in the shipped project, builds both Markdown formats, compiles every file
/// in MDX and checks it is inert and shows the payloads.
fn run_class(class: &Class) {
    let Some(runner) = mdx_runner() else { return };
    let project = shipped_project();
    (class.plant)(project.path());
    for format in ["markdown", "commonmark"] {
        let out = build(project.path(), format, format);
        assert_commonmark_inert(&out);
        let rendered = render_all(&runner, &out);
        assert_inert(&rendered);
        for (locale, payloads) in [("de", class.de), ("en", class.en)] {
            let shown =
                page(&rendered, locale).text.split_whitespace().collect::<Vec<_>>().join(" ");
            for payload in payloads {
                assert!(
                    shown.contains(payload),
                    "{format} {locale}: {payload:?} is not shown as text:\n{shown}"
                );
            }
        }
    }
}

#[test]
fn mdx_expressions_from_messages_and_spec_text_do_not_run() {
    run_class(&EXPRESSIONS);
}

#[test]
fn import_and_export_lines_are_not_module_code() {
    run_class(&ESM);
}

#[test]
fn raw_html_blocks_tags_and_comments_are_text() {
    run_class(&HTML);
}

#[test]
fn unsafe_link_schemes_are_not_links() {
    run_class(&LINKS);
}

#[test]
fn front_matter_is_yaml_with_the_title_as_written() {
    let Some(runner) = mdx_runner() else { return };
    let project = shipped_project();
    let de = project.path().join("locales/de/create-chat.ftl");
    let title = "title = Chat: { \"{\" }x{ \"}\" } \"q\" \\ # - [a] \u{2028} erstellen";
    edit(&de, "title = Chat erstellen", title);
    for format in ["markdown", "commonmark"] {
        let rendered = render_all(&runner, &build(project.path(), format, format));
        assert_inert(&rendered);
        let fm = &page(&rendered, "de").frontmatter;
        assert_eq!(fm["title"], "Chat: {x} \"q\" \\ # - [a] \u{2028} erstellen", "{format}");
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
