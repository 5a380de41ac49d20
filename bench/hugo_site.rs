//! Writes the pages of a polydoc project as a Hugo site, for `bench/compare-hugo.sh`: the same
//! prose (the Fluent messages' Markdown), the same tables and the same code blocks (every
//! snippet tab and response, as fenced blocks Hugo highlights with Chroma), one page per
//! operation and locale, in Hugo's multilingual layout.
//!
//! Run: `cargo run --release --example hugo_site -- PROJECT HUGO_DIR`.

use anyhow::Result;
use polydoc::localize::page::terms;
use polydoc::localize::{Catalog, Messages};
use polydoc::snippet::languages;
use polydoc::spec::load::load_site;
use polydoc::spec::TypeRef;
use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let project = std::path::PathBuf::from(args.next().expect("usage: hugo_site PROJECT HUGO_DIR"));
    let hugo = std::path::PathBuf::from(args.next().expect("usage: hugo_site PROJECT HUGO_DIR"));
    let site = load_site(&project)?;
    let catalog = Catalog::load(&project, None)?;
    write(&hugo, "hugo.toml", &config(&catalog))?;
    write(&hugo, "layouts/_default/baseof.html", BASEOF)?;
    write(&hugo, "layouts/_default/single.html", SINGLE)?;
    write(&hugo, "layouts/_default/list.html", LIST)?;
    for op in &site.operations {
        let schema = &site.schema;
        for locale in &catalog.locales {
            let msgs = Messages::new(&catalog, locale, op.id(), terms(op, schema))?;
            let page = page(op, schema, &msgs)?;
            write(&hugo, &format!("content/{}/{}/{}.md", locale.code, op.section, op.id()), &page)?;
        }
    }
    Ok(())
}

fn write(dir: &Path, rel: &str, text: &str) -> Result<()> {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent"))?;
    std::fs::write(path, text)?;
    Ok(())
}

fn config(catalog: &Catalog) -> String {
    let mut s = String::from(
        "baseURL = \"http://localhost/\"\ndefaultContentLanguage = \"en\"\ndefaultContentLanguageInSubdir = true\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n[markup.highlight]\n  codeFences = true\n  noClasses = false\n  guessSyntax = false\n[languages]\n",
    );
    for (i, l) in catalog.locales.iter().enumerate() {
        let _ = write!(
            s,
            "  [languages.{0}]\n    weight = {1}\n    contentDir = \"content/{0}\"\n",
            l.code,
            i + 1
        );
    }
    s
}

fn md(msgs: &Messages, id: &str) -> Result<String> {
    msgs.markdown(id, &[])
}

fn page(
    op: &polydoc::spec::Operation,
    schema: &polydoc::spec::Schema,
    msgs: &Messages,
) -> Result<String> {
    let spec = &op.spec;
    let mut s = String::new();
    let title = msgs.text("title", &[])?;
    let _ = writeln!(s, "---\ntitle: {}\n---\n", serde_json::to_string(&title)?);
    let _ = writeln!(
        s,
        "{} `{}`\n\n{}\n",
        md(msgs, "namespace-label")?,
        spec.namespace,
        md(msgs, "summary")?
    );
    for note in &spec.notes {
        let _ = writeln!(s, "> {}\n", md(msgs, &format!("note-{note}"))?);
    }
    let _ = writeln!(s, "## {}\n\n{}\n", md(msgs, "permissions")?, md(msgs, "permissions-intro")?);
    let _ = writeln!(
        s,
        "| {} | {} |\n|---|---|",
        md(msgs, "permission-type")?,
        md(msgs, "permission-list")?
    );
    for (kind, perms) in [
        ("permission-delegated-work", &spec.permissions.delegated_work),
        ("permission-delegated-personal", &spec.permissions.delegated_personal),
        ("permission-application", &spec.permissions.application),
    ] {
        let perms = perms.all();
        let list = if perms.is_empty() {
            md(msgs, "not-supported")?
        } else {
            perms.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        };
        let _ = writeln!(s, "| {} | {list} |", md(msgs, kind)?);
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n```http\n{} {}\n```\n",
        md(msgs, "http-request")?,
        spec.method.as_str(),
        spec.path
    );
    let _ = writeln!(
        s,
        "## {}\n\n| {} | {} |\n|---|---|",
        md(msgs, "request-headers")?,
        md(msgs, "header-name")?,
        md(msgs, "header-description")?
    );
    for h in &spec.request_headers {
        let _ = writeln!(s, "| `{}` | `{}`. {} |", h.name, h.value, md(msgs, "required")?);
    }
    if let Some((body, type_name)) = spec.request_body.as_ref().zip(spec.body_type()) {
        let args =
            [("kind", spec.kind().as_str().to_string()), ("body-type", format!("`{type_name}`"))];
        let _ = writeln!(
            s,
            "\n## {}\n\n{}\n\n{}\n",
            md(msgs, "request-body")?,
            msgs.markdown("request-body-intro", &args)?,
            msgs.markdown("request-body-table", &args)?
        );
        let _ = writeln!(
            s,
            "| {} | {} | {} |\n|---|---|---|",
            md(msgs, "property")?,
            md(msgs, "type")?,
            md(msgs, "description")?
        );
        for p in &body.properties {
            let def = schema.property(type_name, &p.name.value).expect("validated");
            let t = TypeRef::parse(&def.type_expr);
            let ty = if t.collection {
                msgs.markdown("type-collection", &[("type", format!("`{}`", t.name))])?
            } else {
                format!("`{}`", t.name)
            };
            let optional =
                if p.optional { format!(" {}", md(msgs, "optional")?) } else { String::new() };
            let _ = writeln!(
                s,
                "| `{}`{optional} | {ty} | {} |",
                p.name.value,
                md(msgs, &format!("prop-{}", p.name.value))?
            );
        }
    }
    let _ = writeln!(
        s,
        "\n## {}\n\n{}\n\n## {}\n",
        md(msgs, "response")?,
        md(msgs, "response-summary")?,
        md(msgs, "examples")?
    );
    let root = spec.body_type().unwrap_or_default().to_string();
    for (i, ex) in op.examples.iter().enumerate() {
        let title = msgs.markdown(&format!("example-{}", ex.id), &[])?;
        let heading =
            msgs.markdown("example-heading", &[("number", (i + 1).to_string()), ("title", title)])?;
        let _ = writeln!(s, "### {heading}\n\n#### {}\n", md(msgs, "request")?);
        for lang in languages() {
            let code =
                lang.generate(&ex.request, schema, &root).map_err(|e| anyhow::anyhow!("{e}"))?;
            let fence = match lang.id() {
                "csharp" => "csharp",
                "java" => "java",
                "python" => "python",
                _ => "http",
            };
            let _ = writeln!(s, "**{}**\n\n```{fence}\n{}```\n", lang.label(), code);
        }
        let _ = writeln!(
            s,
            "#### {}\n\n```http\n{}```\n",
            md(msgs, "response-example")?,
            polydoc::code::http_response_text(ex)
        );
    }
    Ok(s)
}

const BASEOF: &str = "<!DOCTYPE html>\n<html lang=\"{{ .Site.Language.Lang }}\">\n<head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body>\n<nav>{{ range .Translations }}<a href=\"{{ .RelPermalink }}\">{{ .Language.Lang }}</a> {{ end }}</nav>\n{{ block \"main\" . }}{{ end }}\n</body>\n</html>\n";
const SINGLE: &str =
    "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n";
const LIST: &str = "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n";
