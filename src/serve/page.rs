//! HTML pages as served: the live-reload script spliced in before the last `</body>` (found
//! in the file's last few KiB); a page over 256 KiB is streamed in 64 KiB chunks from the one
//! open file, so a page of any size costs at most 256 KiB of memory, not its size. Sends
//! `Content-Length`, `ETag` and `Last-Modified`, answers `If-None-Match` with 304 and `HEAD`
//! without a body.

use super::etag;
use super::reload::{script_offset, SCRIPT};
use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, ETAG, LAST_MODIFIED};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use tokio::io::{AsyncRead, AsyncReadExt};

/// How far from the end of a page `</body>` is looked for.
const TAIL: u64 = 8 * 1024;
/// Bytes read per chunk of body.
const CHUNK: usize = 64 * 1024;
/// Pages up to this size are read in one step (one read on the worker costs less than
/// three hops to the blocking pool); larger ones are streamed chunk by chunk.
const WHOLE: u64 = 256 * 1024;

/// A page opened for serving: its metadata and its body, whole (with the script already in
/// place) up to [`WHOLE`] bytes, else the open file and where the script goes.
pub struct Prepared {
    meta: std::fs::Metadata,
    body: PageBody,
}

enum PageBody {
    Whole(Vec<u8>),
    Streamed(std::fs::File, u64),
}

/// Opens the HTML file at `path` (already confined) and finds the script's place: one
/// blocking step, run on the blocking pool.
pub fn prepare(path: &Path) -> std::io::Result<Prepared> {
    let mut file = open_no_wait(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let len = meta.len();
    let tail_len = len.min(TAIL);
    if len <= WHOLE {
        let mut page = Vec::with_capacity(len as usize + SCRIPT.len());
        file.read_to_end(&mut page)?;
        let at = script_offset(page.len() as u64, &page[page.len() - tail_len as usize..]);
        page.splice(at as usize..at as usize, SCRIPT.bytes());
        return Ok(Prepared { meta, body: PageBody::Whole(page) });
    }
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0; tail_len as usize];
    file.read_exact(&mut tail)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(Prepared { meta, body: PageBody::Streamed(file, script_offset(len, &tail)) })
}

/// Opens `path` for reading; where it can, without waiting, should a FIFO have replaced the
/// file since it was checked.
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        rustix::fs::OFlags::NONBLOCK.bits() as i32,
    );
    options.open(path)
}

/// The answer for a prepared page with `status`: 304 when `If-None-Match` names it.
pub fn respond(
    page: std::io::Result<Prepared>,
    status: StatusCode,
    head_only: bool,
    req: &HeaderMap,
) -> Response {
    let Ok(Prepared { meta, body }) = page else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let tag = etag::of(&meta, "-live");
    let cacheable = status == StatusCode::OK;
    if cacheable && etag::none_match_hits(req, &tag) {
        return (StatusCode::NOT_MODIFIED, [(ETAG, tag)]).into_response();
    }
    let length = meta.len() + SCRIPT.len() as u64;
    let body = match body {
        _ if head_only => Body::empty(),
        PageBody::Whole(bytes) => Body::from(bytes),
        PageBody::Streamed(file, offset) => {
            Body::from_stream(spliced(tokio::fs::File::from_std(file), offset))
        }
    };
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(CONTENT_LENGTH, length.into());
    if cacheable {
        if let Ok(value) = HeaderValue::from_str(&tag) {
            h.insert(ETAG, value);
        }
        if let Some(date) = meta.modified().ok().map(httpdate::fmt_http_date) {
            if let Ok(value) = HeaderValue::from_str(&date) {
                h.insert(LAST_MODIFIED, value);
            }
        }
    }
    res
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
