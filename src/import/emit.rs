//! Text the importer writes: a deterministic block-style YAML emitter for JSON values (key
//! order kept) and Fluent message values made safe (braces as string literals, special line
//! starts escaped, continuation lines indented), plus the line-based split of an existing
//! `.ftl` file into its entries so a person's messages survive a re-import.

use crate::localize::markdown::is_safe_url;
use serde_json::Value;

/// YAML text of a mapping at the top level.
pub fn yaml(value: &Value) -> String {
    let mut out = String::new();
    emit_block(value, 0, &mut out);
    out
}

fn emit_block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                out.push_str(&format!("{pad}{}:", scalar_str(key)));
                emit_after_key(v, indent, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        let mut first = true;
                        for (key, v) in map {
                            if first {
                                out.push_str(&format!(" {}:", scalar_str(key)));
                                first = false;
                            } else {
                                out.push_str(&format!("{pad}  {}:", scalar_str(key)));
                            }
                            emit_after_key(v, indent + 2, out);
                        }
                    }
                    other => {
                        out.push(' ');
                        out.push_str(&inline(other, indent + 2));
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&inline(other, indent));
            out.push('\n');
        }
    }
}

fn emit_after_key(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            emit_block(v, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            emit_block(v, indent + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other, indent + 2));
            out.push('\n');
        }
    }
}

/// A scalar (or empty collection) on one line, or a literal block for multi-line strings.
fn inline(v: &Value, indent: usize) -> String {
    match v {
        Value::String(s) if block_safe(s) => {
            let chomp = if s.ends_with('\n') { "" } else { "-" };
            let pad = " ".repeat(indent);
            let mut text = format!("|{chomp}");
            for line in s.trim_end_matches('\n').split('\n') {
                text.push('\n');
                if !line.is_empty() {
                    text.push_str(&pad);
                    text.push_str(line);
                }
            }
            text
        }
        Value::String(s) => scalar_str(s),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

/// Multi-line text a literal block keeps exactly.
fn block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.contains('\r')
        && !s.ends_with("\n\n")
        && s.lines().all(|l| !l.ends_with([' ', '\t']))
        && !s.chars().any(|c| c.is_control() && c != '\n')
}

/// A plain scalar when unambiguous, else a double-quoted (JSON) one.
fn scalar_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "_./$()-@".contains(c) || c == ' ')
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '$')
        && !s.ends_with(' ')
        && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
            .contains(&s.to_ascii_lowercase().as_str());
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// True when `s` is a Fluent identifier (`[a-zA-Z][a-zA-Z0-9_-]*`).
pub fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Common HTML in descriptions (Stripe writes `<p>`, `<a href>`, `<code>`) as the Markdown
/// messages may use; any other tag stays text, which [`ftl_message`] puts in a code span.
pub fn html_to_markdown(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    // Inline tags are converted in pairs: a lone or mistyped one (`<cade>x</code>`) stays
    // text, never half a code span.
    let rules: [(&str, &str); 9] = [
        (r"(?i)</?p\s*>", "\n\n"),
        (r"(?i)<br\s*/?>", "\n"),
        (r"(?is)<strong>(.*?)</strong>", "**$1**"),
        (r"(?is)<b>(.*?)</b>", "**$1**"),
        (r"(?is)<em>(.*?)</em>", "*$1*"),
        (r"(?is)<i>(.*?)</i>", "*$1*"),
        (r"(?i)<li>", "\n- "),
        (r"(?i)</li>|</?ul>|</?ol>", "\n"),
        (r#"(?is)<a\s+href="([^"]*)"\s*>(.*?)</a>"#, "[$2]($1)"),
    ];
    let code = regex::Regex::new(r"(?is)<(code|tt)>(.*?)</(code|tt)>").expect("valid pattern");
    let convert = |chunk: &str| {
        let mut out = chunk.to_string();
        for (pattern, replacement) in rules {
            let re = regex::Regex::new(pattern).expect("valid pattern");
            out = re.replace_all(&out, replacement).into_owned();
        }
        // Last: the tags a code span spells with entities (`&lt;br&gt;`) are its text.
        code.replace_all(&out, |c: &regex::Captures| code_span(&c[2])).into_owned()
    };
    // Preformatted text is a fenced code block (its entities decoded).
    let pre = regex::Regex::new(r"(?is)<pre>\s*(?:<code>)?(.*?)(?:</code>)?\s*</pre>")
        .expect("valid pattern");
    let text = pre.replace_all(text, |c: &regex::Captures| {
        format!("\n\n```\n{}\n```\n\n", decode_entities(c[1].trim_matches('\n')))
    });
    // A fenced code block is code: its lines stay as written.
    let (mut out, mut chunk, mut fences) = (String::new(), String::new(), Fences::default());
    for line in text.split_inclusive('\n') {
        if fences.code(line) {
            out.push_str(&convert(&std::mem::take(&mut chunk)));
            out.push_str(line);
        } else {
            chunk.push_str(line);
        }
    }
    out.push_str(&convert(&chunk));
    let blank_runs = regex::Regex::new(r"\n\s*\n(\s*\n)+").expect("valid pattern");
    blank_runs.replace_all(out.trim(), "\n\n").into_owned()
}

/// HTML text with its common entities as the characters they stand for.
fn decode_entities(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// HTML code (`&amp;` as `&`) as a Markdown code span ([`fenced`]).
fn code_span(html: &str) -> String {
    fenced(&decode_entities(html))
}

/// `text` as a code span: fenced by more backticks than it holds in a row, and padded with
/// spaces when it starts or ends with one.
fn fenced(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// One `id = value` Fluent message, the text kept as data: `{` and `}` become string
/// literals, a line starting with `[`, `*` or `.` is escaped the same way, and continuation
/// lines are indented.
pub fn ftl_message(id: &str, text: &str) -> String {
    let text = crate::check::characters::without_broken_characters(text);
    // Other control characters are spaces before lines are trimmed, as Fluent text has none.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String =
        text.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
    let text = html_to_markdown(&text);
    let text = safe_links(&code_spans_on_one_line(text.trim()));
    // Messages render as inline Markdown (one paragraph per line break): a fenced code block
    // becomes one code span on a line of its own, its lines joined by spaces.
    let mut fences = Fences::default();
    let mut plain: Vec<String> = Vec::new();
    let mut block: Option<Vec<&str>> = None;
    for l in text.lines().map(str::trim) {
        let was_open = fences.open.is_some();
        if !fences.code(l) {
            plain.push(not_esm(code_for_active_text(l)));
            continue;
        }
        match (was_open, fences.open.is_some()) {
            (false, _) => block = Some(Vec::new()),
            (true, false) => plain.extend(block.take().and_then(|b| block_as_code_span(&b))),
            (true, true) => block.get_or_insert_with(Vec::new).push(l),
        }
    }
    plain.extend(block.and_then(|b| block_as_code_span(&b)));
    let plain: Vec<String> =
        plain.iter().map(|l| crate::check::characters::nbsp_in_code_as_spaces(l)).collect();
    let mut lines: Vec<String> = plain.iter().map(|l| ftl_line(l)).collect();
    if placeables(&lines) > MAX_PLACEABLES {
        lines = within_placeable_limit(&plain, lines);
    }
    // A description of markup alone (`<p></p>`) leaves no text: an empty literal, as Fluent
    // has no empty message (the import leaves such descriptions out, see [`is_blank`]).
    if lines.iter().all(|l| l.trim().is_empty()) {
        return format!("{id} = {{\"\"}}\n");
    }
    if lines.len() == 1 {
        return format!("{id} = {}\n", lines[0]);
    }
    let mut out = format!("{id} =\n");
    for line in lines {
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

/// A line MDX would read as an ES module statement (`import x ...`, `export ...`) with its
/// first letter as a character reference (`&#105;mport`): the same text in every output.
fn not_esm(line: String) -> String {
    match crate::check::mdx::esm_keyword(&line) {
        Some(keyword) => format!("&#{};{}", u32::from(keyword.as_bytes()[0]), &line[1..]),
        None => line,
    }
}

/// Tells the lines of fenced code blocks from the others, line by line, as CommonMark does: a
/// fence is three or more backticks or tildes after at most three spaces, and a backtick
/// fence's info string holds no backtick (```` ```json {}``` ```` starting a line is a code
/// span); the block ends at a fence of the same character, at least as long, with nothing
/// after it (or at the end of the text).
#[derive(Default)]
struct Fences {
    /// The open block's fence character and length.
    open: Option<(u8, usize)>,
}

impl Fences {
    /// Whether `line` (the next one) is code: inside a block, or one of its fences.
    fn code(&mut self, line: &str) -> bool {
        match (self.open, fence_of(line)) {
            (Some((c, n)), Some((fc, fnn, info)))
                if fc == c && fnn >= n && info.trim().is_empty() =>
            {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some((c, n, _))) => {
                self.open = Some((c, n));
                true
            }
            (None, None) => false,
        }
    }
}

/// The lines of a fenced code block as one code span; `None` for a block of blank lines.
fn block_as_code_span(lines: &[&str]) -> Option<String> {
    let code: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    (!code.is_empty()).then(|| fenced(&code.join(" ")))
}

/// The fence `line` is: its character, length and what follows it.
fn fence_of(line: &str) -> Option<(u8, usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = *trimmed.as_bytes().first().filter(|c| matches!(c, b'`' | b'~'))?;
    let n = trimmed.bytes().take_while(|&b| b == c).count();
    let info = &trimmed[n..];
    (n >= 3 && !(c == b'`' && info.contains('`'))).then_some((c, n, info))
}

/// `text` with each code span that spans lines put on one (Markdown renders its line breaks
/// as spaces): the lines are then treated one by one without losing which text is code.
fn code_spans_on_one_line(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (event, range) in Parser::new(text).into_offset_iter() {
        let span = &text[range.clone()];
        if matches!(event, Event::Code(_)) && span.contains('\n') && range.start >= last {
            out.push_str(&text[last..range.start]);
            let lines: Vec<&str> = span.lines().map(str::trim).collect();
            out.push_str(&lines.join(" "));
            last = range.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// True when description `text` leaves no text once its markup is converted and its unsafe
/// link definitions are taken out (`<p></p>`): the import writes no message for it.
pub fn is_blank(text: &str) -> bool {
    safe_links(&html_to_markdown(text)).trim().is_empty()
}

/// `text` without its link reference definitions (`[x]: ftp://...`) whose target is not safe:
/// the links to them are then the text they show.
fn without_unsafe_definitions(text: &str) -> String {
    // The parser keeps the first definition of a label: once it is gone, a second one counts.
    let mut text = text.to_string();
    loop {
        let next = first_unsafe_definitions_out(&text);
        if next.len() == text.len() {
            return next;
        }
        text = next;
    }
}

/// `text` without the link reference definitions the parser reads whose target is not safe.
fn first_unsafe_definitions_out(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new(text);
    let mut unsafe_spans: Vec<std::ops::Range<usize>> = parser
        .reference_definitions()
        .iter()
        .filter(|(_, def)| !is_safe_url(&def.dest))
        .map(|(_, def)| def.span.clone())
        .collect();
    unsafe_spans.sort_by_key(|span| span.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for span in unsafe_spans.into_iter().filter(|span| span.end <= text.len()) {
        if span.start >= last {
            out.push_str(&text[last..span.start]);
            last = span.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// `text` with each inline link whose target is not one a page links to (`"https://x"` in
/// quotes, `ftp:`, `javascript:`) made safe: its target without the quotes, spaces and angle
/// brackets around it when that is a safe one, else the link's text alone.
fn safe_links(text: &str) -> String {
    use pulldown_cmark::{Event, LinkType, Parser, Tag};
    let text = &without_unsafe_definitions(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (event, range) in Parser::new(text).into_offset_iter() {
        let Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, .. }) = event else {
            continue;
        };
        let source = &text[range.clone()];
        let split = source.rfind("](").filter(|_| source.starts_with('[') && source.ends_with(')'));
        let Some(split) = split.filter(|_| !is_safe_url(&dest_url) && range.start >= last) else {
            continue;
        };
        let label = &source[1..split];
        let target = dest_url.trim_matches(|c: char| c.is_whitespace() || "\"'<>".contains(c));
        out.push_str(&text[last..range.start]);
        match is_safe_url(target) && !target.is_empty() {
            true => out.push_str(&format!("[{label}]({target})")),
            false => out.push_str(label),
        }
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Placeables a message may have: fluent-bundle refuses to format one with more than 100.
const MAX_PLACEABLES: usize = 100;

/// The placeables of encoded lines: each one [`ftl_line`] writes opens with `{"`.
fn placeables(lines: &[String]) -> usize {
    lines.iter().map(|l| l.matches("{\"").count()).sum()
}

/// Encoded `lines` of a message with too many placeables (a description listing a hundred
/// error codes in `{...}`): the lines from the first to the last with a placeable become one
/// string literal (its line breaks `\u000A`), which renders as the same text; the prose before
/// and after stays translatable.
fn within_placeable_limit(plain: &[String], lines: Vec<String>) -> Vec<String> {
    let has = |l: &String| l.contains("{\"");
    let (Some(first), Some(last)) = (lines.iter().position(has), lines.iter().rposition(has))
    else {
        return lines;
    };
    let literal = string_literal(&plain[first..=last].join("\n"));
    let mut out = lines[..first].to_vec();
    out.push(literal);
    out.extend_from_slice(&lines[last + 1..]);
    out
}

/// Text an API description means literally but Markdown or MDX would read as syntax — braces
/// (`{id}`, `period='{period}'`) and tag-like `<...>` (`api://<application-client-id>`,
/// `<IMG src='cid:x'>`) — put in code spans, outside existing ones: it renders as the code it
/// is, in every output format, and translators keep it verbatim (`check`'s `code-span`).
pub fn code_for_active_text(line: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(line.len() + 8);
    let mut at = 0;
    // Parsed after a word, the line is a paragraph's: a line starting `<pre>` or `<div>` would
    // be an HTML block, whose code spans the parser does not report.
    let para = format!("x {line}");
    for (event, range) in Parser::new(&para).into_offset_iter() {
        let range = range.start.saturating_sub(2)..range.end.saturating_sub(2);
        if matches!(event, Event::Code(_)) && range.start >= at {
            out.push_str(&wrap_active(&line[at..range.start]));
            out.push_str(&line[range.clone()]); // an existing code span
            at = range.end;
        }
    }
    out.push_str(&wrap_active(&line[at..]));
    out
}

/// [`code_for_active_text`] of text outside code spans: its active runs in code spans of their
/// own, and any other backtick (one that opens no code span) escaped, so it pairs with none.
fn wrap_active(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some((start, end)) = active_span(rest) {
        out.push_str(&rest[..start].replace('`', "\\`"));
        out.push_str(&fenced(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(&rest.replace('`', "\\`"));
    out
}

/// The next run of `text` to put in a code span: from the start of the word holding a brace or
/// a tag-like `<` to the closing brace or `>` and the end of that word (trailing punctuation
/// left outside).
fn active_span(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let tag = |i: usize| {
        b[i] == b'<' && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || b"/!?>".contains(c))
    };
    let at = (0..b.len()).find(|&i| matches!(b[i], b'{' | b'}') || tag(i))?;
    let close = match b[at] {
        b'{' => {
            let mut depth = 0usize;
            (at..b.len()).find(|&i| {
                match b[i] {
                    b'{' => depth += 1,
                    b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                depth == 0
            })
        }
        b'<' => (at..b.len()).find(|&i| b[i] == b'>'),
        _ => Some(at),
    }
    .unwrap_or(at);
    let start = text[..at]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word_end = text[close..].find(char::is_whitespace).map_or(text.len(), |i| close + i);
    let end =
        text[..word_end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']).len().max(close + 1);
    Some((start, end))
}

/// A line of Markdown as Fluent text: a code span holding braces becomes one string literal
/// (`` `{"{\"id\": 1}"}` ``), so a description full of JSON stays within Fluent's limit of
/// placeables per message; any other brace, and a line-leading `[`, `*` or `.`, its own.
fn ftl_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let segments: Vec<&str> = line.split('`').collect();
    let closed = segments.len() % 2 == 1;
    let mut at = 0;
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        let in_code = i % 2 == 1 && (closed || i + 1 < segments.len());
        if in_code && segment.contains(['{', '}']) {
            out.push_str(&string_literal(segment));
        } else {
            out.push_str(&ftl_text(segment, at == 0));
        }
        at += segment.len() + 1;
    }
    out
}

/// A Fluent string literal placeable of `text`: its line breaks as `\u000A`, other control
/// characters as spaces (as in text outside literals).
fn string_literal(text: &str) -> String {
    let text: String =
        text.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
    format!("{{\"{}\"}}", crate::localize::ftl_syntax::escape_literal(&text))
}

/// Text outside code spans: braces as literals, and a line-leading `[`, `*` or `.` (`first`);
/// a `* ` list item becomes `- `.
fn ftl_text(line: &str, first: bool) -> String {
    let mut out = String::new();
    for (i, c) in line.chars().enumerate() {
        let i = if first { i } else { i + 1 };
        match c {
            '{' | '}' => out.push_str(&format!("{{\"{c}\"}}")),
            // A `* ` list item is the same Markdown as `- `, which Fluent reads as text.
            '*' if i == 0 && line[1..].starts_with(' ') => out.push('-'),
            '[' | '*' | '.' if i == 0 => out.push_str(&format!("{{\"{c}\"}}")),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The entries of an `.ftl` file as (message id, its text including continuation lines and
/// the comment lines right above it).
pub fn ftl_entries(text: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut comments = String::new();
    for line in text.lines() {
        let starts_entry = line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-');
        if line.starts_with('#') {
            comments.push_str(line);
            comments.push('\n');
        } else if starts_entry {
            let id = line.split(['=', ' ']).next().unwrap_or("").to_string();
            entries.push((id, format!("{}{line}\n", std::mem::take(&mut comments))));
        } else if let Some(last) = entries.last_mut() {
            last.1.push_str(line);
            last.1.push('\n');
        }
    }
    for entry in &mut entries {
        let trimmed = entry.1.trim_end().to_string();
        entry.1 = trimmed + "\n";
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_keep_braces_and_markdown_as_text() {
        let m = ftl_message("summary", "Use `{id}`.\n\n* a list\n[link](http://x)");
        assert_eq!(ftl_message("a", "*b*\n.c"), "a =\n    {\"*\"}b*\n    {\".\"}c\n");
        let many: Vec<String> = (0..120).map(|i| format!("* `{{{i}}}` \"x\"")).collect();
        let big = ftl_message("e", &format!("Errors:\n{}\nEnd.", many.join("\n")));
        assert_eq!(big.matches("{\"").count(), 1, "{big}");
        assert!(
            big.starts_with("e =\n    Errors:\n    {\"* `{0}` \\\"x\\\"\\u000A* `{1}`"),
            "{big}"
        );
        assert!(big.ends_with("\"}\n    End.\n"), "{big}");
        assert_eq!(
            m,
            "summary =\n    Use `{\"{id}\"}`.\n\n    - a list\n    {\"[\"}link](http://x)\n"
        );
    }

    #[test]
    fn literal_braces_and_tags_become_code() {
        assert_eq!(
            code_for_active_text("Usage: period='{period}'."),
            "Usage: `period='{period}'`."
        );
        assert_eq!(
            code_for_active_text("in the form api://<application-client-id>, or"),
            "in the form `api://<application-client-id>`, or"
        );
        assert_eq!(
            code_for_active_text("such as <IMG src='cid:x'>."),
            "such as `<IMG src='cid:x'>`."
        );
        assert_eq!(code_for_active_text("a `{id}` b {x} c"), "a `{id}` b `{x}` c");
        assert_eq!(code_for_active_text("JSON {\"a\": 1} here"), "JSON `{\"a\": 1}` here");
        assert_eq!(code_for_active_text("1 < 2 and x"), "1 < 2 and x");
    }

    #[test]
    fn code_spans_over_lines_and_code_blocks_keep_their_text() {
        // A code span over three lines is one code span of one line.
        let m = ftl_message("a", "Send:\n\n`{\n\"q\": \"x\"\n}`\n\nDone.");
        assert_eq!(m, "a =\n    Send:\n\n    `{\"{ \\\"q\\\": \\\"x\\\" }\"}`\n\n    Done.\n");
        // A fenced block is one code span on a line of its own (messages are inline).
        let m = ftl_message("f", "Send:\n```json\n{\n  \"a\": 1\n}\n```\nThen this.");
        assert_eq!(m, "f =\n    Send:\n    `{\"{ \\\"a\\\": 1 }\"}`\n    Then this.\n");
        // Every definition of a label to an unsafe target goes, and nothing left is no text.
        let m = ftl_message("s", "See [x].\n\n[x]: ftp://a/1\n[x]: javascript:alert(1)");
        assert!(!m.contains("ftp:") && !m.contains("javascript:"), "{m}");
        assert!(is_blank("[x]: ftp://a\n\n[y]: ftp://b") && is_blank("<p></p>"));
        assert_eq!(ftl_message("t", "[x]: ftp://a\n\n[y]: ftp://b"), "t = {\"\"}\n");
        // A reference definition to an unsafe target is taken out: its link is its text.
        let m = ftl_message(
            "r",
            "See [data][] and [x].\n\n[data]: ftp://a.example/d.txt\n[x]: https://x.example",
        );
        assert_eq!(m, "r =\n    See [data][] and [x].\n\n\n    {\"[\"}x]: https://x.example\n");
        // A fenced block's braces and tags stay its code.
        let m = ftl_message("b", "Body:\n```\n{\"a\": \"<b>\"}\n```");
        assert_eq!(m, "b =\n    Body:\n    `{\"{\\\"a\\\": \\\"<b>\\\"}\"}`\n");
        // Backticks after the opening ones make a code span, not a fence: the text after
        // it is text. A fence with an info string does not close a block.
        let m = ftl_message("c", "```json {}``` is sent.\nThen <b>this</b>.");
        assert_eq!(m, "c =\n    ```{\"json {}\"}``` is sent.\n    Then **this**.\n");
        // A word with braces after a no-break space (two bytes) is put in code whole.
        let m = ftl_message("e", "The format\u{a0}_r={from}-{to}_.");
        assert_eq!(m, "e = The format\u{a0}`{\"_r={from}-{to}_\"}`.\n");
        let m = ftl_message("d", "````\n```js\nx\n````\nThen <b>this</b>.");
        assert_eq!(m, "d =\n    ```` ```js x ````\n    Then **this**.\n");
    }

    #[test]
    fn unsafe_link_targets_and_invisible_characters_are_fixed() {
        let m = ftl_message(
            "a",
            "The [GSM count](\"https://x.io/GSM\") and [run](javascript:alert(1)).",
        );
        assert_eq!(m, "a = The [GSM count](https://x.io/GSM) and run.\n");
        assert_eq!(ftl_message("b", "zero\u{200B}width"), "b = zerowidth\n");
        let m = ftl_message("c", "Steps:\nimport a workflow\nimportant");
        assert_eq!(m, "c =\n    Steps:\n    &#105;mport a workflow\n    important\n");
    }

    #[test]
    fn common_html_becomes_markdown() {
        let md = html_to_markdown("<p>See <a href=\"https://x.io/a\">the <code>id</code></a>.</p><p><strong>Note</strong></p>");
        assert_eq!(md, "See [the `id`](https://x.io/a).\n\n**Note**");
        // A mistyped tag stays text, and the message puts it in a code span of its own.
        let m = ftl_message("a", "<code>true</code> or <cade>false</code>.");
        assert_eq!(m, "a = `true` or `<cade>false</code>`.\n");
        // Code holding a backtick gets a longer fence; its entities are characters.
        let md = html_to_markdown("punctuation (<code>&amp;'^_`{|}~</code>).");
        assert_eq!(md, "punctuation (``&'^_`{|}~``).");
        assert_eq!(html_to_markdown("Use <code>&lt;br&gt;</code> here"), "Use `<br>` here");
        let pre =
            html_to_markdown("<p>Units:</p> <pre><code> &lt;b&gt;m&lt;/b&gt; {x}</code></pre>");
        assert_eq!(pre, "Units:\n\n```\n <b>m</b> {x}\n```");
        assert_eq!(code_for_active_text("<pre>`x` y"), "`<pre>``x` y");
        // A backtick that opens no code span: kept in the code of its word, escaped elsewhere.
        assert_eq!(code_for_active_text("as `a/{id}'."), "as `` `a/{id}' ``.");
        assert_eq!(code_for_active_text("a ` b {x}"), "a \\` b `{x}`");
        let m = ftl_message("b", &md);
        assert_eq!(m, "b = punctuation (``&'^_`{\"{|}~\"}``).\n");
    }

    #[test]
    fn yaml_is_block_style_and_quotes_ambiguous_scalars() {
        let v =
            serde_json::json!({"a": "yes", "b": [{"x": 1, "y": "p q"}], "c": [], "d": "l1\nl2\n"});
        assert_eq!(yaml(&v), "a: \"yes\"\nb:\n  - x: 1\n    \"y\": p q\nc: []\nd: |\n  l1\n  l2\n");
    }
}
