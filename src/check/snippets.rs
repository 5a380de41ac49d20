//! Snippets: every example has a snippet in every configured language, and the dictionary keys
//! a generated snippet spells out (additional data such as `"user@odata.bind"`) are exactly
//! JSON keys of the example (catching `user@odata_bind`). Generators are reached through the
//! [`SnippetSource`] boundary so the real `crate::snippet` registry can be plugged in.

use super::finding::{Finding, Place, Rule};
use crate::spec::{Example, Operation, Schema};
use serde_json::Value;
use std::collections::BTreeSet;

/// Where snippets come from: the configured languages and a generator per language.
pub trait SnippetSource: Sync {
    /// Language ids, in tab order (`http`, `csharp`, ...).
    fn languages(&self) -> Vec<String>;
    /// The snippet of `example` in `lang`, or why there is none.
    fn generate(
        &self,
        op: &Operation,
        example: &Example,
        schema: &Schema,
        lang: &str,
    ) -> Result<String, String>;
}

/// The generators the pages use: every language of [`crate::snippet`], with the operation's
/// request body type as the root type.
pub struct BuiltinSnippets;

impl SnippetSource for BuiltinSnippets {
    fn languages(&self) -> Vec<String> {
        crate::snippet::languages().iter().map(|l| l.id().to_string()).collect()
    }

    fn generate(
        &self,
        op: &Operation,
        example: &Example,
        schema: &Schema,
        lang: &str,
    ) -> Result<String, String> {
        let language =
            crate::snippet::language(lang).ok_or_else(|| format!("no generator for `{lang}`"))?;
        let root = match op.spec.body_type() {
            Some(body) => body.to_string(),
            None => crate::snippet::infer_root_type(&example.request, schema).unwrap_or_default(),
        };
        language.generate(&example.request, schema, &root).map_err(|e| e.to_string())
    }
}

/// A source made of a closure, for tests and for wiring other generators in.
pub struct FnSource<F> {
    /// Language ids.
    pub languages: Vec<String>,
    /// The generator.
    pub generate: F,
}

impl<F> SnippetSource for FnSource<F>
where
    F: Fn(&Operation, &Example, &str) -> Result<String, String> + Sync,
{
    fn languages(&self) -> Vec<String> {
        self.languages.clone()
    }

    fn generate(
        &self,
        op: &Operation,
        example: &Example,
        _schema: &Schema,
        lang: &str,
    ) -> Result<String, String> {
        (self.generate)(op, example, lang)
    }
}

/// Every key of a JSON value, at any depth.
fn json_keys(v: &Value, into: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            into.insert(k.clone());
            json_keys(x, into);
        }),
        Value::Array(items) => items.iter().for_each(|x| json_keys(x, into)),
        _ => {}
    }
}

/// String literals used as dictionary keys in code: followed by `:` (Python, JS), `=>`, or
/// first in `put("k", v)` / `Add("k", v)` / `{ "k", v }` (Java, C#).
pub fn dictionary_keys(code: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A double-quoted string, or a single-quoted or template string where an expression
        // starts (JavaScript's `'user@odata.bind': ...`, `'{"id": 1}'`): the double quotes
        // inside a string are its text, never keys.
        if b[i] != b'"' && !is_other_literal(b, i) {
            i += 1;
            continue;
        }
        let start = i + 1;
        let j = closing_quote(b, i);
        if j >= b.len() || b[j] != b[i] {
            i = j + 1;
            continue;
        }
        let literal = &code[start..j];
        let after = code[j + 1..].trim_start();
        let before = code[..i].trim_end();
        // `{ "k", v }` is a C# dictionary entry only when a value follows on the same line;
        // `{ "owner", }` with the line ending after the comma is a list element.
        let value_follows = after
            .strip_prefix(',')
            .is_some_and(|rest| rest.lines().next().is_some_and(|l| !l.trim().is_empty()));
        let is_key = after.starts_with(':') && !after.starts_with("::")
            || after.starts_with("=>")
            || (after.starts_with(',') && (before.ends_with("put(") || before.ends_with("Add(")))
            || (value_follows && before.ends_with('{'));
        if is_key && b[i] == b'"' {
            keys.push(literal.to_string());
        } else if is_key {
            // JavaScript's `'it\'s'`: the key's text, its escapes read.
            keys.push(literal.replace("\\'", "'").replace("\\\\", "\\"));
        }
        i = j + 1;
    }
    keys
}

/// Whether `b[i]` opens a single-quoted or backtick string: a quote where an expression
/// starts (after `:`, `,`, `=`, `(`, `[`, `{` or at a line's start), not an apostrophe in a
/// comment's words.
fn is_other_literal(b: &[u8], i: usize) -> bool {
    if b[i] != b'\'' && b[i] != b'`' {
        return false;
    }
    let before = b[..i].iter().rev().find(|c| **c != b' ' && **c != b'\t');
    before.is_none_or(|c| b":,=([{\n".contains(c))
}

/// The index of the quote closing the string opening at `b[start]` (escapes skipped), or of
/// the line break (the end of the code) where it does not close; a template string may span
/// lines.
fn closing_quote(b: &[u8], start: usize) -> usize {
    let quote = b[start];
    let mut j = start + 1;
    while j < b.len() && b[j] != quote && (quote == b'`' || b[j] != b'\n') {
        j += if b[j] == b'\\' { 2 } else { 1 };
    }
    j.min(b.len())
}

/// The names and values of the request's query options, as a snippet may spell them.
fn query_literals(request: &crate::spec::HttpRequest) -> Vec<String> {
    use crate::snippet::query::{QueryValue, RequestConfig};
    let mut out = Vec::new();
    for param in RequestConfig::of(request).query {
        out.push(param.raw.clone());
        out.push(param.name().to_string());
        match param.value {
            QueryValue::List(items) => out.extend(items),
            QueryValue::Text(text) => {
                // A query value that is JSON (`geometryList=[{"type":"CIRCLE"}]`) is a string
                // of the snippet, its keys no dictionary's.
                let mut keys = BTreeSet::new();
                if let Ok(json) = serde_json::from_str::<Value>(&text) {
                    json_keys(&json, &mut keys);
                }
                out.extend(keys);
                out.push(text);
            }
            _ => {}
        }
    }
    out
}

/// Checks snippets of every example of `op` in every language of `source`.
pub fn check_operation(
    op: &Operation,
    schema: &Schema,
    source: &dyn SnippetSource,
    out: &mut Vec<Finding>,
) {
    for (spec, ex) in op.spec.examples.iter().zip(&op.examples) {
        let place = Place {
            file: &op.file,
            source: Some(&op.source),
            line: spec.id.referenced.line() as usize,
            column: spec.id.referenced.column() as usize,
        };
        let mut keys = BTreeSet::new();
        if let Some(b) = &ex.request.body {
            json_keys(b, &mut keys);
        }
        // Request headers are set with `Headers.Add("Name", ...)`: their names are keys too.
        keys.extend(ex.request.headers.iter().map(|(name, _)| name.clone()));
        // Query options are string literals of the request configuration too (C#
        // `Select = new string []{ "id","displayName" }` reads like a dictionary entry).
        keys.extend(query_literals(&ex.request));
        for lang in source.languages() {
            match source.generate(op, ex, schema, &lang) {
                Err(why) => out.push(Finding::new(
                    Rule::SnippetMissing,
                    place,
                    format!("example `{}` has no `{lang}` snippet: {why}", ex.id),
                    ex.id.clone(),
                    "fix the example or the generator so every language has a snippet",
                )),
                Ok(code) if code.trim().is_empty() => out.push(Finding::new(
                    Rule::SnippetMissing,
                    place,
                    format!("example `{}` has an empty `{lang}` snippet", ex.id),
                    ex.id.clone(),
                    "fix the generator",
                )),
                Ok(code) => {
                    for key in dictionary_keys(&code).into_iter().filter(|k| !keys.contains(k)) {
                        out.push(Finding::new(Rule::SnippetKey, place, format!("example `{}`: the `{lang}` snippet uses key \"{key}\", which is not a JSON key of the request", ex.id), key.clone(), "generated dictionary keys must be the JSON keys verbatim (e.g. `user@odata.bind`)"));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dictionary_keys_in_several_languages() {
        let py = "additional_data = {\n\"user@odata_bind\" : \"https://x/users('a@b.c')\",\n}";
        assert_eq!(dictionary_keys(py), vec!["user@odata_bind"]);
        let java = "additionalData.put(\"user@odata.bind\", \"https://x\");";
        assert_eq!(dictionary_keys(java), vec!["user@odata.bind"]);
        let cs = "AdditionalData = new Dictionary<string, object> { { \"user@odata.bind\" , \"https://x\" } }";
        assert_eq!(dictionary_keys(cs), vec!["user@odata.bind"]);
        assert!(dictionary_keys("x = \"a: b\"; y = foo(\"k\")").is_empty());
        let list = "Roles = new List<string>\n{\n\t\"owner\",\n},";
        assert!(dictionary_keys(list).is_empty(), "list elements are not keys");
        let real = "AdditionalData = new Dictionary<string, object>\n{\n\t{\n\t\t\"user@odata.bind\" , \"https://x\"\n\t},\n},";
        assert_eq!(dictionary_keys(real), vec!["user@odata.bind"]);
        // JavaScript: single-quoted keys are keys; the double quotes inside a single-quoted
        // or template string are its text.
        let js = "const x = {\n  'user@odata_bind': 'a',\n  schema: '{\\n  \"openapi\": 1\\n}',\n  t: `\"k\": 2`\n};";
        assert_eq!(dictionary_keys(js), vec!["user@odata_bind"]);
        assert_eq!(dictionary_keys("x = {\n  'it\\'s': 1\n};"), vec!["it's"]);
        // An apostrophe in a comment's words opens no string.
        let commented = "// Don't: see\nadditionalData.put(\"a@b\", 1); // it's";
        assert_eq!(dictionary_keys(commented), vec!["a@b"]);
    }
}
