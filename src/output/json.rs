//! Page JSON (`--format json`): each page's localized model as `<locale>/<operation>.json`
//! (versioned: docs/page-json.md) plus `index.json`; messages in HTML, as on the site.

use super::{OpEntry, OutputFormat, PageAt, Site};
use crate::diag::Warning;
use crate::localize::page::PageModel;
use anyhow::Result;
use serde::Serialize;

/// The page model as JSON.
pub struct Json;

impl OutputFormat for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn page_rel(&self, locale: &str, id: &str) -> String {
        format!("{locale}/{id}.json")
    }

    fn write_page(&self, site: &Site, page: &PageModel, _: PageAt, rel: &str) -> Result<()> {
        let mut json = serde_json::to_vec_pretty(&PageJson { version: PAGE_JSON_VERSION, page })?;
        json.push(b'\n');
        site.staging.write(rel, &json)
    }

    fn write_site_files(
        &self,
        site: &Site,
        ops: &[OpEntry],
        _warnings: &mut Vec<Warning>,
    ) -> Result<Vec<String>> {
        write_json_index(site, ops)?;
        Ok(Vec::new())
    }
}

/// Version of the page JSON (`--format json`); bumped on any incompatible change.
pub const PAGE_JSON_VERSION: u32 = 2;

/// One page as JSON: the version, then the page model's fields.
#[derive(Serialize)]
struct PageJson<'a> {
    version: u32,
    #[serde(flatten)]
    page: &'a crate::localize::page::PageModel,
}

/// `index.json` of the JSON output: every page with its locale, id, title and file.
fn write_json_index(site: &Site, ops: &[OpEntry]) -> Result<()> {
    let pages: Vec<serde_json::Value> = site
        .catalog
        .locales
        .iter()
        .enumerate()
        .flat_map(|(li, l)| {
            ops.iter().map(move |o| {
                serde_json::json!({ "locale": l.code, "id": o.id, "title": o.titles[li], "section": o.section, "file": Json.page_rel(&l.code, o.id) })
            })
        })
        .collect();
    let locales: Vec<serde_json::Value> = site
        .names
        .iter()
        .map(|(code, name)| serde_json::json!({ "code": code, "name": name }))
        .collect();
    let index = serde_json::json!({ "version": PAGE_JSON_VERSION, "source_locale": site.catalog.source().code, "locales": locales, "pages": pages });
    let mut bytes = serde_json::to_vec_pretty(&index)?;
    bytes.push(b'\n');
    site.put("index.json", &bytes)
}
