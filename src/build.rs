//! The `build` command: runs the stages in order and hands owned data from one to the next:
//! load -> validate -> snippets (once for all locales) -> localize -> render -> write.

use crate::code::operation_code;
use crate::diag::Warning;
use crate::highlight::{theme_css, Highlighter};
use crate::localize::page::{localize_page, ui_messages, Alternate};
use crate::localize::{Catalog, Locale, Messages};
use crate::render::{to_context, Renderer, BASE_CSS};
use crate::spec::{load::load_site, Operation, Site};
use rayon::prelude::*;
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
    /// Wall time per stage, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Records how long each stage took.
struct Stopwatch {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Stopwatch {
    fn new() -> Self {
        Stopwatch { last: std::time::Instant::now(), laps: Vec::new() }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// One operation in a locale's index page.
#[derive(Serialize, Clone)]
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
    let mut clock = Stopwatch::new();
    check_output_dir(&opts.root, &opts.out)?;
    let site = load_site(&opts.root)?;
    clock.lap("load specs");
    crate::validate::validate(&site)?;
    clock.lap("validate");
    let catalog = Catalog::load(&opts.root, opts.locales.as_deref())?;
    let names = locale_names(&catalog)?;
    clock.lap("load messages");
    let highlighter = Highlighter::new();
    let renderer = Renderer::new(&opts.root)?;
    let staging = Staging::new(&opts.out)?;
    clock.lap("load templates and grammars");
    let ctx = Shared { site: &site, catalog: &catalog, names: &names, highlighter: &highlighter, renderer: &renderer, staging: &staging };
    // Operations in parallel; each operation's code is made once and shared by its locales,
    // and every page goes to disk as soon as it is rendered.
    let per_op: Vec<OperationOutput> = site.operations.par_iter().map(|op| write_operation(&ctx, op)).collect::<Result<_>>()?;
    clock.lap("snippets, localize, render, write pages");
    let mut warnings: Vec<Warning> = per_op.iter().flat_map(|o| o.warnings.iter().cloned()).collect();
    for (i, locale) in catalog.locales.iter().enumerate() {
        let entries = per_op.iter().map(|o| &o.index_entries[i]);
        write_locale_index(&ctx, locale, &site, entries, &mut warnings)?;
    }
    write_root(&ctx)?;
    write_assets(&opts.root, &staging)?;
    clock.lap("index pages and assets");
    let mut report = BuildReport {
        pages: site.operations.len() * catalog.locales.len(),
        locales: catalog.locales.iter().map(|l| l.code.clone()).collect(),
        warnings: dedup(warnings),
        timings: Vec::new(),
    };
    if opts.strict && !report.warnings.is_empty() {
        let list: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
        bail!("--strict: {} warning(s) are errors:\n{}", list.len(), list.join("\n"));
    }
    staging.commit()?;
    clock.lap("swap output");
    report.timings = clock.laps;
    Ok(report)
}

/// What every worker reads; loaded once per build.
struct Shared<'a> {
    site: &'a Site,
    catalog: &'a Catalog,
    names: &'a [(String, String)],
    highlighter: &'a Highlighter,
    renderer: &'a Renderer,
    staging: &'a Staging,
}

/// What one operation's pages leave for the index pages and the log.
struct OperationOutput {
    /// One entry per locale, in catalog order.
    index_entries: Vec<IndexEntry>,
    warnings: Vec<Warning>,
}

fn dedup(warnings: Vec<Warning>) -> Vec<Warning> {
    let mut seen = BTreeSet::new();
    warnings.into_iter().filter(|w| seen.insert(w.0.clone())).collect()
}

/// Every locale's own name (message `locale-name`), in catalog order.
fn locale_names(catalog: &Catalog) -> Result<Vec<(String, String)>> {
    catalog
        .locales
        .iter()
        .map(|l| Ok((l.code.clone(), Messages::new(catalog, l, "", vec![]).text("locale-name", &[])?)))
        .collect()
}

/// Links to `path` (relative to a locale folder) in every locale, from a page `prefix` deep.
fn alternates(names: &[(String, String)], current: &str, prefix: &str, path: &str) -> Vec<Alternate> {
    names
        .iter()
        .map(|(code, name)| Alternate { locale: code.clone(), name: name.clone(), href: format!("{prefix}{code}/{path}"), current: code == current })
        .collect()
}

/// Renders and writes one operation's page in every locale.
fn write_operation(ctx: &Shared, op: &Operation) -> Result<OperationOutput> {
    let code = operation_code(op, ctx.highlighter)?;
    let mut out = OperationOutput { index_entries: Vec::new(), warnings: Vec::new() };
    for locale in &ctx.catalog.locales {
        let alternates = alternates(ctx.names, &locale.code, "../../", &format!("{}/", op.id()));
        let localized = localize_page(ctx.catalog, locale, op, &ctx.site.schema, &code, alternates)?;
        out.warnings.extend(localized.warnings);
        let page = &localized.page;
        let tctx = to_context(&[
            ("locale", &page.locale),
            ("root", &"../../"),
            ("t", &page.t),
            ("alternates", &page.alternates),
            ("page", page),
        ])?;
        let html = ctx.renderer.render("page.html", &tctx)?;
        ctx.staging.write(&format!("{}/{}/index.html", locale.code, op.id()), html.as_bytes())?;
        out.index_entries.push(IndexEntry {
            title: page.title.clone(),
            href: format!("{}/", op.id()),
            method: op.spec.method.clone(),
            path: op.spec.path.clone(),
        });
    }
    Ok(out)
}

fn write_locale_index<'e>(
    ctx: &Shared,
    locale: &Locale,
    site: &Site,
    entries: impl Iterator<Item = &'e IndexEntry>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let mut sections: Vec<IndexSection> = Vec::new();
    for (op, entry) in site.operations.iter().zip(entries) {
        match sections.last_mut() {
            Some(s) if s.name == op.section => s.operations.push(entry.clone()),
            _ => sections.push(IndexSection { name: op.section.clone(), operations: vec![entry.clone()] }),
        }
    }
    let msgs = Messages::new(ctx.catalog, locale, "", vec![]);
    let t = ui_messages(ctx.catalog, &msgs, false)?;
    warnings.extend(msgs.take_warnings());
    let alternates = alternates(ctx.names, &locale.code, "../", "");
    let tctx = to_context(&[("locale", &locale.code), ("root", &"../"), ("t", &t), ("alternates", &alternates), ("sections", &sections)])?;
    ctx.staging.write(&format!("{}/index.html", locale.code), ctx.renderer.render("index.html", &tctx)?.as_bytes())
}

fn write_root(ctx: &Shared) -> Result<()> {
    let source = ctx.catalog.source();
    let msgs = Messages::new(ctx.catalog, source, "", vec![]);
    let t = ui_messages(ctx.catalog, &msgs, false)?;
    let alternates = alternates(ctx.names, &source.code, "", "");
    let tctx = to_context(&[("locale", &source.code), ("root", &""), ("t", &t), ("alternates", &alternates)])?;
    ctx.staging.write("index.html", ctx.renderer.render("root.html", &tctx)?.as_bytes())
}

fn write_assets(root: &std::path::Path, staging: &Staging) -> Result<()> {
    let custom = root.join("templates/assets/polydoc.css");
    let base = if custom.is_file() { crate::spec::load::read_text(&custom, std::path::Path::new("templates/assets/polydoc.css"))? } else { BASE_CSS.to_string() };
    let css = format!("{base}\n/* syntax highlighting */\n{}", theme_css()?);
    staging.write("assets/polydoc.css", css.as_bytes())
}
