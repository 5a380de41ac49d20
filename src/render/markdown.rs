//! Tera filters of the Markdown templates (`markdown/*.md`, `commonmark/*.md`): table cells,
//! code spans and fenced code blocks that stay intact whatever the text holds, and the escape
//! function that turns every plain string those templates print into Markdown text.
//! Every filter returns a safe string: its output is already Markdown (code, a cell, YAML).

use crate::localize::safe_markdown::escape_text;
use tera::{Kwargs, State, TeraResult, Value};

/// Tera's escape function for `.md` templates: plain strings (spec text, titles) become
/// Markdown text that shows them as they are and is inert in MDX.
pub fn escape_fn(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(escape_text(input).as_bytes())
}

/// Longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A table cell: `|` escaped, line breaks made spaces (a cell is one line). A plain string is
/// escaped as Markdown text first; a safe one (a message's safe Markdown) is kept.
pub fn md_cell(value: &Value, _: Kwargs, _: &State) -> Value {
    let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
    let text = if value.is_safe() { text } else { escape_text(&text) };
    let one_line = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    Value::safe_string(&one_line.replace('|', "\\|"))
}

/// A code span with a fence longer than any backtick run inside.
pub fn code_span(text: &str, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&span(text))
}

fn span(text: &str) -> String {
    let text = &text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    let spaced = text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty();
    let pad = if text.starts_with('`') || text.ends_with('`') || spaced { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A YAML (and JSON) double-quoted string, for front matter. Characters YAML parsers treat as
/// line breaks or refuse (C1 controls, U+2028, U+2029, BOM) are written as `\u` escapes.
pub fn yaml_string(text: &str, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&yaml_quoted(text))
}

fn yaml_quoted(text: &str) -> String {
    let json = serde_json::Value::String(text.to_string()).to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            _ => out.push(c),
        }
    }
    out
}

/// A fenced code block (`fence(lang="csharp")`) whose fence is longer than any backtick run in
/// the code, so the block always ends where the code does.
pub fn fence(text: &str, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let lang: String = kwargs.get::<&str>("lang")?.unwrap_or("").to_string();
    Ok(Value::safe_string(&fenced(text, &lang)))
}

fn fenced(text: &str, lang: &str) -> String {
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '#' | '+'))
        .collect();
    let ticks = "`".repeat((longest_backtick_run(text) + 1).max(3));
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    format!("{ticks}{lang}\n{text}{newline}{ticks}")
}

/// Registers the filters on `tera`.
pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("md_cell", md_cell);
    tera.register_filter("code_span", code_span);
    tera.register_filter("yaml_string", yaml_string);
    tera.register_filter("fence", fence);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outgrow_the_code() {
        assert_eq!(fenced("var a = 1;\n", "csharp"), "```csharp\nvar a = 1;\n```");
        assert_eq!(fenced("x = ```y```", "python"), "````python\nx = ```y```\n````");
        assert_eq!(fenced("x", "c s`"), "```cs\nx\n```");
        assert_eq!(span("topic"), "`topic`");
        assert_eq!(span("a`b"), "``a`b``");
        assert_eq!(span("`x"), "`` `x ``");
        assert_eq!(span("a\nb"), "`a b`");
    }

    #[test]
    fn yaml_strings_escape_line_separators() {
        assert_eq!(yaml_quoted("a\u{2028}b\u{85}\"c\n"), "\"a\\u2028b\\u0085\\\"c\\n\"");
    }
}
