//! Stage 3, localize: Fluent messages from `locales/<locale>/*.ftl` turned into safe HTML.
//!
//! Each locale folder holds `ui.ftl` (page chrome shared by all operations) and one
//! `<operation-id>.ftl` per operation. English (`en`) is the source locale: a message missing
//! elsewhere falls back to it with a warning naming locale, file and message id. Message
//! variables that name spec terms (`{ $topic }`, `{ $oneOnOne }`) are filled from the spec and
//! rendered as code, so translations never carry property, type or enum names themselves.
//!
//! Symbolic links are never followed: a `.ftl` file or a locale folder (`locales/de`) that is
//! one is skipped with a warning, and naming a linked locale with `--locales` is an error.

pub mod ftl_syntax;
pub mod layers;
pub mod markdown;
pub mod missing;
pub mod page;
pub mod pseudo;
pub mod referenced;
pub mod safe_markdown;
pub mod terms;
pub mod variables;

use crate::diag::{SourceError, SourceErrors, Warning};
use crate::fsafe::check_source_entry;
use anyhow::{bail, Context, Result};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use unic_langid::LanguageIdentifier;

/// The source locale every translation is made from.
pub const SOURCE_LOCALE: &str = "en";
/// Name of the shared message file in each locale folder.
pub const UI_FILE: &str = "ui";
/// `ui.ftl` messages the code asks for by id (all other ids it asks for belong to the
/// operation's own file; templates use every other `ui.ftl` message through `t`).
pub const UI_MESSAGES_USED_BY_CODE: &[&str] = &[
    "locale-name",
    "permission-delegated-work",
    "permission-delegated-personal",
    "permission-application",
    "example-heading",
    "type-collection",
    "request-body-intro",
    "request-body-table",
    "request-body-media",
    "response-default",
    "response-collection",
    "error-responses-intro",
    "no-response-body",
    "status-other",
];

/// One parsed `.ftl` file.
#[derive(Debug)]
pub struct FtlFile {
    /// Path relative to the project root, for messages.
    pub path: PathBuf,
    /// The file's text (for locating messages in errors).
    pub text: String,
    /// The parsed resource, kept for `ui.ftl` (used by every page); an operation's file is
    /// parsed when its pages are made and dropped with them, so a site of thousands of
    /// operations never holds every parsed message file at once.
    kept: Option<Arc<FluentResource>>,
}

impl FtlFile {
    /// The parsed resource; syntax errors (all of them) name file, line and column.
    pub fn resource(&self) -> Result<Arc<FluentResource>> {
        match &self.kept {
            Some(r) => Ok(r.clone()),
            None => parse_resource(&self.path, &self.text).map(Arc::new),
        }
    }
}

/// All message files of one locale, by file stem (`ui`, `create-chat`).
#[derive(Debug)]
pub struct Locale {
    /// Locale code (`de`).
    pub code: String,
    /// Parsed language identifier.
    pub langid: LanguageIdentifier,
    /// Files by stem.
    pub files: BTreeMap<String, FtlFile>,
    /// `.ftl` entries that are symbolic links, relative to the project root: skipped, never
    /// followed (see [`ftl_entries`]).
    pub links: Vec<PathBuf>,
    /// Its `ui.ftl` bundle, made once for every page ([`layers`]).
    pub(crate) shared: std::sync::OnceLock<layers::SharedUi>,
}

/// Every locale the build renders, source locale first.
#[derive(Debug)]
pub struct Catalog {
    /// Locales in output order; `locales[0]` is the source locale.
    pub locales: Vec<Locale>,
    /// Codes of locale folders that are symbolic links: never read, so not built.
    pub linked_folders: Vec<String>,
}

/// The entries of `root/locales`, listed without following symbolic links.
#[derive(Debug, Default)]
pub struct LocaleFolders {
    /// Codes of real folders, source locale first, then sorted.
    pub codes: Vec<String>,
    /// Names (shaped like locale codes) of symbolic links, to a folder or dangling, sorted:
    /// never followed, so a contribution cannot make polydoc publish messages from elsewhere.
    pub links: Vec<String>,
}

impl LocaleFolders {
    /// The locales to use, source locale first, each once: `requested` (every real folder when
    /// `None`). Invalid codes, codes with no folder (apart from `extra`, which are made rather
    /// than read), a missing source locale, and a linked source or requested locale are errors.
    pub fn select(&self, requested: Option<&[String]>, extra: &[&str]) -> Result<Vec<String>> {
        self.refuse_link(SOURCE_LOCALE)?;
        let available = &self.codes;
        if !available.iter().any(|c| c == SOURCE_LOCALE) {
            bail!("locales/{SOURCE_LOCALE}/ is missing: the source locale is required");
        }
        let mut wanted = vec![SOURCE_LOCALE.to_string()];
        for code in requested.unwrap_or(available) {
            parse_locale_code(code)?;
            self.refuse_link(code)?;
            if !available.contains(code) && !extra.contains(&code.as_str()) {
                bail!(
                    "unknown locale `{code}`: no folder locales/{code}/ (available: {})",
                    available.join(", ")
                );
            }
            if !wanted.contains(code) {
                wanted.push(code.clone());
            }
        }
        Ok(wanted)
    }

    /// Refuses locale `code` when its folder is a symbolic link: the source locale, or one
    /// requested by name, cannot be skipped.
    pub fn refuse_link(&self, code: &str) -> Result<()> {
        if self.links.iter().any(|l| l == code) {
            bail!("locale `{code}`: locales/{code} is a symbolic link ({LINK_HINT})");
        }
        Ok(())
    }
}

/// Lists `root/locales` (refused when it is a symbolic link itself).
pub fn locale_folders(root: &Path) -> Result<LocaleFolders> {
    let dir = root.join("locales");
    crate::fsafe::refuse_symlinks(&dir, Path::new("locales"))?;
    let cannot = || format!("cannot read {}", dir.display());
    let mut found = LocaleFolders::default();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .with_context(cannot)?
        .collect::<std::io::Result<_>>()
        .with_context(cannot)?;
    entries.sort_by_key(|e| e.file_name());
    let mut names = crate::names::FolderNames::default();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().with_context(cannot)?;
        if kind.is_dir() {
            // A folder that is no locale code says so first (control characters included).
            parse_locale_code(&name)?;
        }
        check_source_entry(&Path::new("locales").join(&name), &kind, &mut names)?;
        if kind.is_dir() {
            found.codes.push(name);
        } else if kind.is_symlink() && parse_locale_code(&name).is_ok() {
            found.links.push(name);
        }
    }
    found.codes.sort_by_key(|c| (c != SOURCE_LOCALE, c.clone()));
    found.links.sort();
    Ok(found)
}

/// Locale codes found under `root/locales` (real folders only), source locale first, then
/// sorted.
pub fn available_locales(root: &Path) -> Result<Vec<String>> {
    Ok(locale_folders(root)?.codes)
}

/// Checks a locale code is a plain BCP 47 tag (letters, digits, `-`), safe as a folder name.
pub fn parse_locale_code(code: &str) -> Result<LanguageIdentifier> {
    let plain = !code.is_empty()
        && code.len() <= 35
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !plain {
        bail!("invalid locale code {code:?}: use a BCP 47 tag such as `de` or `pt-BR`");
    }
    code.parse()
        .map_err(|_| anyhow::anyhow!("invalid locale code {code:?}: not a BCP 47 language tag"))
}

impl Catalog {
    /// Loads the requested locales (all available when `None`); the source locale is always
    /// loaded first because every other locale falls back to it. A locale folder that is a
    /// symbolic link is skipped (see [`Catalog::warnings`]), or refused when requested.
    pub fn load(root: &Path, requested: Option<&[String]>) -> Result<Catalog> {
        let folders = locale_folders(root)?;
        let wanted = folders.select(requested, &[pseudo::PSEUDO_LOCALE])?;
        let available = &folders.codes;
        let mut locales = Vec::with_capacity(wanted.len());
        for code in &wanted {
            let locale = if code == pseudo::PSEUDO_LOCALE && !available.contains(code) {
                pseudo_locale(&locales[0])?
            } else {
                load_locale(root, code)?
            };
            locales.push(locale);
        }
        Ok(Catalog { locales, linked_folders: folders.links })
    }

    /// The source locale.
    pub fn source(&self) -> &Locale {
        &self.locales[0]
    }

    /// One warning per symbolic link skipped: locale folders, and `.ftl` files in a folder.
    pub fn warnings(&self) -> Vec<Warning> {
        let folders = self.linked_folders.iter().map(|code| Warning(format!("locales/{code}: symbolic link skipped, so locale `{code}` is not built ({LINK_HINT})")));
        let files = self.locales.iter().flat_map(|l| {
            l.links.iter().map(|rel| Warning(format!("{}: {}", l.code, link_skipped(rel).0)))
        });
        folders.chain(files).collect()
    }
}

/// What to do about a symbolic link in a source folder (a build warning, a check finding).
pub const LINK_HINT: &str = "polydoc never follows links in source folders: replace the link with the file itself, or delete it";

/// The build warning for a symbolic link `rel` (relative to the project root) that was skipped.
pub fn link_skipped(rel: &Path) -> Warning {
    Warning(format!("{}: symbolic link skipped ({LINK_HINT})", rel.display()))
}

/// The `.ftl` entries of a locale folder, sorted by name.
#[derive(Debug, Default)]
pub struct FtlEntries {
    /// Regular files, to read.
    pub files: Vec<PathBuf>,
    /// Symbolic links (dangling or not), never followed: polydoc reads only real files inside
    /// the project, so a contribution cannot make it publish a file from elsewhere.
    pub links: Vec<PathBuf>,
}

/// Lists the `.ftl` entries of `dir` (a locale folder, `locales/<code>`) without following
/// symbolic links. Every entry of the folder is checked on the way: a special file or an
/// unportable name is an error naming it (see [`check_source_entry`]).
pub fn ftl_entries(dir: &Path) -> Result<FtlEntries> {
    let cannot = || format!("cannot read {}", dir.display());
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(cannot)?
        .collect::<std::io::Result<_>>()
        .with_context(cannot)?;
    entries.sort_by_key(|e| e.file_name());
    let shown_dir = Path::new("locales").join(dir.file_name().unwrap_or_default());
    let mut names = crate::names::FolderNames::default();
    for entry in &entries {
        let kind = entry.file_type().with_context(cannot)?;
        check_source_entry(&shown_dir.join(entry.file_name()), &kind, &mut names)?;
    }
    let mut found = FtlEntries::default();
    for entry in entries.iter().filter(|e| e.path().extension().is_some_and(|x| x == "ftl")) {
        let kind = entry.file_type().with_context(cannot)?;
        if kind.is_symlink() {
            found.links.push(entry.path());
        } else if kind.is_file() {
            found.files.push(entry.path());
        }
    }
    Ok(found)
}

/// The pseudo-locale, made from the source locale's files (see [`pseudo`]).
fn pseudo_locale(source: &Locale) -> Result<Locale> {
    let mut files = BTreeMap::new();
    for (stem, file) in &source.files {
        let text = pseudo::pseudo_ftl(&file.text)?;
        let path = PathBuf::from("locales").join(pseudo::PSEUDO_LOCALE).join(format!("{stem}.ftl"));
        let kept =
            if file.kept.is_some() { Some(Arc::new(parse_resource(&path, &text)?)) } else { None };
        files.insert(stem.clone(), FtlFile { path, text, kept });
    }
    Ok(Locale {
        code: pseudo::PSEUDO_LOCALE.to_string(),
        langid: parse_locale_code(pseudo::PSEUDO_LOCALE)?,
        files,
        links: Vec::new(),
        shared: Default::default(),
    })
}

fn load_locale(root: &Path, code: &str) -> Result<Locale> {
    let langid = parse_locale_code(code)?;
    let dir = root.join("locales").join(code);
    let mut files = BTreeMap::new();
    crate::fsafe::refuse_symlinks(&dir, &Path::new("locales").join(code))?;
    let entries = ftl_entries(&dir)?;
    let parsed: Vec<(String, FtlFile)> = entries
        .files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let keep = stem == UI_FILE;
            Ok((stem, read_listed_ftl(path, &rel, keep)?))
        })
        .collect::<Result<_>>()?;
    files.extend(parsed);
    let links = entries
        .links
        .iter()
        .map(|path| path.strip_prefix(root).unwrap_or(path).to_path_buf())
        .collect();
    Ok(Locale { code: code.to_string(), langid, files, links, shared: Default::default() })
}

/// Reads one FTL file; `keep` parses it now (reporting syntax errors) and keeps the result.
pub fn read_ftl(path: &Path, rel: &Path, keep: bool) -> Result<FtlFile> {
    crate::fsafe::refuse_symlinks(path, rel)?;
    read_listed_ftl(path, rel, keep)
}

/// [`read_ftl`] for a file listed by [`ftl_entries`] in a folder already checked for links.
fn read_listed_ftl(path: &Path, rel: &Path, keep: bool) -> Result<FtlFile> {
    let text = crate::fsafe::read_listed(path, rel)?;
    if let Some(excess) = crate::limits::ftl_excess(&text) {
        return Err(SourceError::at_offset(rel, &text, excess.offset, excess.message).into());
    }
    if let Some(offset) = ftl_syntax::excessive_nesting(&text) {
        return Err(
            SourceError::at_offset(rel, &text, offset, ftl_syntax::nesting_message()).into()
        );
    }
    let kept = if keep { Some(Arc::new(parse_resource(rel, &text)?)) } else { None };
    Ok(FtlFile { path: rel.to_path_buf(), text, kept })
}

/// Parses FTL text; syntax errors (all of them) name file, line and column.
/// Syntax errors of one file shown at most (a broken file may have one per line).
const MAX_SYNTAX_ERRORS: usize = 10;

fn parse_resource(rel: &Path, text: &str) -> Result<FluentResource> {
    match FluentResource::try_new(text.to_string()) {
        Ok(resource) => Ok(resource),
        Err((_, errors)) => {
            let shown = errors
                .iter()
                .take(MAX_SYNTAX_ERRORS)
                .map(|e| {
                    let offending: String = e
                        .slice
                        .clone()
                        .and_then(|s| text.get(s))
                        .map(|s| s.lines().next().unwrap_or("").chars().take(80).collect())
                        .unwrap_or_default();
                    SourceError::at_offset(
                        rel,
                        text,
                        ftl_syntax::syntax_error_offset(text, e),
                        format!("Fluent syntax error: {} (in `{}`)", e.kind, offending.trim()),
                    )
                })
                .collect();
            let more = errors.len().saturating_sub(MAX_SYNTAX_ERRORS);
            Err(SourceErrors { errors: shown, more, file: rel.to_path_buf() }.into())
        }
    }
}

/// Where a message is defined in an FTL file: 1-based line and column of its id.
pub fn message_position(text: &str, id: &str) -> Option<(usize, usize)> {
    message_offset(text, id).map(|offset| crate::diag::line_col(text, offset))
}

/// Byte offset of the line defining message `id` (`id =` at the start of a line).
pub fn message_offset(text: &str, id: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let defines = line.strip_prefix(id).is_some_and(|rest| rest.trim_start().starts_with('='));
        if defines {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

pub(crate) type Bundle = FluentBundle<Arc<FluentResource>>;

/// Formats the messages of one operation in one locale, falling back to the source locale.
pub struct Messages<'c> {
    locale: &'c Locale,
    source: &'c Locale,
    op_file: String,
    bundle: layers::Layers<'c>,
    fallback: layers::Layers<'c>,
    terms: terms::TermSource<'c>,
    warnings: Mutex<Vec<Warning>>,
    /// What [`Messages::html`] gives: safe HTML, or safe Markdown for the output formats whose
    /// page model holds Markdown in its `_html` fields (the output format says which).
    markup: Markup,
    /// When set, [`Messages::html`] marks a message shown in the source locale's words on a
    /// page of another locale: `lang` of the source and a "not yet translated" note.
    marks: std::sync::atomic::AtomicBool,
}

/// How an output format wants formatted messages: the markup of a page model's `_html` fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Markup {
    /// Safe inline HTML (the site, the page JSON).
    #[default]
    Html,
    /// Safe CommonMark/MDX: only the allowed inline Markdown active, everything else escaped.
    Markdown,
    /// [`Markup::Markdown`] with `<` in text written `&lt;` (OpenAPI descriptions, whose
    /// linters scan the raw text for tags).
    MarkdownEntities,
}

impl Markup {
    /// Inline Markdown (a formatted message) in this markup.
    pub fn inline(self, markdown: &str) -> String {
        match self {
            Markup::Html => markdown::inline_html(markdown),
            Markup::Markdown => safe_markdown::inline_markdown(markdown),
            Markup::MarkdownEntities => safe_markdown::inline_markdown_entities(markdown),
        }
    }
}

/// polydoc's own English page chrome (`locales/en/ui.ftl` of this repository), compiled in:
/// the bottom layer of the source locale, so a project whose `ui.ftl` predates a message the
/// built-in templates need still builds (in English for that message) instead of failing.
pub fn builtin_ui() -> Arc<FluentResource> {
    static BUILTIN: std::sync::OnceLock<Arc<FluentResource>> = std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            Arc::new(
                FluentResource::try_new(include_str!("../../locales/en/ui.ftl").to_string())
                    .expect("built-in ui.ftl parses"),
            )
        })
        .clone()
}

/// Whether polydoc's own page chrome defines message `id` (`query-select`): a project that
/// uses it need not define it.
pub fn builtin_defines(id: &str) -> bool {
    builtin_ui().entries().any(|e| match e {
        fluent_syntax::ast::Entry::Message(m) => m.id.name == id,
        _ => false,
    })
}

/// The page chrome (`ui.ftl`) polydoc ships per locale, the source locale first: what
/// `import openapi --locales` starts a translation with.
pub const SHIPPED_UI: &[(&str, &str)] = &[
    (SOURCE_LOCALE, include_str!("../../locales/en/ui.ftl")),
    ("de", include_str!("../../locales/de/ui.ftl")),
    ("es", include_str!("../../locales/es/ui.ftl")),
];

/// polydoc's own `ui.ftl` for locale `code`, if it ships one.
pub fn shipped_ui(code: &str) -> Option<&'static str> {
    SHIPPED_UI.iter().find(|(c, _)| *c == code).map(|(_, text)| *text)
}

impl<'c> Messages<'c> {
    /// Messages for operation file `op_file` (its id) in `locale`; `terms` are the spec terms
    /// messages may name as variables, and `extra` further variables (already Markdown).
    pub fn new(
        catalog: &'c Catalog,
        locale: &'c Locale,
        op_file: &str,
        terms: Vec<(String, String)>,
    ) -> Result<Self> {
        Self::with_terms(catalog, locale, op_file, terms::TermSource::list(terms))
    }

    /// Messages of operation `op` in `locale`, whose spec terms are looked up in `op` and
    /// `schema` when a message uses one.
    pub fn for_operation(
        catalog: &'c Catalog,
        locale: &'c Locale,
        op: &'c crate::spec::Operation,
        schema: &'c crate::spec::Schema,
    ) -> Result<Self> {
        Self::with_terms(catalog, locale, op.id(), terms::TermSource::operation(op, schema))
    }

    fn with_terms(
        catalog: &'c Catalog,
        locale: &'c Locale,
        op_file: &str,
        terms: terms::TermSource<'c>,
    ) -> Result<Self> {
        Ok(Messages {
            locale,
            source: catalog.source(),
            op_file: op_file.to_string(),
            bundle: layers::Layers::new(locale, op_file)?,
            fallback: layers::Layers::new(catalog.source(), op_file)?,
            terms,
            warnings: Mutex::new(Vec::new()),
            markup: Markup::Html,
            marks: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Turns marking of untranslated messages in [`Messages::html`] on or off (HTML only:
    /// the Markdown outputs never mark).
    pub fn set_untranslated_marks(&self, on: bool) {
        self.marks.store(on && self.markup == Markup::Html, std::sync::atomic::Ordering::Relaxed);
    }

    /// The locale's note for an untranslated message (`untranslated` of its `ui.ftl`), in the
    /// page's own language when it has it.
    fn untranslated_note(&self) -> Option<(String, &str)> {
        let (layers, locale) = if self.bundle.has_message("untranslated") {
            (&self.bundle, self.locale)
        } else {
            (&self.fallback, self.source)
        };
        let (bundle, message) = layers.get_message("untranslated")?;
        let pattern = message.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors).into_owned();
        errors.is_empty().then(|| (markdown::inline_html(&text), locale.code.as_str()))
    }

    /// These messages, formatting to `markup` in [`Messages::html`] and [`Messages::inline`].
    pub fn with_markup(mut self, markup: Markup) -> Self {
        self.markup = markup;
        self
    }

    /// Inline Markdown in this output's markup: safe HTML, or safe Markdown (only the allowed
    /// inline Markdown active, everything else escaped) in the Markdown outputs.
    pub fn inline(&self, markdown: &str) -> String {
        self.markup.inline(markdown)
    }

    /// The warnings collected so far (missing translations).
    pub fn take_warnings(&self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings.lock().expect("warnings lock"))
    }

    /// Which file a message should live in for this locale.
    fn file_for(&self, locale: &Locale, id: &str) -> PathBuf {
        for stem in [self.op_file.as_str(), UI_FILE] {
            if let Some(f) = locale.files.get(stem) {
                if message_position(&f.text, id).is_some() {
                    return f.path.clone();
                }
            }
        }
        let stem = if self.op_file.is_empty() || UI_MESSAGES_USED_BY_CODE.contains(&id) {
            UI_FILE
        } else {
            &self.op_file
        };
        PathBuf::from("locales").join(&locale.code).join(format!("{stem}.ftl"))
    }

    /// `file:line` of English message `id` in the project's files (none for a message only
    /// polydoc's built-in `ui.ftl` has).
    fn english_position(&self, id: &str) -> Option<String> {
        [self.op_file.as_str(), UI_FILE].iter().find_map(|stem| {
            let f = self.source.files.get(*stem)?;
            let (line, _) = message_position(&f.text, id)?;
            Some(format!("{}:{line}", f.path.display()))
        })
    }

    /// The locale the messages are formatted in.
    pub fn locale(&self) -> &'c Locale {
        self.locale
    }

    /// True when the operation's own file defines message `id` (in this locale).
    pub(crate) fn own_has(&self, id: &str) -> bool {
        self.bundle.own_has(id)
    }

    /// The markup [`Messages::html`] gives.
    pub fn markup(&self) -> Markup {
        self.markup
    }

    /// True when message `id` is formatted the same on every page of the locale: the
    /// locale's `ui.ftl` has it (no fallback, no warning) and it reads no variable, and the
    /// operation's own file does not override it.
    pub(crate) fn is_locale_constant(&self, id: &str) -> bool {
        if self.bundle.own_has(id) {
            return false;
        }
        let shared = self.bundle.shared().bundle();
        let value = shared.get_message(id).and_then(|m| m.value());
        value.is_some_and(|v| referenced::variables_of(shared, v).is_empty())
    }

    /// The locale-constant chrome messages of this locale and markup, made by `make` once.
    pub(crate) fn shared_chrome(
        &self,
        make: impl FnOnce() -> Result<BTreeMap<String, String>>,
    ) -> Result<&'c BTreeMap<String, String>> {
        self.bundle.shared().chrome(self.markup as usize, make)
    }

    /// True when the message exists in the source locale.
    pub fn exists(&self, id: &str) -> bool {
        self.fallback.has_message(id)
    }

    /// Formats message `id` with `args` (Markdown values), returning safe inline HTML.
    pub fn html(&self, id: &str, args: &[(&str, String)]) -> Result<String> {
        let mut html = self.inline(&self.markdown(id, args)?);
        if self.markup == Markup::Html {
            html = markdown::localize_learn_links(&html, &self.locale.code);
        }
        let marking = self.marks.load(std::sync::atomic::Ordering::Relaxed);
        if !marking || self.locale.code == self.source.code || self.bundle.has_message(id) {
            return Ok(html);
        }
        let source = &self.source.code;
        Ok(match self.untranslated_note() {
            Some((note, lang)) => format!(
                "<span class=\"untranslated\" lang=\"{source}\">{html}</span> <small class=\"untranslated-mark\" lang=\"{lang}\">{note}</small>"
            ),
            None => format!("<span class=\"untranslated\" lang=\"{source}\">{html}</span>"),
        })
    }

    /// Formats message `id` as plain text (for `<title>` and attributes): Markdown is rendered
    /// then tags are dropped; the caller escapes.
    pub fn text(&self, id: &str, args: &[(&str, String)]) -> Result<String> {
        let html = markdown::inline_html(&self.markdown(id, args)?);
        Ok(strip_tags(&html))
    }

    /// Formats message `id` to its Markdown source, with fallback and located errors.
    pub fn markdown(&self, id: &str, args: &[(&str, String)]) -> Result<String> {
        let (layers, locale) = if self.bundle.has_message(id) {
            (&self.bundle, self.locale)
        } else {
            if !self.fallback.has_message(id) {
                let file = self.file_for(self.source, id);
                bail!(
                    "{}: message `{id}` is not defined (the spec or a template needs it)",
                    file.display()
                );
            }
            let file = self.file_for(self.locale, id).display().to_string();
            let english = self.english_position(id);
            self.warnings.lock().expect("warnings lock").push(missing::missing_warning(
                &self.locale.code,
                &file,
                id,
                english.as_deref(),
            ));
            (&self.fallback, self.source)
        };
        let (bundle, message) = layers.get_message(id).expect("checked above");
        let pattern = message.value().with_context(|| {
            format!("{}: message `{id}` has no value", self.file_for(locale, id).display())
        })?;
        let fluent_args = self.arguments(referenced::variables_of(bundle, pattern), args);
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
        if let Some(err) = errors.first() {
            return Err(self.format_error(locale, id, args, err).into());
        }
        Ok(out)
    }
}

/// An explicit argument's Fluent value: a whole number (`example-heading`'s `$number`) is
/// passed as a number, so plural variants (`[one]`) select on it by the locale's CLDR rules (a
/// string never matches them); anything else as a string.
fn explicit_value(value: &str) -> FluentValue<'_> {
    let digits = !value.is_empty() && value.len() < 16 && value.bytes().all(|b| b.is_ascii_digit());
    match digits.then(|| value.parse::<u64>().ok()).flatten() {
        Some(n) => FluentValue::from(n),
        None => FluentValue::from(value),
    }
}

impl Messages<'_> {
    /// The arguments for a message that reads variables `names` (sorted): each from the
    /// explicit `args` (which win) or the spec terms; names that are neither stay unset, for
    /// Fluent to report as unknown.
    fn arguments<'a>(&self, names: Vec<&'a str>, args: &'a [(&str, String)]) -> FluentArgs<'a> {
        let mut out = FluentArgs::with_capacity(names.len());
        for name in names {
            match args.iter().rev().find(|(k, _)| *k == name) {
                Some((key, value)) => out.set(*key, explicit_value(value)),
                None => {
                    if let Some(value) = self.terms.get(name) {
                        out.set(name, FluentValue::from(value));
                    }
                }
            }
        }
        out
    }

    /// The located error for message `id` of `locale` that could not be formatted: an unknown
    /// variable is pointed at (`$grop`, with a "did you mean" hint), anything else at the id.
    fn format_error(
        &self,
        locale: &Locale,
        id: &str,
        args: &[(&str, String)],
        err: &fluent_bundle::FluentError,
    ) -> SourceError {
        use fluent_bundle::resolver::{errors::ReferenceKind, ResolverError};
        let file = self.file_for(locale, id);
        let text = locale.files.values().find(|f| f.path == file).map(|f| f.text.as_str());
        let message = format!("message `{id}` cannot be formatted: {err}{}", limit_note(err));
        let start = text.and_then(|t| message_offset(t, id));
        let unknown = match err {
            fluent_bundle::FluentError::ResolverError(ResolverError::Reference(
                ReferenceKind::Variable { id: name },
            )) => Some(name.as_str()),
            _ => None,
        };
        if let (Some(text), Some(start), Some(name)) = (text, start, unknown) {
            let end = entry_end(text, start);
            if let Some(at) = variables::variable_offset(text, start, end, name) {
                let names = self.terms.names();
                let known = names.iter().map(String::as_str).chain(args.iter().map(|(k, _)| *k));
                return SourceError::at_offset(&file, text, at, message)
                    .with_width(name.chars().count() + 1)
                    .with_help(variables::hint(name, known));
            }
        }
        match (text, start) {
            (Some(text), Some(start)) => SourceError::at_offset(&file, text, start, message),
            _ => SourceError::new(&file, text, 1, 1, message),
        }
    }
}

/// Byte offset where the entry starting at `start` ends: the next line that starts a new entry
/// (not indented, not blank, not a closing `}`), or the end of the text.
fn entry_end(text: &str, start: usize) -> usize {
    let next_line = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    let mut at = next_line(start);
    while at < text.len() {
        if text[at..].starts_with(|c: char| !c.is_whitespace() && c != '}') {
            return at;
        }
        at = next_line(at);
    }
    text.len()
}

/// Names the limit behind Fluent's refusal to resolve too many placeables.
fn limit_note(err: &fluent_bundle::FluentError) -> String {
    use fluent_bundle::{resolver::ResolverError, FluentError};
    match err {
        FluentError::ResolverError(ResolverError::TooManyPlaceables) => format!(
            " (more than {} placeables, those of referenced messages and terms included)",
            crate::limits::MAX_PLACEABLES
        ),
        _ => String::new(),
    }
}

/// Drops tags from our own inline HTML and unescapes the entities it contains.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Wraps a spec term as a Markdown code span (terms never contain backticks; any that do
/// are rendered with a longer fence).
pub fn code_span(term: &str) -> String {
    if term.contains('`') {
        format!("`` {term} ``")
    } else {
        format!("`{term}`")
    }
}
