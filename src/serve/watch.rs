//! Watching the project's sources with `notify-debouncer-full`: `content/`, `locales/` and
//! `templates/` recursively, and the project root itself (not recursively) so that one of
//! those folders created, removed or replaced after start-up is (re-)armed and triggers a
//! rebuild. Each batch of changes comes back as the changed paths relative to the root;
//! changes elsewhere in the root (the output folder, its work folder) are ignored.

use anyhow::{Context, Result};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The source folders watched, relative to the project root.
pub const SOURCES: [&str; 3] = ["content", "locales", "templates"];

/// How long the sources must stay quiet before a batch of changes is reported.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// A watcher of one project's sources.
pub struct SourceWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
    root: PathBuf,
    armed: [bool; SOURCES.len()],
}

impl SourceWatcher {
    /// Starts watching the project at `root` (an absolute path).
    pub fn new(root: &Path) -> Result<SourceWatcher> {
        let (tx, events) = mpsc::channel();
        let mut debouncer =
            new_debouncer(DEBOUNCE, None, tx).context("cannot watch the project for changes")?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        let mut watcher =
            SourceWatcher { debouncer, events, root: root.to_path_buf(), armed: [false; 3] };
        watcher.arm(&BTreeSet::new());
        Ok(watcher)
    }

    /// Waits for the next batch of source changes and returns the changed paths, relative
    /// to the root and sorted; `None` once the watcher has stopped.
    pub fn next_change(&mut self) -> Option<Vec<String>> {
        loop {
            let batch = self.events.recv().ok()?;
            let paths = match batch {
                Ok(events) => self.relevant(events),
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching the sources: {e}");
                    }
                    continue;
                }
            };
            let folders: BTreeSet<&str> =
                SOURCES.iter().copied().filter(|s| paths.iter().any(|p| p == s)).collect();
            self.arm(&folders);
            if !paths.is_empty() {
                return Some(paths);
            }
        }
    }

    /// The source paths named by `events` (access events left out), relative to the root.
    fn relevant(&self, events: Vec<notify_debouncer_full::DebouncedEvent>) -> Vec<String> {
        let sources: Vec<PathBuf> = SOURCES.iter().map(|s| self.root.join(s)).collect();
        let mut paths = BTreeSet::new();
        for event in events.iter().filter(|e| !e.kind.is_access()) {
            for path in &event.paths {
                if sources.iter().any(|s| path.starts_with(s)) {
                    let rel = path.strip_prefix(&self.root).unwrap_or(path);
                    paths.insert(rel.to_string_lossy().into_owned());
                }
            }
        }
        paths.into_iter().collect()
    }

    /// Watches every source folder that exists and is not watched yet, and again the ones in
    /// `replaced` (created, removed or renamed as a whole: their old watch is gone).
    fn arm(&mut self, replaced: &BTreeSet<&str>) {
        for (i, name) in SOURCES.iter().enumerate() {
            let path = self.root.join(name);
            if self.armed[i] && (replaced.contains(name) || !path.is_dir()) {
                let _ = self.debouncer.unwatch(&path);
                self.armed[i] = false;
            }
            if !self.armed[i] && is_real_dir(&path) {
                match self.debouncer.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => self.armed[i] = true,
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
                }
            }
        }
    }
}

/// A folder that is not a symbolic link (linked source folders are refused by the build).
fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// The changed paths for the log: the first ten, then how many more.
pub fn describe(paths: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = paths.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_folder_created_after_start_is_watched() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let mut watcher = SourceWatcher::new(&root).unwrap();
        std::fs::create_dir(root.join("public")).unwrap();
        std::fs::write(root.join("public/x.html"), "ignored").unwrap();
        std::fs::create_dir(root.join("templates")).unwrap();
        let first = watcher.next_change().unwrap();
        assert!(first.iter().all(|p| p.starts_with("templates")), "{first:?}");
        // Give the fresh watch a moment, then write inside the new folder.
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(root.join("templates/page.html"), "x").unwrap();
        let second = watcher.next_change().unwrap();
        assert!(second.contains(&"templates/page.html".to_string()), "{second:?}");
        assert_eq!(describe(&second[..1]), "templates/page.html");
        let many: Vec<String> = (0..12).map(|i| format!("f{i}")).collect();
        assert!(describe(&many).ends_with(", f9 and 2 more"));
    }
}
