//! Live reload and the error overlay: the build status shared between the rebuild loop and
//! the server, its two endpoints (`/__polydoc/events`, a server-sent event stream pushed on
//! every change, and `/__polydoc/status`, the same JSON for one poll) and the script that
//! served HTML pages get, which reloads the page on a new generation and shows the last build
//! error as an overlay (its text set with `textContent`, never as markup).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Event streams open at once; more are refused with 503 (the script falls back to polling).
pub const MAX_EVENT_STREAMS: usize = 64;
/// How often an idle event stream sends a comment: well within the connection's stall limit
/// ([`super::conn::STALL_LIMIT`]), so a stream whose client still reads never looks stalled.
const KEEP_ALIVE: Duration = Duration::from_secs(4);

/// What the server shows besides files: the build generation and the last build error.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Status {
    /// Bumped after every build that put a new site in place; pages reload when it changes.
    pub generation: u64,
    /// The last build's error, if it failed (the previous site is still served).
    pub error: Option<String>,
}

/// The rebuild loop's end of the status.
pub type StatusSender = watch::Sender<Status>;

/// The server's view of the status, plus a count of the event streams it holds open.
#[derive(Clone)]
pub struct Reload {
    status: watch::Receiver<Status>,
    streams: Arc<AtomicUsize>,
}

impl Reload {
    /// Follows the status that `sender` publishes.
    pub fn new(sender: &StatusSender) -> Reload {
        Reload { status: sender.subscribe(), streams: Arc::new(AtomicUsize::new(0)) }
    }

    fn json(status: &Status) -> String {
        serde_json::to_string(status).unwrap_or_else(|_| "{}".to_string())
    }
}

/// `GET /__polydoc/status`: the status now, as JSON.
pub async fn status(State(reload): State<Reload>) -> Response {
    let body = Reload::json(&reload.status.borrow());
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Holds one of the [`MAX_EVENT_STREAMS`] places while its stream is open.
struct StreamPlace(Arc<AtomicUsize>);

impl Drop for StreamPlace {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `GET /__polydoc/events`: the status now, then again after every change.
pub async fn events(State(reload): State<Reload>) -> Response {
    if reload.streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        reload.streams.fetch_sub(1, Ordering::SeqCst);
        return (StatusCode::SERVICE_UNAVAILABLE, "too many event streams\n").into_response();
    }
    let place = StreamPlace(reload.streams.clone());
    Sse::new(status_stream(reload.status, place))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

fn status_stream(
    rx: watch::Receiver<Status>,
    place: StreamPlace,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold((rx, place, true), |(mut rx, place, first)| async move {
        if !first {
            rx.changed().await.ok()?;
        }
        let data = Reload::json(&rx.borrow_and_update());
        Some((Ok(Event::default().data(data)), (rx, place, false)))
    })
}

/// The preview script: follows the event stream (polling the status where EventSource is
/// missing or refused), reloads on a new generation and shows the last build error.
pub const SCRIPT: &str = r#"<script>
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
  function show(s) {
    if (seen !== null && s.generation !== seen) { location.reload(); return; }
    seen = s.generation;
    overlay(s.error);
  }
  function poll() {
    fetch("/__polydoc/status", { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(show).catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  if (!window.EventSource) { poll(); return; }
  var source = new EventSource("/__polydoc/events");
  source.onmessage = function (e) { show(JSON.parse(e.data)); };
  source.onerror = function () {
    if (source.readyState === EventSource.CLOSED) { poll(); }
  };
})();
</script>
"#;

/// Where the script goes in an HTML file of `len` bytes whose last `tail.len()` bytes are
/// `tail`: before the last `</body>` (any letter case), or at the end when there is none.
pub fn script_offset(len: u64, tail: &[u8]) -> u64 {
    const CLOSE: &[u8] = b"</body>";
    let start = len - tail.len() as u64;
    tail.windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
        .map_or(len, |i| start + i as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let page = b"<html><body><p>x</p></BODY></html>\n";
        assert_eq!(script_offset(page.len() as u64, page), 20);
        assert_eq!(script_offset(1000 + 5, b"</p>\n"), 1005, "no </body>: at the end");
        assert_eq!(script_offset(100, b"</body>tail"), 89, "offset counts the bytes before");
    }
}
