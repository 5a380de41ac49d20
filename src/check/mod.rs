//! `polydoc check`: the CI gate against drift between translations, examples and rendered
//! pages. It loads the project once, runs every rule family and returns a typed [`Report`]:
//!
//! - translations, each locale against English ([`translation`], [`terms`], [`lock`]; text
//!   that drifted without losing a token: [`term_order`], [`numbers`], [`length`],
//!   [`language`]), every message alone for unsafe links and MDX-active syntax ([`mdx`]), and
//!   every message file for invisible and broken characters ([`characters`]),
//! - symbolic links in `content/` and `locales/` (`source-symlink`: reported, never followed),
//! - example bodies against the schema, their value syntax, the declarative spec rules and
//!   the request/response agreement ([`examples`], [`rules`]),
//! - snippets in every configured language ([`snippets`]),
//! - rendered pages of every locale against English ([`pages`]).
//!
//! Nothing is hard-coded for a particular API: terms come from the spec and schema, constraints
//! from each operation's `rules:`.

pub mod characters;
pub mod examples;
pub mod finding;
pub mod ftl;
pub mod json_locate;
pub mod language;
pub mod length;
pub mod link_target;

pub mod lock;
pub mod markdown_tokens;
pub mod mdx;
pub mod numbers;
pub mod operation;
pub mod pages;
pub mod permissions;
pub mod pseudo_pages;
pub mod report;
pub mod request;
pub mod rules;
pub mod snippets;
pub mod spec_text;
pub mod term_order;
pub mod terms;
pub mod translation;
pub mod variants;

pub use finding::{Finding, Rule, Severity};
pub use report::{Format, Report};
pub use snippets::{BuiltinSnippets, SnippetSource};

use crate::localize::{locale_folders, SOURCE_LOCALE};
use crate::output::OutputFormat;
use crate::spec::load::{parse_operation, parse_schema, scan_content};
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Project root (holds `content/` and `locales/`).
    pub root: PathBuf,
    /// A built site to compare; when `None` the pages are built into a temporary folder.
    pub site: Option<PathBuf>,
    /// Locales to check (all under `locales/` when `None`); English is always included.
    pub locales: Option<Vec<String>>,
    /// Skip the rendered-pages comparison.
    pub skip_pages: bool,
}

impl CheckOptions {
    /// Checks everything of the project at `root`.
    pub fn new(root: impl Into<PathBuf>) -> CheckOptions {
        CheckOptions { root: root.into(), site: None, locales: None, skip_pages: false }
    }
}

/// Runs every check with the built-in snippet generators.
pub fn run(opts: &CheckOptions) -> Result<Report> {
    run_with(opts, &BuiltinSnippets)
}

/// Runs every check, taking snippets from `snippets`.
pub fn run_with(opts: &CheckOptions, snippets: &dyn SnippetSource) -> Result<Report> {
    // Unportable file and folder names stop the build, so they are errors here, reported all
    // at once; nothing else can be loaded past them.
    let names = name_findings(&opts.root);
    if !names.is_empty() {
        return Ok(Report { findings: names, operations: 0, locales: Vec::new(), hidden_notes: 0 });
    }
    let (locales, linked_locales) = match resolve_locales(&opts.root, opts.locales.as_deref()) {
        Ok(found) => found,
        Err(e) => {
            let findings = input_findings(e)?;
            return Ok(Report { findings, operations: 0, locales: Vec::new(), hidden_notes: 0 });
        }
    };
    // The page build (the slowest part when no --site is given) runs beside the other checks.
    let (checked, pages) = rayon::join(
        || -> Result<(Vec<Finding>, usize)> {
            let mut findings: Vec<Finding> = linked_locales
                .iter()
                .map(|code| Finding::source_symlink(&Path::new("locales").join(code)))
                .collect();
            let Some(site) = load_content(&opts.root, &mut findings)? else {
                return Ok((findings, 0));
            };
            if let Err(e) = check_translations(&opts.root, &site, &locales, &mut findings) {
                findings.extend(input_findings(e)?);
            }
            let regexes = rules::compile_all(&site.operations);
            let ids: Vec<&str> = site.operations.iter().map(|o| o.id()).collect();
            let per_op: Vec<Vec<Finding>> = site
                .operations
                .par_iter()
                .map(|op| {
                    let mut out = Vec::new();
                    operation::check_model(op, &site.schema, &ids, &mut out);
                    check_operation(op, &site.schema, &regexes, snippets, &mut out);
                    out
                })
                .collect();
            findings.extend(per_op.into_iter().flatten());
            check_permissions(&opts.root, &site.operations, &mut findings);
            Ok((findings, site.operations.len()))
        },
        || -> Result<Vec<Finding>> {
            let mut out = Vec::new();
            if !opts.skip_pages {
                check_pages(opts, &locales, &mut out)?;
            }
            Ok(out)
        },
    );
    let (mut findings, operations) = checked?;
    // A build failure at an input error already reported says nothing new.
    let pages = pages?.into_iter().filter(|p| {
        p.rule != Rule::PagesNotBuilt
            || !findings.iter().any(|f| {
                f.rule == Rule::InvalidInput
                    && (&f.file, f.line, f.column) == (&p.file, p.line, p.column)
            })
    });
    findings.extend(pages.collect::<Vec<_>>());
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule).cmp(&(&b.file, b.line, b.column, b.rule))
    });
    findings.dedup();
    Ok(Report { findings, operations, locales, hidden_notes: 0 })
}

/// Reads and parses every spec and schema file, each on its own: a file the build refuses to
/// load is an `invalid-input` finding (all of them, not just the first), never "could not
/// run". `None` when the schema or a spec did not load: the other checks need the whole site
/// (a missing operation would make its messages' variables look unknown).
fn load_content(root: &Path, findings: &mut Vec<Finding>) -> Result<Option<crate::spec::Site>> {
    let files = match scan_content(root) {
        Ok(files) => files,
        Err(e) => {
            findings.extend(input_findings(e)?);
            return Ok(None);
        }
    };
    findings.extend(files.links.iter().map(|l| Finding::source_symlink(l)));
    let before = findings.len();
    let schema = match parse_schema(&files.schemas) {
        Ok(schema) => Some(schema),
        Err(e) => {
            findings.extend(input_findings(e)?);
            None
        }
    };
    let mut operations = Vec::new();
    for file in &files.specs {
        match parse_operation(file) {
            Ok(op) => operations.push(op),
            Err(e) => findings.extend(input_findings(e)?),
        }
    }
    let Some(schema) = schema else { return Ok(None) };
    if findings.len() > before {
        return Ok(None);
    }
    operations.sort_by(|a, b| (&a.section, a.id()).cmp(&(&b.section, b.id())));
    Ok(Some(crate::spec::Site { operations, schema }))
}

/// The `invalid-input` findings of a load error that names its place (a [`SourceError`], all
/// errors of a [`SourceErrors`], or a [`FileError`] on a whole file); any other error (the
/// disk failing) is returned: check could not run.
///
/// [`SourceError`]: crate::diag::SourceError
/// [`SourceErrors`]: crate::diag::SourceErrors
/// [`FileError`]: crate::diag::FileError
fn input_findings(e: anyhow::Error) -> Result<Vec<Finding>> {
    let hint = "fix the input: `polydoc build` refuses it too";
    let located = |s: &crate::diag::SourceError| {
        let place = finding::Place { file: &s.file, source: None, line: s.line, column: s.col };
        let text = s.source_line.as_ref().map(|x| x.text.clone()).unwrap_or_default();
        let mut f = Finding::new(Rule::InvalidInput, place, s.message.clone(), text, hint);
        f.source_line = s.source_line.clone();
        f
    };
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<crate::diag::SourceError>() {
            return Ok(vec![located(s)]);
        }
        if let Some(list) = cause.downcast_ref::<crate::diag::SourceErrors>() {
            return Ok(list.errors.iter().map(located).collect());
        }
        if let Some(f) = cause.downcast_ref::<crate::diag::FileError>() {
            let place = finding::Place { file: &f.file, source: None, line: 1, column: 1 };
            let name = f.file.file_name().unwrap_or_default().to_string_lossy().into_owned();
            return Ok(vec![Finding::new(
                Rule::InvalidInput,
                place,
                f.message.clone(),
                name,
                hint,
            )]);
        }
    }
    Err(e)
}

/// The locales to check, source first, and the locale folders that are symbolic links (not
/// checked); unknown or invalid codes, and a linked source or requested locale, are errors.
fn resolve_locales(
    root: &Path,
    requested: Option<&[String]>,
) -> Result<(Vec<String>, Vec<String>)> {
    let folders = locale_folders(root)?;
    Ok((folders.select(requested, &[])?, folders.links))
}

fn check_translations(
    root: &Path,
    site: &crate::spec::Site,
    locales: &[String],
    out: &mut Vec<Finding>,
) -> Result<()> {
    let vocab = terms::Vocabularies::new(site);
    let lock = lock::LockFile::load(root)?;
    lock::link_findings(&lock, out);
    let en = translation::load_locale(root, SOURCE_LOCALE, out)?;
    translation::check_source(&en, &vocab, out);
    variants::check(None, &en, out);
    let per_locale: Vec<Result<Vec<Finding>>> = locales
        .par_iter()
        .filter(|c| *c != SOURCE_LOCALE)
        .map(|code| {
            let mut found = Vec::new();
            let tr = translation::load_locale(root, code, &mut found)?;
            translation::check_locale(&en, &tr, &vocab, &mut found);
            variants::check(Some(&en), &tr, &mut found);
            lock::check(&lock, &en, &tr, &mut found);
            Ok(found)
        })
        .collect();
    for found in per_locale {
        out.extend(found?);
    }
    Ok(())
}

/// `permission-name` for every spec, against the project's catalog when it has one (a
/// catalog that does not load is reported at its first line).
fn check_permissions(root: &Path, ops: &[crate::spec::Operation], out: &mut Vec<Finding>) {
    match permissions::load_catalog(root) {
        Ok(catalog) => permissions::check(ops, catalog.as_deref(), out),
        Err(e) => {
            let file = Path::new(permissions::CATALOG_FILE);
            let place = finding::Place { file, source: None, line: 1, column: 1 };
            out.push(Finding::new(
                Rule::PermissionName,
                place,
                format!("{e:#}"),
                permissions::CATALOG_FILE,
                "write `permissions: [Name, ...]`",
            ));
        }
    }
}

/// `portable-name`: file and folder names the build refuses (Windows device names, trailing
/// dots or spaces, twins differing only in case or Unicode normalization).
fn name_findings(root: &Path) -> Vec<Finding> {
    crate::names::unportable_names(root)
        .into_iter()
        .map(|(path, message)| {
            let place = finding::Place { file: &path, source: None, line: 1, column: 1 };
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            Finding::new(
                Rule::PortableName,
                place,
                message,
                name,
                "rename the file or folder: a project must check out the same on Linux, macOS and Windows",
            )
        })
        .collect()
}

/// `portable-name`: ids the build refuses because they are names reserved on Windows.
fn portable_ids(op: &crate::spec::Operation, out: &mut Vec<Finding>) {
    for e in crate::validate::unportable_ids(op) {
        let place =
            finding::Place { file: &e.file, source: Some(&op.source), line: e.line, column: e.col };
        let id = e.message.split('"').nth(1).unwrap_or_default().to_string();
        out.push(Finding::new(
            Rule::PortableName,
            place,
            e.message,
            id,
            "choose another id: it becomes a folder or file name of the output",
        ));
    }
}

/// Example, rule and snippet checks of one operation (public for the fuzzer).
pub fn check_operation(
    op: &crate::spec::Operation,
    schema: &crate::spec::Schema,
    regexes: &rules::RegexCache,
    snippets: &dyn SnippetSource,
    out: &mut Vec<Finding>,
) {
    spec_text::check_operation(op, out);
    operation::check_examples(op, out);
    portable_ids(op, out);
    let compiled = rules::check_definitions(op, regexes, out);
    request::check_headers(op, out);
    let bodies = examples::bodies(op);
    for (body, root_type, is_req) in &bodies {
        examples::check_body(schema, body, root_type.as_deref(), out);
        request::check_near_guids(body, body.value, "", out);
        request::check_embedded_datetimes(body, body.value, "", out);
        match (is_req, root_type) {
            (true, Some(root)) => request::check_properties(op, schema, body, root, out),
            (false, _) => {
                if let Some(i) = op.examples.iter().position(|e| e.id == body.example) {
                    request::check_context(op, i, body, out);
                }
            }
            _ => {}
        }
    }
    for i in 0..op.examples.len() {
        request::check_url(op, i, out);
    }
    for ex in &op.examples {
        let req = bodies.iter().find(|(b, _, is_req)| *is_req && b.example == ex.id);
        let resp = bodies.iter().find(|(b, _, is_req)| !*is_req && b.example == ex.id);
        rules::check_example(op, &compiled, req.map(|r| &r.0), resp.map(|r| &r.0), out);
        // The response repeats the request when it is the resource the request wrote (its
        // type, or one derived from it or it from); another resource (a job record answering
        // a push) may hold the same names with values of its own.
        let related = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => a == b || schema.derives_from(a, b) || schema.derives_from(b, a),
            _ => true,
        };
        if let (Some(req), Some(resp)) = (req, resp) {
            if related(&req.1, &resp.1) {
                examples::check_agreement(&req.0, &resp.0, out);
            }
        }
    }
    snippets::check_operation(op, schema, snippets, out);
}

fn check_pages(opts: &CheckOptions, locales: &[String], out: &mut Vec<Finding>) -> Result<()> {
    if let Some(site) = &opts.site {
        if !site.is_dir() {
            bail!("--site {}: no such folder", site.display());
        }
        pseudo_pages::check(&opts.root, site, out);
        return pages::check_site(site, site, SOURCE_LOCALE, locales, out);
    }
    let tmp = tempfile::tempdir().context("cannot create a temporary folder for the pages")?;
    let built = tmp.path().join("site");
    let build = |format: &'static dyn OutputFormat, out: PathBuf| crate::build::BuildOptions {
        locales: Some(locales.to_vec()),
        format,
        // check compares pages; the search index is not one of them.
        search: false,
        ..crate::build::BuildOptions::new(&opts.root, out)
    };
    // The HTML build adds the pseudo-locale, whose pages show any English a template
    // hard-codes (`template-literal`); it is not compared with the other locales.
    let mut html = build(crate::output::default_format(), built.clone());
    let pseudo = crate::localize::pseudo::PSEUDO_LOCALE.to_string();
    if !locales.contains(&pseudo) {
        html.locales.get_or_insert_with(Vec::new).push(pseudo);
    }
    if let Err(e) = crate::build::build(&html) {
        out.push(not_built(&e, ""));
        return Ok(());
    }
    pseudo_pages::check(&opts.root, &built, out);
    // Another format is built too when it can fail where the HTML site passes
    // (`OutputFormat::checked`): a template of the project's that only `build --format
    // commonmark` renders, or the document an imported project keeps for `--format openapi`.
    for &format in crate::output::all().iter().filter(|f| f.checked(&opts.root)) {
        if let Err(e) = crate::build::build(&build(format, tmp.path().join(format.name()))) {
            out.push(not_built(&e, &format!(" --format {}", format.name())));
        }
    }
    pages::check_site(&built, Path::new("<built site>"), SOURCE_LOCALE, locales, out)
}

/// The `pages-not-built` finding of a failed build (`how`: its extra arguments), at the
/// place the build's error names.
fn not_built(e: &anyhow::Error, how: &str) -> Finding {
    let located = e.chain().find_map(|c| {
        c.downcast_ref::<crate::diag::SourceError>().or_else(|| {
            c.downcast_ref::<crate::diag::SourceErrors>().and_then(|l| l.errors.first())
        })
    });
    let whole_file = e.chain().find_map(|c| c.downcast_ref::<crate::diag::FileError>());
    let file = located
        .map(|s| s.file.clone())
        .or_else(|| whole_file.map(|f| f.file.clone()))
        .unwrap_or_else(|| PathBuf::from("content"));
    let (line, column) = located.map_or((1, 1), |s| (s.line, s.col));
    let first = located
        .map_or_else(|| e.to_string(), |s| s.message.clone())
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let source = located.and_then(|s| s.source_line.clone());
    let mut f = Finding::new(
        Rule::PagesNotBuilt,
        finding::Place { file: &file, source: None, line, column },
        format!("`polydoc build{how}` fails on this project: {first}"),
        first.clone(),
        "fix the build error (the pages were not compared)",
    );
    f.source_line = source;
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Example, Operation};

    /// A fake Python generator with the seed's defect: it writes `user@odata_bind` for JSON key
    /// `user@odata.bind`, and it fails on the `group` example.
    fn seed_like_python(_op: &Operation, ex: &Example, lang: &str) -> Result<String, String> {
        if lang == "python" && ex.id == "group" {
            return Err("unsupported body".into());
        }
        let body = ex.request.body.as_ref().map(|b| b.to_string()).unwrap_or_default();
        Ok(format!(
            "request_body = {}\n",
            body.replace("\"user@odata.bind\":", "\"user@odata_bind\" :")
        ))
    }

    #[test]
    fn snippets_missing_and_mangled_keys_are_reported_per_example_and_language() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let opts = CheckOptions { skip_pages: true, ..CheckOptions::new(root) };
        let source = snippets::FnSource {
            languages: vec!["http".into(), "python".into()],
            generate: seed_like_python,
        };
        let report = run_with(&opts, &source).unwrap();
        let of = |rule: Rule| report.findings.iter().filter(|f| f.rule == rule).collect::<Vec<_>>();
        let missing = of(Rule::SnippetMissing);
        assert_eq!(missing.len(), 1, "python of `group`: {missing:?}");
        assert!(
            missing.iter().all(|f| f.message.contains("`group`") && f.line == 62 && f.column == 9),
            "{missing:?}"
        );
        let keys = of(Rule::SnippetKey);
        // One finding per example and language (repeats of a key in one snippet are merged):
        // 5 HTTP snippets and 4 Python ones (`group` has none).
        assert_eq!(keys.len(), 9, "{keys:?}");
        assert_eq!(keys.iter().filter(|f| f.message.contains("`python`")).count(), 4);
        assert!(keys.iter().all(|f| f.text == "user@odata_bind"));
    }

    #[test]
    fn builtin_snippets_are_clean_for_shipped_content() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let opts = CheckOptions { skip_pages: true, ..CheckOptions::new(root) };
        let report = run(&opts).unwrap();
        assert!(!report
            .findings
            .iter()
            .any(|f| matches!(f.rule, Rule::SnippetKey | Rule::SnippetMissing)));
    }
}
