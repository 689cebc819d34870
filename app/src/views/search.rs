//! "Tìm thủ tục": downloads the compact index once, then searches it with core on every
//! keystroke (no network while typing) and opens a procedure's detail. The search box is an
//! ARIA combobox over the results listbox: arrow keys move through the rows
//! (`aria-activedescendant`), Enter opens one, Escape clears the box.

use super::a11y::{aria_bool, focus};
use super::filters::Picked;
use super::loading::{failure_text, Fetch, Load, RetryButton, Spinner};
use super::on_demand::{
    lazy_detail, lazy_filters, prefetch_detail, prefetch_filters, DetailProps, FiltersProps,
};
use super::results::{option_id, NoResults, NotHere, ResultList, Row, LISTBOX_ID};
use super::staged;
use super::voice::VoiceButton;
use crate::api::{self, ApiError};
use crate::host::Events;
use crate::i18n;
use crate::nav::{Nav, Opened};
use crate::options::Scope;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use motcua_core::messages::{Lang, Message, Ui};
use motcua_core::search::{Facets, SearchIndex, SearchResults};
use std::sync::Arc;
use std::time::Duration;

/// Rows shown at once: enough to find the right one, few enough for a phone screen.
const MAX_RESULTS: usize = 15;
/// Rows a new answer renders at once: what a phone shows below the box (three at most, at
/// 390×844 with the page at its top; fewer with the keyboard up). The rest wait for a pause in
/// typing (REST_ROWS_DELAY), so a keystroke pays only for what the citizen sees. Each row a
/// keystroke renders costs it about a millisecond at 4× CPU: typed at a citizen's pace, 3 rows
/// against 6 took p50 26.3 against 29.5 ms and p95 44.3 against 48.4 (keystroke to painted rows,
/// five alternating runs each; 3 came out ahead in every pair).
const FIRST_ROWS: usize = 3;
/// A pause in typing, for the rest of an answer's rows. Rendering them a frame after each
/// keystroke instead, as the widget did, made every keystroke remove, create, lay out and paint
/// nine rows more, most of them replaced by the next key: at 4× CPU, typing a key every 150 ms
/// took 43–49 ms of main-thread time a key that way, 29–33 ms this way.
const REST_ROWS_DELAY: Duration = Duration::from_millis(200);
/// The polite announcement of the count waits for a pause in typing.
const ANNOUNCE_DELAY: Duration = Duration::from_millis(500);

/// A search's answer, as the view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    query: String,
    rows: Vec<Row>,
    total: usize,
    /// The catalog has no good match: the query for the national portal's search.
    elsewhere: Option<String>,
    facets: Facets,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    Loading,
    Failed(ApiError),
    /// Nothing typed yet.
    Idle,
    Hits(Answer),
}

impl Found {
    fn rows(&self) -> &[Row] {
        match self {
            Found::Hits(answer) => &answer.rows,
            _ => &[],
        }
    }

    /// What the live line says, and whether it waits for a pause in typing first.
    fn announcement(&self, lang: Lang) -> (String, bool) {
        match self {
            Found::Loading => (Ui::IndexLoading.text(lang).to_string(), false),
            Found::Failed(error) => (failure_text(lang, error), false),
            Found::Idle => (String::new(), false),
            Found::Hits(Answer {
                query, total: 0, ..
            }) => (Ui::NoResults.fill(lang, &[("query", query)]), true),
            Found::Hits(Answer {
                query,
                elsewhere: Some(_),
                ..
            }) => (Ui::NotHere.fill(lang, &[("query", query)]), true),
            Found::Hits(Answer { rows, total, .. }) => {
                (i18n::results_found(lang, *total, rows.len()), true)
            }
        }
    }
}

/// A search, as the engine runs it (crate::engine: its code is in the search chunk).
pub fn run_search(
    index: &SearchIndex,
    scope: &Scope,
    picked: &Picked,
    facets: bool,
    text: &str,
) -> Found {
    if text.trim().is_empty() {
        return Found::Idle;
    }
    // Timed here, after the empty check: what a keystroke costs when it searches.
    let results = crate::timing::measure("motcua:search", || {
        index.search(&picked.query(scope, text, MAX_RESULTS, facets))
    });
    answer_of(index, text, results)
}

/// The answer to `text` from its results: "not here" or "no results" carry the query for the
/// national portal's search.
fn answer_of(index: &SearchIndex, text: &str, results: SearchResults) -> Found {
    let elsewhere = (results.total == 0 || results.verdict.is_not_here())
        .then(|| index.portal_query(text))
        .filter(|q| !q.is_empty());
    Found::Hits(Answer {
        query: text.trim().to_string(),
        rows: Row::of_hits(index, results.hits),
        total: results.total,
        elsewhere,
        facets: results.facets,
    })
}

/// The warm-up's searches (see [`warm_up`]): an everyday query, then what citizens type besides
/// — a word still being typed without its marks (every word typed without marks is tried as
/// Telex and VNI residue), the same in Telex, and words no procedure has ("no results", with the
/// national portal's search).
pub const WARM_UP_QUERIES: [&str; 4] = [
    EXAMPLE_QUERIES[0],
    "dang ky khai s",
    "ddawng kys",
    "qxzw vjq",
];

/// The browser compiles a wasm function at its first call, all of it, in the task that calls
/// it, and runs it in its baseline tier until it has been called enough: the first keystrokes
/// after the catalog is ready would compile the search, and each branch of it a query first
/// takes, on top of running it. The index build ends with the warm-up's searches
/// ([`WARM_UP_QUERIES`]), each in a task of its own, so that compiling happens there. Their
/// answers are kept for the warm-up of their rendering ([`warm_up_answer`]), and not timed as a
/// citizen's. Its three steps (reading the query, ranking, the rows) each run in a task of their
/// own too: the first search compiles most of the engine's code, and compiling and running it in
/// one task made the build's longest task (about 30 ms at 4× CPU, half of it compiling).
pub async fn warm_up(index: &SearchIndex, text: &str) -> Found {
    let query = Picked::default().query(&Scope::default(), text, MAX_RESULTS, false);
    crate::api::next_task().await;
    let results = index.search(&query);
    crate::api::next_task().await;
    answer_of(index, text, results)
}

/// Renders the warm-up's answers as a citizen's are rendered, unseen (`results::warm_up`): the
/// first answer's rows, laid out, then replaced by the second's (what each keystroke after the
/// first does to the list); and, in a task of their own, the other shapes an answer takes ("no
/// results" and "not here" above partial rows), built and dropped: their code compiled, not laid
/// out (they are rarer).
pub fn warm_up_answer(answers: Vec<Found>) {
    let props = |shape: Shape, rows: Signal<Vec<Row>>| AnswerProps {
        lang: Lang::default(),
        shape,
        rows,
        picked: RwSignal::new(Picked::default()),
        active: RwSignal::new(None),
        list: NodeRef::new(),
        open: Callback::new(|_: usize| {}),
    };
    // The first answer that found nothing: its query and the national portal's.
    let nothing = answers
        .iter()
        .find_map(|found| match Shape::of(found, false) {
            Shape::Nothing {
                query, elsewhere, ..
            } => Some((query, elsewhere)),
            _ => None,
        });
    if let Some((query, elsewhere)) = nothing {
        set_timeout(
            move || {
                let not_here = Shape::NotHere {
                    query: query.clone(),
                    elsewhere: elsewhere.clone(),
                };
                let nothing = Shape::Nothing {
                    query,
                    elsewhere,
                    filtered: true,
                };
                let owner = Owner::new();
                owner.with(|| {
                    use leptos::tachys::view::Render;
                    for shape in [not_here, nothing] {
                        drop(answer_view(props(shape, Signal::stored(Vec::new()))).build());
                    }
                });
            },
            Duration::ZERO,
        );
    }
    let mut answers = answers.into_iter();
    let first = answers.next().map(|found| found.rows().to_vec());
    let next = answers.next().map(|found| found.rows().to_vec());
    super::results::warm_up(
        first.unwrap_or_default(),
        next.unwrap_or_default(),
        move |rows| answer_view(props(Shape::Rows, rows)),
    );
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
    let picked = RwSignal::new(Picked::default());
    // Whether the filters are unfolded (their counts are needed only then).
    let filters_open = RwSignal::new(false);
    let input = NodeRef::<html::Input>::new();
    let list = NodeRef::<html::Ul>::new();
    // The row the arrow keys are on (`aria-activedescendant`), if any.
    let active = RwSignal::new(None::<usize>);

    let found = Memo::new({
        let scope = scope.clone();
        move |_| {
            index.with(|state| match state {
                Load::Idle | Load::Loading => Found::Loading,
                Load::Done(Err(error)) => Found::Failed(error.clone()),
                Load::Done(Ok(catalog)) => {
                    let facets = filters_open.get();
                    picked.with(|picked| {
                        query.with(|text| {
                            (catalog.engine.search)(&catalog.index, &scope, picked, facets, text)
                        })
                    })
                }
            })
        }
    });
    // A citizen who types before the catalog is ready gets the answer's space at once, from the
    // keystroke, and keeps it until the next one: the answer, coming later, then fills space
    // already taken instead of pushing the host page's content down under their eyes (a layout
    // shift is excused only within half a second of input). Typing lets the space follow the
    // results again.
    let held = RwSignal::new(false);
    Effect::new(move |_| {
        let waiting = found.with(|found| matches!(found, Found::Loading));
        // (Set only when it changes: a signal's `set` notifies even with the same value, and
        // the answer re-renders on each notification.)
        if waiting && !held.get_untracked() && !query.with(|text| text.trim().is_empty()) {
            held.set(true);
        }
    });
    // New rows: no row is active until an arrow key says so.
    Effect::new(move |_| {
        found.track();
        active.set(None);
    });
    let facets = Memo::new(move |_| {
        found.with(|found| match found {
            Found::Hits(answer) if answer.total > 0 || picked.with(Picked::count) > 0 => {
                Some(answer.facets.clone())
            }
            _ => None,
        })
    });
    // The filters' chunk is fetched once the catalog is ready, or at the first keystroke if that
    // comes first, and shown with the first results: the keystroke that shows them then finds it
    // loaded instead of starting its fetch.
    let filters_asked = StoredValue::new(false);
    Effect::new(move |_| {
        let ready = index.with(|state| matches!(state, Load::Done(Ok(_))));
        let typed = query.with(|text| !text.trim().is_empty());
        if (ready || typed) && !filters_asked.get_value() {
            filters_asked.set_value(true);
            prefetch_filters();
        }
    });
    let filters_seen = Memo::new(move |seen: Option<&bool>| {
        seen.copied().unwrap_or(false) || facets.with(Option::is_some)
    });
    let events = Events::get();
    let prefetched = StoredValue::new(false);
    // What the portal hears of a search: its text and count (unfolding the filters, which
    // counts facets for the same answer, is not a new search).
    let searched = Memo::new(move |_| {
        found.with(|found| match found {
            Found::Hits(answer) => Some((answer.query.clone(), answer.total)),
            _ => None,
        })
    });
    Effect::new(move |_| {
        searched.with(|searched| {
            if let Some((query, total)) = searched {
                events.searched(query, *total);
                // The first results: a detail may be opened next.
                if *total > 0 && !prefetched.get_value() {
                    prefetched.set_value(true);
                    prefetch_detail();
                }
            }
        })
    });

    let open = Callback::new(move |position: usize| {
        let row = found.with_untracked(|found| found.rows().get(position).cloned());
        if let Some(row) = row {
            active.set(Some(position));
            selected.set(Some(Opened {
                code: row.code,
                name: Some(row.name),
            }));
        }
    });
    let on_back = Callback::new(move |()| {
        let code = selected.get_untracked().map(|opened| opened.code);
        selected.set(None);
        // After the list is shown again, focus the box on the row that opened the detail.
        let position = found.with_untracked(|found| {
            found
                .rows()
                .iter()
                .position(|row| Some(&row.code) == code.as_ref())
        });
        request_animation_frame(move || {
            active.set(position);
            focus(input.get_untracked());
        });
    });

    // What the answer area shows re-renders when its shape changes; while rows keep showing,
    // only the rows that changed do (`shown`).
    let shape = Memo::new(move |_| {
        let filtered = picked.with(Picked::count) > 0;
        found.with(|found| Shape::of(found, filtered))
    });
    let shown = shown_rows(found);
    let body = move || match shape.get() {
        Shape::Loading => view! { <Spinner /> }.into_any(),
        Shape::Failed => view! { <RetryButton lang fetch=index /> }.into_any(),
        Shape::Idle => view! { <Examples lang query input /> }.into_any(),
        // An answer needs the catalog, so its view is the engine's (in the search chunk).
        shape => index.with_untracked(|state| match state {
            Load::Done(Ok(catalog)) => (catalog.engine.answer)(AnswerProps {
                lang,
                shape,
                rows: shown,
                picked,
                active,
                list,
                open,
            }),
            _ => ().into_any(),
        }),
    };

    let filters = move || {
        let scope = scope.clone();
        view! {
            <div hidden=move || facets.with(Option::is_none)>
                {move || {
                    filters_seen.get().then(|| {
                        let scope = scope.clone();
                        lazy_filters(FiltersProps { lang, scope, facets, picked, open: filters_open })
                    })
                }}
            </div>
        }
    };
    // The held space takes the filters too: they show with the late answer, and above the held
    // box they would push it down. Not held, the wrapper has no box of its own (`display:
    // contents`): a box that stays while the live line above it empties would move, where
    // content that replaces content does not count as moving. Only its class changes when the
    // citizen's first key lets the space go: re-rendering the answer for it (as the widget did,
    // with and without the wrapper) tore down and rebuilt the filters and every row in that
    // keystroke's task.
    let answer = move || {
        view! { <div class="answer" class:held=move || held.get()>{filters.clone()}{body}</div> }
    };

    // Whether the catalog is ready (or failed), for the loader's quick search: it answers from
    // the API while this is "loading", then hands the citizen over (app/loader/quick.js).
    let catalog = move || {
        index.with(|state| match state {
            Load::Idle | Load::Loading => "loading",
            Load::Done(Ok(_)) => "ready",
            Load::Done(Err(_)) => "failed",
        })
    };
    // The live line and the answer area come in a task after the box's, which then takes
    // input a task earlier. Nothing is announced or answered before.
    let rest = staged::next_task();
    view! {
        <div hidden=move || selected.with(Option::is_some) data-catalog=catalog>
            <SearchBox lang query input list found active open held />
            {move || rest.get().then(|| view! { <Announcement lang found query /> {answer.clone()} })}
        </div>
        {move || {
            selected
                .get()
                .map(|opened| {
                    lazy_detail(DetailProps {
                        lang,
                        api: api.clone(),
                        code: opened.code,
                        name: opened.name,
                        on_back,
                    })
                })
        }}
    }
}

/// The answer area's shape: what it shows apart from the rows themselves.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Loading,
    Failed,
    Idle,
    /// No results: what to try next, with the query for the national portal's search (and
    /// "clear the filters" when some are on).
    Nothing {
        query: String,
        elsewhere: String,
        filtered: bool,
    },
    /// No good match: "not here", with the national portal's search, above the partial ones.
    NotHere {
        query: String,
        elsewhere: String,
    },
    Rows,
}

impl Shape {
    fn of(found: &Found, filtered: bool) -> Shape {
        match found {
            Found::Loading => Shape::Loading,
            Found::Failed(_) => Shape::Failed,
            Found::Idle => Shape::Idle,
            Found::Hits(Answer {
                query,
                total: 0,
                elsewhere,
                ..
            }) => Shape::Nothing {
                query: query.clone(),
                elsewhere: elsewhere.clone().unwrap_or_else(|| query.clone()),
                filtered,
            },
            Found::Hits(Answer {
                query,
                elsewhere: Some(elsewhere),
                ..
            }) => Shape::NotHere {
                query: query.clone(),
                elsewhere: elsewhere.clone(),
            },
            Found::Hits(_) => Shape::Rows,
        }
    }
}

/// What an answer's view needs (see [`answer_view`]).
pub struct AnswerProps {
    lang: Lang,
    shape: Shape,
    rows: Signal<Vec<Row>>,
    picked: RwSignal<Picked>,
    active: RwSignal<Option<usize>>,
    list: NodeRef<html::Ul>,
    open: Callback<usize>,
}

/// An answer: its rows, "not here" above the partial ones, or what to try when nothing
/// matched. Called through the engine (crate::engine): nothing shows it before the catalog and
/// its engine are there, so its code is the search chunk's, not the first load's.
pub fn answer_view(props: AnswerProps) -> AnyView {
    let AnswerProps {
        lang,
        shape,
        rows,
        picked,
        active,
        list,
        open,
    } = props;
    match shape {
        Shape::Nothing {
            query,
            elsewhere,
            filtered,
        } => {
            let clear_filters =
                filtered.then(|| Callback::new(move |()| picked.set(Picked::default())));
            view! { <NoResults lang query elsewhere clear_filters /> }.into_any()
        }
        Shape::NotHere { query, elsewhere } => view! {
            <NotHere lang query elsewhere />
            <ResultList lang rows labelled_by=Some("motcua-partial") active list open />
        }
        .into_any(),
        Shape::Rows => {
            view! { <ResultList lang rows labelled_by=None active list open /> }.into_any()
        }
        Shape::Loading | Shape::Failed | Shape::Idle => ().into_any(),
    }
}

/// The rows the list shows: a new answer's first FIRST_ROWS at once, and all of them after a
/// pause in typing, unless a newer answer came first. The list keeps the rows that stay the same
/// (`ResultList`), so the rest are appended.
fn shown_rows(found: Memo<Found>) -> Signal<Vec<Row>> {
    let shown = RwSignal::new(Vec::new());
    let answers = StoredValue::new(0_u64);
    Effect::new(move |_| {
        // Only the rows shown now are copied: an answer the next key replaces never copies the
        // rest.
        let (first, more) = found.with(|found| {
            let rows = found.rows();
            let first: Vec<Row> = rows.iter().take(FIRST_ROWS).cloned().collect();
            (first, rows.len() > FIRST_ROWS)
        });
        let answer = answers.get_value().wrapping_add(1);
        answers.set_value(answer);
        shown.set(first);
        if !more {
            return;
        }
        set_timeout(
            move || {
                if answers.try_get_value() == Some(answer) {
                    if let Some(rows) = found.try_with_untracked(|found| found.rows().to_vec()) {
                        shown.try_set(rows);
                    }
                }
            },
            REST_ROWS_DELAY,
        );
    });
    shown.into()
}

/// The search box, a combobox over the results: Down and Up move through the rows, Enter
/// opens the row they are on, Escape clears the box.
#[component]
fn SearchBox(
    lang: Lang,
    query: RwSignal<String>,
    input: NodeRef<html::Input>,
    list: NodeRef<html::Ul>,
    found: Memo<Found>,
    active: RwSignal<Option<usize>>,
    open: Callback<usize>,
    /// The answer's space held since a keystroke made before the catalog was ready.
    held: RwSignal<bool>,
) -> impl IntoView {
    let count = move || found.with(|found| found.rows().len());
    let on_key = move |ev: KeyboardEvent| {
        let rows = found.with_untracked(|found| found.rows().len());
        let now = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowDown" if rows > 0 => Some(now.map_or(0, |i| (i + 1).min(rows - 1))),
            "ArrowUp" if rows > 0 => now.and_then(|i| i.checked_sub(1)),
            "Enter" => {
                ev.prevent_default();
                if let Some(i) = now {
                    open.run(i);
                }
                return;
            }
            "Escape" if !query.with_untracked(String::is_empty) => {
                ev.prevent_default();
                query.set(String::new());
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        active.set(next);
        if let Some(option) = next.and_then(|i| {
            let list = list.get_untracked()?;
            list.query_selector(&format!("#{}", option_id(i))).ok()?
        }) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            option.scroll_into_view_with_scroll_into_view_options(&options);
        }
    };
    // What the microphone heard is searched as if typed, and the box keeps the focus.
    let heard = Callback::new(move |text: String| {
        query.set(text);
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    });
    view! {
        <form role="search" class="field" on:submit=|ev| ev.prevent_default()>
            <label for="motcua-q">{Ui::SearchLabel.text(lang)}</label>
            <p id="motcua-q-hint" class="hint">{Ui::SearchHint.text(lang)}</p>
            <div class="query-row">
                <input id="motcua-q" type="search" role="combobox" autocomplete="off"
                    spellcheck="false" enterkeyhint="search" aria-describedby="motcua-q-hint"
                    aria-autocomplete="list"
                    aria-expanded=move || aria_bool(count() > 0)
                    aria-controls=move || (count() > 0).then_some(LISTBOX_ID)
                    aria-activedescendant=move || active.get().map(option_id)
                    node_ref=input
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        if held.get_untracked() {
                            held.set(false);
                        }
                        query.set(event_target_value(&ev));
                    }
                    on:keydown=on_key />
                <VoiceButton lang heard />
            </div>
        </form>
    }
}

/// One live line says what happened: loading, the failure, or the count after a pause.
#[component]
fn Announcement(lang: Lang, found: Memo<Found>, query: RwSignal<String>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // Whether the line says loading or a failure, which an answer makes untrue at once.
    let stale = StoredValue::new(false);
    Effect::new(move |_| {
        let (said, wait) = found.with(|found| found.announcement(lang));
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if wait {
            // A count still waits for a pause; "loading" does not stay up meanwhile.
            if stale.get_value() {
                stale.set_value(false);
                text.set(String::new());
            }
            let handle = set_timeout_with_handle(move || text.set(said), ANNOUNCE_DELAY).ok();
            pending.set_value(handle);
        } else {
            stale.set_value(!said.is_empty());
            text.set(said);
        }
    });
    // "Not here" and "no results" say it in the notice below: the line is for screen readers.
    let shown_below = move || {
        found.with(|found| {
            matches!(found, Found::Hits(answer) if answer.total == 0 || answer.elsewhere.is_some())
        })
    };
    // Its space (two lines) is kept from the first keystroke on, so the count that comes after
    // the pause moves nothing: by then the citizen's last key is too long ago for the browser to
    // excuse the shift.
    let typed = move || !query.with(|text| text.trim().is_empty());
    view! {
        <p class="live" class:visually-hidden=shown_below class:reserve=typed role="status">
            {move || text.get()}
        </p>
    }
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
