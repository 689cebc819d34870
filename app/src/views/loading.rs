//! How every view shows a call to the API that is under way or has failed: the spinner, the
//! friendly text for the failure, and the button that tries again.

use crate::api::ApiError;
use crate::i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_core::messages::{Lang, Ui};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Shown while waiting for the API (the view's live line says so in words).
#[component]
pub fn Spinner() -> impl IntoView {
    view! { <div class="spinner" aria-hidden="true"></div> }
}

/// "Thử lại": makes the view's latest call again (showing it as loading meanwhile).
#[component]
pub fn RetryButton<T: Clone + Send + Sync + 'static>(lang: Lang, fetch: Fetch<T>) -> impl IntoView {
    view! {
        <button type="button" class="secondary" on:click=move |_| fetch.retry()>
            {Ui::Retry.text(lang)}
        </button>
    }
}

/// What a view knows of its latest call to the API.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    /// Nothing asked yet.
    Idle,
    Loading,
    Done(Result<T, ApiError>),
}

/// One call to the API, made again on each retry.
type Call<T> = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<T, ApiError>>>>>;

/// A view's calls to the API, as a signal it renders. Only the latest call's answer shows: one
/// that arrives after a newer call started (a retry, another lookup) is dropped.
///
/// Not Leptos's `LocalResource` or `Action`: measured, they add ~11 and ~4 KB brotli to the
/// widget, and in 0.8.23 neither keeps to this rule — a resource runs a new call only once the
/// one under way has answered (a stalled lookup would hold up the next), and an action keeps
/// whichever answer arrives last, and stays pending while a superseded call is out.
pub struct Fetch<T: 'static> {
    state: RwSignal<Load<T>>,
    latest: StoredValue<u32>,
    call: StoredValue<Option<Call<T>>, LocalStorage>,
}

impl<T: 'static> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Fetch<T> {}

impl<T: Clone + Send + Sync + 'static> Fetch<T> {
    pub fn new() -> Self {
        Fetch {
            state: RwSignal::new(Load::Idle),
            latest: StoredValue::new(0),
            call: StoredValue::new_local(None),
        }
    }

    /// Makes `call` now (and again on `retry`), showing loading until it answers.
    pub fn start<F>(self, call: impl Fn() -> F + 'static)
    where
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        let call: Call<T> = Rc::new(move || Box::pin(call()));
        self.call.set_value(Some(call));
        self.retry();
    }

    /// Makes the latest call again.
    pub fn retry(self) {
        let Some(call) = self.call.get_value() else {
            return;
        };
        self.latest.update_value(|n| *n = n.wrapping_add(1));
        let mine = self.latest.get_value();
        self.state.set(Load::Loading);
        spawn_local(async move {
            let answer = call().await;
            // (The view may be gone by now — closed, or remounted in another language.)
            if self.latest.try_get_value() == Some(mine) {
                self.state.set(Load::Done(answer));
            }
        });
    }

    /// Forgets the latest call: nothing shows, and an answer still on its way is dropped.
    pub fn clear(self) {
        self.latest.update_value(|n| *n = n.wrapping_add(1));
        self.state.set(Load::Idle);
    }

    /// Reads the state reactively.
    pub fn with<U>(self, read: impl FnOnce(&Load<T>) -> U) -> U {
        self.state.with(read)
    }

    /// Reads the state without subscribing to it.
    pub fn with_untracked<U>(self, read: impl FnOnce(&Load<T>) -> U) -> U {
        self.state.with_untracked(read)
    }

    pub fn get(self) -> Load<T> {
        self.state.get()
    }
}

/// The friendly text for an API failure.
pub fn failure_text(lang: Lang, error: &ApiError) -> String {
    match error {
        ApiError::Network => Ui::Offline.text(lang).to_string(),
        // The server's text names the case (too many lookups, or verification locked) and
        // its wait; the header alone is the fallback.
        ApiError::RateLimited {
            retry_after,
            problem,
        } => problem
            .as_ref()
            .map(|p| lang.pick(&p.detail, &p.detail_en))
            .filter(|text| !text.is_empty())
            .map_or_else(|| i18n::rate_limited(lang, *retry_after), str::to_string),
        ApiError::Decode => Ui::Unreadable.text(lang).to_string(),
        ApiError::Rejected(problem) => {
            let text = lang.pick(&problem.detail, &problem.detail_en);
            if text.is_empty() {
                Ui::Busy.text(lang).to_string()
            } else {
                text.to_string()
            }
        }
        ApiError::NotFound | ApiError::Status(_) => Ui::Busy.text(lang).to_string(),
    }
}
