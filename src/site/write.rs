//! Writes the HTML site's navigation pages: each locale's landing page (areas, types,
//! translation coverage), the paginated area pages, the type index pages and one page per
//! schema type. The build hands in what it knows (operations, outline, schema) and a `put`
//! function that stages a file; every page goes through [`decorate`] (heading anchors and
//! contents).

use super::coverage::Coverage;
use super::headings::{self, Labels};
use super::types::{self, TypeLink, TYPES_DIR};
use super::{Here, OpInfo, Outline};
use crate::localize::page::{ui_messages, Alternate};
use crate::localize::{Catalog, Locale, Messages};
use crate::render::{to_context, Renderer};
use crate::spec::Schema;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A rendered page with its anchors and contents (labels from the page's `ui.ftl` messages).
pub fn decorate(html: &str, t: &BTreeMap<String, String>) -> String {
    let get = |k: &str| t.get(k).map(String::as_str).unwrap_or("");
    headings::decorate(
        html,
        &Labels { contents: get("in_this_article"), anchor: get("link_to_section") },
    )
}

/// Stages one file of the site.
pub type Put<'a> = dyn Fn(&str, &[u8]) -> Result<()> + Sync + 'a;

/// Links to a path in every locale, from a page `prefix` deep (see `build::alternates`).
pub type AltFn<'a> = dyn Fn(&str, &str, &str) -> Vec<Alternate> + Sync + 'a;

/// What the navigation pages need from the build.
pub struct SiteCtx<'a, O: OpInfo + Sync> {
    /// Messages of every locale.
    pub catalog: &'a Catalog,
    /// Templates.
    pub renderer: &'a Renderer,
    /// Operations in site order.
    pub ops: &'a [O],
    /// Their areas.
    pub outline: &'a Outline,
    /// The schema (type pages).
    pub schema: &'a Schema,
    /// Schema types each operation uses, by operation index.
    pub op_types: Vec<&'a [String]>,
    /// Each locale's translation coverage, in catalog order.
    pub coverage: &'a [Coverage],
    /// (current locale, prefix to the site root, path below a locale) -> alternates.
    pub alternates: &'a AltFn<'a>,
    /// Stages a file.
    pub put: &'a Put<'a>,
}

/// One operation in a list.
#[derive(Serialize)]
struct OpRow {
    title: String,
    path: String,
    method: String,
    api_path: String,
}

/// An area in a list.
#[derive(Serialize)]
struct AreaRow {
    label: String,
    path: String,
    count: usize,
    children: Vec<AreaRow>,
}

/// A page of a list split into pages.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    path: String,
    current: bool,
}

/// A page's way up: `depth` folders below the locale folder.
fn ups(depth: usize) -> String {
    "../".repeat(depth)
}

/// The chrome messages of `locale`, and the warnings raised (a message missing in the
/// locale's `ui.ftl`).
fn chrome(
    catalog: &Catalog,
    locale: &Locale,
) -> Result<(BTreeMap<String, String>, Vec<crate::diag::Warning>)> {
    let msgs = Messages::new(catalog, locale, "", vec![])?;
    let t = ui_messages(catalog, &msgs, false)?;
    Ok((t, msgs.take_warnings()))
}

/// A message of `ui.ftl` with arguments, as HTML.
fn ui_html(
    catalog: &Catalog,
    locale: &Locale,
    id: &str,
    args: &[(&str, String)],
) -> Result<String> {
    Messages::new(catalog, locale, "", vec![])?.html(id, args)
}

impl<O: OpInfo + Sync> SiteCtx<'_, O> {
    /// Renders `template` with the common variables and `extra`, decorates and stages it at
    /// `<locale>/<path>index.html`.
    #[allow(clippy::too_many_arguments)]
    fn page(
        &self,
        locale: &Locale,
        t: &BTreeMap<String, String>,
        path: &str,
        template: &str,
        here: Here,
        crumbs: Vec<super::Crumb>,
        extra: &[(&str, &dyn crate::render::erased::Ser)],
    ) -> Result<String> {
        let depth = path.matches('/').count();
        let loc = if depth == 0 { "./".to_string() } else { ups(depth) };
        let root = ups(depth + 1);
        let li = self.catalog.locales.iter().position(|l| l.code == locale.code).unwrap_or(0);
        let sidebar = self.outline.sidebar(self.ops, here, li).html_with(&loc, t);
        let alternates = (self.alternates)(&locale.code, &root, path);
        let mut entries: Vec<(&str, &dyn crate::render::erased::Ser)> = vec![
            ("locale", &locale.code),
            ("root", &root),
            ("loc", &loc),
            ("t", t),
            ("alternates", &alternates),
            ("sidebar_html", &sidebar),
            ("crumbs", &crumbs),
        ];
        entries.extend_from_slice(extra);
        let html = self.renderer.render(template, &to_context(&entries)?)?;
        let rel = format!("{}/{path}index.html", locale.code);
        (self.put)(&rel, decorate(&html, t).as_bytes())?;
        Ok(rel)
    }

    fn area_row(&self, a: usize) -> AreaRow {
        let area = &self.outline.areas[a];
        AreaRow {
            label: area.label.clone(),
            path: self.outline.area_path(a, 0),
            count: area.ops.len(),
            children: Vec::new(),
        }
    }

    /// Every page of every locale: landing, areas, type index and types. Returns the files
    /// and the warnings raised.
    pub fn write_all(&self) -> Result<(Vec<String>, Vec<crate::diag::Warning>)> {
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        for (li, locale) in self.catalog.locales.iter().enumerate() {
            let (t, raised) = chrome(self.catalog, locale)?;
            warnings.extend(raised);
            files.push(self.landing(li, locale, &t)?);
            files.extend(self.areas(li, locale, &t)?);
            files.extend(self.type_index(locale, &t)?);
            files.extend(self.type_pages(li, locale, &t)?);
        }
        Ok((files, warnings))
    }

    fn landing(&self, li: usize, locale: &Locale, t: &BTreeMap<String, String>) -> Result<String> {
        let areas: Vec<AreaRow> = self
            .outline
            .roots()
            .map(|a| {
                let mut row = self.area_row(a);
                row.children =
                    self.outline.areas[a].children.iter().map(|&c| self.area_row(c)).collect();
                row
            })
            .collect();
        let c = &self.coverage[li];
        let coverage_html = ui_html(
            self.catalog,
            locale,
            "coverage",
            &[
                ("percent", c.percent.to_string()),
                ("total", c.total.to_string()),
                ("stale", c.stale.to_string()),
            ],
        )?;
        let home = t.get("site_title").cloned().unwrap_or_default();
        let title = crate::localize::strip_tags(&home);
        let crumbs = vec![super::Crumb { label_html: home, path: None }];
        let types = self.schema.types.len();
        let _ = title;
        self.page(
            locale,
            t,
            "",
            "index.html",
            Here::Home,
            crumbs,
            &[
                ("areas", &areas),
                ("coverage_html", &coverage_html),
                ("coverage", c),
                ("source", &(li == 0)),
                ("type_count", &types),
            ],
        )
    }

    fn areas(
        &self,
        li: usize,
        locale: &Locale,
        t: &BTreeMap<String, String>,
    ) -> Result<Vec<String>> {
        let home = t.get("site_title").cloned().unwrap_or_default();
        let types = t.get("types").cloned().unwrap_or_default();
        let jobs: Vec<(usize, usize)> = (0..self.outline.areas.len())
            .flat_map(|a| (0..self.outline.pages_of(a)).map(move |p| (a, p)))
            .collect();
        jobs.par_iter()
            .map(|&(a, p)| {
                let area = &self.outline.areas[a];
                let size = super::AREA_PAGE_SIZE;
                let rows: Vec<OpRow> = area
                    .ops
                    .iter()
                    .skip(p * size)
                    .take(size)
                    .map(|&o| OpRow {
                        title: self.ops[o].title(li).to_string(),
                        path: format!("{}/", self.ops[o].id()),
                        method: self.ops[o].method().to_string(),
                        api_path: self.ops[o].api_path().to_string(),
                    })
                    .collect();
                let pages: Vec<PageLink> = (0..self.outline.pages_of(a))
                    .map(|n| PageLink {
                        number: n + 1,
                        path: self.outline.area_path(a, n),
                        current: n == p,
                    })
                    .collect();
                let children: Vec<AreaRow> =
                    area.children.iter().map(|&c| self.area_row(c)).collect();
                let crumbs = self.outline.crumbs(Here::Area(a), &home, &types, &area.label);
                let path = self.outline.area_path(a, p);
                self.page(
                    locale,
                    t,
                    &path,
                    "area.html",
                    Here::Area(a),
                    crumbs,
                    &[
                        ("area_name", &area.name),
                        ("operations", &rows),
                        ("children", &children),
                        ("pages", &if pages.len() > 1 { pages } else { Vec::new() }),
                    ],
                )
            })
            .collect()
    }

    fn type_index(&self, locale: &Locale, t: &BTreeMap<String, String>) -> Result<Vec<String>> {
        let home = t.get("site_title").cloned().unwrap_or_default();
        let types_label = t.get("types").cloned().unwrap_or_default();
        let letters = types::by_letter(self.schema);
        #[derive(Serialize)]
        struct Letter {
            letter: String,
            path: String,
            count: usize,
            current: bool,
        }
        let nav = |current: &str| -> Vec<Letter> {
            letters
                .iter()
                .map(|(l, list)| Letter {
                    letter: l.clone(),
                    path: format!("{TYPES_DIR}/{l}/"),
                    count: list.len(),
                    current: l == current,
                })
                .collect()
        };
        let mut files = Vec::new();
        let crumbs = vec![
            super::Crumb { label_html: home.clone(), path: Some(String::new()) },
            super::Crumb { label_html: types_label.clone(), path: None },
        ];
        let empty: Vec<TypeLink> = Vec::new();
        files.push(self.page(
            locale,
            t,
            &format!("{TYPES_DIR}/"),
            "types.html",
            Here::Types,
            crumbs,
            &[("letters", &nav("")), ("types", &empty), ("letter", &"")],
        )?);
        for (l, list) in &letters {
            let crumbs = vec![
                super::Crumb { label_html: home.clone(), path: Some(String::new()) },
                super::Crumb {
                    label_html: types_label.clone(),
                    path: Some(format!("{TYPES_DIR}/")),
                },
                super::Crumb { label_html: super::esc(&l.to_uppercase()), path: None },
            ];
            files.push(self.page(
                locale,
                t,
                &format!("{TYPES_DIR}/{l}/"),
                "types.html",
                Here::Types,
                crumbs,
                &[("letters", &nav(l)), ("types", list), ("letter", l)],
            )?);
        }
        Ok(files)
    }

    fn type_pages(
        &self,
        li: usize,
        locale: &Locale,
        t: &BTreeMap<String, String>,
    ) -> Result<Vec<String>> {
        let home = t.get("site_title").cloned().unwrap_or_default();
        let types_label = t.get("types").cloned().unwrap_or_default();
        let mut users: BTreeMap<&str, Vec<TypeLink>> = BTreeMap::new();
        for (o, names) in self.op_types.iter().enumerate() {
            for n in names.iter() {
                users.entry(n.as_str()).or_default().push(TypeLink {
                    name: self.ops[o].title(li).to_string(),
                    path: format!("{}/", self.ops[o].id()),
                });
            }
        }
        let names: Vec<&String> = self.schema.types.keys().collect();
        names
            .par_iter()
            .map(|name| {
                let msgs = Messages::new(self.catalog, locale, "types", vec![])?;
                msgs.set_untranslated_marks(true);
                let collection = |inner: String| {
                    let marker = "polydoc-type-placeholder";
                    msgs.html("type-collection", &[("type", crate::localize::code_span(marker))])
                        .map(|h| h.replacen(&format!("<code>{marker}</code>"), &inner, 1))
                        .unwrap_or(inner)
                };
                let list = users.get(name.as_str()).map(Vec::as_slice).unwrap_or(&[]);
                let mut model = types::type_model(self.schema, name, list, "../../", &collection);
                let id = types::description_id(name);
                if msgs.exists(&id) {
                    model.description_html = Some(msgs.html(&id, &[])?);
                }
                let more_derived = more(self.catalog, locale, model.derived_more)?;
                let more_used = more(self.catalog, locale, model.used_by_more)?;
                let crumbs = types::crumbs(&home, &types_label, name);
                self.page(
                    locale,
                    t,
                    &types::type_path(name),
                    "type.html",
                    Here::Types,
                    crumbs,
                    &[
                        ("type", &model),
                        ("more_derived_html", &more_derived),
                        ("more_used_html", &more_used),
                    ],
                )
            })
            .collect()
    }
}

/// "... and N more" when `n` items were left out of a list.
fn more(catalog: &Catalog, locale: &Locale, n: usize) -> Result<Option<String>> {
    if n == 0 {
        return Ok(None);
    }
    ui_html(catalog, locale, "more-items", &[("count", n.to_string())]).map(Some)
}
