//! The pseudo-locale: English with every letter accented, vowels doubled (text about a third
//! longer) and each message wrapped in `⟦ ⟧`, generated from the source locale's `.ftl` files. A
//! page in it shows at a glance any text that bypassed the messages (it stays plain English)
//! and any layout that cannot take longer translations or other scripts.
//!
//! Only message TEXT changes: placeables (`{ $topic }`), select keys, code spans, link
//! targets, Markdown syntax and escapes stay as they are.

use anyhow::{anyhow, Result};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// The pseudo-locale's code: English, region XA (private use), as Android's pseudo-locale.
pub const PSEUDO_LOCALE: &str = "en-XA";

/// Opening and closing marks around every message.
pub const OPEN: char = '⟦';
/// See [`OPEN`].
pub const CLOSE: char = '⟧';

/// The accented form of an ASCII letter (every one of the 52 has one), else `None`.
pub fn accent(c: char) -> Option<char> {
    const LOWER: [char; 26] = [
        'å', 'ƀ', 'ç', 'ð', 'é', 'ƒ', 'ĝ', 'ĥ', 'î', 'ĵ', 'ķ', 'ļ', 'ɱ', 'ñ', 'ö', 'þ', 'ǫ', 'ŕ',
        'š', 'ţ', 'û', 'ṽ', 'ŵ', 'ẋ', 'ý', 'ž',
    ];
    const UPPER: [char; 26] = [
        'Å', 'Ɓ', 'Ç', 'Ð', 'É', 'Ƒ', 'Ĝ', 'Ĥ', 'Î', 'Ĵ', 'Ķ', 'Ļ', 'Ṁ', 'Ñ', 'Ö', 'Þ', 'Ǫ', 'Ŕ',
        'Š', 'Ţ', 'Û', 'Ṽ', 'Ŵ', 'Ẋ', 'Ý', 'Ž',
    ];
    match c {
        'a'..='z' => Some(LOWER[c as usize - 'a' as usize]),
        'A'..='Z' => Some(UPPER[c as usize - 'A' as usize]),
        _ => None,
    }
}

/// Where the transformation is inside a message's Markdown.
#[derive(Default)]
struct State {
    /// Length of the backtick fence of the open code span, 0 outside one.
    code_fence: usize,
    /// Inside a link target `](...)`.
    in_target: bool,
}

/// True when `rest` (what follows `](`) is a link destination Markdown reads as one: in angle
/// brackets, or up to `)` without white space, or followed by a title (`"t"`, `'t'`, `(t)`).
/// `[en primeur](See https://x)` is no link: its parentheses show as text and are translated.
fn is_link_target(rest: &[char]) -> bool {
    if rest.first() == Some(&'<') {
        return true;
    }
    match rest.iter().position(|c| *c == ')' || c.is_whitespace()) {
        Some(end) if rest[end] == ')' => true,
        Some(end) => {
            let next = rest[end..].iter().find(|c| !c.is_whitespace());
            matches!(next, Some('"' | '\'' | '(' | ')'))
        }
        // The run ends inside the target (a placeable follows): taken as one.
        None => true,
    }
}

/// Pseudo-localizes one text run of a message, carrying Markdown state across runs.
fn transform(text: &str, state: &mut State) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let mut run = 0;
            while i + run < chars.len() && chars[i + run] == '`' {
                run += 1;
            }
            if state.code_fence == 0 {
                state.code_fence = run;
            } else if state.code_fence == run {
                state.code_fence = 0;
            }
            out.extend(std::iter::repeat_n('`', run));
            i += run;
            continue;
        }
        if state.code_fence > 0 {
            out.push(c);
        } else if state.in_target {
            out.push(c);
            if c == ')' {
                state.in_target = false;
            }
        } else if c == '\\' && i + 1 < chars.len() {
            // A Markdown escape: both characters stay.
            out.push(c);
            out.push(chars[i + 1]);
            i += 1;
        } else if c == ']' && chars.get(i + 1) == Some(&'(') && is_link_target(&chars[i + 2..]) {
            out.push_str("](");
            state.in_target = true;
            i += 1;
        } else if let Some(a) = accent(c) {
            out.push(a);
            if "aeiouAEIOU".contains(c) {
                out.push(a);
            }
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn pseudo_pattern(pattern: &mut Pattern<String>, wrap: bool) {
    let mut state = State::default();
    for element in &mut pattern.elements {
        match element {
            PatternElement::TextElement { value } => *value = transform(value, &mut state),
            PatternElement::Placeable { expression: Expression::Select { variants, .. } } => {
                for v in variants {
                    pseudo_pattern(&mut v.value, false);
                }
            }
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } if state.code_fence == 0
                && !state.in_target
                && value.chars().any(|c| c.is_ascii_alphabetic()) =>
            {
                *value = pseudo_literal(value);
            }
            PatternElement::Placeable { .. } => {}
        }
    }
    if wrap {
        pattern.elements.insert(0, PatternElement::TextElement { value: OPEN.to_string() });
        pattern.elements.push(PatternElement::TextElement { value: CLOSE.to_string() });
    }
}

/// A string literal's text pseudo-localized, as its escaped source (`\"`, `\\`, `\uHHHH`):
/// text an import put in one literal (a description too full of braces for a message's
/// placeables) is text like any other; its code spans stay as they are.
fn pseudo_literal(escaped: &str) -> String {
    let text = super::ftl_syntax::unescape_literal(escaped);
    super::ftl_syntax::escape_literal(&transform(&text, &mut State::default()))
}

/// The pseudo-localized text of an English `.ftl` file: same ids, attributes and placeables,
/// every message value and attribute pseudo-localized and wrapped in `⟦ ⟧`. Terms (`-brand`)
/// are left as they are.
pub fn pseudo_ftl(text: &str) -> Result<String> {
    let mut resource = fluent_syntax::parser::parse(text.to_string()).map_err(|(_, errors)| {
        anyhow!("cannot pseudo-localize: {} Fluent syntax error(s)", errors.len())
    })?;
    for entry in &mut resource.body {
        if let Entry::Message(message) = entry {
            if let Some(value) = &mut message.value {
                pseudo_pattern(value, true);
            }
            for attribute in &mut message.attributes {
                pseudo_pattern(&mut attribute.value, true);
            }
        }
    }
    Ok(fluent_syntax::serializer::serialize(&resource))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_changes_code_placeables_and_link_targets_do_not() {
        let ftl = "title = Create chat\nsummary = Create a new { $chat } object with `topic` and [a link](https://example.com/Path_x) and \\*stars\\*.\n";
        let out = pseudo_ftl(ftl).unwrap();
        assert!(out.contains("title = ⟦Çŕééåå"), "{out}");
        assert!(out.contains("{ $chat }"), "{out}");
        assert!(out.contains("`topic`"), "{out}");
        assert!(out.contains("](https://example.com/Path_x)"), "{out}");
        assert!(out.contains("[åå ļîîñķ]"), "{out}");
        assert!(out.contains("\\*"), "{out}");
        assert!(!out.contains("Create") && !out.contains("object"), "{out}");
    }

    #[test]
    fn parentheses_that_are_no_link_target_are_text() {
        let out = pseudo_ftl("a = the [en primeur](See https://x.example/p) score\n").unwrap();
        assert!(!out.contains("See https"), "{out}");
        let out = pseudo_ftl("a = [x](https://x.example/p \"Title\") and [y](<a b>)\n").unwrap();
        assert!(out.contains("](https://x.example/p ") && out.contains("](<a b>)"), "{out}");
    }

    #[test]
    fn literals_of_text_are_transformed_and_those_in_code_spans_kept() {
        let out = pseudo_ftl("a = Use `{\"{id}\"}` or {\"Ab \\\"c\\\"\\u000A`{x}`\"}\n").unwrap();
        assert!(out.contains("`{ \"{id}\" }`"), "{out}");
        assert!(out.contains("{ \"ÅÅƀ \\\"ç\\\"\\u000A`{x}`\" }"), "{out}");
    }

    #[test]
    fn select_variants_are_transformed_and_keys_kept() {
        let ftl = "n = { $count ->\n    [one] one member\n   *[other] many members\n}\n";
        let out = pseudo_ftl(ftl).unwrap();
        assert!(out.contains("[one]") && out.contains("*[other]"), "{out}");
        assert!(out.contains("ɱééɱƀééŕ") && !out.contains("member"), "{out}");
    }

    #[test]
    fn text_is_about_a_third_longer() {
        let english =
            "Choose the permission or permissions marked as least privileged for this API.";
        let pseudo = transform(english, &mut State::default());
        let ratio = pseudo.chars().count() as f64 / english.chars().count() as f64;
        assert!((1.25..1.6).contains(&ratio), "{ratio}");
        assert!(pseudo.chars().all(|c| !c.is_ascii_alphabetic()), "{pseudo}");
    }
}
