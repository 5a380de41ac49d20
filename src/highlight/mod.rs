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

/// The highlighting stylesheet: the light theme unless the reader prefers dark, the dark theme
/// then. Each theme sits in its own media query, so no rule of one leaks into the other, and
/// every token colour is adjusted to a contrast of at least [`MIN_CONTRAST`] against its
/// theme's background (WCAG 2 AA for normal text; GitHub's grey comments are 2.9:1 as shipped).
pub fn theme_css() -> Result<String> {
    let themes = two_face::theme::extra();
    let light = css_for_theme_with_class_style(themes.get(EmbeddedThemeName::Github), CLASS_STYLE)
        .map_err(|e| anyhow!("light theme CSS: {e}"))?;
    let dark =
        css_for_theme_with_class_style(themes.get(EmbeddedThemeName::OneHalfDark), CLASS_STYLE)
            .map_err(|e| anyhow!("dark theme CSS: {e}"))?;
    let light = with_contrast(&light)?;
    let dark = with_contrast(&dark)?;
    Ok(format!(
        "/* light: GitHub */\n@media not all and (prefers-color-scheme: dark) {{\n{light}\n}}\n@media (prefers-color-scheme: dark) {{\n/* dark: OneHalfDark */\n{dark}\n}}\n"
    ))
}

/// The contrast every token colour gets against its theme's background (4.5 is AA; a little
/// more covers rounding to whole RGB values).
pub const MIN_CONTRAST: f64 = 4.6;

/// Rewrites every `color: #rrggbb` of a syntect theme stylesheet so that it reaches
/// [`MIN_CONTRAST`] against the theme's background (the `background-color` of `.hl-code`),
/// moving it towards black on a light background and towards white on a dark one.
fn with_contrast(css: &str) -> Result<String> {
    let background = css
        .split(".hl-code {")
        .nth(1)
        .and_then(|rule| rule.split('}').next())
        .and_then(|rule| rule.lines().find_map(|l| l.trim().strip_prefix("background-color:")))
        .and_then(|v| parse_hex(v.trim().trim_end_matches(';')))
        .ok_or_else(|| anyhow!("theme CSS has no .hl-code background colour"))?;
    let mut out = String::with_capacity(css.len());
    for line in css.split_inclusive('\n') {
        let trimmed = line.trim();
        let value = trimmed.strip_prefix("color:").map(|v| v.trim().trim_end_matches(';'));
        match value.and_then(parse_hex) {
            Some(fg) => {
                let fixed = readable(fg, background);
                out.push_str(&format!(
                    " color: #{:02x}{:02x}{:02x};\n",
                    fixed[0], fixed[1], fixed[2]
                ));
            }
            None => out.push_str(line),
        }
    }
    Ok(out)
}

/// `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha ignored) to RGB.
fn parse_hex(value: &str) -> Option<[u8; 3]> {
    let hex = value.strip_prefix('#')?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    match hex.len() {
        3 => {
            let d = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok().map(|v| v * 17);
            Some([d(0)?, d(1)?, d(2)?])
        }
        6 | 8 => Some([byte(0)?, byte(2)?, byte(4)?]),
        _ => None,
    }
}

/// WCAG 2 relative luminance.
fn luminance(c: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

/// WCAG 2 contrast ratio of two colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `fg` itself when it is readable on `bg`, else `fg` mixed with black (light background) or
/// white (dark background) just enough to be: the hue stays recognisable.
fn readable(fg: [u8; 3], bg: [u8; 3]) -> [u8; 3] {
    let target: f64 = if luminance(bg) > 0.18 { 0.0 } else { 255.0 };
    let mut current = fg;
    for step in 0..=100 {
        current = fg.map(|v| {
            let t = f64::from(step) / 100.0;
            (f64::from(v) * (1.0 - t) + target * t).round() as u8
        });
        if contrast(current, bg) >= MIN_CONTRAST {
            break;
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_json_get_classes_and_escaping() {
        let h = Highlighter::new();
        let html = h
            .highlight(
                "POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n",
                "http",
            )
            .unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        let json = h.highlight("{\"a\": \"<b>\"}\n", "json").unwrap();
        assert!(json.contains("&lt;b&gt;") && !json.contains("<b>"), "{json}");
        for token in ["cs", "java", "py", "yaml", "rust"] {
            assert!(h.highlight("x\n", token).is_ok(), "{token}");
        }
        let slow = h.highlight_with_syntect("{\"a\": 1}\n", "json").unwrap();
        assert!(
            slow.contains("hl-constant hl-numeric"),
            "syntect uses the same scope classes: {slow}"
        );
    }

    #[test]
    fn css_has_dark_media_query() {
        let css = theme_css().unwrap();
        assert!(css.contains("prefers-color-scheme: dark") && css.contains(".hl-"));
    }

    #[test]
    fn every_token_colour_is_readable_on_its_theme_background() {
        let css = theme_css().unwrap();
        let (light, dark) = css.split_once("@media (prefers-color-scheme: dark)").unwrap();
        for (part, bg) in [(light, [0xff, 0xff, 0xff]), (dark, [0x28, 0x2c, 0x34])] {
            assert!(
                part.contains(&format!(
                    "background-color: #{:02x}{:02x}{:02x}",
                    bg[0], bg[1], bg[2]
                )),
                "theme background changed"
            );
            let mut seen = 0;
            for line in part.lines() {
                if let Some(c) = line
                    .trim()
                    .strip_prefix("color:")
                    .and_then(|v| parse_hex(v.trim().trim_end_matches(';')))
                {
                    assert!(contrast(c, bg) >= 4.5, "{line} on {bg:?}: {:.2}", contrast(c, bg));
                    seen += 1;
                }
            }
            assert!(seen > 10, "colours found: {seen}");
        }
        // GitHub's comment grey (#969896, 2.9:1 on white) was darkened, not dropped.
        assert!(!light.contains("#969896") && contrast([0x96, 0x98, 0x96], [0xff; 3]) < 4.5);
    }
}
