//! A view rendered in stages: a part that comes in the task after the rest, so that on a slow
//! phone the first render is several shorter tasks rather than one long one (the browser
//! compiles the wasm each part first calls, as it goes, in the task that calls it).

use leptos::prelude::*;
use std::time::Duration;

/// A flag that turns true in the next task: render the later part when it does. (An
/// `RwSignal`, as the rest of the widget's: a read/write pair would add its own code to the
/// first load.)
pub fn next_task() -> RwSignal<bool> {
    let due = RwSignal::new(false);
    // (`try_set`: the view may be gone by then, as after a remount in another language.)
    set_timeout(
        move || {
            due.try_set(true);
        },
        Duration::ZERO,
    );
    due
}
