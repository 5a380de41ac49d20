//! Entity tags for served files (ServeDir sends `Last-Modified` but no `ETag`): a strong tag
//! made of the file's size, modification time and inode, so that every rebuild that changes a
//! file changes its tag, and the matching rules of `If-None-Match` and `If-Range`.

use axum::http::header::{IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, RANGE};
use axum::http::HeaderMap;
use std::fs::Metadata;
use std::time::UNIX_EPOCH;

/// The tag of a file with metadata `meta`; `variant` tells apart two bodies made from one
/// file (a page with the live-reload script).
pub fn of(meta: &Metadata, variant: &str) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0u64;
    format!("\"{:x}-{modified:x}-{inode:x}{variant}\"", meta.len())
}

/// Whether `If-None-Match` names `tag` (weak comparison, `*` matches any).
pub fn none_match_hits(headers: &HeaderMap, tag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|list| list.split(',').any(|t| t.trim() == "*" || bare(t) == bare(tag)))
}

/// Adjusts conditional headers for a file whose tag is `tag` before ServeDir sees them, which
/// knows dates only: with `If-None-Match` present, `If-Modified-Since` is ignored (RFC 9110
/// 13.1.3); an `If-Range` holding a tag keeps the `Range` when it is this tag (strong
/// comparison) and drops it otherwise.
pub fn prepare_conditionals(headers: &mut HeaderMap, tag: &str) {
    if headers.contains_key(IF_NONE_MATCH) {
        headers.remove(IF_MODIFIED_SINCE);
    }
    let if_range = headers.get(IF_RANGE).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(value) = if_range.filter(|v| v.starts_with('"') || v.starts_with("W/")) {
        if value != tag {
            headers.remove(RANGE);
        }
        headers.remove(IF_RANGE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn tags_match_and_range_conditions_follow_them() {
        let mut h = HeaderMap::new();
        h.insert(IF_NONE_MATCH, HeaderValue::from_static("\"a\", W/\"b\""));
        assert!(none_match_hits(&h, "\"b\""));
        assert!(!none_match_hits(&h, "\"c\""));
        h.insert(IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(none_match_hits(&h, "\"c\""));
        h.insert(IF_MODIFIED_SINCE, HeaderValue::from_static("Tue, 01 Jan 2030 00:00:00 GMT"));
        h.insert(RANGE, HeaderValue::from_static("bytes=0-1"));
        h.insert(IF_RANGE, HeaderValue::from_static("\"old\""));
        prepare_conditionals(&mut h, "\"new\"");
        assert!(!h.contains_key(IF_MODIFIED_SINCE) && !h.contains_key(RANGE));
        h.insert(RANGE, HeaderValue::from_static("bytes=0-1"));
        h.insert(IF_RANGE, HeaderValue::from_static("\"new\""));
        prepare_conditionals(&mut h, "\"new\"");
        assert!(h.contains_key(RANGE) && !h.contains_key(IF_RANGE));
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, "one").unwrap();
        let first = of(&std::fs::metadata(&f).unwrap(), "");
        std::fs::write(dir.path().join("g"), "two!").unwrap();
        std::fs::rename(dir.path().join("g"), &f).unwrap();
        assert_ne!(first, of(&std::fs::metadata(&f).unwrap(), ""), "a replaced file");
    }
}
