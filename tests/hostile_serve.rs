//! `polydoc serve` against hostile clients, beyond tests/serve.rs: symbolic links inside the
//! output folder that point out of it, absolute and doubled-slash targets, NUL and control
//! bytes, an idle-connection flood above the connection limit, and a burst of concurrent
//! requests, after which the server still answers and its memory stayed bounded.

mod support;

use std::net::TcpStream;
use std::time::{Duration, Instant};
use support::*;

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn hostile_requests_stay_inside_the_output_folder() {
    let project = shipped_project();
    let p = project.path();
    std::fs::write(p.join("secret.txt"), "do not serve").unwrap();
    let server = start_server(p);
    assert_eq!(http_get(&server.addr, "/en/").0, 200);
    // Links planted inside the output folder (as a compromised build step might).
    std::os::unix::fs::symlink(p.join("secret.txt"), p.join("public/en/link.txt")).unwrap();
    std::os::unix::fs::symlink(p, p.join("public/en/up")).unwrap();
    for evil in [
        "/en/link.txt",
        "/en/up/secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/%2F%2E%2E%2Fsecret.txt",
        "/C:%5cWindows%5cwin.ini",
        "/en/%2e%2e/%2e%2e/secret.txt",
        "/en/.%2e/.%2e/secret.txt",
        "/en/%252e%252e/%252e%252e/secret.txt",
        "/en/%c0%ae%c0%ae/secret.txt",
        "file:///etc/passwd",
        "http://evil.example/../../secret.txt",
        "/en/%0d%0aSet-Cookie:%20x=1",
        "/en/%ff%fe",
        "*",
    ] {
        let (code, body) = http_get(&server.addr, evil);
        assert!(matches!(code, 400 | 404), "{evil}: {code}");
        assert!(!body.contains("do not serve") && !body.contains("root:"), "{evil} escaped");
    }
    let (code, _) =
        raw_request(&server.addr, b"GET /en/\0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(matches!(code, 400 | 404), "NUL: {code}");
    let (code, _) = raw_request(&server.addr, b"\xff\xfe\r\n\r\n");
    assert!(code == 400 || code == 0, "garbage request line: {code}");
    let long = format!("/{}", "a/".repeat(20_000));
    assert_eq!(http_get(&server.addr, &long).0, 431, "oversized target");
    assert_eq!(http_get(&server.addr, "/en/").0, 200, "still serving");
}

#[test]
fn connection_flood_and_request_burst_leave_the_server_answering_with_bounded_memory() {
    let project = shipped_project();
    let server = start_server(project.path());
    let pid = server.child.id();
    assert_eq!(http_get(&server.addr, "/de/create-chat/").0, 200);
    let before = rss_kb(pid);
    // 400 idle connections: more than the 256 the server takes at a time.
    let idle: Vec<TcpStream> =
        (0..400).filter_map(|_| TcpStream::connect(&server.addr).ok()).collect();
    assert!(idle.len() >= 256, "{} connections", idle.len());
    drop(idle);
    // 16 clients x 150 requests each.
    let started = Instant::now();
    let clients: Vec<_> = (0..16)
        .map(|i| {
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let paths = [
                    "/en/create-chat/",
                    "/de/",
                    "/assets/polydoc.css",
                    "/es/create-chat/index.html",
                    "/nope",
                ];
                let mut bad = 0;
                for j in 0..150 {
                    let path = paths[(i + j) % paths.len()];
                    let (code, _) = http_get(&addr, path);
                    let want = if path == "/nope" { 404 } else { 200 };
                    bad += usize::from(code != want);
                }
                bad
            })
        })
        .collect();
    let bad: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    let took = started.elapsed();
    assert_eq!(bad, 0, "wrong answers in the burst");
    assert!(took < Duration::from_secs(60), "2,400 requests took {took:?}");
    let after = rss_kb(pid);
    assert!(after < before + 64 * 1024, "server RSS grew from {before} kB to {after} kB");
    assert_eq!(http_get(&server.addr, "/en/").0, 200);
}
