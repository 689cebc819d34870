//! "Tìm thủ tục": downloads the compact index once, then searches it with core on every
//! keystroke (no network while typing) and opens a procedure's detail.

use super::a11y::focus;
use super::detail::Detail;
use super::facts::LevelBadges;
use super::loading::{failure_text, Fetch, Load, RetryButton, Spinner};
use crate::api::{self, ApiError};
use crate::host::Events;
use crate::i18n;
use crate::nav::{Nav, Opened};
use crate::options::Scope;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use motcua_core::catalog::Level;
use motcua_core::messages::{Lang, Message, Ui};
use motcua_core::search::SearchIndex;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

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
    Failed(ApiError),
    /// Nothing typed yet.
    Idle,
    Hits {
        query: String,
        rows: Vec<Row>,
        total: usize,
    },
}

impl Found {
    /// What the live line says, and whether it waits for a pause in typing first.
    fn announcement(&self, lang: Lang) -> (String, bool) {
        match self {
            Found::Loading => (Ui::IndexLoading.text(lang).to_string(), false),
            Found::Failed(error) => (failure_text(lang, error), false),
            Found::Idle => (String::new(), false),
            Found::Hits {
                query, total: 0, ..
            } => (Ui::NoResults.fill(lang, &[("query", query)]), true),
            Found::Hits { rows, total, .. } => {
                (i18n::results_found(lang, *total, rows.len()), true)
            }
        }
    }
}

fn run_search(index: &SearchIndex, scope: &Scope, text: &str) -> Found {
    if text.trim().is_empty() {
        return Found::Idle;
    }
    // Timed here, after the empty check: what a keystroke costs when it searches.
    let results = crate::timing::measure("motcua:search", || {
        index.search(&scope.query(text, MAX_RESULTS))
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

/// The first element inside `within` that matches `selector`, as something focusable.
fn find(within: &Element, selector: &str) -> Option<HtmlElement> {
    within.query_selector(selector).ok()??.dyn_into().ok()
}

/// Moves focus to the result button next to (or before) the one that got the key; says
/// whether there was one.
fn focus_sibling(ev: &KeyboardEvent, forward: bool) -> bool {
    let item = ev
        .current_target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|button| button.closest("li").ok().flatten());
    let sibling = item.and_then(|li| {
        if forward {
            li.next_element_sibling()
        } else {
            li.previous_element_sibling()
        }
    });
    let button = sibling.and_then(|li| find(&li, "button"));
    let moved = button.is_some();
    focus(button);
    moved
}

#[component]
pub fn SearchView(lang: Lang, api: Arc<str>, scope: Scope) -> impl IntoView {
    let index = Fetch::new();
    index.start({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api::catalog_index(&api).await }
        }
    });
    let nav = Nav::get();
    let query = nav.query;
    let selected = nav.procedure;
    let input = NodeRef::<html::Input>::new();
    let list = NodeRef::<html::Ul>::new();

    let found = Memo::new(move |_| {
        index.with(|state| match state {
            Load::Idle | Load::Loading => Found::Loading,
            Load::Done(Err(error)) => Found::Failed(error.clone()),
            Load::Done(Ok(index)) => query.with(|text| run_search(index, &scope, text)),
        })
    });
    let events = Events::get();
    Effect::new(move |_| {
        found.with(|found| {
            if let Found::Hits { query, total, .. } = found {
                events.searched(query, *total);
            }
        })
    });

    let on_back = Callback::new(move |()| {
        let code = selected.get_untracked().map(|opened| opened.code);
        selected.set(None);
        // After the list is shown again, give focus back to the row that opened the detail.
        request_animation_frame(move || {
            let row = code.and_then(|code| {
                let selector = format!("button[data-code=\"{}\"]", code.replace('"', ""));
                let list = list.get_untracked()?;
                find(&list, &selector)
            });
            match row {
                Some(row) => focus(Some(row)),
                None => focus(input.get_untracked()),
            }
        });
    });

    let body = move || match found.get() {
        Found::Loading => view! { <Spinner /> }.into_any(),
        Found::Failed(_) => view! { <RetryButton lang fetch=index /> }.into_any(),
        Found::Idle => view! { <Examples lang query input /> }.into_any(),
        Found::Hits { total: 0, .. } => {
            view! { <p class="hint">{Ui::NoResultsHint.text(lang)}</p> }.into_any()
        }
        Found::Hits { rows, .. } => view! { <Results lang rows list input selected /> }.into_any(),
    };

    view! {
        <div hidden=move || selected.with(Option::is_some)>
            <SearchBox lang query input list />
            <Announcement lang found />
            {body}
        </div>
        {move || {
            selected
                .get()
                .map(|opened| {
                    view! { <Detail lang api=api.clone() code=opened.code name=opened.name on_back /> }
                })
        }}
    }
}

/// The search box; Down or Enter moves into the results.
#[component]
fn SearchBox(
    lang: Lang,
    query: RwSignal<String>,
    input: NodeRef<html::Input>,
    list: NodeRef<html::Ul>,
) -> impl IntoView {
    let on_key = move |ev: KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowDown" | "Enter") {
            if let Some(first) = list.get_untracked().and_then(|ul| find(&ul, "button")) {
                ev.prevent_default();
                focus(Some(first));
            }
        }
    };
    view! {
        <form role="search" class="field" on:submit=|ev| ev.prevent_default()>
            <label for="motcua-q">{Ui::SearchLabel.text(lang)}</label>
            <p id="motcua-q-hint" class="hint">{Ui::SearchHint.text(lang)}</p>
            <input id="motcua-q" type="search" autocomplete="off" spellcheck="false"
                enterkeyhint="search" aria-describedby="motcua-q-hint" node_ref=input
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
                on:keydown=on_key />
        </form>
    }
}

/// One live line says what happened: loading, the failure, or the count after a pause.
#[component]
fn Announcement(lang: Lang, found: Memo<Found>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let (said, wait) = found.with(|found| found.announcement(lang));
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if wait {
            let handle = set_timeout_with_handle(move || text.set(said), ANNOUNCE_DELAY).ok();
            pending.set_value(handle);
        } else {
            text.set(said);
        }
    });
    view! { <p class="live" role="status">{move || text.get()}</p> }
}

/// Everyday searches to tap: what citizens actually type. They are search input, not
/// interface text, so they stay Vietnamese in both languages (the catalog is Vietnamese) and
/// live here rather than in the language tables.
const EXAMPLE_QUERIES: [&str; 3] = ["làm căn cước", "đăng ký khai sinh", "sổ đỏ"];

/// Before anything is typed: everyday searches to tap.
#[component]
fn Examples(lang: Lang, query: RwSignal<String>, input: NodeRef<html::Input>) -> impl IntoView {
    let chips = EXAMPLE_QUERIES
        .into_iter()
        .map(|example| {
            view! {
                <li>
                    <button type="button" class="chip" lang="vi"
                        on:click=move |_| {
                            query.set(example.to_string());
                            focus(input.get_untracked());
                        }>
                        {example}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="examples">
            <p>{Ui::Examples.text(lang)}</p>
            <ul class="chips">{chips}</ul>
        </div>
    }
}

/// The hits, best first. Arrow keys move between them; Up from the first goes back to the box.
#[component]
fn Results(
    lang: Lang,
    rows: Vec<Row>,
    list: NodeRef<html::Ul>,
    input: NodeRef<html::Input>,
    selected: RwSignal<Option<Opened>>,
) -> impl IntoView {
    let on_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            focus_sibling(&ev, true);
        }
        "ArrowUp" => {
            ev.prevent_default();
            if !focus_sibling(&ev, false) {
                focus(input.get_untracked());
            }
        }
        _ => {}
    };
    let items = rows
        .into_iter()
        .map(|row| view! { <li><ResultButton lang row selected on_key /></li> })
        .collect_view();
    view! { <ul class="results" aria-label=Ui::Results.text(lang) node_ref=list>{items}</ul> }
}

/// One hit: its name, code and levels; opens the procedure's detail.
#[component]
fn ResultButton(
    lang: Lang,
    row: Row,
    selected: RwSignal<Option<Opened>>,
    on_key: impl Fn(KeyboardEvent) + 'static,
) -> impl IntoView {
    let open = Opened {
        code: row.code.clone(),
        name: Some(row.name.clone()),
    };
    let code = row.code.clone();
    view! {
        <button type="button" class="result" data-code=code
            on:click=move |_| selected.set(Some(open.clone()))
            on:keydown=on_key>
            <span class="result-name" lang="vi">{row.name}</span>
            <span class="meta">
                <span class="code">{Ui::Code.text(lang)}": "{row.code}</span>
                <LevelBadges lang levels=row.levels />
            </span>
        </button>
    }
}
