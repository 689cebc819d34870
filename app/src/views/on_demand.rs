//! The views the first screen (the search) does not need — the filters of its results, a
//! procedure's detail with its checklist and share button, the dossier status with its QR scan
//! — live in wasm chunks of their own, fetched from the widget's directory the first time they
//! show (the filters' and the detail's a little ahead: once the catalog is ready, and with the
//! first results).
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
use crate::engine::Engine;
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

/// Declares a split point: `$name(args)` returns what `$body` makes (a view, or the search
/// engine), after loading chunk `$chunk` (and `$preload()` only loads it). In the wasm-bindgen
/// tests, which run one unsplit module (their runner has no chunks to fetch), the same functions
/// answer at once.
macro_rules! split_point {
    ($chunk:ident, $(preload $preload:ident,)? fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty => $body:expr) => {
        #[cfg(not(test))]
        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible $(, preload($preload))?)]
        pub fn $name($($arg: $ty),*) -> Result<$out, ApiError> {
            Ok($body)
        }

        #[cfg(test)]
        pub async fn $name($($arg: $ty),*) -> Result<$out, ApiError> {
            Ok($body)
        }

        $(
            #[cfg(test)]
            async fn $preload() -> Result<(), SplitLoaderError> {
                Ok(())
            }
        )?
    };
}

/// What a procedure's detail needs to show (see [`Detail`]).
#[derive(Clone)]
pub struct DetailProps {
    pub lang: Lang,
    pub api: Arc<str>,
    pub code: String,
    /// The name from the index, shown while the rest loads.
    pub name: Option<String>,
    pub on_back: Callback<()>,
}

/// What the search's filters need (see [`Filters`]).
#[derive(Clone)]
pub struct FiltersProps {
    pub lang: Lang,
    pub scope: Scope,
    pub facets: Memo<Option<Facets>>,
    pub picked: RwSignal<Picked>,
    pub open: RwSignal<bool>,
}

split_point!(detail, preload preload_detail, fn detail_view(props: DetailProps) -> ViewFn => {
    ViewFn::from(move || {
        let DetailProps { lang, api, code, name, on_back } = props.clone();
        view! { <Detail lang api code name on_back /> }
    })
});

split_point!(filters, preload preload_filters, fn filters_view(props: FiltersProps) -> ViewFn => {
    ViewFn::from(move || {
        let FiltersProps { lang, scope, facets, picked, open } = props.clone();
        view! { <Filters lang scope facets picked open /> }
    })
});

split_point!(status, fn status_view(lang: Lang, api: Arc<str>) -> ViewFn => {
    ViewFn::from(move || view! { <StatusView lang api=api.clone() /> })
});

// The search engine (crate::engine): decoding the index and searching it.
split_point!(search, fn search_engine() -> Engine => Engine::new());

/// Fetches the filters' chunk ahead (once the catalog is ready), so they show with the first
/// results. A failure here is forgotten: showing them tries again, and says so.
pub fn prefetch_filters() {
    after_this_task(|| {
        leptos::task::spawn_local(async {
            let _ = preload_filters().await;
        })
    });
}

/// Fetches the detail's chunk ahead (when the first results show), so opening one waits only
/// for the procedure. A failure here is forgotten: opening it tries again, and says so.
pub fn prefetch_detail() {
    after_this_task(|| {
        leptos::task::spawn_local(async {
            let _ = preload_detail().await;
        })
    });
}

/// A prefetch starts in a task of its own: asking for a chunk sets up its fetch and
/// instantiation, which the keystroke that asks should not wait for.
fn after_this_task(start: impl FnOnce() + 'static) {
    set_timeout(start, std::time::Duration::ZERO);
}

/// A procedure's detail, from its chunk (Back stays at hand if the chunk cannot be fetched).
pub fn lazy_detail(props: DetailProps) -> impl IntoView {
    let (lang, on_back) = (props.lang, props.on_back);
    chunk(lang, move || detail_view(props.clone()), Some(on_back))
}

/// The search's filters, from their chunk.
pub fn lazy_filters(props: FiltersProps) -> impl IntoView {
    let lang = props.lang;
    chunk(lang, move || filters_view(props.clone()), None)
}

/// The dossier status view, from its chunk.
pub fn lazy_status(lang: Lang, api: Arc<str>) -> impl IntoView {
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
