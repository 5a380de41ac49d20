//! What one template render may cost: the page it writes is capped at
//! [`MAX_PAGE_BYTES`](crate::limits::MAX_PAGE_BYTES), `range()` produces at most
//! [`MAX_RANGE_ITEMS_PER_PAGE`](crate::limits::MAX_RANGE_ITEMS_PER_PAGE) numbers over all its
//! calls, and both stop the render once it has run for
//! [`MAX_RENDER_TIME`](crate::limits::MAX_RENDER_TIME). A runaway template (nested loops over
//! large ranges, a loop writing without end) so ends with an error in bounded time and memory:
//! a loop either writes (the page writer stops it) or iterates a range (the range budget
//! stops it, with the template line of the `range()` call). What slips past both (a silent
//! loop over the page's data, captured text) is ended by [`super::guard`].

use crate::limits::{MAX_PAGE_BYTES, MAX_RANGE_ITEMS_PER_PAGE, MAX_RENDER_TIME};
use std::cell::Cell;
use std::io::{self, Write};
use std::time::Instant;
use tera::{Error, Kwargs, State, TeraResult};

thread_local! {
    /// Numbers `range()` may still produce in the render running on this thread.
    static RANGE_LEFT: Cell<u64> = const { Cell::new(MAX_RANGE_ITEMS_PER_PAGE) };
    /// When the render running on this thread must stop.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// The budget of the render running on this thread, from [`Budget::start`] until dropped.
pub struct Budget {
    previous: (u64, Option<Instant>),
    _guard: super::guard::Guarded,
}

impl Budget {
    /// Starts a fresh budget for rendering template `name`, whose runaway is reported at
    /// `at` (renders on a thread do not nest, but one restored on drop keeps a nested render
    /// from extending the outer one's).
    pub fn start(name: &str, at: std::sync::Arc<crate::diag::SourceError>) -> Budget {
        let previous = (RANGE_LEFT.get(), DEADLINE.get());
        RANGE_LEFT.set(MAX_RANGE_ITEMS_PER_PAGE);
        DEADLINE.set(Some(Instant::now() + MAX_RENDER_TIME));
        Budget { previous, _guard: super::guard::Guarded::start(name, at) }
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        RANGE_LEFT.set(self.previous.0);
        DEADLINE.set(self.previous.1);
    }
}

/// True once the current render has run past its deadline.
fn past_deadline() -> bool {
    DEADLINE.get().is_some_and(|d| Instant::now() > d)
}

/// Why a render was stopped by the page writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The page passed [`MAX_PAGE_BYTES`].
    Size,
    /// The render passed [`MAX_RENDER_TIME`].
    Time,
}

/// The page being rendered, refusing to grow past [`MAX_PAGE_BYTES`] or to be written to
/// after the deadline.
#[derive(Default)]
pub struct PageWriter {
    bytes: Vec<u8>,
    writes: u32,
    stopped: Option<Stop>,
}

impl PageWriter {
    /// Why the render was stopped, if it was.
    pub fn stopped(&self) -> Option<Stop> {
        self.stopped
    }

    /// The page written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn stop(&mut self, why: Stop) -> io::Error {
        self.stopped = Some(why);
        io::Error::other("polydoc's render limit")
    }
}

impl Write for PageWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            return Err(self.stop(Stop::Size));
        }
        // The clock is read every 1024 writes: cheap, and a loop writing nothing but tiny
        // pieces still checks it thousands of times a second.
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(1024) && past_deadline() {
            return Err(self.stop(Stop::Time));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `range(end=, start=0, step_by=1)` as Tera defines it, drawing on the render's budget.
pub fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(Error::message("`range` was called with a `step_by` of 0"));
    }
    if start > end && step > 0 {
        return Err(Error::message("`range` was called with a `start` greater than its `end`"));
    }
    let span = if step > 0 { end - start } else { start.saturating_sub(end).max(0) };
    let len = span.checked_add(step.abs() - 1).map_or(i128::MAX, |s| s / step.abs());
    let left = RANGE_LEFT.get();
    if len > i128::from(left) {
        return Err(Error::message(format!(
            "`range` would take the numbers produced while rendering this page past {MAX_RANGE_ITEMS_PER_PAGE} (polydoc's limit; nested loops over ranges?)"
        )));
    }
    if past_deadline() {
        return Err(Error::message(format!(
            "rendering this page has taken more than {} s (polydoc's limit; a runaway loop?)",
            MAX_RENDER_TIME.as_secs()
        )));
    }
    RANGE_LEFT.set(left - len as u64);
    Ok((0..len).map(|i| start + i * step).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> (Result<String, String>, Option<Stop>) {
        let mut tera = tera::Tera::new();
        tera.register_function("range", range);
        tera.add_raw_template("t", template).unwrap();
        let at = std::sync::Arc::new(crate::diag::SourceError::new(
            std::path::Path::new("t"),
            None,
            1,
            1,
            "",
        ));
        let _budget = Budget::start("t", at);
        let mut out = PageWriter::default();
        let res =
            tera.render_to("t", &tera::Context::new(), &mut out).map_err(|e| format!("{e:?}"));
        let stopped = out.stopped();
        (res.map(|()| String::from_utf8(out.into_bytes()).unwrap()), stopped)
    }

    #[test]
    fn range_keeps_teras_meaning() {
        let (out, _) = render(
            "{% for i in range(end=3) %}{{ i }}{% endfor %}|{% for i in range(start=5, end=0, step_by=-2) %}{{ i }}{% endfor %}|{% for i in range(start=1, end=8, step_by=3) %}{{ i }}{% endfor %}",
        );
        assert_eq!(out.unwrap(), "012|531|147");
    }

    #[test]
    fn nested_ranges_and_endless_output_are_stopped() {
        let (out, stop) = render(
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        );
        assert!(out.unwrap_err().contains("polydoc's limit"));
        assert_eq!(stop, None);
        let (out, stop) = render(
            "{% for i in range(end=100000) %}{% for j in range(end=9) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
        );
        // The size limit stops it; on a loaded machine (a debug build, 32 MB of output) the
        // render deadline may come first, and then the error must say so.
        let err = out.unwrap_err();
        let timed_out = stop == Some(Stop::Time) || err.contains("has taken more than");
        assert!(stop == Some(Stop::Size) || timed_out, "stopped by neither limit: {err}");
    }
}
