//! What the procedure detail and the dossier card both show: labelled facts in a `dl.facts`,
//! "Chưa có thông tin" where the source says nothing, and level badges.
//!
//! Components here (and the views' other wrappers) take their content as a typed prop, not as
//! `Children`: boxed children cost the widget ~3 KB brotli.

use leptos::prelude::*;
use motcua_core::catalog::Level;
use motcua_core::messages::{Lang, Ui};

/// One labelled fact (a `<dt>`/`<dd>` pair inside `<dl class="facts">`).
#[component]
pub fn Fact(label: &'static str, value: impl IntoView + 'static) -> impl IntoView {
    view! { <div><dt>{label}</dt><dd>{value}</dd></div> }
}

/// "Chưa có thông tin": what the source does not say is said so, never guessed.
#[component]
pub fn Unknown(lang: Lang) -> impl IntoView {
    view! { <span class="unknown">{Ui::Unknown.text(lang)}</span> }
}

/// One badge per level of government a procedure is done at.
#[component]
pub fn LevelBadges(lang: Lang, levels: Vec<Level>) -> impl IntoView {
    levels
        .into_iter()
        .map(|level| view! { <span class="badge">{level.label(lang)}</span> })
        .collect_view()
}
