//! Confinement of request paths to the output folder: decodes a request path, refuses `..`,
//! `.`, backslashes, drive prefixes and control characters, and resolves what is left on disk
//! with every symbolic link followed, so a link (or a folder link on the way) that leaves the
//! output folder is refused. Only regular files are served: FIFOs and devices never are.

use std::path::{Component, Path, PathBuf};

/// What a request path names inside the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A regular file, by its real path (inside the real output folder).
    File(PathBuf),
    /// A folder asked for without the trailing slash: redirect to the path with one.
    Folder,
    /// Nothing that may be served.
    NotFound,
}

/// The decoded path of a request target (origin form or absolute form), or `None` when it is
/// malformed: bad percent-encoding or UTF-8, NUL or control characters, or a backslash.
pub fn target_path(target: &str) -> Option<String> {
    let path = match target.find("://") {
        Some(i) => target[i + 3..].find('/').map_or("/", |j| &target[i + 3 + j..]),
        None => target,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.chars().any(|c| c.is_control()) {
        return None;
    }
    Some(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The relative path a decoded URL path names, or `None` for any segment that is not a plain
/// name (`..`, `.`, a root, a drive prefix or a `:`).
fn relative(path: &str) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match Path::new(segment).components().next()? {
            Component::Normal(_) if !segment.contains(':') => rel.push(segment),
            _ => return None,
        }
    }
    Some(rel)
}

/// Resolves a decoded URL path under `root`. A folder asked for with a trailing slash is its
/// `index.html`.
pub fn resolve(root: &Path, path: &str) -> Target {
    let (Some(rel), Ok(real_root)) = (relative(path), root.canonicalize()) else {
        return Target::NotFound;
    };
    let Some(real) = inside(&real_root, &root.join(&rel)) else { return Target::NotFound };
    if !real.is_dir() {
        return regular_file(real);
    }
    if !path.ends_with('/') {
        return Target::Folder;
    }
    match inside(&real_root, &real.join("index.html")) {
        Some(index) => regular_file(index),
        None => Target::NotFound,
    }
}

/// The real path of `path` when it exists and stays inside `real_root`.
fn inside(real_root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(real_root).then_some(real)
}

fn regular_file(real: PathBuf) -> Target {
    match std::fs::metadata(&real) {
        Ok(m) if m.is_file() => Target::File(real),
        _ => Target::NotFound,
    }
}

/// `path` percent-encoded for a URL path: every byte but unreserved characters and `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_decoded_and_confined() {
        assert_eq!(target_path("/en/create-chat/?x=1").as_deref(), Some("/en/create-chat/"));
        assert_eq!(target_path("http://evil.example/en/").as_deref(), Some("/en/"));
        assert_eq!(target_path("/%2e%2e/secret").as_deref(), Some("/../secret"));
        assert_eq!(target_path("/a%5cb"), None);
        assert_eq!(target_path("/a\\b"), None);
        assert_eq!(target_path("/%00"), None);
        assert_eq!(target_path("/%zz"), None);
        assert_eq!(target_path("*"), None);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("en")).unwrap();
        std::fs::write(root.join("en/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        let index = root.join("en/index.html").canonicalize().unwrap();
        assert_eq!(resolve(&root, "/en/"), Target::File(index));
        assert_eq!(resolve(&root, "/en"), Target::Folder);
        assert_eq!(resolve(&root, "/../secret"), Target::NotFound);
        assert_eq!(resolve(&root, "/en/../../secret"), Target::NotFound);
        assert_eq!(resolve(&root, "/C:/secret"), Target::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).unwrap();
            assert_eq!(resolve(&root, "/link"), Target::NotFound, "symlink out of the folder");
            std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
            assert_eq!(resolve(&root, "/up/secret"), Target::NotFound, "folder link out");
            assert_eq!(resolve(&root, "/up"), Target::NotFound, "folder link out, no slash");
            std::os::unix::fs::symlink("en/index.html", root.join("inner.html")).unwrap();
            assert!(matches!(resolve(&root, "/inner.html"), Target::File(_)), "link inside");
        }
        assert_eq!(encode_path("/a b/ü%.css"), "/a%20b/%C3%BC%25.css");
    }
}
