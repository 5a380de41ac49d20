//! The preview server's routes (axum): the live-reload endpoints, then every other path
//! confined to the output folder and served by tower-http's `ServeDir` (MIME types, `HEAD`,
//! `Range`, `Last-Modified`, streaming) with an `ETag`, HTML pages by [`super::page`] with
//! the live-reload script, a folder without its trailing slash redirected to it. Only `GET`
//! and `HEAD` are answered (`405` with `Allow` otherwise); every answer says `no-cache`
//! (revalidate with the tags) and `nosniff`.

use super::confine::{encode_path, resolve, target_path, Target};
use super::reload::{self, Reload};
use super::{etag, page};
use axum::body::Body;
use axum::extract::{FromRef, Request, State};
use axum::http::header::{
    ALLOW, CACHE_CONTROL, CONTENT_TYPE, ETAG, LOCATION, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// What the routes share: the output folder and the build status.
#[derive(Clone)]
pub struct Site {
    root: Arc<PathBuf>,
    reload: Reload,
}

impl FromRef<Site> for Reload {
    fn from_ref(site: &Site) -> Reload {
        site.reload.clone()
    }
}

/// The routes serving `root` (an absolute path) and the status from `reload`.
pub fn router(root: PathBuf, reload: Reload) -> Router {
    let site = Site { root: Arc::new(root), reload };
    Router::new()
        .route("/__polydoc/status", get(reload::status))
        .route("/__polydoc/events", get(reload::events))
        .fallback(files)
        .layer(middleware::from_fn(policy))
        .with_state(site)
}

/// Refuses methods other than GET and HEAD; marks every answer `no-cache` and `nosniff`, and
/// text as UTF-8.
async fn policy(req: Request, next: Next) -> Response {
    let mut res = if matches!(*req.method(), Method::GET | Method::HEAD) {
        next.run(req).await
    } else {
        (StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, "GET, HEAD")], "only GET and HEAD\n")
            .into_response()
    };
    let headers = res.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let text = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|t| t.starts_with("text/") && !t.contains("charset"));
    if let Some(with) =
        text.and_then(|t| HeaderValue::from_str(&format!("{t}; charset=utf-8")).ok())
    {
        headers.insert(CONTENT_TYPE, with);
    }
    res
}

/// Every path but the live-reload endpoints. Resolving a path and opening a page are a few
/// system calls on a local folder, run on the worker itself: a hop to the blocking pool per
/// request cost more than half the throughput on a busy 2-core machine. Bodies larger than a
/// chunk are read on the blocking pool as they stream.
async fn files(State(site): State<Site>, req: Request) -> Response {
    let head_only = req.method() == Method::HEAD;
    let Some(path) = target_path(req.uri().path()) else {
        return not_found(&site.root, head_only).await;
    };
    let root = site.root.clone();
    let found = match resolve(&root, &path) {
        Target::File(real) if is_html(&real) => Found::Page(page::prepare(&real)),
        target => Found::Other(target),
    };
    match found {
        Found::Page(prepared) => page::respond(prepared, StatusCode::OK, head_only, req.headers()),
        Found::Other(Target::File(real)) => static_file(&site.root, &real, req).await,
        Found::Other(Target::Folder) => to_folder(req.uri()),
        Found::Other(_) => not_found(&site.root, head_only).await,
    }
}

/// What a request path led to: a page ready to send, or another target.
enum Found {
    Page(std::io::Result<page::Prepared>),
    Other(Target),
}

fn is_html(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e == "htm")
}

/// `/en` -> `/en/` (the query kept), so relative links on the page resolve inside it.
fn to_folder(uri: &Uri) -> Response {
    let location = match uri.query() {
        Some(q) => format!("{}/?{q}", uri.path()),
        None => format!("{}/", uri.path()),
    };
    (StatusCode::TEMPORARY_REDIRECT, [(LOCATION, location)]).into_response()
}

/// A file that is not a page, by ServeDir from the real output folder, asked for by its real
/// path (the one confinement checked), with an `ETag`.
async fn static_file(root: &Path, real: &Path, mut req: Request) -> Response {
    let (Ok(real_root), Ok(meta)) = (root.canonicalize(), std::fs::metadata(real)) else {
        return not_found(root, req.method() == Method::HEAD).await;
    };
    let Some(rel) = real.strip_prefix(&real_root).ok().and_then(|r| r.to_str()) else {
        return not_found(root, req.method() == Method::HEAD).await;
    };
    let tag = etag::of(&meta, "");
    if etag::none_match_hits(req.headers(), &tag) {
        return (StatusCode::NOT_MODIFIED, [(ETAG, tag)]).into_response();
    }
    etag::prepare_conditionals(req.headers_mut(), &tag);
    let Ok(uri) = Uri::try_from(encode_path(&format!("/{rel}"))) else {
        return not_found(root, req.method() == Method::HEAD).await;
    };
    *req.uri_mut() = uri;
    let served = ServeDir::new(&real_root).append_index_html_on_directories(false).oneshot(req);
    let mut res = match served.await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    if matches!(res.status(), StatusCode::OK | StatusCode::PARTIAL_CONTENT) {
        if let Ok(value) = HeaderValue::from_str(&tag) {
            res.headers_mut().insert(ETAG, value);
        }
    }
    res
}

/// The site's `404.html` (with the live-reload script), or a plain text 404.
async fn not_found(root: &Path, head_only: bool) -> Response {
    match resolve(root, "/404.html") {
        Target::File(real) => {
            let page = page::prepare(&real);
            page::respond(page, StatusCode::NOT_FOUND, head_only, &Default::default())
        }
        _ => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}
