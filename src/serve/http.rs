//! A small static-file HTTP/1.1 server for previews: GET and HEAD only, keep-alive, bounded
//! request size, bounded connection count, and paths confined to one folder (no `..`, no
//! encoded traversal, no backslashes, no symlinks out). HTML pages get the live-reload script.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Largest request head (request line and headers) accepted.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Most connections served at once; more get `503` at once.
pub const MAX_CONNECTIONS: usize = 256;
/// Requests served on one keep-alive connection.
const MAX_REQUESTS_PER_CONNECTION: usize = 1000;
/// How long an idle connection is kept.
const IDLE: Duration = Duration::from_secs(5);

/// What the server shows besides files: the build generation and the last build error.
#[derive(Debug, Default, Clone)]
pub struct Status {
    /// Bumped after every successful rebuild; pages reload when it changes.
    pub generation: u64,
    /// The last build's error, if it failed (the previous site is still served).
    pub error: Option<String>,
}

/// Shared state between the server and the rebuild loop.
pub type SharedStatus = Arc<RwLock<Status>>;

/// Serves `root` on `listener` until the process ends.
pub fn serve(listener: TcpListener, root: PathBuf, status: SharedStatus) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = respond(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"too many connections\n",
                false,
                true,
            );
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (root, status, active) = (root.clone(), status.clone(), active.clone());
        std::thread::spawn(move || {
            let _ = handle_connection(stream, &root, &status);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// One parsed request head.
struct Request {
    method: String,
    target: String,
    keep_alive: bool,
}

fn handle_connection(stream: TcpStream, root: &Path, status: &SharedStatus) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let request = match read_head(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(()),
            Err(HeadError::TooLarge) => {
                return respond(
                    &mut writer,
                    431,
                    "text/plain; charset=utf-8",
                    b"request head too large\n",
                    false,
                    true,
                );
            }
            Err(HeadError::Malformed) => {
                return respond(
                    &mut writer,
                    400,
                    "text/plain; charset=utf-8",
                    b"bad request\n",
                    false,
                    true,
                );
            }
            Err(HeadError::Io(e)) => return Err(e),
        };
        let keep_alive = request.keep_alive;
        answer(&mut writer, &request, root, status)?;
        if !keep_alive {
            return Ok(());
        }
    }
    Ok(())
}

enum HeadError {
    TooLarge,
    Malformed,
    Io(std::io::Error),
}

/// Reads one request head; `None` at a clean end of stream. Bodies are refused (we serve only
/// GET and HEAD), so a request with a body closes the connection after the answer.
fn read_head(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, HeadError> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let limit = (MAX_HEAD_BYTES + 1 - head.len()) as u64;
        let n = reader.by_ref().take(limit).read_until(b'\n', &mut line).map_err(HeadError::Io)?;
        if n == 0 {
            return if head.is_empty() { Ok(None) } else { Err(HeadError::Malformed) };
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD_BYTES {
            return Err(HeadError::TooLarge);
        }
        if line == b"\r\n" || line == b"\n" {
            if head.len() == line.len() {
                head.clear(); // tolerate blank lines between requests
                continue;
            }
            break;
        }
    }
    let text = std::str::from_utf8(&head).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.lines();
    let mut parts = lines.next().unwrap_or("").split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let mut keep_alive = version == "HTTP/1.1";
    let mut has_body = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_ascii_lowercase());
        match name.as_str() {
            "connection" if value == "close" => keep_alive = false,
            "connection" if value == "keep-alive" => keep_alive = true,
            "content-length" if value != "0" => has_body = true,
            "transfer-encoding" => has_body = true,
            _ => {}
        }
    }
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive: keep_alive && !has_body,
    }))
}

fn answer(
    w: &mut TcpStream,
    req: &Request,
    root: &Path,
    status: &SharedStatus,
) -> std::io::Result<()> {
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        return respond(
            w,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            head_only,
            !req.keep_alive,
        );
    }
    let path = target_path(&req.target);
    if path.as_deref() == Some("/__polydoc/status") {
        let s = status.read().map(|s| s.clone()).unwrap_or_default();
        let body = serde_json::json!({ "generation": s.generation, "error": s.error }).to_string();
        return respond(w, 200, "application/json", body.as_bytes(), head_only, !req.keep_alive);
    }
    match path.and_then(|p| resolve(root, &p)) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let mime = mime_of(&file);
                let bytes =
                    if mime.starts_with("text/html") { inject_reload(&bytes) } else { bytes };
                respond(w, 200, mime, &bytes, head_only, !req.keep_alive)
            }
            Err(_) => not_found(w, root, head_only, !req.keep_alive),
        },
        None => not_found(w, root, head_only, !req.keep_alive),
    }
}

fn not_found(w: &mut TcpStream, root: &Path, head_only: bool, close: bool) -> std::io::Result<()> {
    let page = std::fs::read(root.join("404.html"))
        .map(|b| inject_reload(&b))
        .unwrap_or_else(|_| b"not found\n".to_vec());
    respond(w, 404, "text/html; charset=utf-8", &page, head_only, close)
}

/// The decoded path of a request target (origin form or absolute form), or `None` when it is
/// malformed: bad percent-encoding, NUL or control characters, or a backslash.
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

/// Maps a decoded URL path to a file under `root`; `None` for anything that would leave it.
pub fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let component = Path::new(segment).components().next()?;
        match component {
            Component::Normal(_) if !segment.contains(':') => rel.push(segment),
            _ => return None, // `..`, `.`, absolute or prefixed segments
        }
    }
    let mut file = root.join(&rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let real = file.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

fn mime_of(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The preview script: polls the build status, reloads on a new generation and shows the
/// last build error as an overlay (its text set with `textContent`, never as markup).
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var seen = null;
  function overlay(text) {
    var el = document.getElementById("polydoc-error");
    if (!text) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("pre");
      el.id = "polydoc-error";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#3b0a0a;color:#fff;z-index:99999;white-space:pre-wrap;font:13px/1.4 monospace";
      document.body.appendChild(el);
    }
    el.textContent = "polydoc: build failed, showing the last good site\n\n" + text;
  }
  function poll() {
    fetch("/__polydoc/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen) { location.reload(); return; }
      seen = s.generation;
      overlay(s.error);
    }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>
"#;

fn inject_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{RELOAD_SCRIPT}").into_bytes(),
    }
}

fn respond(
    w: &mut TcpStream,
    code: u16,
    mime: &str,
    body: &[u8],
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let connection = if close { "close" } else { "keep-alive" };
    let head = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: {connection}\r\n\r\n",
        body.len()
    );
    w.write_all(head.as_bytes())?;
    if !head_only {
        w.write_all(body)?;
    }
    w.flush()
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
        assert!(resolve(&root, "/en/").is_some());
        assert!(resolve(&root, "/../secret").is_none());
        assert!(resolve(&root, "/en/../../secret").is_none());
        assert!(resolve(&root, "/C:/secret").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), root.join("link")).unwrap();
            assert!(resolve(&root, "/link").is_none(), "symlink out of the folder");
        }
    }
}
