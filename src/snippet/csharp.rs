//! The C# tab (Microsoft Graph .NET SDK 5.x): the header comment, `using Microsoft.Graph.Models;`,
//! one object initializer for the body (`new Chat { ChatType = ChatType.OneOnOne, ... }`) with
//! `AdditionalData = new Dictionary<string, object>` for undeclared keys, and the awaited call on
//! the request-builder chain, with a `(requestConfiguration) => { ... }` lambda setting typed
//! `QueryParameters` and `Headers.Add(...)` when the request has a query or headers. A bound
//! action's body is its `<Action>PostRequestBody` from the action's request-builder namespace.
//! Additional-data values that are objects or arrays become nested `Dictionary<string, object>`
//! / `List<object>` initializers. Indentation is one tab per level.

use super::names::{model, pascal};
use super::path::RequestChain;
use super::query::{QueryValue, RequestConfig};
use super::walk::{ElementKind, Node, ObjectNode, Scalar, ODATA_TYPE};
use super::{
    calls_action, returns_nothing, uploads_stream, walk_request, SnippetError, SnippetLanguage,
};
use crate::spec::schema::TypeRef;
use crate::spec::{HttpRequest, Schema};
use serde_json::Value;

const HEADER: &str =
    "// Code snippets are only available for the latest version. Current version is 5.x";
const CLIENT_NOTE: &str = "// To initialize your graphClient, see https://learn.microsoft.com/en-us/graph/sdks/create-client?from=snippets&tabs=csharp";

/// The C# language.
pub struct CSharp;

impl SnippetLanguage for CSharp {
    fn id(&self) -> &'static str {
        "csharp"
    }
    fn label(&self) -> &'static str {
        "C#"
    }
    fn syntax_token(&self) -> &'static str {
        "cs"
    }
    fn generate(
        &self,
        req: &HttpRequest,
        schema: &Schema,
        root_type: &str,
    ) -> Result<String, SnippetError> {
        let body = walk_request(req, schema, root_type)?;
        let config = RequestConfig::of(req);
        let mut out = Lines::default();
        out.line(0, HEADER);
        out.blank();
        if let Some(body) = &body {
            out.line(0, "// Dependencies");
            if let Some(ns) = &body.namespace {
                let words: Vec<String> = ns.iter().map(|w| pascal(w)).collect();
                out.line(0, &format!("using Microsoft.Graph.{};", words.join(".")));
            }
            if body.namespace.is_none() || has_model(body) {
                out.line(0, "using Microsoft.Graph.Models;");
            }
            if has_untyped(body) {
                out.line(0, "using Microsoft.Kiota.Abstractions.Serialization;");
            }
            out.blank();
            write_object(&mut out, 0, "var requestBody = ", body, ";");
            out.blank();
        }
        out.line(0, CLIENT_NOTE);
        write_call(&mut out, req, body.is_some(), &config);
        Ok(out.text)
    }
}

/// True when an object below `node` is a model class.
fn has_model(node: &ObjectNode) -> bool {
    fn any(node: &Node) -> bool {
        match node {
            Node::Object(_) => true,
            Node::Collection { items, .. } => items.iter().any(any),
            _ => false,
        }
    }
    node.properties.iter().any(|p| any(&p.value))
}

/// True when the body holds an untyped value (Kiota's `UntypedNode` classes).
fn has_untyped(node: &ObjectNode) -> bool {
    fn any(node: &Node) -> bool {
        match node {
            Node::Untyped(_) => true,
            Node::Object(object) => has_untyped(object),
            Node::Collection { items, .. } => items.iter().any(any),
            _ => false,
        }
    }
    node.properties.iter().any(|p| any(&p.value))
}

/// `var result = await graphClient.Chats.PostAsync(requestBody);`, with a request-configuration
/// lambda when the request has query parameters or headers.
fn write_call(out: &mut Lines, req: &HttpRequest, has_body: bool, config: &RequestConfig) {
    let chain = RequestChain::of(req);
    let method = pascal(&req.method.to_lowercase());
    // An action or a stream upload may return nothing (a `Task`, whose result cannot be kept).
    let void = returns_nothing(req) || calls_action(req) || uploads_stream(req);
    let lead = if void { "" } else { "var result = " };
    let body_arg = match has_body {
        true => "requestBody",
        false if uploads_stream(req) => "new MemoryStream()",
        false => "",
    };
    let has_body = !body_arg.is_empty();
    let start = format!("{lead}await {}.{method}Async({body_arg}", chain.csharp());
    if config.is_empty() {
        out.line(0, &format!("{start});"));
        return;
    }
    let sep = if has_body { ", " } else { "" };
    out.line(0, &format!("{start}{sep}(requestConfiguration) =>"));
    out.line(0, "{");
    for param in &config.query {
        out.line(
            1,
            &format!(
                "requestConfiguration.QueryParameters.{} = {};",
                param.csharp(),
                query_literal(&param.value)
            ),
        );
    }
    for (name, value) in &config.headers {
        out.line(
            1,
            &format!(
                "requestConfiguration.Headers.Add({}, {});",
                string_literal(name),
                string_literal(value)
            ),
        );
    }
    out.line(0, "});");
}

/// A typed query parameter value.
fn query_literal(value: &QueryValue) -> String {
    match value {
        QueryValue::Int(i) => i.to_string(),
        QueryValue::Bool(b) => b.to_string(),
        QueryValue::List(items) => {
            let items: Vec<String> = items.iter().map(|i| string_literal(i)).collect();
            format!("new string []{{ {} }}", items.join(","))
        }
        QueryValue::Text(text) => string_literal(text),
    }
}

/// Text built line by line with tab indentation.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, indent: usize, text: &str) {
        self.text.extend(std::iter::repeat_n('\t', indent));
        self.text.push_str(text);
        self.text.push('\n');
    }
    fn blank(&mut self) {
        self.text.push('\n');
    }
}

/// `prefix new T { ... }suffix`
fn write_object(out: &mut Lines, indent: usize, prefix: &str, node: &ObjectNode, suffix: &str) {
    out.line(indent, &format!("{prefix}new {}", class(&node.type_name)));
    out.line(indent, "{");
    for prop in &node.properties {
        let member = if prop.name == ODATA_TYPE { pascal(ODATA_TYPE) } else { pascal(&prop.name) };
        write_node(out, indent + 1, &format!("{member} = "), &prop.value, ",");
    }
    if !node.additional.is_empty() {
        write_dictionary(out, indent + 1, "AdditionalData = ", &node.additional, ",");
    }
    out.line(indent, &format!("}}{suffix}"));
}

/// Any typed value.
fn write_node(out: &mut Lines, indent: usize, prefix: &str, node: &Node, suffix: &str) {
    match node {
        Node::Object(object) => write_object(out, indent, prefix, object, suffix),
        Node::Collection { element, kind, items } => {
            out.line(indent, &format!("{prefix}new List<{}>", element_type(element, *kind)));
            out.line(indent, "{");
            for item in items {
                write_node(out, indent + 1, "", item, ",");
            }
            out.line(indent, &format!("}}{suffix}"));
        }
        Node::Untyped(value) => write_untyped_node(out, indent, prefix, value, suffix),
        scalar => out.line(indent, &format!("{prefix}{}{suffix}", scalar_literal(scalar))),
    }
}

/// An untyped value as Kiota's node classes: `new UntypedObject(new Dictionary<string,
/// UntypedNode> { ... })`, `new UntypedArray(new List<UntypedNode> { ... })`,
/// `new UntypedString("x")`, `new UntypedInteger(1)`, ...
fn write_untyped_node(out: &mut Lines, indent: usize, prefix: &str, value: &Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            out.line(
                indent,
                &format!("{prefix}new UntypedObject(new Dictionary<string, UntypedNode>"),
            );
            out.line(indent, "{");
            for (key, item) in map {
                let entry = format!("{{ {}, ", string_literal(key));
                write_untyped_node(out, indent + 1, &entry, item, " },");
            }
            out.line(indent, &format!("}}){suffix}"));
        }
        Value::Array(items) => {
            out.line(indent, &format!("{prefix}new UntypedArray(new List<UntypedNode>"));
            out.line(indent, "{");
            for item in items {
                write_untyped_node(out, indent + 1, "", item, ",");
            }
            out.line(indent, &format!("}}){suffix}"));
        }
        scalar => out.line(indent, &format!("{prefix}{}{suffix}", untyped_scalar_node(scalar))),
    }
}

/// A scalar as its Kiota node: `new UntypedString("x")`, `new UntypedLong(5000000000L)`, ...
fn untyped_scalar_node(value: &Value) -> String {
    super::kiota_untyped_scalar(value, string_literal)
}

/// The C# type of a collection element as the SDK declares it: value types and enums nullable
/// (`List<int?>`, `List<ChatType?>`), `string` and classes as they are.
fn element_type(element: &TypeRef, kind: ElementKind) -> String {
    match element.name.as_str() {
        _ if kind == ElementKind::Enum => format!("{}?", class(&element.name)),
        "String" => "string".into(),
        "Int32" => "int?".into(),
        "Int64" => "long?".into(),
        "Double" => "double?".into(),
        "Boolean" => "bool?".into(),
        "DateTimeOffset" => "DateTimeOffset?".into(),
        "Guid" => "Guid?".into(),
        "Date" => "Date?".into(),
        "Binary" => "byte[]".into(),
        "Duration" => "TimeSpan?".into(),
        other => class(other),
    }
}

/// The C# class of a schema type: `User`, or fully qualified in a models sub-namespace
/// (`Microsoft.Graph.Models.Security.EdiscoveryCase`).
fn class(type_name: &str) -> String {
    let model = model(type_name);
    if model.namespace.is_empty() {
        return model.class;
    }
    let words: Vec<String> = model.namespace.iter().map(|w| pascal(w)).collect();
    format!("Microsoft.Graph.Models.{}.{}", words.join("."), model.class)
}

/// A literal for an enum, primitive or null.
fn scalar_literal(node: &Node) -> String {
    match node {
        Node::Enum { type_name, member } => format!("{}.{}", class(type_name), pascal(member)),
        Node::Primitive { edm, value } => primitive_literal(edm, value),
        _ => "null".into(),
    }
}

/// A typed primitive literal.
fn primitive_literal(edm: &str, value: &Scalar) -> String {
    match (edm, value) {
        (_, Scalar::Bool(b)) => b.to_string(),
        ("Int64", Scalar::Number(n)) => format!("{n}L"),
        ("Double", Scalar::Number(n)) => format!("{n}d"),
        (_, Scalar::Number(n)) => n.to_string(),
        ("DateTimeOffset", Scalar::String(s)) => {
            format!("DateTimeOffset.Parse({})", string_literal(s))
        }
        ("Duration", Scalar::String(s)) => {
            format!("System.Xml.XmlConvert.ToTimeSpan({})", string_literal(s))
        }
        ("Guid", Scalar::String(s)) => format!("Guid.Parse({})", string_literal(s)),
        ("Date", Scalar::String(s)) => format!("new Date(DateTime.Parse({}))", string_literal(s)),
        ("Binary", Scalar::String(s)) => format!("Convert.FromBase64String({})", string_literal(s)),
        (_, Scalar::String(s)) => string_literal(s),
    }
}

/// `prefix new Dictionary<string, object> { { "key" , value }, ... }suffix`
fn write_dictionary(
    out: &mut Lines,
    indent: usize,
    prefix: &str,
    entries: &[(String, Value)],
    suffix: &str,
) {
    out.line(indent, &format!("{prefix}new Dictionary<string, object>"));
    out.line(indent, "{");
    for (key, value) in entries {
        out.line(indent + 1, "{");
        write_untyped(out, indent + 2, &format!("{} , ", string_literal(key)), value, "");
        out.line(indent + 1, "},");
    }
    out.line(indent, &format!("}}{suffix}"));
}

/// An additional-data value: scalars inline, objects and arrays as nested initializers.
fn write_untyped(out: &mut Lines, indent: usize, prefix: &str, value: &Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            let entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            write_dictionary(out, indent, prefix, &entries, suffix);
        }
        Value::Array(items) => {
            out.line(indent, &format!("{prefix}new List<object>"));
            out.line(indent, "{");
            for item in items {
                write_untyped(out, indent + 1, "", item, ",");
            }
            out.line(indent, &format!("}}{suffix}"));
        }
        scalar => out.line(indent, &format!("{prefix}{}{suffix}", untyped_scalar(scalar))),
    }
}

/// A literal for an untyped JSON scalar.
fn untyped_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => string_literal(s),
        Value::Number(n) if n.is_f64() => format!("{n}d"),
        Value::Number(n) if n.is_i64() && n.as_i64().is_some_and(|i| i32::try_from(i).is_err()) => {
            format!("{n}L")
        }
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "null".into(),
    }
}

/// A regular C# string literal: `"` `\` and control characters escaped, and the characters C#
/// treats as line breaks (U+0085, U+2028, U+2029) as `\u` escapes; other non-ASCII kept.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::schema::SchemaFile;

    #[test]
    fn typed_lists_and_numbers() {
        let yaml = "namespace: microsoft.graph\ntypes:\n  recurrencePattern:\n    properties:\n      daysOfWeek: { type: Collection(weekDay) }\n      interval: { type: Int32 }\n      sizes: { type: Collection(Int64) }\n      big: { type: Int64 }\n      ratio: { type: Double }\n  weekDay:\n    members: [monday, friday]\n";
        let schema =
            Schema::merge(vec![serde_saphyr::from_str::<SchemaFile>(yaml).unwrap()]).unwrap();
        let body = serde_json::json!({"daysOfWeek": ["monday", "friday"], "interval": 2, "sizes": [1], "big": 5, "ratio": 3});
        let req = HttpRequest {
            method: "PATCH".into(),
            url: "/x/{x-id}".into(),
            headers: vec![],
            body: Some(body),
        };
        let cs = CSharp.generate(&req, &schema, "recurrencePattern").unwrap();
        assert!(cs.contains("\tDaysOfWeek = new List<WeekDay?>\n\t{\n\t\tWeekDay.Monday,\n\t\tWeekDay.Friday,\n\t},\n"), "{cs}");
        assert!(cs.contains("\tInterval = 2,\n\tSizes = new List<long?>\n\t{\n\t\t1L,\n\t},\n\tBig = 5L,\n\tRatio = 3d,\n"), "{cs}");
        assert!(
            cs.ends_with("var result = await graphClient.X[\"{x-id}\"].PatchAsync(requestBody);\n"),
            "{cs}"
        );
    }
}
