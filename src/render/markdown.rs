//! Tera filters of the Markdown templates (`markdown/*.md`, `commonmark/*.md`): table cells,
//! code spans and fenced code blocks that stay intact whatever the text holds.

use tera::{Kwargs, State, TeraResult};

/// Longest run of backticks in `text`.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A table cell: `|` escaped, line breaks made spaces (a cell is one line).
pub fn md_cell(text: &str, _: Kwargs, _: &State) -> String {
    let one_line = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    one_line.replace('|', "\\|")
}

/// A code span with a fence longer than any backtick run inside.
pub fn code_span(text: &str, _: Kwargs, _: &State) -> String {
    span(text)
}

fn span(text: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A YAML (and JSON) double-quoted string, for front matter.
pub fn yaml_string(text: &str, _: Kwargs, _: &State) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// A fenced code block (`fence(lang="csharp")`) whose fence is longer than any backtick run in
/// the code, so the block always ends where the code does.
pub fn fence(text: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let lang: String = kwargs.get::<&str>("lang")?.unwrap_or("").to_string();
    Ok(fenced(text, &lang))
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
    }
}
