//! Generated examples: a deterministic request (and response) for an operation the document
//! gives no example for, valid against the imported schema: required properties plus the
//! first two optional ones, read-only properties left out of requests, bounded depth.

use super::document::escape_token;
use super::openapi::{reason, BodyKind, Importer, Param};
use serde_json::{json, Map, Value};

/// Depth below which only required properties are filled.
const FULL_DEPTH: usize = 2;
/// Depth at which nesting stops.
const MAX_DEPTH: usize = 5;

/// (example id, English title, example spec value).
pub fn generate(
    imp: &Importer,
    method: &str,
    path: &str,
    params: &[Param],
    body: Option<&BodyKind>,
    responses: &[Value],
    base: &str,
) -> (String, String, Value) {
    let (path, fixed) = path.split_once('?').unwrap_or((path, ""));
    // A pair of the path key's query whose value is a query parameter's placeholder
    // (`lat={lat}`) is sent with that parameter's example value instead.
    let placeholder = |q: &str| {
        params.iter().any(|p| p.location == "query" && q == format!("{0}={{{0}}}", p.name))
    };
    let query: Vec<String> = fixed
        .split('&')
        .filter(|q| !q.is_empty() && !placeholder(q))
        .map(String::from)
        .chain(params.iter().filter(|p| p.location == "query" && p.required).map(|p| {
            format!("{}={}", p.name, scalar_text(p.example.as_ref(), imp.resolved(&p.schema)))
        }))
        .collect();
    let mut url = format!("{base}{path}");
    // An unquoted function argument (`itemAt(index={index})`) of a number, Boolean, date or date-time
    // type gets a typed value: `{index}` is no Int32, and the SDKs take such arguments typed.
    for p in params.iter().filter(|p| p.location == "path") {
        let schema = imp.resolved(&p.schema);
        let kind = schema.get("type").and_then(Value::as_str);
        let value = match (kind, schema.get("format").and_then(Value::as_str)) {
            (Some("integer" | "number" | "boolean"), _) => scalar_text(p.example.as_ref(), schema),
            (Some("string"), Some("date-time")) => "2024-01-01T00:00:00Z".to_string(),
            (Some("string"), Some("date")) => "2024-01-01".to_string(),
            _ => continue,
        };
        url = url.replace(&format!("={{{}}}", p.name), &format!("={value}"));
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    let mut request = Map::new();
    request.insert("method".into(), json!(method.to_ascii_uppercase()));
    request.insert("url".into(), json!(url));
    let mut headers = Map::new();
    for p in params.iter().filter(|p| p.location == "header" && p.required) {
        headers.insert(
            p.name.clone(),
            json!(scalar_text(p.example.as_ref(), imp.resolved(&p.schema))),
        );
    }
    let mut from_document = false;
    let mut body_text = None;
    let mut sent: Option<(String, Value)> = None;
    match body {
        Some(BodyKind::Json(type_name, doc_example)) => {
            headers.insert("Content-Type".into(), json!("application/json"));
            let value = match doc_example {
                Some(v) if v.is_object() => {
                    from_document = true;
                    v.clone()
                }
                _ => value_of(imp, type_name, 0, true),
            };
            body_text = Some(pretty(&value));
            sent = Some((type_name.clone(), value));
        }
        Some(BodyKind::Other(media)) => {
            headers.insert("Content-Type".into(), json!(media));
        }
        None => {}
    }
    if !headers.is_empty() {
        request.insert("headers".into(), Value::Object(headers));
    }
    let mut response_value = None;
    let success = responses.iter().find(|r| {
        r.get("status").and_then(Value::as_str).is_some_and(|s| s.starts_with(['1', '2', '3']))
    });
    if let Some(t) = success.and_then(|r| r.get("type")).and_then(Value::as_str) {
        let value = match t.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => json!({ "value": [value_of(imp, inner, 1, false)] }),
            None => {
                let mut value = value_of(imp, t, 0, false);
                if let Some((req_type, req)) = sent.as_mut() {
                    agree(imp, (req_type, req), (t, &mut value), from_document);
                    if !from_document {
                        body_text = Some(pretty(req));
                    }
                }
                value
            }
        };
        response_value = Some(value);
    }
    if let Some(text) = body_text {
        request.insert("body".into(), json!(text));
    }
    let mut response = Map::new();
    let status = success
        .and_then(|r| r.get("status").and_then(Value::as_str))
        .map_or_else(|| format!("200 {}", reason(200)), String::from);
    response.insert("status".into(), json!(status));
    if let Some(value) = response_value {
        response.insert("headers".into(), json!({"Content-Type": "application/json"}));
        response.insert("body".into(), json!(pretty(&value)));
    }
    let (id, title) = if from_document {
        ("openapi", "Example request from the API description")
    } else {
        ("generated", "Example request (generated from the schema)")
    };
    let spec = json!({ "id": id, "request": request, "response": response });
    (id.to_string(), title.to_string(), spec)
}

/// Makes a generated exchange agree: every top-level scalar the request sends and the response
/// (of the same JSON kind) repeats gets one value, the request's when the response's schema
/// allows it (its enum or allowed values), else the response's when the request's schema
/// takes any value and the request is generated (`from_document` requests stay as written).
/// The example is one exchange, so the response answers what was sent (`check`'s
/// `response-agreement`), not independent schema values.
fn agree(imp: &Importer, req: (&str, &mut Value), resp: (&str, &mut Value), from_document: bool) {
    let (Value::Object(rq), Value::Object(rs)) = (req.1, resp.1) else { return };
    let kind = |v: &Value| std::mem::discriminant(v);
    let allowed = |t: &str, key: &str| {
        imp.all_properties(t).into_iter().find(|(p, _)| p.name == key).and_then(|(p, _)| {
            p.values.clone().or_else(|| imp.types.get(&p.type_expr).and_then(|d| d.members.clone()))
        })
    };
    let in_list = |list: Option<Vec<String>>, v: &Value| {
        list.is_none_or(|a| v.as_str().is_some_and(|v| a.iter().any(|x| x == v)))
    };
    // A value fits type `t`'s property `key` when it is one of its allowed values and of its
    // type (an integer for Int32: `1.5` is a number, but not one).
    let takes = |t: &str, key: &str, v: &Value| {
        let prop = imp.all_properties(t).into_iter().find(|(p, _)| p.name == key);
        let typed = prop.is_none_or(|(p, _)| misfit(imp, &p.type_expr, v, "", 0).is_none());
        typed && in_list(allowed(t, key), v)
    };
    let mut apart = Vec::new();
    for (key, sent) in rq.iter_mut().filter(|(_, v)| !v.is_object() && !v.is_array()) {
        let Some(answered) = rs.get_mut(key) else { continue };
        if answered.is_object() || answered.is_array() || answered == sent {
            continue;
        }
        let same_kind = kind(answered) == kind(sent);
        if same_kind && takes(resp.0, key, sent) {
            *answered = sent.clone();
        } else if same_kind && !from_document && takes(req.0, key, answered) {
            *sent = answered.clone();
        } else {
            apart.push(key.clone());
        }
    }
    // A property the two types give values that cannot be equal (a string sent, a Boolean
    // answered) is left out of the side that does not require it.
    let required =
        |t: &str, key: &str| imp.all_properties(t).iter().any(|(p, r)| *r && p.name == key);
    for key in apart {
        if !required(resp.0, &key) {
            rs.remove(&key);
        } else if !from_document && !required(req.0, &key) {
            rq.remove(&key);
        }
    }
}

/// The base URL of a server object: its `url` with each `{variable}` replaced by its default;
/// a scheme-relative URL (`//host/v1`) gets `https:`; a relative URL (`/api/v3`) is placed
/// under `https://api.example.com`, as is a URL that is missing or not http(s).
pub fn server_base(server: Option<&Value>) -> String {
    const HOST: &str = "https://api.example.com";
    let Some(url) = server.and_then(|s| s.get("url")).and_then(Value::as_str) else {
        return HOST.into();
    };
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let default = server
            .and_then(|s| s.pointer(&format!("/variables/{}/default", escape_token(name))))
            .map(|d| d.as_str().map_or_else(|| d.to_string(), String::from));
        out.push_str(&default.unwrap_or_else(|| name.to_string()));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    let out = out.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
    // A scheme-relative URL (`//api.example.org/v1`) takes the scheme of the page that loads
    // the document; an API reference is served over https.
    let scheme_relative = out.strip_prefix("//").filter(|host| !host.starts_with('/'));
    let out = &scheme_relative.map_or_else(|| out.to_string(), |host| format!("https://{host}"));
    if out.starts_with("http://") || out.starts_with("https://") {
        out.replace(' ', "%20")
    } else if out.starts_with('/') {
        format!("{HOST}{out}")
    } else {
        HOST.into()
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// A parameter's value in an example request: the document's example unless `check` would
/// refuse it (`value-syntax`: `2022-10-01 21:15`, a GUID a digit short), else the first enum
/// member, else a value of its type.
fn scalar_text(example: Option<&Value>, schema: &Value) -> String {
    if let Some(e) = example.filter(|e| !e.is_object() && !e.is_array()) {
        let text = e.as_str().map_or_else(|| e.to_string(), String::from);
        if crate::spec::values::string_syntax_problem(&text).is_none() {
            return text;
        }
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.as_str().map_or_else(|| first.to_string(), String::from);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") | Some("number") => "1".into(),
        Some("boolean") => "true".into(),
        _ => "value".into(),
    }
}

/// A value of the type expression `t`.
fn value_of(imp: &Importer, t: &str, depth: usize, request: bool) -> Value {
    if let Some(inner) = t.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
        return json!([value_of(imp, inner, depth + 1, request)]);
    }
    match t {
        "String" => json!("string"),
        "Boolean" => json!(true),
        "Int32" | "Int64" => json!(1),
        "Double" => json!(1.5),
        "DateTimeOffset" => json!("2024-01-01T00:00:00Z"),
        "Date" => json!("2024-01-01"),
        "Guid" => json!("00000000-0000-0000-0000-000000000000"),
        "Binary" => json!("AAAA"),
        "Duration" => json!("PT1H"),
        "Untyped" => json!({}),
        name => object_of(imp, name, depth, request),
    }
}

fn object_of(imp: &Importer, name: &str, depth: usize, request: bool) -> Value {
    let Some(t) = imp.types.get(name) else { return json!({}) };
    if let Some(members) = &t.members {
        return json!(members.first().cloned().unwrap_or_default());
    }
    let mut out = Map::new();
    if depth >= MAX_DEPTH {
        return Value::Object(out);
    }
    let mut optional_left = if depth < FULL_DEPTH { 2 } else { 0 };
    for (prop, required) in imp.all_properties(name) {
        // Annotations (`@odata.type`, declared by Graph's schemas as strings) name types, not
        // data: a generated example leaves them to the snippet generators' defaults.
        if (request && prop.read_only) || prop.name.starts_with('@') {
            continue;
        }
        if !required {
            if optional_left == 0 {
                continue;
            }
            optional_left -= 1;
        }
        let value = match &prop.values {
            Some(v) if !v.is_empty() && prop.type_expr == "String" => json!(v[0]),
            Some(v) if !v.is_empty() => json!([v[0]]),
            _ => value_of(imp, &prop.type_expr, depth + 1, request),
        };
        out.insert(prop.name.clone(), value);
    }
    Value::Object(out)
}

/// Where a document's example `value` does not fit type `ty` (a JSON pointer below `at` and
/// what is wrong), the way the snippet generators read it: numbers for `Int32`, `Int64` and
/// `Double`, `true`/`false` for `Boolean`, strings for the other primitives and for enum
/// members, arrays for `Collection(T)`, objects for structured types (their known properties
/// checked, other keys left alone). `null` fits anything; unknown types fit anything.
pub fn misfit(imp: &Importer, ty: &str, value: &Value, at: &str, depth: usize) -> Option<String> {
    if value.is_null() || depth > 32 || ty == crate::spec::schema::UNTYPED {
        return None;
    }
    if let Some(inner) = ty.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
        let Value::Array(items) = value else { return Some(wrong(at, ty, value)) };
        return items
            .iter()
            .enumerate()
            .find_map(|(i, item)| misfit(imp, inner, item, &format!("{at}/{i}"), depth + 1));
    }
    let fits = match ty {
        "Int32" | "Int64" => value.is_i64() || value.is_u64(),
        "Double" => value.is_number(),
        "Boolean" => value.is_boolean(),
        // `check` reads these two by their syntax too (`value-syntax`).
        "Guid" => value.as_str().is_some_and(crate::spec::values::is_guid),
        "DateTimeOffset" => value.as_str().is_some_and(crate::spec::values::is_iso8601),
        "String" | "Date" | "Duration" | "Binary" => value.is_string(),
        _ => match imp.types.get(ty) {
            Some(t) if t.members.is_some() => {
                let members = t.members.as_deref().unwrap_or_default();
                value.as_str().map_or(value.is_number(), |s| members.iter().any(|m| m == s))
            }
            Some(_) => {
                let Value::Object(map) = value else { return Some(wrong(at, ty, value)) };
                return object_misfit(imp, ty, map, at, depth);
            }
            None => true,
        },
    };
    (!fits).then(|| wrong(at, ty, value))
}

/// The first string of `value` (at JSON pointer `at`) whose syntax `check` refuses (a
/// GUID-shaped run with non-hex characters, a date-time `2019-07-05T11:05:00+0000`), said.
pub fn syntax_misfit(value: &Value, at: &str) -> Option<String> {
    match value {
        Value::String(s) => crate::spec::values::string_syntax_problem(s)
            .map(|problem| format!("`{}`: {problem}", if at.is_empty() { "/" } else { at })),
        Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, x)| syntax_misfit(x, &format!("{at}/{i}")))
        }
        Value::Object(map) => {
            map.iter().find_map(|(k, x)| syntax_misfit(x, &format!("{at}/{}", escape_token(k))))
        }
        _ => None,
    }
}

/// [`misfit`] of an object of structured type `ty`: a key that is not a property (unless the
/// type is a map, has derived types, or the object names its type with `@odata.type`), a
/// `null` property that is
/// not nullable, a required (not read-only) property left out, or a property value that does
/// not fit.
fn object_misfit(
    imp: &Importer,
    ty: &str,
    map: &Map<String, Value>,
    at: &str,
    depth: usize,
) -> Option<String> {
    let props = imp.all_properties(ty);
    let is_map = imp.types.get(ty).is_some_and(|t| t.additional.is_some());
    // A value of a type others derive from may be one of them (`@odata.type`, a
    // discriminator): its other keys may be theirs.
    let open = is_map
        || map.keys().any(|k| k.starts_with('@'))
        || imp.types.values().any(|t| t.base.as_deref() == Some(ty));
    for (key, v) in map {
        let key_at = format!("{at}/{}", escape_token(key));
        let Some((p, _)) = props.iter().find(|(p, _)| &p.name == key) else {
            // A map's value is of its value type, as `check` reads it.
            let values = imp.types.get(ty).and_then(|t| t.additional.as_deref());
            if let Some(problem) = values.and_then(|t| misfit(imp, t, v, &key_at, depth + 1)) {
                return Some(problem);
            }
            if open || key.contains('@') {
                continue;
            }
            return Some(format!("`{key_at}` is not a property of {ty}"));
        };
        if v.is_null() && !p.nullable {
            return Some(format!("`{key_at}` is null but not nullable"));
        }
        // Document examples are requests: the service sets a read-only property.
        if p.read_only {
            return Some(format!("`{key_at}` is read-only"));
        }
        if let Some(problem) = misfit(imp, &p.type_expr, v, &key_at, depth + 1) {
            return Some(problem);
        }
        if let (Some(allowed), Some(s)) = (&p.values, v.as_str()) {
            if !allowed.iter().any(|a| a == s) {
                return Some(format!("`{key_at}` is `{s}`, not one of its allowed values"));
            }
        }
    }
    let left_out =
        props.iter().find(|(p, required)| *required && !p.read_only && !map.contains_key(&p.name));
    left_out
        .map(|(p, _)| format!("`{}` leaves out `{}`, which {ty} requires", at_or_root(at), p.name))
}

fn at_or_root(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

fn wrong(at: &str, ty: &str, value: &Value) -> String {
    let at = at_or_root(at);
    format!("`{at}` is {} where the schema says {ty}", crate::spec::http::json_kind(value))
}
