//! Example requests and responses against what their operation declares, beyond method, path
//! and status ([`super::operation`]): the headers a request needs (`example-header`: a JSON
//! body without `Content-Type`, a required declared header left out), the body's properties
//! (`example-property`: a required property missing, a read-only one sent), the response's
//! `@odata.context` (`odata-context`: another service root or version, `$entity` on a
//! collection) and near-GUIDs (`value-syntax`: a GUID a digit short or long).

use super::examples::Body;
use super::finding::{Finding, Place, Rule};
use super::json_locate::escape;
use crate::spec::values::{embedded_datetimes, near_guids};
use crate::spec::{Operation, Schema, TypeRef, JSON_MEDIA_TYPE};
use serde_json::Value;

/// Headers an example may leave out although the operation requires them: credentials, which
/// documentation never shows (every Graph example omits `Authorization`).
const CREDENTIAL_HEADERS: &[&str] = &["authorization", "cookie", "proxy-authorization"];

/// The place of example field `field` (`headers`, `request`, `url`) of example `index`: the
/// first `field:` after the example's id, or the id itself.
fn field_place<'a>(op: &'a Operation, index: usize, field: &str) -> Place<'a> {
    let id = &op.spec.examples[index].id;
    let line = id.referenced.line() as usize;
    let start: usize =
        op.source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let next_example = op.spec.examples.get(index + 1).map_or(op.source.len(), |e| {
        let l = e.id.referenced.line() as usize;
        op.source.split_inclusive('\n').take(l.saturating_sub(1)).map(str::len).sum()
    });
    let needle = format!("{field}:");
    let offset = op.source[start..next_example.max(start)]
        .find(&needle)
        .map_or(start + id.referenced.column().saturating_sub(1) as usize, |i| start + i);
    Place::at_offset(&op.file, &op.source, offset)
}

/// `example-header` for every example of `op`.
pub fn check_headers(op: &Operation, out: &mut Vec<Finding>) {
    let media = op.spec.request_body.as_ref().map_or(JSON_MEDIA_TYPE, |b| b.media_type());
    for (i, ex) in op.examples.iter().enumerate() {
        let sent = |name: &str| {
            ex.request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
        };
        if ex.request.body.is_some() {
            match sent("content-type") {
                None => out.push(Finding::new(
                    Rule::ExampleHeader,
                    field_place(op, i, if ex.request.headers.is_empty() { "request" } else { "headers" }),
                    format!("example `{}` sends a JSON body without a `Content-Type` header (the service answers 415)", ex.id),
                    ex.id.clone(),
                    format!("add `Content-Type: {media}` to the example's request headers"),
                )),
                Some(v) if !media_matches(v, media) => out.push(Finding::new(
                    Rule::ExampleHeader,
                    header_place(op, i, "Content-Type", v),
                    format!("example `{}` sends `Content-Type: {v}` but the operation takes `{media}`", ex.id),
                    v.clone(),
                    format!("send `Content-Type: {media}`"),
                )),
                Some(_) => {}
            }
        }
        for h in op.spec.request_headers.iter().filter(|h| h.required) {
            let credential = CREDENTIAL_HEADERS.contains(&h.name.to_ascii_lowercase().as_str());
            let content_type = h.name.eq_ignore_ascii_case("content-type");
            if credential || (content_type && ex.request.body.is_some()) || sent(&h.name).is_some()
            {
                continue;
            }
            out.push(Finding::new(
                Rule::ExampleHeader,
                field_place(
                    op,
                    i,
                    if ex.request.headers.is_empty() { "request" } else { "headers" },
                ),
                format!("example `{}` leaves out the required header `{}`", ex.id, h.name),
                h.name.clone(),
                format!("add `{}: {}` to the example's request headers", h.name, h.value),
            ));
        }
    }
}

/// True when a `Content-Type` value names media type `media` (parameters such as `charset`
/// ignored, case-insensitive).
fn media_matches(value: &str, media: &str) -> bool {
    let main = value.split(';').next().unwrap_or_default().trim();
    main.eq_ignore_ascii_case(media)
        || (media.ends_with("/*") && main.starts_with(&media[..media.len() - 1]))
}

/// The place of header `name` with value `value` in example `index`.
fn header_place<'a>(op: &'a Operation, index: usize, name: &str, value: &str) -> Place<'a> {
    let at = field_place(op, index, "headers");
    let start: usize = op.source.split_inclusive('\n').take(at.line - 1).map(str::len).sum();
    let lower = op.source[start..].to_ascii_lowercase();
    let needle = format!("{}:", name.to_ascii_lowercase());
    match lower.find(&needle) {
        Some(i) => {
            let from = start + i + needle.len();
            let v = op.source[from..].find(value).filter(|j| *j < 8).map_or(from, |j| from + j);
            Place::at_offset(&op.file, &op.source, v)
        }
        None => at,
    }
}

/// `example-property` for a request body of root type `root`: the properties the spec's
/// body table marks required (not `optional`) must be sent, and no property the schema
/// marks `read_only` may be (at any depth).
pub fn check_properties(
    op: &Operation,
    schema: &Schema,
    body: &Body,
    root: &str,
    out: &mut Vec<Finding>,
) {
    let Value::Object(map) = body.value else { return };
    let Some(spec_body) = &op.spec.request_body else { return };
    let patch = op.spec.method.as_str().eq_ignore_ascii_case("PATCH");
    if !patch {
        let missing: Vec<&str> = spec_body
            .properties
            .iter()
            .filter(|p| !p.optional && !map.contains_key(&p.name.value))
            .map(|p| p.name.value.as_str())
            .collect();
        for name in missing {
            out.push(Finding::new(
                Rule::ExampleProperty,
                body.place("", None),
                format!("example `{}` leaves out `{name}`, which the request body requires (the service answers 400)", body.example),
                name,
                format!("send `{name}`, or mark it `optional: true` in the spec's request_body"),
            ));
        }
    }
    read_only(schema, body, &TypeRef::parse(root), body.value, "", out);
}

/// Reports every read-only property sent in `v` (of type `t`).
fn read_only(
    schema: &Schema,
    body: &Body,
    t: &TypeRef,
    v: &Value,
    ptr: &str,
    out: &mut Vec<Finding>,
) {
    match v {
        Value::Array(items) => {
            let elem = TypeRef { name: t.name.clone(), collection: false };
            for (i, item) in items.iter().enumerate() {
                read_only(schema, body, &elem, item, &format!("{ptr}/{i}"), out);
            }
        }
        Value::Object(map) => {
            let mut actual = t.name.as_str();
            if let Some(ot) = map.get("@odata.type").and_then(Value::as_str) {
                actual = schema.resolve_odata_type(ot).unwrap_or(actual);
            }
            for (key, child) in map.iter().filter(|(k, _)| !k.contains('@')) {
                let Some(p) = schema.property(actual, key) else { continue };
                let cptr = format!("{ptr}/{}", escape(key));
                if p.read_only {
                    out.push(Finding::new(
                        Rule::ExampleProperty,
                        body.place(&cptr, None),
                        format!("example `{}` sends `{key}`, which `{actual}` declares read-only (set by the service)", body.example),
                        key.clone(),
                        format!("leave `{key}` out of the request"),
                    ));
                } else {
                    read_only(schema, body, &TypeRef::parse(&p.type_expr), child, &cptr, out);
                }
            }
        }
        _ => {}
    }
}

/// `odata-context` of one response body: the annotation names the request's service root
/// and version, and `$entity` only for a single entity (a body with a `value` array is a
/// collection).
pub fn check_context(op: &Operation, index: usize, body: &Body, out: &mut Vec<Finding>) {
    let Some(Value::String(ctx)) = body.value.get("@odata.context") else { return };
    let ex = &op.examples[index];
    let mut report = |what: String, hint: &str| {
        out.push(Finding::new(
            Rule::OdataContext,
            body.place("/@odata.context", Some(ctx)),
            format!("example `{}`: `@odata.context` {what}", body.example),
            ctx.clone(),
            hint,
        ))
    };
    let Some((root, fragment)) = ctx.split_once("$metadata#") else {
        return report(
            "has no `$metadata#` fragment".into(),
            "write <service root>/$metadata#<entity set>[/$entity]",
        );
    };
    if let Some(service) = service_root(&ex.request.url) {
        if !root.eq_ignore_ascii_case(&format!("{service}/")) {
            return report(
                format!("names the service root `{}` but the request goes to `{service}/`", root),
                "use the request's service root and version",
            );
        }
    }
    // The entity set is not compared with the path: Graph answers a navigation or a type cast
    // with the set of the result's type (`/groups/{id}/members/microsoft.graph.user` ->
    // `#users(...)`), so only the service root and the shape are checked.
    let is_collection = body.value.get("value").is_some_and(Value::is_array);
    let entity = fragment.ends_with("/$entity");
    if entity && is_collection {
        report(
            "says `$entity` but the body is a collection (`value`)".into(),
            "drop `/$entity` for a collection",
        );
    }
}

/// `https://host/v1.0` of an absolute request URL (scheme, host and the version segment when
/// there is one), `None` for a path.
fn service_root(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let after = &rest[host.len()..];
    let version = ["/v1.0", "/beta"]
        .into_iter()
        .find(|v| after.starts_with(&format!("{v}/")) || after == *v)?;
    Some(format!("{scheme}://{host}{version}"))
}

/// `value-syntax` for near-GUIDs anywhere in a body.
pub fn check_near_guids(body: &Body, v: &Value, ptr: &str, out: &mut Vec<Finding>) {
    match v {
        Value::String(s) => {
            for run in near_guids(s) {
                let digits: Vec<String> = run.split('-').map(|p| p.len().to_string()).collect();
                out.push(Finding::new(
                    Rule::ValueSyntax,
                    body.place(ptr, Some(run)),
                    format!("example `{}`: `{run}` is a GUID with a digit too few or too many ({} instead of 8-4-4-4-12)", body.example, digits.join("-")),
                    run,
                    "a GUID has 8-4-4-4-12 hex digits",
                ));
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| check_near_guids(body, x, &format!("{ptr}/{i}"), out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, x)| check_near_guids(body, x, &format!("{ptr}/{}", escape(k)), out)),
        _ => {}
    }
}

/// Pushes `f` unless a finding of its rule is already at its place.
fn push_once(out: &mut Vec<Finding>, f: Finding) {
    if !out
        .iter()
        .any(|o| o.rule == f.rule && o.file == f.file && o.line == f.line && o.column == f.column)
    {
        out.push(f);
    }
}

/// `value-syntax` for date-times inside strings anywhere in a body.
pub fn check_embedded_datetimes(body: &Body, v: &Value, ptr: &str, out: &mut Vec<Finding>) {
    match v {
        Value::String(s) => {
            for (dt, problem) in embedded_datetimes(s) {
                push_once(
                    out,
                    Finding::new(
                        Rule::ValueSyntax,
                        body.place(ptr, Some(dt)),
                        format!("example `{}`: {problem}", body.example),
                        dt,
                        "write YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)",
                    ),
                );
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| check_embedded_datetimes(body, x, &format!("{ptr}/{i}"), out)),
        Value::Object(map) => map.iter().for_each(|(k, x)| {
            check_embedded_datetimes(body, x, &format!("{ptr}/{}", escape(k)), out)
        }),
        _ => {}
    }
}

/// Near-GUIDs, GUID-shaped runs with non-hex letters and date-times that are not ISO 8601 in
/// an example's request URL (`users('8b081ef6-4792-4def-b2c9-c363a1bf41d')`).
pub fn check_url(op: &Operation, index: usize, out: &mut Vec<Finding>) {
    let url = &op.examples[index].request.url;
    let id = &op.examples[index].id;
    let at = field_place(op, index, "url");
    let start: usize = op.source.split_inclusive('\n').take(at.line - 1).map(str::len).sum();
    let place_of = |run: &str| match op.source[start..].find(run) {
        Some(i) => Place::at_offset(&op.file, &op.source, start + i),
        None => at,
    };
    let mut found: Vec<(&str, String, &str)> = Vec::new();
    for run in near_guids(url) {
        found.push((
            run,
            format!("`{run}` in the URL is a GUID with a digit too few or too many"),
            "a GUID has 8-4-4-4-12 hex digits",
        ));
    }
    for run in super::examples::guid_shaped_runs(url).filter(|r| !super::examples::is_guid(r)) {
        found.push((
            run,
            format!("`{run}` in the URL is shaped like a GUID but has non-hex characters"),
            "a GUID has hex digits 0-9 and a-f only",
        ));
    }
    for (dt, problem) in embedded_datetimes(url) {
        found.push((
            dt,
            format!("{problem} (in the URL)"),
            "write YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)",
        ));
    }
    for (run, message, hint) in found {
        out.push(Finding::new(
            Rule::ValueSyntax,
            place_of(run),
            format!("example `{id}`: {message}"),
            run,
            hint,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_guids_are_a_digit_off_in_one_group() {
        let got: Vec<&str> = near_guids("users('8b081ef6-4792-4def-b2c9-c363a1bf41d')").collect();
        assert_eq!(got, vec!["8b081ef6-4792-4def-b2c9-c363a1bf41d"]);
        assert_eq!(near_guids("8b081ef6-4792-4def-b2c9-c363a1bf41d5").count(), 0);
        assert_eq!(near_guids("8b081ef6f-4792-4def-b2c9-c363a1bf41d5").count(), 1);
        assert_eq!(near_guids("2020-12-04-10-11").count(), 0);
        assert_eq!(near_guids("b081ef6-4792-4def-b2c9-c363a1bf41d").count(), 0, "two groups off");
    }

    #[test]
    fn service_roots_keep_the_version() {
        assert_eq!(
            service_root("https://graph.microsoft.com/v1.0/chats").as_deref(),
            Some("https://graph.microsoft.com/v1.0")
        );
        assert_eq!(
            service_root("https://graph.microsoft.com/beta").as_deref(),
            Some("https://graph.microsoft.com/beta")
        );
        assert_eq!(service_root("https://api.stripe.com/v1/x"), None);
        assert!(media_matches("application/json; charset=utf-8", "application/json"));
        assert!(!media_matches("text/plain", "application/json"));
    }
}
