//! Example bodies against the schema and against themselves: known properties, JSON types,
//! enum and allowed values, known `@odata.type` (only annotations may be undeclared); GUID and
//! date-time syntax of values; and a response that repeats its request's scalar values.

use super::finding::{Finding, Place, Rule};
use super::json_locate::{escape, Positions};
use crate::spec::http::json_kind;
use crate::spec::schema::UNTYPED;
pub use crate::spec::values::{
    guid_shaped_runs, is_guid, is_iso8601, iso8601_problem, looks_like_datetime,
    untyped_datetime_problem,
};
use crate::spec::{Operation, Schema, TypeRef};
use serde_json::Value;
use serde_saphyr::Spanned;

/// One example body with what is needed to locate findings in the YAML file.
pub struct Body<'a> {
    /// The operation.
    pub op: &'a Operation,
    /// Example id.
    pub example: &'a str,
    /// The block scalar as written.
    pub span: &'a Spanned<String>,
    /// The parsed JSON.
    pub value: &'a Value,
    positions: Positions,
}

impl<'a> Body<'a> {
    /// Wraps a body; positions are scanned once.
    pub fn new(
        op: &'a Operation,
        example: &'a str,
        span: &'a Spanned<String>,
        value: &'a Value,
    ) -> Body<'a> {
        Body { op, example, span, value, positions: Positions::scan(&span.value) }
    }

    /// The YAML place of a JSON pointer, optionally of `needle` at or after it.
    pub fn place(&self, pointer: &str, needle: Option<&str>) -> Place<'a> {
        let text = &self.span.value;
        let mut offset = self.positions.offset(pointer);
        if let Some(n) = needle.and_then(|n| text[offset..].find(n)) {
            offset += n;
        }
        let (line, col) = crate::diag::line_col(text, offset);
        let (line, column) = crate::spec::load::json_position_in_yaml(self.span, line, col);
        Place { file: &self.op.file, source: Some(&self.op.source), line, column }
    }
}

/// The bodies of every example of `op` (request and response), with the root type of each.
pub fn bodies(op: &Operation) -> Vec<(Body<'_>, Option<String>, bool)> {
    let mut out = Vec::new();
    for (spec, ex) in op.spec.examples.iter().zip(&op.examples) {
        let req_type = op.spec.body_type().map(str::to_string);
        if let (Some(span), Some(value)) = (&spec.request.body, &ex.request.body) {
            out.push((Body::new(op, &ex.id, span, value), req_type, true));
        }
        if let (Some(span), Some(value)) = (&spec.response.body, &ex.response.body) {
            out.push((Body::new(op, &ex.id, span, value), response_type(op, spec), false));
        }
    }
    out
}

/// The type an example's response body has: the example's own `type:`, else that of the
/// declared response with the example's status, else that of the main response.
fn response_type(op: &Operation, spec: &crate::spec::ExampleSpec) -> Option<String> {
    if let Some(t) = &spec.response.type_name {
        return Some(t.value.clone());
    }
    let code = crate::spec::status_code(&spec.response.status);
    let declared = op.spec.responses().into_iter().find(|r| r.code() == code);
    declared.or_else(|| op.spec.main_response()).and_then(|r| r.type_expr()).map(str::to_string)
}

/// Schema and value-syntax checks of one body.
pub fn check_body(schema: &Schema, body: &Body, root_type: Option<&str>, out: &mut Vec<Finding>) {
    if let Some(t) = root_type {
        let tr = TypeRef::parse(t);
        let mut walker = Walker { schema, body, out: &mut *out };
        match body.value.get("value") {
            // A collection comes in the OData wrapper: its items are in `value`, the rest
            // (`@odata.context`, `@odata.nextLink`, `@odata.count`) are annotations.
            Some(items) if tr.collection => walker.value(&tr, None, items, "/value"),
            _ if tr.collection => {}
            _ => walker.value(&tr, None, body.value, ""),
        }
    }
    value_syntax(body, body.value, "", out);
}

struct Walker<'w, 'a> {
    schema: &'w Schema,
    body: &'w Body<'a>,
    out: &'w mut Vec<Finding>,
}

impl Walker<'_, '_> {
    fn report(&mut self, rule: Rule, ptr: &str, message: String, text: String, hint: &str) {
        self.report_at(rule, ptr, None, message, text, hint);
    }

    /// Like `report`, pointing at `needle` (a value's text) after the pointer's key.
    fn report_at(
        &mut self,
        rule: Rule,
        ptr: &str,
        needle: Option<&str>,
        message: String,
        text: String,
        hint: &str,
    ) {
        let place = self.body.place(ptr, needle);
        let message = format!("example `{}`: {message}", self.body.example);
        self.out.push(Finding::new(rule, place, message, text, hint));
    }

    fn value(
        &mut self,
        t: &TypeRef,
        prop: Option<&crate::spec::schema::PropertyDef>,
        v: &Value,
        ptr: &str,
    ) {
        if v.is_null() {
            if !prop.is_some_and(|p| p.nullable) && !ptr.is_empty() {
                self.report(
                    Rule::ExampleSchema,
                    ptr,
                    format!("`{ptr}` is null but is not nullable"),
                    "null".into(),
                    "give it a value or leave it out",
                );
            }
            return;
        }
        if t.name == UNTYPED && !t.collection {
            return; // any JSON value
        }
        if t.collection {
            let Value::Array(items) = v else {
                return self.report(
                    Rule::ExampleSchema,
                    ptr,
                    format!(
                        "`{ptr}` must be an array (Collection({})), found {}",
                        t.name,
                        json_kind(v)
                    ),
                    v.to_string(),
                    "use a JSON array",
                );
            };
            let elem = TypeRef { name: t.name.clone(), collection: false };
            for (i, item) in items.iter().enumerate() {
                self.value(&elem, prop, item, &format!("{ptr}/{i}"));
            }
            return;
        }
        if t.is_primitive() {
            return self.primitive(&t.name, prop, v, ptr);
        }
        if let Some(members) = self.schema.get(&t.name).and_then(|d| d.members.as_ref()) {
            if !v.as_str().is_some_and(|s| members.iter().any(|m| m == s)) {
                let needle = v.to_string();
                self.report_at(
                    Rule::ExampleSchema,
                    ptr,
                    Some(&needle),
                    format!("{} is not a member of enum `{}` ({})", v, t.name, members.join(", ")),
                    v.to_string(),
                    "use one of the enum members",
                );
            }
            return;
        }
        self.object(&t.name, v, ptr);
    }

    fn primitive(
        &mut self,
        name: &str,
        prop: Option<&crate::spec::schema::PropertyDef>,
        v: &Value,
        ptr: &str,
    ) {
        let ok = match name {
            "Boolean" => v.is_boolean(),
            "Int32" | "Int64" => v.is_i64() || v.is_u64(),
            "Double" => v.is_number(),
            _ => v.is_string(),
        };
        if !ok {
            return self.report(
                Rule::ExampleSchema,
                ptr,
                format!("`{ptr}` must be {name}, found {}", json_kind(v)),
                v.to_string(),
                "use the JSON type the schema declares",
            );
        }
        let s = v.as_str().unwrap_or_default();
        if let Some(problem) = (name == "DateTimeOffset").then(|| iso8601_problem(s)).flatten() {
            self.report_at(
                Rule::ValueSyntax,
                ptr,
                Some(s),
                problem,
                s.into(),
                "write YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)",
            );
        }
        if name == "Guid" && !is_guid(s) {
            self.report_at(
                Rule::ValueSyntax,
                ptr,
                Some(s),
                format!("`{s}` is not a GUID"),
                s.into(),
                "write 8-4-4-4-12 hex digits",
            );
        }
        if let Some(allowed) = prop.and_then(|p| p.values.as_ref()) {
            if !allowed.iter().any(|a| a == s) {
                self.report_at(
                    Rule::ExampleSchema,
                    ptr,
                    Some(s),
                    format!("`{s}` is not an allowed value ({})", allowed.join(", ")),
                    s.into(),
                    "use one of the values the schema allows",
                );
            }
        }
    }

    fn object(&mut self, declared: &str, v: &Value, ptr: &str) {
        let Value::Object(map) = v else {
            return self.report(
                Rule::ExampleSchema,
                ptr,
                format!("`{ptr}` must be an object of type `{declared}`, found {}", json_kind(v)),
                v.to_string(),
                "use a JSON object",
            );
        };
        let mut actual = declared.to_string();
        match map.get("@odata.type") {
            Some(Value::String(ot)) => match self.schema.resolve_odata_type(ot) {
                Some(t) if self.schema.derives_from(t, declared) => actual = t.to_string(),
                Some(t) => self.report(
                    Rule::ExampleSchema,
                    &format!("{ptr}/@odata.type"),
                    format!("`{ot}` (`{t}`) does not derive from `{declared}`"),
                    ot.clone(),
                    "name a type derived from the declared one",
                ),
                None => self.report(
                    Rule::ExampleSchema,
                    &format!("{ptr}/@odata.type"),
                    format!("`{ot}` is not a type of the schema"),
                    ot.clone(),
                    "name a type declared in content/schema",
                ),
            },
            Some(other) => self.report(
                Rule::ExampleSchema,
                &format!("{ptr}/@odata.type"),
                "`@odata.type` must be a string".into(),
                other.to_string(),
                "write \"#namespace.type\"",
            ),
            None if self.schema.get(declared).is_some_and(|d| d.is_abstract) && !ptr.is_empty() => {
                self.report(
                    Rule::ExampleSchema,
                    ptr,
                    format!("`{declared}` is abstract: the object needs an `@odata.type`"),
                    String::new(),
                    "add \"@odata.type\" naming a derived type",
                )
            }
            None => {}
        }
        for (key, child) in map {
            let cptr = format!("{ptr}/{}", escape(key));
            if let Some(at) = key.find('@') {
                let annotation = &key[at..];
                if !annotation.starts_with("@odata.") {
                    self.report(
                        Rule::ExampleSchema,
                        &cptr,
                        format!("`{key}` is not an OData annotation"),
                        key.clone(),
                        "only `@odata.*` annotations may be undeclared",
                    );
                }
                continue;
            }
            match self.schema.property(&actual, key) {
                Some(p) => {
                    let t = TypeRef::parse(&p.type_expr);
                    self.value(&t, Some(p), child, &cptr);
                }
                None if self.schema.additional_properties(&actual).is_some() => {
                    let values = self.schema.additional_properties(&actual).unwrap_or_default();
                    self.value(&TypeRef::parse(values), None, child, &cptr);
                }
                None => self.report(
                    Rule::ExampleSchema,
                    &cptr,
                    format!("`{key}` is not a property of `{actual}`"),
                    key.clone(),
                    "declare it in content/schema or fix the name",
                ),
            }
        }
    }
}

/// GUID-shaped values must be hex; date-time-shaped values must be ISO 8601.
fn value_syntax(body: &Body, v: &Value, ptr: &str, out: &mut Vec<Finding>) {
    match v {
        Value::String(s) => {
            for run in guid_shaped_runs(s) {
                if !is_guid(run) {
                    let bad: String =
                        run.chars().filter(|c| *c != '-' && !c.is_ascii_hexdigit()).collect();
                    out.push(Finding::new(Rule::ValueSyntax, body.place(ptr, Some(run)), format!("example `{}`: `{run}` is shaped like a GUID but has non-hex characters `{bad}`", body.example), run, "a GUID has hex digits 0-9 and a-f only"));
                }
            }
            let problem = looks_like_datetime(s).then(|| untyped_datetime_problem(s)).flatten();
            if let Some(problem) = problem {
                out.push(Finding::new(
                    Rule::ValueSyntax,
                    body.place(ptr, Some(s)),
                    format!("example `{}`: {problem}", body.example),
                    s.clone(),
                    "write YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)",
                ));
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| value_syntax(body, x, &format!("{ptr}/{i}"), out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, x)| value_syntax(body, x, &format!("{ptr}/{}", escape(k)), out)),
        _ => {}
    }
}

/// The response repeats every top-level scalar the request sent (annotations excepted).
pub fn check_agreement(req: &Body, resp: &Body, out: &mut Vec<Finding>) {
    let (Value::Object(rq), Value::Object(rs)) = (req.value, resp.value) else { return };
    for (key, sent) in rq {
        if key.contains('@') || sent.is_array() || sent.is_object() {
            continue;
        }
        if let Some(got) = rs.get(key) {
            // A value sent as an id and answered as the object it names (`"tree": "sha"` ->
            // `"tree": {...}`) is not a disagreement; a scalar (`null` too) answered is.
            let expanded = got.is_object() || got.is_array();
            if !expanded && got != sent {
                let ptr = format!("/{}", escape(key));
                out.push(Finding::new(Rule::ResponseAgreement, resp.place(&ptr, None), format!("example `{}`: the response has `{key}` = {got} but the request sent {sent}", resp.example), got.to_string(), "make the response agree with the request it answers"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_and_datetime_syntax() {
        assert!(is_guid("8ba98af6-7fc2-4eb2-c7f2-aef9f21fd98a"));
        assert!(!is_guid("8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g"));
        let runs: Vec<&str> =
            guid_shaped_runs("users('8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g')").collect();
        assert_eq!(runs, vec!["8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g"]);
        assert!(is_iso8601("2020-12-04T23:10:28.51Z"));
        assert!(is_iso8601("2020-12-04T23:10:28+01:00"));
        assert!(!is_iso8601("2020-13-04T23:10:28Z"));
        assert!(!is_iso8601("2020-12-04 23:10:28Z"));
        assert!(!is_iso8601("2020-12-04T23:10:28"));
        // A real calendar (jiff): days that do not exist, hours and offsets out of range.
        assert!(!is_iso8601("2021-02-31T10:00:00Z"));
        assert!(!is_iso8601("2021-02-29T10:00:00Z"));
        assert!(is_iso8601("2020-02-29T10:00:00Z"));
        // Untyped strings (Graph's dateTimeTimeZone.dateTime) may be local date-times.
        assert_eq!(untyped_datetime_problem("2017-04-15T12:00:00"), None);
        assert_eq!(untyped_datetime_problem("2017-04-15T12:00:00.0000000"), None);
        assert!(untyped_datetime_problem("2017-02-30T12:00:00").is_some());
        assert!(untyped_datetime_problem("2017-04-15T12:00").is_some());
        assert!(untyped_datetime_problem("2017-04-15T12:00:00+25:00").is_some());
        assert!(!is_iso8601("2021-04-31T10:00:00Z"));
        assert!(!is_iso8601("2021-01-01T25:00:00Z"));
        assert!(!is_iso8601("2021-01-01T10:60:00Z"));
        assert!(!is_iso8601("2021-01-01T10:00:00+24:00"));
        assert!(!is_iso8601("2021-01-01T10:00:00+05:60"));
        assert!(is_iso8601("2016-12-31T23:59:60Z"));
        // .NET's DateTimeOffset.MaxValue and MinValue, as Graph examples hold them.
        assert!(is_iso8601("9999-12-31T23:59:59.9999999Z"));
        assert!(is_iso8601("9999-12-31T23:59:59Z"));
        assert!(is_iso8601("0001-01-01T00:00:00Z"));
        assert!(is_iso8601("9999-12-31T23:59:59+14:00"));
        assert!(!is_iso8601("9999-12-32T00:00:00Z"));
        assert!(!is_iso8601("2021-02-29T10:00:00.5-03:00"));
    }
}
