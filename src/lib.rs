//! polydoc: one YAML spec of an API operation in, localized reference pages with generated SDK
//! snippets out. The library is a pipeline of stages with owned data between them:
//! load spec -> validate -> localize -> generate snippets -> render -> write.

pub mod build;
pub mod cache;
pub mod check;
pub mod code;
pub mod diag;
pub mod fsafe;
pub mod highlight;
pub mod import;
pub mod limits;
pub mod localize;
pub mod names;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod snippet;
pub mod spec;
pub mod validate;
pub mod write;
