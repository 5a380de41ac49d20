//! Connections: the accept loop, hyper's HTTP/1 server on each connection with a deadline
//! for every request head and a size limit on it, and a global connection limit that idle or
//! slow clients cannot hold against everyone: when every place is taken, a new connection
//! takes the place of the connection that has been idle the longest (one reading a request
//! head or waiting between requests, never one whose answer is in flight), and an answer
//! that makes no progress for [`STALL_LIMIT`] (a client that stopped reading) is dropped. An
//! accept error (out of descriptors, say) is reported and retried, never fatal.

use axum::body::{Body, Bytes};
use axum::Router;
use http_body::Frame;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tower::ServiceExt;

/// Largest request head (request line and headers) accepted; more gets 431.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Most connections open at once.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a client has to send a whole request head, also between requests on a
/// keep-alive connection; then the connection is closed.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// How long an answer may make no progress (a client that stopped reading) before its
/// connection is closed. An idle live-reload stream sends a comment every 4 s, so it moves.
pub const STALL_LIMIT: Duration = Duration::from_secs(10);

/// Accepts connections on `listener` and serves `app` on them until the process ends.
pub async fn accept_loop(listener: TcpListener, app: Router) {
    let places = Arc::new(Places::default());
    let mut last_report: Option<Instant> = None;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                if last_report.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                    eprintln!("warning: cannot accept a connection: {e} (retrying)");
                    last_report = Some(Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        match places.take() {
            Some(place) => {
                tokio::spawn(serve_connection(stream, app.clone(), place));
            }
            None => refuse(stream),
        }
    }
}

/// Every place is busy answering: say so and close.
fn refuse(stream: TcpStream) {
    let _ = stream.try_write(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
          Content-Length: 21\r\nConnection: close\r\n\r\ntoo many connections\n",
    );
}

async fn serve_connection(stream: TcpStream, app: Router, place: Place) {
    let _ = stream.set_nodelay(true);
    let activity = place.activity.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let busy = Busy::start(activity.clone());
        let app = app.clone();
        async move {
            let res = app.oneshot(req.map(Body::new)).await?;
            Ok::<_, std::convert::Infallible>(res.map(|body| Body::new(Tracked { body, busy })))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_DEADLINE)
        .max_buf_size(MAX_HEAD_BYTES)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        _ = place.evicted.notified() => {}
        _ = stalled(&place.activity) => {}
    }
}

/// Resolves once an answer in flight has made no progress for [`STALL_LIMIT`].
async fn stalled(activity: &Activity) {
    let limit = STALL_LIMIT.as_millis() as u64;
    loop {
        tokio::time::sleep(STALL_LIMIT / 4).await;
        let quiet = now_ms().saturating_sub(activity.progress_ms.load(Ordering::SeqCst));
        if activity.in_flight.load(Ordering::SeqCst) > 0 && quiet > limit {
            return;
        }
    }
}

/// When the server started, for activity times as numbers.
fn epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn now_ms() -> u64 {
    epoch().elapsed().as_millis() as u64
}

/// What a connection's place knows: requests in flight, when it last finished one and when
/// its answer last moved.
#[derive(Default)]
struct Activity {
    in_flight: AtomicUsize,
    last_ms: AtomicU64,
    progress_ms: AtomicU64,
}

/// The open connections, by number.
#[derive(Default)]
struct Places {
    open: Mutex<HashMap<u64, Entry>>,
    next: AtomicU64,
}

struct Entry {
    activity: Arc<Activity>,
    evicted: Arc<Notify>,
}

/// One connection's place; given back when dropped.
struct Place {
    id: u64,
    places: Arc<Places>,
    activity: Arc<Activity>,
    evicted: Arc<Notify>,
}

impl Places {
    /// A place for a new connection, evicting the longest-idle one when all are taken;
    /// `None` when every connection has an answer in flight.
    fn take(self: &Arc<Self>) -> Option<Place> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= MAX_CONNECTIONS {
            let idlest = open
                .iter()
                .filter(|(_, e)| e.activity.in_flight.load(Ordering::SeqCst) == 0)
                .min_by_key(|(id, e)| (e.activity.last_ms.load(Ordering::SeqCst), **id))
                .map(|(id, _)| *id)?;
            if let Some(entry) = open.remove(&idlest) {
                entry.evicted.notify_one();
            }
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let activity = Arc::new(Activity { last_ms: now_ms().into(), ..Activity::default() });
        let evicted = Arc::new(Notify::new());
        open.insert(id, Entry { activity: activity.clone(), evicted: evicted.clone() });
        Some(Place { id, places: self.clone(), activity, evicted })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.places.open.lock().unwrap_or_else(|e| e.into_inner());
        open.remove(&self.id);
    }
}

/// Marks a request in flight on its connection until its response body is done.
struct Busy(Arc<Activity>);

impl Busy {
    fn start(activity: Arc<Activity>) -> Busy {
        activity.progress_ms.store(now_ms(), Ordering::SeqCst);
        activity.in_flight.fetch_add(1, Ordering::SeqCst);
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.last_ms.store(now_ms(), Ordering::SeqCst);
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its request marked in flight while it is being sent.
struct Tracked {
    body: Body,
    busy: Busy,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        self.busy.0.progress_ms.store(now_ms(), Ordering::SeqCst);
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_house_evicts_the_longest_idle_connection_never_abusy_one() {
        let places = Arc::new(Places::default());
        let mut held: Vec<Place> = (0..MAX_CONNECTIONS).map(|_| places.take().unwrap()).collect();
        // Every connection but the last two finished a request recently; the last two are
        // idle since they opened (slow heads), and the very first is answering now.
        for place in &held[..MAX_CONNECTIONS - 2] {
            place.activity.last_ms.store(u64::MAX / 2, Ordering::SeqCst);
        }
        held[0].activity.last_ms.store(0, Ordering::SeqCst);
        held[MAX_CONNECTIONS - 2].activity.last_ms.store(1, Ordering::SeqCst);
        held[MAX_CONNECTIONS - 1].activity.last_ms.store(2, Ordering::SeqCst);
        let _answering = Busy::start(held[0].activity.clone());
        let slow = held[MAX_CONNECTIONS - 2].id;
        let newest = places.take().expect("a place for the new connection");
        let open = places.open.lock().unwrap();
        assert_eq!(open.len(), MAX_CONNECTIONS);
        assert!(!open.contains_key(&slow), "the longest-idle connection was evicted");
        assert!(open.contains_key(&held[0].id), "the busy one stays");
        assert!(open.contains_key(&newest.id));
        drop(open);
        // With every connection answering, a new one is refused.
        let busy: Vec<Busy> =
            places.open.lock().unwrap().values().map(|e| Busy::start(e.activity.clone())).collect();
        assert!(places.take().is_none(), "no place while all are answering");
        drop(busy);
        assert!(places.take().is_some(), "a place again once they are done");
        held.clear();
    }
}
