//! The search engine: building the catalog's index from the downloaded bytes, and answering a
//! query with core. It is most of the widget's code and nothing needs it before the index has
//! arrived, so it lives in a wasm chunk of its own (`search`, views/on_demand.rs), fetched while
//! the index downloads: the first load is only what shows the widget, and a widget that opens on
//! the dossier status never fetches it. The chunk hands back plain function pointers, so once it
//! is loaded a keystroke calls into it directly, without waiting.

use crate::api::{fill, ApiError, Shared, SharedSlot, Slot};
use crate::options::Scope;
use crate::views::filters::Picked;
use crate::views::search::{AnswerProps, Found};
use leptos::prelude::AnyView;
use motcua_core::search::SearchIndex;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

/// An index being built from its bytes.
pub type Building = Pin<Box<dyn Future<Output = Result<Arc<SearchIndex>, ApiError>>>>;

/// What the chunk provides.
#[derive(Clone, Copy)]
pub struct Engine {
    /// Builds the index from the bytes of `GET /v1/catalog/index`.
    pub build: fn(Vec<u8>) -> Building,
    /// Answers what the citizen typed, with the filters picked (and counts the facets when
    /// asked).
    pub search: fn(&SearchIndex, &Scope, &Picked, bool, &str) -> Found,
    /// Renders an answer (rows, "not here", nothing found): it never shows before the engine.
    pub answer: fn(AnswerProps) -> AnyView,
}

/// A catalog ready to search: its index, and the engine that built it (and searches it).
#[derive(Clone)]
pub struct Catalog {
    pub index: Arc<SearchIndex>,
    pub engine: Engine,
}

impl Engine {
    /// Called in the chunk (its split point): what it names is the chunk's code.
    pub fn new() -> Engine {
        Engine {
            build: crate::api::build_index,
            search: crate::views::search::run_search,
            answer: crate::views::search::answer_view,
        }
    }
}

thread_local! {
    /// The chunk's load: one for the page, whoever asks (a failed one is forgotten, so asking
    /// again retries).
    static ENGINE: RefCell<Option<SharedSlot<Engine>>> = const { RefCell::new(None) };
}

/// The engine: its chunk is fetched from the first call on, in a task of its own (so it comes
/// while the caller fetches something else), and only once.
pub fn load() -> Shared<Engine> {
    ENGINE.with(|engine| {
        if let Some(slot) = &*engine.borrow() {
            return Shared(slot.clone());
        }
        let slot = Rc::new(RefCell::new(Slot::Pending(Vec::new())));
        *engine.borrow_mut() = Some(slot.clone());
        let filling = slot.clone();
        leptos::task::spawn_local(async move {
            // Requested in a task after the catalog index is (crate::api::download_index): on a
            // slow phone, starting the chunk's requests (it and the chunks it needs, each
            // compiled as it streams in) costs tens of ms, and the two together made one task.
            crate::api::next_task().await;
            let answer = crate::views::on_demand::search_engine().await;
            if answer.is_err() {
                ENGINE.with(|engine| *engine.borrow_mut() = None);
            }
            fill(&filling, answer);
        });
        Shared(slot)
    })
}
