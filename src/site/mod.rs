//! The HTML site's navigation: the areas operations are grouped in (their `content/` folder,
//! nested by name: `users-calendar` sits under `users`), the sidebar of a page, breadcrumbs and
//! the paginated area pages. Everything here is sized so that no page grows with the site:
//! the sidebar lists the top-level areas, the open chain down to the current area and a window
//! of that area's operations; the full lists are on the area pages, split into pages.

pub mod coverage;
pub mod headings;
pub mod types;
pub mod write;

/// `s` escaped as HTML text or attribute value.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_esc(&mut out, s);
    out
}

/// Appends `s` to `out` escaped as HTML text or attribute value (`&`, `<`, `>`, `"`; the site's
/// navigation keeps `'` as it is): every page's sidebar escapes hundreds of names.
pub fn push_esc(out: &mut String, s: &str) {
    crate::localize::markdown::push_escaped(out, s, false);
}

use serde::Serialize;
use std::fmt::Write as _;

/// Operations of an area listed around the current one in the sidebar (the rest are on the
/// area page).
pub const SIDEBAR_WINDOW: usize = 40;

/// Operations listed on one area page; a longer area gets more pages (`2/`, `3/`...).
pub const AREA_PAGE_SIZE: usize = 200;

/// Folder (below a locale) of the area pages.
pub const AREA_DIR: &str = "_area";

/// One area: a `content/` folder and the operations in it.
#[derive(Debug, Clone)]
pub struct Area {
    /// The folder name (`users-calendar`).
    pub name: String,
    /// Its label under its parent (`calendar` under `users`).
    pub label: String,
    /// URL segment of its pages (below [`AREA_DIR`]).
    pub slug: String,
    /// The enclosing area, if any.
    pub parent: Option<usize>,
    /// Nested areas, in name order.
    pub children: Vec<usize>,
    /// Indexes of its operations in site order.
    pub ops: Vec<usize>,
}

/// Every area of the site, and which area each operation is in.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Areas in name order.
    pub areas: Vec<Area>,
    /// The area of each operation, by operation index.
    pub area_of: Vec<usize>,
}

/// A URL segment for `name`: ASCII letters, digits, `.` and `-` kept, anything else written
/// `_` and its code point in hex (so distinct names never share a folder), never `.` or `..`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || (c == '.' && !out.is_empty()) {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// The name [`slug`] made `slug` from; `None` when `slug` is no slug of a name.
pub fn unslug(slug: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = slug;
    while let Some(at) = rest.find('_') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail.find('_')?;
        out.push(char::from_u32(u32::from_str_radix(&tail[..end], 16).ok()?)?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

impl Outline {
    /// The outline of operations whose folders are `sections`, in site order (sorted by
    /// section, so each area's operations are contiguous).
    pub fn new<'a>(sections: impl IntoIterator<Item = &'a str>) -> Outline {
        let mut outline = Outline::default();
        for (i, section) in sections.into_iter().enumerate() {
            let area = match outline.areas.iter().position(|a| a.name == section) {
                Some(a) => a,
                None => {
                    outline.areas.push(Area {
                        name: section.to_string(),
                        label: section.to_string(),
                        slug: slug(section),
                        parent: None,
                        children: Vec::new(),
                        ops: Vec::new(),
                    });
                    outline.areas.len() - 1
                }
            };
            outline.areas[area].ops.push(i);
            outline.area_of.push(area);
        }
        outline.areas.sort_by(|a, b| a.name.cmp(&b.name));
        for (a, area) in outline.areas.iter().enumerate() {
            for &op in &area.ops {
                outline.area_of[op] = a;
            }
        }
        outline.nest();
        outline
    }

    /// Puts each area under the longest other area name it extends by `-` or `/`.
    fn nest(&mut self) {
        let names: std::collections::HashMap<String, usize> =
            self.areas.iter().enumerate().map(|(i, a)| (a.name.clone(), i)).collect();
        for i in 0..self.areas.len() {
            let name = self.areas[i].name.clone();
            let cuts = name.char_indices().filter(|(_, c)| *c == '-' || *c == '/').map(|(j, _)| j);
            let parent = cuts
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .find_map(|j| names.get(&name[..j]).map(|&p| (p, name[j + 1..].to_string())));
            if let Some((p, label)) = parent {
                self.areas[i].parent = Some(p);
                self.areas[i].label = label;
                self.areas[p].children.push(i);
            }
        }
    }

    /// The top-level areas, in name order.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.areas.len()).filter(|&a| self.areas[a].parent.is_none())
    }

    /// `area` and its enclosing areas, outermost first.
    pub fn chain(&self, area: usize) -> Vec<usize> {
        let mut chain = vec![area];
        while let Some(p) = self.areas[*chain.last().expect("not empty")].parent {
            if chain.contains(&p) {
                break;
            }
            chain.push(p);
        }
        chain.reverse();
        chain
    }

    /// How many pages area `a` has.
    pub fn pages_of(&self, a: usize) -> usize {
        self.areas[a].ops.len().div_ceil(AREA_PAGE_SIZE).max(1)
    }

    /// Path of page `page` (0-based) of area `a`, relative to the locale folder.
    pub fn area_path(&self, a: usize, page: usize) -> String {
        match page {
            0 => format!("{AREA_DIR}/{}/", self.areas[a].slug),
            n => format!("{AREA_DIR}/{}/{}/", self.areas[a].slug, n + 1),
        }
    }

    /// Which area page lists operation `op`.
    pub fn page_of_op(&self, op: usize) -> usize {
        let area = &self.areas[self.area_of[op]];
        area.ops.iter().position(|&o| o == op).unwrap_or(0) / AREA_PAGE_SIZE
    }
}

/// What a page shows of one operation: its title and where it is.
pub trait OpInfo {
    /// The operation's id (page folder).
    fn id(&self) -> &str;
    /// Its title in locale `locale` (index in build order).
    fn title(&self, locale: usize) -> &str;
    /// Its HTTP method.
    fn method(&self) -> &str;
    /// Its path template.
    fn api_path(&self) -> &str;
}

/// The sidebar of one page. Every `path` is relative to the locale folder; templates prefix
/// the page's way there (`loc`).
#[derive(Debug, Serialize)]
pub struct Sidebar {
    /// Top-level areas.
    pub areas: Vec<SideArea>,
    /// True on the type pages (the "Types" entry is current).
    pub types_current: bool,
}

/// An area in the sidebar; only the areas on the way to the current page are open.
#[derive(Debug, Serialize)]
pub struct SideArea {
    /// Label under its parent.
    pub label: String,
    /// Its area page.
    pub path: String,
    /// Operations in it (its own, not its nested areas').
    pub count: usize,
    /// Whether it is on the way to the current page (shown open).
    pub open: bool,
    /// Whether it is the current page itself.
    pub current: bool,
    /// Nested areas (filled only when open).
    pub children: Vec<SideArea>,
    /// A window of its operations around the current one (only for the current operation's
    /// area).
    pub ops: Vec<SideOp>,
    /// Whether operations before and after the window were left out (then the template links
    /// to the area page).
    pub more: bool,
}

/// An operation in the sidebar.
#[derive(Debug, Serialize)]
pub struct SideOp {
    /// Its title.
    pub title: String,
    /// Its page.
    pub path: String,
    /// Its HTTP method.
    pub method: String,
    /// Whether it is the current page.
    pub current: bool,
}

/// Where the reader is, for the sidebar and breadcrumbs.
#[derive(Debug, Clone, Copy)]
pub enum Here {
    /// An operation page.
    Op(usize),
    /// An area page.
    Area(usize),
    /// A type page or a type index.
    Types,
    /// The landing page.
    Home,
}

/// One breadcrumb: a label and, but for the last, a link (relative to the locale folder).
#[derive(Debug, Serialize)]
pub struct Crumb {
    /// Label, as HTML.
    pub label_html: String,
    /// Link, when the crumb is not the current page.
    pub path: Option<String>,
}

impl Outline {
    /// The sidebar of page `here` in locale `locale`.
    pub fn sidebar<O: OpInfo>(&self, ops: &[O], here: Here, locale: usize) -> Sidebar {
        let (area, op) = match here {
            Here::Op(op) => (Some(self.area_of[op]), Some(op)),
            Here::Area(a) => (Some(a), None),
            _ => (None, None),
        };
        let open = area.map(|a| self.chain(a)).unwrap_or_default();
        let areas = self.roots().map(|a| self.side_area(ops, a, &open, op, locale)).collect();
        Sidebar { areas, types_current: matches!(here, Here::Types) }
    }

    fn side_area<O: OpInfo>(
        &self,
        ops: &[O],
        a: usize,
        open: &[usize],
        op: Option<usize>,
        locale: usize,
    ) -> SideArea {
        let area = &self.areas[a];
        let is_open = open.contains(&a);
        let is_last = open.last() == Some(&a);
        let children = if is_open {
            area.children.iter().map(|&c| self.side_area(ops, c, open, op, locale)).collect()
        } else {
            Vec::new()
        };
        let (window, more) = match op {
            Some(current) if is_last => {
                let at = area.ops.iter().position(|&o| o == current).unwrap_or(0);
                let start = at.saturating_sub(SIDEBAR_WINDOW / 2);
                let end = (start + SIDEBAR_WINDOW).min(area.ops.len());
                let start = end.saturating_sub(SIDEBAR_WINDOW);
                (&area.ops[start..end], start > 0 || end < area.ops.len())
            }
            _ => (&area.ops[..0], false),
        };
        let ops = window
            .iter()
            .map(|&o| SideOp {
                title: ops[o].title(locale).to_string(),
                path: format!("{}/", ops[o].id()),
                method: ops[o].method().to_string(),
                current: Some(o) == op,
            })
            .collect();
        SideArea {
            label: area.label.clone(),
            path: self.area_path(a, 0),
            count: area.ops.len(),
            open: is_open,
            current: is_last && op.is_none(),
            children,
            ops,
            more,
        }
    }

    /// Breadcrumbs from the landing page (labelled `home`, HTML) down to `here`, whose own
    /// title is the plain text `title`; `types` (HTML) labels the type index.
    pub fn crumbs(&self, here: Here, home: &str, types: &str, title: &str) -> Vec<Crumb> {
        let mut crumbs = vec![Crumb { label_html: home.to_string(), path: Some(String::new()) }];
        match here {
            Here::Op(op) => {
                let own = self.area_of[op];
                for a in self.chain(own) {
                    let page = if a == own { self.page_of_op(op) } else { 0 };
                    crumbs.push(Crumb {
                        label_html: esc(&self.areas[a].label),
                        path: Some(self.area_path(a, page)),
                    });
                }
            }
            Here::Area(a) => {
                let chain = self.chain(a);
                for &c in &chain[..chain.len() - 1] {
                    crumbs.push(Crumb {
                        label_html: esc(&self.areas[c].label),
                        path: Some(self.area_path(c, 0)),
                    });
                }
            }
            Here::Types => crumbs.push(Crumb {
                label_html: types.to_string(),
                path: Some(format!("{}/", types::TYPES_DIR)),
            }),
            Here::Home => {}
        }
        crumbs.push(Crumb { label_html: esc(title), path: None });
        crumbs
    }
}

/// Labels of the sidebar, already HTML (from `ui.ftl`).
pub struct SideLabels<'a> {
    /// The navigation's accessible name and heading.
    pub nav: &'a str,
    /// The landing page entry.
    pub overview: &'a str,
    /// "All operations" of an area.
    pub all: &'a str,
    /// The type index entry.
    pub types: &'a str,
}

impl Sidebar {
    /// [`Sidebar::to_html`] with the labels from a page's `ui.ftl` messages (`t`).
    pub fn html_with(&self, loc: &str, t: &std::collections::BTreeMap<String, String>) -> String {
        let get = |k: &str| t.get(k).map(String::as_str).unwrap_or("");
        let labels = SideLabels {
            nav: get("site_navigation"),
            overview: get("overview"),
            all: get("all_operations"),
            types: get("types"),
        };
        self.to_html(loc, &labels)
    }

    /// The sidebar as HTML: a `<nav>` of nested lists, the open areas as `<details open>`
    /// (collapsible without script), the current page marked `aria-current="page"`. `loc` is
    /// the way from the page to its locale folder.
    pub fn to_html(&self, loc: &str, labels: &SideLabels) -> String {
        let mut out = format!(
            "<nav class=\"sidebar\" aria-labelledby=\"sidebar-heading\">\n<p class=\"sidebar-heading\" id=\"sidebar-heading\">{}</p>\n<ul class=\"nav-tree\">\n<li><a href=\"{loc}\">{}</a></li>\n",
            labels.nav, labels.overview
        );
        for area in &self.areas {
            area.write(loc, labels, &mut out);
        }
        let current = if self.types_current { " aria-current=\"true\"" } else { "" };
        out.push_str(&format!(
            "<li class=\"nav-types\"><a href=\"{loc}{}/\"{current}>{}</a></li>\n</ul>\n</nav>\n",
            types::TYPES_DIR,
            labels.types
        ));
        out
    }
}

impl SideArea {
    fn write(&self, loc: &str, labels: &SideLabels, out: &mut String) {
        // Written straight into `out`: every page lists every top-level area.
        let href = |out: &mut String| {
            out.push_str(loc);
            push_esc(out, &self.path);
        };
        if !self.open {
            out.push_str("<li><a href=\"");
            href(out);
            out.push_str("\">");
            push_esc(out, &self.label);
            let _ = writeln!(out, "</a> <span class=\"count\">{}</span></li>", self.count);
            return;
        }
        let current = if self.current { " aria-current=\"page\"" } else { "" };
        out.push_str("<li><details open><summary>");
        push_esc(out, &self.label);
        out.push_str("</summary>\n<ul>\n<li><a href=\"");
        href(out);
        let _ = writeln!(
            out,
            "\"{current}>{} <span class=\"count\">{}</span></a></li>",
            labels.all, self.count
        );
        for child in &self.children {
            child.write(loc, labels, out);
        }
        for op in &self.ops {
            let current = if op.current { " aria-current=\"page\"" } else { "" };
            let _ = write!(out, "<li class=\"nav-op\"><a href=\"{loc}");
            push_esc(out, &op.path);
            let _ = write!(out, "\"{current}><span class=\"method\">");
            push_esc(out, &op.method);
            out.push_str("</span> ");
            push_esc(out, &op.title);
            out.push_str("</a></li>\n");
        }
        if self.more {
            out.push_str("<li class=\"nav-more\"><a href=\"");
            href(out);
            let _ = writeln!(out, "\">{} …</a></li>", labels.all);
        }
        out.push_str("</ul>\n</details></li>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_nest_by_name_and_slugs_are_safe() {
        let o = Outline::new(["users", "users", "users-calendar", "zeta", "users-calendar-x"]);
        let names: Vec<&str> = o.areas.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["users", "users-calendar", "users-calendar-x", "zeta"]);
        assert_eq!(o.areas[1].parent, Some(0));
        assert_eq!(o.areas[1].label, "calendar");
        assert_eq!(o.areas[2].parent, Some(1));
        assert_eq!(o.roots().count(), 2);
        assert_eq!(o.area_of, [0, 0, 1, 3, 2]);
        assert_eq!(slug("a b/ü"), "a_20_b_2f__fc_");
        assert_eq!(slug(".."), "_2e_.");
        assert_eq!(slug("microsoft.graph.chat"), "microsoft.graph.chat");
        for name in ["a b/ü", "..", "Error_400", "T__mapOf__string", "日本", "x", "_"] {
            assert_eq!(unslug(&slug(name)).as_deref(), Some(name), "{name}");
        }
        assert_eq!(unslug("a_zz_b"), None);
        assert_eq!(unslug("a_20"), None);
    }
}
