//! What the widget keeps on the citizen's device, and only there: the ticks of a checklist
//! and the codes of recent lookups (never the phone digits), in the page's `localStorage`
//! under `motcua:` keys. Where storage is refused (private windows, sandboxed frames) the
//! widget works the same and remembers nothing.

use leptos::prelude::window;

/// Keys are namespaced so they cannot collide with the host page's own.
fn key(name: &str) -> String {
    format!("motcua:{name}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The lines stored under `name` (none when nothing is stored or storage is refused).
pub fn lines(name: &str) -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(&key(name)).ok().flatten())
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Stores `lines` under `name`; an empty list removes the key.
pub fn keep(name: &str, lines: &[String]) {
    let Some(storage) = storage() else {
        return;
    };
    // (A full or refused storage keeps what it had: remembering is a convenience.)
    if lines.is_empty() {
        let _ = storage.remove_item(&key(name));
    } else {
        let _ = storage.set_item(&key(name), &lines.join("\n"));
    }
}
