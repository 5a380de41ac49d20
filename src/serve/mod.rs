//! `polydoc serve`: build, serve the site on loopback, watch `content/`, `locales/` and
//! `templates/`, rebuild incrementally on change and reload open pages. A failed rebuild is
//! printed and shown as an overlay in the page while the last good site keeps being served.

pub mod http;

use crate::build::{build, BuildOptions};
use anyhow::{Context, Result};
use http::{SharedStatus, Status};
use notify::{RecursiveMode, Watcher};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How long to wait for more changes before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What to serve and where.
pub struct ServeOptions {
    /// The build to run on start and on every change.
    pub build: BuildOptions,
    /// Address to bind (loopback unless changed explicitly).
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
}

/// Runs the preview server until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<()> {
    // An output polydoc would never write (inside a source folder, say) is refused up front:
    // creating it below would feed the watcher polydoc's own writes.
    crate::write::check_output_dir(
        &opts.build.root,
        &crate::write::resolve_output(&opts.build.out)?,
    )?;
    let status: SharedStatus = Arc::new(RwLock::new(Status::default()));
    // Watch before the first build, so no change made after it can be missed.
    let (_watcher, changes) = watch(&opts.build.root)?;
    rebuild(&opts.build, &status);
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .with_context(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
    let addr = listener.local_addr()?;
    eprintln!("serving {} on http://{addr}/ (Ctrl-C to stop)", opts.build.out.display());
    let out = std::path::absolute(&opts.build.out)?;
    std::fs::create_dir_all(&out).ok();
    let server_status = status.clone();
    std::thread::spawn(move || http::serve(listener, out, server_status));
    while changes.recv().is_ok() {
        while changes.recv_timeout(DEBOUNCE).is_ok() {}
        rebuild(&opts.build, &status);
    }
    Ok(())
}

/// Builds once, recording the outcome for the pages' status poll.
fn rebuild(opts: &BuildOptions, status: &SharedStatus) {
    let started = std::time::Instant::now();
    match build(opts) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            eprintln!(
                "rebuilt {} page(s) ({} rendered) in {:.2?}",
                report.pages,
                report.rendered,
                started.elapsed()
            );
            let mut s = status.write().expect("status lock");
            s.generation += 1;
            s.error = None;
        }
        Err(e) => {
            // Drawn by the one renderer, for the console and the error overlay alike.
            let text = crate::diag::error_report(&e, false);
            eprintln!("{text}\n(still serving the last good site)");
            status.write().expect("status lock").error = Some(text);
        }
    }
}

/// Watches the project's sources; every change sends a message.
fn watch(root: &std::path::Path) -> Result<(notify::RecommendedWatcher, mpsc::Receiver<()>)> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = tx.send(());
        }
    })
    .context("cannot watch the project for changes")?;
    for dir in ["content", "locales", "templates"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    Ok((watcher, rx))
}
