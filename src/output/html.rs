//! The HTML site (`--format html`, the default): `<locale>/<operation>/index.html` per page,
//! an index page per locale, the root language chooser, `404.html`, the assets, and
//! `sitemap.xml` with a base URL. The only format built incrementally.

use super::{alternates, OpEntry, OutputFormat, Site};
use crate::diag::Warning;
use crate::highlight::theme_css;
use crate::localize::page::{ui_messages, Alternate, PageModel};
use crate::localize::{Locale, Messages};
use crate::render::{to_context, BASE_CSS, BASE_JS};
use anyhow::Result;
use serde::Serialize;

/// The static HTML site.
pub struct Html;

impl OutputFormat for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn page_rel(&self, locale: &str, id: &str) -> String {
        format!("{locale}/{id}/index.html")
    }

    fn incremental(&self) -> bool {
        true
    }

    fn write_page(&self, site: &Site, page: &PageModel, rel: &str) -> Result<()> {
        site.render_page("page.html", page, rel)
    }

    fn write_site_files(
        &self,
        site: &Site,
        ops: &[OpEntry],
        warnings: &mut Vec<Warning>,
    ) -> Result<()> {
        for (i, locale) in site.catalog.locales.iter().enumerate() {
            write_locale_index(site, locale, ops, i, warnings)?;
        }
        write_root(site)?;
        write_not_found(site)?;
        write_sitemap(site, ops)?;
        write_assets(site, site.root)
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

fn write_locale_index(
    site: &Site,
    locale: &Locale,
    ops: &[OpEntry],
    li: usize,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let mut sections: Vec<IndexSection> = Vec::new();
    for op in ops {
        let entry = IndexEntry {
            title: op.titles[li].clone(),
            href: format!("{}/", op.id),
            method: op.method.to_string(),
            path: op.path.to_string(),
        };
        match sections.last_mut() {
            Some(s) if s.name == op.section => s.operations.push(entry),
            _ => sections
                .push(IndexSection { name: op.section.to_string(), operations: vec![entry] }),
        }
    }
    let msgs = Messages::new(site.catalog, locale, "", vec![])?;
    let t = ui_messages(site.catalog, &msgs, false)?;
    warnings.extend(msgs.take_warnings());
    let alternates = alternates(site.names, site.base_url, &locale.code, "../", "");
    let tctx = to_context(&[
        ("locale", &locale.code),
        ("root", &"../"),
        ("t", &t),
        ("alternates", &alternates),
        ("sections", &sections),
    ])?;
    site.put(
        &format!("{}/index.html", locale.code),
        site.renderer.render("index.html", &tctx)?.as_bytes(),
    )
}

fn write_root(site: &Site) -> Result<()> {
    let source = site.catalog.source();
    let msgs = Messages::new(site.catalog, source, "", vec![])?;
    let t = ui_messages(site.catalog, &msgs, false)?;
    let alternates = alternates(site.names, site.base_url, &source.code, "", "");
    let tctx = to_context(&[
        ("locale", &source.code),
        ("root", &""),
        ("t", &t),
        ("alternates", &alternates),
        ("base_url", &site.base_url),
    ])?;
    site.put("index.html", site.renderer.render("root.html", &tctx)?.as_bytes())
}

/// `404.html` at the site root, in the source locale, linking to each locale's index. A server
/// shows it at any path, so its links start at the base URL, or at the server root (`/`) when
/// the build has none.
fn write_not_found(site: &Site) -> Result<()> {
    let source = site.catalog.source();
    let msgs = Messages::new(site.catalog, source, "", vec![])?;
    let t = ui_messages(site.catalog, &msgs, false)?;
    let root = site.base_url.unwrap_or("/");
    let alternates = alternates(site.names, site.base_url, &source.code, root, "");
    let tctx = to_context(&[
        ("locale", &source.code),
        ("root", &root),
        ("t", &t),
        ("alternates", &alternates),
    ])?;
    site.put("404.html", site.renderer.render("404.html", &tctx)?.as_bytes())
}

/// One `<url>` of the sitemap: a page and the same page in every locale.
#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    alternates: Vec<Alternate>,
}

/// `sitemap.xml` with every locale's index and operation pages and their alternates
/// (`xhtml:link`); written only when the build has a base URL, as a sitemap needs absolute URLs.
fn write_sitemap(site: &Site, ops: &[OpEntry]) -> Result<()> {
    let Some(base) = site.base_url else { return Ok(()) };
    let paths: Vec<String> =
        std::iter::once(String::new()).chain(ops.iter().map(|o| format!("{}/", o.id))).collect();
    let mut entries = Vec::new();
    for path in &paths {
        for (code, _) in site.names {
            entries.push(SitemapEntry {
                loc: format!("{base}{code}/{path}"),
                alternates: alternates(site.names, Some(base), code, "", path),
            });
        }
    }
    let tctx = to_context(&[("entries", &entries)])?;
    site.put("sitemap.xml", site.renderer.render("sitemap.xml", &tctx)?.as_bytes())
}

fn write_assets(site: &Site, root: &std::path::Path) -> Result<()> {
    let custom = root.join("templates/assets/polydoc.css");
    let base = if custom.is_file() {
        crate::fsafe::read_text(&custom, std::path::Path::new("templates/assets/polydoc.css"))?
    } else {
        BASE_CSS.to_string()
    };
    let css = format!("{base}\n/* syntax highlighting */\n{}", theme_css()?);
    site.put("assets/polydoc.css", css.as_bytes())?;
    let custom_js = root.join("templates/assets/polydoc.js");
    let js = if custom_js.is_file() {
        crate::fsafe::read_text(&custom_js, std::path::Path::new("templates/assets/polydoc.js"))?
    } else {
        BASE_JS.to_string()
    };
    site.put("assets/polydoc.js", js.as_bytes())
}
