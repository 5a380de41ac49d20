//! The Python tab (Microsoft Graph Python SDK 1.x): the header comment, an import for
//! `GraphServiceClient` and for every model class the body uses (root type, then in walk order:
//! enums, a collection's element type, derived types), the `graph_client` note, one nested
//! constructor call with snake_case keyword arguments, and the awaited call on the request-builder
//! chain; a query or request headers go into a `RequestConfiguration` (typed
//! `<Builder>GetQueryParameters` imported from the request builder's module, then
//! `headers.add(...)`). A bound action's body is its `<Action>PostRequestBody` imported from the
//! action's package. Enum members that are Python keywords gain `_` (`None_`). Undeclared keys go to `additional_data = { ... }` with the key exactly as in JSON
//! (`"user@odata.bind"`); object and array values there become nested dict and list literals.
//! Strings are double-quoted with `\\`, `\"` and control characters escaped; other non-ASCII is
//! kept (Python source is UTF-8).

use super::names::{model, pascal, snake, upper_first};
use super::path::{me_as_user_item, RequestChain, Segment};
use super::query::{QueryValue, RequestConfig};
use super::walk::{Node, ObjectNode, Scalar, ODATA_TYPE};
use super::{returns_nothing, uploads_stream, walk_request, SnippetError, SnippetLanguage};
use crate::spec::schema::{TypeRef, PRIMITIVES};
use crate::spec::{HttpRequest, Schema};
use serde_json::Value;

const HEADER: &str =
    "# Code snippets are only available for the latest version. Current version is 1.x";
const CLIENT_NOTE: &str = "# To initialize your graph_client, see https://learn.microsoft.com/en-us/graph/sdks/create-client?from=snippets&tabs=python";

/// Names the SDK's generator escapes with a trailing `_` (`from_`), compared without case:
/// Python's keywords, and `list` and `property`, which Kiota's Python generator reserves too
/// (msgraph-sdk has `drives/item/list_` and `true_`, `false_`, `if_`, `return_` request
/// builders, the model `List_` in `models/list_.py` and the attribute `property_`).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "list", "nonlocal", "not", "or", "pass", "property", "raise", "return",
    "try", "while", "with", "yield",
];

/// The Python language.
pub struct Python;

impl SnippetLanguage for Python {
    fn id(&self) -> &'static str {
        "python"
    }
    fn label(&self) -> &'static str {
        "Python"
    }
    fn syntax_token(&self) -> &'static str {
        "py"
    }
    fn generate(
        &self,
        req: &HttpRequest,
        schema: &Schema,
        root_type: &str,
    ) -> Result<String, SnippetError> {
        let body = walk_request(req, schema, root_type)?;
        let chain = RequestChain::of(req);
        let config = RequestConfig::of(req);
        let mut out = Lines::default();
        out.line(0, HEADER);
        out.line(0, "from msgraph import GraphServiceClient");
        if let Some(body) = &body {
            write_imports(&mut out, body, schema);
        }
        write_config_imports(&mut out, &chain, &config);
        out.blank();
        out.line(0, CLIENT_NOTE);
        if let Some(body) = &body {
            write_object(&mut out, 0, "request_body = ", body, "");
            out.blank();
        }
        write_config(&mut out, req, &chain, &config);
        out.line(0, &call_line(req, &chain, body.is_some(), !config.is_empty()));
        Ok(out.text)
    }
}

/// The request-builder import for its query-parameter class, and `RequestConfiguration`.
fn write_config_imports(out: &mut Lines, chain: &RequestChain, config: &RequestConfig) {
    if !config.query.is_empty() {
        let class = builder_class(chain);
        out.line(0, &format!("from {} import {class}", builder_module(chain, &snake(&class))));
    }
    if !config.is_empty() {
        out.line(
            0,
            "from kiota_abstractions.base_request_configuration import RequestConfiguration",
        );
    }
}

/// The request-builder class of the chain as msgraph-sdk names it: a key step's
/// `<Param>ItemRequestBuilder`, else the step's name with its first letter upper-cased,
/// underscores kept (`Z_TestRequestBuilder`, where Java has `ZTestRequestBuilder`).
fn builder_class(chain: &RequestChain) -> String {
    match chain.segments.last() {
        Some(step @ Segment::Key { .. }) => format!("{}RequestBuilder", step.builder_stem()),
        Some(step) => format!("{}RequestBuilder", upper_first(&step.namespace_word())),
        None => chain.builder_class(),
    }
}

/// `msgraph.generated.groups.item.members.<file>`.
fn builder_module(chain: &RequestChain, file: &str) -> String {
    module(&chain.namespace_words(), file)
}

/// The module `file` under the request-builder package of `words` (`/me` lives under
/// `users.item`, see [`me_as_user_item`]).
fn module(words: &[String], file: &str) -> String {
    let mut parts = vec!["msgraph".to_string(), "generated".to_string()];
    parts.extend(me_as_user_item(words).iter().map(|w| identifier(&snake(w))));
    parts.push(file.to_string());
    parts.join(".")
}

/// `query_params = ...QueryParameters(...)`, `request_configuration = ...`, header lines.
fn write_config(out: &mut Lines, req: &HttpRequest, chain: &RequestChain, config: &RequestConfig) {
    if config.is_empty() {
        return;
    }
    if !config.query.is_empty() {
        let class = builder_class(chain);
        let method = pascal(&req.method.to_lowercase());
        out.line(0, &format!("query_params = {class}.{class}{method}QueryParameters("));
        for param in &config.query {
            out.line(1, &format!("{} = {},", param.python(), query_literal(&param.value)));
        }
        out.line(0, ")");
        out.blank();
        out.line(0, "request_configuration = RequestConfiguration(");
        out.line(1, "query_parameters = query_params,");
        out.line(0, ")");
    } else {
        out.line(0, "request_configuration = RequestConfiguration()");
    }
    for (name, value) in &config.headers {
        out.line(
            0,
            &format!(
                "request_configuration.headers.add({}, {})",
                string_literal(name),
                string_literal(value)
            ),
        );
    }
    out.blank();
}

/// A typed query parameter value.
fn query_literal(value: &QueryValue) -> String {
    match value {
        QueryValue::Int(i) => i.to_string(),
        QueryValue::Bool(true) => "True".into(),
        QueryValue::Bool(false) => "False".into(),
        QueryValue::List(items) => {
            let items: Vec<String> = items.iter().map(|i| string_literal(i)).collect();
            format!("[{}]", items.join(","))
        }
        QueryValue::Text(text) => string_literal(text),
    }
}

/// `result = await graph_client.chats.post(request_body)`
fn call_line(req: &HttpRequest, chain: &RequestChain, has_body: bool, configured: bool) -> String {
    let method = req.method.to_lowercase();
    let mut args = Vec::new();
    if has_body {
        args.push("request_body");
    } else if uploads_stream(req) {
        args.push("b\"\"");
    }
    if configured {
        args.push("request_configuration = request_configuration");
    }
    let call = format!("await {}.{method}({})", chain.python(), args.join(", "));
    if returns_nothing(req) {
        call
    } else {
        format!("result = {call}")
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

/// One import per model class, in walk order, plus `base64` when a Binary value needs it; an
/// action's request body class comes from its request builder's module.
fn write_imports(out: &mut Lines, body: &ObjectNode, schema: &Schema) {
    let mut classes: Vec<String> = Vec::new();
    let mut needs_base64 = false;
    collect_object(body, &mut classes, &mut needs_base64);
    if needs_base64 {
        out.line(0, "import base64");
    }
    for class in classes {
        if let (Some(ns), true) = (&body.namespace, class == body.type_name) {
            out.line(0, &format!("from {} import {class}", module(ns, &snake(&class))));
            continue;
        }
        let model = model(&class);
        let mut module = vec!["msgraph".to_string(), "generated".into(), "models".into()];
        module.extend(model.namespace.iter().map(|w| snake(w)));
        let file = identifier(&snake(&model.class));
        if names_a_namespace(&class, schema) {
            // The type's module would be the package of the namespace of the same name
            // (`identityGovernance`, `security`): Kiota puts it inside that package.
            module.push(file.clone());
        }
        module.push(file);
        out.line(0, &format!("from {} import {}", module.join("."), model_class(&class)));
    }
}

/// True when some type of the schema lives in a namespace named like `type_name`
/// (`microsoft.graph.identityGovernance.accessReview...` for `microsoft.graph.identityGovernance`).
fn names_a_namespace(type_name: &str, schema: &Schema) -> bool {
    type_name.contains('.') && schema.is_namespace(type_name)
}

/// Adds a model class once.
fn add_class(classes: &mut Vec<String>, name: &str) {
    if !PRIMITIVES.contains(&name) && !classes.iter().any(|c| c == name) {
        classes.push(name.to_string());
    }
}

/// Classes of an object: its declared type, the type it builds, then its properties'.
fn collect_object(node: &ObjectNode, classes: &mut Vec<String>, needs_base64: &mut bool) {
    add_class(classes, &node.declared_type);
    add_class(classes, &node.type_name);
    for prop in &node.properties {
        collect_node(&prop.value, classes, needs_base64);
    }
}

/// Classes of a typed value.
fn collect_node(node: &Node, classes: &mut Vec<String>, needs_base64: &mut bool) {
    match node {
        Node::Object(object) => collect_object(object, classes, needs_base64),
        Node::Collection { element, items, .. } => {
            add_class(classes, &element.name);
            for item in items {
                collect_node(item, classes, needs_base64);
            }
        }
        Node::Enum { type_name, .. } => add_class(classes, type_name),
        Node::Primitive { edm, .. } => *needs_base64 |= edm == "Binary",
        Node::Untyped(_) | Node::Null => {}
    }
}

/// `prefix Class(\n\targ = value,\n)suffix`
fn write_object(out: &mut Lines, indent: usize, prefix: &str, node: &ObjectNode, suffix: &str) {
    out.line(indent, &format!("{prefix}{}(", object_class(node)));
    let mut additional = Vec::new();
    for prop in &node.properties {
        if let Node::Untyped(value) = &prop.value {
            // msgraph-sdk's models have no untyped properties: the value is additional data.
            additional.push((prop.name.clone(), value.clone()));
            continue;
        }
        let arg = if prop.name == ODATA_TYPE {
            snake(ODATA_TYPE)
        } else {
            identifier(&snake(&prop.name))
        };
        write_node(out, indent + 1, &format!("{arg} = "), &prop.value, ",");
    }
    additional.extend(node.additional.iter().cloned());
    if !additional.is_empty() {
        write_dict(out, indent + 1, "additional_data = ", &additional, "");
    }
    out.line(indent, &format!("){suffix}"));
}

/// The class an object builds: an action's `<Action>PostRequestBody` as named (underscores
/// kept), else the schema type's model class.
fn object_class(node: &ObjectNode) -> String {
    match node.namespace {
        Some(_) => node.type_name.clone(),
        None => model_class(&node.type_name),
    }
}

/// The Python model class of a schema type, a reserved name escaped (`List_` for `list`).
fn model_class(type_name: &str) -> String {
    identifier(&model(type_name).class)
}

/// Any typed value.
fn write_node(out: &mut Lines, indent: usize, prefix: &str, node: &Node, suffix: &str) {
    match node {
        Node::Object(object) => write_object(out, indent, prefix, object, suffix),
        Node::Collection { element, items, .. } => {
            write_list(out, indent, prefix, element, items, suffix)
        }
        Node::Enum { type_name, member } => out.line(
            indent,
            &format!("{prefix}{}.{}{suffix}", model_class(type_name), enum_member(member)),
        ),
        Node::Primitive { edm, value } => {
            out.line(indent, &format!("{prefix}{}{suffix}", primitive_literal(edm, value)))
        }
        Node::Untyped(value) => write_untyped(out, indent, prefix, value, suffix),
        Node::Null => out.line(indent, &format!("{prefix}None{suffix}")),
    }
}

/// `prefix [\n\titem,\n]suffix`
fn write_list(
    out: &mut Lines,
    indent: usize,
    prefix: &str,
    _element: &TypeRef,
    items: &[Node],
    suffix: &str,
) {
    out.line(indent, &format!("{prefix}["));
    for item in items {
        write_node(out, indent + 1, "", item, ",");
    }
    out.line(indent, &format!("]{suffix}"));
}

/// A typed primitive literal.
fn primitive_literal(edm: &str, value: &Scalar) -> String {
    match (edm, value) {
        (_, Scalar::Bool(true)) => "True".into(),
        (_, Scalar::Bool(false)) => "False".into(),
        (_, Scalar::Number(n)) => n.to_string(),
        ("Binary", Scalar::String(s)) => format!("base64.b64decode({})", string_literal(s)),
        (_, Scalar::String(s)) => string_literal(s),
    }
}

/// `prefix {\n\t"key" : value,\n}suffix`
fn write_dict(
    out: &mut Lines,
    indent: usize,
    prefix: &str,
    entries: &[(String, Value)],
    suffix: &str,
) {
    out.line(indent, &format!("{prefix}{{"));
    for (key, value) in entries {
        write_untyped(out, indent + 1, &format!("{} : ", string_literal(key)), value, ",");
    }
    out.line(indent, &format!("}}{suffix}"));
}

/// An additional-data value.
fn write_untyped(out: &mut Lines, indent: usize, prefix: &str, value: &Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            let entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            write_dict(out, indent, prefix, &entries, suffix);
        }
        Value::Array(items) => {
            out.line(indent, &format!("{prefix}["));
            for item in items {
                write_untyped(out, indent + 1, "", item, ",");
            }
            out.line(indent, &format!("]{suffix}"));
        }
        Value::String(s) => out.line(indent, &format!("{prefix}{}{suffix}", string_literal(s))),
        Value::Number(n) => out.line(indent, &format!("{prefix}{n}{suffix}")),
        Value::Bool(b) => {
            out.line(indent, &format!("{prefix}{}{suffix}", if *b { "True" } else { "False" }))
        }
        Value::Null => out.line(indent, &format!("{prefix}None{suffix}")),
    }
}

/// An enum member as the SDK spells it: first letter upper-cased, underscores kept (`tls1_0` ->
/// `Tls1_0`), a keyword gaining `_` (`none` -> `None_`).
pub fn enum_member(member: &str) -> String {
    identifier(&upper_first(member))
}

/// A Python identifier: keywords get a trailing `_` as the SDK spells them (`from_`).
pub fn identifier(name: &str) -> String {
    if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(name)) {
        format!("{name}_")
    } else {
        name.to_string()
    }
}

/// A double-quoted Python string literal.
pub fn string_literal(text: &str) -> String {
    quoted(text, '"')
}

/// A single-quoted Python string literal (request-builder keys, as the SDK docs write them).
pub fn single_quoted(text: &str) -> String {
    quoted(text, '\'')
}

/// `text` in `quote`s with `\\`, the quote and control characters escaped.
fn quoted(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
