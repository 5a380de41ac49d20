//! The OpenAPI document as read from disk: parsed into JSON values (JSON or YAML), local `$ref`
//! resolution with cycle detection, and JSON-pointer positions (file:line:col, in JSON and in
//! YAML documents) for every error the importer reports, syntax errors included.

use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A loaded OpenAPI document and the text it came from.
pub struct Document {
    /// The document as JSON values (object key order preserved).
    pub root: Value,
    /// Path as given on the command line.
    pub file: PathBuf,
    /// Source text, for positions.
    text: String,
    /// True when the source is JSON (positions are computed only for JSON).
    is_json: bool,
}

impl Document {
    /// Reads `file` as JSON (when it starts with `{`) or YAML.
    pub fn read(file: &Path) -> Result<Document> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let is_json = text.trim_start().starts_with('{');
        let root: Value = if is_json {
            serde_json::from_str(&text).map_err(|e| {
                let message = e.to_string();
                let message = message.rsplit_once(" at line ").map_or(&*message, |(m, _)| m);
                anyhow::anyhow!(
                    "{}:{}:{}: invalid JSON: {message}",
                    file.display(),
                    e.line(),
                    e.column()
                )
            })?
        } else {
            serde_saphyr::from_str(&text).map_err(|e| yaml_syntax_error(file, &e))?
        };
        let version = root.get("openapi").and_then(Value::as_str).unwrap_or("");
        if !(version.starts_with("3.0") || version.starts_with("3.1")) {
            bail!("{}: not an OpenAPI 3.0 or 3.1 document (`openapi: {version}`)", file.display());
        }
        Ok(Document { root, file: file.to_path_buf(), text, is_json })
    }

    /// `file:line:col` of the value at `pointer` (in YAML, of the deepest value on its way
    /// that exists), else the file alone.
    pub fn position(&self, pointer: &str) -> String {
        let at = if self.is_json {
            locate(&self.text, pointer).map(|offset| {
                let before = &self.text[..offset];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (line, col)
            })
        } else {
            super::yaml_locate::locate(&self.text, pointer)
        };
        match at {
            Some((line, col)) => format!("{}:{line}:{col}", self.file.display()),
            None => self.file.display().to_string(),
        }
    }

    /// An error naming the position and the JSON pointer.
    pub fn error(&self, pointer: &str, message: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!("{}: {message} (at JSON pointer `#{pointer}`)", self.position(pointer))
    }

    /// The value at a JSON pointer (`/components/schemas/pet`).
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.root.pointer(pointer)
    }

    /// Follows `$ref` chains from `value` (found at `pointer`) to the value they name, with
    /// the pointer of that value. An external, unresolvable or cyclic `$ref` is an error.
    pub fn deref<'a>(&'a self, value: &'a Value, pointer: &str) -> Result<(&'a Value, String)> {
        let mut current = value;
        let mut at = pointer.to_string();
        let mut seen: Vec<String> = Vec::new();
        while let Some(target) = current.get("$ref").and_then(Value::as_str) {
            let ref_at = format!("{at}/$ref");
            let Some(local) = local_pointer(target) else {
                return Err(
                    self.error(&ref_at, format!("external $ref `{target}` is not supported"))
                );
            };
            if seen.contains(&local) {
                return Err(self.error(&ref_at, format!("cyclic $ref `{target}`")));
            }
            seen.push(local.clone());
            current = self
                .at(&local)
                .ok_or_else(|| self.error(&ref_at, format!("unresolvable $ref `{target}`")))?;
            at = local;
        }
        Ok((current, at))
    }

    /// Checks every `$ref` of the document resolves, without cycles.
    pub fn check_refs(&self) -> Result<()> {
        let mut stack = vec![(&self.root, String::new())];
        while let Some((value, pointer)) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if map.get("$ref").is_some_and(Value::is_string) {
                        self.deref(value, &pointer)?;
                    }
                    for (k, v) in map.iter().rev() {
                        stack.push((v, format!("{pointer}/{}", escape_token(k))));
                    }
                }
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate().rev() {
                        stack.push((v, format!("{pointer}/{i}")));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// A YAML syntax error at `file:line:col` (serde-saphyr's message without its own position
/// and quoted snippet).
fn yaml_syntax_error(file: &Path, e: &serde_saphyr::Error) -> anyhow::Error {
    let message = e.without_snippet().to_string();
    let message = message.rsplit_once(" at line ").map_or(&*message, |(m, _)| m).to_string();
    match e.location() {
        Some(l) => anyhow::anyhow!(
            "{}:{}:{}: invalid YAML: {message}",
            file.display(),
            l.line(),
            l.column()
        ),
        None => anyhow::anyhow!("{}: invalid YAML: {message}", file.display()),
    }
}

/// Escapes one JSON pointer token (`~` as `~0`, `/` as `~1`).
/// The JSON pointer of a local `$ref` (`#/components/schemas/Pet`), its URI fragment's
/// `%XX` escapes decoded (`#/paths/~1%7Bid%7D` is `/paths/~1{id}`); `None` for an external one.
pub fn local_pointer(target: &str) -> Option<String> {
    let fragment = target.strip_prefix('#')?;
    if !fragment.contains('%') {
        return Some(fragment.to_string());
    }
    let b = fragment.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%').then(|| fragment.get(i + 1..i + 3)).flatten();
        // Two hex digits: `from_str_radix` alone would also take a sign (`%+1`).
        let hex = hex.filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()));
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) => {
                bytes.push(byte);
                i += 3;
            }
            None => {
                bytes.push(b[i]);
                i += 1;
            }
        }
    }
    Some(String::from_utf8(bytes).unwrap_or_else(|_| fragment.to_string()))
}

/// The name a `$ref` ends with (`Pet` of `#/components/schemas/Pet`), unescaped.
pub fn ref_name(target: &str) -> String {
    let pointer = local_pointer(target).unwrap_or_else(|| target.to_string());
    let last = pointer.rsplit('/').next().unwrap_or_default();
    last.replace("~1", "/").replace("~0", "~")
}

pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Byte offset of the value a JSON pointer names in JSON text.
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    let tokens: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for token in tokens {
        pos = child(text, pos, &token)?;
    }
    Some(pos)
}

/// Offset of the member `token` of the object or array starting at `pos`.
fn child(text: &str, pos: usize, token: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let open = *bytes.get(pos)?;
    let mut p = skip_ws(bytes, pos + 1);
    let mut index = 0usize;
    loop {
        if matches!(bytes.get(p), Some(b'}') | Some(b']') | None) {
            return None;
        }
        if open == b'{' {
            let end = skip_string(bytes, p)?;
            let key: String = serde_json::from_str(&text[p..end]).ok()?;
            p = skip_ws(bytes, end);
            p = skip_ws(bytes, p + 1); // the colon
            if key == token {
                return Some(p);
            }
        } else if token.parse::<usize>().ok() == Some(index) {
            return Some(p);
        }
        p = skip_ws(bytes, skip_value(bytes, p)?);
        if bytes.get(p) == Some(&b',') {
            p = skip_ws(bytes, p + 1);
        }
        index += 1;
    }
}

fn skip_ws(bytes: &[u8], mut p: usize) -> usize {
    while bytes.get(p).is_some_and(|b| b.is_ascii_whitespace()) {
        p += 1;
    }
    p
}

/// End (exclusive) of the string starting at `p`.
fn skip_string(bytes: &[u8], mut p: usize) -> Option<usize> {
    p += 1;
    loop {
        match bytes.get(p)? {
            b'\\' => p += 2,
            b'"' => return Some(p + 1),
            _ => p += 1,
        }
    }
}

/// End (exclusive) of the value starting at `p`.
fn skip_value(bytes: &[u8], p: usize) -> Option<usize> {
    match bytes.get(p)? {
        b'"' => skip_string(bytes, p),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut q = p;
            loop {
                match bytes.get(q)? {
                    b'"' => {
                        q = skip_string(bytes, q)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(q + 1);
                        }
                    }
                    _ => {}
                }
                q += 1;
            }
        }
        _ => {
            let mut q = p;
            while bytes
                .get(q)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                q += 1;
            }
            Some(q)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_locate_values_with_escapes() {
        let text = "{\n  \"paths\": {\n    \"/a/{id}\": { \"get\": [1, {\"x~y\": true}] }\n  }\n}";
        let at = locate(text, "/paths/~1a~1{id}/get/1/x~0y").unwrap();
        assert_eq!(&text[at..at + 4], "true");
        assert!(locate(text, "/paths/nope").is_none());
    }

    #[test]
    fn ref_fragments_are_percent_decoded() {
        assert_eq!(local_pointer("#/paths/~1%7Bid%7D").as_deref(), Some("/paths/~1{id}"));
        assert_eq!(local_pointer("#/a%20b").as_deref(), Some("/a b"));
        // Not two hex digits: kept as written.
        assert_eq!(local_pointer("#/x%+1%g0%4").as_deref(), Some("/x%+1%g0%4"));
        assert_eq!(local_pointer("other.json#/a"), None);
    }
}
