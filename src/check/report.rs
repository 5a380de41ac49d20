//! Output of `polydoc check`: human (drawn by the one renderer of `crate::diag::render`,
//! grouped by file, colour only on a terminal), JSON (stable, versioned;
//! `docs/check-json.md`) and SARIF 2.1.0 (typed `serde-sarif` structs, UTF-16 columns).

use super::finding::{Finding, Rule, Severity};
use crate::diag::render;
use serde_sarif::sarif;

/// Version of the JSON output format.
pub const JSON_VERSION: u32 = 1;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-like text.
    Human,
    /// `docs/check-json.md`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// The JSON output (`docs/check-json.md`), fields in output order.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: &'static str,
    tool_version: &'static str,
    summary: JsonSummary<'a>,
    findings: &'a [Finding],
}

/// Counts of the JSON output.
#[derive(serde::Serialize)]
struct JsonSummary<'a> {
    errors: usize,
    warnings: usize,
    notes: usize,
    operations: usize,
    locales: &'a [String],
}

/// Everything `polydoc check` found, sorted by file, line, column.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The findings.
    pub findings: Vec<Finding>,
    /// Operations checked.
    pub operations: usize,
    /// Locales checked (source first).
    pub locales: Vec<String>,
    /// Notes left out of the human output (shown with `-v`); JSON and SARIF carry them all.
    pub hidden_notes: usize,
}

impl Report {
    /// Number of findings of a severity.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// 0 when clean, 1 when there are errors (or warnings with `deny_warnings`).
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        let failing =
            self.count(Severity::Error) > 0 || (deny_warnings && self.count(Severity::Warning) > 0);
        i32::from(failing)
    }

    /// Leaves the notes out of the human output (a clean project prints the summary line
    /// only); they are counted in the summary and `-v` shows them.
    pub fn hide_notes(&mut self) {
        let before = self.findings.len();
        self.findings.retain(|f| f.severity != Severity::Note);
        self.hidden_notes += before - self.findings.len();
    }

    /// Renders in `format`; `color` applies to human output only.
    pub fn render(&self, format: Format) -> String {
        self.render_with(format, false)
    }

    /// Renders with or without ANSI colour (human output only).
    pub fn render_with(&self, format: Format, color: bool) -> String {
        match format {
            Format::Human => self.human(color),
            // Serialized straight from the findings: a `serde_json::Value` copy of 100,000
            // findings took more memory than the check itself.
            Format::Json => serde_json::to_string_pretty(&self.json()).unwrap_or_default() + "\n",
            Format::Sarif => serde_json::to_string_pretty(&self.sarif()).unwrap_or_default() + "\n",
        }
    }

    fn human(&self, color: bool) -> String {
        let mut out = String::new();
        let mut file = None;
        for f in &self.findings {
            if file != Some(&f.file) {
                let name = render::sanitize(&f.file);
                out.push_str(&if color { format!("\x1b[1m{name}\x1b[0m\n") } else { name + "\n" });
                file = Some(&f.file);
            }
            out.push_str(&render::render(&diagnostic(f), color));
            out.push_str("\n\n");
        }
        out.push_str(&format!(
            "polydoc check: {} error(s), {} warning(s), {} note(s){} in {} operation(s), locales {}\n",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Note) + self.hidden_notes,
            if self.hidden_notes > 0 { " (-v shows them)" } else { "" },
            self.operations,
            self.locales.join(", ")
        ));
        out
    }

    fn json(&self) -> JsonReport<'_> {
        JsonReport {
            version: JSON_VERSION,
            tool: "polydoc",
            tool_version: env!("CARGO_PKG_VERSION"),
            summary: JsonSummary {
                errors: self.count(Severity::Error),
                warnings: self.count(Severity::Warning),
                notes: self.count(Severity::Note),
                operations: self.operations,
                locales: &self.locales,
            },
            findings: &self.findings,
        }
    }

    fn sarif(&self) -> sarif::Sarif {
        let rules: Vec<sarif::ReportingDescriptor> = Rule::ALL
            .iter()
            .map(|r| {
                sarif::ReportingDescriptor::builder()
                    .id(r.id())
                    .short_description(&r.description().to_string())
                    .default_configuration(
                        sarif::ReportingConfiguration::builder()
                            .level(serde_json::Value::from(r.severity().as_str()))
                            .build(),
                    )
                    .build()
            })
            .collect();
        let results: Vec<sarif::Result> = self.findings.iter().map(sarif_result).collect();
        let driver = sarif::ToolComponent::builder()
            .name("polydoc")
            .version(env!("CARGO_PKG_VERSION"))
            .rules(rules)
            .build();
        let run = sarif::Run::builder()
            .tool(driver)
            .column_kind(serde_json::Value::from("utf16CodeUnits"))
            .results(results)
            .build();
        sarif::Sarif::builder()
            .schema(SARIF_SCHEMA)
            .version(serde_json::Value::from("2.1.0"))
            .runs(vec![run])
            .build()
    }
}

/// Where the SARIF 2.1.0 schema is published.
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One finding as a SARIF result; its column in UTF-16 code units (the `columnKind` the run
/// declares, SARIF's default).
fn sarif_result(f: &Finding) -> sarif::Result {
    let region = sarif::Region::builder()
        .start_line(f.line as i64)
        .start_column(f.column_utf16 as i64)
        .snippet(sarif::ArtifactContent::builder().text(f.text.clone()).build())
        .build();
    let location = sarif::Location::builder()
        .physical_location(
            sarif::PhysicalLocation::builder()
                .artifact_location(
                    sarif::ArtifactLocation::builder().uri(uri_reference(&f.file)).build(),
                )
                .region(region)
                .build(),
        )
        .build();
    let level = match f.severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Note => sarif::ResultLevel::Note,
    };
    sarif::Result::builder()
        .rule_id(f.rule.id())
        .rule_index(Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0) as i64)
        .level(level)
        .message(&format!("{} (help: {})", f.message, f.hint))
        .locations(vec![location])
        .build()
}

/// A finding as the one renderer draws it.
fn diagnostic(f: &Finding) -> render::Diagnostic<'_> {
    let level = match f.severity {
        Severity::Error => render::Level::Error,
        Severity::Warning => render::Level::Warning,
        Severity::Note => render::Level::Note,
    };
    render::Diagnostic {
        level,
        code: Some(f.rule.id()),
        message: &f.message,
        file: &f.file,
        line: f.line,
        column: f.column,
        excerpt: f.source_line.as_ref(),
        width: f.text.lines().next().map_or(1, |t| t.chars().count().clamp(1, 60)),
        help: Some(&f.hint),
    }
}

/// A relative path as a URI reference (RFC 3986), as SARIF requires of `artifactLocation.uri`:
/// `/`-separated, every byte outside the unreserved and sub-delimiter characters (spaces,
/// controls, `%`, `?`, `#`, non-ASCII) percent-encoded.
fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod uri_tests {
    #[test]
    fn sarif_uris_percent_encode_controls_spaces_and_non_ascii() {
        assert_eq!(
            super::uri_reference("locales/de/create-chat.ftl"),
            "locales/de/create-chat.ftl"
        );
        assert_eq!(
            super::uri_reference("a b/e\u{1b}[1m\r%#?.ftl"),
            "a%20b/e%1B%5B1m%0D%25%23%3F.ftl"
        );
        assert_eq!(super::uri_reference("café"), "caf%C3%A9");
    }
}
