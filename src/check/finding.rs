//! Typed findings of `polydoc check`: the rule catalogue (stable ids, default severities,
//! one-line descriptions for SARIF) and the located [`Finding`] every check module returns.

use serde::Serialize;
use std::path::{Path, PathBuf};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Fails only with `--deny warnings`.
    Warning,
    /// Information that never fails the check (something that cannot be verified).
    Note,
}

impl Severity {
    /// Lower-case name (`error`, `warning`, `note`), also the SARIF level.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => ($id:literal, $sev:ident, $desc:literal)),* $(,)?) => {
        /// Every rule `polydoc check` applies. Ids are stable: CI configs and SARIF viewers key on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $(#[doc = $desc] $variant),* }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];
            /// Stable id (`ftl-syntax`).
            pub fn id(self) -> &'static str { match self { $(Rule::$variant => $id),* } }
            /// Severity unless configured otherwise.
            pub fn severity(self) -> Severity { match self { $(Rule::$variant => Severity::$sev),* } }
            /// What the rule checks, in one sentence.
            pub fn description(self) -> &'static str { match self { $(Rule::$variant => $desc),* } }
        }
    };
}

rules! {
    FtlSyntax => ("ftl-syntax", Error, "A Fluent file must parse without syntax errors."),
    FtlDuplicate => ("ftl-duplicate", Error, "A message id or attribute is defined twice."),
    MissingFile => ("missing-file", Error, "A message file of the source locale has no translation file."),
    ObsoleteFile => ("obsolete-file", Warning, "A translation file has no source-locale counterpart."),
    SourceSymlink => ("source-symlink", Warning, "A source file or folder (spec, message file, allowlist, lock, locale folder) is a symbolic link, which polydoc never follows (it is not read)."),
    MissingMessage => ("missing-message", Error, "A source message (or attribute) is not translated."),
    ObsoleteMessage => ("obsolete-message", Warning, "A translated message (or attribute) no longer exists in the source locale."),
    Variables => ("variables", Error, "A translation must use the same variables and message/term references as the source, in every select variant."),
    CodeSpan => ("code-span", Error, "Every inline code span of the source appears verbatim in the translation, as often, and none is added."),
    TermMissing => ("term-missing", Error, "A protected spec term of the source (property, type, enum value, role, header, status) is missing or translated."),
    TermGlued => ("term-glued", Error, "A protected spec term is glued to a letter (`{ $guest }zugewiesen`, `guestzugewiesen`)."),
    TermUnquoted => ("term-unquoted", Error, "A protected spec term appears as plain text instead of a variable or code span."),
    DisplacedToken => ("displaced-token", Warning, "Whitespace before punctuation where the source has none: a token was probably moved or dropped."),
    Links => ("links", Error, "A translation links to the same targets as the source."),
    Markup => ("markup", Error, "Emphasis and code delimiters are balanced and match the source."),
    RawHtml => ("raw-html", Error, "Messages contain no raw HTML."),
    SpecMarkup => ("spec-markup", Error, "Free-text spec fields (namespace, path, headers, permissions, status) contain no HTML, template syntax or script URLs."),
    Identical => ("identical", Warning, "A translation is identical to the source text (allow it in polydoc-allow.yaml)."),
    EmptyValue => ("empty-value", Error, "A message or attribute has an empty value."),
    Stale => ("stale", Error, "The source text changed since the translation was confirmed (polydoc l10n confirm)."),
    Unconfirmed => ("unconfirmed", Warning, "A translation is not recorded in locales/polydoc.lock."),
    ExampleSchema => ("example-schema", Error, "Example bodies follow the schema: known properties, JSON types, enum and allowed values, known @odata.type."),
    ValueSyntax => ("value-syntax", Error, "GUID-shaped values are hex GUIDs; date-times are ISO 8601."),
    ExampleRule => ("example-rule", Error, "A rule declared in the operation spec (`rules:`) is violated."),
    ResponseAgreement => ("response-agreement", Error, "A response repeats the scalar values of its request unchanged."),
    Unverifiable => ("unverifiable", Note, "A declared rule could not be verified for this value."),
    SnippetMissing => ("snippet-missing", Error, "Every example has a snippet in every configured language."),
    SnippetKey => ("snippet-key", Error, "Dictionary keys in generated snippets are the JSON keys of the example."),
    PageMissing => ("page-missing", Error, "Every locale has every page of the source locale."),
    PageSections => ("page-sections", Error, "Pages have the same sections in the same order in every locale."),
    PageTables => ("page-tables", Error, "Tables have the same rows and first-column keys in every locale."),
    PageCode => ("page-code", Error, "Code blocks are byte-identical in every locale."),
    PageLinks => ("page-links", Error, "Pages link to the same targets in every locale (apart from the locale prefix)."),
    PagesNotBuilt => ("pages-not-built", Error, "The pages could not be built on the fly: `polydoc build` fails on this project (the finding carries its located error)."),
    ResourceLimit => ("resource-limit", Error, "An input passes one of polydoc's documented limits (messages per file, message size, placeables per message), so the build would refuse it."),
}

/// One problem, pinned to a file position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which rule.
    #[serde(serialize_with = "rule_id")]
    pub rule: Rule,
    /// Severity (the rule's default).
    pub severity: Severity,
    /// File relative to the project (or site) root, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// The offending text.
    pub text: String,
    /// How to fix it.
    pub hint: String,
    /// The source line, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

fn rule_id<S: serde::Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.id())
}

/// Where a finding points: file, its text (to quote the line), line and column.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// File relative to the root.
    pub file: &'a Path,
    /// The file's text, when known.
    pub source: Option<&'a str>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl<'a> Place<'a> {
    /// The place of byte `offset` in `source`.
    pub fn at_offset(file: &'a Path, source: &'a str, offset: usize) -> Place<'a> {
        let (line, column) = crate::diag::line_col(source, offset);
        Place { file, source: Some(source), line, column }
    }
}

impl Finding {
    /// A finding of `rule` at `place`.
    pub fn new(
        rule: Rule,
        place: Place,
        message: impl Into<String>,
        text: impl Into<String>,
        hint: impl Into<String>,
    ) -> Finding {
        let source_line =
            place.source.and_then(|s| crate::diag::line_text(s, place.line)).map(str::to_string);
        Finding {
            rule,
            severity: rule.severity(),
            file: slash_path(place.file),
            line: place.line.max(1),
            column: place.column.max(1),
            message: message.into(),
            text: text.into(),
            hint: hint.into(),
            source_line,
        }
    }

    /// A `source-symlink` finding: the entry `relp` (relative to the project root) is a
    /// symbolic link, reported where it is and never followed.
    pub fn source_symlink(relp: &Path) -> Finding {
        let place = Place { file: relp, source: None, line: 1, column: 1 };
        let name = relp.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let message = format!("{} is a symbolic link, so it was not read", slash_path(relp));
        Finding::new(Rule::SourceSymlink, place, message, name, crate::localize::LINK_HINT)
    }
}

/// A path as `/`-separated text.
pub fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Owned path helper for callers that build paths on the fly.
pub fn rel(parts: &[&str]) -> PathBuf {
    parts.iter().collect()
}
