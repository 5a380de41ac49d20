//! The OpenAPI output (`--format openapi`): for each locale, `<locale>/openapi.json`, the
//! API's OpenAPI document with its prose (summaries, descriptions, example summaries) in that
//! locale and every identifier (paths, operationIds, parameter, schema and property names,
//! enum values, media types, status codes) untouched, so Swagger UI, Redoc or Scalar show the
//! API in that language.
//!
//! An imported project keeps the document it came from (`polydoc-openapi.json`, written by
//! `polydoc import openapi` with the JSON pointer of every prose string and the message it
//! became): the output is that document, same OpenAPI version and structure, with each of
//! those strings replaced by the message in the locale ([`overlay`]). A project written by
//! hand gets an OpenAPI 3.1 document made from its specs and schema ([`model`]).
//!
//! Translated text is data, never markup: a `summary` or `title` is the message as plain
//! text; a `description` is the message as safe Markdown (only code spans, emphasis, strong
//! and safe links active; raw HTML, autolinks and every other construct escaped), paragraph
//! by paragraph.

pub mod model;
pub mod overlay;

use super::{OpEntry, OutputFormat, PageAt, Site};
use crate::diag::Warning;
use crate::localize::page::PageModel;
use crate::localize::{Markup, Messages};
use anyhow::Result;

/// The localized OpenAPI document.
pub struct OpenApi;

impl OutputFormat for OpenApi {
    fn name(&self) -> &'static str {
        "openapi"
    }

    fn page_rel(&self, locale: &str, _id: &str) -> String {
        document_rel(locale)
    }

    fn markup(&self) -> Markup {
        Markup::MarkdownEntities
    }

    fn pages(&self) -> bool {
        false
    }

    /// The document an imported project keeps can be broken where the pages are not.
    fn checked(&self, root: &std::path::Path) -> bool {
        std::fs::symlink_metadata(root.join(crate::import::SOURCE_DOCUMENT)).is_ok()
    }

    fn write_page(&self, _: &Site, _: &PageModel, _: PageAt, _: &str) -> Result<()> {
        Ok(())
    }

    fn write_site_files(
        &self,
        site: &Site,
        ops: &[OpEntry],
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<String>> {
        let source = match overlay::Source::read(site.root)? {
            Some(source) => Some(source.with_terms(site, ops)?),
            None => None,
        };
        let model = match &source {
            Some(_) => None,
            None => Some(model::Model::load(site, ops)?),
        };
        for locale in &site.catalog.locales {
            let doc = match (&source, &model) {
                (Some(source), _) => source.localize(site, locale, warnings)?,
                (None, Some(model)) => model.document(site, locale, warnings)?,
                (None, None) => unreachable!("one of the two is loaded"),
            };
            let mut bytes = serde_json::to_vec_pretty(&doc)?;
            bytes.push(b'\n');
            site.put(&document_rel(&locale.code), &bytes)?;
        }
        Ok(Vec::new())
    }
}

/// Where the document of `locale` goes.
pub fn document_rel(locale: &str) -> String {
    format!("{locale}/openapi.json")
}

/// Message `id` as plain text (for `summary` and `title` fields).
fn text(msgs: &Messages, id: &str, args: &[(&str, String)]) -> Result<String> {
    msgs.text(id, args)
}

/// Message `id` as safe Markdown, paragraph by paragraph (for `description` fields).
fn markdown(msgs: &Messages, id: &str, args: &[(&str, String)]) -> Result<String> {
    Ok(safe_blocks(&msgs.markdown(id, args)?))
}

/// Markdown text made safe one paragraph at a time: paragraphs (blank-line separated) keep
/// their breaks, and inside each only the allowed inline Markdown stays active (`<` as `&lt;`).
pub fn safe_blocks(markdown: &str) -> String {
    let normalized = markdown.replace("\r\n", "\n");
    normalized
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Markup::MarkdownEntities.inline(p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Collects a [`Messages`]' warnings (missing translations) into `warnings`.
fn take(msgs: &Messages, warnings: &mut Vec<Warning>) {
    warnings.extend(msgs.take_warnings());
}

#[cfg(test)]
mod tests {
    use super::safe_blocks;

    #[test]
    fn descriptions_keep_paragraphs_and_markdown_and_turn_markup_into_text() {
        let out = safe_blocks(
            "First *one* with `a<b` and [a](javascript:y).\n\n<script>x</script> \\<i>",
        );
        assert_eq!(out, "First *one* with `a<b` and a.\n\n&lt;script>x&lt;/script> \\\\&lt;i>");
        // Parsed back as CommonMark it holds no HTML and no link.
        for e in pulldown_cmark::Parser::new(&out) {
            assert!(!matches!(
                e,
                pulldown_cmark::Event::Html(_)
                    | pulldown_cmark::Event::InlineHtml(_)
                    | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. })
            ));
        }
    }
}
