//! What the webmaster can set on the script tag (`data-api`, `data-lang`, `data-view`), already resolved
//! to absolute values by the loader.

use crate::nav::View;
use motcua_core::messages::Lang;
use wasm_bindgen::JsValue;

#[derive(Clone, Debug)]
pub struct Options {
    /// API origin, without a trailing slash, e.g. `https://motcua.example.gov.vn`.
    pub api: String,
    pub lang: Lang,
    /// The view it opens on (`data-view`: `search` or `status`).
    pub view: View,
}

impl Options {
    pub fn from_js(value: &JsValue) -> Self {
        let get = |key: &str| {
            js_sys::Reflect::get(value, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let api = get("api")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned();
        let lang = Lang::parse(get("lang").as_deref().unwrap_or("vi"));
        let view = get("view")
            .as_deref()
            .and_then(View::parse)
            .unwrap_or_default();
        Options { api, lang, view }
    }
}
