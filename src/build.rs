//! The `build` command: runs the stages in order and hands owned data from one to the next:
//! load -> validate -> snippets (once for all locales) -> localize -> render -> write.

use crate::code::{site_code, ExampleCode};
use crate::diag::Warning;
use crate::highlight::{theme_css, Highlighter};
use crate::localize::page::{localize_page, ui_messages, Alternate};
use crate::localize::{Catalog, Locale, Messages};
use crate::render::{to_context, Renderer, BASE_CSS};
use crate::spec::{load::load_site, Site};
use crate::write::{check_output_dir, Staging};
use anyhow::{bail, Result};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What to build and how strictly.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Project root (holds `content/`, `locales/`, optional `templates/`).
    pub root: PathBuf,
    /// Output folder, replaced as a whole on success.
    pub out: PathBuf,
    /// Locales to build; all under `locales/` when `None`.
    pub locales: Option<Vec<String>>,
    /// Treat warnings (missing translations) as errors.
    pub strict: bool,
}

/// What a successful build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Operation pages written (all locales).
    pub pages: usize,
    /// Locales built.
    pub locales: Vec<String>,
    /// Warnings, deduplicated, in the order raised.
    pub warnings: Vec<Warning>,
}

/// One operation in a locale's index page.
#[derive(Serialize)]
struct IndexEntry {
    title: String,
    href: String,
    method: String,
    path: String,
}

/// A folder of `content/` as a group on the index page.
#[derive(Serialize)]
struct IndexSection {
    name: String,
    operations: Vec<IndexEntry>,
}

/// Builds the site; nothing in the output changes unless every page rendered.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    check_output_dir(&opts.root, &opts.out)?;
    let site = load_site(&opts.root)?;
    crate::validate::validate(&site)?;
    let catalog = Catalog::load(&opts.root, opts.locales.as_deref())?;
    let highlighter = Highlighter::new();
    let code = site_code(&site, &highlighter)?;
    let renderer = Renderer::new(&opts.root)?;
    let staging = Staging::new(&opts.out)?;
    let mut report = BuildReport { locales: catalog.locales.iter().map(|l| l.code.clone()).collect(), ..Default::default() };
    let mut warnings = Vec::new();
    for locale in &catalog.locales {
        report.pages += write_locale(&site, &catalog, locale, &code, &renderer, &staging, &mut warnings)?;
    }
    write_root(&catalog, &renderer, &staging)?;
    write_assets(&opts.root, &staging)?;
    report.warnings = dedup(warnings);
    if opts.strict && !report.warnings.is_empty() {
        let list: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
        bail!("--strict: {} warning(s) are errors:\n{}", list.len(), list.join("\n"));
    }
    staging.commit()?;
    Ok(report)
}

fn dedup(warnings: Vec<Warning>) -> Vec<Warning> {
    let mut seen = BTreeSet::new();
    warnings.into_iter().filter(|w| seen.insert(w.0.clone())).collect()
}

fn write_locale(
    site: &Site,
    catalog: &Catalog,
    locale: &Locale,
    code: &[Vec<ExampleCode>],
    renderer: &Renderer,
    staging: &Staging,
    warnings: &mut Vec<Warning>,
) -> Result<usize> {
    let mut sections: Vec<IndexSection> = Vec::new();
    for (op, op_code) in site.operations.iter().zip(code) {
        let localized = localize_page(catalog, locale, op, &site.schema, op_code)?;
        warnings.extend(localized.warnings);
        let page = &localized.page;
        let ctx = to_context(&[
            ("locale", &page.locale),
            ("root", &"../../"),
            ("t", &page.t),
            ("alternates", &page.alternates),
            ("page", page),
        ])?;
        let html = renderer.render("page.html", &ctx)?;
        staging.write(&format!("{}/{}/index.html", locale.code, op.id()), html.as_bytes())?;
        let entry = IndexEntry { title: page.title.clone(), href: format!("{}/", op.id()), method: op.spec.method.clone(), path: op.spec.path.clone() };
        match sections.last_mut() {
            Some(s) if s.name == op.section => s.operations.push(entry),
            _ => sections.push(IndexSection { name: op.section.clone(), operations: vec![entry] }),
        }
    }
    let msgs = Messages::new(catalog, locale, "", vec![]);
    let t = ui_messages(catalog, &msgs, false)?;
    warnings.extend(msgs.take_warnings());
    let alternates = locale_alternates(catalog, locale, "../")?;
    let ctx = to_context(&[("locale", &locale.code), ("root", &"../"), ("t", &t), ("alternates", &alternates), ("sections", &sections)])?;
    staging.write(&format!("{}/index.html", locale.code), renderer.render("index.html", &ctx)?.as_bytes())?;
    Ok(site.operations.len())
}

/// Links to every locale's index, relative to a page `prefix` deep.
fn locale_alternates(catalog: &Catalog, current: &Locale, prefix: &str) -> Result<Vec<Alternate>> {
    catalog
        .locales
        .iter()
        .map(|l| {
            let name = Messages::new(catalog, l, "", vec![]).text("locale-name", &[])?;
            Ok(Alternate { locale: l.code.clone(), name, href: format!("{prefix}{}/", l.code), current: l.code == current.code })
        })
        .collect()
}

fn write_root(catalog: &Catalog, renderer: &Renderer, staging: &Staging) -> Result<()> {
    let source = catalog.source();
    let msgs = Messages::new(catalog, source, "", vec![]);
    let t = ui_messages(catalog, &msgs, false)?;
    let alternates = locale_alternates(catalog, source, "")?;
    let ctx = to_context(&[("locale", &source.code), ("root", &""), ("t", &t), ("alternates", &alternates)])?;
    staging.write("index.html", renderer.render("root.html", &ctx)?.as_bytes())
}

fn write_assets(root: &std::path::Path, staging: &Staging) -> Result<()> {
    let custom = root.join("templates/assets/polydoc.css");
    let base = if custom.is_file() { crate::spec::load::read_text(&custom, std::path::Path::new("templates/assets/polydoc.css"))? } else { BASE_CSS.to_string() };
    let css = format!("{base}\n/* syntax highlighting */\n{}", theme_css()?);
    staging.write("assets/polydoc.css", css.as_bytes())
}

