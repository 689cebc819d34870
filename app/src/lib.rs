//! motcua's citizen widget: mounted by `public/embed.js` into an open shadow root on a portal
//! page, so the host's CSS cannot reach in and ours cannot leak out.
//!
//! Thin by design: views render what `motcua_core` and the API answer.

mod api;
mod app;
#[cfg(test)]
mod browser_tests;
mod format;
mod i18n;
mod nav;
mod options;
mod style;
mod timing;
mod views;

use leptos::prelude::*;
use options::Options;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ShadowRoot;

/// Entry point called by the loader after the wasm module is initialised.
///
/// `options` is a plain object `{ api, lang }` read from the script tag's data attributes.
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, options: JsValue) -> Result<(), JsValue> {
    let options = Options::from_js(&options);
    style::adopt(&root)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    // Replace the loader's placeholder (if any) with the app container.
    root.set_inner_html("");
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("motcua");
    container.set_attribute("lang", options.lang.code())?;
    root.append_child(&container)?;
    let handle = leptos::mount::mount_to(
        container,
        move || view! { <app::App options=options.clone() /> },
    );
    // The widget lives as long as the page.
    handle.forget();
    Ok(())
}
