//! User Timing measures around the widget's own CPU work — building the search index and each
//! search — so a portal team can read them from the browser's performance timeline (RUM), and
//! `make perf` reports them (`scripts/widget-perf.mjs`).

use std::cell::Cell;

/// Measures kept per page: the timeline is not trimmed by the browser, and a long session
/// should not grow it without bound.
const MAX_MEASURES: u32 = 5000;

thread_local! {
    static RECORDED: Cell<u32> = const { Cell::new(0) };
}

/// Runs `work`, recording its duration as the User Timing measure `name` (while under the
/// cap, and where the browser has a performance timeline; otherwise it just runs `work`).
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let span = Span::start(name);
    let out = work();
    span.end();
    out
}

/// A measure over work that spans several tasks (the index build, which yields between
/// slices): started, then ended once the work is done.
pub struct Span<'a> {
    name: &'a str,
    start: Option<(web_sys::Performance, String)>,
}

impl<'a> Span<'a> {
    pub fn start(name: &'a str) -> Span<'a> {
        let performance = web_sys::window()
            .and_then(|w| w.performance())
            .filter(|_| RECORDED.with(|c| c.get() < MAX_MEASURES));
        let start = performance.map(|performance| {
            let start = format!("{name}:start");
            // Timing is best effort: a failing mark must never break the widget.
            let _ = performance.mark(&start);
            (performance, start)
        });
        Span { name, start }
    }

    pub fn end(self) {
        let Some((performance, start)) = self.start else {
            return;
        };
        if performance
            .measure_with_start_mark(self.name, &start)
            .is_ok()
        {
            RECORDED.with(|c| c.set(c.get() + 1));
        }
        performance.clear_marks_with_mark_name(&start);
    }
}
