//! Fast highlighting for the languages polydoc itself writes (HTTP, JSON, C#, Java, JavaScript,
//! Python):
//! a hand-written tokenizer per family that emits the same `hl-` scope classes syntect's
//! grammars produce for these tokens, so the theme stylesheet applies unchanged. Regex-based
//! highlighting is where static site generators spend most of their build time; these
//! tokenizers are linear and allocation-light. Anything else goes to syntect.

use crate::localize::markdown::escape_html;

/// Token kinds and the classes they are rendered with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Comment,
    Str,
    Number,
    Constant,
    Keyword,
    Type,
    Function,
    Key,
    HeaderName,
    Url,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Comment => "hl-comment",
            Kind::Str => "hl-string hl-quoted",
            Kind::Number => "hl-constant hl-numeric",
            Kind::Constant => "hl-constant hl-language",
            Kind::Keyword => "hl-keyword",
            Kind::Type => "hl-entity hl-name hl-type",
            Kind::Function => "hl-entity hl-name hl-function",
            Kind::Key => "hl-support hl-type hl-property-name",
            Kind::HeaderName => "hl-keyword hl-other hl-http-header",
            Kind::Url => "hl-string hl-unquoted",
        }
    }
}

/// Languages this module handles, by syntax token.
pub fn handles(token: &str) -> bool {
    matches!(token, "json" | "http" | "cs" | "java" | "js" | "py")
}

/// Highlights `code` for a token [`handles`] accepts.
pub fn highlight(code: &str, token: &str) -> String {
    let mut out = Out(String::with_capacity(code.len() * 2));
    match token {
        "json" => json(code, &mut out),
        "http" => http(code, &mut out),
        "py" => c_like(code, &PYTHON, &mut out),
        "java" => c_like(code, &JAVA, &mut out),
        "js" => c_like(code, &JAVASCRIPT, &mut out),
        _ => c_like(code, &CSHARP, &mut out),
    }
    out.0
}

struct Out(String);

impl Out {
    fn plain(&mut self, text: &str) {
        self.0.push_str(&escape_html(text));
    }
    /// Emits the plain text from `*plain_from` to `start`, then `code[start..end]` as a token
    /// of `kind`; returns where scanning goes on.
    fn token(
        &mut self,
        code: &str,
        plain_from: &mut usize,
        start: usize,
        end: usize,
        kind: Kind,
    ) -> usize {
        self.plain(&code[*plain_from..start]);
        self.span(kind, &code[start..end]);
        *plain_from = end;
        end
    }
    fn span(&mut self, kind: Kind, text: &str) {
        self.0.push_str("<span class=\"");
        self.0.push_str(kind.class());
        self.0.push_str("\">");
        self.0.push_str(&escape_html(text));
        self.0.push_str("</span>");
    }
}

/// The HTTP request or response: start line, headers, blank line, JSON body.
fn http(code: &str, out: &mut Out) {
    let (head, body) = match code.find("\n\n") {
        Some(i) => (&code[..i + 1], Some(&code[i + 1..])),
        None => (code, None),
    };
    for (n, line) in head.split_inclusive('\n').enumerate() {
        let (text, nl) = line.strip_suffix('\n').map_or((line, ""), |t| (t, "\n"));
        if n == 0 {
            start_line(text, out);
        } else if let Some((name, value)) = text.split_once(':') {
            out.span(Kind::HeaderName, name);
            out.plain(":");
            out.span(Kind::Url, value);
        } else {
            out.plain(text);
        }
        out.plain(nl);
    }
    if let Some(body) = body {
        json(body, out);
    }
}

fn start_line(text: &str, out: &mut Out) {
    let mut parts = text.splitn(3, ' ');
    let first = parts.next().unwrap_or("");
    if first.starts_with("HTTP/") {
        out.span(Kind::Constant, first);
        if let Some(code) = parts.next() {
            out.plain(" ");
            out.span(Kind::Number, code);
        }
        if let Some(reason) = parts.next() {
            out.plain(" ");
            out.span(Kind::Url, reason);
        }
    } else {
        out.span(Kind::Keyword, first);
        for part in parts {
            out.plain(" ");
            out.span(Kind::Url, part);
        }
    }
}

/// JSON: keys, strings, numbers and constants.
fn json(code: &str, out: &mut Out) {
    let b = code.as_bytes();
    let mut i = 0;
    let mut plain_from = 0;
    while i < b.len() {
        let c = b[i];
        let token = match c {
            b'"' => {
                let end = string_end(b, i, b'"');
                let is_key = b[end..].iter().find(|c| !c.is_ascii_whitespace()) == Some(&b':');
                Some((end, if is_key { Kind::Key } else { Kind::Str }))
            }
            b'-' | b'0'..=b'9' => Some((number_end(b, i), Kind::Number)),
            b't' | b'f' | b'n' => {
                let end = word_end(b, i);
                matches!(&code[i..end], "true" | "false" | "null").then_some((end, Kind::Constant))
            }
            _ => None,
        };
        i = match token {
            Some((end, kind)) => out.token(code, &mut plain_from, i, end, kind),
            None => i + utf8_len(c),
        };
    }
    out.plain(&code[plain_from..]);
}

/// Keyword sets and comment syntax of a C-family (or Python) language.
struct Lang {
    keywords: &'static [&'static str],
    constants: &'static [&'static str],
    line_comment: &'static str,
    block_comments: bool,
    single_quoted_strings: bool,
}

const CSHARP: Lang = Lang {
    keywords: &[
        "using",
        "var",
        "new",
        "await",
        "async",
        "return",
        "public",
        "class",
        "void",
        "static",
        "string",
        "object",
        "int",
        "long",
        "bool",
        "double",
        "float",
        "decimal",
        "if",
        "else",
        "foreach",
        "in",
        "namespace",
    ],
    constants: &["true", "false", "null"],
    line_comment: "//",
    block_comments: true,
    single_quoted_strings: false,
};

const JAVA: Lang = Lang {
    keywords: &[
        "import", "new", "return", "public", "class", "void", "static", "final", "int", "long",
        "boolean", "double", "float", "if", "else", "for", "throws", "package",
    ],
    constants: &["true", "false", "null"],
    line_comment: "//",
    block_comments: true,
    single_quoted_strings: false,
};

const JAVASCRIPT: Lang = Lang {
    keywords: &[
        "const", "let", "var", "await", "async", "function", "return", "new", "import", "from",
        "export", "if", "else", "for", "of", "in", "class", "typeof",
    ],
    constants: &["true", "false", "null", "undefined"],
    line_comment: "//",
    block_comments: true,
    single_quoted_strings: true,
};

const PYTHON: Lang = Lang {
    keywords: &[
        "from", "import", "await", "async", "def", "return", "class", "if", "else", "elif", "for",
        "in", "as", "with", "lambda", "not", "and", "or", "is",
    ],
    constants: &["True", "False", "None"],
    line_comment: "#",
    block_comments: false,
    single_quoted_strings: true,
};

fn c_like(code: &str, lang: &Lang, out: &mut Out) {
    let b = code.as_bytes();
    let mut i = 0;
    let mut plain_from = 0;
    while i < b.len() {
        let c = b[i];
        let token = if code[i..].starts_with(lang.line_comment) {
            Some((code[i..].find('\n').map_or(b.len(), |n| i + n), Kind::Comment))
        } else if lang.block_comments && code[i..].starts_with("/*") {
            Some((code[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2), Kind::Comment))
        } else if c == b'"' || (c == b'\'' && lang.single_quoted_strings) {
            Some((string_end(b, i, c), Kind::Str))
        } else if c == b'@' && b.get(i + 1) == Some(&b'"') {
            Some((verbatim_end(b, i + 1), Kind::Str))
        } else if c.is_ascii_digit() && (i == 0 || !is_ident(b[i - 1])) {
            Some((number_end(b, i), Kind::Number))
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let end = word_end(b, i);
            let word = &code[i..end];
            let kind = word_kind(word, lang, b, end);
            if kind.is_none() {
                i = end; // skip the whole word so suffixes are not re-read as tokens
                continue;
            }
            kind.map(|k| (end, k))
        } else {
            None
        };
        i = match token {
            Some((end, kind)) => out.token(code, &mut plain_from, i, end, kind),
            None => i + utf8_len(c),
        };
    }
    out.plain(&code[plain_from..]);
}

fn word_kind(word: &str, lang: &Lang, b: &[u8], end: usize) -> Option<Kind> {
    if lang.keywords.contains(&word) {
        Some(Kind::Keyword)
    } else if lang.constants.contains(&word) {
        Some(Kind::Constant)
    } else if b.get(end) == Some(&b'(') {
        Some(Kind::Function)
    } else if word.starts_with(|c: char| c.is_ascii_uppercase()) {
        Some(Kind::Type)
    } else {
        None
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// End (exclusive) of a quoted string starting at `start`, honouring backslash escapes; an
/// unterminated string ends at the line end.
fn string_end(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// End of a C# verbatim string `@"..."` (quote at `quote`), where `""` is an escaped quote.
fn verbatim_end(b: &[u8], quote: usize) -> usize {
    let mut i = quote + 1;
    while i < b.len() {
        if b[i] == b'"' {
            if b.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

fn number_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric()
            || matches!(b[i], b'.' | b'+' | b'-')
                && matches!(b[i - 1], b'e' | b'E' | b'.' | b'0'..=b'9'))
    {
        if matches!(b[i], b'+' | b'-') && !matches!(b[i - 1], b'e' | b'E') {
            break;
        }
        i += 1;
    }
    i
}

fn word_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < b.len() && is_ident(b[i]) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(html: &str) -> String {
        crate::localize::strip_tags(html)
    }

    #[test]
    fn every_language_round_trips_its_text() {
        let samples = [
            ("json", "{\n  \"a\": \"x \\\" <y>\",\n  \"n\": -1.5e3,\n  \"t\": [true, null]\n}\n"),
            ("http", "POST https://graph.microsoft.com/v1.0/chats\nContent-Type: application/json\n\n{\"k\": \"Café ☕\"}\n"),
            ("http", "HTTP/1.1 201 Created\nContent-Type: application/json\n"),
            ("cs", "// Dependencies\nusing Microsoft.Graph.Models;\nvar x = new Chat { Topic = \"a \\\"b\\\" <c>\", N = 5, V = @\"x\"\"y\" };\n"),
            ("java", "/* c */ Chat chat = new Chat();\nchat.setTopic(\"日本\");\nlong l = 5L;\n"),
            ("js", "// c\nconst chat = {\n  'a@b': 'it\\'s <x>', n: 5, t: true,\n};\nawait client.api('/chats').post(chat);\n"),
            ("py", "# c\nfrom msgraph import X\nrequest_body = Chat(\n\ttopic = 'it''s', flag = True, n = None,\n)\n"),
        ];
        for (token, code) in samples {
            let html = highlight(code, token);
            assert_eq!(strip(&html), code, "{token}: text must be kept exactly");
            assert!(!html.contains("<c>") && !html.contains("<y>"), "{token}: escaped");
        }
    }

    #[test]
    fn tokens_get_syntect_scope_classes() {
        let html = highlight("{\"chatType\": \"group\", \"n\": 1, \"b\": false}", "json");
        assert!(
            html.contains(
                "<span class=\"hl-support hl-type hl-property-name\">&quot;chatType&quot;</span>"
            ),
            "{html}"
        );
        assert!(html.contains("<span class=\"hl-string hl-quoted\">&quot;group&quot;</span>"));
        assert!(html.contains("<span class=\"hl-constant hl-numeric\">1</span>"));
        assert!(html.contains("<span class=\"hl-constant hl-language\">false</span>"));
        let cs = highlight("var result = await graphClient.Chats.PostAsync(requestBody);", "cs");
        assert!(
            cs.contains("<span class=\"hl-keyword\">await</span>")
                && cs.contains("<span class=\"hl-entity hl-name hl-function\">PostAsync</span>"),
            "{cs}"
        );
        let py = highlight("x = ChatType.OneOnOne # note", "py");
        assert!(
            py.contains("<span class=\"hl-comment\"># note</span>")
                && py.contains("<span class=\"hl-entity hl-name hl-type\">ChatType</span>"),
            "{py}"
        );
        let js = highlight("const c = { 'a@b': null }; await client.api('/x').get();", "js");
        assert!(
            js.contains("<span class=\"hl-keyword\">const</span>")
                && js.contains("<span class=\"hl-string hl-quoted\">&#39;a@b&#39;</span>")
                && js.contains("<span class=\"hl-constant hl-language\">null</span>")
                && js.contains("<span class=\"hl-entity hl-name hl-function\">api</span>"),
            "{js}"
        );
        let http = highlight("POST /chats\nAuthorization: Bearer x\n", "http");
        assert!(
            http.contains("<span class=\"hl-keyword\">POST</span>")
                && http.contains(
                    "<span class=\"hl-keyword hl-other hl-http-header\">Authorization</span>"
                ),
            "{http}"
        );
    }
}
