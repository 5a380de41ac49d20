//! `polydoc serve` against hostile clients, beyond tests/serve.rs: symbolic links inside the
//! output folder that point out of it, absolute and doubled-slash targets, NUL and control
//! bytes, an idle-connection flood above the connection limit, and a burst of concurrent
//! requests, after which the server still answers and its memory stayed bounded; slowloris
//! sockets above the connection limit, during which a normal request is still answered at
//! once; several clients downloading a 100 MB file and a 100 MB page, with bounded memory;
//! more connections than the process may open files, after which it still answers; clients
//! that ask for a large file and stop reading, whose places are given back.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::*;

fn rss_kb(pid: u32) -> u64 {
    proc_kb(pid, "VmRSS:")
}

/// A memory figure of `/proc/<pid>/status` (`VmRSS:`, `VmHWM:`), in kB.
fn proc_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
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

/// One slowloris socket: a request head that never ends.
fn slow_socket(addr: &str) -> Option<TcpStream> {
    let mut s = TcpStream::connect_timeout(&addr.parse().ok()?, Duration::from_secs(1)).ok()?;
    s.set_write_timeout(Some(Duration::from_millis(100))).ok()?;
    s.write_all(b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-Slow: ").ok()?;
    Some(s)
}

#[test]
fn slowloris_sockets_above_the_limit_do_not_lock_out_a_normal_request() {
    let project = shipped_project();
    let server = start_server(project.path());
    assert!(server.addr.starts_with("127.0.0.1:"), "loopback only");
    assert_eq!(http_get(&server.addr, "/en/").0, 200);
    // 300 sockets (more than the 256 connections served at once) that each send one more
    // header byte a second, and reconnect when the server drops them, for 12 seconds.
    let stop = Arc::new(AtomicBool::new(false));
    let attacker = {
        let (addr, stop) = (server.addr.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut socks: Vec<Option<TcpStream>> = (0..300).map(|_| slow_socket(&addr)).collect();
            let held = socks.iter().filter(|s| s.is_some()).count();
            let mut reconnects = 0;
            while !stop.load(Ordering::SeqCst) {
                for sock in socks.iter_mut() {
                    let alive = sock.as_mut().is_some_and(|s| s.write_all(b"x").is_ok());
                    if !alive {
                        *sock = slow_socket(&addr);
                        reconnects += 1;
                    }
                }
                std::thread::sleep(Duration::from_secs(1));
            }
            (held, reconnects)
        })
    };
    std::thread::sleep(Duration::from_secs(2));
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut answers = Vec::new();
    while Instant::now() < deadline {
        let started = Instant::now();
        let (code, _) = http_get(&server.addr, "/de/create-chat/");
        answers.push((code, started.elapsed()));
        std::thread::sleep(Duration::from_millis(500));
    }
    stop.store(true, Ordering::SeqCst);
    let (held, _reconnects) = attacker.join().unwrap();
    assert!(held >= 256, "only {held} slow sockets connected");
    let bad: Vec<_> = answers
        .iter()
        .filter(|(code, took)| *code != 200 || *took > Duration::from_secs(2))
        .collect();
    assert!(bad.is_empty(), "normal requests not answered promptly: {bad:?} of {}", answers.len());
    assert_eq!(http_get(&server.addr, "/en/").0, 200);
}

#[test]
fn several_downloads_of_a_large_file_and_page_keep_memory_bounded() {
    let project = shipped_project();
    let server = start_server(project.path());
    let pid = server.child.id();
    assert_eq!(http_get(&server.addr, "/en/").0, 200);
    // 100 MB each, sparse (no disk used): a binary file and an HTML page.
    const SIZE: u64 = 100 * 1024 * 1024;
    let public = project.path().join("public");
    for name in ["big.bin", "big.html"] {
        std::fs::File::create(public.join(name)).unwrap().set_len(SIZE).unwrap();
    }
    let before = rss_kb(pid);
    let started = Instant::now();
    let clients: Vec<_> = (0..8)
        .map(|i| {
            let addr = server.addr.clone();
            let path = if i < 4 { "/big.bin" } else { "/big.html" };
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                s.write_all(req.as_bytes()).unwrap();
                let (mut total, mut buf) = (0u64, vec![0u8; 256 * 1024]);
                loop {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => total += n as u64,
                    }
                }
                total
            })
        })
        .collect();
    for client in clients {
        let got = client.join().unwrap();
        assert!(got > SIZE, "a download got {got} bytes of {SIZE}");
    }
    let took = started.elapsed();
    let peak = proc_kb(pid, "VmHWM:");
    assert!(took < Duration::from_secs(120), "8 downloads of 100 MB took {took:?}");
    assert!(
        peak < before + 64 * 1024,
        "server memory peaked at {peak} kB from {before} kB: files are not streamed"
    );
    assert_eq!(http_get(&server.addr, "/en/").0, 200);
}

#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let project = shipped_project();
    // 80 descriptors: the 200 connections below run the accept loop out of them.
    let mut server = start_server_under(project.path(), &["prlimit", "--nofile=80:80"]);
    assert_eq!(http_get(&server.addr, "/en/").0, 200);
    let held: Vec<TcpStream> = (0..200)
        .filter_map(|_| {
            let mut s = TcpStream::connect(&server.addr).ok()?;
            s.write_all(b"GET /en/ HTTP/1.1\r\nHost: x\r\n").ok()?;
            Some(s)
        })
        .collect();
    assert!(held.len() > 80, "{} connections", held.len());
    std::thread::sleep(Duration::from_secs(1));
    drop(held);
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.child.try_wait().unwrap().is_none(), "the server exited");
    let deadline = Instant::now() + Duration::from_secs(10);
    while http_get(&server.addr, "/en/").0 != 200 {
        assert!(Instant::now() < deadline, "the server stopped answering after EMFILE");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(server.log_text().contains("cannot accept a connection"), "the error is reported");
}

#[test]
fn clients_that_stop_reading_give_their_places_back() {
    let project = shipped_project();
    let server = start_server(project.path());
    let big = project.path().join("public/big.bin");
    std::fs::File::create(&big).unwrap().set_len(32 * 1024 * 1024).unwrap();
    // 300 clients ask for 32 MB each and never read: every place holds an answer in flight.
    let stuck: Vec<TcpStream> = (0..300)
        .filter_map(|_| {
            let mut s = TcpStream::connect(&server.addr).ok()?;
            s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n").ok()?;
            Some(s)
        })
        .collect();
    assert!(stuck.len() >= 256, "{} stuck clients", stuck.len());
    std::thread::sleep(Duration::from_secs(1));
    // Answers that make no progress are dropped after 10 s: a normal request gets through.
    let deadline = Instant::now() + Duration::from_secs(25);
    loop {
        if http_get(&server.addr, "/en/").0 == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "stalled answers hold every place");
        std::thread::sleep(Duration::from_millis(500));
    }
    drop(stuck);
}
