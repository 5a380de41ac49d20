//! Build-time syntax highlighting: code in, HTML with CSS classes out (no inline styles), plus
//! the stylesheet for a light and a dark theme switched by `prefers-color-scheme`.
//!
//! The languages polydoc writes itself (HTTP, JSON, C#, Java, Python) go through the fast
//! tokenizers of [`lexer`], which emit the same scope classes; everything else goes to syntect
//! with grammars from `two-face` (syntect's defaults plus HTTP and more), loaded once, lazily.

pub mod lexer;

use anyhow::{anyhow, Result};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

/// Prefix of every highlighting class, so page CSS cannot collide with it.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Holds the grammars (loaded on first use); create once per build and share.
pub struct Highlighter {
    syntaxes: std::sync::OnceLock<SyntaxSet>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// A highlighter; syntect's grammars are loaded the first time they are needed.
    pub fn new() -> Self {
        Highlighter { syntaxes: std::sync::OnceLock::new() }
    }

    /// Highlights `code` written in the language named by `token` (`http`, `json`, `cs`,
    /// `java`, `py`): escaped HTML spans with `hl-` classes, without the `<pre>` wrapper.
    pub fn highlight(&self, code: &str, token: &str) -> Result<String> {
        if lexer::handles(token) {
            return Ok(lexer::highlight(code, token));
        }
        self.highlight_with_syntect(code, token)
    }

    /// Highlights with syntect's grammars, whatever the language.
    pub fn highlight_with_syntect(&self, code: &str, token: &str) -> Result<String> {
        let syntaxes = self.syntaxes.get_or_init(two_face::syntax::extra_newlines);
        let syntax = syntaxes
            .find_syntax_by_token(token)
            .ok_or_else(|| anyhow!("no grammar for code language `{token}`"))?;
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
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
        for token in ["cs", "java", "py", "yaml", "rust"] {
            assert!(h.highlight("x\n", token).is_ok(), "{token}");
        }
        let slow = h.highlight_with_syntect("{\"a\": 1}\n", "json").unwrap();
        assert!(slow.contains("hl-constant hl-numeric"), "syntect uses the same scope classes: {slow}");
    }

    #[test]
    fn css_has_dark_media_query() {
        let css = theme_css().unwrap();
        assert!(css.contains("prefers-color-scheme: dark") && css.contains(".hl-"));
    }
}
