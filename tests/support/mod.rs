//! Shared helpers for the CLI tests: a throw-away copy of the shipped project, running the real
//! binary, and a fingerprint of an output folder to prove a failed build left it untouched.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root (the shipped project).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `from` into `to` recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary project holding a copy of the shipped content, locales and templates.
pub fn shipped_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "locales", "templates"] {
        copy_dir(&repo_root().join(part), &dir.path().join(part));
    }
    dir
}

/// Runs the real `polydoc` binary in `cwd`.
pub fn polydoc(cwd: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("polydoc").unwrap().current_dir(cwd).args(args).output().unwrap()
}

/// Every file below `dir` with its bytes.
pub fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.insert(
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    files
}

/// Asserts two fingerprints are equal, naming the files that differ instead of dumping bytes.
pub fn assert_same_files(
    a: &BTreeMap<PathBuf, Vec<u8>>,
    b: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let differ: Vec<_> =
        a.iter().filter(|(k, v)| b.get(*k).is_some_and(|w| w != *v)).map(|(k, _)| k).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty() && differ.is_empty(),
        "{what}: only in first {only_a:?}, only in second {only_b:?}, different {differ:?}"
    );
}

/// stderr of an output as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A running `polydoc serve`, stopped when dropped.
pub struct Server {
    /// The server process.
    pub child: std::process::Child,
    /// `host:port` it listens on.
    pub addr: String,
    /// Every line the server printed on stderr so far.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// The server's stderr so far, one line each.
    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the real `polydoc serve --port 0` in `project` and waits for its address.
pub fn start_server(project: &Path) -> Server {
    start_server_under(project, &[])
}

/// Like [`start_server`], with the server started by the command `wrapper` (say, `prlimit`
/// with its options) when not empty.
pub fn start_server_under(project: &Path, wrapper: &[&str]) -> Server {
    use std::io::BufRead;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let bin = assert_cmd::cargo::cargo_bin("polydoc");
    let mut command = match wrapper.split_first() {
        Some((program, args)) => {
            let mut c = std::process::Command::new(program);
            c.args(args).arg(&bin);
            c
        }
        None => std::process::Command::new(&bin),
    };
    let mut child = command
        .current_dir(project)
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let lines = log.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line.clone());
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("server did not start");
        };
        if let Some(rest) = line.split("on http://").nth(1) {
            return Server { child, addr: rest.split('/').next().unwrap().to_string(), log };
        }
    }
}

/// Sends raw request bytes on a new connection; returns (status code, body).
pub fn raw_request(addr: &str, request: &[u8]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    s.write_all(request).unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let code = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (code, text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
}

/// `GET path` with `Connection: close`; returns (status code, body).
pub fn http_get(addr: &str, path: &str) -> (u16, String) {
    raw_request(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// The `href` of every `hreflang="x-default"` alternate in a page or sitemap, in order.
pub fn x_default_hrefs(text: &str) -> Vec<&str> {
    text.split("hreflang=\"x-default\" href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .collect()
}

/// Makes a symbolic link at `link` to `target` (a file; relative targets start at the link's
/// folder).
pub fn symlink_file(target: &Path, link: &Path) {
    #[cfg(unix)]
    let made = std::os::unix::fs::symlink(target, link);
    #[cfg(windows)]
    let made = std::os::windows::fs::symlink_file(target, link);
    made.unwrap_or_else(|e| panic!("symlink {} -> {}: {e}", link.display(), target.display()));
}

/// Makes a symbolic link at `link` to the folder `target` (relative targets start at the
/// link's folder).
pub fn symlink_dir(target: &Path, link: &Path) {
    #[cfg(unix)]
    let made = std::os::unix::fs::symlink(target, link);
    #[cfg(windows)]
    let made = std::os::windows::fs::symlink_dir(target, link);
    made.unwrap_or_else(|e| panic!("symlink {} -> {}: {e}", link.display(), target.display()));
}

/// One HTTP response read off the wire: status code, headers (names in lower case) and body.
pub struct Response {
    /// Status code (0 when there was no response).
    pub code: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes as sent.
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// Sends raw request bytes on a new connection (which the request should close) and parses
/// the one response.
pub fn raw_response(addr: &str, request: &[u8]) -> Response {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    s.write_all(request).unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").map_or(bytes.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.lines();
    let code = lines.next().and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response { code, headers, body: bytes[split..].to_vec() }
}

/// `GET path` with extra header lines (each ending in `\r\n`) and `Connection: close`.
pub fn get_with(addr: &str, path: &str, extra: &str) -> Response {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n");
    raw_response(addr, request.as_bytes())
}
