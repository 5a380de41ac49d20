//! Stage 5, render: Tera templates turn page models into HTML.
//!
//! The default templates in `templates/` are compiled into the binary under the prefix
//! `polydoc/`; a project's own `templates/` folder overrides any of them by name (Tera's
//! fallback prefixes resolve `page.html` to the project's file first, then to the built-in).
//! Strings whose key ends in `_html` (and everything under `t`) are already-safe markup made by
//! the localize stage (HTML, or safe Markdown for the Markdown outputs); every other string is
//! escaped by Tera's autoescape: as HTML in `.html`/`.xml` templates, as Markdown text in `.md`
//! templates (a second Tera instance whose escape function is
//! [`crate::localize::safe_markdown::escape_text`]).

mod budget;
mod context;
mod guard;
pub mod markdown;

use crate::diag::SourceError;
use anyhow::{Context as _, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

pub use context::{erased, to_context};
pub use guard::RenderAlloc;

/// Prefix under which the built-in templates are registered.
const BUILTIN_PREFIX: &str = "polydoc/";

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("root.html", include_str!("../../templates/root.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("markdown/page.md", include_str!("../../templates/markdown/page.md")),
    ("markdown/snippet.md", include_str!("../../templates/markdown/snippet.md")),
    ("commonmark/page.md", include_str!("../../templates/commonmark/page.md")),
    ("partials/switcher.html", include_str!("../../templates/partials/switcher.html")),
    ("partials/search.html", include_str!("../../templates/partials/search.html")),
    ("partials/permissions.html", include_str!("../../templates/partials/permissions.html")),
    ("partials/request.html", include_str!("../../templates/partials/request.html")),
    ("partials/body.html", include_str!("../../templates/partials/body.html")),
    ("partials/response.html", include_str!("../../templates/partials/response.html")),
    ("partials/example.html", include_str!("../../templates/partials/example.html")),
    ("partials/code.html", include_str!("../../templates/partials/code.html")),
    ("partials/nav.html", include_str!("../../templates/partials/nav.html")),
    ("partials/see_also.html", include_str!("../../templates/partials/see_also.html")),
    ("partials/crumbs.html", include_str!("../../templates/partials/crumbs.html")),
    ("area.html", include_str!("../../templates/area.html")),
    ("types.html", include_str!("../../templates/types.html")),
    ("type.html", include_str!("../../templates/type.html")),
];

/// The built-in stylesheet (the highlighting theme CSS is appended at build time).
pub const BASE_CSS: &str = include_str!("../../templates/assets/polydoc.css");

/// The built-in page script (`assets/polydoc.js`): remembered SDK tab, copy buttons.
pub const BASE_JS: &str = include_str!("../../templates/assets/polydoc.js");

/// Compiled templates plus where each came from (for error messages).
pub struct Renderer {
    tera: Tera,
    /// The same templates, escaping plain strings as Markdown text (renders `.md` templates).
    tera_md: Tera,
    sources: BTreeMap<String, (PathBuf, String)>,
    /// Template-named symbolic links under `templates/`, skipped (never followed).
    links: Vec<PathBuf>,
    /// Where a runaway render of each template is reported: its first loop.
    loops: BTreeMap<String, Arc<SourceError>>,
}

impl Renderer {
    /// Loads the built-in templates and the project's overrides from `root/templates`.
    pub fn new(root: &Path) -> Result<Renderer> {
        let tera = new_tera(vec![".html", ".xml"])?;
        let mut tera_md = new_tera(vec![".md"])?;
        tera_md.set_escape_fn(markdown::escape_fn);
        let mut sources = BTreeMap::new();
        for (name, text) in BUILTIN {
            let shown = PathBuf::from(format!("templates/{name} (built-in)"));
            sources.insert(format!("{BUILTIN_PREFIX}{name}"), (shown, text.to_string()));
        }
        let project = project_templates(root)?;
        for (name, file, text) in project.files {
            sources.insert(name, (file, text));
        }
        let loops = sources
            .iter()
            .map(|(name, (file, text))| {
                let at = SourceError::at_offset(file, text, first_loop(text).unwrap_or(0), "");
                (name.clone(), Arc::new(at))
            })
            .collect();
        let mut renderer = Renderer { tera, tera_md, sources, links: project.links, loops };
        let all: Vec<(String, String)> =
            renderer.sources.iter().map(|(k, (_, t))| (k.clone(), t.clone())).collect();
        if let Err(e) = renderer.tera.add_raw_templates(all.clone()) {
            return Err(renderer.convert(e));
        }
        if let Err(e) = renderer.tera_md.add_raw_templates(all) {
            return Err(renderer.convert(e));
        }
        Ok(renderer)
    }

    /// A warning per symbolic link under `templates/` that was skipped.
    pub fn warnings(&self) -> Vec<crate::diag::Warning> {
        self.links.iter().map(|rel| crate::localize::link_skipped(rel)).collect()
    }

    /// A key that changes whenever any template (built-in or project) changes.
    pub fn fingerprint(&self) -> String {
        crate::cache::key_of(&self.sources)
    }

    /// Renders template `name` with `context`, within the budget of one page
    /// ([`budget`]): a runaway template is stopped with an error naming it.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        let _budget = budget::Budget::start(name, self.loop_of(name));
        let mut page = budget::PageWriter::default();
        let tera = if name.ends_with(".md") { &self.tera_md } else { &self.tera };
        if let Err(e) = tera.render_to(name, context, &mut page) {
            return Err(match page.stopped() {
                Some(stop) => self.stopped(name, stop),
                None => self.convert(e),
            });
        }
        String::from_utf8(page.into_bytes())
            .map_err(|_| anyhow::anyhow!("template {name} rendered invalid UTF-8"))
    }

    /// Where a runaway render of template `name` is reported: the first loop of the file
    /// Tera renders for that name (the project's, else the built-in one).
    fn loop_of(&self, name: &str) -> Arc<SourceError> {
        self.loops
            .get(name)
            .or_else(|| self.loops.get(&format!("{BUILTIN_PREFIX}{name}")))
            .cloned()
            .unwrap_or_else(|| Arc::new(SourceError::new(Path::new(name), None, 1, 1, "")))
    }

    /// The error for a render the page writer stopped: it names the template's file at its
    /// first loop (where a runaway usually is; the writer cannot know the instruction).
    fn stopped(&self, name: &str, stop: budget::Stop) -> anyhow::Error {
        use crate::limits::{size, MAX_PAGE_BYTES, MAX_RENDER_TIME};
        let why = match stop {
            budget::Stop::Size => {
                format!("the page grew past {}, polydoc's limit", size(MAX_PAGE_BYTES))
            }
            budget::Stop::Time => {
                format!("it ran for more than {} s, polydoc's limit", MAX_RENDER_TIME.as_secs())
            }
        };
        let mut error = (*self.loop_of(name)).clone();
        error.message = format!(
            "template error: rendering `{name}` was stopped: {why} (a runaway loop? the template's first loop is shown)"
        );
        error.into()
    }

    /// Turns a Tera error into a located error naming the template file, line and column.
    fn convert(&self, e: tera::Error) -> anyhow::Error {
        let located = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        match located {
            Some(r) => {
                let (file, text) = self
                    .sources
                    .get(r.filename())
                    .map(|(f, t)| (f.clone(), Some(t.as_str())))
                    .unwrap_or_else(|| (PathBuf::from(r.filename()), None));
                let span = r.span();
                SourceError::new(
                    &file,
                    text,
                    span.start_line,
                    span.start_col + 1,
                    format!("template error: {}", r.message()),
                )
                .into()
            }
            // Reports Tera builds itself (such as unknown includes) name templates by their
            // registered name; point them at the file instead.
            None => self
                .locate_kind(e.kind(), &e.to_string())
                .or_else(|| self.locate_report(&e.to_string()))
                .unwrap_or_else(|| {
                    anyhow::anyhow!("template error: {}", self.name_files(&e.to_string()))
                }),
        }
    }

    /// A located error for the template-graph errors Tera reports without a place: an include
    /// or extends cycle is pointed at the tag of the template that closes it, a missing parent
    /// at the `extends` naming it.
    fn locate_kind(&self, kind: &ErrorKind, report: &str) -> Option<anyhow::Error> {
        let (within, named) = match kind {
            ErrorKind::CircularInclude { include_chain: chain, .. }
            | ErrorKind::CircularExtend { inheritance_chain: chain, .. }
                if chain.len() >= 2 =>
            {
                (&chain[chain.len() - 2], &chain[chain.len() - 1])
            }
            ErrorKind::CircularExtend { tpl, .. } => (tpl, tpl),
            ErrorKind::MissingParent { current, parent } => (current, parent),
            _ => return None,
        };
        let (file, text) = self.sources.get(within)?;
        let offset = [format!("\"{named}\""), format!("'{named}'"), named.clone()]
            .iter()
            .find_map(|needle| text.find(needle.as_str()))?;
        let message = format!("template error: {}", self.name_files(report));
        Some(SourceError::at_offset(file, text, offset, message).into())
    }

    /// A located error from a Tera report that names a place as `--> name:line:col` in one
    /// of the project's templates (an unknown include), so that it is drawn like every other
    /// error and `check` can report it at the same place.
    fn locate_report(&self, report: &str) -> Option<anyhow::Error> {
        static AT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re =
            AT.get_or_init(|| regex::Regex::new(r"--> (\S+):(\d+):(\d+)").expect("valid regex"));
        let at = re.captures(report)?;
        let (file, text) = self.sources.get(&at[1])?;
        let message = report.lines().next().unwrap_or_default();
        let message = message.strip_prefix("error: ").unwrap_or(message);
        Some(
            SourceError::new(
                file,
                Some(text),
                at[2].parse().ok()?,
                at[3].parse().ok()?,
                format!("template error: {message}"),
            )
            .into(),
        )
    }
}

impl Renderer {
    /// Rewrites `--> name:` locations in a Tera report to `--> shown/path:`.
    fn name_files(&self, report: &str) -> String {
        let mut out = report.to_string();
        for (name, (shown, _)) in self.sources.iter().rev() {
            out = out.replace(&format!("--> {name}:"), &format!("--> {}:", shown.display()));
        }
        out
    }
}

/// A Tera instance with the built-in fallback, autoescaping templates named with `suffixes`,
/// and the Markdown filters.
fn new_tera(suffixes: Vec<&'static str>) -> Result<Tera> {
    let mut tera = Tera::new();
    tera.set_fallback_prefixes([BUILTIN_PREFIX]).map_err(|e| anyhow::anyhow!("{e}"))?;
    tera.autoescape_on(suffixes);
    markdown::register(&mut tera);
    tera.register_function("range", budget::range);
    Ok(tera)
}

/// Byte offset of the first `{% for` tag of a template's text.
fn first_loop(text: &str) -> Option<usize> {
    static LOOP: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = LOOP.get_or_init(|| regex::Regex::new(r"\{%-?\s*for\s").expect("valid regex"));
    re.find(text).map(|m| m.start())
}

/// The project's templates: `(name, shown path, text)` of every `.html`/`.xml`/`.md` file under
/// `root/templates`, and the symbolic links there (template-named ones, or links to folders),
/// which are skipped.
#[derive(Default)]
struct ProjectTemplates {
    files: Vec<(String, PathBuf, String)>,
    links: Vec<PathBuf>,
}

/// True when the project under `root` has a template ending in `.<extension>`
/// (`templates/**/*.md`) of its own: one that is not a byte-for-byte copy of the built-in of
/// the same name. Only then can a format rendering those templates fail where the HTML build
/// passes, so `check` renders such formats only then.
pub fn has_own_templates(root: &Path, extension: &str) -> Result<bool> {
    let suffix = format!(".{extension}");
    let builtin = |name: &str| BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    Ok(project_templates(root)?
        .files
        .iter()
        .any(|(name, _, text)| name.ends_with(&suffix) && builtin(name) != Some(text.as_str())))
}

fn project_templates(root: &Path) -> Result<ProjectTemplates> {
    let dir = root.join("templates");
    let mut out = ProjectTemplates::default();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut names = crate::names::FolderNames::default();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot walk {}", dir.display()))?;
        let path = entry.path();
        let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        if entry.depth() > 0 {
            // A FIFO or device among the templates is refused, never opened.
            let below = path.strip_prefix(&dir).unwrap_or(path);
            crate::fsafe::check_source_entry(
                &Path::new("templates").join(below),
                &entry.file_type(),
                &mut names,
            )?;
        }
        let is_template = path.extension().is_some_and(|e| e == "html" || e == "xml" || e == "md");
        if entry.path_is_symlink() && entry.depth() > 0 {
            if is_template || path.is_dir() {
                out.links.push(shown);
            }
            continue;
        }
        if !entry.file_type().is_file() || !is_template {
            continue;
        }
        let name = path.strip_prefix(&dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let text = crate::fsafe::read_text(path, &shown)?;
        out.files.push((name, shown, text));
    }
    Ok(out)
}
