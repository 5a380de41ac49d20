//! Evaluates the declarative rules of an operation spec (`rules:`, format in `docs/rules.md`)
//! on every example: `when` conditions on request values, then one of `forbid`, `require`,
//! `count`, `pattern` or `same_ids`. Values that cannot be verified (a member named by user
//! principal name instead of a GUID) become notes, never errors.

use super::examples::{guid_shaped_runs, is_guid, Body};
use super::finding::{Finding, Place, Rule};
use super::json_locate::escape;
use crate::spec::rules::{BodyKind, RuleSpec};
use crate::spec::Operation;
use serde_json::Value;

/// Values at a `/`-separated path; `*` matches every array element or object member. Keys are
/// written as they are (`user@odata.bind`); returns `(pointer, value)` pairs.
pub fn select<'v>(root: &'v Value, path: &str) -> Vec<(String, &'v Value)> {
    let mut current = vec![(String::new(), root)];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        let mut next = Vec::new();
        for (ptr, v) in current {
            match (v, seg) {
                (Value::Array(items), "*") => {
                    next.extend(items.iter().enumerate().map(|(i, x)| (format!("{ptr}/{i}"), x)))
                }
                (Value::Object(map), "*") => {
                    next.extend(map.iter().map(|(k, x)| (format!("{ptr}/{}", escape(k)), x)))
                }
                (Value::Array(items), idx) => {
                    if let Some(x) = idx.parse::<usize>().ok().and_then(|i| items.get(i)) {
                        next.push((format!("{ptr}/{idx}"), x));
                    }
                }
                (Value::Object(map), key) => {
                    if let Some(x) = map.get(key) {
                        next.push((format!("{ptr}/{}", escape(key)), x));
                    }
                }
                _ => {}
            }
        }
        current = next;
    }
    current
}

/// A JSON value as the text `when` compares with (strings without quotes).
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The compiled regular expressions of an operation's rules, by rule index (`None` when the
/// rule has no `pattern` or its regex is invalid).
pub struct Compiled(Vec<Option<regex::Regex>>);

/// Every `pattern` regex of the site compiled once (operations often share rules).
pub type RegexCache = std::collections::HashMap<String, Result<regex::Regex, String>>;

/// Compiles the distinct patterns of all operations.
pub fn compile_all<'a>(ops: impl IntoIterator<Item = &'a Operation>) -> RegexCache {
    let mut cache = RegexCache::new();
    for op in ops {
        for p in op.spec.rules.iter().filter_map(|r| r.pattern.as_ref()) {
            cache
                .entry(p.regex.clone())
                .or_insert_with(|| regex::Regex::new(&p.regex).map_err(|e| e.to_string()));
        }
    }
    cache
}

/// Checks the rule definitions themselves (exactly one check, a valid regex) and picks their
/// compiled patterns from `cache`.
pub fn check_definitions(op: &Operation, cache: &RegexCache, out: &mut Vec<Finding>) -> Compiled {
    let mut compiled = Vec::new();
    for r in &op.spec.rules {
        let checks = [
            r.forbid.is_some(),
            r.require.is_some(),
            r.count.is_some(),
            r.pattern.is_some(),
            r.same_ids.is_some(),
        ];
        let place = Place {
            file: &op.file,
            source: Some(&op.source),
            line: r.id.referenced.line() as usize,
            column: r.id.referenced.column() as usize,
        };
        if checks.iter().filter(|c| **c).count() != 1 {
            out.push(Finding::new(
                Rule::ExampleRule,
                place,
                format!(
                    "rule `{}` must have exactly one of forbid, require, count, pattern, same_ids",
                    r.id.value
                ),
                r.id.value.clone(),
                "see docs/rules.md",
            ));
        }
        let compile = |p: &crate::spec::rules::PatternSpec| {
            cache
                .get(&p.regex)
                .cloned()
                .unwrap_or_else(|| regex::Regex::new(&p.regex).map_err(|e| e.to_string()))
        };
        compiled.push(r.pattern.as_ref().and_then(|p| match compile(p) {
            Ok(re) => Some(re),
            Err(e) => {
                out.push(Finding::new(
                    Rule::ExampleRule,
                    place,
                    format!("rule `{}` has an invalid regex: {e}", r.id.value),
                    p.regex.clone(),
                    "fix the regular expression",
                ));
                None
            }
        }));
    }
    Compiled(compiled)
}

/// Evaluates every rule of `op` on one example's request and response bodies.
pub fn check_example(
    op: &Operation,
    compiled: &Compiled,
    req: Option<&Body>,
    resp: Option<&Body>,
    out: &mut Vec<Finding>,
) {
    let Some(req) = req else { return };
    for (r, re) in op.spec.rules.iter().zip(&compiled.0) {
        let applies = r
            .when
            .iter()
            .all(|(path, want)| select(req.value, path).iter().any(|(_, v)| as_text(v) == *want));
        if !applies {
            continue;
        }
        let target = match r.body {
            BodyKind::Request => Some(req),
            BodyKind::Response => resp,
        };
        let Some(body) = target else { continue };
        evaluate(r, re.as_ref(), body, req, resp, out);
    }
}

fn violation(
    r: &RuleSpec,
    body: &Body,
    ptr: &str,
    needle: Option<&str>,
    what: String,
    text: String,
) -> Finding {
    let about = r.about.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    Finding::new(
        Rule::ExampleRule,
        body.place(ptr, needle),
        format!("example `{}` breaks rule `{}`{about}: {what}", body.example, r.id.value),
        text,
        format!("change the example, or the rule `{}` in the spec", r.id.value),
    )
}

fn evaluate(
    r: &RuleSpec,
    re: Option<&regex::Regex>,
    body: &Body,
    req: &Body,
    resp: Option<&Body>,
    out: &mut Vec<Finding>,
) {
    if let Some(path) = &r.forbid {
        for (ptr, v) in select(body.value, path).into_iter().filter(|(_, v)| !v.is_null()) {
            out.push(violation(
                r,
                body,
                &ptr,
                None,
                format!("`{path}` must not be set here"),
                v.to_string(),
            ));
        }
    }
    if let Some(path) = &r.require {
        if !select(body.value, path).iter().any(|(_, v)| !v.is_null()) {
            out.push(violation(
                r,
                body,
                "",
                None,
                format!("`{path}` is required here"),
                String::new(),
            ));
        }
    }
    if let Some(c) = &r.count {
        let found = select(body.value, &c.path);
        let (n, ptr) = match found.as_slice() {
            [(ptr, Value::Array(items))] => (items.len(), ptr.clone()),
            _ => (found.len(), String::new()),
        };
        if c.min.is_some_and(|m| n < m) || c.max.is_some_and(|m| n > m) {
            let range = match (c.min, c.max) {
                (Some(a), Some(b)) if a == b => format!("exactly {a}"),
                (a, b) => format!(
                    "{}..{}",
                    a.map(|x| x.to_string()).unwrap_or_default(),
                    b.map(|x| x.to_string()).unwrap_or_default()
                ),
            };
            out.push(violation(
                r,
                body,
                &ptr,
                None,
                format!("`{}` has {n} value(s), expected {range}", c.path),
                n.to_string(),
            ));
        }
    }
    if let (Some(p), Some(re)) = (&r.pattern, re) {
        for (ptr, v) in select(body.value, &p.path) {
            let text = as_text(v);
            if !re.is_match(&text) {
                out.push(violation(
                    r,
                    body,
                    &ptr,
                    v.as_str(),
                    format!("`{text}` does not match `{}`", p.regex),
                    text.clone(),
                ));
            }
        }
    }
    if let (Some(s), Some(resp)) = (&r.same_ids, resp) {
        same_ids(r, &s.request, &s.response, req, resp, out);
    }
}

fn same_ids(
    r: &RuleSpec,
    req_path: &str,
    resp_path: &str,
    req: &Body,
    resp: &Body,
    out: &mut Vec<Finding>,
) {
    let mut wanted = Vec::new();
    for (ptr, v) in select(req.value, req_path) {
        let text = as_text(v);
        let ids: Vec<String> = guid_shaped_runs(&text).map(str::to_ascii_lowercase).collect();
        if ids.is_empty() {
            out.push(Finding::new(Rule::Unverifiable, req.place(&ptr, v.as_str()), format!("example `{}`, rule `{}`: `{text}` names no GUID (a user principal name?), so the response cannot be checked against it", req.example, r.id.value), text.clone(), "nothing to fix: this is a note"));
            return;
        }
        wanted.extend(ids);
    }
    for (ptr, v) in select(resp.value, resp_path) {
        let text = as_text(v);
        let mut got: Vec<String> =
            guid_shaped_runs(&text).filter(|g| is_guid(g)).map(str::to_ascii_lowercase).collect();
        got.sort();
        let mut want = wanted.clone();
        want.sort();
        if got != want {
            let stray: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
            let needle = stray.first().map(|s| s.as_str());
            out.push(violation(
                r,
                resp,
                &ptr,
                needle.or(v.as_str()),
                format!("`{text}` names {got:?} but the request names {want:?}"),
                text.clone(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn select_follows_wildcards_and_odd_keys() {
        let v =
            json!({"members": [{"user@odata.bind": "a", "roles": ["x", "y"]}, {"roles": ["z"]}]});
        let got: Vec<String> =
            select(&v, "/members/*/roles/*").into_iter().map(|(p, _)| p).collect();
        assert_eq!(got, vec!["/members/0/roles/0", "/members/0/roles/1", "/members/1/roles/0"]);
        assert_eq!(select(&v, "/members/*/user@odata.bind").len(), 1);
        assert_eq!(select(&v, "/members/1").len(), 1);
        assert!(select(&v, "/nope").is_empty());
    }
}
