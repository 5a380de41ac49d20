//! The HTML site (`--format html`, the default): `<locale>/<operation>/index.html` per page,
//! an index page per locale, the root language chooser, `404.html`, the assets, and
//! `sitemap.xml` with a base URL. The only format built incrementally.

use super::{alternates, OpEntry, OutputFormat, PageAt, Site};
use crate::diag::Warning;
use crate::highlight::theme_css;
use crate::localize::page::{ui_messages, Alternate, PageModel};
use crate::localize::Messages;
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

    fn navigation(&self) -> bool {
        true
    }

    fn write_page(&self, site: &Site, page: &PageModel, at: PageAt, rel: &str) -> Result<()> {
        let here = crate::site::Here::Op(at.op);
        let sidebar = site.outline.sidebar(site.ops, here, at.locale).html_with("../", &page.t);
        let home = page.t.get("site_title").cloned().unwrap_or_default();
        let types = page.t.get("types").cloned().unwrap_or_default();
        let crumbs = site.outline.crumbs(here, &home, &types, &page.title);
        let tctx = to_context(&[
            ("locale", &page.locale),
            ("root", &"../../"),
            ("loc", &"../"),
            ("t", &page.t),
            ("alternates", &page.alternates),
            ("sidebar_html", &sidebar),
            ("crumbs", &crumbs),
            ("page", page),
        ])?;
        let html = site.renderer.render("page.html", &tctx)?;
        let html = match site.schema {
            Some(schema) => crate::site::types::link_type_names(&html, schema, "../"),
            None => html,
        };
        let html = crate::site::write::decorate(&html, &page.t);
        site.staging.write(rel, html.as_bytes())
    }

    fn write_site_files(
        &self,
        site: &Site,
        ops: &[OpEntry],
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<String>> {
        let coverage = match site.coverage {
            Some(known) => known.to_vec(),
            None => crate::site::coverage::coverage(site.root, site.catalog),
        };
        let alternates = |code: &str, prefix: &str, path: &str| {
            alternates(site.names, site.base_url, code, prefix, path)
        };
        let put = |rel: &str, bytes: &[u8]| site.put(rel, bytes);
        let schema =
            site.schema.ok_or_else(|| anyhow::anyhow!("the HTML site needs the schema"))?;
        let nav = crate::site::write::SiteCtx {
            catalog: site.catalog,
            renderer: site.renderer,
            ops,
            outline: site.outline,
            schema,
            op_types: ops.iter().map(|o| o.types).collect(),
            coverage: &coverage,
            alternates: &alternates,
            put: &put,
        };
        let (files, raised) = nav.write_all()?;
        warnings.extend(raised);
        write_root(site)?;
        write_not_found(site)?;
        write_sitemap(site, ops)?;
        write_assets(site, site.root)?;
        Ok(files)
    }
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
