//! motcua's citizen widget: mounted by `public/embed.js` into an open shadow root on a portal
//! page, so the host's CSS cannot reach in and ours cannot leak out.
//!
//! Thin by design: views render what `motcua_core` and the API answer.

mod api;
mod app;
#[cfg(test)]
mod browser_tests;
mod engine;
mod format;
mod host;
mod i18n;
mod nav;
mod options;
mod style;
mod timing;
mod views;

use options::Options;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ShadowRoot;

/// A mounted widget, as the loader holds it to relay the portal's commands.
#[wasm_bindgen]
pub struct Widget(Rc<host::Mounted>);

#[wasm_bindgen]
impl Widget {
    /// A command from the portal's `motcua(name, arg)` (see [`host::Mounted::command`]).
    pub fn command(&self, name: &str, arg: JsValue) {
        self.0.command(name, &arg);
    }
}

/// Entry point called by the loader after the wasm module is initialised.
///
/// `options` is a plain object `{ api, lang, view, scope, portalUrl }` from the script tag's
/// data attributes ([`Options`]). Sends `motcua:ready` on the shadow root's host when mounted.
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, options: JsValue) -> Result<Widget, JsValue> {
    timing::measure("motcua:mount", || mount_now(root, options))
}

fn mount_now(root: ShadowRoot, options: JsValue) -> Result<Widget, JsValue> {
    let options = Options::from_js(&options);
    style::adopt(&root)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let container: web_sys::HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("motcua");
    Ok(Widget(host::Mounted::start(root, container, options)))
}
