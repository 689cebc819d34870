//! What a search answers, as the search view shows it: the rows of the results listbox (short
//! name, code, levels, processing time, fee, fully online), the "not here" notice with the
//! national portal's search above the partial matches, and the "no results" next steps.

use super::facts::LevelBadges;
use crate::format;
use leptos::prelude::*;
use motcua_core::catalog::{Level, OnlineLevel, ProcessingTime};
use motcua_core::messages::{Lang, Message, Ui};
use motcua_core::search::{Hit, RowFee, SearchIndex, ShortNames, SHORT_NAME_CHARS};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The listbox's id (the search box's `aria-controls`).
pub const LISTBOX_ID: &str = "motcua-results";

/// The id of the row at `position` (the search box's `aria-activedescendant`).
pub fn option_id(position: usize) -> String {
    format!("motcua-opt-{position}")
}

/// The national portal's search, where "not here" sends citizens with their query.
const NATIONAL_SEARCH: &str = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh";
const NATIONAL_SEARCH_PARAM: &str = "keyword";

fn national_search(query: &str) -> String {
    match web_sys::Url::new(NATIONAL_SEARCH) {
        Ok(url) => {
            url.search_params().set(NATIONAL_SEARCH_PARAM, query);
            url.href()
        }
        Err(_) => NATIONAL_SEARCH.to_string(),
    }
}

thread_local! {
    /// The rows' short names, remembered from one keystroke's answer to the next.
    static SHORT_NAMES: RefCell<ShortNames> = RefCell::new(ShortNames::new(SHORT_NAME_CHARS));
}

/// One hit as a row shows it; everything comes from the index's row facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub code: String,
    /// The full name (the detail's title; the row's tooltip when the row shortens it).
    pub name: String,
    /// The row's name when it differs from the full one.
    pub short: Option<String>,
    pub levels: Vec<Level>,
    pub time: Option<ProcessingTime>,
    pub fee: RowFee,
    pub fully_online: bool,
}

impl Row {
    /// The rows of a page of hits (short names chosen together, so siblings stay apart).
    pub fn of_hits(index: &SearchIndex, hits: Vec<Hit>) -> Vec<Row> {
        let names: Vec<&str> = hits.iter().map(|h| h.name.as_str()).collect();
        let shorts: Vec<Option<String>> = SHORT_NAMES
            .with(|short_names| short_names.borrow_mut().of(&names))
            .into_iter()
            .zip(&names)
            .map(|(short, name)| (short != *name).then(|| short.into_owned()))
            .collect();
        hits.into_iter()
            .zip(shorts)
            .map(|(hit, short)| {
                let row = index.procedure(hit.doc as usize);
                Row {
                    levels: row.map(|p| p.levels().collect()).unwrap_or_default(),
                    time: row.and_then(|p| p.processing_time()),
                    fee: row.map(|p| p.fee()).unwrap_or_default(),
                    fully_online: row.and_then(|p| p.online_level()) == Some(OnlineLevel::Full),
                    code: hit.code,
                    name: hit.name,
                    short,
                }
            })
            .collect()
    }
}

/// The row's fee: "Miễn phí", "Phí từ 50.000 đồng", "Có thu phí, lệ phí"; nothing when unknown.
fn fee_text(lang: Lang, fee: RowFee) -> Option<String> {
    match fee {
        RowFee::Unknown => None,
        RowFee::Free => Some(Ui::Free.text(lang).to_string()),
        RowFee::From(amount) => {
            let amount = format!(
                "{} {}",
                format::quantity(lang, amount as f64),
                Ui::Vnd.text(lang)
            );
            Some(Ui::FeeFrom.fill(lang, &[("amount", &amount)]))
        }
        RowFee::Unstated => Some(Ui::FeeUnstated.text(lang).to_string()),
    }
}

/// The first keystroke that shows rows was the slowest a citizen made: the browser compiles a
/// wasm function at its first call, in the task that calls it, and runs it in its baseline tier
/// until it has been called enough; and it styles and lays out the first rows it is given more
/// slowly than any after (matching the fonts their sizes and weights use, shaping their words).
///
/// So the index build ends by rendering an answer as the search view does (`view`, given the
/// rows as a signal: crate::views::search::warm_up_answer), with all the rows of its warm-up
/// search, in a task of its own (crate::api::build_index), into a widget on the page, unseen and
/// taking no space (the `warm-up` box), where the next frame styles and lays them out. A task
/// after that frame the box goes, and its rows are replaced by `next` off the page (what every
/// keystroke after the first does to the list: keep, remove and add rows). With no widget on
/// the page yet (a launcher's prefetch), they are rendered detached, which still compiles their
/// code.
///
/// Measured at 4× CPU, the first key typed once the catalog is ready (traces, 10 visits a build,
/// median): its task took 45 ms when the rows were rendered detached (style and layout 16.7 ms,
/// handlers 23.3), 24 ms this way (7.6 and 13.1), as the keys after it. Laying out only the rows
/// a key shows first (six then) left the handlers at 27–34 ms: fewer calls, less of the code
/// tiered up. Replacing the rows too, after the searches of what citizens type besides
/// (crate::views::search::WARM_UP_QUERIES), took the functions first compiled in a first
/// visit's keystrokes from 166 to 23 and their longest task from 39 to 21 ms (traces of six
/// alternating first visits at 4×, medians; the catalog is ready about 180 ms later there).
pub fn warm_up(rows: Vec<Row>, next: Vec<Row>, view: impl FnOnce(Signal<Vec<Row>>) -> AnyView) {
    use leptos::tachys::view::{Mountable, Render};
    let no_rows = rows.is_empty();
    let owner = Owner::new();
    let (shown, mut state) = owner.with(|| {
        let shown = RwSignal::new(rows);
        (shown, view(shown.into()).build())
    });
    // (No rows, nothing to lay out: a catalog where the everyday query finds nothing.)
    let unseen = crate::host::a_container()
        .filter(|_| !no_rows)
        .and_then(|container| {
            let unseen = container.owner_document()?.create_element("div").ok()?;
            unseen.set_class_name("warm-up");
            let _ = unseen.set_attribute("aria-hidden", "true");
            let _ = unseen.set_attribute("inert", "");
            state.mount(&unseen, None);
            // The list's and rows' ids are the real list's: a citizen's answer may be on the
            // page too.
            remove_ids(&unseen);
            container.append_child(&unseen).ok()?;
            Some(unseen)
        });
    // Off the page first (the next rows' ids are the real list's too), then replaced: the list's
    // effect runs in this task's microtasks, and its owner goes in the next task.
    let replace = move || {
        if let Some(unseen) = unseen {
            unseen.remove();
        }
        shown.set(next);
        set_timeout(
            move || {
                drop(state);
                drop(owner);
            },
            std::time::Duration::ZERO,
        );
    };
    // (A hidden tab draws no frame: the rows wait, unseen, until it shows.)
    request_animation_frame(move || set_timeout(replace, std::time::Duration::ZERO));
}

/// Removes the ids of `root`'s descendants.
fn remove_ids(root: &Element) {
    if let Ok(named) = root.query_selector_all("[id]") {
        for i in 0..named.length() {
            if let Some(element) = named
                .item(i)
                .and_then(|node| node.dyn_into::<Element>().ok())
            {
                let _ = element.remove_attribute("id");
            }
        }
    }
}

/// The hits as a listbox the search box drives (`aria-activedescendant`); a click opens one.
#[component]
pub fn ResultList(
    lang: Lang,
    /// Keyed by position and row: a row that stays where it was is kept, not rendered again.
    rows: Signal<Vec<Row>>,
    /// The heading that names the list, if any (else it is "Kết quả tìm kiếm").
    labelled_by: Option<&'static str>,
    active: RwSignal<Option<usize>>,
    list: NodeRef<leptos::html::Ul>,
    open: Callback<usize>,
) -> impl IntoView {
    let label = labelled_by.is_none().then(|| Ui::Results.text(lang));
    view! {
        <ul id=LISTBOX_ID role="listbox" class="results" aria-label=label
            aria-labelledby=labelled_by node_ref=list>
            <For each=move || rows.get().into_iter().enumerate()
                key=|(i, row)| (*i, row.code.clone(), row.short.clone())
                children=move |(i, row)| view! { <ResultRow lang row i active open /> } />
        </ul>
    }
}

/// One row: its (short) name, code, levels, fully online, processing time and fee.
#[component]
fn ResultRow(
    lang: Lang,
    row: Row,
    i: usize,
    active: RwSignal<Option<usize>>,
    open: Callback<usize>,
) -> impl IntoView {
    let title = row.short.is_some().then(|| row.name.clone());
    let shown = row.short.unwrap_or(row.name);
    let code = row.code.clone();
    let time = row
        .time
        .and_then(|t| format::processing_time(lang, &t, None))
        .map(|time| view! { <span>{Ui::RowTime.fill(lang, &[("time", &time)])}</span> });
    let fee = fee_text(lang, row.fee).map(|fee| view! { <span>{fee}</span> });
    let online = row
        .fully_online
        .then(|| view! { <span class="badge online">{Ui::FullyOnline.text(lang)}</span> });
    view! {
        <li role="option" id=option_id(i) class="result" data-code=code title=title
            aria-selected=move || super::a11y::aria_bool(active.get() == Some(i))
            on:click=move |_| open.run(i)>
            <span class="result-name" lang="vi">{shown}</span>
            <span class="meta">
                <span class="code">{Ui::Code.text(lang)}": "{row.code}</span>
                <LevelBadges lang levels=row.levels />
                {online}
            </span>
            <span class="meta row-facts">{time}{fee}</span>
        </li>
    }
}

/// "Not here": the catalog has no good match. Says so, and links to the national portal's
/// search with the citizen's words as the catalogs write them.
#[component]
pub fn NotHere(lang: Lang, query: String, elsewhere: String) -> impl IntoView {
    let href = national_search(&elsewhere);
    view! {
        <div class="notice warn not-here">
            <p><strong>{Ui::NotHere.fill(lang, &[("query", &query)])}</strong></p>
            <p>{Ui::NotHereNext.text(lang)}" "<NationalLink lang href
                text=Ui::NationalSearch.fill(lang, &[("query", &elsewhere)]) /></p>
        </div>
        <h3 id="motcua-partial" class="partial">{Ui::PartialMatches.text(lang)}</h3>
    }
}

/// Nothing matched: what to try next.
#[component]
pub fn NoResults(
    lang: Lang,
    query: String,
    elsewhere: String,
    /// Removes the citizen's filters, when some are on.
    clear_filters: Option<Callback<()>>,
) -> impl IntoView {
    let href = national_search(&elsewhere);
    let clear = clear_filters.map(|clear| {
        view! {
            <li><button type="button" class="secondary" on:click=move |_| clear.run(())>
                {Ui::FiltersClear.text(lang)}
            </button></li>
        }
    });
    view! {
        <div class="notice no-results">
            <p><strong>{Ui::NoResults.fill(lang, &[("query", &query)])}</strong></p>
            <p>{Ui::NoResultsNext.text(lang)}</p>
            <ul>
                <li>{Ui::NoResultsHint.text(lang)}</li>
                {clear}
                <li><NationalLink lang href text=Ui::NoResultsNational.text(lang).to_string() /></li>
            </ul>
        </div>
    }
}

/// A link to the national portal, opened in a new tab (and saying so).
#[component]
fn NationalLink(lang: Lang, href: String, text: String) -> impl IntoView {
    view! {
        <a href=href target="_blank" rel="noopener noreferrer">
            {text}<span aria-hidden="true">" ↗"</span>
            <span class="visually-hidden">" "{Ui::NewTab.text(lang)}</span>
        </a>
    }
}
