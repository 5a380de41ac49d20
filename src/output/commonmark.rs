//! Plain CommonMark with YAML front matter (`--format commonmark`): `<locale>/<operation>.md`
//! for Docusaurus or Hugo; messages in safe Markdown.

use super::{OutputFormat, PageAt, Site};
use crate::localize::page::PageModel;
use crate::localize::Markup;
use anyhow::Result;

/// Plain CommonMark pages.
pub struct CommonMark;

impl OutputFormat for CommonMark {
    fn name(&self) -> &'static str {
        "commonmark"
    }

    fn page_rel(&self, locale: &str, id: &str) -> String {
        format!("{locale}/{id}.md")
    }

    fn markup(&self) -> Markup {
        Markup::Markdown
    }

    fn own_templates(&self) -> Option<&'static str> {
        Some("md")
    }

    fn write_page(&self, site: &Site, page: &PageModel, _: PageAt, rel: &str) -> Result<()> {
        site.render_page("commonmark/page.md", page, rel)
    }
}
