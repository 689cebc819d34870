//! Accessibility plumbing the views share: where keyboard focus goes, and ARIA's "true"/"false".

use leptos::prelude::*;
use web_sys::HtmlElement;

/// Moves focus to the element, if there is one (best effort: a failed focus changes nothing).
pub fn focus(element: Option<impl AsRef<HtmlElement>>) {
    if let Some(element) = element {
        let _ = element.as_ref().focus();
    }
}

/// Moves focus to the element each time it appears, so a screen reader starts reading there.
pub fn focus_when_shown<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType + 'static,
    E::Output: AsRef<HtmlElement> + wasm_bindgen::JsCast + Clone + 'static,
{
    Effect::new(move |_| focus(node.get()));
}

/// An ARIA boolean state (`aria-selected`, `aria-invalid`) as the attribute writes it.
pub fn aria_bool(state: bool) -> &'static str {
    if state {
        "true"
    } else {
        "false"
    }
}
