//! Type pages of the HTML site: one page per schema type (its properties with their types
//! linked, its base and derived types, enum members, the operations that use it) and the
//! type index, split by initial letter so that no index page grows with the schema.

use super::{esc, slug, Crumb};
use crate::localize::code_span;
use crate::spec::{Schema, TypeRef};
use serde::Serialize;
use std::collections::BTreeMap;

/// Folder (below a locale) of the type pages.
pub const TYPE_DIR: &str = "_type";
/// Folder (below a locale) of the type index pages.
pub const TYPES_DIR: &str = "_types";
/// Links listed at most in one list of a type page (derived types, users); the rest counted.
pub const MAX_LINKS: usize = 300;

/// Path of the page of type `name`, relative to the locale folder.
pub fn type_path(name: &str) -> String {
    format!("{TYPE_DIR}/{}/", slug(name))
}

/// The part of a type name after its namespace (`chat` of `microsoft.graph.chat`).
pub fn short_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The index letter of a type: the lower-case first letter of its short name, or `other`.
pub fn letter(name: &str) -> String {
    match short_name(name).chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
        _ => "other".to_string(),
    }
}

/// A link to a type (or an operation) from a page.
#[derive(Debug, Serialize, Clone)]
pub struct TypeLink {
    /// Its name (or title).
    pub name: String,
    /// Its page, relative to the locale folder.
    pub path: String,
}

/// One property row of a type page.
#[derive(Debug, Serialize)]
pub struct PropRow {
    /// Property name.
    pub name: String,
    /// Type cell (HTML: the type as code, linked when it has a page).
    pub type_html: String,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Whether the service sets it.
    pub read_only: bool,
    /// Allowed values, if listed.
    pub values: Vec<String>,
    /// The type it is declared on, when inherited.
    pub inherited_from: Option<TypeLink>,
}

/// Everything a type page shows, apart from localized text.
#[derive(Debug, Serialize)]
pub struct TypeModel {
    /// Full name.
    pub name: String,
    /// `enum`, `abstract` or `type`.
    pub kind: String,
    /// Base types, nearest first.
    pub bases: Vec<TypeLink>,
    /// Directly derived types (at most [`MAX_LINKS`]).
    pub derived: Vec<TypeLink>,
    /// How many derived types were left out.
    pub derived_more: usize,
    /// Properties, own first, then inherited.
    pub properties: Vec<PropRow>,
    /// Enum members.
    pub members: Vec<String>,
    /// Operations using it as body or response (at most [`MAX_LINKS`]).
    pub used_by: Vec<TypeLink>,
    /// How many users were left out.
    pub used_by_more: usize,
    /// Localized description, when the messages have one (`typedesc-<name>`).
    pub description_html: Option<String>,
}

/// The HTML type cell of `expr` with the type linked when the schema has it: the code span
/// itself, or "`T` collection" worded by `collection` (a function of the linked type's HTML).
pub fn linked_type(
    schema: &Schema,
    expr: &str,
    loc: &str,
    collection: &dyn Fn(String) -> String,
) -> String {
    let t = TypeRef::parse(expr);
    let code = html_code(&t.name);
    let inner = if schema.get(&t.name).is_some() {
        format!("<a href=\"{loc}{}\">{code}</a>", esc(&type_path(&t.name)))
    } else {
        code
    };
    if t.collection {
        collection(inner)
    } else {
        inner
    }
}

fn html_code(name: &str) -> String {
    crate::localize::markdown::inline_html(&code_span(name))
}

/// The model of type `name`'s page; `users` are the operations using it, as (title, path).
pub fn type_model(
    schema: &Schema,
    name: &str,
    users: &[TypeLink],
    loc: &str,
    collection: &dyn Fn(String) -> String,
) -> TypeModel {
    let def = schema.get(name).cloned().unwrap_or_default();
    let link = |n: &str| TypeLink { name: n.to_string(), path: type_path(n) };
    let mut bases = Vec::new();
    let mut current = def.base.clone();
    while let Some(b) = current {
        if bases.iter().any(|l: &TypeLink| l.name == b) || bases.len() > 64 {
            break;
        }
        current = schema.get(&b).and_then(|d| d.base.clone());
        bases.push(link(&b));
    }
    let mut properties = Vec::new();
    let owners = std::iter::once((name.to_string(), None))
        .chain(bases.iter().map(|b| (b.name.clone(), Some(b.clone()))));
    for (owner, inherited_from) in owners {
        let Some(d) = schema.get(&owner) else { continue };
        for (pname, p) in &d.properties {
            properties.push(PropRow {
                name: pname.clone(),
                type_html: linked_type(schema, &p.type_expr, loc, collection),
                nullable: p.nullable,
                read_only: p.read_only,
                values: p.values.clone().unwrap_or_default(),
                inherited_from: inherited_from.clone(),
            });
        }
    }
    let derived: Vec<TypeLink> = schema.derived(name).iter().map(|d| link(d)).collect();
    let kind = if def.members.is_some() {
        "enum"
    } else if def.is_abstract {
        "abstract"
    } else {
        "type"
    };
    TypeModel {
        name: name.to_string(),
        kind: kind.to_string(),
        bases,
        derived_more: derived.len().saturating_sub(MAX_LINKS),
        derived: derived.into_iter().take(MAX_LINKS).collect(),
        properties,
        members: def.members.clone().unwrap_or_default(),
        used_by_more: users.len().saturating_sub(MAX_LINKS),
        used_by: users.iter().take(MAX_LINKS).cloned().collect(),
        description_html: None,
    }
}

/// Type names by index letter, each list in name order.
pub fn by_letter(schema: &Schema) -> BTreeMap<String, Vec<TypeLink>> {
    let mut letters: BTreeMap<String, Vec<TypeLink>> = BTreeMap::new();
    for name in schema.types.keys() {
        letters
            .entry(letter(name))
            .or_default()
            .push(TypeLink { name: name.clone(), path: type_path(name) });
    }
    for list in letters.values_mut() {
        list.sort_by(|a, b| short_name(&a.name).cmp(short_name(&b.name)).then(a.name.cmp(&b.name)));
    }
    letters
}

/// The breadcrumbs of a type page.
pub fn crumbs(home: &str, types: &str, name: &str) -> Vec<Crumb> {
    vec![
        Crumb { label_html: home.to_string(), path: Some(String::new()) },
        Crumb {
            label_html: types.to_string(),
            path: Some(format!("{TYPES_DIR}/{}/", letter(name))),
        },
        Crumb { label_html: esc(name), path: None },
    ]
}

/// The message id of a type's description: `typedesc-` and the name with every character that
/// Fluent ids do not allow written `-` (`typedesc-microsoft-graph-chat`).
pub fn description_id(name: &str) -> String {
    let body: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("typedesc-{body}")
}

/// Tags whose content is no running text for [`link_type_names`].
const BLOCKING_TAGS: [&str; 9] = ["a", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6"];

/// `html` with every `<code>NAME</code>` of running text whose NAME is a schema type turned
/// into a link to the type's page (`loc` leads to the locale folder). Only paragraphs outside
/// tables are running text: code inside a link, a `<pre>` block, a heading or a table (whose
/// first column names properties, which may share a type's name) stays as it is.
pub fn link_type_names(html: &str, schema: &Schema, loc: &str) -> String {
    let start = html.find("<main").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + 256);
    out.push_str(&html[..start]);
    let mut rest = &html[start..];
    let mut blocked = 0usize; // inside <a>, <pre>, <table> or <h1>-<h6>
    let mut paragraph = 0usize; // inside <p>
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        // The tag's name, compared without a copy: a page of a whole API has thousands of tags.
        let after = tag.trim_start_matches(['<', '/']);
        let name = &after[..after.bytes().take_while(u8::is_ascii_alphanumeric).count()];
        let blocking = BLOCKING_TAGS.iter().any(|b| name.eq_ignore_ascii_case(b));
        let closing = tag.starts_with("</");
        if blocking {
            blocked = if closing { blocked.saturating_sub(1) } else { blocked + 1 };
        } else if name.eq_ignore_ascii_case("p") {
            paragraph = if closing { paragraph.saturating_sub(1) } else { paragraph + 1 };
        } else if tag == "<code>" && blocked == 0 && paragraph > 0 {
            if let Some(close) = rest.find("</code>") {
                let inner = &rest[end..close];
                if !inner.contains('<') && schema.get(inner).is_some() {
                    out.push_str(&format!(
                        "<a href=\"{loc}{}\"><code>{inner}</code></a>",
                        esc(&type_path(inner))
                    ));
                    rest = &rest[close + "</code>".len()..];
                    continue;
                }
            }
        }
        out.push_str(tag);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        let text = "namespace: n\ntypes:\n  chat:\n    properties: {}\n  kind:\n    members: [a]\n";
        let file = crate::spec::load::SourceFile {
            rel: "content/schema/s.yaml".into(),
            text: text.into(),
            section: "schema".into(),
        };
        crate::spec::load::parse_schema(&[file]).unwrap()
    }

    #[test]
    fn type_names_in_text_link_to_their_pages() {
        let html = "<main><p>A <code>chat</code> of <code>kind</code>, not <code>topic</code>.</p><pre><code>chat</code></pre><h2 id=\"x\"><code>chat</code></h2><a href=\"y\"><code>chat</code></a><table><tr><td><code>kind</code></td></tr></table><li><code>chat</code></li></main>";
        let out = link_type_names(html, &schema(), "../");
        assert!(out.contains("<p>A <a href=\"../_type/chat/\"><code>chat</code></a> of <a href=\"../_type/kind/\"><code>kind</code></a>, not <code>topic</code>.</p>"), "{out}");
        assert!(out.contains("<pre><code>chat</code></pre><h2 id=\"x\"><code>chat</code></h2><a href=\"y\"><code>chat</code></a><table><tr><td><code>kind</code></td></tr></table><li><code>chat</code></li>"), "{out}");
    }
}
