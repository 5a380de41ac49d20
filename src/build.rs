//! The `build` command: runs the stages in order and hands owned data from one to the next:
//! load -> validate -> snippets (once for all locales) -> localize -> render -> write.

use crate::cache::{key_of, Cache, CachedOperation, CachedPage, CachedSiteFiles, Manifest};
use crate::code::operation_code;
use crate::diag::Warning;
use crate::highlight::Highlighter;
use crate::localize::missing::{PageWarnings, Warnings};
use crate::localize::page::{localize_page_as, localize_title, NavLink, Neighbours, PageLinks};
use crate::localize::{Catalog, Messages};
use crate::output::{alternates, OpEntry, OutputFormat, PageAt, Site};
use crate::render::Renderer;
use crate::spec::load::{parse_operation, parse_schema, scan_content, ContentFiles, SourceFile};
use crate::spec::{Operation, Schema};
use crate::write::{
    after_swap, check_output_dir, check_output_format, output_generation, resolve_output, Marker,
    Staging, TreeScan, WorkDir,
};
use anyhow::{bail, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Called with (operations done, operations in all) while pages are written.
pub type Progress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// What to build and how strictly.
#[derive(Clone)]
pub struct BuildOptions {
    /// Project root (holds `content/`, `locales/`, optional `templates/`).
    pub root: PathBuf,
    /// Output folder, replaced as a whole on success.
    pub out: PathBuf,
    /// Locales to build; all under `locales/` when `None`.
    pub locales: Option<Vec<String>>,
    /// Treat warnings (missing translations) as errors.
    pub strict: bool,
    /// Reuse pages whose inputs did not change (cache beside the output folder).
    pub cache: bool,
    /// Progress reports, if wanted.
    pub progress: Option<Progress>,
    /// The site's public URL ending in `/` (`https://example.com/docs/`): makes canonical and
    /// alternate links absolute and adds `sitemap.xml`. Relative links only when `None`.
    pub base_url: Option<String>,
    /// What to write: the HTML site (default), page JSON, Markdown... ([`crate::output::all`]).
    pub format: &'static dyn OutputFormat,
    /// Replace an output written in another format (`--force`); refused otherwise.
    pub force: bool,
    /// Index the HTML site for its search box (`pagefind/<locale>/`); `--no-search` skips it.
    pub search: bool,
}

impl BuildOptions {
    /// A full build of the project at `root` into `out` in every locale, as HTML: no cache,
    /// not strict, no base URL, no progress, never replacing another format.
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            out: out.into(),
            locales: None,
            strict: false,
            cache: false,
            progress: None,
            base_url: None,
            format: crate::output::default_format(),
            force: false,
            search: true,
        }
    }
}

/// Checks a `--base-url` value and returns it ending in `/`.
pub fn normalize_base_url(url: &str) -> Result<String> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.len() <= "http://".len()
    {
        bail!("--base-url must be an absolute http(s) URL such as https://example.com/docs/, not `{url}`");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '?' | '#'))
    {
        bail!("--base-url must not contain spaces, quotes, angle brackets, a query or a fragment: `{url}`");
    }
    Ok(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

/// What a successful build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Operation pages written (all locales).
    pub pages: usize,
    /// Locales built.
    pub locales: Vec<String>,
    /// Warnings, in the order raised (repeats count once).
    pub warnings: Warnings,
    /// Wall time per stage, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Operation pages rendered (not taken from the cache).
    pub rendered: usize,
}

/// Records how long each stage took.
struct Stopwatch {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Stopwatch {
    fn new() -> Self {
        Stopwatch { last: std::time::Instant::now(), laps: Vec::new() }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Builds the site; nothing in the output changes unless every page rendered.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let mut clock = Stopwatch::new();
    // A symbolic link as --out is kept: the build replaces the folder it points to.
    let out = resolve_output(&opts.out)?;
    check_output_dir(&opts.root, &out)?;
    check_output_format(&out, opts.format.name(), opts.force)?;
    let work = WorkDir::open(&out)?;
    clock.lap("open the work folder");
    // Only the HTML site is built incrementally; the other formats are always written whole.
    let use_cache = opts.cache && opts.format.incremental();
    // Without the cache there is no incremental build and no spare: nothing to scan.
    let scan = use_cache.then(|| work.scan_in_background());
    let files = scan_content(&opts.root)?;
    clock.lap("read specs");
    let catalog = Catalog::load(&opts.root, opts.locales.as_deref())?;
    let names = locale_names(&catalog)?;
    clock.lap("read messages");
    let renderer = Renderer::new(&opts.root)?;
    clock.lap("read templates");
    let base_url = opts.base_url.as_deref().map(normalize_base_url).transpose()?;
    let global = key_of(&(global_key(&files, &catalog, &renderer), &base_url, opts.format.name()));
    clock.lap("global key");
    let cache = Cache::open(work.dir().to_path_buf(), &global, use_cache)?;
    clock.lap("read the cache manifest");
    let schema = OnceLock::new();
    let schema_of = || -> Result<&Schema> {
        if let Some(s) = schema.get() {
            return Ok(s);
        }
        let parsed = cache.schema(&files.schemas, parse_schema)?;
        Ok(schema.get_or_init(|| parsed))
    };
    let mut ops = plan_operations(&files, &catalog, &cache)?;
    clock.lap("plan");
    parse_changed(&mut ops, &catalog, &schema_of)?;
    sort_and_check_ids(&mut ops)?;
    check_see_also(&ops)?;
    link_see_also(&mut ops);
    clock.lap("load and validate changed specs");
    let outline = crate::site::Outline::new(ops.iter().map(|o| o.section.as_str()));
    let keys = page_keys(&global, &ops, &catalog, &outline);
    let generation = key_of(&(&global, &keys));
    // Write only what changed when the output is exactly what the manifest describes.
    let trees = scan.map(TreeScan::join).transpose()?;
    let incremental = trees.as_ref().is_some_and(|trees| {
        !cache.previous.generation.is_empty()
            && output_generation(work.out()) == Some(cache.previous.generation.clone())
            && trees.out.files() == cache.previous.files
    });
    // With a cache, an existing output is updated through its hard-linked spare (all files
    // when the build is not incremental): far cheaper than a fresh folder tree plus deleting
    // the old one.
    let marker = Marker { generation: &generation, format: opts.format.name() };
    let staging = match trees {
        Some(trees) if work.out().is_dir() => Staging::mirror(&work, trees, marker)?,
        _ => Staging::fresh(&work, marker)?,
    };
    clock.lap("scan output, prepare staging");
    let highlighter = Highlighter::new();
    let entries = op_entries(&ops);
    let ctx = Shared {
        catalog: &catalog,
        content: &files,
        names: &names,
        highlighter: &highlighter,
        renderer: &renderer,
        staging: &staging,
        previous: incremental.then_some(&cache.previous),
        base_url: base_url.as_deref(),
        format: opts.format,
        root: &opts.root,
        outline: &outline,
        entries: &entries,
        coverage: None,
    };
    let pages = match opts.format.pages() {
        true => write_operations(&ctx, &ops, &keys, &schema_of, opts.progress.as_ref())?,
        false => Vec::new(),
    };
    clock.lap("snippets, localize, render, write pages");
    let mut warnings = Warnings::from(catalog.warnings());
    files.warnings().into_iter().chain(renderer.warnings()).for_each(|w| warnings.push(w));
    ops.iter().flat_map(|o| o.warnings.iter().cloned()).for_each(|w| warnings.push(w));
    pages.iter().flatten().for_each(|p| warnings.add(p.warnings.clone()));
    let (coverage, units) = match opts.format.navigation() {
        true => crate::site::coverage::coverage_with(&opts.root, &catalog, &cache.previous.units),
        false => Default::default(),
    };
    let site_key = site_files_key(&global, &ops, &catalog, &coverage, &opts.root);
    let ctx = Shared { coverage: opts.format.navigation().then_some(coverage.as_slice()), ..ctx };
    let site_done = write_site_files(&ctx, opts, &schema_of, &site_key)?;
    site_done.warnings.iter().cloned().for_each(|w| warnings.push(Warning(w)));
    let navigation = site_done.files.clone();
    clock.lap("index pages and assets");
    let mut report = BuildReport {
        pages: ops.len() * catalog.locales.len(),
        locales: catalog.locales.iter().map(|l| l.code.clone()).collect(),
        warnings,
        timings: Vec::new(),
        rendered: pages.iter().flatten().filter(|p| p.rendered).count(),
    };
    if opts.strict && !report.warnings.is_empty() {
        let shown = crate::localize::missing::summarize(&report.warnings, false);
        let list: Vec<String> = shown.iter().map(|w| w.to_string()).collect();
        let count = report.warnings.len();
        bail!("--strict: {count} warning(s) are errors:\n{}", list.join("\n"));
    }
    let pages: std::collections::BTreeMap<String, CachedPage> = pages
        .into_iter()
        .flatten()
        .map(|p| (p.rel, CachedPage { key: p.key, warnings: p.warnings }))
        .collect();
    let mut files = site_files(&pages, navigation, base_url.is_some());
    clock.lap("collect warnings and files");
    // Indexed after the strict check: the pages searched are exactly the files the site keeps.
    let (search_files, memo) =
        write_search(&ctx, opts, &staging, &files, use_cache.then(|| work.dir()))?;
    clock.lap("search index");
    files.extend(search_files);
    files.sort();
    // Once the new site is in place the build has succeeded: what follows only keeps the
    // work folder tidy, and a failure there is a warning, not a failed build.
    // After the commit the spare holds the output this build replaced (an incremental build)
    // or, refreshed below, the new site.
    let mut spare_files = match incremental {
        true => staging.replaced_files(),
        false => Some(files.clone()),
    };
    let committed = staging.commit(&files)?;
    committed.warnings.into_iter().for_each(|w| report.warnings.push(w));
    work.succeeded();
    clock.lap("swap output");
    let out = work.out().to_path_buf();
    let mut tidy = |what: &str, step: Result<()>| {
        if let Err(e) = step {
            report.warnings.push(after_swap(&out, what, e));
        }
    };
    // Keep the spare a linked copy of the output, so the next incremental build starts ready.
    if !incremental && use_cache {
        let refreshed = work.refresh_spare();
        if refreshed.is_err() {
            spare_files = None;
        }
        tidy("the spare copy for the next build was not made", refreshed);
    }
    let manifest = Manifest {
        global,
        generation,
        files,
        operations: ops
            .iter()
            .map(|p| (p.file.rel.to_string_lossy().into_owned(), p.to_cached()))
            .collect(),
        pages,
        site: site_done,
        units,
    };
    // The manifest is written on another thread while the snapshots are saved: a whole
    // API's are tens of megabytes each.
    let finished = std::thread::scope(|scope| {
        let writer = scope.spawn(|| cache.finish(&manifest));
        // Only a speed-up: without it the next build reads every page again.
        // A refreshed spare linked every page anew, which moved their change times.
        let relinked = (!incremental).then_some(out.as_path());
        let memo = memo.map(|(path, memo)| {
            scope.spawn(move || crate::search::save_memo(&path, memo, relinked))
        });
        // Only a speed-up: without snapshots the next build walks both trees.
        if let Some(spare_files) = spare_files.filter(|_| use_cache) {
            // Derived only when the spare is the previous output as it was (not refreshed).
            let basis = committed.basis.filter(|_| incremental);
            let _ = work.save_snapshots(&manifest.files, &spare_files, basis);
        }
        // The memo is only a speed-up: a failed writer leaves the next build reading every page.
        let _ = memo.map(|writer| writer.join());
        writer.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the cache writer failed")))
    });
    tidy("the cache manifest was not written (the next build is a full one)", finished);
    crate::cache::drop_later(manifest);
    if !use_cache {
        tidy("the work folder was not removed", work.close_without_cache());
    }
    clock.lap("keep the spare and the cache");
    report.timings = clock.laps;
    Ok(report)
}

/// Parses and validates the specs that changed, for their id, title and neighbours, and keeps
/// each parsed operation for its pages, which take it (and drop it once written): a spec is
/// parsed once per build.
fn parse_changed<'s>(
    ops: &mut [PlannedOp],
    catalog: &Catalog,
    schema_of: &(dyn Fn() -> Result<&'s Schema> + Sync),
) -> Result<()> {
    if ops.iter().all(|p| p.cached.is_some()) {
        return Ok(());
    }
    let schema = schema_of()?;
    ops.par_iter_mut().filter(|p| p.cached.is_none()).try_for_each(|plan| {
        let op = parse_operation(plan.file)?;
        crate::validate::validate_operation(schema, &op)?;
        fill_meta(plan, &op, catalog, schema)?;
        plan.parsed = std::sync::Mutex::new(Some(op));
        Ok(())
    })
}

/// Writes every operation's pages in parallel, reporting progress.
fn write_operations<'s>(
    ctx: &Shared,
    ops: &[PlannedOp],
    keys: &[Vec<String>],
    schema_of: &(dyn Fn() -> Result<&'s Schema> + Sync),
    progress: Option<&Progress>,
) -> Result<Vec<Vec<PageOutcome>>> {
    let done = std::sync::atomic::AtomicUsize::new(0);
    (0..ops.len())
        .into_par_iter()
        .map(|i| {
            let outcome = write_operation(ctx, ops, i, &keys[i], schema_of);
            if let Some(report) = progress {
                report(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, ops.len());
            }
            outcome
        })
        .collect()
}

/// The files besides operation pages that the output format has; returns the navigation
/// pages written (landing, area, type index and type pages) and the warnings raised, under
/// `key`. An incremental build whose previous files were made from the same key keeps them
/// as they are (the staging folder is a copy of the output): nothing is rendered.
fn write_site_files<'s>(
    ctx: &Shared,
    opts: &BuildOptions,
    schema_of: &(dyn Fn() -> Result<&'s Schema> + Sync),
    key: &str,
) -> Result<CachedSiteFiles> {
    if let Some(known) = ctx.previous.map(|m| &m.site).filter(|s| s.key == key) {
        return Ok(known.clone());
    }
    let schema = match opts.format.navigation() {
        true => Some(schema_of()?),
        false => None,
    };
    let mut raised = Vec::new();
    let files =
        opts.format.write_site_files(&ctx.site(&opts.root, schema), ctx.entries, &mut raised)?;
    let warnings = raised.into_iter().map(|w| w.0).collect();
    Ok(CachedSiteFiles { key: key.to_string(), files, warnings })
}

/// The key of everything the files besides operation pages are made from: the global key
/// (schema, templates, every `ui.ftl`, base URL, format), each operation's id, area, method,
/// path, titles and types, every locale's `types.ftl`, the coverage figures and the project's
/// own assets. An operation's other messages and spec fields do not reach those files.
fn site_files_key(
    global: &str,
    ops: &[PlannedOp],
    catalog: &Catalog,
    coverage: &[crate::site::coverage::Coverage],
    root: &std::path::Path,
) -> String {
    let entries: Vec<_> =
        ops.iter().map(|o| (&o.id, &o.section, &o.method, &o.path, &o.titles, &o.types)).collect();
    let types: Vec<(&str, &str)> = catalog
        .locales
        .iter()
        .map(|l| (l.code.as_str(), l.files.get("types").map_or("", |f| f.text.as_str())))
        .collect();
    let assets: Vec<Option<Vec<u8>>> = ["polydoc.css", "polydoc.js"]
        .iter()
        .map(|name| std::fs::read(root.join("templates/assets").join(name)).ok())
        .collect();
    key_of(&(global, entries, types, coverage, assets))
}

/// The operations as the output formats see them, in site order.
fn op_entries<'o>(ops: &'o [PlannedOp]) -> Vec<OpEntry<'o>> {
    ops.iter()
        .map(|o| OpEntry {
            id: &o.id,
            section: &o.section,
            method: &o.method,
            path: &o.path,
            titles: &o.titles,
            file: o.file,
            types: &o.types,
        })
        .collect()
}

/// The search memo to keep after the build, and its file in the work folder.
type MemoToKeep = Option<(PathBuf, crate::search::Memo)>;

/// The HTML site's search: the on-demand script of the search box and each locale's index of
/// the staged pages in `site` (all of them, also those kept from the previous build; a mirror
/// still holds pages the build drops at commit, which are not searched). Returns the files
/// written (none without search or in the other formats) and, with the cache on, the memo of
/// the index to keep in the work folder `work` (see [`crate::search::Memo`]).
fn write_search(
    ctx: &Shared,
    opts: &BuildOptions,
    staging: &Staging,
    site: &[String],
    work: Option<&Path>,
) -> Result<(Vec<String>, MemoToKeep)> {
    if !opts.format.navigation() || !opts.search {
        return Ok((Vec::new(), None));
    }
    let codes: Vec<String> = ctx.catalog.locales.iter().map(|l| l.code.clone()).collect();
    let put = ctx.site(ctx.root, None);
    put.put(crate::search::SCRIPT_REL, crate::search::SEARCH_JS.as_bytes())?;
    let mut written = vec![crate::search::SCRIPT_REL.to_string()];
    let memo_path = work.map(|w| w.join(crate::search::MEMO_FILE));
    let mut memo = memo_path.as_deref().map(crate::search::load_memo).unwrap_or_default();
    // The previous bundles are trusted only when the staging folder is the previous output.
    written.extend(crate::search::index_site(
        staging.dir(),
        site,
        &codes,
        ctx.previous.is_some(),
        &mut memo,
        &|rel, bytes| put.put(rel, bytes),
    )?);
    Ok((written, memo_path.map(|path| (path, memo))))
}

/// Every file a build writes: the operation pages, the navigation pages and the fixed ones.
fn site_files(
    pages: &std::collections::BTreeMap<String, CachedPage>,
    navigation: Vec<String>,
    sitemap: bool,
) -> Vec<String> {
    let mut files: Vec<String> = pages.keys().cloned().collect();
    files.extend(navigation);
    files.extend(
        [crate::write::MARKER, "index.html", "404.html", "assets/polydoc.css", "assets/polydoc.js"]
            .map(String::from),
    );
    if sitemap {
        files.push("sitemap.xml".to_string());
    }
    files.sort();
    files
}

/// One page of one operation: its key, whether it was rendered now, and its warnings.
struct PageOutcome {
    rel: String,
    key: String,
    rendered: bool,
    warnings: Arc<PageWarnings>,
}

/// One operation of this build: where it comes from and what is known about it so far.
struct PlannedOp<'f> {
    file: &'f SourceFile,
    /// Hash of the spec and its message files in every built locale.
    inputs: String,
    /// The previous build's entry when the inputs are unchanged.
    cached: Option<CachedOperation>,
    id: String,
    section: String,
    method: String,
    path: String,
    titles: Vec<String>,
    /// Ids of the related operations the page links to ("See also").
    see_also: Vec<String>,
    /// Their indexes in `ops` once in site order ([`link_see_also`]).
    related: Vec<usize>,
    /// Schema types of its body and responses.
    types: Vec<String>,
    warnings: Vec<Warning>,
    /// The operation as parsed while planning, until its pages take it.
    parsed: std::sync::Mutex<Option<Operation>>,
}

impl PlannedOp<'_> {
    fn to_cached(&self) -> CachedOperation {
        CachedOperation {
            inputs: self.inputs.clone(),
            id: self.id.clone(),
            section: self.section.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            titles: self.titles.clone(),
            see_also: self.see_also.clone(),
            types: self.types.clone(),
        }
    }
}

/// The global key: everything every page depends on.
fn global_key(files: &ContentFiles, catalog: &Catalog, renderer: &Renderer) -> String {
    let schemas: Vec<(&std::path::Path, &str)> =
        files.schemas.iter().map(|f| (f.rel.as_path(), f.text.as_str())).collect();
    let ui: Vec<(&str, &str)> = catalog
        .locales
        .iter()
        .map(|l| {
            (l.code.as_str(), l.files.get(crate::localize::UI_FILE).map_or("", |f| f.text.as_str()))
        })
        .collect();
    key_of(&(env!("CARGO_PKG_VERSION"), binary_identity(), schemas, ui, renderer.fingerprint()))
}

/// Identifies the running polydoc binary (size and modification time), so that a rebuilt
/// polydoc of the same version never reuses pages an older one rendered.
fn binary_identity() -> Option<(u64, std::time::SystemTime)> {
    let meta = std::env::current_exe().ok()?.metadata().ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Which operations exist, and which of them the cache already knows.
fn plan_operations<'f>(
    files: &'f ContentFiles,
    catalog: &Catalog,
    cache: &Cache,
) -> Result<Vec<PlannedOp<'f>>> {
    files
        .specs
        .iter()
        .map(|file| {
            let rel = file.rel.to_string_lossy().into_owned();
            let known = cache.previous.operations.get(&rel);
            // The id (and so the message file) is only known after parsing; a cached entry
            // whose inputs still hash the same proves the spec text is unchanged.
            let id_guess = known.map(|c| c.id.clone());
            let inputs = op_inputs(file, catalog, id_guess.as_deref());
            let cached = known.filter(|c| c.inputs == inputs).cloned();
            Ok(PlannedOp {
                file,
                inputs,
                id: cached.as_ref().map(|c| c.id.clone()).unwrap_or_default(),
                section: file.section.clone(),
                method: cached.as_ref().map(|c| c.method.clone()).unwrap_or_default(),
                path: cached.as_ref().map(|c| c.path.clone()).unwrap_or_default(),
                titles: cached.as_ref().map(|c| c.titles.clone()).unwrap_or_default(),
                see_also: cached.as_ref().map(|c| c.see_also.clone()).unwrap_or_default(),
                related: Vec::new(),
                types: cached.as_ref().map(|c| c.types.clone()).unwrap_or_default(),
                warnings: Vec::new(),
                parsed: std::sync::Mutex::new(None),
                cached,
            })
        })
        .collect()
}

/// Hash of a spec's text and, when its id is known, its message file in every locale.
fn op_inputs(file: &SourceFile, catalog: &Catalog, id: Option<&str>) -> String {
    let ftl: Vec<(&str, &str)> = match id {
        Some(id) => catalog
            .locales
            .iter()
            .map(|l| (l.code.as_str(), l.files.get(id).map_or("", |f| f.text.as_str())))
            .collect(),
        None => Vec::new(),
    };
    key_of(&(file.rel.as_path(), file.text.as_str(), id, ftl))
}

/// Completes id, method, path, titles and input key of an operation parsed in this build.
fn fill_meta(
    plan: &mut PlannedOp,
    op: &Operation,
    catalog: &Catalog,
    schema: &Schema,
) -> Result<()> {
    plan.id = op.id().to_string();
    plan.method = op.spec.method.as_str().to_string();
    plan.see_also = op.spec.see_also.iter().map(|s| s.value.clone()).collect();
    plan.path = op.spec.path.clone();
    plan.types = used_types(op, schema);
    plan.inputs = op_inputs(plan.file, catalog, Some(&plan.id));
    plan.titles.clear();
    for locale in &catalog.locales {
        let (title, warnings) = localize_title(catalog, locale, op, schema)?;
        plan.titles.push(title);
        plan.warnings.extend(warnings);
    }
    Ok(())
}

/// The schema types an operation's body and responses name directly, in name order.
fn used_types(op: &Operation, schema: &Schema) -> Vec<String> {
    let spec = &op.spec;
    let body = spec.body_type().map(str::to_string);
    let responses = spec.responses().into_iter().filter_map(|r| r.type_expr().map(str::to_string));
    let names: BTreeSet<String> = body
        .into_iter()
        .chain(responses)
        .map(|t| crate::spec::TypeRef::parse(&t).name)
        .filter(|n| schema.get(n).is_some())
        .collect();
    names.into_iter().collect()
}

/// Puts operations in site order (section, then id) and rejects duplicate ids.
fn sort_and_check_ids(ops: &mut [PlannedOp]) -> Result<()> {
    ops.sort_by(|a, b| (&a.section, &a.id).cmp(&(&b.section, &b.id)));
    let mut seen: std::collections::BTreeMap<&str, &std::path::Path> =
        std::collections::BTreeMap::new();
    let key = regex::Regex::new(r"(?m)^id:[ \t]*").expect("valid regex");
    for p in ops.iter() {
        if let Some(first) = seen.insert(p.id.as_str(), p.file.rel.as_path()) {
            // Pointed at the `id:` value of the second file, like every spec error.
            let text = &p.file.text;
            let offset = key.find(text).map_or(0, |m| m.end());
            let message = format!("operation id `{}` is already used by {}", p.id, first.display());
            return Err(
                crate::diag::SourceError::at_offset(&p.file.rel, text, offset, message).into()
            );
        }
    }
    Ok(())
}

/// Every `see_also` id names an operation of the site; an unknown one is an error at its line
/// (the spec is parsed again to locate it).
fn check_see_also(ops: &[PlannedOp]) -> Result<()> {
    let ids: std::collections::HashSet<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    let known = |id: &str| ids.contains(id);
    for plan in ops.iter().filter(|p| p.see_also.iter().any(|s| !known(s))) {
        let op = parse_operation(plan.file)?;
        if let Some(e) = crate::validate::unknown_see_also(&op, &known) {
            return Err(e.into());
        }
    }
    Ok(())
}

/// Resolves each operation's "See also" ids (all known: [`check_see_also`]) to indexes into
/// `ops`, in spec order, once `ops` is in site order.
fn link_see_also(ops: &mut [PlannedOp]) {
    let index: std::collections::HashMap<String, usize> =
        ops.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
    for op in ops.iter_mut() {
        op.related = op.see_also.iter().filter_map(|id| index.get(id).copied()).collect();
    }
}

/// Page keys `[operation][locale]`: global key, locale, the operation's own inputs, and what
/// the page shows of other operations: the id, method and title (in the page's locale) of its
/// neighbours, of its "See also" targets and of the operations its sidebar lists (its area's),
/// and every area's name and size. Another operation's description or examples do not reach
/// the page, so changing them renders only that operation's pages.
fn page_keys(
    global: &str,
    ops: &[PlannedOp],
    catalog: &Catalog,
    outline: &crate::site::Outline,
) -> Vec<Vec<String>> {
    let areas: Vec<(&str, usize)> =
        outline.areas.iter().map(|a| (a.name.as_str(), a.ops.len())).collect();
    // area_keys[area][locale]: the sidebar of a page in that area.
    let area_keys: Vec<Vec<String>> = outline
        .areas
        .iter()
        .map(|a| {
            (0..catalog.locales.len())
                .map(|li| {
                    let members: Vec<_> = a.ops.iter().map(|&o| shown(&ops[o], li)).collect();
                    key_of(&(&areas, members))
                })
                .collect()
        })
        .collect();
    (0..ops.len())
        .map(|i| {
            let related: Vec<&PlannedOp> = ops[i].related.iter().map(|&j| &ops[j]).collect();
            catalog
                .locales
                .iter()
                .enumerate()
                .map(|(li, l)| {
                    let prev = i.checked_sub(1).map(|j| shown(&ops[j], li));
                    let next = ops.get(i + 1).map(|o| shown(o, li));
                    let related: Vec<_> = related.iter().map(|o| shown(o, li)).collect();
                    let area = area_keys[outline.area_of[i]][li].as_str();
                    let own = (l.code.as_str(), ops[i].inputs.as_str());
                    key_of(&(global, own, prev, next, &related, area))
                })
                .collect()
        })
        .collect()
}

/// What a page shows of another operation in locale `li`: its id, method and title.
fn shown<'o>(o: &'o PlannedOp, li: usize) -> (&'o str, &'o str, &'o str) {
    (o.id.as_str(), o.method.as_str(), o.titles[li].as_str())
}

/// Links to the "See also" operations of `ops[i]` in locale `locale`, in spec order.
fn see_also_links(ops: &[PlannedOp], i: usize, locale: usize) -> Vec<NavLink> {
    ops[i]
        .related
        .iter()
        .map(|&j| &ops[j])
        .map(|o| NavLink {
            id: o.id.clone(),
            title: o.titles[locale].clone(),
            href: format!("../{}/", o.id),
        })
        .collect()
}

/// What every worker reads; loaded once per build.
struct Shared<'a> {
    catalog: &'a Catalog,
    content: &'a ContentFiles,
    names: &'a [(String, String)],
    highlighter: &'a Highlighter,
    renderer: &'a Renderer,
    staging: &'a Staging,
    /// The previous build's manifest when only changes are written.
    previous: Option<&'a Manifest>,
    /// The normalized `--base-url`, if any.
    base_url: Option<&'a str>,
    /// What is written.
    format: &'static dyn OutputFormat,
    /// The project root.
    root: &'a std::path::Path,
    /// The areas operations are grouped in (sidebar, area pages).
    outline: &'a crate::site::Outline,
    /// Every operation as the output formats see it, in site order.
    entries: &'a [OpEntry<'a>],
    /// Each locale's translation coverage, once computed (formats with navigation).
    coverage: Option<&'a [crate::site::coverage::Coverage]>,
}

impl<'a> Shared<'a> {
    /// What the output format writes with.
    fn site<'b>(&'b self, root: &'b std::path::Path, schema: Option<&'b Schema>) -> Site<'b> {
        Site {
            root,
            catalog: self.catalog,
            content: self.content,
            names: self.names,
            renderer: self.renderer,
            staging: self.staging,
            incremental: self.previous.is_some(),
            base_url: self.base_url,
            outline: self.outline,
            ops: self.entries,
            schema,
            coverage: self.coverage,
        }
    }
}

/// The warnings without repeats, in the order first raised.
fn dedup(warnings: Vec<Warning>) -> Vec<Warning> {
    // XXH3 rather than SipHash: an untranslated whole API raises 200,000 warnings, all hashed.
    let hasher = xxhash_rust::xxh3::Xxh3DefaultBuilder;
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(warnings.len(), hasher);
    let first: Vec<bool> = warnings.iter().map(|w| seen.insert(w.0.as_str())).collect();
    drop(seen);
    warnings.into_iter().zip(first).filter_map(|(w, first)| first.then_some(w)).collect()
}

/// Every locale's own name (message `locale-name`), in catalog order.
fn locale_names(catalog: &Catalog) -> Result<Vec<(String, String)>> {
    catalog
        .locales
        .iter()
        .map(|l| {
            Ok((l.code.clone(), Messages::new(catalog, l, "", vec![])?.text("locale-name", &[])?))
        })
        .collect()
}

fn neighbours(ops: &[PlannedOp], i: usize, locale: usize) -> Neighbours {
    let link = |o: &PlannedOp| NavLink {
        id: o.id.clone(),
        title: o.titles[locale].clone(),
        href: format!("../{}/", o.id),
    };
    Neighbours { prev: i.checked_sub(1).map(|j| link(&ops[j])), next: ops.get(i + 1).map(link) }
}

/// Writes operation `i`'s page in every locale: linked from the cache when its key is known,
/// rendered otherwise.
fn write_operation<'s>(
    ctx: &Shared,
    ops: &[PlannedOp],
    i: usize,
    keys: &[String],
    schema_of: &dyn Fn() -> Result<&'s Schema>,
) -> Result<Vec<PageOutcome>> {
    let plan = &ops[i];
    let mut outcomes = Vec::new();
    let mut todo = Vec::new();
    for (li, locale) in ctx.catalog.locales.iter().enumerate() {
        let rel = ctx.format.page_rel(&locale.code, &plan.id);
        let unchanged = ctx.previous.and_then(|m| m.pages.get(&rel)).filter(|p| p.key == keys[li]);
        match unchanged {
            Some(p) => outcomes.push(PageOutcome {
                rel,
                key: keys[li].clone(),
                rendered: false,
                warnings: p.warnings.clone(),
            }),
            None => todo.push((li, locale, rel)),
        }
    }
    if todo.is_empty() {
        return Ok(outcomes);
    }
    let parsed = plan.parsed.lock().unwrap_or_else(|e| e.into_inner()).take();
    let op = &match parsed {
        Some(op) => op,
        None => parse_operation(plan.file)?,
    };
    let schema = schema_of()?;
    let code = operation_code(op, schema, ctx.highlighter)?;
    for (li, locale, rel) in todo {
        let alternates =
            alternates(ctx.names, ctx.base_url, &locale.code, "../../", &format!("{}/", op.id()));
        let localized = localize_page_as(
            ctx.catalog,
            locale,
            op,
            schema,
            &code,
            PageLinks {
                alternates,
                nav: neighbours(ops, i, li),
                see_also: see_also_links(ops, i, li),
                type_pages: ctx.format.navigation().then(|| "../".to_string()),
                mark_untranslated: ctx.format.navigation(),
            },
            ctx.format.markup(),
        )?;
        let at = PageAt { op: i, locale: li };
        let site = ctx.site(ctx.root, Some(schema));
        ctx.format.write_page(&site, &localized.page, at, &rel)?;
        let warnings = Arc::new(PageWarnings::new(dedup(localized.warnings)));
        outcomes.push(PageOutcome { rel, key: keys[li].clone(), rendered: true, warnings });
    }
    Ok(outcomes)
}
