//! The widget's stylesheet, adopted by the shadow root. Constructable stylesheets are not
//! subject to a host page's `style-src` CSP, unlike an inline `<style>`. The loader's own sheet
//! (the space it reserved, the theme's colours) stays adopted beside it.

use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, ShadowRoot};

/// src/widget.css, comments and indentation dropped by build.rs.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

pub fn adopt(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    let sheets = js_sys::Array::from(&root.adopted_style_sheets());
    sheets.unshift(&sheet);
    root.set_adopted_style_sheets(&sheets);
    Ok(())
}
