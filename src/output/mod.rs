//! Output formats of `build` (`--format`): one type per format, each implementing
//! [`OutputFormat`] (like mdBook's `Renderer`): its name, its file layout, the markup its page
//! model's messages are in, whether it is built incrementally, which project templates it
//! renders, and what it writes per operation page and once per site. `build` and `check`
//! iterate over [`all`] and never match on a format; adding a format is one file here plus
//! one entry in [`all`].

pub mod commonmark;
pub mod html;
pub mod json;
pub mod markdown;
pub mod openapi;

use crate::diag::Warning;
use crate::localize::page::{Alternate, PageModel};
use crate::localize::{Catalog, Markup};
use crate::render::{to_context, Renderer};

use crate::spec::load::{ContentFiles, SourceFile};
use crate::write::Staging;
use anyhow::Result;
use std::path::Path;

/// One output format of `build`.
pub trait OutputFormat: Sync {
    /// The format's name on the command line (`--format NAME`) and in `.polydoc-output`.
    fn name(&self) -> &'static str;

    /// Where the page of operation `id` in `locale` goes, relative to the output folder.
    fn page_rel(&self, locale: &str, id: &str) -> String;

    /// The markup of the page model's message fields (`*_html`, `t`) in this format.
    fn markup(&self) -> Markup {
        Markup::Html
    }

    /// True when builds of this format reuse unchanged pages (the cache and the spare).
    fn incremental(&self) -> bool {
        false
    }

    /// The extension of the project templates only this format renders (`md`), if any.
    fn own_templates(&self) -> Option<&'static str> {
        None
    }

    /// True when `check` must build this format too (besides the HTML site) for the project
    /// at `root`: by default when the project overrides one of the format's own templates, the
    /// only way it can fail where the HTML build passes.
    fn checked(&self, root: &Path) -> bool {
        self.own_templates()
            .is_some_and(|ext| matches!(crate::render::has_own_templates(root, ext), Ok(true)))
    }

    /// True when the format has a page per operation and locale (false: it writes everything
    /// in [`OutputFormat::write_site_files`], and no page is localized or rendered).
    fn pages(&self) -> bool {
        true
    }

    /// True when the format has the site's navigation: sidebar, breadcrumbs, type pages and
    /// linked type names, and marks on untranslated messages.
    fn navigation(&self) -> bool {
        false
    }

    /// Writes the page of one operation in one locale (`rel`: [`OutputFormat::page_rel`]).
    fn write_page(&self, site: &Site, page: &PageModel, at: PageAt, rel: &str) -> Result<()>;

    /// Writes the files besides operation pages (index pages, assets, an index file...) and
    /// returns the navigation pages among them (those whose number grows with the project:
    /// landing, area and type pages); warnings (missing translations of their messages) go to
    /// `warnings`.
    fn write_site_files(
        &self,
        _site: &Site,
        _ops: &[OpEntry],
        _warnings: &mut Vec<Warning>,
    ) -> Result<Vec<String>> {
        Ok(Vec::new())
    }
}

/// Every output format, the default (the HTML site) first.
pub fn all() -> &'static [&'static dyn OutputFormat] {
    &[
        &html::Html,
        &json::Json,
        &markdown::LearnMarkdown,
        &commonmark::CommonMark,
        &openapi::OpenApi,
    ]
}

/// The format named `name` on the command line.
pub fn by_name(name: &str) -> Option<&'static dyn OutputFormat> {
    all().iter().copied().find(|f| f.name() == name)
}

/// The default format: the HTML site.
pub fn default_format() -> &'static dyn OutputFormat {
    all()[0]
}

/// What a format writes with: the project, its messages and templates, and the staging folder.
pub struct Site<'a> {
    /// The project root.
    pub root: &'a Path,
    pub catalog: &'a Catalog,
    /// The spec and schema files of `content/`.
    pub content: &'a ContentFiles,
    /// Every locale's code and own name, in catalog order.
    pub names: &'a [(String, String)],
    pub renderer: &'a Renderer,
    pub staging: &'a Staging,
    /// True in an incremental build: a site file is written only when it changed.
    pub incremental: bool,
    /// The normalized `--base-url`, if any.
    pub base_url: Option<&'a str>,
    /// The areas operations are grouped in (sidebar, area pages).
    pub outline: &'a crate::site::Outline,
    /// Every operation, in site order.
    pub ops: &'a [OpEntry<'a>],
    /// The schema, when the format has navigation (type pages and links) or a page is written.
    pub schema: Option<&'a crate::spec::Schema>,
    /// Each locale's translation coverage when the build computed it (formats with
    /// navigation); computed by the format otherwise.
    pub coverage: Option<&'a [crate::site::coverage::Coverage]>,
}

/// Which page is written: the operation's index in site order and the locale's in the catalog.
#[derive(Clone, Copy, Debug)]
pub struct PageAt {
    pub op: usize,
    pub locale: usize,
}

impl Site<'_> {
    /// Stages `bytes` at `rel`; in an incremental build only when the output differs.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if self.incremental
            && std::fs::read(self.staging.out().join(rel)).is_ok_and(|old| old == bytes)
        {
            return Ok(());
        }
        self.staging.write(rel, bytes)
    }

    /// Renders template `name` for the page `page` and stages it at `rel`.
    pub fn render_page(&self, name: &str, page: &PageModel, rel: &str) -> Result<()> {
        let tctx = to_context(&[
            ("locale", &page.locale),
            ("root", &"../../"),
            ("t", &page.t),
            ("alternates", &page.alternates),
            ("page", page),
        ])?;
        self.staging.write(rel, self.renderer.render(name, &tctx)?.as_bytes())
    }
}

/// One operation of the site, in site order (section, then id).
pub struct OpEntry<'a> {
    pub id: &'a str,
    /// The folder of `content/` it is grouped under.
    pub section: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    /// Its title in every locale, in catalog order.
    pub titles: &'a [String],
    /// Its spec file.
    pub file: &'a SourceFile,
    /// The schema types its body and responses name.
    pub types: &'a [String],
}

impl crate::site::OpInfo for OpEntry<'_> {
    fn id(&self) -> &str {
        self.id
    }
    fn title(&self, locale: usize) -> &str {
        &self.titles[locale]
    }
    fn method(&self) -> &str {
        self.method
    }
    fn api_path(&self) -> &str {
        self.path
    }
}

/// Links to `path` (relative to a locale folder) in every locale, from a page `prefix` deep;
/// absolute URLs too when the build has a base URL. The source locale's link is marked, for
/// the `x-default` alternate.
pub fn alternates(
    names: &[(String, String)],
    base_url: Option<&str>,
    current: &str,
    prefix: &str,
    path: &str,
) -> Vec<Alternate> {
    names
        .iter()
        .enumerate()
        .map(|(i, (code, name))| Alternate {
            locale: code.clone(),
            name: name.clone(),
            href: format!("{prefix}{code}/{path}"),
            url: base_url.map(|base| format!("{base}{code}/{path}")),
            current: code == current,
            // `names` is in catalog order, which starts with the source locale.
            source: i == 0,
        })
        .collect()
}
