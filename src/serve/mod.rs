//! `polydoc serve`: builds, serves the site on loopback, watches `content/`, `locales/` and
//! `templates/`, rebuilds incrementally on change and reloads open pages. A failed rebuild is
//! printed and shown as an overlay in the page while the last good site keeps being served.
//! This module runs the stages: the first build, the server on its own tokio runtime
//! ([`conn`] connections, [`http`] routes, [`page`] pages, [`confine`] paths, [`etag`] tags,
//! [`reload`] live reload) and the rebuild loop fed by the [`watch`] watcher.

pub mod confine;
pub mod conn;
pub mod etag;
pub mod http;
pub mod page;
pub mod reload;
pub mod watch;

use crate::build::{build, BuildOptions};
use anyhow::{Context, Result};
use reload::{Reload, Status, StatusSender};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

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
    let (status, _) = tokio::sync::watch::channel(Status::default());
    // Watch before the first build, so no change made after it can be missed.
    let root = std::path::absolute(&opts.build.root)?;
    let mut watcher = watch::SourceWatcher::new(&root)?;
    rebuild(&opts.build, &status);
    let listener = std::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .with_context(|| format!("cannot listen on {}:{}", opts.bind, opts.port))?;
    listener.set_nonblocking(true).context("cannot set up the listening socket")?;
    let addr = listener.local_addr()?;
    let out = std::path::absolute(&opts.build.out)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(64)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let app = http::router(out, Reload::new(&status));
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).context("cannot listen")?
    };
    eprintln!("serving {} on http://{addr}/ (Ctrl-C to stop)", opts.build.out.display());
    std::thread::Builder::new()
        .name("serve".into())
        .spawn(move || runtime.block_on(conn::accept_loop(listener, app)))
        .context("cannot start the server thread")?;
    while let Some(changed) = watcher.next_change() {
        eprintln!("changed: {}", watch::describe(&changed));
        rebuild(&opts.build, &status);
    }
    Ok(())
}

/// Builds once and publishes the outcome to the pages.
fn rebuild(opts: &BuildOptions, status: &StatusSender) {
    let started = std::time::Instant::now();
    let before = site_identity(&opts.out);
    match build(opts) {
        Ok(report) => {
            for w in crate::localize::missing::summarize(&report.warnings, false) {
                eprintln!("{w}");
            }
            eprintln!(
                "rebuilt {} page(s) ({} rendered) in {:.2?}",
                report.pages,
                report.rendered,
                started.elapsed()
            );
            published(status);
        }
        Err(e) if site_identity(&opts.out).is_some_and(|now| Some(now) != before) => {
            // The new site was swapped in; only a step after the swap failed.
            eprintln!(
                "warning: the new site is in place, but a step after it failed:\n{}",
                crate::diag::error_report(&e, false)
            );
            published(status);
        }
        Err(e) => {
            // Drawn by the one renderer, for the console and the error overlay alike.
            let text = crate::diag::error_report(&e, false);
            let showing = if before.is_some() {
                "still serving the last good site"
            } else {
                "no site built yet"
            };
            eprintln!("{text}\n({showing})");
            status.send_modify(|s| s.error = Some(text));
        }
    }
}

/// A new site is in place: pages reload, the overlay goes.
fn published(status: &StatusSender) {
    status.send_modify(|s| {
        s.generation += 1;
        s.error = None;
    });
}

/// Which folder is in place at the output path (device and inode): a build swaps in a new
/// folder, so a change tells that the new site went live.
#[cfg(unix)]
fn site_identity(out: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(out).ok().filter(|m| m.is_dir()).map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn site_identity(out: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(out).ok().filter(|m| m.is_dir()).map(|_| (0, 0))
}
