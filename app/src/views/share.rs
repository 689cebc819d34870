//! "Chia sẻ liên kết": sends the page's address for the widget's current place (see
//! [`crate::nav`]) through the device's share sheet where the browser has one
//! (`navigator.share`), else copies it, and says which happened.

use crate::nav::Nav;
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_core::messages::{Lang, Ui};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the last press did.
#[derive(Clone, Debug, PartialEq)]
enum Shared {
    Nothing,
    Copied,
    /// Neither sharing nor the clipboard worked: the link to copy by hand.
    ByHand(String),
}

/// Calls `navigator.<object?>.<method>(argument)` and waits for its promise; `None` when the
/// browser has no such method, `Some(false)` when it refused or the citizen cancelled.
async fn call_navigator(object: Option<&str>, method: &str, argument: &JsValue) -> Option<bool> {
    let navigator = js_sys::Reflect::get(&window(), &"navigator".into()).ok()?;
    let target = match object {
        Some(name) => js_sys::Reflect::get(&navigator, &name.into()).ok()?,
        None => navigator,
    };
    let function = js_sys::Reflect::get(&target, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = function.call1(&target, argument).ok()?;
    let promise = promise.dyn_into::<js_sys::Promise>().ok()?;
    Some(JsFuture::from(promise).await.is_ok())
}

#[component]
pub fn ShareButton(lang: Lang, title: Signal<String>) -> impl IntoView {
    let nav = Nav::get();
    let shared = RwSignal::new(Shared::Nothing);
    let on_click = move |_| {
        let Some(url) = nav.link() else {
            return;
        };
        shared.set(Shared::Nothing);
        spawn_local(async move {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &"title".into(), &title.get_untracked().into());
            let _ = js_sys::Reflect::set(&data, &"url".into(), &url.clone().into());
            // The share sheet answers for itself (a cancel is no failure to report).
            if call_navigator(None, "share", &data).await.is_some() {
                return;
            }
            let copied = call_navigator(Some("clipboard"), "writeText", &url.clone().into()).await;
            shared.set(if copied == Some(true) {
                Shared::Copied
            } else {
                Shared::ByHand(url)
            });
        });
    };
    view! {
        <span class="share">
            <button type="button" class="secondary share-button" on:click=on_click>
                {Ui::Share.text(lang)}
            </button>
            <span class="live small" role="status">
                {move || match shared.get() {
                    Shared::Nothing => ().into_any(),
                    Shared::Copied => Ui::Copied.text(lang).into_any(),
                    Shared::ByHand(url) => view! {
                        <label class="small">{Ui::CopyByHand.text(lang)}
                            <input type="text" readonly class="link" prop:value=url
                                on:focus=|ev| {
                                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                        input.select();
                                    }
                                } />
                        </label>
                    }.into_any(),
                }}
            </span>
        </span>
    }
}
