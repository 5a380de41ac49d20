//! Fluent syntax limits and error positions shared by `build` (parsing message files) and
//! `check` (reporting `ftl-syntax`): the nesting bound that keeps the recursive parser off the
//! stack's edge, the line a syntax error belongs to, and the value of a string literal (for
//! `check` and the pseudo-locale). It lives with the loader, so `localize` does not reach into
//! `check`.

/// Deepest nesting of placeables and call arguments the Fluent parser is given. Its parser
/// recurses once per level, so deeper text would overflow the stack; real messages nest two
/// or three levels.
pub const MAX_FTL_NESTING: usize = 64;

/// The byte offset where `text` nests placeables (`{`) and call arguments (`(`) deeper than
/// [`MAX_FTL_NESTING`], if it does. String literals inside placeables are skipped.
pub fn excessive_nesting(text: &str) -> Option<usize> {
    // Bytes, not chars: every character that counts is ASCII, and no byte of a multi-byte
    // UTF-8 character is (this runs over every message file on every build).
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &c) in text.as_bytes().iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'{' | b'(' => {
                depth += 1;
                if depth > MAX_FTL_NESTING {
                    return Some(i);
                }
            }
            b'}' | b')' => depth = depth.saturating_sub(1),
            b'"' if depth > 0 => in_string = true,
            _ => {}
        }
    }
    None
}

/// Byte offset to report a Fluent syntax error at: on the line of the broken entry. The
/// parser notices many errors only where the next token should be, often the start of the
/// next line (`{ $name` at the end of line 17 is noticed at `18:1`), so:
/// an expected `}` points at the unclosed `{` when that is on an earlier line, and any error
/// found after a line break and blanks points just past the text before them.
pub fn syntax_error_offset(text: &str, e: &fluent_syntax::parser::ParserError) -> usize {
    let mut pos = e.pos.start.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let floor = e.slice.as_ref().map_or(0, |s| s.start.min(pos));
    if e.kind == fluent_syntax::parser::ErrorKind::ExpectedToken('}') {
        if let Some(open) = unclosed_brace(&text[floor..pos]).map(|i| floor + i) {
            if text[open..pos].contains('\n') {
                return open;
            }
        }
    }
    let before = text[floor..pos].trim_end();
    let back = floor + before.len();
    if text[back..pos].contains('\n') {
        back
    } else {
        pos
    }
}

/// Offset of the last `{` in `text` that is not closed in it (string literals skipped).
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            '"' if !open.is_empty() => in_string = true,
            _ => {}
        }
    }
    open.pop()
}

/// The error for text nested too deeply.
pub fn nesting_message() -> String {
    format!("Fluent syntax error: placeables or call arguments nested more than {MAX_FTL_NESTING} levels deep")
}

/// The source of a Fluent string literal whose value is `text` (without the quotes): `"`
/// and `\` escaped, control characters (line breaks too) as `\uHHHH`.
pub fn escape_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A Fluent string literal's value: `\\`, `\"`, `\uXXXX` and `\UXXXXXX` escapes decoded
/// (an invalid escape is kept as written; the Fluent parser reports it).
pub fn unescape_literal(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let rest = chars.as_str();
        let width = match rest.chars().next() {
            Some('u') => 4,
            Some('U') => 6,
            Some(e) => {
                out.push(e);
                chars.next();
                continue;
            }
            None => {
                out.push('\\');
                break;
            }
        };
        let decoded = rest
            .get(1..=width)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(d) => {
                out.push(d);
                chars = rest[1 + width..].chars();
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize, inner: &str) -> String {
        format!("m = {}{inner}{}\n", "{".repeat(depth), "}".repeat(depth))
    }

    #[test]
    fn nesting_is_counted_in_bytes_past_strings_and_multibyte_text() {
        assert_eq!(excessive_nesting(&nested(MAX_FTL_NESTING, "ünï")), None);
        let deep = nested(MAX_FTL_NESTING + 1, "x");
        assert_eq!(excessive_nesting(&deep), Some(4 + MAX_FTL_NESTING));
        // Multi-byte text before the braces moves the offset by its bytes.
        let after = format!("é{deep}");
        assert_eq!(excessive_nesting(&after), Some(6 + MAX_FTL_NESTING));
        // Braces inside a string literal (with an escaped quote and a multi-byte character
        // after a backslash) do not count.
        let quoted = format!("m = {{ \"\\\"\\é{}\" }}\n", "{".repeat(MAX_FTL_NESTING + 1));
        assert_eq!(excessive_nesting(&quoted), None);
        // A string ends at a line break.
        let broken = format!("m = {{ \"open\n{}", "(".repeat(MAX_FTL_NESTING));
        assert_eq!(excessive_nesting(&broken), Some(broken.len() - 1));
    }
}
