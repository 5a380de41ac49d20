//! The shared walk: a JSON request body read against the type schema into a typed tree that
//! every SDK generator renders. It owns type resolution (`@odata.type` selecting a derived
//! type), the split between declared properties (typed, JSON order) and additional data
//! (undeclared keys, kept exactly as written, rendered last as the SDKs do), enum and primitive
//! checks, and the JSON pointer of any value it refuses. Data-level doubts (a GUID that is not a
//! GUID, a read-only or null property) are not its business: it only refuses what no SDK model
//! could hold.

use super::SnippetError;
use crate::spec::http::json_kind;
use crate::spec::schema::{Schema, TypeRef, UNTYPED};
use serde_json::{Map, Number, Value};

/// The JSON key that selects a derived type.
pub const ODATA_TYPE: &str = "@odata.type";

/// An object of a schema type, with its members in rendering order.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectNode {
    /// The type the position declares (`conversationMember` for an element of `members`).
    pub declared_type: String,
    /// The type actually built: the `@odata.type` target when given, else `declared_type`.
    pub type_name: String,
    /// Declared properties (and `@odata.type`), in JSON order.
    pub properties: Vec<PropertyNode>,
    /// Undeclared keys, exactly as written, with their raw JSON values, in JSON order.
    pub additional: Vec<(String, Value)>,
    /// For an action's `<Action>PostRequestBody`: the namespace words of its request builder
    /// (`users`, `item`, `getMemberGroups`); `None` for a model of the schema.
    pub namespace: Option<Vec<String>>,
}

/// One declared property (or `@odata.type`) with its typed value.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyNode {
    /// The JSON key (`chatType`, `@odata.type`).
    pub name: String,
    /// The typed value.
    pub value: Node,
}

/// A typed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A structured value.
    Object(ObjectNode),
    /// A collection with its declared element type and what kind of type that is.
    Collection { element: TypeRef, kind: ElementKind, items: Vec<Node> },
    /// An enum member as written in JSON (`oneOnOne`) of enum type `type_name`.
    Enum { type_name: String, member: String },
    /// A primitive of Edm type `edm` (`String`, `Int32`, ...).
    Primitive { edm: String, value: Scalar },
    /// A value of OData's `Edm.Untyped` (or a collection of them): any JSON, as written.
    Untyped(Value),
    /// JSON `null`.
    Null,
}

/// What a collection's element type is (an empty collection has no item to tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementKind {
    /// An Edm primitive (`String`, `Int32`, ...).
    Primitive,
    /// An enum type of the schema.
    Enum,
    /// A structured type of the schema.
    Object,
}

/// A primitive JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A string.
    String(String),
    /// A number as written.
    Number(Number),
    /// A boolean.
    Bool(bool),
}

/// Walks `body` as a value of `root_type`.
pub fn walk_body(
    body: &Value,
    schema: &Schema,
    root_type: &str,
) -> Result<ObjectNode, SnippetError> {
    if schema.get(root_type).is_none() || schema.is_enum(root_type) {
        return Err(SnippetError::new(format!(
            "the request body type `{root_type}` is not a structured type of the schema"
        )));
    }
    match body {
        Value::Object(map) => walk_object(map, schema, root_type, ""),
        other => Err(wrong_type(&format!("an object of type {root_type}"), other, "")),
    }
}

/// Walks one JSON object whose position declares `declared`.
fn walk_object(
    map: &Map<String, Value>,
    schema: &Schema,
    declared: &str,
    pointer: &str,
) -> Result<ObjectNode, SnippetError> {
    let type_name = resolve_type(map, schema, declared, pointer)?;
    let mut node = ObjectNode {
        declared_type: declared.to_string(),
        type_name: type_name.clone(),
        properties: Vec::new(),
        additional: Vec::new(),
        namespace: None,
    };
    for (key, value) in map {
        let child = format!("{pointer}/{}", escape_pointer(key));
        if key == ODATA_TYPE {
            let value = Node::Primitive {
                edm: "String".into(),
                value: Scalar::String(as_str(value).to_string()),
            };
            node.properties.push(PropertyNode { name: key.clone(), value });
        } else if let Some(prop) = schema.property(&type_name, key) {
            let type_ref = TypeRef::parse(&prop.type_expr);
            let value = walk_value(value, schema, &type_ref, &child)?;
            node.properties.push(PropertyNode { name: key.clone(), value });
        } else {
            node.additional.push((key.clone(), value.clone()));
        }
    }
    Ok(node)
}

/// Walks the body of a bound action as Kiota's `<Action>PostRequestBody` (`class`), whose
/// parameters the type schema does not declare: each parameter is typed from its JSON value
/// (booleans, whole numbers as Int32 or Int64, other numbers as Double, strings, lists of
/// strings, objects whose `@odata.type` the schema knows); anything else (an untyped object, a
/// mixed list) goes to additional data exactly as written, which every SDK sends unchanged.
pub fn walk_action_body(
    body: &Value,
    schema: &Schema,
    class: &str,
    namespace: Vec<String>,
) -> Result<ObjectNode, SnippetError> {
    let Value::Object(map) = body else {
        return Err(wrong_type("an object of action parameters", body, ""));
    };
    let mut node = ObjectNode {
        declared_type: class.to_string(),
        type_name: class.to_string(),
        properties: Vec::new(),
        additional: Vec::new(),
        namespace: Some(namespace),
    };
    for (key, value) in map {
        let pointer = format!("/{}", escape_pointer(key));
        match parameter_node(value, schema, &pointer)? {
            Some(typed) => node.properties.push(PropertyNode { name: key.clone(), value: typed }),
            None => node.additional.push((key.clone(), value.clone())),
        }
    }
    Ok(node)
}

/// Walks the body of a `$ref` request as Kiota's `ReferenceCreate`/`ReferenceUpdate` model
/// (`class`): `@odata.id` is its one property, any other key goes to additional data.
pub fn walk_reference(body: &Value, class: &str) -> Result<ObjectNode, SnippetError> {
    let Value::Object(map) = body else {
        return Err(wrong_type("an object such as {\"@odata.id\": \"https://...\"}", body, ""));
    };
    let mut node = ObjectNode {
        declared_type: class.to_string(),
        type_name: class.to_string(),
        properties: Vec::new(),
        additional: Vec::new(),
        namespace: None,
    };
    for (key, value) in map {
        match (key.as_str(), value) {
            ("@odata.id", Value::String(id)) => node.properties.push(PropertyNode {
                name: key.clone(),
                value: Node::Primitive { edm: "String".into(), value: Scalar::String(id.clone()) },
            }),
            ("@odata.id", other) => {
                return Err(wrong_type("a string (the URL of the object)", other, "/@odata.id"))
            }
            _ => node.additional.push((key.clone(), value.clone())),
        }
    }
    Ok(node)
}

/// The typed value of an action parameter, or `None` when JSON alone cannot type it.
fn parameter_node(
    value: &Value,
    schema: &Schema,
    pointer: &str,
) -> Result<Option<Node>, SnippetError> {
    let primitive = |edm: &str, value: Scalar| Node::Primitive { edm: edm.into(), value };
    Ok(Some(match value {
        Value::Bool(b) => primitive("Boolean", Scalar::Bool(*b)),
        Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => {
            primitive("Int32", Scalar::Number(n.clone()))
        }
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            primitive("Int64", Scalar::Number(n.clone()))
        }
        Value::Number(n) => primitive("Double", Scalar::Number(n.clone())),
        Value::String(s) => primitive("String", Scalar::String(s.clone())),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let element = TypeRef { name: "String".into(), collection: false };
            let items = items
                .iter()
                .map(|i| primitive("String", Scalar::String(as_str(i).into())))
                .collect();
            Node::Collection { element, kind: ElementKind::Primitive, items }
        }
        Value::Object(map) => {
            let Some(found) = map
                .get(ODATA_TYPE)
                .and_then(Value::as_str)
                .and_then(|t| schema.resolve_odata_type(t))
            else {
                return Ok(None);
            };
            if schema.is_enum(found) {
                return Ok(None);
            }
            Node::Object(walk_object(map, schema, found, pointer)?)
        }
        _ => return Ok(None),
    }))
}

/// The type an object builds: its `@odata.type` when present (which must name `declared` or a
/// type derived from it), else `declared`.
fn resolve_type(
    map: &Map<String, Value>,
    schema: &Schema,
    declared: &str,
    pointer: &str,
) -> Result<String, SnippetError> {
    let Some(raw) = map.get(ODATA_TYPE) else {
        return Ok(declared.to_string());
    };
    let at = format!("{pointer}/{ODATA_TYPE}");
    let Value::String(text) = raw else {
        return Err(wrong_type("a string such as \"#microsoft.graph.chat\"", raw, &at));
    };
    let Some(found) = schema.resolve_odata_type(text) else {
        return Err(SnippetError::at(
            format!("unknown @odata.type \"{text}\": the schema declares no such type (expected {declared} or a type derived from it)"),
            &at,
        ));
    };
    if schema.is_enum(found) || !schema.derives_from(found, declared) {
        return Err(SnippetError::at(
            format!("@odata.type \"{text}\" does not derive from {declared}, the type this position declares"),
            &at,
        ));
    }
    Ok(found.to_string())
}

/// Walks a value whose position declares `type_ref`.
fn walk_value(
    value: &Value,
    schema: &Schema,
    type_ref: &TypeRef,
    pointer: &str,
) -> Result<Node, SnippetError> {
    if value.is_null() {
        return Ok(Node::Null);
    }
    if type_ref.name == UNTYPED && (!type_ref.collection || value.is_array()) {
        return Ok(Node::Untyped(value.clone()));
    }
    if type_ref.collection {
        let Value::Array(items) = value else {
            return Err(wrong_type(&format!("an array of {}", type_ref.name), value, pointer));
        };
        let element = TypeRef { name: type_ref.name.clone(), collection: false };
        let items = items
            .iter()
            .enumerate()
            .map(|(i, item)| walk_value(item, schema, &element, &format!("{pointer}/{i}")))
            .collect::<Result<Vec<_>, _>>()?;
        let kind = if element.is_primitive() {
            ElementKind::Primitive
        } else if schema.is_enum(&element.name) {
            ElementKind::Enum
        } else {
            ElementKind::Object
        };
        return Ok(Node::Collection { element, kind, items });
    }
    if type_ref.is_primitive() {
        return walk_primitive(value, &type_ref.name, pointer);
    }
    if schema.is_enum(&type_ref.name) {
        return walk_enum(value, schema, &type_ref.name, pointer);
    }
    match value {
        Value::Object(map) => Ok(Node::Object(walk_object(map, schema, &type_ref.name, pointer)?)),
        other => Err(wrong_type(&format!("an object of type {}", type_ref.name), other, pointer)),
    }
}

/// Checks a primitive's JSON type against its Edm type.
fn walk_primitive(value: &Value, edm: &str, pointer: &str) -> Result<Node, SnippetError> {
    let scalar = match (edm, value) {
        ("Boolean", Value::Bool(b)) => Scalar::Bool(*b),
        ("Int32" | "Int64", Value::Number(n)) if n.is_i64() || n.is_u64() => {
            Scalar::Number(n.clone())
        }
        ("Double", Value::Number(n)) => Scalar::Number(n.clone()),
        ("Boolean" | "Int32" | "Int64" | "Double", other) => {
            return Err(wrong_type(&expected_for(edm), other, pointer))
        }
        (_, Value::String(s)) => Scalar::String(s.clone()),
        (_, other) => return Err(wrong_type(&expected_for(edm), other, pointer)),
    };
    Ok(Node::Primitive { edm: edm.to_string(), value: scalar })
}

/// Words for what an Edm type accepts in JSON.
fn expected_for(edm: &str) -> String {
    match edm {
        "Boolean" => "true or false (Boolean)".into(),
        "Int32" | "Int64" => format!("a whole number ({edm})"),
        "Double" => "a number (Double)".into(),
        other => format!("a string ({other})"),
    }
}

/// Checks an enum member against the schema.
fn walk_enum(
    value: &Value,
    schema: &Schema,
    type_name: &str,
    pointer: &str,
) -> Result<Node, SnippetError> {
    let members = schema.get(type_name).and_then(|t| t.members.as_deref()).unwrap_or(&[]);
    let Value::String(text) = value else {
        return Err(wrong_type(
            &format!("a {type_name} member ({})", members.join(", ")),
            value,
            pointer,
        ));
    };
    if !members.iter().any(|m| m == text) {
        return Err(SnippetError::at(
            format!(
                "enum value \"{text}\" is not a member of {type_name} (expected one of: {})",
                members.join(", ")
            ),
            pointer,
        ));
    }
    Ok(Node::Enum { type_name: type_name.to_string(), member: text.clone() })
}

/// The string inside a JSON string value, or "" for anything else (checked by `resolve_type`).
fn as_str(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// An error for a value of the wrong JSON type.
fn wrong_type(expected: &str, found: &Value, pointer: &str) -> SnippetError {
    SnippetError::at(format!("expected {expected}, found {}", json_kind(found)), pointer)
}

/// Escapes one JSON pointer reference token (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::schema::SchemaFile;
    use serde_json::json;

    fn schema() -> Schema {
        let yaml = "namespace: test.ns\ntypes:\n  base:\n    properties:\n      name: { type: String }\n  thing:\n    base: base\n    properties:\n      days: { type: Collection(day) }\n      sizes: { type: Collection(Int32) }\n      ratio: { type: Double }\n      parts: { type: Collection(base) }\n  day:\n    members: [monday, tuesday]\n";
        Schema::merge(vec![serde_saphyr::from_str::<SchemaFile>(yaml).unwrap()]).unwrap()
    }

    #[test]
    fn declared_then_additional_in_json_order() {
        let body = json!({"x@y": 1, "name": "n", "days": ["monday"], "ratio": 2, "sizes": []});
        let node = walk_body(&body, &schema(), "thing").unwrap();
        let names: Vec<_> = node.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["name", "days", "ratio", "sizes"]);
        assert_eq!(node.additional, vec![("x@y".to_string(), json!(1))]);
        assert!(matches!(
            &node.properties[1].value,
            Node::Collection { kind: ElementKind::Enum, .. }
        ));
        assert!(
            matches!(&node.properties[3].value, Node::Collection { kind: ElementKind::Primitive, items, .. } if items.is_empty())
        );
    }

    #[test]
    fn derived_type_and_pointers() {
        let s = schema();
        let body = json!({"parts": [{"@odata.type": "#test.ns.thing", "ratio": 1.5}]});
        let node = walk_body(&body, &s, "thing").unwrap();
        let Node::Collection { items, .. } = &node.properties[0].value else { panic!() };
        let Node::Object(part) = &items[0] else { panic!() };
        assert_eq!((part.declared_type.as_str(), part.type_name.as_str()), ("base", "thing"));
        let err = walk_body(&json!({"sizes": [1, 2.5]}), &s, "thing").unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("/sizes/1"));
        let err = walk_body(&json!({"days": ["friday"]}), &s, "thing").unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("/days/0"));
        let err =
            walk_body(&json!({"a/b": {}, "parts": [{"@odata.type": 3}]}), &s, "thing").unwrap_err();
        assert_eq!(err.pointer.as_deref(), Some("/parts/0/@odata.type"));
        assert_eq!(escape_pointer("a/b~c"), "a~1b~0c");
    }
}
