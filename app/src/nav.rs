//! Where the widget is: the one state that the views, the page's URL (deep links, Back and
//! Forward) and the portal's JS API (`motcua('open', …)`, `motcua('search', …)`) all read and
//! write. Views take what they show from here instead of keeping their own copies, so a link or
//! a command reaches them the same way a tap does.
//!
//! One `Nav` per mounted widget, provided as context by [`crate::app::App`]; a remount (the
//! portal switching the language) starts the new one where the old one was ([`Place`]).

use leptos::prelude::*;

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
}
