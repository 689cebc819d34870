//! How every view shows a call to the API that is under way or has failed: the spinner, the
//! friendly text for the failure, and the button that tries again.

use crate::api::ApiError;
use crate::i18n::{self, Lang};
use leptos::prelude::*;

/// Shown while waiting for the API (the view's live line says so in words).
#[component]
pub fn Spinner() -> impl IntoView {
    view! { <div class="spinner" aria-hidden="true"></div> }
}

/// "Thử lại": asks again (see `reload`).
#[component]
pub fn RetryButton(lang: Lang, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button type="button" class="secondary" on:click=move |_| retry()>
            {i18n::RETRY.get(lang)}
        </button>
    }
}

/// Loads a resource again from scratch: it reads as loading (`None`), spinner and all, until
/// the new answer arrives, rather than keeping the failure on screen meanwhile.
pub fn reload<T: 'static>(resource: LocalResource<T>) {
    resource.set(None);
    resource.refetch();
}

/// The friendly text for an API failure.
pub fn failure_text(lang: Lang, error: &ApiError) -> String {
    match error {
        ApiError::Network => i18n::OFFLINE.get(lang).to_string(),
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
        ApiError::Decode => i18n::UNREADABLE.get(lang).to_string(),
        ApiError::Rejected(problem) => {
            let text = lang.pick(&problem.detail, &problem.detail_en);
            if text.is_empty() {
                i18n::BUSY.get(lang).to_string()
            } else {
                text.to_string()
            }
        }
        ApiError::NotFound | ApiError::Status(_) => i18n::BUSY.get(lang).to_string(),
    }
}
