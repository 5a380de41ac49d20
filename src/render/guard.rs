//! The backstop for renders the cooperative limits of [`super::budget`] cannot stop: a loop
//! over the page's data that writes nothing runs past every check, and text captured by
//! `{% set %}…{% endset %}` or built with `~` grows without passing the page writer.
//!
//! - A watchdog thread ends the process (exit 1, the located error on stderr) when a render
//!   runs [`GRACE`] past [`MAX_RENDER_TIME`](crate::limits::MAX_RENDER_TIME).
//! - [`RenderAlloc`], the binary's global allocator, counts what each thread allocates while
//!   it renders and ends the process the same way past
//!   [`MAX_RENDER_MEMORY`](crate::limits::MAX_RENDER_MEMORY).
//!
//! Ending the process is safe for the output: a build writes into a staging folder that only
//! replaces the site once every page rendered, and the next build clears what is left.

use crate::diag::SourceError;
use crate::limits::{MAX_RENDER_MEMORY, MAX_RENDER_TIME};
use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// How long past its deadline a render may run before the watchdog ends the process (the
/// cooperative checks normally stop it first, with an error the caller handles).
pub const GRACE: Duration = Duration::from_secs(3);

thread_local! {
    /// Whether allocations of this thread count against a render's memory.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    /// Bytes this thread allocated (net) since its render started.
    static USED: Cell<usize> = const { Cell::new(0) };
}

/// One render in progress.
struct Flight {
    thread: ThreadId,
    started: Instant,
    /// Where the error points (its message is filled in when it is raised).
    at: Arc<SourceError>,
    name: String,
}

static FLIGHTS: Mutex<Vec<Flight>> = Mutex::new(Vec::new());

/// A render registered with the watchdog and counted by the allocator until dropped.
pub struct Guarded {
    counting: bool,
}

impl Guarded {
    /// Registers the render of template `name` on this thread (errors point at `at`).
    pub fn start(name: &str, at: Arc<SourceError>) -> Guarded {
        start_watchdog();
        let flight = Flight {
            thread: std::thread::current().id(),
            started: Instant::now(),
            at,
            name: name.into(),
        };
        let counting = COUNTING.get();
        COUNTING.set(false);
        FLIGHTS.lock().unwrap_or_else(|e| e.into_inner()).push(flight);
        USED.set(0);
        COUNTING.set(true);
        Guarded { counting }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        COUNTING.set(self.counting);
        let me = std::thread::current().id();
        let mut flights = FLIGHTS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = flights.iter().rposition(|f| f.thread == me) {
            flights.remove(i);
        }
    }
}

/// Starts the watchdog thread once per process.
fn start_watchdog() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        // Without a watchdog the cooperative limits still apply; nothing to report.
        let _ = std::thread::Builder::new().name("polydoc-render-watchdog".into()).spawn(|| loop {
            std::thread::sleep(Duration::from_millis(200));
            let flights = FLIGHTS.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(f) = flights.iter().find(|f| f.started.elapsed() > MAX_RENDER_TIME + GRACE)
            {
                let why = format!("it ran for more than {} s", MAX_RENDER_TIME.as_secs());
                end_process(f, &why);
            }
        });
    });
}

/// Prints the error for the runaway render `f` and ends the process with exit code 1.
fn end_process(f: &Flight, why: &str) -> ! {
    let mut error = (*f.at).clone();
    error.message = format!(
        "template error: rendering `{}` was stopped: {why}, polydoc's limit (a runaway loop? the template's first loop is shown); nothing was written to the output",
        f.name
    );
    eprintln!("error: {error}");
    std::process::exit(1)
}

/// Called by the allocator when this thread's render passed its memory: stops counting (the
/// report allocates) and ends the process.
#[cold]
fn out_of_memory() -> ! {
    COUNTING.set(false);
    let me = std::thread::current().id();
    let flights = FLIGHTS.lock().unwrap_or_else(|e| e.into_inner());
    let why = format!("it allocated more than {}", crate::limits::size(MAX_RENDER_MEMORY));
    match flights.iter().rfind(|f| f.thread == me) {
        Some(f) => end_process(f, &why),
        None => {
            eprintln!("error: template error: a render was stopped: {why}, polydoc's limit");
            std::process::exit(1)
        }
    }
}

fn charge(bytes: usize) {
    let counting = COUNTING.try_with(Cell::get).unwrap_or(false);
    if !counting {
        return;
    }
    let used = USED.get().saturating_add(bytes);
    USED.set(used);
    if used > MAX_RENDER_MEMORY {
        out_of_memory();
    }
}

fn release(bytes: usize) {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        USED.set(USED.get().saturating_sub(bytes));
    }
}

/// mimalloc, counting what a thread allocates while it renders a template. mimalloc rather
/// than the system allocator: a Graph-scale build allocates and frees hundreds of millions of
/// small strings and maps from two threads, and glibc's malloc spent about a third of the
/// build's CPU time in its free-list bookkeeping (`perf`, see `bench/openapi-scale.sh`).
pub struct RenderAlloc;

// SAFETY: every call is forwarded unchanged to `MiMalloc`; the bookkeeping only reads and
// writes const-initialized thread-locals without destructors (no allocation, no unwinding),
// and ends the process (never returns an invalid pointer) when a render passes its limit.
unsafe impl GlobalAlloc for RenderAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        charge(layout.size());
        MiMalloc.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        charge(layout.size());
        MiMalloc.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        release(layout.size());
        MiMalloc.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            charge(new_size - layout.size());
        } else {
            release(layout.size() - new_size);
        }
        MiMalloc.realloc(ptr, layout, new_size)
    }
}
