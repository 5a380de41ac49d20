//! Build-time syntax highlighting: code in, HTML with CSS classes out (no inline styles), plus
//! the stylesheet for a light and a dark theme switched by `prefers-color-scheme`.
//!
//! Grammars come from `two-face` (syntect's defaults plus HTTP and more), loaded once.

use anyhow::{anyhow, Result};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

/// Prefix of every highlighting class, so page CSS cannot collide with it.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Holds the loaded grammars; create once per build and share.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// Loads the grammars.
    pub fn new() -> Self {
        Highlighter { syntaxes: two_face::syntax::extra_newlines() }
    }

    /// Highlights `code` written in the language named by `token` (`http`, `json`, `cs`,
    /// `java`, `py`): escaped HTML spans with `hl-` classes, without the `<pre>` wrapper.
    pub fn highlight(&self, code: &str, token: &str) -> Result<String> {
        let syntax = self
            .syntaxes
            .find_syntax_by_token(token)
            .ok_or_else(|| anyhow!("no grammar for code language `{token}`"))?;
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line)
                .map_err(|e| anyhow!("highlighting {token} failed: {e}"))?;
        }
        Ok(gen.finalize())
    }
}

/// The highlighting stylesheet: light theme by default, dark under `prefers-color-scheme: dark`.
pub fn theme_css() -> Result<String> {
    let themes = two_face::theme::extra();
    let light = css_for_theme_with_class_style(themes.get(EmbeddedThemeName::Github), CLASS_STYLE)
        .map_err(|e| anyhow!("light theme CSS: {e}"))?;
    let dark = css_for_theme_with_class_style(themes.get(EmbeddedThemeName::OneHalfDark), CLASS_STYLE)
        .map_err(|e| anyhow!("dark theme CSS: {e}"))?;
    Ok(format!("/* light: GitHub */\n{light}\n@media (prefers-color-scheme: dark) {{\n/* dark: OneHalfDark */\n{dark}\n}}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_json_get_classes_and_escaping() {
        let h = Highlighter::new();
        let html = h.highlight("POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n", "http").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        let json = h.highlight("{\"a\": \"<b>\"}\n", "json").unwrap();
        assert!(json.contains("&lt;b&gt;") && !json.contains("<b>"), "{json}");
        for token in ["cs", "java", "py"] {
            assert!(h.highlight("x\n", token).is_ok(), "{token}");
        }
    }

    #[test]
    fn css_has_dark_media_query() {
        let css = theme_css().unwrap();
        assert!(css.contains("prefers-color-scheme: dark") && css.contains(".hl-"));
    }
}
