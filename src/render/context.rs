//! Serializable models to Tera values: strings under keys ending in `_html` and everything
//! below a `t` key become safe strings; all other strings stay plain and get escaped.

use anyhow::Result;
use serde::Serialize;
use serde_json::Value as Json;

/// Builds a Tera context with `value` serialized under `key`, marking HTML fields safe.
pub fn to_context(entries: &[(&str, &dyn erased::Ser)]) -> Result<tera::Context> {
    let mut ctx = tera::Context::new();
    for (key, value) in entries {
        let json = value.to_json()?;
        ctx.insert_value(key.to_string(), convert(&json, key.ends_with("_html") || *key == "t"));
    }
    Ok(ctx)
}

/// Object-safe serialization to JSON, so contexts can mix model types.
pub mod erased {
    use super::*;
    /// Anything serializable.
    pub trait Ser {
        /// Serializes to a JSON value.
        fn to_json(&self) -> Result<Json>;
    }
    impl<T: Serialize> Ser for T {
        fn to_json(&self) -> Result<Json> {
            Ok(serde_json::to_value(self)?)
        }
    }
}

fn convert(value: &Json, safe: bool) -> tera::Value {
    match value {
        Json::Null => tera::Value::none(),
        Json::Bool(b) => tera::Value::from(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => tera::Value::from(i),
            (_, Some(u), _) => tera::Value::from(u),
            (_, _, f) => tera::Value::from(f.unwrap_or(0.0)),
        },
        Json::String(s) if safe => tera::Value::safe_string(s),
        Json::String(s) => tera::Value::normal_string(s),
        Json::Array(items) => {
            tera::Value::from(items.iter().map(|v| convert(v, safe)).collect::<Vec<_>>())
        }
        Json::Object(map) => {
            let mut out = tera::Map::default();
            for (k, v) in map {
                let safe_here = safe || k.ends_with("_html") || k == "t";
                out.insert(k.clone().into(), convert(v, safe_here));
            }
            tera::Value::from(out)
        }
    }
}
