//! The operation model in `polydoc check`: what `build` refuses about a spec (`spec-model`,
//! from [`crate::validate`], so `check` and `build` agree), and every example against its
//! operation: the same method (`example-method`), a URL path the path template matches
//! (`example-path`) and a declared response status (`example-status`).

use super::finding::{Finding, Place, Rule};
use crate::spec::{status_code, Operation, Schema};

/// `spec-model`: the first problem `build` would refuse in `op` (see_also ids against `ids`).
pub fn check_model(op: &Operation, schema: &Schema, ids: &[&str], out: &mut Vec<Finding>) {
    if !crate::validate::unportable_ids(op).is_empty() {
        return; // reported as `portable-name`
    }
    let known = |id: &str| ids.contains(&id);
    let error = match crate::validate::validate_operation(schema, op) {
        Err(e) => e.downcast::<crate::diag::SourceError>().map_err(|e| e.to_string()),
        Ok(()) => match crate::validate::unknown_see_also(op, &known) {
            Some(e) => Ok(e),
            None => return,
        },
    };
    let (line, column, message) = match error {
        Ok(e) => (e.line, e.col, e.message),
        Err(message) => (1, 1, message),
    };
    let place = Place { file: &op.file, source: Some(&op.source), line, column };
    let text = op.source.lines().nth(line.saturating_sub(1)).unwrap_or_default().trim().to_string();
    out.push(Finding::new(
        Rule::SpecModel,
        place,
        message,
        text,
        "fix the spec: `polydoc build` refuses it (see README, \"The operation spec\")",
    ));
}

/// Where example field `field` (`method:`, `url:`, `status:`) of example `index` is written.
fn example_place<'a>(op: &'a Operation, index: usize, field: &str, value: &str) -> Place<'a> {
    let id = &op.spec.examples[index].id;
    let mut offset = line_start(&op.source, id.referenced.line() as usize);
    let needle = format!("{field}: ");
    if let Some(i) = op.source[offset..].find(&needle) {
        offset += i + needle.len();
        if let Some(j) = op.source[offset..].find(value).filter(|j| *j < 4) {
            offset += j;
        }
    }
    let (line, column) = crate::diag::line_col(&op.source, offset);
    Place { file: &op.file, source: Some(&op.source), line, column }
}

/// Byte offset of the start of 1-based `line`.
fn line_start(source: &str, line: usize) -> usize {
    source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum()
}

/// True when the URL path `path` (without host, version and query) fits `template`: literal
/// text equal, each `{x}` any value (a whole segment, or part of one: an OData function's
/// `itemAt(index={index})`, `{name}.{ext}`), and one extra trailing type cast segment
/// (`microsoft.graph.user`, a dotted name) allowed.
pub fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let cast = p.len() == t.len() + 1 && p.last().is_some_and(|s| is_type_cast(s));
    if p.len() != t.len() && !cast {
        return false;
    }
    t.iter().zip(&p).all(|(t, p)| segment_matches(t, p))
}

/// True when path segment `value` fits template segment `template`: its literal text in
/// place, each `{x}` standing for at least one character. Matched as an anchored regular
/// expression (linear time, however many placeholders a segment has).
fn segment_matches(template: &str, value: &str) -> bool {
    if !template.contains('{') {
        return template == value;
    }
    let mut pattern = String::from("^");
    let mut rest = template;
    while let Some((open, close)) =
        rest.find('{').and_then(|o| rest[o..].find('}').map(|c| (o, o + c)))
    {
        pattern.push_str(&regex::escape(&rest[..open]));
        pattern.push_str("(?s:.+)");
        rest = &rest[close + 1..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(value))
}

/// A type-cast segment: a dotted name such as `microsoft.graph.user`.
fn is_type_cast(segment: &str) -> bool {
    segment.contains('.')
        && segment.split('.').all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// `example-method`, `example-path` and `example-status` for every example of `op`.
pub fn check_examples(op: &Operation, out: &mut Vec<Finding>) {
    let spec = &op.spec;
    let method = spec.method.as_str();
    let statuses: Vec<u16> = spec.responses().iter().map(|r| r.code()).collect();
    for (i, ex) in op.examples.iter().enumerate() {
        if !ex.request.method.eq_ignore_ascii_case(method) {
            out.push(Finding::new(
                Rule::ExampleMethod,
                example_place(op, i, "method", &ex.request.method),
                format!(
                    "example `{}` sends {} but the operation is {method}",
                    ex.id, ex.request.method
                ),
                ex.request.method.clone(),
                "use the operation's method in the example request",
            ));
        }
        let path = spec.api_path_of(&ex.request);
        if !path_matches(&spec.path, path) {
            out.push(Finding::new(
                Rule::ExamplePath,
                example_place(op, i, "url", &ex.request.url),
                format!("example `{}` requests `{path}`, which the path template `{}` does not match", ex.id, spec.path),
                ex.request.url.clone(),
                "request a URL of this operation (its path template, with values for the `{parameters}`)",
            ));
        }
        let code = status_code(&ex.response.status);
        if !statuses.contains(&code) {
            let declared: Vec<String> = statuses.iter().map(u16::to_string).collect();
            out.push(Finding::new(
                Rule::ExampleStatus,
                example_place(op, i, "status", &ex.response.status),
                format!(
                    "example `{}` answers `{}`, which is not a declared response ({})",
                    ex.id,
                    ex.response.status,
                    declared.join(", ")
                ),
                ex.response.status.clone(),
                "declare the status under `responses:` or fix the example",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_template_with_an_optional_cast() {
        assert!(path_matches("/groups/{group-id}/members", "/groups/{group-id}/members"));
        assert!(path_matches("/groups/{group-id}/members", "/groups/02bd9fd6/members"));
        assert!(path_matches(
            "/groups/{group-id}/members",
            "/groups/02bd9fd6/members/microsoft.graph.user"
        ));
        assert!(path_matches("/groups/{g}/members/{m}/$ref", "/groups/1/members/2/$ref"));
        assert!(!path_matches("/groups/{g}/members/{m}/$ref", "/groups/1/members/2"));
        assert!(!path_matches("/groups/{group-id}/members", "/groups/1/owners"));
        assert!(!path_matches("/groups/{group-id}/members", "/groups/1/members/extra"));
        assert!(!path_matches("/chats", "/chats/x/members"));
        // Placeholders inside a segment: OData function arguments, file names.
        let item_at = "/rows/microsoft.graph.itemAt(index={index})";
        assert!(path_matches(item_at, "/rows/microsoft.graph.itemAt(index=1)"));
        assert!(path_matches(item_at, item_at));
        assert!(!path_matches(item_at, "/rows/microsoft.graph.itemAt(index=)"));
        assert!(!path_matches(item_at, "/rows/microsoft.graph.itemAt(row=1)"));
        let calls = "/x.getCalls(from={from},to={to})";
        assert!(path_matches(calls, "/x.getCalls(from=2024-01-01T00:00:00Z,to=2024-01-02)"));
        assert!(!path_matches(calls, "/x.getCalls(from=1)"));
        assert!(path_matches("/files/{name}.{ext}", "/files/a.b.txt"));
        assert!(!path_matches("/files/{name}.{ext}", "/files/readme"));
        // Many placeholders against a long value that does not fit: linear, not exponential.
        let many = format!("/{}!", (0..20).map(|i| format!("{{p{i}}},")).collect::<String>());
        assert!(!path_matches(&many, &format!("/{}", "a,".repeat(100))));
    }
}
