//! "Tìm thủ tục": downloads the compact index once, then searches it with core on every
//! keystroke (no network while typing) and opens a procedure's detail.

use super::detail::Detail;
use super::{failure_text, Load};
use crate::api;
use crate::i18n::{self, Lang};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_core::catalog::Level;
use motcua_core::search::{Query, SearchIndex};
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Rows shown at once: enough to find the right one, few enough for a phone screen.
const MAX_RESULTS: usize = 15;
/// The polite announcement of the count waits for a pause in typing.
const ANNOUNCE_DELAY: Duration = Duration::from_millis(500);

#[derive(Clone, Debug, PartialEq)]
struct Row {
    code: String,
    name: String,
    levels: Vec<Level>,
}

#[derive(Clone, Debug, PartialEq)]
enum Found {
    Loading,
    Failed(api::ApiError),
    /// Nothing typed yet.
    Idle,
    Hits {
        query: String,
        rows: Vec<Row>,
        total: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
struct Selected {
    code: String,
    name: String,
}

fn run_search(index: &SearchIndex, text: &str) -> Found {
    if text.trim().is_empty() {
        return Found::Idle;
    }
    // Timed here, after the empty check: what a keystroke costs when it searches.
    let results = crate::timing::measure("motcua:search", || {
        index.search(&Query {
            text: text.to_string(),
            limit: MAX_RESULTS,
            skip_facets: true,
            ..Query::default()
        })
    });
    let rows = results
        .hits
        .into_iter()
        .map(|hit| Row {
            levels: index
                .procedure(hit.doc as usize)
                .map(|p| p.levels().collect())
                .unwrap_or_default(),
            code: hit.code,
            name: hit.name,
        })
        .collect();
    Found::Hits {
        query: text.trim().to_string(),
        rows,
        total: results.total,
    }
}

/// Moves focus to the result button next to (or before) the one that got the key.
fn focus_sibling(ev: &KeyboardEvent, forward: bool) -> bool {
    let item = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|button| button.closest("li").ok().flatten());
    let sibling = item.and_then(|li| {
        if forward {
            li.next_element_sibling()
        } else {
            li.previous_element_sibling()
        }
    });
    match sibling
        .and_then(|li| li.query_selector("button").ok().flatten())
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(button) => {
            let _ = button.focus();
            true
        }
        None => false,
    }
}

#[component]
pub fn SearchView(lang: Lang, api: Arc<str>) -> impl IntoView {
    let index = RwSignal::new(Load::<Arc<SearchIndex>>::Loading);
    let query = RwSignal::new(String::new());
    let selected = RwSignal::new(None::<Selected>);
    let input = NodeRef::<html::Input>::new();
    let list = NodeRef::<html::Ul>::new();

    let load = {
        let api = api.clone();
        move || {
            index.set(Load::Loading);
            let api = api.clone();
            spawn_local(async move {
                index.set(api::catalog_index(&api).await.into());
            });
        }
    };
    load();

    let found = Memo::new(move |_| {
        index.with(|state| match state {
            Load::Loading => Found::Loading,
            Load::Failed(error) => Found::Failed(error.clone()),
            Load::Ready(index) => query.with(|text| run_search(index, text)),
        })
    });

    // One live line says what happened: loading, failure, or the count after a pause.
    let announce = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let (text, wait) = match found.get() {
            Found::Loading => (i18n::INDEX_LOADING.get(lang).to_string(), false),
            Found::Failed(error) => (failure_text(lang, &error), false),
            Found::Idle => (String::new(), false),
            Found::Hits {
                query, total: 0, ..
            } => (i18n::no_results(lang, &query), true),
            Found::Hits { rows, total, .. } => (i18n::results_found(lang, total, rows.len()), true),
        };
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if wait {
            let handle = set_timeout_with_handle(move || announce.set(text), ANNOUNCE_DELAY).ok();
            pending.set_value(handle);
        } else {
            announce.set(text);
        }
    });

    let focus_input = move || {
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    };
    let first_result = move || {
        list.get_untracked()
            .and_then(|ul| ul.query_selector("button").ok().flatten())
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let on_input_key = move |ev: KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowDown" | "Enter") {
            if let Some(button) = first_result() {
                ev.prevent_default();
                let _ = button.focus();
            }
        }
    };
    let on_result_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            focus_sibling(&ev, true);
        }
        "ArrowUp" => {
            ev.prevent_default();
            if !focus_sibling(&ev, false) {
                focus_input();
            }
        }
        _ => {}
    };

    let on_back = Callback::new(move |()| {
        let code = selected.get_untracked().map(|s| s.code);
        selected.set(None);
        // After the list is shown again, give focus back to the row that opened the detail.
        request_animation_frame(move || {
            let button = code.and_then(|code| {
                list.get_untracked()?
                    .query_selector(&format!("button[data-code=\"{}\"]", code.replace('"', "")))
                    .ok()
                    .flatten()?
                    .dyn_into::<web_sys::HtmlElement>()
                    .ok()
            });
            match button {
                Some(button) => {
                    let _ = button.focus();
                }
                None => focus_input(),
            }
        });
    });

    let retry = load.clone();
    let body = move || {
        match found.get() {
        Found::Loading => view! { <div class="spinner" aria-hidden="true"></div> }.into_any(),
        Found::Failed(_) => {
            let retry = retry.clone();
            view! {
                <button type="button" class="secondary" on:click=move |_| retry()>
                    {i18n::RETRY.get(lang)}
                </button>
            }
            .into_any()
        }
        Found::Idle => view! {
            <div class="examples">
                <p>{i18n::EXAMPLES.get(lang)}</p>
                <ul class="chips">
                    {i18n::EXAMPLE_QUERIES
                        .into_iter()
                        .map(|example| {
                            view! {
                                <li>
                                    <button type="button" class="chip" lang="vi"
                                        on:click=move |_| {
                                            query.set(example.to_string());
                                            focus_input();
                                        }>
                                        {example}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any(),
        Found::Hits { total: 0, .. } => {
            view! { <p class="hint">{i18n::NO_RESULTS_HINT.get(lang)}</p> }.into_any()
        }
        Found::Hits { rows, .. } => view! {
            <ul class="results" aria-label=i18n::RESULTS.get(lang) node_ref=list>
                {rows
                    .into_iter()
                    .map(|row| {
                        let open = Selected { code: row.code.clone(), name: row.name.clone() };
                        let data_code = row.code.clone();
                        view! {
                            <li>
                                <button type="button" class="result" data-code=data_code
                                    on:click=move |_| selected.set(Some(open.clone()))
                                    on:keydown=on_result_key>
                                    <span class="result-name" lang="vi">{row.name}</span>
                                    <span class="meta">
                                        <span class="code">
                                            {i18n::CODE.get(lang)}": "{row.code}
                                        </span>
                                        {row
                                            .levels
                                            .into_iter()
                                            .map(|l| view! { <span class="badge">{i18n::level(lang, l)}</span> })
                                            .collect_view()}
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    };

    view! {
        <div hidden=move || selected.with(Option::is_some)>
            <form role="search" class="field" on:submit=|ev| ev.prevent_default()>
                <label for="motcua-q">{i18n::SEARCH_LABEL.get(lang)}</label>
                <p id="motcua-q-hint" class="hint">{i18n::SEARCH_HINT.get(lang)}</p>
                <input id="motcua-q" type="search" autocomplete="off" spellcheck="false"
                    enterkeyhint="search" aria-describedby="motcua-q-hint" node_ref=input
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=on_input_key />
            </form>
            <p class="live" role="status">{move || announce.get()}</p>
            {body}
        </div>
        {move || {
            selected
                .get()
                .map(|s| view! { <Detail lang=lang api=api.clone() code=s.code name=s.name on_back=on_back /> })
        }}
    }
}
