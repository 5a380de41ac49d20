//! OpenAPI 3.0/3.1 to polydoc: every operation becomes a spec value plus its English
//! messages, `components.schemas` becomes the type schema (allOf inheritance as `base`, enums
//! as `members`, formats as Edm primitives, arrays as `Collection(T)`, `nullable`/anyOf-null
//! as `nullable`, `readOnly` as `read_only`). Inline object schemas become named types of
//! their own (`<Owner><Property>`).

use super::document::{escape_token, ref_name, Document};
use super::emit::is_identifier;
use super::example;
use crate::spec::schema::UNTYPED;
use anyhow::Result;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One structured or enum type with what the example generator needs.
#[derive(Debug, Clone, Default)]
pub struct TypeInfo {
    /// Base type (allOf `$ref`).
    pub base: Option<String>,
    /// Enum members.
    pub members: Option<Vec<String>>,
    /// Properties in order: (name, type expression, nullable, read_only, allowed values).
    pub properties: Vec<Prop>,
    /// Required property names.
    pub required: BTreeSet<String>,
    /// The value type of a map (`additionalProperties`).
    pub additional: Option<String>,
}

/// One property of a type.
#[derive(Debug, Clone)]
pub struct Prop {
    /// Property name.
    pub name: String,
    /// Type expression.
    pub type_expr: String,
    /// `null` allowed.
    pub nullable: bool,
    /// Set by the server.
    pub read_only: bool,
    /// Allowed values of a string.
    pub values: Option<Vec<String>>,
    /// Description (for `prop-<name>`).
    pub description: String,
    /// JSON pointer of the description string in the document, when it has one.
    pub description_at: Option<String>,
}

/// What a schema maps to.
struct Mapped {
    type_expr: String,
    nullable: bool,
    values: Option<Vec<String>>,
}

/// One generated operation.
pub struct GeneratedOp {
    /// Operation id (slug).
    pub id: String,
    /// Folder under `content/`.
    pub group: String,
    /// Spec as an ordered JSON value.
    pub spec: Value,
    /// English messages in order.
    pub messages: Vec<(String, String)>,
    /// Where each message's text is in the document: (JSON pointer of the string, message
    /// id), so `build --format openapi` can put the translation in its place.
    pub prose: Vec<(String, String)>,
}

/// The importer's working state.
pub struct Importer<'d> {
    doc: &'d Document,
    /// Types by name, in creation order.
    pub types: BTreeMap<String, TypeInfo>,
    order: Vec<String>,
    /// Types being defined (a property may refer to its own type).
    defining: BTreeSet<String>,
    /// The type names of `components.schemas`, which inline types must not take.
    reserved: BTreeSet<String>,
    /// `$ref` targets being expanded in place (not a named type: an array, say), so one that
    /// refers to itself is caught instead of expanded forever.
    expanding: Vec<String>,
    /// Namespace of the schema.
    pub namespace: String,
    /// Things left out, for the report.
    pub skipped: Vec<String>,
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

impl<'d> Importer<'d> {
    /// A new importer over a document whose `$ref`s resolve.
    pub fn new(doc: &'d Document) -> Importer<'d> {
        let title = doc.root.pointer("/info/title").and_then(Value::as_str).unwrap_or("api");
        let words: Vec<String> = title
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        let namespace = odata_namespace(&doc.root).unwrap_or_else(|| {
            if words.is_empty() {
                "api".into()
            } else {
                words.join(".")
            }
        });
        let reserved = match doc.at("/components/schemas") {
            Some(Value::Object(schemas)) => schemas.keys().map(|k| type_name(k)).collect(),
            _ => BTreeSet::new(),
        };
        Importer {
            doc,
            types: BTreeMap::new(),
            order: Vec::new(),
            defining: BTreeSet::new(),
            reserved,
            expanding: Vec::new(),
            namespace,
            skipped: Vec::new(),
        }
    }

    /// The first server of the document.
    pub fn server(&self) -> Option<&'d Value> {
        self.doc.at("/servers/0")
    }

    /// `schema` with its `$ref`s followed (itself when one does not resolve).
    pub fn resolved<'a>(&'a self, schema: &'a Value) -> &'a Value {
        self.doc.deref(schema, "").map_or(schema, |(v, _)| v)
    }

    /// The type schema file as a JSON value, types in document order.
    pub fn schema_value(&self) -> Value {
        let mut types = Map::new();
        for name in &self.order {
            let t = &self.types[name];
            let mut def = Map::new();
            if let Some(base) = &t.base {
                def.insert("base".into(), json!(base));
            }
            if let Some(members) = &t.members {
                def.insert("members".into(), json!(members));
            } else {
                let mut props = Map::new();
                for p in &t.properties {
                    let mut pd = Map::new();
                    pd.insert("type".into(), json!(p.type_expr));
                    if p.nullable {
                        pd.insert("nullable".into(), json!(true));
                    }
                    if p.read_only {
                        pd.insert("read_only".into(), json!(true));
                    }
                    if let Some(v) = &p.values {
                        pd.insert("values".into(), json!(v));
                    }
                    props.insert(p.name.clone(), Value::Object(pd));
                }
                def.insert("properties".into(), Value::Object(props));
                if let Some(values) = &t.additional {
                    def.insert("additional_properties".into(), json!(values));
                }
            }
            types.insert(name.clone(), Value::Object(def));
        }
        json!({ "namespace": self.namespace, "types": types })
    }

    /// Maps every `components.schemas` entry that is an object or enum to a type.
    pub fn import_components(&mut self) -> Result<()> {
        let Some(Value::Object(schemas)) = self.doc.at("/components/schemas") else {
            return Ok(());
        };
        for (name, schema) in schemas {
            let pointer = format!("/components/schemas/{}", escape_token(name));
            if is_named_type(schema) {
                self.define(&type_name(name), schema, &pointer, &mut Vec::new())?;
            }
        }
        Ok(())
    }

    /// Defines type `name` from `schema` (once); `stack` catches allOf inheritance cycles.
    fn define(
        &mut self,
        name: &str,
        schema: &Value,
        pointer: &str,
        stack: &mut Vec<String>,
    ) -> Result<()> {
        if self.types.contains_key(name) {
            return Ok(());
        }
        if stack.iter().any(|s| s == name) {
            return Err(self
                .doc
                .error(pointer, format!("cyclic allOf inheritance through `{name}`")));
        }
        if self.defining.contains(name) {
            return Ok(());
        }
        self.defining.insert(name.to_string());
        stack.push(name.to_string());
        let mut info = TypeInfo::default();
        if let Some(members) = schema.get("enum").and_then(Value::as_array) {
            info.members = Some(members.iter().filter(|m| !m.is_null()).map(value_text).collect());
        } else {
            self.collect_object(name, schema, pointer, &mut info, stack)?;
        }
        stack.pop();
        self.defining.remove(name);
        self.types.insert(name.to_string(), info);
        self.order.push(name.to_string());
        Ok(())
    }

    fn collect_object(
        &mut self,
        name: &str,
        schema: &Value,
        pointer: &str,
        info: &mut TypeInfo,
        stack: &mut Vec<String>,
    ) -> Result<()> {
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for (i, part) in parts.iter().enumerate() {
                let at = format!("{pointer}/allOf/{i}");
                if let Some(target) = part.get("$ref").and_then(Value::as_str) {
                    let (resolved, rat) = self.doc.deref(part, &at)?;
                    let base = type_name(&ref_name(target));
                    if info.base.is_none() && is_named_type(resolved) {
                        self.define(&base, resolved, &rat, stack)?;
                        info.base = Some(base);
                    } else {
                        self.collect_object(name, resolved, &rat, info, stack)?;
                    }
                } else {
                    self.collect_object(name, part, &at, info, stack)?;
                }
            }
        }
        if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            let at = format!("{pointer}/additionalProperties");
            let mapped = self.map(values, &at, &format!("{name}Value"))?;
            info.additional = Some(mapped.type_expr);
        }
        if let Some(req) = schema.get("required").and_then(Value::as_array) {
            info.required.extend(req.iter().filter_map(Value::as_str).map(String::from));
        }
        if let Some(Value::Object(props)) = schema.get("properties") {
            for (pname, pschema) in props {
                let at = format!("{pointer}/properties/{}", escape_token(pname));
                let owner = format!("{name}{}", pascal(pname));
                let mapped = self.map(pschema, &at, &owner)?;
                let (resolved, _) = self.doc.deref(pschema, &at)?;
                let read_only = annotation_flag(pschema, "readOnly") || flag(resolved, "readOnly");
                let (description, description_at) =
                    match annotation_text(pschema, "description", &at) {
                        Some((d, d_at)) => (Some(d), Some(d_at)),
                        None => {
                            let (_, rat) = self.doc.deref(pschema, &at)?;
                            let d = text_of(resolved, "description");
                            let d_at = d.as_ref().map(|_| format!("{rat}/description"));
                            (d, d_at)
                        }
                    };
                info.properties.retain(|p| &p.name != pname);
                info.properties.push(Prop {
                    name: pname.clone(),
                    type_expr: mapped.type_expr,
                    nullable: mapped.nullable,
                    read_only,
                    values: mapped.values,
                    description: description.unwrap_or_default(),
                    description_at,
                });
            }
        }
        Ok(())
    }

    /// Maps a schema to a type expression; inline objects become the type `owner`.
    fn map(&mut self, schema: &Value, pointer: &str, owner: &str) -> Result<Mapped> {
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            let (resolved, rat) = self.doc.deref(schema, pointer)?;
            if is_odata_json(target, resolved) {
                return Ok(Mapped {
                    type_expr: UNTYPED.into(),
                    nullable: flag(resolved, "nullable") || flag(schema, "nullable"),
                    values: None,
                });
            }
            if is_named_type(resolved) && is_component_schema(&rat) {
                let name = type_name(&ref_name(target));
                // A named type stops its own cycles: what is being expanded around it is not
                // its concern (its properties do not depend on where it is first met).
                let around = std::mem::take(&mut self.expanding);
                let defined = self.define(&name, resolved, &rat, &mut Vec::new());
                self.expanding = around;
                defined?;
                return Ok(Mapped {
                    type_expr: name,
                    nullable: flag(resolved, "nullable"),
                    values: None,
                });
            }
            if self.expanding.contains(&rat) {
                self.skipped.push(format!(
                    "`#{pointer}`: `{target}` contains itself and is not an object type; \
                     documented as any JSON value"
                ));
                let nullable = flag(schema, "nullable");
                return Ok(Mapped { type_expr: UNTYPED.into(), nullable, values: None });
            }
            self.expanding.push(rat.clone());
            let mapped = self.map(resolved, &rat, owner);
            self.expanding.pop();
            let mut m = mapped?;
            m.nullable |= flag(schema, "nullable");
            return Ok(m);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(alts) = schema.get(key).and_then(Value::as_array) {
                let non_null: Vec<(usize, &Value)> = alts
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !is_null_schema(a) && !is_annotation(a))
                    .collect();
                let has_null = alts
                    .iter()
                    .any(|a| is_null_schema(a) || is_annotation(a) && flag(a, "nullable"));
                if key == "allOf" && non_null.len() > 1 {
                    break;
                }
                if non_null.len() > 1 {
                    let mut m = self.alternatives(&non_null, &format!("{pointer}/{key}"), owner)?;
                    m.nullable |= has_null || flag(schema, "nullable");
                    return Ok(m);
                }
                if let Some((i, first)) = non_null.first() {
                    let mut m = self.map(first, &format!("{pointer}/{key}/{i}"), owner)?;
                    m.nullable |= has_null || flag(schema, "nullable");
                    return Ok(m);
                }
            }
        }
        let (ty, nullable_31) = schema_type(schema);
        let nullable = nullable_31 || flag(schema, "nullable");
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        let values = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|e| e.iter().filter(|m| !m.is_null()).map(value_text).collect::<Vec<_>>());
        let prim = |t: &str| Mapped { type_expr: t.into(), nullable, values: None };
        Ok(match ty.as_deref() {
            Some("string") => {
                let t = match format {
                    "date-time" => "DateTimeOffset",
                    "date" => "Date",
                    "uuid" => "Guid",
                    "duration" => "Duration",
                    "byte" | "binary" | "base64url" => "Binary",
                    _ => "String",
                };
                Mapped {
                    type_expr: t.into(),
                    nullable,
                    values: if t == "String" { values } else { None },
                }
            }
            Some("integer") => prim(if format == "int64" { "Int64" } else { "Int32" }),
            Some("number") => prim("Double"),
            Some("boolean") => prim("Boolean"),
            Some("array") => {
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                let inner = self.map(&items, &format!("{pointer}/items"), owner)?;
                let t = if inner.type_expr.starts_with("Collection(") {
                    "String".into()
                } else {
                    inner.type_expr
                };
                Mapped { type_expr: format!("Collection({t})"), nullable, values: inner.values }
            }
            Some("object") | None
                if schema.get("properties").is_some() || schema.get("allOf").is_some() =>
            {
                let name = self.unique_name(owner);
                self.define(&name, schema, pointer, &mut Vec::new())?;
                Mapped { type_expr: name, nullable, values: None }
            }
            Some("object") => {
                let name = self.unique_name(owner);
                self.define(&name, schema, pointer, &mut Vec::new())?;
                Mapped { type_expr: name, nullable, values: None }
            }
            // No type, properties, format or enum: any JSON value (`{}`).
            None if format.is_empty() && values.is_none() => prim(UNTYPED),
            None => prim("String"),
            Some(other) => {
                return Err(self
                    .doc
                    .error(&format!("{pointer}/type"), format!("unknown type `{other}`")))
            }
        })
    }

    /// `oneOf`/`anyOf` with several alternatives (at `pointer`): the nearest type every
    /// alternative derives from (a discriminated hierarchy is documented as its base, whose
    /// derived types the schema knows); object types without one become a type `owner` with
    /// every alternative's properties; one type repeated is that type. Anything else (a string
    /// or an object, as Stripe's expandable fields) is documented as its first alternative, and
    /// the report says so.
    fn alternatives(
        &mut self,
        alts: &[(usize, &Value)],
        pointer: &str,
        owner: &str,
    ) -> Result<Mapped> {
        let mut mapped = Vec::new();
        for (i, alt) in alts {
            mapped.push(self.map(alt, &format!("{pointer}/{i}"), &format!("{owner}{}", i + 1))?);
        }
        let nullable = mapped.iter().any(|m| m.nullable);
        let exprs: Vec<&str> = mapped.iter().map(|m| m.type_expr.as_str()).collect();
        if exprs.iter().all(|e| *e == exprs[0]) {
            return Ok(Mapped { nullable, ..mapped.swap_remove(0) });
        }
        let objects = exprs.iter().all(|e| self.types.get(*e).is_some_and(|t| t.members.is_none()));
        if !objects {
            self.skipped.push(format!(
                "`#{pointer}`: alternatives {} documented as the first",
                exprs.join(" | ")
            ));
            return Ok(Mapped { nullable, ..mapped.swap_remove(0) });
        }
        if let Some(base) = self.common_base(&exprs) {
            return Ok(Mapped { type_expr: base, nullable, values: None });
        }
        let name = self.unique_name(owner);
        let mut info = TypeInfo::default();
        for e in &exprs {
            for (p, _) in self.all_properties(e) {
                if !info.properties.iter().any(|q| q.name == p.name) {
                    info.properties.push(p);
                }
            }
        }
        self.types.insert(name.clone(), info);
        self.order.push(name.clone());
        Ok(Mapped { type_expr: name, nullable, values: None })
    }

    /// The nearest type each of `types` is or derives from, if they share one.
    fn common_base(&self, types: &[&str]) -> Option<String> {
        let chain = |start: &str| {
            let mut out = vec![start.to_string()];
            while let Some(base) = self.types.get(out.last()?).and_then(|t| t.base.clone()) {
                if out.contains(&base) {
                    break;
                }
                out.push(base);
            }
            Some(out)
        };
        let chains: Vec<Vec<String>> = types.iter().filter_map(|t| chain(t)).collect();
        let first = chains.first()?;
        first.iter().find(|c| chains.iter().all(|other| other.contains(c))).cloned()
    }

    fn unique_name(&self, owner: &str) -> String {
        let mut name = type_name(owner);
        let mut n = 2;
        let taken = |name: &String| {
            self.types.contains_key(name)
                || self.defining.contains(name)
                || self.reserved.contains(name)
        };
        while taken(&name) {
            name = format!("{}{n}", type_name(owner));
            n += 1;
        }
        name
    }

    /// Every operation of the document, in path then method order.
    pub fn operations(&mut self) -> Result<Vec<GeneratedOp>> {
        let Some(Value::Object(paths)) = self.doc.at("/paths") else { return Ok(Vec::new()) };
        let mut seen_op_ids: BTreeMap<String, String> = BTreeMap::new();
        let mut used_ids = BTreeSet::new();
        let mut out = Vec::new();
        for (path, item) in paths {
            let item_at = format!("/paths/{}", escape_token(path));
            let (item, item_at) = self.doc.deref(item, &item_at)?;
            for (key, _) in item.as_object().into_iter().flatten() {
                if !METHODS.contains(&key.as_str())
                    && !key.starts_with("x-")
                    && !["parameters", "summary", "description", "servers", "$ref"]
                        .contains(&key.as_str())
                {
                    self.skipped.push(format!("{key} {path}"));
                }
            }
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let at = format!("{item_at}/{method}");
                if let Some(op_id) = op.get("operationId").and_then(Value::as_str) {
                    if let Some(first) = seen_op_ids.insert(op_id.to_string(), at.clone()) {
                        return Err(self.doc.error(
                            &format!("{at}/operationId"),
                            format!("duplicate operationId `{op_id}` (first at `#{first}`)"),
                        ));
                    }
                }
                let id = unique_slug(&op_slug(op, method, path), &mut used_ids);
                out.push(self.operation(&id, path, method, item, op, &item_at, &at)?);
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        id: &str,
        path: &str,
        method: &str,
        item: &Value,
        op: &Value,
        item_at: &str,
        at: &str,
    ) -> Result<GeneratedOp> {
        let owner = pascal(id);
        let mut messages: Vec<(String, String)> = Vec::new();
        let mut prose: Vec<(String, String)> = Vec::new();
        if op.get("summary").is_some_and(Value::is_string) {
            prose.push((format!("{at}/summary"), "title".into()));
        }
        if op.get("description").is_some_and(Value::is_string) {
            prose.push((format!("{at}/description"), "summary".into()));
        }
        let title = text_of(op, "summary").and_then(|s| one_line_title(&s));
        let title = title.unwrap_or_else(|| humanize(id));
        let summary = text_of(op, "description")
            .or_else(|| text_of(op, "summary"))
            .unwrap_or_else(|| title.clone());
        messages.push(("title".into(), title));
        messages.push(("summary".into(), summary));
        // A path key with a fragment or query (`/tags/{arn}#tagKeys`, `/items?v=2`), as
        // converted AWS descriptions tell operations of one path apart: the template is the
        // path; a query stays in the example URL, a fragment is never sent.
        let url_path = path.split('#').next().unwrap_or(path);
        let path = url_path.split('?').next().unwrap_or(url_path);
        let key_query = url_path.split_once('?').map_or("", |(_, q)| q);
        let params = self.parameters(item, op, item_at, at, path, key_query)?;
        let mut spec = Map::new();
        spec.insert("id".into(), json!(id));
        spec.insert("namespace".into(), json!(self.namespace));
        spec.insert("method".into(), json!(method.to_ascii_uppercase()));
        spec.insert("path".into(), json!(path));
        let server = op.pointer("/servers/0").or_else(|| item.pointer("/servers/0"));
        let base = example::server_base(server.or_else(|| self.server()));
        // Written when example URLs need it to be read back: a base path (`/v1`), or a path
        // that starts like a Graph version (`/beta/...`), which is otherwise taken off.
        let read_back = crate::spec::HttpRequest {
            method: method.to_ascii_uppercase(),
            url: format!("{base}{path}"),
            headers: Vec::new(),
            body: None,
        };
        if base.splitn(4, '/').nth(3).is_some_and(|p| !p.is_empty()) || read_back.api_path() != path
        {
            spec.insert("server".into(), json!(base));
        }
        spec.insert(
            "permissions".into(),
            json!({"delegated_work": [], "delegated_personal": [], "application": []}),
        );
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut headers = Vec::new();
        let mut all_path_ok = true;
        let mut query_ids = BTreeSet::new();
        for p in &params {
            let param_msg = match p.location.as_str() {
                "path" => format!("param-{}", p.name),
                "query" => crate::spec::query_message_id(&p.name),
                _ => format!("header-{}", p.name.to_ascii_lowercase()),
            };
            if p.description.is_some() {
                prose.push((format!("{}/description", p.at), param_msg));
            }
            let mapped =
                self.map(&p.schema, &p.schema_at, &format!("{owner}{}", pascal(&p.name)))?;
            let mut row = Map::new();
            row.insert("name".into(), json!(p.name));
            if mapped.type_expr != "String" {
                row.insert("type".into(), json!(mapped.type_expr));
            }
            match p.location.as_str() {
                "path" => {
                    all_path_ok &= is_identifier(&format!("param-{}", p.name));
                    messages.push((
                        format!("param-{}", p.name),
                        p.description
                            .clone()
                            .unwrap_or_else(|| format!("The `{}` path parameter.", p.name)),
                    ));
                    path_params.push(Value::Object(row));
                }
                "query" => {
                    let msg = crate::spec::query_message_id(&p.name);
                    if let Some(problem) = crate::spec::query_name_problem(&p.name) {
                        self.skipped.push(format!(
                            "`#{}`: query parameter name `{}` {problem}",
                            p.at, p.name
                        ));
                        continue;
                    }
                    if !query_ids.insert(msg.clone()) {
                        self.skipped.push(format!(
                            "`#{}`: query parameter `{}` shares its description `{msg}` with another",
                            p.at, p.name
                        ));
                        continue;
                    }
                    if p.required {
                        row.insert("required".into(), json!(true));
                    }
                    let builtin = p.name.starts_with('$') && crate::localize::builtin_defines(&msg);
                    if p.description.is_some() || !builtin {
                        messages.push((
                            msg,
                            p.description
                                .clone()
                                .unwrap_or_else(|| format!("The `{}` query parameter.", p.name)),
                        ));
                    }
                    query_params.push(Value::Object(row));
                }
                "header" => {
                    let mut h = Map::new();
                    h.insert("name".into(), json!(p.name));
                    h.insert("value".into(), json!(format!("{{{}}}", p.name)));
                    if p.required {
                        h.insert("required".into(), json!(true));
                    }
                    let msg = format!("header-{}", p.name.to_ascii_lowercase());
                    if let (Some(d), true) = (&p.description, is_identifier(&msg)) {
                        messages.push((msg, d.clone()));
                    }
                    headers.push(Value::Object(h));
                }
                _ => {}
            }
        }
        if !path_params.is_empty() && all_path_ok {
            spec.insert("path_parameters".into(), Value::Array(path_params));
        } else {
            messages.retain(|(k, _)| !k.starts_with("param-"));
        }
        if !query_params.is_empty() {
            spec.insert("query_parameters".into(), Value::Array(query_params));
        }
        if !headers.is_empty() {
            spec.insert("request_headers".into(), Value::Array(headers.clone()));
        }
        let body = self.request_body(op, at, &owner, &mut messages, &mut prose)?;
        if let Some((b, _)) = &body {
            spec.insert("request_body".into(), b.clone());
        }
        let responses = self.responses(op, at, &owner, &mut messages, &mut prose)?;
        if !responses.is_empty() {
            spec.insert("responses".into(), Value::Array(responses.clone()));
        }
        let ex = example::generate(
            self,
            method,
            url_path,
            &params,
            body.as_ref().map(|b| &b.1),
            &responses,
            &base,
        );
        messages.push((format!("example-{}", ex.0), ex.1));
        spec.insert("examples".into(), json!([ex.2]));
        let group = op
            .get("tags")
            .and_then(|t| t.get(0))
            .and_then(Value::as_str)
            .map(slug)
            .filter(|s| !s.is_empty())
            .or_else(|| path.split('/').find(|s| !s.is_empty() && !s.starts_with('{')).map(slug))
            .filter(|s| !s.is_empty() && s != "schema")
            .unwrap_or_else(|| "default".into());
        prose.retain(|(_, m)| messages.iter().any(|(k, _)| k == m));
        Ok(GeneratedOp { id: id.to_string(), group, spec: Value::Object(spec), messages, prose })
    }

    /// Path-item and operation parameters merged (the operation's win), resolved.
    fn parameters(
        &mut self,
        item: &Value,
        op: &Value,
        item_at: &str,
        at: &str,
        path: &str,
        key_query: &str,
    ) -> Result<Vec<Param>> {
        let mut out: Vec<Param> = Vec::new();
        for (list, list_at) in [
            (item.get("parameters"), format!("{item_at}/parameters")),
            (op.get("parameters"), format!("{at}/parameters")),
        ] {
            for (i, p) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
                let (p, p_at) = self.doc.deref(p, &format!("{list_at}/{i}"))?;
                let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
                let mut location = p.get("in").and_then(Value::as_str).unwrap_or("").to_string();
                let placeholder = format!("{{{name}}}");
                // A path key with a query (`/alerts?lat={lat}`, as converted descriptions
                // write): a "path" parameter of that query is sent in the query.
                if location == "path"
                    && !path.contains(&placeholder)
                    && key_query.contains(&placeholder)
                {
                    self.skipped.push(format!(
                        "`#{list_at}/{i}`: path parameter `{name}` is in the query of the path \
                         key; documented as a required query parameter"
                    ));
                    location = "query".into();
                }
                // OpenAPI: header parameters `Accept` and `Content-Type` are ignored (the
                // media types say them).
                let media_header =
                    ["accept", "content-type"].contains(&name.to_ascii_lowercase().as_str());
                if location == "header" && media_header {
                    self.skipped.push(format!(
                        "`#{list_at}/{i}`: header parameter `{name}` is ignored, as OpenAPI \
                         says: the media types set it"
                    ));
                    continue;
                }
                if location == "path" && !path.contains(&placeholder) {
                    let key = item_at.rsplit('/').next().unwrap_or_default();
                    let key = key.replace("~1", "/").replace("~0", "~");
                    let why = match key.split_once('#') {
                        Some((_, fragment)) if fragment.contains(&placeholder) => format!(
                            " (it is after the `#` of the path key `{key}`: a URL fragment, \
                             which is never sent)"
                        ),
                        _ => String::new(),
                    };
                    return Err(self.doc.error(
                        &format!("{list_at}/{i}"),
                        format!("path parameter `{name}` is not in the path `{path}`{why}"),
                    ));
                }
                out.retain(|q| !(q.name == name && q.location == location));
                out.push(Param {
                    at: p_at.clone(),
                    required: location == "path"
                        || flag(p, "required")
                        || key_query.contains(&placeholder),
                    description: text_of(p, "description"),
                    schema: p.get("schema").cloned().unwrap_or(json!({"type": "string"})),
                    schema_at: format!("{p_at}/schema"),
                    example: p.get("example").cloned(),
                    name,
                    location,
                });
            }
        }
        Ok(out)
    }

    /// The request body: (spec value, type expression of a JSON body or media type).
    fn request_body(
        &mut self,
        op: &Value,
        at: &str,
        owner: &str,
        messages: &mut Vec<(String, String)>,
        prose: &mut Vec<(String, String)>,
    ) -> Result<Option<(Value, BodyKind)>> {
        let Some(rb) = op.get("requestBody") else { return Ok(None) };
        let (rb, rb_at) = self.doc.deref(rb, &format!("{at}/requestBody"))?;
        let Some(Value::Object(content)) = rb.get("content") else { return Ok(None) };
        let media_type =
            |m: &&String| m.split_once('/').is_some_and(|(t, s)| !t.is_empty() && !s.is_empty());
        if let Some(bad) = content.keys().find(|m| !media_type(m)) {
            self.skipped.push(format!(
                "`#{rb_at}/content/{}`: `{bad}` is not a media type (`type/subtype`); left out",
                escape_token(bad)
            ));
        }
        let usable: Vec<(&String, &Value)> =
            content.iter().filter(|(m, _)| media_type(m)).collect();
        let Some(&(media, media_value)) =
            usable.iter().find(|(m, _)| is_json(m)).or_else(|| usable.first())
        else {
            return Ok(None);
        };
        let media_at = format!("{rb_at}/content/{}", escape_token(media));
        if !is_json(media) {
            let written = media_type_text(media);
            if written != *media {
                self.skipped.push(format!(
                    "`#{media_at}`: media type `{media}` written as `{written}` (parameters \
                     without `name=value` left out, no spaces)"
                ));
            }
            return Ok(Some((json!({"media_type": written}), BodyKind::Other(written))));
        }
        let schema = media_value.get("schema").cloned().unwrap_or(json!({}));
        let schema_at = format!("{rb_at}/content/{}/schema", escape_token(media));
        let mapped = self.map(&schema, &schema_at, &format!("{owner}Request"))?;
        if self.types.get(&mapped.type_expr).is_none_or(|t| t.members.is_some()) {
            self.skipped.push(format!(
                "request body of {owner} (a `{}`, not an object type)",
                mapped.type_expr
            ));
            return Ok(None);
        }
        let mut rows = Vec::new();
        for prop in self.all_properties(&mapped.type_expr) {
            let msg = format!("prop-{}", prop.0.name);
            if prop.0.read_only || !is_identifier(&msg) || messages.iter().any(|(k, _)| *k == msg) {
                continue;
            }
            let mut row = Map::new();
            row.insert("name".into(), json!(prop.0.name));
            if !prop.1 {
                row.insert("optional".into(), json!(true));
            }
            let d = if prop.0.description.is_empty() {
                format!("The `{}` property.", prop.0.name)
            } else {
                prop.0.description.clone()
            };
            if let Some(d_at) = &prop.0.description_at {
                prose.push((d_at.clone(), msg.clone()));
            }
            messages.push((msg, d));
            rows.push(Value::Object(row));
        }
        let mut example = media_value.get("example").cloned();
        if let Some(problem) = example.as_ref().and_then(|v| {
            example::misfit(self, &mapped.type_expr, v, "", 0)
                .or_else(|| example::syntax_misfit(v, ""))
        }) {
            self.skipped.push(format!(
                "`#{}/example`: the document's example does not fit its schema ({problem}); a generated example is used",
                media_at
            ));
            example = None;
        }
        Ok(Some((
            json!({"type": mapped.type_expr, "properties": rows}),
            BodyKind::Json(mapped.type_expr, example),
        )))
    }

    /// Every property of a type and its bases (base first), with whether it is required.
    pub fn all_properties(&self, name: &str) -> Vec<(Prop, bool)> {
        let mut chain = Vec::new();
        let mut current = Some(name.to_string());
        while let Some(n) = current {
            if chain.contains(&n) {
                break;
            }
            current = self.types.get(&n).and_then(|t| t.base.clone());
            chain.push(n);
        }
        let mut out: Vec<(Prop, bool)> = Vec::new();
        for n in chain.iter().rev() {
            if let Some(t) = self.types.get(n) {
                for p in &t.properties {
                    out.retain(|(q, _)| q.name != p.name);
                    let required = chain
                        .iter()
                        .any(|c| self.types.get(c).is_some_and(|t| t.required.contains(&p.name)));
                    out.push((p.clone(), required));
                }
            }
        }
        out
    }

    fn responses(
        &mut self,
        op: &Value,
        at: &str,
        owner: &str,
        messages: &mut Vec<(String, String)>,
        prose: &mut Vec<(String, String)>,
    ) -> Result<Vec<Value>> {
        let Some(Value::Object(responses)) = op.get("responses") else { return Ok(Vec::new()) };
        let method = at.rsplit('/').next().unwrap_or_default();
        let mut codes: Vec<(u16, &String, &Value)> = responses
            .iter()
            .filter_map(|(k, v)| {
                k.parse::<u16>().ok().filter(|c| (100..600).contains(c)).map(|c| (c, k, v))
            })
            .collect();
        // Ranges (`2XX`) and `default` stand for the status a reader meets: a code of the
        // range that the document does not list already (Graph answers every operation so).
        let has_success = codes.iter().any(|c| (200..300).contains(&c.0));
        for (key, r) in responses {
            let code = match range_status(key, method, r, has_success) {
                Some(code) if !codes.iter().any(|c| c.0 == code) => code,
                _ => continue,
            };
            codes.push((code, key, r));
        }
        codes.sort_by_key(|c| c.0);
        let documents_success = codes.iter().any(|c| c.0 < 400);
        let mut out = Vec::new();
        for (code, key, r) in codes {
            let (r, r_at) = self.doc.deref(r, &format!("{at}/responses/{}", escape_token(key)))?;
            let mut row = Map::new();
            row.insert("status".into(), json!(format!("{code} {}", reason(code))));
            let description = text_of(r, "description");
            if code < 400 {
                let json_content = r
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.iter().find(|(m, _)| is_json(m)));
                if let Some((media, _)) = json_content.filter(|_| matches!(code, 204 | 304)) {
                    self.skipped.push(format!(
                        "`#{r_at}/content/{}`: a {code} response has no body; its content is left out",
                        escape_token(media)
                    ));
                } else if let Some((media, mv)) = json_content {
                    if let Some(schema) = mv.get("schema") {
                        let sat = format!("{r_at}/content/{}/schema", escape_token(media));
                        let mapped = self.map(schema, &sat, &format!("{owner}Response"))?;
                        row.insert("type".into(), json!(mapped.type_expr));
                    }
                }
                let headers: Vec<String> = r
                    .get("headers")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.clone())
                    .collect();
                if !headers.is_empty() {
                    row.insert("headers".into(), json!(headers));
                }
                if let Some(d) = description {
                    prose.push((format!("{r_at}/description"), format!("response-{code}")));
                    messages.push((format!("response-{code}"), d));
                }
            } else if let Some(d) = description {
                prose.push((format!("{r_at}/description"), format!("error-{code}")));
                messages.push((format!("error-{code}"), d));
            }
            out.push(Value::Object(row));
        }
        if !out.is_empty() && !documents_success {
            // A page documents what a call answers: an operation whose document lists only
            // errors gets the plain success of its method, and the report says so.
            let code = if method == "post" { 201 } else { 200 };
            self.skipped.push(format!(
                "`#{at}/responses`: no success response is documented; `{code} {}` (no body) is shown",
                reason(code)
            ));
            out.insert(0, json!({ "status": format!("{code} {}", reason(code)) }));
        }
        Ok(out)
    }
}

/// A resolved parameter.
pub struct Param {
    /// Name.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    /// Required.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// Its schema.
    pub schema: Value,
    /// Pointer of its schema.
    pub schema_at: String,
    /// Example value from the document.
    pub example: Option<Value>,
    /// JSON pointer of the (resolved) parameter object.
    pub at: String,
}

/// The request body's content.
pub enum BodyKind {
    /// JSON of a type, with the document's example if any.
    Json(String, Option<Value>),
    /// Another media type.
    Other(String),
}

/// The OData namespace `@odata.type` values use, read from a discriminator on `@odata.type`
/// whose mapping names a type by its short name (`#microsoft.graph.user` ->
/// `#/components/schemas/user` gives `microsoft.graph`), so that polydoc resolves those
/// values to the imported types (derived types known to their base).
fn odata_namespace(root: &Value) -> Option<String> {
    let schemas = root.pointer("/components/schemas")?.as_object()?;
    let mut todo: Vec<&Value> = schemas.values().collect();
    while let Some(schema) = todo.pop() {
        todo.extend(schema.get("allOf").and_then(Value::as_array).into_iter().flatten());
        let Some(d) = schema.get("discriminator") else { continue };
        if d.get("propertyName").and_then(Value::as_str) != Some("@odata.type") {
            continue;
        }
        for (value, target) in d.get("mapping").and_then(Value::as_object).into_iter().flatten() {
            let Some(target) = target.as_str() else { continue };
            // The mapping value names the component as the document does (`#ns.Date`), not
            // as polydoc names its type (`Date_`).
            let name = ref_name(target);
            let ns = value.strip_prefix('#').and_then(|v| v.strip_suffix(&format!(".{name}")));
            if let Some(ns) = ns.filter(|ns| !ns.is_empty()) {
                return Some(ns.to_string());
            }
        }
    }
    None
}

fn is_json(media: &str) -> bool {
    media == "application/json"
        || media.ends_with("+json")
        || media.starts_with("application/json;")
}

/// A media type as a spec writes it: `type/subtype` and each `name=value` parameter, joined by
/// `;` without spaces (`text/plain; utf-8` is `text/plain`).
fn media_type_text(media: &str) -> String {
    let mut parts = media.split(';').map(str::trim);
    let mut out: String = parts.next().unwrap_or_default().split_whitespace().collect();
    for param in parts {
        let Some((name, value)) = param.split_once('=') else { continue };
        let (name, value) = (name.trim(), value.trim());
        if !name.is_empty() && !value.is_empty() && !value.contains(char::is_whitespace) {
            out.push_str(&format!(";{name}={value}"));
        }
    }
    out
}

/// True for the pointer of a `components.schemas` entry itself (not of a schema inside one).
fn is_component_schema(pointer: &str) -> bool {
    pointer.strip_prefix("/components/schemas/").is_some_and(|name| !name.contains('/'))
}

fn is_named_type(schema: &Value) -> bool {
    let (ty, _) = schema_type(schema);
    schema.get("enum").is_some()
        && ty.as_deref() != Some("integer")
        && ty.as_deref() != Some("number")
        || schema.get("properties").is_some()
        || schema.get("allOf").is_some()
        || ty.as_deref() == Some("object")
}

/// The `type` of a schema (the non-null one of a 3.1 list) and whether `null` is listed.
fn schema_type(schema: &Value) -> (Option<String>, bool) {
    match schema.get("type") {
        // `type: "null"` alone: only `null` (any JSON value, nullable, where it is a property).
        Some(Value::String(s)) if s == "null" => (None, true),
        Some(Value::String(s)) => (Some(s.clone()), false),
        Some(Value::Array(list)) => {
            let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
            (names.iter().find(|n| **n != "null").map(|s| s.to_string()), names.contains(&"null"))
        }
        _ => (None, false),
    }
}

/// A schema that allows only `null`: `type: null`, or OpenAPI 3.0's `nullable: true` alone or
/// on a bare `type: object` (Graph's `anyOf: [{$ref}, {type: object, nullable: true}]`).
fn is_null_schema(s: &Value) -> bool {
    let bare_nullable = s.get("nullable") == Some(&json!(true))
        && s.as_object().is_some_and(|o| {
            o.keys().all(|k| k == "nullable" || k == "type")
                && o.get("type").is_none_or(|t| t == "object")
        });
    s.get("type").and_then(Value::as_str) == Some("null") || bare_nullable
}

/// Keywords that describe a schema without constraining its values.
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "default",
    "example",
    "examples",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
];

/// A schema made only of annotations (`{description: ...}`), as the second part of OpenAPI
/// 3.0's `allOf: [{$ref: X}, {description: ...}]`, which says "an X, described so": it adds
/// no type, and the schema is the other part's.
fn is_annotation(s: &Value) -> bool {
    s.as_object().is_some_and(|o| {
        !o.is_empty() && o.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
    })
}

/// Annotation `key` of `schema`, or of one of its `allOf` annotation parts: the text and its
/// JSON pointer below `at`.
fn annotation_text(schema: &Value, key: &str, at: &str) -> Option<(String, String)> {
    if let Some(text) = text_of(schema, key) {
        return Some((text, format!("{at}/{key}")));
    }
    let parts = schema.get("allOf").and_then(Value::as_array)?;
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| is_annotation(p))
        .find_map(|(i, p)| text_of(p, key).map(|text| (text, format!("{at}/allOf/{i}/{key}"))))
}

/// Flag `key` of `schema` or of one of its `allOf` annotation parts.
fn annotation_flag(schema: &Value, key: &str) -> bool {
    flag(schema, key)
        || schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| parts.iter().any(|p| is_annotation(p) && flag(p, key)))
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The text of string `key` of `v`, without the broken characters `check` reports; `None`
/// when nothing else is left, or only markup (`<p></p>`).
fn text_of(v: &Value, key: &str) -> Option<String> {
    let text = crate::check::characters::without_broken_characters(v.get(key)?.as_str()?);
    Some(text.trim().to_string()).filter(|s| !super::emit::is_blank(s))
}

/// A title from an operation's summary: its first line with text, the HTML tags that break
/// lines (`<p>`, `<br/>`, `<div class="x">`) counted as line breaks, its white space runs
/// single spaces; `None` when nothing is left.
fn one_line_title(summary: &str) -> Option<String> {
    static BREAKS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)</?(?:p|br|div)\b[^>]*>").expect("valid pattern")
    });
    let text = BREAKS.replace_all(summary, "\n");
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let text = first;
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    Some(words.join(" ")).filter(|t| !t.is_empty())
}

fn value_text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), String::from)
}

/// A schema type name: letters, digits, `_` and `.` kept, anything else `_`. A name that is one
/// of polydoc's primitives (a component `Date` of year, month and day, as Google's APIs have,
/// or an object called `Guid`) gets a trailing `_`, so pages, examples and snippets treat it as
/// the object it is rather than as the primitive.
pub fn type_name(raw: &str) -> String {
    let name: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '.' { c } else { '_' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("T{name}")
    } else if crate::spec::schema::PRIMITIVES.contains(&name.as_str()) {
        name + "_"
    } else {
        name
    }
}

fn pascal(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w[..1].to_ascii_uppercase() + &w[1..])
        .collect()
}

/// `listPets` -> `list-pets`; anything but a-z0-9 becomes `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('-');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' });
    }
    out.split('-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

fn op_slug(op: &Value, method: &str, path: &str) -> String {
    let s = op.get("operationId").and_then(Value::as_str).map(slug).unwrap_or_default();
    let s = if s.is_empty() { slug(&format!("{method} {path}")) } else { s };
    short_slug(&s)
}

/// Longest id polydoc accepts (`validate::is_slug`).
const MAX_ID: usize = 100;

/// `s` when it fits in [`MAX_ID`]; else its first words up to 88 characters and a hash of the
/// whole (stable: the same operation keeps its id on every import).
fn short_slug(s: &str) -> String {
    if s.len() <= MAX_ID {
        return s.to_string();
    }
    let mut head = String::new();
    for word in s.split('-') {
        if head.len() + word.len() + 1 > 88 {
            break;
        }
        if !head.is_empty() {
            head.push('-');
        }
        head.push_str(word);
    }
    if head.is_empty() {
        head = s[..88].trim_end_matches('-').to_string();
    }
    format!("{head}-{:08x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()) as u32)
}

fn unique_slug(base: &str, used: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() { "operation".to_string() } else { base.to_string() };
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn humanize(id: &str) -> String {
    let s = id.replace('-', " ");
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

/// The status a range key (`2XX`, `4XX`) or `default` of a `method` response stands for: a
/// success with content is `201` for a POST and `200` otherwise, one without `204`; an error
/// range its first code; `default` an error (`500`) when a success is listed, else a success.
fn range_status(key: &str, method: &str, response: &Value, has_success: bool) -> Option<u16> {
    let class = match key.to_ascii_uppercase().as_str() {
        "DEFAULT" if has_success => 5,
        "DEFAULT" => 2,
        k if k.len() == 3 && k.ends_with("XX") => k[..1].parse::<u16>().ok()?,
        _ => return None,
    };
    let has_content =
        response.get("content").and_then(Value::as_object).is_some_and(|c| !c.is_empty())
            || response.get("$ref").is_some();
    match class {
        2 if !has_content => Some(204),
        2 if method == "post" => Some(201),
        1..=5 => Some(class * 100),
        _ => None,
    }
}

/// The reason phrase of a status code.
pub fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// True for an OData service's `Json` complex type (`<namespace>.Json`, declaring nothing but
/// `@odata.type`): the CSDL stand-in for `Edm.Untyped` that Microsoft's metadata preprocessing
/// turns into `Edm.Untyped` before the Kiota SDKs are generated
/// (msgraph-metadata `transforms/csdl/preprocess_csdl.xsl`), so the import maps it to `Untyped`.
fn is_odata_json(target: &str, resolved: &Value) -> bool {
    let name = ref_name(target);
    let only_type = match resolved.get("properties") {
        Some(Value::Object(props)) => props.keys().all(|k| k == "@odata.type"),
        None => true,
        Some(_) => false,
    };
    name.rsplit_once('.').is_some_and(|(_, last)| last == "Json")
        && only_type
        && resolved.get("allOf").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_written_without_spaces_or_malformed_parameters() {
        assert_eq!(media_type_text("text/plain; utf-8"), "text/plain");
        assert_eq!(media_type_text("text/plain; charset=utf-8"), "text/plain;charset=utf-8");
        assert_eq!(media_type_text("image/png"), "image/png");
    }

    #[test]
    fn range_keys_stand_for_the_status_a_reader_meets() {
        let body = json!({ "content": { "application/json": { "schema": {} } } });
        let empty = json!({ "description": "No content" });
        assert_eq!(range_status("2XX", "post", &body, false), Some(201));
        assert_eq!(range_status("2xx", "get", &body, false), Some(200));
        assert_eq!(range_status("2XX", "patch", &empty, false), Some(204));
        assert_eq!(range_status("4XX", "get", &json!({ "$ref": "#/x" }), true), Some(400));
        assert_eq!(range_status("5XX", "get", &body, true), Some(500));
        assert_eq!(range_status("default", "get", &body, true), Some(500));
        assert_eq!(range_status("default", "get", &body, false), Some(200));
        assert_eq!(range_status("204", "get", &body, false), None);
        assert_eq!(range_status("9XX", "get", &body, false), None);
    }

    #[test]
    fn long_operation_ids_are_shortened_stably_within_the_limit() {
        let long = "admin-service-announcement-health-overviews-service-health-issues-service-health-issue-incident-report";
        let short = short_slug(long);
        assert!(short.len() <= MAX_ID && crate::validate::is_slug(&short), "{short}");
        assert!(short.starts_with("admin-service-announcement-health-overviews"), "{short}");
        assert_eq!(short, short_slug(long), "stable");
        assert_ne!(short, short_slug(&format!("{long}-x")), "distinct ids stay distinct");
        assert_eq!(short_slug("create-chat"), "create-chat");
    }
}
