//! The type schema: the entity, complex and enum types an operation's bodies are made of.
//!
//! A schema file is YAML (`content/schema/*.yaml`) with a `namespace` and a map of `types`.
//! Each type is either an enum (`members: [...]`) or a structured type with an optional `base`
//! (inheritance, selected in JSON by `@odata.type`), `abstract`, and `properties`, each with a
//! `type` that is a primitive (`String`, `Boolean`, `Int32`, `Int64`, `Double`, `DateTimeOffset`,
//! `Guid`), another schema type, or `Collection(X)` of either. Snippet generators and the checker
//! walk JSON bodies with it; nothing here knows about chats.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// One schema file as written on disk.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    /// OData namespace, for example `microsoft.graph`.
    pub namespace: String,
    /// Types by name, in file order.
    pub types: IndexMap<String, TypeDef>,
}

/// A named type: an enum when `members` is set, otherwise a structured type.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Base type this one derives from (its properties are inherited).
    #[serde(default)]
    pub base: Option<String>,
    /// An abstract type cannot be instantiated without an `@odata.type` naming a derived type.
    #[serde(default, rename = "abstract")]
    pub is_abstract: bool,
    /// Enum members, in declaration order. Present only on enum types.
    #[serde(default)]
    pub members: Option<Vec<String>>,
    /// Declared properties, in declaration order.
    #[serde(default)]
    pub properties: IndexMap<String, PropertyDef>,
    /// A map (OpenAPI's `additionalProperties`): keys beyond the declared properties are
    /// allowed, each value of this type expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<String>,
}

/// One declared property of a structured type.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyDef {
    /// Type expression: `String`, `chatType`, `Collection(conversationMember)`, ...
    #[serde(rename = "type")]
    pub type_expr: String,
    /// Whether `null` is an allowed value.
    #[serde(default)]
    pub nullable: bool,
    /// Server-set properties (ids, timestamps) that a request should not send.
    #[serde(default)]
    pub read_only: bool,
    /// Allowed values of a `String` (or `Collection(String)`) property, such as roles. Messages
    /// may name them as terms; the checker holds examples to them.
    #[serde(default)]
    pub values: Option<Vec<String>>,
}

/// Primitive (Edm) types known without a schema entry.
pub const PRIMITIVES: &[&str] = &[
    "String",
    "Boolean",
    "Int32",
    "Int64",
    "Double",
    "DateTimeOffset",
    "Guid",
    "Binary",
    "Date",
    "Duration",
    UNTYPED,
];

/// OData's `Edm.Untyped`: any JSON value (an object, an array, a string, a number, a boolean).
/// The Kiota SDKs hold it as an untyped node (`UntypedNode` in Java and C#); msgraph-sdk's
/// Python models leave such a property out, so it travels as additional data.
pub const UNTYPED: &str = "Untyped";

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    /// The element type name (`String`, `conversationMember`).
    pub name: String,
    /// True for `Collection(...)`.
    pub collection: bool,
}

impl TypeRef {
    /// Parses `X` or `Collection(X)`.
    pub fn parse(expr: &str) -> TypeRef {
        let expr = expr.trim();
        match expr.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => TypeRef { name: inner.trim().to_string(), collection: true },
            None => TypeRef { name: expr.to_string(), collection: false },
        }
    }

    /// True when the element type is an Edm primitive.
    pub fn is_primitive(&self) -> bool {
        PRIMITIVES.contains(&self.name.as_str())
    }
}

/// All schema files merged: the lookup structure the later stages use.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Schema {
    /// Namespace of the (first) schema file, used to build `#namespace.type` names.
    pub namespace: String,
    /// Every type by name.
    pub types: IndexMap<String, TypeDef>,
    /// Direct derived types of each type, in declaration order (built by [`Schema::merge`]).
    children: IndexMap<String, Vec<String>>,
    /// Every namespace some type lives in (the dotted prefixes of the type names), made on
    /// first use (see [`Schema::is_namespace`]).
    #[serde(skip)]
    namespaces: std::sync::OnceLock<std::collections::HashSet<String>>,
}

impl Schema {
    /// Merges schema files; a type defined twice is an error naming it.
    pub fn merge(files: Vec<SchemaFile>) -> Result<Schema, String> {
        let mut schema = Schema::default();
        for file in files {
            if schema.namespace.is_empty() {
                schema.namespace = file.namespace.clone();
            }
            for (name, def) in file.types {
                if schema.types.contains_key(&name) {
                    return Err(format!("type `{name}` is defined twice"));
                }
                schema.types.insert(name, def);
            }
        }
        for (name, def) in &schema.types {
            if let Some(base) = &def.base {
                schema.children.entry(base.clone()).or_default().push(name.clone());
            }
        }
        Ok(schema)
    }

    /// True when some type lives in namespace `name` (`microsoft.graph.identityGovernance` for
    /// `microsoft.graph.identityGovernance.accessReviewSet`): a lookup, the set of namespaces
    /// made once per schema.
    pub fn is_namespace(&self, name: &str) -> bool {
        let namespaces = self.namespaces.get_or_init(|| {
            let prefixes = self
                .types
                .keys()
                .flat_map(|t| t.match_indices('.').map(move |(at, _)| t[..at].to_string()));
            prefixes.collect()
        });
        namespaces.contains(name)
    }

    /// The types that name `type_name` as their direct base.
    pub fn derived(&self, type_name: &str) -> &[String] {
        self.children.get(type_name).map_or(&[], Vec::as_slice)
    }

    /// The type named `name`, if declared.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// True when `name` is declared as an enum.
    pub fn is_enum(&self, name: &str) -> bool {
        self.get(name).is_some_and(|t| t.members.is_some())
    }

    /// Looks up a property on `type_name` or any of its bases.
    pub fn property(&self, type_name: &str, prop: &str) -> Option<&PropertyDef> {
        let mut current = Some(type_name);
        let mut hops = 0;
        while let Some(name) = current {
            let def = self.get(name)?;
            if let Some(p) = def.properties.get(prop) {
                return Some(p);
            }
            current = def.base.as_deref();
            hops += 1;
            if hops > 64 {
                return None; // inheritance cycle; reported by validation
            }
        }
        None
    }

    /// The value type of keys `type_name` (or a base) allows beyond its properties, for a map.
    pub fn additional_properties(&self, type_name: &str) -> Option<&str> {
        let mut current = Some(type_name);
        let mut hops = 0;
        while let Some(name) = current {
            let def = self.get(name)?;
            if let Some(values) = &def.additional_properties {
                return Some(values);
            }
            current = def.base.as_deref();
            hops += 1;
            if hops > 64 {
                return None;
            }
        }
        None
    }

    /// True when `derived` is `base` or inherits from it.
    pub fn derives_from(&self, derived: &str, base: &str) -> bool {
        let mut current = Some(derived);
        let mut hops = 0;
        while let Some(name) = current {
            if name == base {
                return true;
            }
            current = self.get(name).and_then(|d| d.base.as_deref());
            hops += 1;
            if hops > 64 {
                return false;
            }
        }
        false
    }

    /// Resolves an `@odata.type` value (`#microsoft.graph.aadUserConversationMember`) to a type
    /// name declared in this schema.
    pub fn resolve_odata_type(&self, odata_type: &str) -> Option<&str> {
        let bare = odata_type.trim_start_matches('#');
        let short = bare
            .strip_prefix(self.namespace.as_str())
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(bare);
        self.types.get_key_value(short).map(|(k, _)| k.as_str())
    }

    /// The `@odata.type` value for a declared type.
    pub fn odata_type_of(&self, type_name: &str) -> String {
        format!("#{}.{}", self.namespace, type_name)
    }

    /// Checks that every referenced type and base exists and that inheritance has no cycle.
    pub fn validate(&self) -> Result<(), String> {
        for (name, def) in &self.types {
            if let Some(base) = &def.base {
                if self.get(base).is_none() {
                    return Err(format!("type `{name}` has unknown base `{base}`"));
                }
                if self.derives_from(base, name) {
                    return Err(format!("type `{name}` inherits from itself"));
                }
            }
            if let Some(values) = &def.additional_properties {
                let t = TypeRef::parse(values);
                if !t.is_primitive() && self.get(&t.name).is_none() {
                    return Err(format!(
                        "type `{name}` has unknown additional_properties type `{values}`"
                    ));
                }
            }
            for (prop, p) in &def.properties {
                let t = TypeRef::parse(&p.type_expr);
                if !t.is_primitive() && self.get(&t.name).is_none() {
                    return Err(format!(
                        "property `{name}.{prop}` has unknown type `{}`",
                        p.type_expr
                    ));
                }
            }
        }
        Ok(())
    }
}
