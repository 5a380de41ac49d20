//! Stage 2, validate: what a build needs to be true of the loaded specs before anything is
//! rendered (safe ids, known types and properties, unique ids). Each problem points at the
//! YAML line. Deeper content checks (drift, example data) belong to `polydoc check`.
//!
//! It also owns the portable-name rules shared by every stage that lists source folders: no
//! name reserved on Windows (`con`, `aux`, `nul`, `com1`, with or without an extension, any
//! case), no name ending in a dot or a space, and no two names in one folder that differ only
//! in case or Unicode normalization (`de`/`DE`, NFC/NFD `é`): such a project cannot be checked
//! out on Windows or macOS, or silently loses a file there.

use crate::diag::SourceError;
use crate::spec::{Operation, Schema, Site, TypeRef};
use anyhow::Result;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// True for a slug usable as a folder and URL segment: `a-z`, `0-9`, `-`, not starting with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

fn at<T>(op: &Operation, spanned: &Spanned<T>, message: String) -> SourceError {
    let loc = spanned.referenced;
    SourceError::new(
        &op.file,
        Some(&op.source),
        loc.line() as usize,
        loc.column() as usize,
        message,
    )
}

/// Device names Windows reserves in every folder, with or without an extension.
const RESERVED: &[&str] = &["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"];

/// Why `name` cannot be a file or folder name on Windows, if it cannot: a control character in
/// it, a reserved device
/// name (`con`, `aux.yaml`, `COM1.ftl`, `lpt9`, any case, with or without an extension) or a
/// name ending in a dot or a space (Windows drops those, so two files become one).
pub fn unportable_name(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the name {name:?} has the control character {c:?}, which Windows forbids in file names and which would reach terminals and reports"
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        if name == "." || name == ".." {
            return None;
        }
        return Some(format!(
            "the name {name:?} ends with a dot or a space, which Windows drops from file names"
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ').to_lowercase();
    let numbered = ["com", "lpt"].iter().any(|p| {
        stem.strip_prefix(p).is_some_and(|n| {
            matches!(n.chars().collect::<Vec<_>>()[..], [c] if c.is_ascii_digit() || "¹²³".contains(c))
        })
    });
    (numbered || RESERVED.contains(&stem.as_str())).then(|| {
        format!(
            "the name {name:?} is reserved on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with or without an extension, in any case, are device names there)"
        )
    })
}

/// The names seen so far in source folders, to find twins: two entries of one folder whose
/// names differ only in case or Unicode normalization.
#[derive(Default)]
pub struct FolderNames {
    seen: HashMap<(PathBuf, String), String>,
}

impl FolderNames {
    /// Checks the entry `name` of folder `folder` (shown relative to the project root): an
    /// error naming it when it is unportable ([`unportable_name`]) or the twin of an entry seen
    /// before in the same folder.
    pub fn check(&mut self, folder: &Path, name: &str) -> anyhow::Result<()> {
        let shown = folder.join(name);
        if let Some(why) = unportable_name(name) {
            anyhow::bail!("{}: {why}; rename it", shown.display());
        }
        let nfc: String = name.nfc().collect();
        let key = (folder.to_path_buf(), nfc.to_lowercase());
        if let Some(first) = self.seen.get(&key) {
            if first != name {
                let first_nfc: String = first.nfc().collect();
                let how = if first_nfc == nfc {
                    "differ only in Unicode normalization (NFC and NFD), which macOS treats as one name"
                } else {
                    "differ only in case, which Windows and macOS treat as one name"
                };
                anyhow::bail!(
                    "{} and {}: the names {first:?} and {name:?} {how}; keep one of them",
                    folder.join(first).display(),
                    shown.display()
                );
            }
        }
        self.seen.insert(key, name.to_string());
        Ok(())
    }
}

/// Every unportable name in the project's source folders, as (path relative to `root`, what is
/// wrong): the entries of `content/` and `templates/` at any depth, of `locales/` and of each
/// locale folder. Links are not followed. `check` reports these as `portable-name` findings
/// (the build stops at the first, see [`FolderNames`]).
pub fn unportable_names(root: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for (dir, depth) in [("content", usize::MAX), ("locales", 2), ("templates", usize::MAX)] {
        let mut names = FolderNames::default();
        let top = root.join(dir);
        for entry in walkdir::WalkDir::new(&top).min_depth(1).max_depth(depth).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let below = entry.path().strip_prefix(&top).unwrap_or(entry.path());
            let shown = Path::new(dir).join(below);
            let name = entry.file_name().to_string_lossy();
            if let Err(e) = names.check(shown.parent().unwrap_or(Path::new(dir)), &name) {
                found.push((shown, e.to_string()));
            }
        }
    }
    found
}

/// The error for an id (operation, example, note) that is a name reserved on Windows: it
/// becomes a folder or file name of the output.
fn id_unportable(what: &str, id: &str) -> Option<String> {
    unportable_name(id).map(|why| format!("{what} {id:?} cannot be used: {why}"))
}

/// Every id of `op` that cannot be a file name on Windows, with its location: the operation
/// id, example ids and note ids (`polydoc check` reports them, `build` refuses them).
pub fn unportable_ids(op: &Operation) -> Vec<SourceError> {
    let spec = &op.spec;
    let mut found = Vec::new();
    if let Some(m) = id_unportable("operation id", op.id()) {
        found.push(at(op, &spec.id, m));
    }
    for ex in &spec.examples {
        if let Some(m) = id_unportable("example id", &ex.id.value) {
            found.push(at(op, &ex.id, m));
        }
    }
    for note in &spec.notes {
        if let Some(m) = id_unportable("note id", note) {
            // Notes are plain strings (no span): point at their first use after `notes:`.
            let from = op.source.find("notes:").unwrap_or(0);
            let offset = op.source[from..].find(note.as_str()).map_or(from, |i| from + i);
            found.push(SourceError::at_offset(&op.file, &op.source, offset, m));
        }
    }
    found
}

/// Validates the whole site; returns the first problem found.
pub fn validate(site: &Site) -> Result<()> {
    let mut seen: BTreeMap<&str, &Operation> = BTreeMap::new();
    for op in &site.operations {
        validate_operation(&site.schema, op)?;
        let known = |id: &str| site.operations.iter().any(|o| o.id() == id);
        if let Some(e) = unknown_see_also(op, &known) {
            return Err(e.into());
        }
        if let Some(first) = seen.insert(op.id(), op) {
            return Err(at(
                op,
                &op.spec.id,
                format!("operation id `{}` is already used by {}", op.id(), first.file.display()),
            )
            .into());
        }
    }
    Ok(())
}

/// Validates one operation against the schema (ids, referenced types and properties).
pub fn validate_operation(schema: &Schema, op: &Operation) -> Result<()> {
    let spec = &op.spec;
    if !is_slug(op.id()) {
        return Err(at(op, &spec.id, format!("operation id {:?} must be at most 100 lower-case letters, digits and `-` (it becomes a folder name)", op.id())).into());
    }
    validate_model(schema, op)?;
    let mut ids = BTreeMap::new();
    for ex in &spec.examples {
        if !is_slug(&ex.id.value) {
            return Err(at(
                op,
                &ex.id,
                format!(
                    "example id {:?} must be at most 100 lower-case letters, digits and `-`",
                    ex.id.value
                ),
            )
            .into());
        }
        if ids.insert(ex.id.value.as_str(), ()).is_some() {
            return Err(
                at(op, &ex.id, format!("example id `{}` is used twice", ex.id.value)).into()
            );
        }
    }
    for note in &spec.notes {
        if !is_slug(note) {
            anyhow::bail!(
                "{}: note id {note:?} must be lower-case letters, digits and `-`",
                op.file.display()
            );
        }
    }
    if let Some(e) = unportable_ids(op).into_iter().next() {
        return Err(e.into());
    }
    Ok(())
}

/// The operation model beyond ids: body, parameters, responses and example cross-references,
/// each problem at the offending YAML.
fn validate_model(schema: &Schema, op: &Operation) -> Result<()> {
    validate_body(schema, op)?;
    validate_params(schema, op)?;
    validate_responses(schema, op)?;
    validate_example_types(schema, op)
}

/// A type expression is a primitive, a schema type, or `Collection(X)` of either.
fn known_type(schema: &Schema, expr: &str) -> bool {
    let t = TypeRef::parse(expr);
    !t.name.is_empty() && (t.is_primitive() || schema.get(&t.name).is_some())
}

fn unknown_type(op: &Operation, t: &Spanned<String>, what: &str) -> anyhow::Error {
    at(op, t, format!("{what} type `{}` is not a primitive (String, Int32, Boolean, DateTimeOffset...) nor declared in content/schema", t.value)).into()
}

fn validate_body(schema: &Schema, op: &Operation) -> Result<()> {
    let Some(body) = &op.spec.request_body else { return Ok(()) };
    let json = body.media_type() == crate::spec::JSON_MEDIA_TYPE;
    if let Some(m) = &body.media_type {
        if !m.value.contains('/') || m.value.chars().any(|c| c.is_whitespace()) {
            return Err(at(
                op,
                m,
                format!(
                    "media type `{}` is not of the form `type/subtype` (`text/plain`)",
                    m.value
                ),
            )
            .into());
        }
    }
    let Some(t) = &body.type_name else {
        if json {
            anyhow::bail!("{}: request_body: a JSON body needs a `type:` (a schema type), or give its `media_type:`", op.file.display());
        }
        if let Some(p) = body.properties.first() {
            return Err(at(
                op,
                &p.name,
                "a request body without a `type:` has no properties to list".into(),
            )
            .into());
        }
        return Ok(());
    };
    if schema.get(&t.value).is_none() {
        return Err(at(
            op,
            t,
            format!("request body type `{}` is not declared in content/schema", t.value),
        )
        .into());
    }
    for p in &body.properties {
        if schema.property(&t.value, &p.name.value).is_none() {
            return Err(at(
                op,
                &p.name,
                format!("property `{}` is not declared on type `{}`", p.name.value, t.value),
            )
            .into());
        }
    }
    Ok(())
}

/// True for names usable in a message id (`group-id`, `startDateTime`).
fn is_message_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn validate_params(schema: &Schema, op: &Operation) -> Result<()> {
    let spec = &op.spec;
    let template = spec.path_template_params();
    let mut seen = BTreeMap::new();
    for p in &spec.path_parameters {
        let name = &p.name.value;
        if !template.contains(&name.as_str()) {
            return Err(at(
                op,
                &p.name,
                format!(
                    "path parameter `{name}` is not in the path template `{}` (it has: {})",
                    spec.path,
                    list_or_none(&template)
                ),
            )
            .into());
        }
        if seen.insert(name.clone(), ()).is_some() {
            return Err(
                at(op, &p.name, format!("path parameter `{name}` is declared twice")).into()
            );
        }
        if p.required == Some(false) {
            return Err(at(
                op,
                &p.name,
                format!("path parameter `{name}` cannot be optional: the path needs it"),
            )
            .into());
        }
    }
    if !spec.path_parameters.is_empty() {
        if let Some(missing) = template.iter().find(|n| !seen.contains_key(**n)) {
            return Err(at(op, &spec.path_parameters[0].name, format!("path template parameter `{missing}` of `{}` is not declared in `path_parameters` (declare every one, or none)", spec.path)).into());
        }
    }
    let mut ids = BTreeMap::new();
    for p in &spec.query_parameters {
        let bare = p.name.value.strip_prefix('$').unwrap_or(&p.name.value);
        if !is_message_name(bare) {
            return Err(at(op, &p.name, format!("query parameter `{}` must be a letter followed by letters, digits, `-` or `_` (with an optional leading `$`)", p.name.value)).into());
        }
        if let Some(first) = ids.insert(bare.to_string(), p.name.value.clone()) {
            return Err(at(op, &p.name, format!("query parameter `{}` is declared twice (its description `query-{bare}` would be shared with `{first}`)", p.name.value)).into());
        }
    }
    for p in spec.path_parameters.iter().chain(&spec.query_parameters) {
        if !is_message_name(&p.name.value) && !p.name.value.starts_with('$') {
            return Err(at(
                op,
                &p.name,
                format!(
                    "parameter name `{}` must be a letter followed by letters, digits, `-` or `_`",
                    p.name.value
                ),
            )
            .into());
        }
        if let Some(t) = &p.type_name {
            if !known_type(schema, &t.value) {
                return Err(unknown_type(op, t, "parameter"));
            }
        }
    }
    Ok(())
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
    }
}

fn validate_responses(schema: &Schema, op: &Operation) -> Result<()> {
    let spec = &op.spec;
    if spec.response.is_some() && !spec.responses.is_empty() {
        let r = spec.responses[0].status.clone();
        return Err(at(op, &r, "both `response` and `responses` are given: move the `response` into the `responses` list".into()).into());
    }
    if spec.responses().is_empty() {
        anyhow::bail!("{}: the operation documents no response: add `responses:` (a list of `{{ status, type }}`) or `response:`", op.file.display());
    }
    let mut seen = BTreeMap::new();
    for r in spec.responses() {
        let code = r.code();
        if !(100..=599).contains(&code) {
            return Err(at(
                op,
                &r.status,
                format!(
                    "status `{}` must start with an HTTP status code (100-599), like `200 OK`",
                    r.status.value
                ),
            )
            .into());
        }
        if seen.insert(code, ()).is_some() {
            return Err(at(op, &r.status, format!("status {code} is documented twice")).into());
        }
        if let Some(t) = &r.type_name {
            if r.is_error() {
                return Err(at(op, t, format!("error response {code} takes no `type:`: 4xx and 5xx responses have the standard OData error body (`error: {{ code, message, innerError }}`)")).into());
            }
            if code == 204 || code == 304 {
                return Err(
                    at(op, t, format!("a {code} response has no body, so no `type:`")).into()
                );
            }
            if !known_type(schema, &t.value) {
                return Err(unknown_type(op, t, "response"));
            }
        }
        for h in &r.headers {
            if !is_message_name(h) {
                anyhow::bail!("{}: response header `{h}` is not a header name", op.file.display());
            }
        }
    }
    if spec.main_response().is_none() {
        let r = spec.responses()[0].status.clone();
        return Err(
            at(op, &r, "no success response (status below 400) is documented".into()).into()
        );
    }
    Ok(())
}

fn validate_example_types(schema: &Schema, op: &Operation) -> Result<()> {
    for ex in &op.spec.examples {
        if let Some(t) = &ex.response.type_name {
            if !known_type(schema, &t.value) {
                return Err(unknown_type(op, t, "example response"));
            }
        }
    }
    Ok(())
}

/// `see_also` ids of `op` that name no operation of the site, with their location.
pub fn unknown_see_also(op: &Operation, known: &dyn Fn(&str) -> bool) -> Option<SourceError> {
    op.spec
        .see_also
        .iter()
        .find(|s| !known(&s.value))
        .map(|s| at(op, s, format!("see_also: no operation has the id `{}`", s.value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_device_names_and_trailing_dots_are_unportable() {
        for bad in [
            "con",
            "CON",
            "Con.yaml",
            "aux.tar.gz",
            "nul",
            "prn.ftl",
            "com1",
            "COM9.md",
            "lpt0",
            "lpt¹",
            "com³.txt",
            "conin$",
            "con .txt",
            "x.",
            "x ",
            "de..",
        ] {
            assert!(unportable_name(bad).is_some(), "{bad:?} must be refused");
        }
        for good in ["console", "comx", "com10", "lpt", "auxiliary.ftl", ".hidden", "a.b", "nu"] {
            assert!(unportable_name(good).is_none(), "{good:?} is fine");
        }
    }

    #[test]
    fn twins_differ_only_in_case_or_normalization_within_one_folder() {
        let mut names = FolderNames::default();
        names.check(Path::new("locales"), "de").unwrap();
        let err = names.check(Path::new("locales"), "DE").unwrap_err().to_string();
        assert!(err.contains("locales/de and locales/DE") && err.contains("case"), "{err}");
        names.check(Path::new("content"), "caf\u{e9}").unwrap();
        let err = names.check(Path::new("content"), "cafe\u{301}").unwrap_err().to_string();
        assert!(err.contains("Unicode normalization"), "{err}");
        // The same name in another folder is no twin.
        names.check(Path::new("locales/es"), "de").unwrap();
    }
}
