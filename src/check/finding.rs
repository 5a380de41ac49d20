//! Typed findings of `polydoc check`: the rule catalogue (stable ids, default severities,
//! one-line descriptions for SARIF) and the located [`Finding`] every check module returns.

use crate::diag::{render, Excerpt};
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
    Variables => ("variables", Error, "A translation must use the same variables and message/term references as the source, in every select variant; every variable is a spec term or an argument polydoc passes (in every locale)."),
    CodeSpan => ("code-span", Error, "Every inline code span of the source appears verbatim in the translation, as often, and none is added."),
    TermMissing => ("term-missing", Error, "A protected spec term of the source (property, type, enum value, role, header, status) is missing or translated."),
    TermGlued => ("term-glued", Error, "A protected spec term is glued to a letter (`{ $guest }zugewiesen`, `guestzugewiesen`)."),
    TermUnquoted => ("term-unquoted", Error, "A protected spec term appears as plain text instead of a variable or code span."),
    DisplacedToken => ("displaced-token", Warning, "Whitespace before punctuation where the source has none: a token was probably moved or dropped."),
    Links => ("links", Error, "A translation links to the same targets as the source."),
    Markup => ("markup", Error, "Emphasis and code delimiters are balanced and match the source."),
    RawHtml => ("raw-html", Error, "Messages contain no raw HTML."),
    LinkScheme => ("link-scheme", Error, "Links, images and autolinks in messages target only relative URLs, http, https or mailto (never javascript:, data:, vbscript: or another scheme)."),
    MdxSyntax => ("mdx-syntax", Error, "Message text outside code has no MDX-active syntax: braces, lines starting with import or export, `<` starting a tag, autolinks."),
    SpecMarkup => ("spec-markup", Error, "Free-text spec fields (namespace, path, headers, permissions, status) contain no HTML, template syntax or script URLs."),
    Identical => ("identical", Warning, "A translation is identical to the source text (allow it in polydoc-allow.yaml)."),
    EmptyValue => ("empty-value", Error, "A message or attribute has an empty value."),
    Stale => ("stale", Error, "The source text changed since the translation was confirmed (polydoc l10n confirm)."),
    Unconfirmed => ("unconfirmed", Warning, "A translation is not recorded in locales/polydoc.lock."),
    ExampleSchema => ("example-schema", Error, "Example bodies follow the schema: known properties, JSON types, enum and allowed values, known @odata.type."),
    ValueSyntax => ("value-syntax", Error, "GUID-shaped values are hex GUIDs; date-times are ISO 8601 and exist on the calendar."),
    ExampleRule => ("example-rule", Error, "A rule declared in the operation spec (`rules:`) is violated."),
    ResponseAgreement => ("response-agreement", Error, "A response repeats the scalar values of its request unchanged."),
    Unverifiable => ("unverifiable", Note, "A declared rule could not be verified for this value."),
    SnippetMissing => ("snippet-missing", Error, "Every example has a snippet in every configured language."),
    SpecModel => ("spec-model", Error, "The operation spec is valid: method, parameters of the path template, known types, unique statuses, no body type on 204 or error responses, known see_also ids (what `polydoc build` refuses)."),
    ExampleMethod => ("example-method", Error, "An example request uses the method of its operation."),
    ExamplePath => ("example-path", Error, "An example request's URL path matches the operation's path template (a trailing type cast such as `/microsoft.graph.user` allowed)."),
    ExampleStatus => ("example-status", Error, "An example response's status is one of the operation's declared responses."),
    SnippetKey => ("snippet-key", Error, "Dictionary keys in generated snippets are the JSON keys of the example."),
    PageMissing => ("page-missing", Error, "Every locale has every page of the source locale."),
    PageSections => ("page-sections", Error, "Pages have the same sections in the same order in every locale."),
    PageTables => ("page-tables", Error, "Tables have the same rows and first-column keys in every locale."),
    PageCode => ("page-code", Error, "Code blocks are byte-identical in every locale."),
    PageLinks => ("page-links", Error, "Pages link to the same targets in every locale (apart from the locale prefix)."),
    PortableName => ("portable-name", Error, "Names check out everywhere: no source file or folder, operation, example or note id named like a Windows device (`con`, `aux`, `nul`, `com1`...) or ending in a dot or a space, and no two names in one folder that differ only in case or Unicode normalization."),
    PagesNotBuilt => ("pages-not-built", Error, "The pages could not be built on the fly: `polydoc build` fails on this project (the finding carries its located error)."),
    InvalidInput => ("invalid-input", Error, "An input file the build refuses to load: YAML or JSON that does not parse or does not fit the spec format (unknown, missing or mistyped fields), text that is not UTF-8, a file or example body past a size limit, a FIFO, socket or device file."),
    ResourceLimit => ("resource-limit", Error, "An input passes one of polydoc's documented limits (messages per file, message size, placeables per message), so the build would refuse it."),
    // drift-text: text that drifted without losing a token (moved, renumbered, cut, left in
    // another language, broken characters).
    TermMoved => ("term-moved", Error, "Spec terms and code spans stay in the sentence English puts them in: two terms exchanged between sentences reverse what the text says."),
    NumberMismatch => ("number-mismatch", Error, "Every number of the source prose appears in the translation with the same value (digit grouping and decimal mark of the locale allowed)."),
    LengthRatio => ("length-ratio", Warning, "A translation is far shorter or longer than the source, measured against the usual length ratio of its locale: text was probably cut or doubled."),
    RepeatedText => ("repeated-text", Error, "A sentence or phrase is repeated in the translation where the source says it once."),
    Untranslated => ("untranslated", Warning, "A translation is English text with small edits: it was not translated."),
    WrongLanguage => ("wrong-language", Error, "A translation is written in another language than its locale (Spanish in the German file)."),
    InvisibleCharacter => ("invisible-character", Error, "Message text contains a zero-width character (U+200B, U+200C, U+200D, U+2060, U+FEFF) between Latin letters or at a word's edge."),
    BidiControl => ("bidi-control", Error, "Message text contains a bidirectional control character (embeddings and overrides anywhere; marks and isolates outside right-to-left locales)."),
    ReplacementCharacter => ("replacement-character", Error, "Message text contains U+FFFD, left where a character could not be decoded."),
    Mojibake => ("mojibake", Error, "Message text contains UTF-8 that was decoded as Latin-1 or Windows-1252 (`Ã¶` for `ö`, `â€œ` for `“`)."),
    CodeSpanNbsp => ("code-span-nbsp", Error, "A code span contains a no-break space, so copied code does not work."),
    // --- drift-ex: examples against their operation, variants, templates, locked terms ---
    ExampleHeader => ("example-header", Error, "An example request sends the headers its operation needs: `Content-Type` (the operation's media type) with a body, every required declared header (credentials such as `Authorization` excepted)."),
    ExampleProperty => ("example-property", Error, "An example request body sends every property the spec's request body requires (POST and PUT) and no property the schema marks read-only."),
    OdataContext => ("odata-context", Error, "A response's `@odata.context` names the request's service root and version, and `$entity` only for a single entity."),
    PermissionName => ("permission-name", Error, "Permission names are in the catalog `permissions.yaml`, or, without one, not a near-miss of a name used more often (`Chat.ReadWrite.Al`)."),
    VariantKey => ("variant-key", Error, "Select and plural variants: no translated or duplicate keys, keys of English or of the locale's CLDR plural categories, one `*` default on a category the locale has."),
    TemplateLiteral => ("template-literal", Error, "Text on a page rendered in the pseudo-locale en-XA that did not come from a message: a word hard-coded in a template."),
    LockedTerm => ("locked-term", Error, "A brand or product name a locale keeps identical to English (its allowlist) was later translated."),
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
    /// 1-based column in UTF-16 code units (SARIF's default unit).
    #[serde(skip)]
    pub column_utf16: usize,
    /// What is wrong (lines clipped to [`crate::diag::render::MESSAGE_LINE`] characters).
    pub message: String,
    /// The offending text (at most [`crate::diag::WINDOW`] characters, then `…`).
    pub text: String,
    /// How to fix it.
    pub hint: String,
    /// A window of the source line, for the caret display.
    #[serde(skip)]
    pub source_line: Option<Excerpt>,
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
        let column = place.column.max(1);
        let line = place.source.and_then(|s| crate::diag::line_text(s, place.line));
        Finding {
            rule,
            severity: rule.severity(),
            file: slash_path(place.file),
            line: place.line.max(1),
            column,
            column_utf16: line.map_or(column, |l| render::utf16_column(l, column)),
            message: render::clip(&message.into(), render::MESSAGE_LINE),
            text: render::window_text(&text.into(), crate::diag::WINDOW),
            hint: render::clip(&hint.into(), render::MESSAGE_LINE),
            source_line: line.map(|l| Excerpt::new(l, column)),
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
