//! `polydoc serve` end to end: the real binary on a free loopback port, fetched over HTTP. It
//! serves the built pages, refuses to leave the output folder, rebuilds when a translation
//! changes, and keeps serving the last good site (with the error in the status) when a build
//! fails. HTTP as a browser expects it: folders redirect to their trailing slash, MIME types,
//! ranges, entity tags and `Allow`; a `templates/` folder created after start-up is watched;
//! a build that fails after the new site is in place does not claim the old one is shown.

mod support;

use std::time::{Duration, Instant};
use support::*;

fn start(project: &std::path::Path) -> Server {
    let server = start_server(project);
    assert!(server.addr.starts_with("127.0.0.1:"), "binds loopback by default: {}", server.addr);
    server
}

fn raw(addr: &str, request: &str) -> (u16, String) {
    raw_request(addr, request.as_bytes())
}

fn status(addr: &str) -> serde_json::Value {
    serde_json::from_str(&http_get(addr, "/__polydoc/status").1).unwrap()
}

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn serves_pages_and_nothing_outside_the_output_folder() {
    let project = shipped_project();
    std::fs::write(project.path().join("secret.txt"), "do not serve").unwrap();
    let server = start(project.path());
    let (code, body) = http_get(&server.addr, "/de/create-chat/");
    assert_eq!(code, 200);
    assert!(
        body.contains("<html lang=\"de\"") && body.contains("/__polydoc/status"),
        "page with reload script"
    );
    assert_eq!(http_get(&server.addr, "/assets/polydoc.css").0, 200);
    for evil in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "http://127.0.0.1/../secret.txt",
        "/%00",
    ] {
        let (code, body) = http_get(&server.addr, evil);
        assert!(code == 404 || code == 400, "{evil}: {code}");
        assert!(!body.contains("do not serve"), "{evil} escaped");
    }
    assert_eq!(
        raw(&server.addr, "POST /en/ HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").0,
        405
    );
    let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(40_000));
    assert_eq!(raw(&server.addr, &huge).0, 431);
    // Keep-alive: two requests on one connection.
    let (code, body) = raw(&server.addr, "GET /en/ HTTP/1.1\r\nHost: x\r\n\r\nGET /es/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(code, 200);
    assert!(body.contains("lang=\"es\""), "second response on the same connection");
}

#[test]
fn rebuilds_on_change_and_keeps_the_last_good_site_on_error() {
    let project = shipped_project();
    let server = start(project.path());
    wait_for("first build", || status(&server.addr)["generation"] == 1);
    let ftl = project.path().join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replace("title = Chat erstellen", "title = Chat anlegen")).unwrap();
    wait_for("rebuild after a translation edit", || {
        http_get(&server.addr, "/de/create-chat/").1.contains("<h1 id=\"title\">Chat anlegen</h1>")
    });
    // The page can be on disk a moment before the server records the new generation.
    wait_for("the new generation", || status(&server.addr)["generation"].as_u64().unwrap() >= 2);
    let generation = status(&server.addr)["generation"].as_u64().unwrap();

    let template = project.path().join("templates/partials/response.html");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, good.replace("{{ t.response }}", "{{ t.response ")).unwrap();
    wait_for("the build error in the status", || {
        status(&server.addr)["error"]
            .as_str()
            .is_some_and(|e| e.contains("templates/partials/response.html"))
    });
    let (code, page) = http_get(&server.addr, "/de/create-chat/");
    assert_eq!(code, 200, "the last good site is still served");
    assert!(page.contains("Chat anlegen"));

    std::fs::write(&template, good).unwrap();
    wait_for("recovery", || {
        let s = status(&server.addr);
        s["error"].is_null() && s["generation"].as_u64().unwrap() > generation
    });
}

#[test]
fn a_folder_without_its_slash_redirects_so_relative_links_resolve() {
    let project = shipped_project();
    let server = start(project.path());
    for (path, to) in
        [("/en", "/en/"), ("/de/create-chat", "/de/create-chat/"), ("/es?x=1", "/es/?x=1")]
    {
        let res = get_with(&server.addr, path, "");
        assert!(matches!(res.code, 301 | 302 | 307 | 308), "{path}: {}", res.code);
        assert_eq!(res.header("location"), Some(to), "{path}");
    }
    let res = get_with(&server.addr, "/en/", "");
    assert_eq!(res.code, 200);
    // The page's relative links resolve inside the folder it was redirected to.
    let body = String::from_utf8_lossy(&res.body);
    assert!(body.contains("href=\"./_area/"), "relative link on /en/");
    assert_eq!(get_with(&server.addr, "/en/create-chat/", "").code, 200);
}

#[test]
fn files_have_their_mime_types_ranges_tags_and_methods() {
    let project = shipped_project();
    let server = start(project.path());
    let public = project.path().join("public");
    let types = [
        ("a.svg", "image/svg+xml"),
        ("f.woff2", "font/woff2"),
        ("f.ttf", "font/ttf"),
        ("site.webmanifest", "application/manifest+json"),
        ("m.wasm", "application/wasm"),
        ("i.webp", "image/webp"),
        ("i.avif", "image/avif"),
        ("i.jpg", "image/jpeg"),
        ("d.pdf", "application/pdf"),
        ("v.mp4", "video/mp4"),
    ];
    for (name, _) in types {
        std::fs::write(public.join(name), b"0123456789abcdefghij").unwrap();
    }
    for (name, mime) in types {
        let res = get_with(&server.addr, &format!("/{name}"), "");
        assert_eq!(res.code, 200, "{name}");
        assert_eq!(res.header("content-type"), Some(mime), "{name}");
    }
    // Range: the bytes asked for, 206 and Content-Range; a suffix range; past the end: 416.
    let res = get_with(&server.addr, "/m.wasm", "Range: bytes=10-14\r\n");
    assert_eq!(res.code, 206);
    assert_eq!(res.body, b"abcde");
    assert_eq!(res.header("content-range"), Some("bytes 10-14/20"));
    let res = get_with(&server.addr, "/m.wasm", "Range: bytes=-3\r\n");
    assert_eq!((res.code, res.body.as_slice()), (206, &b"hij"[..]));
    assert_eq!(get_with(&server.addr, "/m.wasm", "Range: bytes=50-60\r\n").code, 416);
    // ETag and If-None-Match: 304 without a body; a changed file has a new tag.
    for path in ["/m.wasm", "/assets/polydoc.css", "/de/create-chat/"] {
        let first = get_with(&server.addr, path, "");
        let tag = first.header("etag").unwrap_or_else(|| panic!("{path}: no ETag")).to_string();
        assert!(first.header("last-modified").is_some(), "{path}: no Last-Modified");
        let again = get_with(&server.addr, path, &format!("If-None-Match: {tag}\r\n"));
        assert_eq!(again.code, 304, "{path}");
        assert!(again.body.is_empty(), "{path}: 304 with a body");
        let other = get_with(&server.addr, path, "If-None-Match: \"other\"\r\n");
        assert_eq!(other.code, 200, "{path}");
    }
    let tag = get_with(&server.addr, "/m.wasm", "").header("etag").unwrap().to_string();
    std::fs::write(public.join("m.wasm"), b"new bytes, longer than before").unwrap();
    let res = get_with(&server.addr, "/m.wasm", &format!("If-None-Match: {tag}\r\n"));
    assert_eq!(res.code, 200, "a changed file is sent again");
    assert_eq!(res.body, b"new bytes, longer than before");
    // HEAD: the headers of GET, no body.
    let get = get_with(&server.addr, "/de/create-chat/", "");
    let head = raw_response(
        &server.addr,
        b"HEAD /de/create-chat/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.code, 200);
    assert!(head.body.is_empty(), "HEAD with a body");
    assert_eq!(head.header("content-length"), Some(get.body.len().to_string().as_str()));
    // A page larger than 256 KiB is streamed with the script spliced before `</body>`.
    let long = format!("<!doctype html><body>{}</body></html>\n", "<p>line</p>\n".repeat(60_000));
    std::fs::write(public.join("long.html"), &long).unwrap();
    let res = get_with(&server.addr, "/long.html", "");
    let body = String::from_utf8(res.body.clone()).unwrap();
    assert_eq!(res.header("content-length"), Some(body.len().to_string().as_str()));
    let (before, after) = body.split_once("<script>").expect("the live-reload script");
    assert_eq!(before, &long[..long.rfind("</body>").unwrap()], "the page before the script");
    assert!(after.ends_with("</script>\n</body></html>\n"), "the script, then the page's end");
    // Other methods: 405 with Allow.
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let req = format!(
            "{method} /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let res = raw_response(&server.addr, req.as_bytes());
        assert_eq!(res.code, 405, "{method}");
        assert_eq!(res.header("allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn a_templates_folder_created_after_start_is_watched_and_the_log_names_the_files() {
    let project = shipped_project();
    let p = project.path();
    let shipped = p.join("templates");
    let spare = p.join("templates-shipped");
    std::fs::rename(&shipped, &spare).unwrap();
    let server = start(p);
    wait_for("first build", || status(&server.addr)["generation"] == 1);
    // Create templates/ (with the shipped ones, one of them marked) after start-up.
    let staged = tempfile::tempdir().unwrap();
    copy_dir(&spare, staged.path());
    let response = staged.path().join("partials/response.html");
    let good = std::fs::read_to_string(&response).unwrap();
    std::fs::write(&response, good.replace("{{ t.response }}", "Marker-one {{ t.response }}"))
        .unwrap();
    copy_dir(staged.path(), &shipped);
    wait_for("a rebuild with the new templates/", || {
        http_get(&server.addr, "/de/create-chat/").1.contains("Marker-one")
    });
    // An edit inside the new folder is seen too: the folder is watched.
    let generation = status(&server.addr)["generation"].as_u64().unwrap();
    let template = shipped.join("partials/response.html");
    std::fs::write(&template, good.replace("{{ t.response }}", "Marker-two {{ t.response }}"))
        .unwrap();
    wait_for("a rebuild after an edit in the new templates/", || {
        http_get(&server.addr, "/de/create-chat/").1.contains("Marker-two")
            && status(&server.addr)["generation"].as_u64().unwrap() > generation
    });
    wait_for("the changed file in the log", || {
        server
            .log_text()
            .lines()
            .any(|l| l.starts_with("changed:") && l.contains("templates/partials/response.html"))
    });
}

#[test]
fn a_build_that_fails_after_the_swap_does_not_claim_the_last_good_site() {
    let project = shipped_project();
    let p = project.path();
    let server = start(p);
    wait_for("first build", || status(&server.addr)["generation"] == 1);
    // The cache manifest cannot be replaced: the build fails after the new site is in place.
    let manifest = p.join(".public.polydoc-cache/manifest.bin");
    assert!(manifest.is_file(), "the cache manifest is where this test expects it");
    std::fs::remove_file(&manifest).unwrap();
    std::fs::create_dir_all(manifest.join("blocker")).unwrap();
    let ftl = p.join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replace("title = Chat erstellen", "title = Chat anlegen")).unwrap();
    wait_for("the new page", || {
        http_get(&server.addr, "/de/create-chat/").1.contains("Chat anlegen")
    });
    wait_for("the new generation", || status(&server.addr)["generation"].as_u64().unwrap() >= 2);
    std::thread::sleep(Duration::from_millis(300));
    assert!(status(&server.addr)["error"].is_null(), "overlay over the new site");
    let log = server.log_text();
    assert!(!log.contains("last good site"), "serve says it shows the old site:\n{log}");
}

#[test]
fn live_reload_events_are_pushed_and_an_idle_stream_stays_open() {
    use std::io::{BufRead, Write};
    let project = shipped_project();
    let server = start(project.path());
    wait_for("first build", || status(&server.addr)["generation"] == 1);
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    stream.write_all(b"GET /__polydoc/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_event = |within: Duration| -> serde_json::Value {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx.recv_timeout(left).expect("an event in time");
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data).unwrap();
            }
        }
    };
    assert_eq!(next_event(Duration::from_secs(10))["generation"], 1, "the status at once");
    // Idle for longer than the server's 10 s stall limit: the stream must stay open.
    std::thread::sleep(Duration::from_secs(12));
    let ftl = project.path().join("locales/de/create-chat.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap();
    std::fs::write(&ftl, text.replace("title = Chat erstellen", "title = Chat anlegen")).unwrap();
    let event = next_event(Duration::from_secs(30));
    assert_eq!(event["generation"], 2, "pushed after the rebuild: {event}");
    assert!(event["error"].is_null());
}
