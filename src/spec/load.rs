//! Reading `content/`: YAML operation specs and schema files into the owned [`Site`].
//!
//! Files under `content/schema/` are type schemas; every other `*.yaml` is an operation. Parse
//! errors become [`SourceError`]s naming file, line and column; example bodies (JSON inside YAML
//! block scalars) report their errors at the line and column of the YAML file. Symbolic links
//! below `content/` (to YAML files or to folders) are listed, never followed: `build` warns and
//! `check` reports `source-symlink` for each.

use super::{Example, HttpRequest, HttpResponse, Operation, OperationFile, Schema, Site};
use crate::diag::{SourceError, Warning};
use crate::fsafe::{check_source_entry, read_listed, refuse_symlinks};
use crate::spec::schema::SchemaFile;
use anyhow::{Context, Result};
use indexmap::IndexMap;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Name of the folder below `content/` that holds schema files.
pub const SCHEMA_DIR: &str = "schema";

/// One YAML file of `content/`, read but not yet parsed.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project root.
    pub rel: PathBuf,
    /// The text (BOM removed).
    pub text: String,
    /// Folder below `content/` (`chat`), grouping the index page.
    pub section: String,
}

/// Every YAML file of `content/`, split into operation specs and schema files.
#[derive(Debug, Clone, Default)]
pub struct ContentFiles {
    /// Operation specs, sorted by path.
    pub specs: Vec<SourceFile>,
    /// Schema files, sorted by path.
    pub schemas: Vec<SourceFile>,
    /// Symbolic links below `content/` named `*.yaml`/`*.yml` or pointing to a folder
    /// (dangling ones included when so named), relative to the project root, sorted: skipped,
    /// never followed, so a contribution cannot make polydoc publish a file from elsewhere.
    pub links: Vec<PathBuf>,
}

impl ContentFiles {
    /// One build warning per symbolic link skipped below `content/`.
    pub fn warnings(&self) -> Vec<Warning> {
        self.links.iter().map(|rel| crate::localize::link_skipped(rel)).collect()
    }
}

/// The permission catalog below `content/`, which is not a spec (see `check::permissions`).
pub const PERMISSION_CATALOG: &str = "permissions.yaml";

/// Reads (without parsing) every `*.yaml` below `root/content`, listing symbolic links apart.
pub fn scan_content(root: &Path) -> Result<ContentFiles> {
    let content = root.join("content");
    if !content.is_dir() {
        anyhow::bail!("no content folder at {}", content.display());
    }
    refuse_symlinks(&content, Path::new("content"))?;
    let entries = yaml_files(&content)?;
    // The permission catalog (`content/permissions.yaml`) is read by `check` only.
    let catalog = content.join(PERMISSION_CATALOG);
    let read: Vec<(bool, SourceFile)> = entries
        .files
        .par_iter()
        .filter(|path| **path != catalog)
        .map(|path| {
            let rel = content_rel(root, path)?;
            let text = read_listed(path, &rel)?;
            let below = path.strip_prefix(&content).unwrap_or(path);
            let section =
                below.parent().map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            Ok((below.starts_with(SCHEMA_DIR), SourceFile { rel, text, section }))
        })
        .collect::<Result<_>>()?;
    let links = entries.links.iter().map(|path| content_rel(root, path)).collect::<Result<_>>()?;
    let mut files = ContentFiles { links, ..ContentFiles::default() };
    for (is_schema, file) in read {
        if is_schema {
            files.schemas.push(file);
        } else {
            files.specs.push(file);
        }
    }
    Ok(files)
}

/// `path` relative to the project root. Folder names become index section names: no control
/// characters (nor invalid UTF-8, which would show as U+FFFD) reach a page or a message.
fn content_rel(root: &Path, path: &Path) -> Result<PathBuf> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    if rel.to_str().is_none_or(|n| n.chars().any(char::is_control)) {
        anyhow::bail!(
            "{:?}: file and folder names under content/ must be UTF-8 without control characters",
            rel
        );
    }
    Ok(rel)
}

/// Parses and validates the merged schema of the given files.
pub fn parse_schema(files: &[SourceFile]) -> Result<Schema> {
    let parsed = files
        .iter()
        .map(|f| parse_yaml::<SchemaFile>(&f.rel, &f.text))
        .collect::<Result<Vec<_>>>()?;
    let schema = Schema::merge(parsed).map_err(|e| schema_error(files, &e))?;
    schema.validate().map_err(|e| schema_error(files, &e))?;
    Ok(schema)
}

/// A schema error (`type `x` has unknown base `y``) located in the schema files: at the last
/// definition of a type defined twice, the first definition of a type that inherits from itself,
/// otherwise the first use of the unknown name (the last one in backticks). Unlocatable, it
/// names the schema folder.
fn schema_error(files: &[SourceFile], message: &str) -> anyhow::Error {
    let token = message.rsplit('`').nth(1).unwrap_or_default();
    let definition =
        regex::Regex::new(&format!(r"(?m)^[ \t]+{}[ \t]*:", regex::escape(token))).ok();
    let found: Vec<(&SourceFile, usize)> = files
        .iter()
        .flat_map(|f| {
            let at: Vec<usize> = if message.contains("defined twice")
                || message.contains("inherits")
            {
                definition
                    .iter()
                    .flat_map(|re| re.find_iter(&f.text))
                    .map(|m| m.end() - m.as_str().trim_start().len())
                    .collect()
            } else {
                f.text
                    .match_indices(token)
                    .filter(|(i, _)| {
                        !f.text[i + token.len()..].trim_start_matches([' ', '\t']).starts_with(':')
                    })
                    .map(|(i, _)| i)
                    .collect()
            };
            at.into_iter().map(move |i| (f, i))
        })
        .collect();
    let pick = if message.contains("defined twice") { found.last() } else { found.first() };
    match pick.filter(|_| !token.is_empty()) {
        Some((file, offset)) => SourceError::at_offset(
            &file.rel,
            &file.text,
            *offset,
            format!("invalid schema: {message}"),
        )
        .into(),
        None => {
            crate::diag::FileError::new(&Path::new("content").join(SCHEMA_DIR), message.to_string())
                .into()
        }
    }
}

/// Parses one operation spec.
pub fn parse_operation(file: &SourceFile) -> Result<Operation> {
    load_operation(&file.rel, &file.text, file.section.clone())
}

/// Loads every spec and schema below `root/content` (symbolic links skipped, see
/// [`scan_content`]).
pub fn load_site(root: &Path) -> Result<Site> {
    parse_site(&scan_content(root)?)
}

/// Parses the specs and schema files read by [`scan_content`].
pub fn parse_site(files: &ContentFiles) -> Result<Site> {
    let schema = parse_schema(&files.schemas)?;
    let mut operations = files.specs.iter().map(parse_operation).collect::<Result<Vec<_>>>()?;
    operations.sort_by(|a, b| (&a.section, a.id()).cmp(&(&b.section, b.id())));
    Ok(Site { operations, schema })
}

/// The YAML entries below a folder.
#[derive(Debug, Default)]
struct YamlEntries {
    /// Regular `*.yaml`/`*.yml` files, sorted.
    files: Vec<PathBuf>,
    /// Symbolic links that would otherwise be read: named `*.yaml`/`*.yml`, or pointing to a
    /// folder. Sorted.
    links: Vec<PathBuf>,
}

/// All `*.yaml`/`*.yml` files below `dir` (`content/`), sorted, not following symlinks (listed
/// apart). Every entry's name is checked on the way ([`check_source_entry`]): a special file
/// or an unportable name anywhere below `content/` is an error naming it.
fn yaml_files(dir: &Path) -> Result<YamlEntries> {
    let mut found = YamlEntries::default();
    let mut names = crate::names::FolderNames::default();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot walk {}", dir.display()))?;
        if entry.depth() > 0 {
            let below =
                Path::new("content").join(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            // Folder names become index section names: no control characters (nor invalid
            // UTF-8, which would show as U+FFFD) reach a page or a message.
            if below.to_str().is_none_or(|n| n.chars().any(char::is_control)) {
                anyhow::bail!(
                    "{below:?}: file and folder names under content/ must be UTF-8 without control characters"
                );
            }
            check_source_entry(&below, &entry.file_type(), &mut names)?;
        }
        let is_yaml = entry.path().extension().is_some_and(|e| e == "yaml" || e == "yml");
        let kind = entry.file_type();
        if kind.is_file() && is_yaml {
            found.files.push(entry.into_path());
        } else if kind.is_symlink() && (is_yaml || links_to_folder(entry.path())) {
            found.links.push(entry.into_path());
        }
    }
    Ok(found)
}

/// True when the symbolic link `path` points to a folder. This asks for the target's type
/// only (one `stat`); nothing there is listed or read.
fn links_to_folder(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// YAML parsing limits: generous enough for a schema of tens of thousands of types, while
/// alias expansion ("billion laughs"), nesting depth and total size stay bounded by the
/// parser's defaults.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 20_000_000;
    budget.max_events = 80_000_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Deserializes YAML, turning parse errors into located errors.
pub fn parse_yaml<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T> {
    serde_saphyr::from_str_with_options::<T>(text, yaml_options())
        .map_err(|e| yaml_error(file, text, &e).into())
}

fn yaml_error(file: &Path, text: &str, e: &serde_saphyr::Error) -> SourceError {
    let message = e.without_snippet().to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let (line, col) = e.location().map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    SourceError::at_offset(
        file,
        text,
        yaml_offset(text, line, col),
        format!("invalid spec: {message}"),
    )
}

/// The byte offset of a YAML line and column. YAML also breaks lines at a lone CR, which
/// the quoted source line (split at LF) does not, so positions go through the byte offset.
fn yaml_offset(text: &str, line: usize, col: usize) -> usize {
    let (mut l, mut c) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if l > line || (l == line && c >= col) {
            return i;
        }
        if ch == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
            continue;
        }
        if ch == '\n' || ch == '\r' {
            if l == line {
                return i;
            }
            l += 1;
            c = 1;
        } else {
            c += 1;
        }
    }
    text.len()
}

/// Parses one operation file and the JSON of its examples.
fn load_operation(file: &Path, text: &str, section: String) -> Result<Operation> {
    let spec: OperationFile = parse_yaml(file, text)?;
    check_example_count(file, text, &spec)?;
    check_body_sizes(file, text, &spec)?;
    let mut examples = Vec::new();
    for ex in &spec.examples {
        let request = HttpRequest {
            method: ex.request.method.clone(),
            url: ex.request.url.clone(),
            headers: header_list(&ex.request.headers),
            body: parse_body(file, text, ex.request.body.as_ref())?,
        };
        let response = HttpResponse {
            status: ex.response.status.clone(),
            headers: header_list(&ex.response.headers),
            body: parse_body(file, text, ex.response.body.as_ref())?,
        };
        examples.push(Example {
            id: ex.id.value.clone(),
            request,
            response,
            truncated: ex.response.truncated,
        });
    }
    Ok(Operation { spec, file: file.to_path_buf(), source: text.to_string(), section, examples })
}

/// Refuses an operation with more than [`crate::limits::MAX_EXAMPLES`] examples, at the first
/// example past the limit, before any body is parsed.
fn check_example_count(file: &Path, text: &str, spec: &OperationFile) -> Result<()> {
    let Some(past) = spec.examples.get(crate::limits::MAX_EXAMPLES) else { return Ok(()) };
    let at = past.id.referenced;
    let message = format!(
        "this operation has {} examples; polydoc accepts at most {} per operation (split it, or keep the examples that teach something)",
        spec.examples.len(),
        crate::limits::MAX_EXAMPLES
    );
    Err(SourceError::new(file, Some(text), at.line() as usize, at.column() as usize, message)
        .into())
}

/// Refuses an example body larger than [`crate::limits::MAX_EXAMPLE_BODY_BYTES`], and the
/// body that takes the operation's bodies past [`crate::limits::MAX_OPERATION_BODIES_BYTES`],
/// before any is parsed or turned into snippets.
fn check_body_sizes(file: &Path, text: &str, spec: &OperationFile) -> Result<()> {
    use crate::limits::{size, MAX_EXAMPLE_BODY_BYTES, MAX_OPERATION_BODIES_BYTES};
    let bodies = spec.examples.iter().flat_map(|ex| [&ex.request.body, &ex.response.body]);
    let mut total = 0usize;
    for body in bodies.flatten() {
        let bytes = body.value.len();
        total += bytes;
        let message = if bytes > MAX_EXAMPLE_BODY_BYTES {
            format!(
                "example body is {bytes} bytes; polydoc accepts bodies of at most {}",
                size(MAX_EXAMPLE_BODY_BYTES)
            )
        } else if total > MAX_OPERATION_BODIES_BYTES {
            format!(
                "the example bodies of this operation add up to more than {} (polydoc's limit for one page)",
                size(MAX_OPERATION_BODIES_BYTES)
            )
        } else {
            continue;
        };
        let (line, col) = json_position_in_yaml(body, 1, 1);
        return Err(SourceError::new(file, Some(text), line, col, message).into());
    }
    Ok(())
}

fn header_list(headers: &IndexMap<String, String>) -> Vec<(String, String)> {
    headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Parses a JSON body held in a YAML block scalar; errors point into the YAML file.
fn parse_body(
    file: &Path,
    text: &str,
    body: Option<&Spanned<String>>,
) -> Result<Option<serde_json::Value>> {
    let Some(body) = body else { return Ok(None) };
    if body.value.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(&body.value).map(Some).map_err(|e| {
        let (line, col) = json_position_in_yaml(body, e.line(), json_char_column(&body.value, &e));
        SourceError::new(file, Some(text), line, col, format!("invalid JSON in example body: {e}"))
            .into()
    })
}

/// serde_json's column of `e` counts bytes; polydoc's columns count characters (a `𐀀` before
/// the error is one column, not four).
fn json_char_column(json: &str, e: &serde_json::Error) -> usize {
    let line = json.split('\n').nth(e.line().saturating_sub(1)).unwrap_or("");
    let mut bytes = e.column().saturating_sub(1).min(line.len());
    while !line.is_char_boundary(bytes) {
        bytes -= 1;
    }
    line[..bytes].chars().count() + 1 + e.column().saturating_sub(1).saturating_sub(line.len())
}

/// Maps a 1-based line/column inside a block scalar's text to the YAML file. The scalar's
/// location is its first content character, so its column is the block's indentation.
pub fn json_position_in_yaml(
    body: &Spanned<String>,
    json_line: usize,
    json_col: usize,
) -> (usize, usize) {
    let start_line = body.referenced.line() as usize;
    let indent = (body.referenced.column() as usize).saturating_sub(1);
    // Blank lines at the start of the scalar are part of its text but come before the
    // location, which is the first content character.
    let leading_blank = body.value.chars().take_while(|c| *c == '\n').count();
    (
        start_line + json_line.saturating_sub(1).saturating_sub(leading_blank),
        indent + json_col.max(1),
    )
}
