//! HTML pages as served: streamed in chunks from one open file, with the live-reload script
//! spliced in before the last `</body>` (found in the file's last few KiB), so a page of any
//! size costs a chunk of memory, not its size. Sends `Content-Length`, `ETag` and
//! `Last-Modified`, answers `If-None-Match` with 304 and `HEAD` without a body.

use super::etag;
use super::reload::{script_offset, SCRIPT};
use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, ETAG, LAST_MODIFIED};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use std::io::SeekFrom;
use std::path::Path;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};

/// How far from the end of a page `</body>` is looked for.
const TAIL: u64 = 8 * 1024;
/// Bytes read per chunk of body.
const CHUNK: usize = 64 * 1024;

/// Serves the HTML file at `path` (already confined) with `status`.
pub async fn serve(path: &Path, status: StatusCode, head_only: bool, req: &HeaderMap) -> Response {
    match open(path).await {
        Ok((file, meta)) => respond(file, &meta, status, head_only, req).await,
        Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

async fn open(path: &Path) -> std::io::Result<(tokio::fs::File, std::fs::Metadata)> {
    let file = tokio::fs::File::open(path).await?;
    let meta = file.metadata().await?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok((file, meta))
}

async fn respond(
    mut file: tokio::fs::File,
    meta: &std::fs::Metadata,
    status: StatusCode,
    head_only: bool,
    req: &HeaderMap,
) -> Response {
    let tag = etag::of(meta, "-live");
    let cacheable = status == StatusCode::OK;
    if cacheable && etag::none_match_hits(req, &tag) {
        return (StatusCode::NOT_MODIFIED, [(ETAG, tag)]).into_response();
    }
    let len = meta.len();
    let offset = match find_offset(&mut file, len).await {
        Ok(offset) => offset,
        Err(_) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page\n").into_response()
        }
    };
    let body = if head_only { Body::empty() } else { Body::from_stream(spliced(file, offset)) };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, "text/html; charset=utf-8".parse().expect("header"));
    h.insert(CONTENT_LENGTH, (len + SCRIPT.len() as u64).into());
    if cacheable {
        h.insert(ETAG, tag.parse().expect("tag is ASCII"));
        if let Ok(modified) = meta.modified() {
            let date = httpdate::fmt_http_date(modified);
            h.insert(LAST_MODIFIED, date.parse().expect("date is ASCII"));
        }
    }
    res
}

/// Reads the last bytes of the page for the script's place, then rewinds.
async fn find_offset(file: &mut tokio::fs::File, len: u64) -> std::io::Result<u64> {
    let tail_len = len.min(TAIL);
    file.seek(SeekFrom::Start(len - tail_len)).await?;
    let mut tail = vec![0; tail_len as usize];
    file.read_exact(&mut tail).await?;
    file.seek(SeekFrom::Start(0)).await?;
    Ok(script_offset(len, &tail))
}

/// Where the body stream is: the page before the script, the rest after it, or done.
enum Part {
    Before(tokio::io::Take<tokio::fs::File>),
    After(tokio::fs::File),
    Done,
}

/// The page's first `offset` bytes, the script, then the rest, one chunk at a time.
fn spliced(
    file: tokio::fs::File,
    offset: u64,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::unfold(Part::Before(file.take(offset)), |part| async move {
        match part {
            Part::Before(mut before) => match chunk(&mut before).await {
                Ok(Some(bytes)) => Some((Ok(bytes), Part::Before(before))),
                Ok(None) => Some((Ok(Bytes::from_static(SCRIPT.as_bytes())), {
                    Part::After(before.into_inner())
                })),
                Err(e) => Some((Err(e), Part::Done)),
            },
            Part::After(mut after) => match chunk(&mut after).await {
                Ok(Some(bytes)) => Some((Ok(bytes), Part::After(after))),
                Ok(None) => None,
                Err(e) => Some((Err(e), Part::Done)),
            },
            Part::Done => None,
        }
    })
}

/// The next chunk of `reader`, `None` at its end.
async fn chunk(reader: &mut (impl AsyncRead + Unpin)) -> std::io::Result<Option<Bytes>> {
    let mut buf = vec![0; CHUNK];
    let n = reader.read(&mut buf).await?;
    buf.truncate(n);
    Ok((n > 0).then(|| Bytes::from(buf)))
}
