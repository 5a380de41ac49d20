//! The OpenAPI output of a project written by hand: an OpenAPI 3.1 document made from the
//! specs and the type schema, its prose from the operation's messages in the locale.
//!
//! What maps to what: each spec is an operation (`operationId` = its id, tag = its `content/`
//! folder, `summary` = `title`, `description` = `summary` and its notes); path, query and header
//! parameters with their messages (`Authorization`, `Content-Type` and `Accept` are covered by
//! OpenAPI itself and left out); a JSON request body refers to its schema type and describes
//! the properties the spec lists (`prop-<name>`, required unless `optional`); each response
//! with its description (`response-<code>`, the page's response sentence, `error-<code>` or
//! `ui.ftl`'s `status-<code>`), its body (a `Collection(T)` in its OData `value` wrapper, an
//! error in the standard OData error shape) and headers; examples become named examples of the
//! request body and of the response with their title as `summary`. Permissions become the
//! roles of two bearer schemes, `delegated` and `application` (OpenAPI 3.1 lets a
//! non-OAuth scheme list roles). Types become `components/schemas` (`base` as `allOf`, enums
//! as `enum`, `nullable` as a `null` alternative, `read_only` as `readOnly`, allowed values as
//! `enum`, a map's values as `additionalProperties`, a derived type known to its base through
//! `@odata.type`).

use super::{markdown, take, text};
use crate::diag::Warning;
use crate::localize::page::{header_message_id, query_message_id, response_paragraphs, terms};
use crate::localize::{Locale, Markup, Messages};
use crate::output::{OpEntry, Site};
use crate::spec::schema::{PropertyDef, UNTYPED};
use crate::spec::{Operation, Schema, TypeRef};
use anyhow::Result;
use serde_json::{json, Map, Value};

/// The OpenAPI version of a document made from specs.
pub const VERSION: &str = "3.1.0";

/// The schema name of the standard OData error body.
const ERROR_SCHEMA: &str = "ODataError";

/// Headers OpenAPI ignores as parameters (security schemes and media types cover them).
const IMPLIED_HEADERS: [&str; 3] = ["authorization", "content-type", "accept"];

/// The site's operations and schema, parsed once for every locale.
pub struct Model {
    ops: Vec<(Operation, String)>,
    schema: Schema,
}

impl Model {
    /// Parses every operation of the site (in site order) and the schema.
    pub fn load(site: &Site, ops: &[OpEntry]) -> Result<Model> {
        let schema = crate::spec::load::parse_schema(&site.content.schemas)?;
        let ops = ops
            .iter()
            .map(|o| Ok((crate::spec::load::parse_operation(o.file)?, o.section.to_string())))
            .collect::<Result<_>>()?;
        Ok(Model { ops, schema })
    }

    /// The document in `locale`.
    pub fn document(
        &self,
        site: &Site,
        locale: &Locale,
        warnings: &mut Vec<Warning>,
    ) -> Result<Value> {
        let ui =
            Messages::new(site.catalog, locale, "", vec![])?.with_markup(Markup::MarkdownEntities);
        let mut doc = Map::new();
        doc.insert("openapi".into(), json!(VERSION));
        doc.insert(
            "info".into(),
            json!({ "title": text(&ui, "site-title", &[])?, "version": "1.0" }),
        );
        if let Some(url) = self.server_url() {
            doc.insert("servers".into(), json!([{ "url": url }]));
        }
        let mut tags: Vec<&str> = self.ops.iter().map(|(_, s)| s.as_str()).collect();
        tags.dedup();
        doc.insert("tags".into(), tags.iter().map(|t| json!({ "name": t })).collect());
        let mut paths = Map::new();
        let mut errors = false;
        for (op, section) in &self.ops {
            let msgs = Messages::new(site.catalog, locale, op.id(), terms(op, &self.schema))?
                .with_markup(Markup::MarkdownEntities);
            let operation = self.operation(&msgs, &ui, op, section)?;
            errors |= op.spec.responses().iter().any(|r| r.is_error() && r.type_expr().is_none());
            take(&msgs, warnings);
            let item = paths.entry(op.spec.path.clone()).or_insert_with(|| json!({}));
            let method = op.spec.method.as_str().to_ascii_lowercase();
            if let Some(item) = item.as_object_mut() {
                item.entry(method).or_insert(operation);
            }
        }
        take(&ui, warnings);
        doc.insert("paths".into(), Value::Object(paths));
        doc.insert("components".into(), self.components(errors));
        Ok(Value::Object(doc))
    }

    /// The API's base URL: the first operation's `server`, else the first absolute example
    /// URL without the operation's path.
    fn server_url(&self) -> Option<String> {
        if let Some(server) = self.ops.iter().find_map(|(op, _)| op.spec.server.as_ref()) {
            return Some(server.value.trim_end_matches('/').to_string());
        }
        self.ops.iter().flat_map(|(op, _)| op.examples.iter().map(move |ex| (op, ex))).find_map(
            |(op, ex)| {
                let url = ex.request.url.split(['?', '#']).next()?;
                let at = url.rfind(op.spec.api_path_of(&ex.request))?;
                (url.contains("://") && at > 0).then(|| url[..at].to_string())
            },
        )
    }

    fn operation(
        &self,
        msgs: &Messages,
        ui: &Messages,
        op: &Operation,
        section: &str,
    ) -> Result<Value> {
        let spec = &op.spec;
        let mut description = vec![markdown(msgs, "summary", &[])?];
        for note in &spec.notes {
            description.push(markdown(msgs, &format!("note-{note}"), &[])?);
        }
        let mut o = Map::new();
        o.insert("operationId".into(), json!(op.id()));
        o.insert("summary".into(), json!(text(msgs, "title", &[])?));
        o.insert("description".into(), json!(description.join("\n\n")));
        o.insert("tags".into(), json!([section]));
        let parameters = self.parameters(msgs, op)?;
        if !parameters.is_empty() {
            o.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = self.request_body(msgs, op)? {
            o.insert("requestBody".into(), body);
        }
        o.insert("responses".into(), self.responses(msgs, ui, op)?);
        o.insert("security".into(), security(&spec.permissions));
        Ok(Value::Object(o))
    }

    fn parameters(&self, msgs: &Messages, op: &Operation) -> Result<Vec<Value>> {
        let spec = &op.spec;
        let mut out = Vec::new();
        for p in &spec.path_parameters {
            let name = &p.name.value;
            out.push(json!({
                "name": name,
                "in": "path",
                "required": true,
                "description": markdown(msgs, &format!("param-{name}"), &[])?,
                "schema": self.type_schema(p.type_expr(), false),
            }));
        }
        for p in &spec.query_parameters {
            let name = &p.name.value;
            out.push(json!({
                "name": name,
                "in": "query",
                "required": p.required.unwrap_or(false),
                "description": markdown(msgs, &query_message_id(name), &[])?,
                "schema": self.type_schema(p.type_expr(), false),
            }));
        }
        for h in &spec.request_headers {
            if IMPLIED_HEADERS.contains(&h.name.to_ascii_lowercase().as_str()) {
                continue;
            }
            let mut param = Map::new();
            param.insert("name".into(), json!(h.name));
            param.insert("in".into(), json!("header"));
            param.insert("required".into(), json!(h.required));
            if let Some(d) = optional(msgs, &header_message_id(&h.name))? {
                param.insert("description".into(), json!(d));
            }
            param.insert("schema".into(), json!({ "type": "string" }));
            param.insert("example".into(), json!(h.value));
            out.push(Value::Object(param));
        }
        Ok(out)
    }

    fn request_body(&self, msgs: &Messages, op: &Operation) -> Result<Option<Value>> {
        let Some(body) = &op.spec.request_body else { return Ok(None) };
        let schema = match body.type_name() {
            Some(type_name) => {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for p in &body.properties {
                    let name = &p.name.value;
                    let d = markdown(msgs, &format!("prop-{name}"), &[])?;
                    properties.insert(name.clone(), json!({ "description": d }));
                    if !p.optional {
                        required.push(name.clone());
                    }
                }
                let mut own = Map::new();
                own.insert("type".into(), json!("object"));
                if !required.is_empty() {
                    own.insert("required".into(), json!(required));
                }
                own.insert("properties".into(), Value::Object(properties));
                json!({ "allOf": [schema_ref(type_name), own] })
            }
            None => json!({ "type": "string" }),
        };
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        let examples = self.examples(msgs, op, |ex| ex.request.body.as_ref())?;
        if !examples.is_empty() {
            media.insert("examples".into(), Value::Object(examples));
        }
        Ok(Some(json!({
            "required": true,
            "content": { body.media_type(): media },
        })))
    }

    /// Named examples of `op` whose `body` (request or response) is present.
    fn examples(
        &self,
        msgs: &Messages,
        op: &Operation,
        body: impl Fn(&crate::spec::Example) -> Option<&Value>,
    ) -> Result<Map<String, Value>> {
        let mut out = Map::new();
        for ex in &op.examples {
            if let Some(value) = body(ex) {
                let summary = text(msgs, &format!("example-{}", ex.id), &[])?;
                out.insert(ex.id.clone(), json!({ "summary": summary, "value": value }));
            }
        }
        Ok(out)
    }

    fn responses(&self, msgs: &Messages, ui: &Messages, op: &Operation) -> Result<Value> {
        let spec = &op.spec;
        let main = spec.main_response().map(|r| r.code());
        let mut out = Map::new();
        for r in spec.responses() {
            let code = r.code();
            let own = format!("{}-{code}", if r.is_error() { "error" } else { "response" });
            let description = if msgs.exists(&own) {
                markdown(msgs, &own, &[])?
            } else if r.is_error() {
                let builtin = format!("status-{code}");
                let id = if msgs.exists(&builtin) { builtin.as_str() } else { "status-other" };
                markdown(msgs, id, &[])?
            } else if Some(code) == main {
                response_paragraphs(msgs, spec)?.0
            } else {
                markdown(ui, "response", &[])?
            };
            let mut resp = Map::new();
            resp.insert("description".into(), json!(description));
            let schema = match r.type_expr() {
                Some(t) => Some(self.body_schema(t)),
                None if r.is_error() => Some(schema_ref(ERROR_SCHEMA)),
                None => None,
            };
            if let Some(schema) = schema {
                let mut media = Map::new();
                media.insert("schema".into(), schema);
                let examples = self.examples(msgs, op, |ex| {
                    let same = crate::spec::status_code(&ex.response.status) == code;
                    ex.response.body.as_ref().filter(|_| same)
                })?;
                if !examples.is_empty() {
                    media.insert("examples".into(), Value::Object(examples));
                }
                resp.insert("content".into(), json!({ "application/json": media }));
            }
            if !r.headers.is_empty() {
                let mut headers = Map::new();
                for h in &r.headers {
                    let mut header = Map::new();
                    if let Some(d) = optional(msgs, &header_message_id(h))? {
                        header.insert("description".into(), json!(d));
                    }
                    header.insert("schema".into(), json!({ "type": "string" }));
                    headers.insert(h.clone(), Value::Object(header));
                }
                resp.insert("headers".into(), Value::Object(headers));
            }
            out.insert(code.to_string(), Value::Object(resp));
        }
        Ok(Value::Object(out))
    }

    /// A response body of type `expr`: a collection in its OData `value` wrapper.
    fn body_schema(&self, expr: &str) -> Value {
        let t = TypeRef::parse(expr);
        if !t.collection {
            return self.type_schema(expr, false);
        }
        json!({
            "type": "object",
            "properties": {
                "value": { "type": "array", "items": self.type_schema(&t.name, false) },
                "@odata.nextLink": { "type": ["string", "null"], "format": "uri" },
            },
        })
    }

    /// The JSON Schema of type expression `expr`.
    fn type_schema(&self, expr: &str, nullable: bool) -> Value {
        let t = TypeRef::parse(expr);
        let element = match primitive(&t.name) {
            Some(p) => p,
            None if self.schema.get(&t.name).is_some() => schema_ref(&t.name),
            None => json!({}),
        };
        let inner = match t.collection {
            true => json!({ "type": "array", "items": element }),
            false => element,
        };
        if !nullable {
            return inner;
        }
        match inner.get("type").and_then(Value::as_str) {
            Some(ty) => {
                let mut v = inner.clone();
                v["type"] = json!([ty, "null"]);
                v
            }
            None => json!({ "anyOf": [inner, { "type": "null" }] }),
        }
    }

    fn property_schema(&self, p: &PropertyDef) -> Value {
        let mut v = self.type_schema(&p.type_expr, p.nullable);
        if let (Some(values), Some(o)) = (&p.values, v.as_object_mut()) {
            match o.get_mut("items").and_then(Value::as_object_mut) {
                Some(items) => items.insert("enum".into(), json!(values)),
                None => o.insert("enum".into(), json!(values)),
            };
        }
        if let (true, Some(o)) = (p.read_only, v.as_object_mut()) {
            o.insert("readOnly".into(), json!(true));
        }
        v
    }

    fn components(&self, errors: bool) -> Value {
        let mut schemas = Map::new();
        for (name, def) in &self.schema.types {
            let schema = match &def.members {
                Some(members) => json!({ "type": "string", "enum": members }),
                None => self.object_schema(name, def),
            };
            schemas.insert(name.clone(), schema);
        }
        if errors && !schemas.contains_key(ERROR_SCHEMA) {
            schemas.insert(ERROR_SCHEMA.into(), error_schema());
        }
        let bearer = json!({ "type": "http", "scheme": "bearer" });
        json!({
            "schemas": schemas,
            "securitySchemes": { "delegated": bearer, "application": bearer },
        })
    }

    fn object_schema(&self, name: &str, def: &crate::spec::schema::TypeDef) -> Value {
        let mut own = Map::new();
        own.insert("type".into(), json!("object"));
        let properties: Map<String, Value> =
            def.properties.iter().map(|(k, p)| (k.clone(), self.property_schema(p))).collect();
        own.insert("properties".into(), Value::Object(properties));
        if let Some(values) = &def.additional_properties {
            own.insert("additionalProperties".into(), self.type_schema(values, false));
        }
        let derived = self.all_derived(name);
        if !derived.is_empty() {
            let ns = &self.schema.namespace;
            let mapping: Map<String, Value> = derived
                .iter()
                .map(|d| (format!("#{ns}.{d}"), json!(format!("#/components/schemas/{d}"))))
                .collect();
            own.insert(
                "discriminator".into(),
                json!({ "propertyName": "@odata.type", "mapping": mapping }),
            );
        }
        match &def.base {
            Some(base) => json!({ "allOf": [schema_ref(base), own] }),
            None => Value::Object(own),
        }
    }

    /// Every type deriving from `name`, directly or not, in declaration order.
    fn all_derived(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut todo = vec![name.to_string()];
        while let Some(n) = todo.pop() {
            for d in self.schema.derived(&n) {
                if !out.contains(d) && d != name {
                    out.push(d.clone());
                    todo.push(d.clone());
                }
            }
        }
        out
    }
}

/// Message `id` as safe Markdown when the source locale defines it.
fn optional(msgs: &Messages, id: &str) -> Result<Option<String>> {
    match msgs.exists(id) {
        true => markdown(msgs, id, &[]).map(Some),
        false => Ok(None),
    }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The JSON Schema of an Edm primitive.
fn primitive(name: &str) -> Option<Value> {
    Some(match name {
        "String" => json!({ "type": "string" }),
        "Boolean" => json!({ "type": "boolean" }),
        "Int32" => json!({ "type": "integer", "format": "int32" }),
        "Int64" => json!({ "type": "integer", "format": "int64" }),
        "Double" => json!({ "type": "number", "format": "double" }),
        "DateTimeOffset" => json!({ "type": "string", "format": "date-time" }),
        "Date" => json!({ "type": "string", "format": "date" }),
        "Guid" => json!({ "type": "string", "format": "uuid" }),
        "Binary" => json!({ "type": "string", "contentEncoding": "base64" }),
        "Duration" => json!({ "type": "string", "format": "duration" }),
        UNTYPED => json!({}),
        _ => return None,
    })
}

/// The standard OData error body.
fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string" },
                    "message": { "type": "string" },
                    "innerError": { "type": "object" },
                },
            },
        },
    })
}

/// The security requirement of an operation: the delegated and the application permissions
/// as roles of their bearer scheme (either suffices); none when no permission is named.
fn security(p: &crate::spec::Permissions) -> Value {
    let mut delegated = p.delegated_work.all();
    for name in p.delegated_personal.all() {
        if !delegated.contains(&name) {
            delegated.push(name);
        }
    }
    let application = p.application.all();
    let mut out = Vec::new();
    if !delegated.is_empty() {
        out.push(json!({ "delegated": delegated }));
    }
    if !application.is_empty() {
        out.push(json!({ "application": application }));
    }
    Value::Array(out)
}
