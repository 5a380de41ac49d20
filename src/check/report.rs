//! Output of `polydoc check`: human (rustc-like, grouped by file, colour only on a terminal),
//! JSON (stable, versioned; `docs/check-json.md`) and SARIF 2.1.0.

use super::finding::{Finding, Rule, Severity};
use serde_json::json;

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
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let mut out = String::new();
        let mut file = None;
        for f in &self.findings {
            if file != Some(&f.file) {
                out.push_str(&paint("1", &format!("{}\n", f.file)));
                file = Some(&f.file);
            }
            let sev = match f.severity {
                Severity::Error => paint("1;31", "error"),
                Severity::Warning => paint("1;33", "warning"),
                Severity::Note => paint("1;36", "note"),
            };
            out.push_str(&format!("{sev}[{}]: {}\n", f.rule.id(), f.message));
            out.push_str(&format!("  --> {}:{}:{}\n", f.file, f.line, f.column));
            if let Some(line) = &f.source_line {
                let gutter = f.line.to_string();
                let pad = " ".repeat(gutter.len());
                let caret: String = line
                    .chars()
                    .take(f.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let width = f.text.lines().next().map_or(1, |t| t.chars().count().clamp(1, 60));
                let width = width.min(line.chars().count().saturating_sub(f.column - 1).max(1));
                out.push_str(&format!(
                    "{pad} |\n{gutter} | {}\n{pad} | {caret}{}\n",
                    line.trim_end(),
                    paint("1;31", &"^".repeat(width))
                ));
            }
            out.push_str(&format!("  = help: {}\n\n", f.hint));
        }
        out.push_str(&format!(
            "polydoc check: {} error(s), {} warning(s), {} note(s) in {} operation(s), locales {}\n",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Note),
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

    fn sarif(&self) -> serde_json::Value {
        let rules: Vec<_> = Rule::ALL
            .iter()
            .map(|r| {
                json!({
                    "id": r.id(),
                    "shortDescription": { "text": r.description() },
                    "defaultConfiguration": { "level": r.severity().as_str() },
                })
            })
            .collect();
        let results: Vec<_> = self
            .findings
            .iter()
            .map(|f| json!({
                "ruleId": f.rule.id(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == f.rule),
                "level": f.severity.as_str(),
                "message": { "text": format!("{} (help: {})", f.message, f.hint) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.file },
                        "region": { "startLine": f.line, "startColumn": f.column, "snippet": { "text": f.text } },
                    }
                }],
            }))
            .collect();
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "polydoc",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                } },
                "results": results,
            }],
        })
    }
}
