//! Markdown in the Microsoft Learn layout (`--format markdown`): `<locale>/api/<operation>.md`
//! with front matter and tab groups, and one include file per SDK snippet at
//! `<locale>/includes/snippets/<lang>/<operation>-<example>.md`; messages in safe Markdown.

use super::{OutputFormat, PageAt, Site};
use crate::localize::page::PageModel;
use crate::localize::Markup;
use crate::render::to_context;
use anyhow::Result;

/// Learn Markdown, to feed an existing docs repository.
pub struct LearnMarkdown;

impl OutputFormat for LearnMarkdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn page_rel(&self, locale: &str, id: &str) -> String {
        format!("{locale}/api/{id}.md")
    }

    fn markup(&self) -> Markup {
        Markup::Markdown
    }

    fn own_templates(&self) -> Option<&'static str> {
        Some("md")
    }

    fn write_page(&self, site: &Site, page: &PageModel, _: PageAt, rel: &str) -> Result<()> {
        site.render_page("markdown/page.md", page, rel)?;
        write_snippet_includes(site, page)
    }
}

/// The Learn layout's include files: one per SDK snippet (HTTP stays in the page), at
/// `<locale>/includes/snippets/<lang>/<operation>-<example>.md`.
fn write_snippet_includes(site: &Site, page: &crate::localize::page::PageModel) -> Result<()> {
    for ex in &page.examples {
        for tab in ex.request_tabs.iter().filter(|t| t.lang != "http") {
            let tctx = to_context(&[("locale", &page.locale), ("page", page), ("tab", tab)])?;
            let rel =
                format!("{}/includes/snippets/{}/{}-{}.md", page.locale, tab.lang, page.id, ex.id);
            site.staging
                .write(&rel, site.renderer.render("markdown/snippet.md", &tctx)?.as_bytes())?;
        }
    }
    Ok(())
}
