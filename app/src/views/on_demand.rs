//! The views the first screen (the search) does not need — the filters of its results, a
//! procedure's detail with its checklist and share button, the dossier status with its QR scan
//! — live in wasm chunks of their own, fetched from the widget's directory the first time they
//! show (the filters' and the detail's a little ahead, as the citizen types).
//!
//! Each `#[wasm_split]` function below is a split point: `wasm-split-cli`
//! (scripts/build-widget.sh) moves what only it reaches into its chunk. Calling it loads the
//! chunk first; a chunk that cannot be fetched is a network failure the citizen can retry (the
//! loader does not cache the failure).

use super::detail::Detail;
use super::filters::{Filters, Picked};
use super::loading::{Fetch, Load, RetryButton, Spinner};
use super::status::StatusView;
use crate::api::ApiError;
use crate::options::Scope;
use leptos::prelude::*;
#[cfg(not(test))]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;
use motcua_core::messages::{Lang, Ui};
use motcua_core::search::Facets;
use std::future::Future;
use std::sync::Arc;

/// A chunk is fetched from the widget's own origin, like its other files: failing, it is a
/// failed request, said and retried as one.
impl From<SplitLoaderError> for ApiError {
    fn from(_: SplitLoaderError) -> Self {
        ApiError::Network
    }
}

/// What a procedure's detail needs to show (see [`Detail`]).
pub struct DetailProps {
    pub lang: Lang,
    pub api: Arc<str>,
    pub code: String,
    pub name: Option<String>,
    pub on_back: Callback<()>,
}

#[cfg(not(test))]
#[wasm_split(detail, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_detail))]
fn detail_view(props: DetailProps) -> Result<ViewFn, ApiError> {
    Ok(detail(props))
}

/// What the search's filters need (see [`Filters`]).
pub struct FiltersProps {
    pub lang: Lang,
    pub scope: Scope,
    pub facets: Memo<Option<Facets>>,
    pub picked: RwSignal<Picked>,
}

#[cfg(not(test))]
#[wasm_split(filters, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_filters))]
fn filters_view(props: FiltersProps) -> Result<ViewFn, ApiError> {
    Ok(filters(props))
}

#[cfg(not(test))]
#[wasm_split(status, wasm_split_path = ::leptos::wasm_split, fallible)]
fn status_view(lang: Lang, api: Arc<str>) -> Result<ViewFn, ApiError> {
    Ok(status(lang, api))
}

// The wasm-bindgen tests run one unsplit module (their runner has no chunks to fetch): there
// the views are at hand at once.
#[cfg(test)]
async fn detail_view(props: DetailProps) -> Result<ViewFn, ApiError> {
    Ok(detail(props))
}

#[cfg(test)]
async fn preload_detail() -> Result<(), SplitLoaderError> {
    Ok(())
}

#[cfg(test)]
async fn filters_view(props: FiltersProps) -> Result<ViewFn, ApiError> {
    Ok(filters(props))
}

#[cfg(test)]
async fn preload_filters() -> Result<(), SplitLoaderError> {
    Ok(())
}

#[cfg(test)]
async fn status_view(lang: Lang, api: Arc<str>) -> Result<ViewFn, ApiError> {
    Ok(status(lang, api))
}

fn detail(props: DetailProps) -> ViewFn {
    let DetailProps {
        lang,
        api,
        code,
        name,
        on_back,
    } = props;
    ViewFn::from(move || {
        view! { <Detail lang api=api.clone() code=code.clone() name=name.clone() on_back /> }
    })
}

fn filters(props: FiltersProps) -> ViewFn {
    let FiltersProps {
        lang,
        scope,
        facets,
        picked,
    } = props;
    ViewFn::from(move || view! { <Filters lang scope=scope.clone() facets picked /> })
}

fn status(lang: Lang, api: Arc<str>) -> ViewFn {
    ViewFn::from(move || view! { <StatusView lang api=api.clone() /> })
}

/// Fetches the filters' chunk ahead (at the first keystroke), so they show with the first
/// results. A failure here is forgotten: showing them tries again, and says so.
pub fn prefetch_filters() {
    leptos::task::spawn_local(async {
        let _ = preload_filters().await;
    });
}

/// Fetches the detail's chunk ahead (when the first results show), so opening one waits only
/// for the procedure. A failure here is forgotten: opening it tries again, and says so.
pub fn prefetch_detail() {
    leptos::task::spawn_local(async {
        let _ = preload_detail().await;
    });
}

/// A procedure's detail, from its chunk.
#[component]
pub fn LazyDetail(
    lang: Lang,
    api: Arc<str>,
    code: String,
    name: Option<String>,
    on_back: Callback<()>,
) -> impl IntoView {
    let props = move || DetailProps {
        lang,
        api: api.clone(),
        code: code.clone(),
        name: name.clone(),
        on_back,
    };
    chunk(lang, move || detail_view(props()), Some(on_back))
}

/// The search's filters, from their chunk.
#[component]
pub fn LazyFilters(
    lang: Lang,
    scope: Scope,
    facets: Memo<Option<Facets>>,
    picked: RwSignal<Picked>,
) -> impl IntoView {
    let props = move || FiltersProps {
        lang,
        scope: scope.clone(),
        facets,
        picked,
    };
    chunk(lang, move || filters_view(props()), None)
}

/// The dossier status view, from its chunk.
#[component]
pub fn LazyStatus(lang: Lang, api: Arc<str>) -> impl IntoView {
    chunk(lang, move || status_view(lang, api.clone()), None)
}

/// A view from a chunk: the spinner (and a polite "loading") while it is fetched, the failure
/// with "Thử lại" (and the way `back`, if the view has one) if it could not be, the view once
/// it is there.
fn chunk<F>(lang: Lang, load: impl Fn() -> F + 'static, back: Option<Callback<()>>) -> impl IntoView
where
    F: Future<Output = Result<ViewFn, ApiError>> + 'static,
{
    let chunk = Fetch::new();
    chunk.start(load);
    move || match chunk.get() {
        Load::Idle | Load::Loading => view! {
            <p class="live visually-hidden" role="status">{Ui::PartLoading.text(lang)}</p>
            <Spinner />
        }
        .into_any(),
        // Only a failed fetch stops a chunk: the connection's to check, then to try again.
        Load::Done(Err(_)) => view! {
            <div class="alert" role="alert">
                <p><span aria-hidden="true">"⚠ "</span>{Ui::Network.text(lang)}</p>
                <RetryButton lang fetch=chunk />
            </div>
            {back.map(|back| view! {
                <button type="button" class="back" on:click=move |_| back.run(())>
                    <span aria-hidden="true">"← "</span>{Ui::Back.text(lang)}
                </button>
            })}
        }
        .into_any(),
        Load::Done(Ok(view)) => view.run(),
    }
}
