//! A view rendered in stages: a part that comes in the task after the rest, so that on a slow
//! phone the first render is several shorter tasks rather than one long one (the browser
//! compiles the wasm each part first calls, as it goes, in the task that calls it).

use leptos::prelude::*;
use std::time::Duration;

/// A flag that turns true in the next task: render the later part when it does.
pub fn next_task() -> ReadSignal<bool> {
    let (due, set_due) = signal(false);
    // (`try_set`: the view may be gone by then, as after a remount in another language.)
    set_timeout(
        move || {
            set_due.try_set(true);
        },
        Duration::ZERO,
    );
    due
}
