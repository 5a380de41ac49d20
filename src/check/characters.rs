//! Invisible and broken characters in message files, every locale (English included):
//! zero-width characters (`invisible-character`), bidirectional controls (`bidi-control`),
//! U+FFFD left by a failed decoding (`replacement-character`), UTF-8 text that was read as
//! Latin-1 or Windows-1252 and saved again (`mojibake`, `Ã¶` for `ö`) and a no-break space
//! inside a code span (`code-span-nbsp`, the reader copies a name that does not work).
//! Comment lines are not rendered and are skipped. Each finding points at the character.

use super::finding::{Finding, Place, Rule};
use super::ftl::FtlDoc;

/// Zero-width characters that never belong in message text between Latin letters.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// Languages written right to left, where direction marks and isolates are ordinary text.
const RTL_LANGUAGES: &[&str] =
    &["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"];

/// True when `locale` (`ar`, `he-IL`) is written right to left.
pub fn is_rtl(locale: &str) -> bool {
    let lang = locale.split(['-', '_']).next().unwrap_or(locale).to_ascii_lowercase();
    RTL_LANGUAGES.contains(&lang.as_str())
}

/// Checks the characters of one message file of `locale`.
pub fn check_doc(doc: &FtlDoc, locale: &str, out: &mut Vec<Finding>) {
    // a file refused at a limit (no units) was not checked further, this rule included
    if doc.units.is_empty() {
        return;
    }
    let rtl = is_rtl(locale);
    let mut line_start = 0;
    for line in doc.text.split_inclusive('\n') {
        if !line.trim_start().starts_with('#') {
            check_line(doc, line_start, line, rtl, out);
        }
        line_start += line.len();
    }
}

fn check_line(doc: &FtlDoc, start: usize, line: &str, rtl: bool, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let before = k.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(k + 1).map(|&(_, c)| c);
        let at = start + i;
        if let Some(len) = mojibake_at(&chars[k..]) {
            let end = chars.get(k + len).map_or(line.len(), |&(j, _)| j);
            out.push(mojibake(doc, at, &line[i..end]));
            k += len;
            continue;
        }
        if is_zero_width(c) && invisible_here(c, before, after, start + i == 0) {
            out.push(found(doc, at, Rule::InvisibleCharacter, c, "a zero-width character hides in the text (it glues words and breaks search and copy)", "delete it"));
        } else if is_bidi_control(c, rtl) {
            out.push(found(
                doc,
                at,
                Rule::BidiControl,
                c,
                "a bidirectional control character reorders how the text displays",
                "delete it; direction comes from the page's `dir`",
            ));
        } else if c == '\u{FFFD}' {
            out.push(found(
                doc,
                at,
                Rule::ReplacementCharacter,
                c,
                "U+FFFD REPLACEMENT CHARACTER: text was lost when it was decoded",
                "retype the character that was lost",
            ));
        }
        k += 1;
    }
    nbsp_in_code(doc, start, line, out);
}

/// `text` (of a left-to-right locale) with each run `mojibake` reports decoded to the
/// character it stands for, without the characters `invisible-character` and `bidi-control`
/// report, and with each U+FFFD `replacement-character` reports (a character lost before the
/// text reached polydoc, most often a no-break space) a space between words, else dropped:
/// what `polydoc import` does to descriptions it is given.
pub fn without_broken_characters(text: &str) -> String {
    // Invisible characters out first (one inside a mojibake pair would hide it), and again
    // after decoding (mojibake of a zero-width space).
    without_lost(&without_invisible(&without_mojibake(&without_invisible(text))))
}

/// `text` with each U+FFFD a space when it stands between two characters that are no space,
/// else taken out.
fn without_lost(text: &str) -> String {
    if !text.contains('\u{FFFD}') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{FFFD}' {
            out.push(c);
            continue;
        }
        let word_before = out.chars().next_back().is_some_and(|b| !b.is_whitespace());
        let word_after = chars.peek().is_some_and(|a| !a.is_whitespace() && *a != '\u{FFFD}');
        if word_before && word_after {
            out.push(' ');
        }
    }
    out
}

/// Passes of [`without_mojibake`]: text decoded wrongly twice or three times is real; more
/// is a run built to make the passes many.
const MOJIBAKE_PASSES: usize = 4;

/// `text` with each run [`mojibake_at`] finds replaced by the character it stands for, again
/// while any is left (text decoded wrongly twice is mojibake of mojibake), at most
/// [`MOJIBAKE_PASSES`] times.
fn without_mojibake(text: &str) -> String {
    let mut text = text.to_string();
    for _ in 0..MOJIBAKE_PASSES {
        let next = mojibake_decoded(&text);
        if next == text {
            break;
        }
        text = next;
    }
    text
}

/// `text` with each run [`mojibake_at`] finds replaced by the character it stands for, once.
fn mojibake_decoded(text: &str) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    while k < chars.len() {
        match mojibake_at(&chars[k..]) {
            Some(len) => {
                let bytes: Vec<u8> =
                    chars[k..k + len].iter().filter_map(|&(_, c)| cp1252_byte(c)).collect();
                out.push_str(&String::from_utf8_lossy(&bytes));
                k += len;
            }
            None => {
                out.push(chars[k].1);
                k += 1;
            }
        }
    }
    out
}

/// `text` without the characters `invisible-character` and `bidi-control` report.
fn without_invisible(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (k, &c) in chars.iter().enumerate() {
        let before = k.checked_sub(1).map(|j| chars[j]);
        let hidden = is_zero_width(c)
            && invisible_here(c, before, chars.get(k + 1).copied(), false)
            || is_bidi_control(c, false);
        if !hidden {
            out.push(c);
        }
    }
    out
}

/// ZWJ and ZWNJ shape non-Latin scripts and emoji; they are reported only next to ASCII or at
/// a word's edge. A byte order mark is allowed at the start of the file.
fn invisible_here(c: char, before: Option<char>, after: Option<char>, file_start: bool) -> bool {
    match c {
        '\u{FEFF}' => !file_start,
        '\u{200C}' | '\u{200D}' => {
            let latin = |x: Option<char>| x.is_none_or(|x| x.is_ascii() || is_latin(x));
            latin(before) || latin(after)
        }
        _ => true,
    }
}

fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Embeddings and overrides always; marks and isolates outside right-to-left locales.
fn is_bidi_control(c: char, rtl: bool) -> bool {
    match c {
        '\u{202A}'..='\u{202E}' => true,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2066}'..='\u{2069}' => !rtl,
        _ => false,
    }
}

fn found(doc: &FtlDoc, at: usize, rule: Rule, c: char, what: &str, hint: &str) -> Finding {
    Finding::new(
        rule,
        Place::at_offset(&doc.path, &doc.text, at),
        format!("U+{:04X}: {what}", c as u32),
        format!("U+{:04X}", c as u32),
        hint,
    )
}

fn mojibake(doc: &FtlDoc, at: usize, run: &str) -> Finding {
    let fixed =
        String::from_utf8(run.chars().filter_map(cp1252_byte).collect()).unwrap_or_default();
    Finding::new(
        Rule::Mojibake,
        Place::at_offset(&doc.path, &doc.text, at),
        format!("`{run}` is UTF-8 read as Latin-1/Windows-1252 (mojibake for `{fixed}`)"),
        run,
        format!("write `{fixed}` and save the file as UTF-8"),
    )
}

/// Length in characters of a mojibake run at the start of `chars`: a UTF-8 lead byte and its
/// continuation bytes, each shown as its Latin-1 or Windows-1252 character, that decode to
/// one non-ASCII character.
fn mojibake_at(chars: &[(usize, char)]) -> Option<usize> {
    let lead = cp1252_byte(chars.first()?.1)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let bytes: Vec<u8> = chars.iter().take(len).map_while(|&(_, c)| cp1252_byte(c)).collect();
    if bytes.len() < len || !bytes[1..].iter().all(|b| (0x80..=0xBF).contains(b)) {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    plausible(decoded).then_some(len)
}

/// Characters that mojibake typically stands for: Latin, Greek and Cyrillic letters, general
/// punctuation and currency, CJK and emoji. A decoding into other blocks (`groß“` reads as NKo)
/// is ordinary text.
fn plausible(c: char) -> bool {
    // Not the IPA and spacing modifier letters: `É”` (`“CAFÉ”`) or `É®` (`NESTLÉ®`) is text.
    matches!(c, '\u{00A0}'..='\u{024F}' | '\u{0370}'..='\u{052F}' | '\u{1E00}'..='\u{1EFF}'
        | '\u{2000}'..='\u{214F}' | '\u{3000}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}'
        | '\u{1F000}'..='\u{1FAFF}')
}

/// The byte a character stands for when UTF-8 was decoded as Windows-1252 (Latin-1 for the
/// positions Windows-1252 leaves undefined); `None` for ASCII and other characters.
fn cp1252_byte(c: char) -> Option<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match c as u32 {
        0x80..=0xFF => Some(c as u32 as u8),
        _ => HIGH.iter().find(|(h, _)| *h == c).map(|&(_, b)| b),
    }
}

/// No-break spaces inside inline code spans of one line.
fn nbsp_in_code(doc: &FtlDoc, start: usize, line: &str, out: &mut Vec<Finding>) {
    for code in code_span_contents(line) {
        for (j, c) in line[code.clone()].char_indices().filter(|&(_, c)| is_nbsp(c)) {
            out.push(Finding::new(
                Rule::CodeSpanNbsp,
                Place::at_offset(&doc.path, &doc.text, start + code.start + j),
                format!("U+{:04X} no-break space inside the code span `{}`: a reader who copies it gets a name that does not work", c as u32, &line[code.clone()]),
                format!("U+{:04X}", c as u32),
                "use an ordinary space (or none) inside code",
            ));
        }
    }
}

/// `line` with each no-break space `code-span-nbsp` reports an ordinary space: what `polydoc
/// import` writes.
pub fn nbsp_in_code_as_spaces(line: &str) -> String {
    let mut out = line.to_string();
    for code in code_span_contents(line).into_iter().rev() {
        let spaced: String =
            line[code.clone()].chars().map(|c| if is_nbsp(c) { ' ' } else { c }).collect();
        out.replace_range(code, &spaced);
    }
    out
}

/// The no-break spaces: U+00A0, the narrow one and the figure space.
fn is_nbsp(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// The byte ranges of what the code spans of one line hold: a run of n backticks opens a span
/// that the next run of exactly n backticks closes (one never closed is text); a backslash
/// before a run escapes its first backtick, which opens nothing.
fn code_span_contents(line: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let slashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
        if slashes % 2 == 1 {
            i += 1;
            continue;
        }
        let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let open = i + n;
        let fence = "`".repeat(n);
        match find_run(&line[open..], &fence).map(|c| open + c) {
            Some(close) => {
                spans.push(open..close);
                i = close + n;
            }
            None => i = open,
        }
    }
    spans
}

/// Offset of the first run of exactly `fence` backticks in `s`.
fn find_run(s: &str, fence: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let n = b[i..].iter().take_while(|&&x| x == b'`').count();
            if n == fence.len() {
                return Some(i);
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn rules(text: &str, locale: &str) -> Vec<(Rule, usize)> {
        let mut f = Vec::new();
        let doc = FtlDoc::parse(Path::new("x.ftl"), text.to_string(), &mut f);
        f.clear();
        check_doc(&doc, locale, &mut f);
        f.iter().map(|f| (f.rule, f.column)).collect()
    }

    #[test]
    fn finds_each_class_at_its_column() {
        assert_eq!(rules("a = ab\u{200B}c\n", "de"), vec![(Rule::InvisibleCharacter, 7)]);
        assert_eq!(rules("a = ab\u{202E}c\n", "de"), vec![(Rule::BidiControl, 7)]);
        assert_eq!(rules("a = ab\u{FFFD}c\n", "de"), vec![(Rule::ReplacementCharacter, 7)]);
        assert_eq!(rules("a = GrÃ¶ÃŸe\n", "de"), vec![(Rule::Mojibake, 7), (Rule::Mojibake, 9)]);
        assert_eq!(rules("a = â€œx\n", "de"), vec![(Rule::Mojibake, 5)]);
        assert_eq!(rules("a = x `a\u{00A0}b`\n", "de"), vec![(Rule::CodeSpanNbsp, 9)]);
        // An escaped backtick opens no code span; the run after it does.
        assert!(rules("a = x \\`a\u{00A0}b `c`\n", "de").is_empty());
        assert_eq!(rules("a = \\``a\u{00A0}b`\n", "de"), vec![(Rule::CodeSpanNbsp, 9)]);
        // A run never closed is text; the spans after it are still found.
        assert_eq!(rules("a = `` x `a\u{00A0}b`\n", "de"), vec![(Rule::CodeSpanNbsp, 12)]);
        assert_eq!(
            nbsp_in_code_as_spaces("a\u{a0}`b\u{a0}c` \\`d\u{a0}`"),
            "a\u{a0}`b c` \\`d\u{a0}`"
        );
    }

    #[test]
    fn invisible_characters_are_taken_out_where_they_are_reported() {
        assert_eq!(without_invisible("ab\u{200B}c \u{202E}x\u{2066}y"), "abc xy");
        // A joiner inside an emoji sequence shapes it: kept.
        assert_eq!(without_invisible("👩\u{200D}💻"), "👩\u{200D}💻");
        // Mojibake is decoded; ordinary Latin-1 text is not touched.
        assert_eq!(
            without_broken_characters("Größe â€œquotedâ€\u{9d} itâ€™s, São, Â, Ã, „groß“"),
            "Größe “quoted” it’s, São, Â, Ã, „groß“"
        );
        // Capitals before typographic punctuation are text.
        assert_eq!(without_broken_characters("“CAFÉ” NESTLÉ® ÉTÉ–2024"), "“CAFÉ” NESTLÉ® ÉTÉ–2024");
        // An invisible character inside a mojibake pair goes first.
        assert_eq!(without_broken_characters("GrÃ\u{200b}¶ÃŸe"), "Größe");
        // Text decoded wrongly twice.
        assert_eq!(without_broken_characters("Ãâ€™ itÃ¢â‚¬â„¢s"), "Ò it’s");
        // A zero-width space spelt as mojibake is decoded, then taken out.
        assert_eq!(without_broken_characters("a\u{e2}\u{20ac}\u{2039}b"), "ab");
        // A lost character is a space between words, else nothing.
        assert_eq!(without_broken_characters("</i>\u{FFFD}or x \u{FFFD}y\u{FFFD}"), "</i> or x y");
    }

    #[test]
    fn ordinary_text_is_clean() {
        let clean =
            "a = Größe, año, São, où, ¿Qué?, «x», 1\u{00A0}000, Â, Ã, „groß“\n# \u{200B} comment\n";
        assert!(rules(clean, "de").is_empty());
        assert!(rules("a = \u{05D0}\u{200F}\u{05D1}\n", "he").is_empty());
        assert!(rules("a = \u{0645}\u{200C}\u{06CC}\n", "fa").is_empty());
        assert!(rules("\u{FEFF}a = x\n", "de").is_empty());
    }
}
