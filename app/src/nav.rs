//! Where the widget is: the one state that the views, the page's URL (deep links, Back and
//! Forward) and the portal's JS API (`motcua('open', …)`, `motcua('search', …)`) all read and
//! write. Views take what they show from here instead of keeping their own copies, so a link or
//! a command reaches them the same way a tap does.
//!
//! One `Nav` per mounted widget, provided as context by [`crate::app::App`]; a remount (the
//! portal switching the language) starts the new one where the old one was ([`Place`]).
//!
//! # The page's URL
//!
//! [`Nav::follow_url`] keeps the place in query parameters of the host page's URL, each named
//! `motcua-…` so they cannot collide with the host's own (a hash would: portals route by it):
//! `?motcua-q=khai+sinh`, `?motcua-procedure=1.001193`, `?motcua-view=status&motcua-dossier=
//! 000.00.06.H21-250612-0012`. A reload restores the place; opening a procedure, a lookup or
//! another tab adds a history entry (Back and Forward move between them), typing only
//! replaces the current one. The phone digits never reach the URL: `Nav` does not hold them.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The two views the widget opens on (`data-view`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Search,
    Status,
}

impl View {
    /// `data-view` / the JS API's `view`: `search` or `status`.
    pub fn parse(text: &str) -> Option<View> {
        match text.trim() {
            "search" => Some(View::Search),
            "status" => Some(View::Status),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            View::Search => "search",
            View::Status => "status",
        }
    }
}

/// The URL's parameters, one per part of the place.
const VIEW_PARAM: &str = "motcua-view";
const QUERY_PARAM: &str = "motcua-q";
const PROCEDURE_PARAM: &str = "motcua-procedure";
const DOSSIER_PARAM: &str = "motcua-dossier";

/// The place as the URL holds it (codes only: a name is not part of an address).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct Address {
    view: Option<View>,
    query: String,
    procedure: Option<String>,
    dossier: Option<String>,
}

impl Address {
    fn of(nav: Nav) -> Address {
        let view = nav.view.get();
        let dossier = nav.dossier.get();
        Address {
            // The search view is where a widget opens unless told, and a dossier's place is
            // the status view: the view is written only when it is neither.
            view: (view == View::Status || dossier.is_some()).then_some(view),
            query: nav.query.get().trim().to_string(),
            procedure: nav.procedure.with(|p| p.as_ref().map(|o| o.code.clone())),
            dossier,
        }
    }

    /// The place in the page's current URL; `None` when it has no `motcua-` parameter.
    fn from_page() -> Option<Address> {
        let url = page_url()?;
        let params = url.search_params();
        let get = |name: &str| params.get(name).map(|v| v.trim().to_string());
        let place = Address {
            view: get(VIEW_PARAM).as_deref().and_then(View::parse),
            query: get(QUERY_PARAM).unwrap_or_default(),
            procedure: get(PROCEDURE_PARAM).filter(|c| !c.is_empty()),
            dossier: get(DOSSIER_PARAM).filter(|c| !c.is_empty()),
        };
        (place != Address::default()).then_some(place)
    }

    /// The page's URL with this place's parameters in place of any earlier ones.
    fn url(&self) -> Option<String> {
        let url = page_url()?;
        let params = url.search_params();
        for name in [VIEW_PARAM, QUERY_PARAM, PROCEDURE_PARAM, DOSSIER_PARAM] {
            params.delete(name);
        }
        let parts = [
            (VIEW_PARAM, self.view.map(|v| v.as_str().to_string())),
            (
                QUERY_PARAM,
                Some(self.query.clone()).filter(|q| !q.is_empty()),
            ),
            (PROCEDURE_PARAM, self.procedure.clone()),
            (DOSSIER_PARAM, self.dossier.clone()),
        ];
        for (name, value) in parts {
            if let Some(value) = value {
                params.append(name, &value);
            }
        }
        Some(url.href())
    }
}

/// How long typing must pause before the address follows the search box.
const URL_AFTER_TYPING: std::time::Duration = std::time::Duration::from_millis(250);

/// Replaces the current entry's URL, keeping its state (whose procedure it was opened for).
fn replace_url(url: &str) {
    let Ok(history) = window().history() else {
        return;
    };
    if window().location().href().ok().as_deref() == Some(url) {
        return;
    }
    let state = history.state().unwrap_or(JsValue::NULL);
    let _ = history.replace_state_with_url(&state, "", Some(url));
}

fn page_url() -> Option<web_sys::Url> {
    web_sys::Url::new(&window().location().href().ok()?).ok()
}

/// The history entry a procedure was opened in carries its code, so closing it can go back
/// to the list instead of adding an entry.
fn opened_in_entry() -> Option<String> {
    let state = window().history().ok()?.state().ok()?;
    js_sys::Reflect::get(&state, &JsValue::from_str("motcua"))
        .ok()?
        .as_string()
}

/// A procedure opened from the search view: its code, and its name when known (a deep link
/// knows only the code until the index or the detail has loaded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub code: String,
    pub name: Option<String>,
}

/// The widget's place. Each part is its own signal so a keystroke in the search box does not
/// re-run what only depends on the tab.
#[derive(Clone, Copy, Debug)]
pub struct Nav {
    pub view: RwSignal<View>,
    /// The search box's text.
    pub query: RwSignal<String>,
    /// The procedure whose detail is open, if any.
    pub procedure: RwSignal<Option<Opened>>,
    /// The dossier code of the status view's last lookup (never the phone digits). Set from
    /// outside (a link, the JS API), the status view fills its form and looks it up.
    pub dossier: RwSignal<Option<String>>,
}

/// A `Nav`'s values at one moment: what a remount (the portal switching the language) carries
/// over to the new widget.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub view: View,
    pub query: String,
    pub procedure: Option<Opened>,
    pub dossier: Option<String>,
}

impl Nav {
    /// A `Nav` that starts at `place`.
    pub fn at(place: Place) -> Nav {
        Nav {
            view: RwSignal::new(place.view),
            query: RwSignal::new(place.query),
            procedure: RwSignal::new(place.procedure),
            dossier: RwSignal::new(place.dossier),
        }
    }

    /// Where it is now (without subscribing: read by the portal's commands, outside any view).
    pub fn place(self) -> Place {
        Place {
            view: self.view.get_untracked(),
            query: self.query.get_untracked(),
            procedure: self.procedure.get_untracked(),
            dossier: self.dossier.get_untracked(),
        }
    }

    /// The widget's `Nav` (provided by `App`).
    pub fn get() -> Nav {
        expect_context::<Nav>()
    }

    /// Takes the place from the page's URL now, then keeps the two in step: the URL follows
    /// the widget, and Back and Forward move the widget.
    pub fn follow_url(self) {
        if let Some(place) = Address::from_page() {
            self.go(place);
        }
        let written = StoredValue::new(untrack(|| Address::of(self)));
        // Typing replaces the entry's URL once the typing pauses: `history.replaceState` on
        // every keystroke cost a tenth of a keystroke's work at 4× CPU (and browsers throttle
        // it). What is pending is written first whenever anything else moves the URL or the
        // page goes away, so no entry misses its query.
        // (The URL itself is made only when it is written: making it reads and parses the
        // page's, which a keystroke need not pay for.)
        let pending = StoredValue::new(None::<(TimeoutHandle, Address)>);
        // Takes what is pending, its timer stopped (a no-op once the timer has fired).
        let take = move || {
            let (handle, place) = pending.try_update_value(Option::take).flatten()?;
            handle.clear();
            Some(place)
        };
        // Writes what is pending: when the typing pauses, or before anything else moves the URL.
        let flush = move || {
            if let Some(url) = take().and_then(|place| place.url()) {
                replace_url(&url);
            }
        };
        Effect::new(move |_| {
            let place = Address::of(self);
            let before = written.get_value();
            if place == before {
                return;
            }
            written.set_value(place.clone());
            let typing = Address {
                query: place.query.clone(),
                ..before.clone()
            } == place;
            if typing {
                take();
                let handle = set_timeout_with_handle(flush, URL_AFTER_TYPING).ok();
                pending.set_value(handle.map(|h| (h, place)));
                return;
            }
            flush();
            let Ok(history) = window().history() else {
                return;
            };
            let Some(url) = place.url() else {
                return;
            };
            if window().location().href().ok().as_deref() == Some(url.as_str()) {
                return;
            }
            let closed = before.procedure.is_some()
                && place.procedure.is_none()
                && Address {
                    procedure: None,
                    ..before.clone()
                } == place;
            if closed && opened_in_entry() == before.procedure {
                // The list is the entry before: go back to it rather than stack another.
                let _ = history.back();
                return;
            }
            // Only the entry a procedure was opened in says so: an entry pushed for another
            // reason (a tab, a lookup) while a procedure stays open is not the list's successor.
            let opened_here = place.procedure.is_some() && place.procedure != before.procedure;
            // (Failures here leave the URL as it was: the widget works the same.)
            let state = js_sys::Object::new();
            if let Some(code) = place.procedure.as_ref().filter(|_| opened_here) {
                let _ = js_sys::Reflect::set(&state, &"motcua".into(), &code.into());
            }
            let _ = history.push_state_with_url(&state, "", Some(&url));
        });
        let listener = window_event_listener(leptos::ev::popstate, move |_| {
            // The browser moved to another entry: what was pending belonged to the one left.
            take();
            let place = Address::from_page().unwrap_or_default();
            written.set_value(place.clone());
            self.go(place);
        });
        // A reload or a link followed right after typing keeps the query in the entry.
        let leaving = window_event_listener(leptos::ev::pagehide, move |_| flush());
        // A remount (another language) follows the URL with its own `Nav`.
        on_cleanup(move || {
            flush();
            listener.remove();
            leaving.remove();
        });
    }

    /// Moves the widget to `place`, touching only the parts that differ.
    fn go(self, place: Address) {
        let view = place.view.unwrap_or(if place.dossier.is_some() {
            View::Status
        } else {
            View::Search
        });
        if self.view.get_untracked() != view {
            self.view.set(view);
        }
        if self.query.get_untracked().trim() != place.query {
            self.query.set(place.query);
        }
        let code = self
            .procedure
            .with_untracked(|p| p.as_ref().map(|o| o.code.clone()));
        if code != place.procedure {
            self.procedure
                .set(place.procedure.map(|code| Opened { code, name: None }));
        }
        if self.dossier.get_untracked() != place.dossier {
            self.dossier.set(place.dossier);
        }
    }

    /// The page's address for the widget's current place (what a share button sends).
    pub fn link(self) -> Option<String> {
        untrack(|| Address::of(self)).url()
    }
}
