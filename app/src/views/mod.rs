//! One module per view; `App` frames them under two tabs (WAI-ARIA tabs pattern: arrow keys
//! move between tabs, both panels stay mounted so switching keeps what was typed).

mod detail;
mod search;
mod status;

use crate::i18n::{self, Lang};
use crate::options::Options;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Search,
    Status,
}

#[component]
pub fn App(options: Options) -> impl IntoView {
    let lang = options.lang;
    let api: Arc<str> = options.api.into();
    let tab = RwSignal::new(Tab::Search);
    let search_tab = NodeRef::<html::Button>::new();
    let status_tab = NodeRef::<html::Button>::new();

    let select = move |next: Tab| {
        tab.set(next);
        let target = match next {
            Tab::Search => search_tab,
            Tab::Status => status_tab,
        };
        if let Some(button) = target.get_untracked() {
            let _ = button.focus();
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowRight" => match tab.get_untracked() {
                Tab::Search => Tab::Status,
                Tab::Status => Tab::Search,
            },
            "Home" => Tab::Search,
            "End" => Tab::Status,
            _ => return,
        };
        ev.prevent_default();
        select(next);
    };
    let selected = move |which: Tab| move || if tab.get() == which { "true" } else { "false" };
    let tabindex = move |which: Tab| move || if tab.get() == which { "0" } else { "-1" };

    view! {
        <section class="card" aria-labelledby="motcua-title">
            <h2 id="motcua-title">{i18n::TITLE.get(lang)}</h2>
            <div class="tabs" role="tablist" aria-label=i18n::TABS.get(lang) on:keydown=on_key>
                <button type="button" role="tab" id="motcua-tab-search" node_ref=search_tab
                    aria-controls="motcua-panel-search" aria-selected=selected(Tab::Search)
                    tabindex=tabindex(Tab::Search) on:click=move |_| tab.set(Tab::Search)>
                    {i18n::TAB_SEARCH.get(lang)}
                </button>
                <button type="button" role="tab" id="motcua-tab-status" node_ref=status_tab
                    aria-controls="motcua-panel-status" aria-selected=selected(Tab::Status)
                    tabindex=tabindex(Tab::Status) on:click=move |_| tab.set(Tab::Status)>
                    {i18n::TAB_STATUS.get(lang)}
                </button>
            </div>
            <div role="tabpanel" id="motcua-panel-search" class="panel"
                aria-labelledby="motcua-tab-search" hidden=move || tab.get() != Tab::Search>
                <search::SearchView lang=lang api=api.clone() />
            </div>
            <div role="tabpanel" id="motcua-panel-status" class="panel"
                aria-labelledby="motcua-tab-status" hidden=move || tab.get() != Tab::Status>
                <status::StatusView lang=lang api=api.clone() />
            </div>
        </section>
    }
}

/// The friendly text for an API failure (shared by the views).
pub(crate) fn failure_text(lang: Lang, error: &crate::api::ApiError) -> String {
    use crate::api::ApiError;
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

/// A value fetched from the API: loading, there, or failed (with why).
#[derive(Clone)]
pub(crate) enum Load<T> {
    Loading,
    Ready(T),
    Failed(crate::api::ApiError),
}

impl<T> From<Result<T, crate::api::ApiError>> for Load<T> {
    fn from(result: Result<T, crate::api::ApiError>) -> Self {
        match result {
            Ok(value) => Load::Ready(value),
            Err(error) => Load::Failed(error),
        }
    }
}
