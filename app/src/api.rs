//! The widget's only door to the network: typed calls to the edge API over gloo-net, typed
//! errors out. Nothing here decides what a citizen sees; the views do, with core's
//! language tables.

use crate::engine::Catalog;
use motcua_core::catalog::Procedure;
use motcua_core::search::SearchIndex;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// Why a call gave no usable answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer (offline, DNS, CORS, or none within [`TIMEOUT`]).
    Network,
    /// 400: the server rejected what we sent (its own explanation in both languages).
    Rejected(Problem),
    /// 404: no such procedure or dossier.
    NotFound,
    /// 429: too many lookups, or verification locked; seconds to wait when the server said.
    RateLimited {
        retry_after: Option<u32>,
        problem: Option<Problem>,
    },
    /// Another status (5xx while the service is down or not ready).
    Status(u16),
    /// An answer we could not read.
    Decode,
}

/// An RFC 9457 problem+json body as the edge writes it (Vietnamese `detail`, English beside).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problem {
    pub title: String,
    pub detail: String,
    pub detail_en: String,
}

impl Problem {
    /// Read with the browser's JSON parser, not serde_json: an error answer can come to the
    /// search (the first thing a citizen downloads), and serde_json would add about 13 KB to it.
    /// A field that is missing or not a string is left empty; `None` if the body is not an
    /// object.
    fn from_json(text: &str) -> Option<Problem> {
        let value = js_sys::JSON::parse(text).ok().filter(|v| v.is_object())?;
        let field = |name: &str| {
            js_sys::Reflect::get(&value, &name.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        Some(Problem {
            title: field("title"),
            detail: field("detail"),
            detail_en: field("detail_en"),
        })
    }
}

// The dossier lookup answer is core's own `DossierView` (the edge writes it, the widget reads it).
pub use motcua_core::dossier::{DossierView, Verification};

/// How long a call may take, its answer's body included, before it is given up as a network
/// failure. A connection lost without a word (a phone between cells, a dead proxy) can leave a
/// fetch waiting for minutes: the citizen would watch a spinner with no way on, where a failure
/// says so and offers to try again. Generous for a slow link: the largest answer, the catalog
/// index (55–80 KB brotli), takes about 3 s at 256 kbit/s.
#[cfg(not(test))]
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// (The wasm tests wait for it: one second there.)
#[cfg(test)]
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// A signal that aborts the call, and the reading of its body, once [`TIMEOUT`] has passed
/// (aborting one that has finished does nothing). The chunk loader's fetches and the quick
/// search's get the same deadline the same way (app/loader/chunk-fetch.js, quick.js; the number
/// is scripts/build-widget.sh's `deadline`).
fn deadline() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    leptos::prelude::set_timeout(move || controller.abort(), TIMEOUT);
    Some(signal)
}

/// A body that could not be read: the connection failed (or the deadline passed) mid-answer.
/// An answer read whole but not understood is `Decode`.
fn body_error(error: gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::SerdeError(_) => ApiError::Decode,
        _ => ApiError::Network,
    }
}

async fn get(url: &str, query: &[(&str, &str)]) -> Result<gloo_net::http::Response, ApiError> {
    get_accepting(url, query, "application/json").await
}

async fn get_accepting(
    url: &str,
    query: &[(&str, &str)],
    accept: &str,
) -> Result<gloo_net::http::Response, ApiError> {
    let signal = deadline();
    let mut request = gloo_net::http::Request::get(url)
        .header("Accept", accept)
        .abort_signal(signal.as_ref());
    // (gloo appends a stray "&" to a URL that already has a query; let it build the query.)
    if !query.is_empty() {
        request = request.query(query.iter().copied());
    }
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    // Cross-origin, Retry-After is readable only if the edge exposes it; the problem's text
    // still says when to come back.
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse::<u32>().ok());
    let problem = response
        .text()
        .await
        .ok()
        .and_then(|text| Problem::from_json(&text));
    Err(match status {
        400 => ApiError::Rejected(problem.unwrap_or_default()),
        404 => ApiError::NotFound,
        429 => ApiError::RateLimited {
            retry_after,
            problem,
        },
        other => ApiError::Status(other),
    })
}

/// Percent-encodes one path segment (codes are ASCII letters, digits, dots and dashes, but a
/// citizen's input reaches here only after core parsed it; this is belt and braces).
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `GET /v1/catalog/index`: the binary index, downloaded and built once per page and API
/// origin however many widgets ask (several on one page, or one remounted in another
/// language); a failed download is forgotten, so the next ask (a retry) downloads again.
pub async fn catalog_index(api: &str) -> Result<Catalog, ApiError> {
    Shared(catalog_download(api)).await
}

/// Starts the catalog's download from `api` unless it is under way or done (see
/// [`catalog_index`], which waits for it).
pub fn start_catalog_download(api: &str) {
    catalog_download(api);
}

fn catalog_download(api: &str) -> SharedSlot<Catalog> {
    INDEXES.with(|indexes| {
        let mut indexes = indexes.borrow_mut();
        if let Some((_, slot)) = indexes.iter().find(|(origin, _)| origin == api) {
            return slot.clone();
        }
        let slot = Rc::new(RefCell::new(Slot::Pending(Vec::new())));
        indexes.push((api.to_string(), slot.clone()));
        // Its own task: the download finishes even if the widget that asked first is gone.
        let (api, filling) = (api.to_string(), slot.clone());
        leptos::task::spawn_local(async move {
            let answer = download_index(&api).await;
            if answer.is_err() {
                INDEXES.with(|indexes| indexes.borrow_mut().retain(|(origin, _)| *origin != api));
            }
            fill(&filling, answer);
        });
        slot
    })
}

async fn download_index(api: &str) -> Result<Catalog, ApiError> {
    // The engine's chunk comes beside the index: the first answer needs both.
    let engine = crate::engine::load();
    let response = get_accepting(
        &format!("{api}/v1/catalog/index"),
        &[],
        "application/vnd.motcua.search-index",
    )
    .await?;
    let bytes = response.binary().await.map_err(body_error)?;
    let engine = engine.await?;
    let index = (engine.build)(bytes).await?;
    Ok(Catalog { index, engine })
}

/// Builds the index from its bytes, in slices of main-thread time (the engine's `build`).
pub fn build_index(bytes: Vec<u8>) -> crate::engine::Building {
    Box::pin(async move {
        let span = crate::timing::Span::start("motcua:index-build");
        let mut slices = Slices {
            started: now_ms().unwrap_or(0.0),
        };
        let index = SearchIndex::from_bytes_pausing(&bytes, &mut slices).await;
        if let Ok(index) = &index {
            // Each search of the warm-up in a task of its own, as the build's slices are.
            let mut answers = Vec::new();
            for text in crate::views::search::WARM_UP_QUERIES {
                next_task().await;
                answers.push(crate::views::search::warm_up(index, text).await);
            }
            // Their rendering in another (and its style and layout in the next frame).
            next_task().await;
            crate::views::search::warm_up_answer(answers);
            // And the first answer in another.
            next_task().await;
        }
        span.end();
        index.map(Arc::new).map_err(|_| ApiError::Decode)
    })
}

/// The index build's slices of main-thread time: at each of the build's pauses, once a slice
/// is spent, it yields to the event loop ([`next_task`]), so typing, scrolling and the
/// host page's own work go on while the index builds on a slow phone.
struct Slices {
    started: f64,
}

/// A slice's length: a long task is one over 50 ms; a slice stays well under it at 4× slowdown
/// because the build pauses every few hundred procedures (each a few ms there).
const SLICE_MS: f64 = 12.0;

fn now_ms() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

impl motcua_core::search::Pause for Slices {
    async fn pause(&mut self) {
        if now_ms().unwrap_or(0.0) - self.started < SLICE_MS {
            return;
        }
        next_task().await;
        self.started = now_ms().unwrap_or(0.0);
    }
}

/// Yields to the event loop: what follows runs in a later task. A message the page posts to
/// itself, not a zero-delay timeout: a timer set from a timer's task is held for at least 4 ms
/// once five are nested, and the index build's slices nest deeper than that, each waiting 4 ms
/// for nothing. (A timeout is the fallback where a channel cannot be made.)
pub(crate) async fn next_task() {
    let posted = js_sys::Promise::new(&mut |resolve, _| {
        let queued = YIELDS.with(|yields| yields.as_ref().is_some_and(|y| y.post(&resolve)))
            || web_sys::window()
                .is_some_and(|window| window.set_timeout_with_callback(&resolve).is_ok());
        if !queued {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(posted).await;
}

/// One channel for all the yields of the page: each posts a message and is resumed, first in
/// first out, when its message is delivered.
struct Yields {
    channel: web_sys::MessageChannel,
    waiting: Rc<RefCell<std::collections::VecDeque<js_sys::Function>>>,
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

thread_local! {
    static YIELDS: Option<Yields> = Yields::new();
}

impl Yields {
    fn new() -> Option<Yields> {
        use wasm_bindgen::JsCast;
        let channel = web_sys::MessageChannel::new().ok()?;
        let waiting: Rc<RefCell<std::collections::VecDeque<js_sys::Function>>> = Rc::default();
        let queue = waiting.clone();
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            // Taken out before the call: the resumed code may yield again.
            let next = queue.borrow_mut().pop_front();
            if let Some(resolve) = next {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
        channel
            .port1()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Yields {
            channel,
            waiting,
            _on_message: on_message,
        })
    }

    fn post(&self, resolve: &js_sys::Function) -> bool {
        if self
            .channel
            .port2()
            .post_message(&wasm_bindgen::JsValue::NULL)
            .is_err()
        {
            return false;
        }
        self.waiting.borrow_mut().push_back(resolve.clone());
        true
    }
}

/// Something being fetched once for all who ask (with who waits for it), or its outcome.
pub enum Slot<T> {
    Pending(Vec<Waker>),
    Done(Result<T, ApiError>),
}

/// A slot shared by who asks.
pub type SharedSlot<T> = Rc<RefCell<Slot<T>>>;

/// Gives a slot its outcome and wakes who waits for it.
pub fn fill<T>(slot: &RefCell<Slot<T>>, answer: Result<T, ApiError>) {
    let waiting = std::mem::replace(&mut *slot.borrow_mut(), Slot::Done(answer));
    if let Slot::Pending(wakers) = waiting {
        wakers.into_iter().for_each(Waker::wake);
    }
}

thread_local! {
    /// Each API origin's index, shared by every widget of the page (a page has one origin, or
    /// a few: a list, not a map, which would cost the wasm its hashing).
    static INDEXES: RefCell<Vec<(String, SharedSlot<Catalog>)>> = RefCell::default();
}

/// Waits for a slot's outcome.
pub struct Shared<T>(pub SharedSlot<T>);

impl<T: Clone> Future for Shared<T> {
    type Output = Result<T, ApiError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut *self.0.borrow_mut() {
            Slot::Done(answer) => Poll::Ready(answer.clone()),
            Slot::Pending(wakers) => {
                wakers.push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// `GET /v1/procedures/{code}`: one procedure in full.
pub async fn procedure(api: &str, code: &str) -> Result<Arc<Procedure>, ApiError> {
    let response = get(&format!("{api}/v1/procedures/{}", segment(code)), &[]).await?;
    response
        .json::<Procedure>()
        .await
        .map(Arc::new)
        .map_err(body_error)
}

/// `GET /v1/dossiers/{code}[?verify=NNNN]`: a dossier's status.
pub async fn dossier(api: &str, code: &str, verify: Option<&str>) -> Result<DossierView, ApiError> {
    let url = format!("{api}/v1/dossiers/{}", segment(code));
    let query: &[(&str, &str)] = match verify {
        Some(digits) => &[("verify", digits)],
        None => &[],
    };
    let response = get(&url, query).await?;
    response.json::<DossierView>().await.map_err(body_error)
}
