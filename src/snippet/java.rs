//! The Java tab (Microsoft Graph Java SDK 6.x): the header comment, the
//! `GraphServiceClient graphClient = new GraphServiceClient(requestAdapter);` line, the body built
//! with constructors and setters, and the call on the request-builder chain. Every object, list
//! and map gets a variable named after its type or property (`chat`, `members`,
//! `conversationMember`, `roles`, `additionalData`); a name used again gets a counter
//! (`conversationMember1`, `roles1`). Additional-data values that are lists of scalars become
//! `LinkedList<Object>` variables named after their key; objects (and lists holding objects)
//! become Kiota `UntypedObject`/`UntypedArray` nodes, the only form the SDK's JSON writer
//! accepts for them. A
//! query or request headers become a `requestConfiguration -> { ... }` lambda setting typed
//! `queryParameters` fields and `headers.add(...)`; a bound action's body is its fully
//! qualified `com.microsoft.graph.<builder package>.<Action>PostRequestBody`.

use super::names::singular;
use super::names::{camel, model, pascal, upper_first};
use super::path::{me_as_user_item, RequestChain, Segment};
use super::query::{QueryValue, RequestConfig};
use super::walk::{Node, ObjectNode, Scalar, ODATA_TYPE};
use super::{
    calls_action, returns_nothing, uploads_stream, walk_request, SnippetError, SnippetLanguage,
};
use crate::spec::schema::TypeRef;
use crate::spec::{HttpRequest, Schema};
use serde_json::Value;
use std::collections::HashMap;

const HEADER: &str =
    "// Code snippets are only available for the latest version. Current version is 6.x";
const CLIENT: &str = "GraphServiceClient graphClient = new GraphServiceClient(requestAdapter);";

/// Java's reserved words, which a variable name must not be.
const KEYWORDS: &[&str] = &[
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "false",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "true",
    "try",
    "void",
    "volatile",
    "while",
    "var",
    "yield",
    "record",
    "_",
];

/// The Java language.
pub struct Java;

impl SnippetLanguage for Java {
    fn id(&self) -> &'static str {
        "java"
    }
    fn label(&self) -> &'static str {
        "Java"
    }
    fn syntax_token(&self) -> &'static str {
        "java"
    }
    fn generate(
        &self,
        req: &HttpRequest,
        schema: &Schema,
        root_type: &str,
    ) -> Result<String, SnippetError> {
        let body = walk_request(req, schema, root_type)?;
        let mut w = Writer::new();
        w.line(HEADER);
        w.line(CLIENT);
        w.text.push('\n');
        let body_var = body.as_ref().map(|b| w.object(b, &camel(&b.type_name)));
        let root =
            if body.as_ref().is_some_and(|b| b.namespace.is_some()) { "" } else { root_type };
        w.call(req, root, body_var.as_deref());
        Ok(w.text)
    }
}

/// `Chat result = graphClient.chats().post(chat);`
fn call_start(
    req: &HttpRequest,
    chain: &RequestChain,
    root_type: &str,
    body_var: Option<&str>,
    configured: bool,
) -> String {
    let method = req.method.to_lowercase();
    let mut args: Vec<&str> = Vec::new();
    match (body_var, method.as_str()) {
        (Some(var), _) => args.push(var),
        (None, "get" | "delete") => {}
        (None, _) if uploads_stream(req) => {
            args.push("new java.io.ByteArrayInputStream(new byte[0])")
        }
        (None, _) => args.push("null"),
    }
    if configured {
        args.push("requestConfiguration -> {");
    }
    let call = format!("{}.{method}({}", chain.java(), args.join(", "));
    let result_type = match method.as_str() {
        _ if returns_nothing(req) => return call,
        // An action or a stream upload may return nothing (`void`, where `var result =` does
        // not compile): its result is not kept.
        _ if calls_action(req) || uploads_stream(req) => return call,
        _ if root_type.is_empty() || !path_names(chain, root_type) => "var".to_string(),
        "get" if !chain.ends_with_key() => format!("{}CollectionResponse", class(root_type)),
        _ => class(root_type),
    };
    format!("{result_type} result = {call}")
}

/// True when the path itself names `type_name` as what it returns (`/chats` a `chat`, a cast
/// segment its type); a type known only from the body's `@odata.type` may be a subtype of what
/// the SDK method returns, so the result is then declared `var`.
fn path_names(chain: &RequestChain, type_name: &str) -> bool {
    match chain.segments.last() {
        Some(Segment::Cast(name)) => name == type_name,
        Some(Segment::Navigation(_) | Segment::Key { .. }) => {
            chain.last_navigation().is_some_and(|n| n == type_name || singular(n) == type_name)
        }
        _ => false,
    }
}

/// A typed query parameter value.
fn query_literal(value: &QueryValue) -> String {
    match value {
        QueryValue::Int(i) => i.to_string(),
        QueryValue::Bool(b) => b.to_string(),
        QueryValue::List(items) => {
            let items: Vec<String> = items.iter().map(|i| string_literal(i)).collect();
            format!("new String []{{{}}}", items.join(", "))
        }
        QueryValue::Text(text) => string_literal(text),
    }
}

/// Statements and the variable names in use.
struct Writer {
    text: String,
    used: HashMap<String, usize>,
}

impl Writer {
    fn new() -> Writer {
        let used = ["graphClient", "requestAdapter", "result"].map(|n| (n.to_string(), 1)).into();
        Writer { text: String::new(), used }
    }

    /// The call on the request-builder chain, with a `requestConfiguration -> { ... }` lambda
    /// setting `queryParameters` and `headers` when the request has a query or headers.
    fn call(&mut self, req: &HttpRequest, root_type: &str, body_var: Option<&str>) {
        let chain = RequestChain::of(req);
        let config = RequestConfig::of(req);
        let start = call_start(req, &chain, root_type, body_var, !config.is_empty());
        if config.is_empty() {
            self.line(&format!("{start});"));
            return;
        }
        self.line(&start);
        for param in &config.query {
            let value = query_literal(&param.value);
            self.line(&format!(
                "\trequestConfiguration.queryParameters.{} = {value};",
                param.java()
            ));
        }
        for (name, value) in &config.headers {
            let (name, value) = (string_literal(name), string_literal(value));
            self.line(&format!("\trequestConfiguration.headers.add({name}, {value});"));
        }
        self.line("});");
    }

    fn line(&mut self, statement: &str) {
        self.text.push_str(statement);
        self.text.push('\n');
    }

    /// A fresh variable named after `base`: `base`, then `base1`, `base2`, ...
    fn fresh(&mut self, base: &str) -> String {
        let base = variable_base(base);
        let count = self.used.entry(base.clone()).or_insert(0);
        let name = if *count == 0 { base } else { format!("{base}{count}") };
        *count += 1;
        name
    }

    /// Declares and fills an object; returns its variable.
    fn object(&mut self, node: &ObjectNode, base: &str) -> String {
        let ty = match &node.namespace {
            Some(ns) => {
                let package: Vec<String> =
                    me_as_user_item(ns).iter().map(|w| package_word(w)).collect();
                format!("com.microsoft.graph.{}.{}", package.join("."), pascal(&node.type_name))
            }
            None => class(&node.type_name),
        };
        let var = self.fresh(base);
        self.line(&format!("{ty} {var} = new {ty}();"));
        for prop in &node.properties {
            let setter =
                if prop.name == ODATA_TYPE { pascal(ODATA_TYPE) } else { pascal(&prop.name) };
            let arg = self.expr(&prop.value, &prop.name);
            self.line(&format!("{var}.set{setter}({arg});"));
        }
        if !node.additional.is_empty() {
            let map = self.map(&node.additional, "additionalData");
            self.line(&format!("{var}.setAdditionalData({map});"));
        }
        var
    }

    /// The expression for a typed value, declaring variables as needed.
    fn expr(&mut self, node: &Node, base: &str) -> String {
        match node {
            Node::Object(object) => self.object(object, base),
            Node::Collection { element, items, .. } => self.list(element, items, base),
            Node::Enum { type_name, member } => format!("{}.{}", class(type_name), pascal(member)),
            Node::Primitive { edm, value } => primitive_literal(edm, value),
            Node::Untyped(value) => self.untyped_node(value, base),
            Node::Null => "null".into(),
        }
    }

    /// Declares and fills a typed list; items that are objects are named after the element type.
    fn list(&mut self, element: &TypeRef, items: &[Node], base: &str) -> String {
        let ty = element_type(element);
        let var = self.fresh(base);
        self.line(&format!("LinkedList<{ty}> {var} = new LinkedList<{ty}>();"));
        for item in items {
            let arg = self.expr(item, &element.name);
            self.line(&format!("{var}.add({arg});"));
        }
        var
    }

    /// Declares and fills a `HashMap<String, Object>`.
    fn map(&mut self, entries: &[(String, Value)], base: &str) -> String {
        let var = self.fresh(base);
        self.line(&format!("HashMap<String, Object> {var} = new HashMap<String, Object>();"));
        for (key, value) in entries {
            let arg = self.untyped(value, key);
            self.line(&format!("{var}.put({}, {arg});", string_literal(key)));
        }
        var
    }

    /// The expression for an additional-data value.
    fn untyped(&mut self, value: &Value, base: &str) -> String {
        match value {
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                let var = self.fresh(base);
                self.line(&format!("LinkedList<Object> {var} = new LinkedList<Object>();"));
                for item in items {
                    let arg = untyped_scalar(item);
                    self.line(&format!("{var}.add({arg});"));
                }
                var
            }
            Value::Object(_) | Value::Array(_) => self.untyped_node(value, base),
            scalar => untyped_scalar(scalar),
        }
    }

    /// A JSON value as Kiota's `UntypedNode` (the Java SDK writes nested additional-data
    /// objects only in that form): `new UntypedObject(map)`, `new UntypedArray(list)`,
    /// `new UntypedString("x")`, ...
    fn untyped_node(&mut self, value: &Value, base: &str) -> String {
        match value {
            Value::Object(map) => {
                let var = self.fresh(base);
                self.line(&format!(
                    "HashMap<String, UntypedNode> {var} = new HashMap<String, UntypedNode>();"
                ));
                for (key, item) in map {
                    let arg = self.untyped_node(item, key);
                    self.line(&format!("{var}.put({}, {arg});", string_literal(key)));
                }
                format!("new UntypedObject({var})")
            }
            Value::Array(items) => {
                let var = self.fresh(base);
                self.line(&format!("ArrayList<UntypedNode> {var} = new ArrayList<UntypedNode>();"));
                for item in items {
                    let arg = self.untyped_node(item, base);
                    self.line(&format!("{var}.add({arg});"));
                }
                format!("new UntypedArray({var})")
            }
            scalar => super::kiota_untyped_scalar(scalar, string_literal),
        }
    }
}

/// A request-builder method as Kiota's Java generator names it: camelCase, a reserved word
/// gaining `Escaped` (`returnEscaped()`, `defaultEscaped()`, as in microsoft-graph 6.x).
pub fn member(word: &str) -> String {
    let name = camel(word);
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}Escaped")
    } else {
        name
    }
}

/// A package name part: lower case with underscores kept (`f_Dist_RT` -> `f_dist_rt`), a
/// reserved word gaining `escaped` (`returnescaped`).
pub fn package_word(word: &str) -> String {
    if word.contains('_') {
        return upper_first(word).to_lowercase();
    }
    member(word).to_lowercase()
}

/// A valid Java variable name from a type, property or key name.
fn variable_base(name: &str) -> String {
    let name = camel(name);
    let name = match name.chars().next() {
        Some(c) if c.is_alphabetic() => name,
        _ => format!("value{name}"),
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// The Java type of a list element.
fn element_type(element: &TypeRef) -> String {
    match element.name.as_str() {
        "String" => "String".into(),
        "Int32" => "Integer".into(),
        "Int64" => "Long".into(),
        "Double" => "Double".into(),
        "Boolean" => "Boolean".into(),
        "DateTimeOffset" => "OffsetDateTime".into(),
        "Guid" => "UUID".into(),
        "Date" => "LocalDate".into(),
        "Binary" => "byte[]".into(),
        "Duration" => "PeriodAndDuration".into(),
        other => class(other),
    }
}

/// The Java class of a schema type: `User`, or fully qualified in a models sub-package
/// (`com.microsoft.graph.models.security.EdiscoveryCase`), which the snippet does not import.
fn class(type_name: &str) -> String {
    let model = model(type_name);
    if model.namespace.is_empty() {
        return model.class;
    }
    let package: Vec<String> = model.namespace.iter().map(|w| w.to_lowercase()).collect();
    format!("com.microsoft.graph.models.{}.{}", package.join("."), model.class)
}

/// A typed primitive literal.
fn primitive_literal(edm: &str, value: &Scalar) -> String {
    match (edm, value) {
        (_, Scalar::Bool(b)) => b.to_string(),
        ("Int64", Scalar::Number(n)) => format!("{n}L"),
        ("Double", Scalar::Number(n)) => format!("{n}d"),
        (_, Scalar::Number(n)) => n.to_string(),
        ("DateTimeOffset", Scalar::String(s)) => {
            format!("OffsetDateTime.parse({})", string_literal(s))
        }
        ("Duration", Scalar::String(s)) => {
            format!("PeriodAndDuration.parse({})", string_literal(s))
        }
        ("Guid", Scalar::String(s)) => format!("UUID.fromString({})", string_literal(s)),
        ("Date", Scalar::String(s)) => format!("LocalDate.parse({})", string_literal(s)),
        ("Binary", Scalar::String(s)) => {
            format!("Base64.getDecoder().decode({})", string_literal(s))
        }
        (_, Scalar::String(s)) => string_literal(s),
    }
}

/// A literal for an untyped JSON scalar.
fn untyped_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => string_literal(s),
        Value::Number(n) if n.is_f64() => format!("{n}d"),
        Value::Number(n) if n.as_i64().is_none_or(|i| i32::try_from(i).is_err()) => format!("{n}L"),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "null".into(),
    }
}

/// A Java string literal: `"` `\` and control characters escaped (`\n`, `\t`, ... or `\u00XX`,
/// never a `\u000A`-style escape for a line break, which Java would turn into a real one);
/// other non-ASCII kept.
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
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
