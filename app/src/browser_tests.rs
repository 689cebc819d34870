//! Browser tests of the widget (wasm-bindgen-test in headless Chromium, `make wasm-test`).
//! They live in `src/` because the crate is a cdylib only (an rlib would cost LTO).

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

fn shadow_host() -> web_sys::ShadowRoot {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap()
}

fn options(api: &str, lang: &str) -> wasm_bindgen::JsValue {
    let object = js_sys::Object::new();
    js_sys::Reflect::set(&object, &"api".into(), &api.into()).unwrap();
    js_sys::Reflect::set(&object, &"lang".into(), &lang.into()).unwrap();
    object.into()
}

async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 300)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn mounts_into_a_shadow_root_with_its_own_stylesheet() {
    let root = shadow_host();
    crate::mount(root.clone(), options("http://127.0.0.1:9", "vi")).unwrap();
    let heading = root.query_selector("h2").unwrap().expect("a heading");
    assert_eq!(heading.text_content().unwrap(), "Tra cứu dịch vụ công");
    assert_eq!(root.adopted_style_sheets().length(), 1);
    let container = root.query_selector(".motcua").unwrap().unwrap();
    assert_eq!(container.get_attribute("lang").as_deref(), Some("vi"));
}

#[wasm_bindgen_test]
async fn an_unreachable_api_gives_a_friendly_message_not_a_blank() {
    let root = shadow_host();
    // Port 9 (discard) refuses connections: a network error.
    crate::mount(root.clone(), options("http://127.0.0.1:9", "en")).unwrap();
    settle().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Could not reach the lookup service"), "got: {text}");
}
