//! "Nói để tìm": a microphone button where the browser offers Web Speech recognition. What it
//! hears goes into the search box as if typed. Recognition is the browser's own service (the
//! widget never touches audio), and the button says so; absent where the browser has none.

use leptos::prelude::*;
use motcua_core::messages::{Lang, Ui};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The recognition constructor the browser offers (standard or prefixed), if any.
fn recognition_class() -> Option<js_sys::Function> {
    let window: JsValue = window().into();
    ["SpeechRecognition", "webkitSpeechRecognition"]
        .iter()
        .find_map(|name| {
            js_sys::Reflect::get(&window, &JsValue::from_str(name))
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()
        })
}

/// What the recognition said: the text heard, or why nothing was.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// Silence, noise, no match, or the service unreachable.
    NotHeard,
    /// The citizen or the browser refused the microphone.
    Denied,
}

/// Sets `handler` as the `on<event>` property of `target` (freed once it has run; a handler
/// that never runs is dropped with the recognition object's last reference in JS).
fn on(target: &JsValue, event: &str, handler: impl FnOnce(JsValue) + 'static) {
    let handler = Closure::once_into_js(handler);
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(event), &handler);
}

/// The first alternative of the first result of a `result` event.
fn transcript(event: &JsValue) -> Option<String> {
    let results = js_sys::Reflect::get(event, &"results".into()).ok()?;
    let first = js_sys::Reflect::get_u32(&results, 0).ok()?;
    let best = js_sys::Reflect::get_u32(&first, 0).ok()?;
    let text = js_sys::Reflect::get(&best, &"transcript".into())
        .ok()?
        .as_string()?;
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

fn call(target: &JsValue, method: &str) {
    if let Ok(function) = js_sys::Reflect::get(target, &JsValue::from_str(method))
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = function.call0(target);
    }
}

/// The microphone button and its line; `heard` receives the text.
#[component]
pub fn VoiceButton(lang: Lang, heard: Callback<String>) -> impl IntoView {
    let Some(class) = recognition_class() else {
        return ().into_any();
    };
    let listening = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    // The recognition running now, to stop it on a second press.
    let running = StoredValue::new_local(None::<JsValue>);
    let start = move |_| {
        if let Some(recognition) = running.get_value() {
            call(&recognition, "stop");
            return;
        }
        let Ok(recognition) = js_sys::Reflect::construct(&class, &js_sys::Array::new()) else {
            failure.set(Some(Failure::NotHeard));
            return;
        };
        // The catalog is Vietnamese whatever the interface language: listen for Vietnamese.
        let _ = js_sys::Reflect::set(&recognition, &"lang".into(), &"vi-VN".into());
        let _ = js_sys::Reflect::set(&recognition, &"interimResults".into(), &false.into());
        let _ = js_sys::Reflect::set(&recognition, &"maxAlternatives".into(), &1.into());
        on(&recognition, "onresult", move |event| {
            match transcript(&event) {
                Some(text) => heard.run(text),
                None => failure.set(Some(Failure::NotHeard)),
            }
        });
        on(&recognition, "onerror", move |event| {
            let code = js_sys::Reflect::get(&event, &"error".into())
                .ok()
                .and_then(|e| e.as_string())
                .unwrap_or_default();
            failure.set(Some(match code.as_str() {
                "not-allowed" | "service-not-allowed" | "audio-capture" => Failure::Denied,
                // The citizen stopped it: nothing to say.
                "aborted" => return,
                _ => Failure::NotHeard,
            }));
        });
        on(&recognition, "onend", move |_| {
            listening.set(false);
            running.set_value(None);
        });
        failure.set(None);
        call(&recognition, "start");
        listening.set(true);
        running.set_value(Some(recognition));
    };
    // Beside the box, the microphone alone (its name and its privacy line for screen
    // readers); the line shows while it listens, and a failure as an alert.
    view! {
        <button type="button" class="secondary voice"
            aria-label=move || if listening.get() { Ui::VoiceListening } else { Ui::Voice }.text(lang)
            title=Ui::Voice.text(lang)
            aria-pressed=move || listening.get().to_string()
            aria-describedby="motcua-voice-privacy" on:click=start>
            // (A drawn microphone: phones have emoji fonts, old desktops and kiosks may not.)
            <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"
                focusable="false">
                <path fill="currentColor" d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.93V21h2v-3.07A7 7 0 0 0 19 11h-2z"/>
            </svg>
        </button>
        <p id="motcua-voice-privacy"
            class=move || if listening.get() { "hint small voice-line" } else { "visually-hidden" }>
            {Ui::VoicePrivacy.text(lang)}
        </p>
        {move || failure.get().map(|f| view! {
            <p class="alert voice-line" role="alert">
                {match f {
                    Failure::NotHeard => Ui::VoiceFailed,
                    Failure::Denied => Ui::VoiceDenied,
                }.text(lang)}
            </p>
        })}
    }
    .into_any()
}
