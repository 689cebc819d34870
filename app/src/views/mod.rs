//! One module per view; `App` composes them.

use crate::api;
use crate::i18n::{self, Lang};
use crate::options::Options;
use leptos::prelude::*;

#[component]
pub fn App(options: Options) -> impl IntoView {
    let lang = options.lang;
    let api_base = options.api.clone();
    let health = LocalResource::new(move || {
        let api_base = api_base.clone();
        async move { api::health(&api_base).await }
    });
    view! {
        <section class="card" aria-labelledby="motcua-title">
            <h2 id="motcua-title">{i18n::TITLE.get(lang)}</h2>
            <p class="connection" role="status" aria-live="polite">
                {move || connection_text(lang, health.get().map(|r| r.is_ok()))}
            </p>
        </section>
    }
}

fn connection_text(lang: Lang, ok: Option<bool>) -> &'static str {
    match ok {
        None => i18n::CONNECTING.get(lang),
        Some(true) => i18n::CONNECTED.get(lang),
        Some(false) => i18n::OFFLINE.get(lang),
    }
}
