//! `polydoc serve` end to end: the real binary on a free loopback port, fetched over HTTP. It
//! serves the built pages, refuses to leave the output folder, rebuilds when a translation
//! changes, and keeps serving the last good site (with the error in the status) when a build
//! fails.

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
