//! The site's files beyond the operation pages, through the real binary: the page script and
//! its `defer` tag, the 404 page, canonical links, `--base-url` (absolute alternates and
//! canonical, `sitemap.xml` with every locale's alternates, x-default the source locale) and its
//! validation.

mod support;

use std::path::Path;
use support::*;

fn build(project: &Path, out: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--out", out];
    args.extend_from_slice(extra);
    polydoc(project, &args)
}

fn read(project: &Path, rel: &str) -> String {
    std::fs::read_to_string(project.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn pages_load_the_deferred_script_and_name_their_canonical_url() {
    let project = shipped_project();
    let out = build(project.path(), "public", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let js = read(project.path(), "public/assets/polydoc.js");
    assert!(js.contains("localStorage") && js.contains("clipboard"), "the built-in script");
    assert!(!js.contains("http://") && !js.contains("https://"), "the script names no host");
    for locale in ["en", "de", "es"] {
        let page = read(project.path(), &format!("public/{locale}/create-chat/index.html"));
        assert!(
            page.contains("<script src=\"../../assets/polydoc.js\" defer></script>"),
            "{locale}"
        );
        assert!(
            page.contains(&format!(
                "<link rel=\"canonical\" href=\"../../{locale}/create-chat/\">"
            )),
            "{locale}"
        );
        assert_eq!(page.matches("rel=\"canonical\"").count(), 1, "{locale}");
        let index = read(project.path(), &format!("public/{locale}/index.html"));
        assert!(
            index.contains(&format!("<link rel=\"canonical\" href=\"../{locale}/\">")),
            "{locale} index"
        );
    }
    assert!(!project.path().join("public/sitemap.xml").exists(), "no sitemap without a base URL");
    // 404.html: source locale, links from the server root to every locale's index.
    let missing = read(project.path(), "public/404.html");
    assert!(
        missing.contains("<html lang=\"en\"") && missing.contains("Page not found"),
        "{missing}"
    );
    for locale in ["en", "de", "es"] {
        assert!(
            missing.contains(&format!("<a href=\"/{locale}/\" hreflang=\"{locale}\"")),
            "{locale}: {missing}"
        );
    }
    assert!(missing.contains("href=\"/assets/polydoc.css\""), "stylesheet from the root");
}

#[test]
fn base_url_makes_alternates_canonical_and_sitemap_absolute() {
    let project = shipped_project();
    let out = build(project.path(), "public", &["--base-url", "https://docs.example.com/graph"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let base = "https://docs.example.com/graph/";
    for locale in ["en", "de", "es"] {
        let page = read(project.path(), &format!("public/{locale}/create-chat/index.html"));
        assert!(
            page.contains(&format!(
                "<link rel=\"canonical\" href=\"{base}{locale}/create-chat/\">"
            )),
            "{locale}"
        );
        for other in ["en", "de", "es"] {
            let alt = format!(
                "<link rel=\"alternate\" hreflang=\"{other}\" href=\"{base}{other}/create-chat/\">"
            );
            assert!(page.contains(&alt), "{locale} lacks {alt}");
            // The switcher keeps relative links, so a local preview stays local.
            assert!(
                page.contains(&format!(
                    "<a href=\"../../{other}/create-chat/\" hreflang=\"{other}\""
                )) || other == locale,
                "{locale}"
            );
        }
        assert_eq!(
            x_default_hrefs(&page),
            [format!("{base}en/create-chat/")],
            "{locale}: x-default is the absolute source-locale page"
        );
        let index = read(project.path(), &format!("public/{locale}/index.html"));
        assert_eq!(x_default_hrefs(&index), [format!("{base}en/")], "{locale} index");
    }
    assert_eq!(
        x_default_hrefs(&read(project.path(), "public/index.html")),
        [format!("{base}en/")],
        "language chooser"
    );
    let sitemap = read(project.path(), "public/sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    // Each locale's index and operation page, each listing all three alternates and x-default.
    assert_eq!(sitemap.matches("<url>").count(), 6, "{sitemap}");
    assert_eq!(sitemap.matches("<xhtml:link rel=\"alternate\"").count(), 24, "{sitemap}");
    for url in sitemap.split("<url>").skip(1) {
        let source = if url.contains("/create-chat/</loc>") {
            format!("{base}en/create-chat/")
        } else {
            format!("{base}en/")
        };
        assert_eq!(
            x_default_hrefs(url),
            [source],
            "x-default once per <url>, the source-locale page: {url}"
        );
    }
    for locale in ["en", "de", "es"] {
        assert!(sitemap.contains(&format!("<loc>{base}{locale}/create-chat/</loc>")), "{locale}");
        assert!(sitemap.contains(&format!("<xhtml:link rel=\"alternate\" hreflang=\"{locale}\" href=\"{base}{locale}/create-chat/\"/>")));
    }
    let missing = read(project.path(), "public/404.html");
    assert!(missing.contains(&format!("<a href=\"{base}de/\" hreflang=\"de\"")), "{missing}");
    // Switching the base URL off again removes the sitemap (the cache knows the base URL).
    let again = build(project.path(), "public", &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!project.path().join("public/sitemap.xml").exists());
    assert!(!read(project.path(), "public/de/create-chat/index.html").contains(base));
}

#[test]
fn base_url_must_be_an_absolute_http_url() {
    let project = shipped_project();
    for bad in [
        "docs.example.com",
        "ftp://example.com/",
        "https://example.com/a b",
        "https://example.com/?q=1",
        "https://ex.com/\"x",
    ] {
        let out = build(project.path(), "public", &["--base-url", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(stderr(&out).contains("--base-url"), "{bad}: {}", stderr(&out));
        assert!(!project.path().join("public").exists(), "{bad}: nothing written");
    }
}
