//! Serializable models to Tera values: strings under keys ending in `_html` and everything
//! below a `t` key become safe strings; all other strings stay plain and get escaped.
//!
//! Models are serialized straight into Tera's values (no JSON in between), then the safe
//! strings are marked in one pass that moves the values it does not change.

use anyhow::{anyhow, Result};
use serde::Serialize;

/// Builds a Tera context with `value` serialized under `key`, marking HTML fields safe.
pub fn to_context(entries: &[(&str, &dyn erased::Ser)]) -> Result<tera::Context> {
    let mut ctx = tera::Context::new();
    for (key, value) in entries {
        let value = value.to_value()?;
        ctx.insert_value(key.to_string(), mark(value, is_safe_key(key)));
    }
    Ok(ctx)
}

/// Object-safe serialization to Tera values, so contexts can mix model types.
pub mod erased {
    use super::*;
    /// Anything serializable.
    pub trait Ser {
        /// Serializes to a Tera value (every string plain).
        fn to_value(&self) -> Result<tera::Value>;
    }
    impl<T: Serialize> Ser for T {
        fn to_value(&self) -> Result<tera::Value> {
            tera::Value::try_from_serializable(self).map_err(|e| anyhow!("{e}"))
        }
    }
}

/// True for the keys whose strings (at any depth) are already-safe markup.
fn is_safe_key(key: &str) -> bool {
    key.ends_with("_html") || key == "t"
}

/// `value` with its strings marked safe where `safe` (or a safe key below) says so. A map or
/// list holding nothing to mark is moved as it is, not rebuilt (a page's model is thousands
/// of values).
fn mark(value: tera::Value, safe: bool) -> tera::Value {
    if !needs_mark(&value, safe) {
        return value;
    }
    if value.is_string() {
        return value.mark_safe();
    }
    if let Some(items) = value.as_array() {
        let items: Vec<tera::Value> = items.iter().cloned().map(|v| mark(v, safe)).collect();
        return tera::Value::from(items);
    }
    if value.is_map() {
        let map = value.into_map().expect("checked to be a map");
        let out: tera::Map = map
            .into_iter()
            .map(|(k, v)| {
                let safe_here = safe || k.as_str().is_some_and(is_safe_key);
                (k, mark(v, safe_here))
            })
            .collect();
        return tera::Value::from(out);
    }
    value
}

/// True when [`mark`] would change something in `value`: a plain string where `safe` holds.
fn needs_mark(value: &tera::Value, safe: bool) -> bool {
    if value.is_string() {
        return safe && !value.is_safe();
    }
    if let Some(items) = value.as_array() {
        return items.iter().any(|v| needs_mark(v, safe));
    }
    if let Some(map) = value.as_map() {
        return map.iter().any(|(k, v)| needs_mark(v, safe || k.as_str().is_some_and(is_safe_key)));
    }
    false
}
