//! Code comparison shared by the snippet tests: a whitespace-insensitive tokenizer, the syntax
//! problems tree-sitter finds in C# and Java snippets, and the request-builder chain of a
//! snippet's call as casing-free words (to compare C#, Java and Python chains).

/// Tokens of code, whitespace-insensitive: string literals whole (with escapes), identifiers and
/// numbers as runs, every other character on its own.
pub fn tokens(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push(chars[start..i.min(chars.len())].iter().collect());
    }
    out
}

/// Problems a real parser finds: ERROR and MISSING nodes with their positions.
pub fn syntax_problems(language: tree_sitter::Language, source: &str) -> Vec<String> {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&language).unwrap();
    let tree = parser.parse(source, None).unwrap();
    let mut problems = Vec::new();
    let mut cursor = tree.walk();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            let p = node.start_position();
            problems.push(format!(
                "{} at {}:{}: {:?}",
                node.kind(),
                p.row + 1,
                p.column + 1,
                &source[node.byte_range()]
            ));
        }
        stack.extend(node.children(&mut cursor));
    }
    problems
}

pub fn csharp_problems(snippet: &str) -> Vec<String> {
    syntax_problems(tree_sitter_c_sharp::LANGUAGE.into(), snippet)
}

/// Java snippets are method-body statements: parse them inside a class and method.
pub fn java_problems(snippet: &str) -> Vec<String> {
    let wrapped = format!("class Snippet {{\nvoid run() throws Exception {{\n{snippet}\n}}\n}}\n");
    syntax_problems(tree_sitter_java::LANGUAGE.into(), &wrapped)
}

/// The request-builder chain of a snippet's call, as lower-case words without separators, keys
/// without braces, without the `Escaped` Java adds to a reserved word (`returnEscaped`), and
/// without Java's and Python's `by<Param>` key methods (C# indexes instead):
/// `graphClient.Groups["{group-id}"].Members.GetAsync(` -> `graphclient groups group-id members`.
pub fn chain_words(code: &str, client: &str, end: &str) -> Vec<String> {
    let start = code.rfind(client).unwrap_or_else(|| panic!("no {client} in\n{code}"));
    let rest = &code[start..];
    let call = rest.find(end).map_or(rest, |i| &rest[..i]);
    tokens(call)
        .into_iter()
        .filter(|t| t.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"'))
        .map(|t| {
            t.trim_matches(|c| c == '"' || c == '\'' || c == '{' || c == '}')
                .replace('_', "")
                .to_lowercase()
        })
        .map(|t| match t.strip_suffix("escaped") {
            Some(word) if !word.is_empty() => word.to_string(),
            _ => t,
        })
        // Typed function arguments: `DateTimeOffset.Parse(...)`, `OffsetDateTime.parse(...)`.
        .filter(|t| !["datetimeoffset", "offsetdatetime", "parse"].contains(&t.as_str()))
        .filter(|t| {
            let stem = t.trim_end_matches(|c: char| c.is_ascii_digit());
            !(t.starts_with("by") && stem.ends_with("id") && stem.len() > 4)
        })
        .collect()
}
