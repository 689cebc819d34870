//! "Giấy tờ cần chuẩn bị": a procedure's papers as a checklist the citizen can tick (the ticks
//! stay on the device, see [`super::device`]), clear, and print with just the procedure.

use super::device;
use super::facts::Unknown;
use crate::format;
use leptos::prelude::*;
use motcua_core::catalog::{Document, Form};
use motcua_core::messages::{plural, Lang, Message, Ui};
use wasm_bindgen::JsCast;

/// A paper's key in the stored ticks: its case and name (one line, as storage keeps lines).
fn item_key(d: &Document) -> String {
    format!("{}|{}", d.case.as_deref().unwrap_or(""), d.name).replace('\n', " ")
}

/// "1 bản chính, 2 bản sao"; `None` when the source states no count.
fn counts(lang: Lang, d: &Document) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(n) = d.original_count.filter(|n| *n > 0) {
        parts.push(
            plural(n.into(), Ui::CountOriginalsOne, Ui::CountOriginals).fill(lang, &[("n", &n)]),
        );
    }
    if let Some(n) = d.copy_count.filter(|n| *n > 0) {
        parts.push(plural(n.into(), Ui::CountCopiesOne, Ui::CountCopies).fill(lang, &[("n", &n)]));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[component]
pub fn Checklist(lang: Lang, code: String, documents: Vec<Document>) -> impl IntoView {
    let store = format!("checklist:{code}");
    let ticked = RwSignal::new(device::lines(&store));
    let said = RwSignal::new(None::<&'static str>);
    let total = documents.len();
    let keep = {
        let store = store.clone();
        move || ticked.with_untracked(|t| device::keep(&store, t))
    };
    let toggle = {
        let keep = keep.clone();
        move |key: String, on: bool| {
            ticked.update(|t| {
                t.retain(|k| *k != key);
                if on {
                    t.push(key);
                }
            });
            said.set(None);
            keep();
        }
    };
    let clear = move |_| {
        ticked.set(Vec::new());
        said.set(Some(Ui::ChecklistCleared.text(lang)));
        keep();
    };

    if documents.is_empty() {
        return view! {
            <section class="checklist" aria-labelledby="motcua-checklist-title">
                <h4 id="motcua-checklist-title">{Ui::ChecklistTitle.text(lang)}</h4>
                <p><Unknown lang /></p>
            </section>
        }
        .into_any();
    }

    // Papers are grouped by case (trường hợp), in the order the source lists the cases.
    let mut cases: Vec<(Option<String>, Vec<Document>)> = Vec::new();
    for document in documents {
        let case = format::said(document.case.as_deref()).map(str::to_string);
        match cases.iter_mut().find(|(c, _)| *c == case) {
            Some((_, list)) => list.push(document),
            None => cases.push((case, vec![document])),
        }
    }
    let groups = cases
        .into_iter()
        .map(|(case, list)| {
            let items = list
                .into_iter()
                .map(|d| view! { <ChecklistItem lang document=d ticked toggle=toggle.clone() /> })
                .collect_view();
            view! {
                {case.map(|c| view! { <p class="case" lang="vi">{c}</p> })}
                <ul class="checklist-items">{items}</ul>
            }
        })
        .collect_view();
    let progress = move || {
        let done = ticked.with(Vec::len).min(total);
        Ui::ChecklistProgress.fill(lang, &[("done", &done), ("total", &total)])
    };

    view! {
        <section class="checklist" aria-labelledby="motcua-checklist-title">
            <h4 id="motcua-checklist-title">{Ui::ChecklistTitle.text(lang)}</h4>
            <p class="hint no-print">{Ui::ChecklistHint.text(lang)}</p>
            {groups}
            <p class="small progress no-print">{progress}</p>
            <div class="actions no-print">
                <button type="button" class="secondary" on:click=move |ev| print_procedure(&ev)>
                    {Ui::Print.text(lang)}
                </button>
                <button type="button" class="secondary" on:click=clear>
                    {Ui::ChecklistClear.text(lang)}
                </button>
            </div>
            <p class="live no-print" role="status">{move || said.get()}</p>
        </section>
    }
    .into_any()
}

/// One paper: a box to tick with its name and counts, whether it is required, its forms and
/// the source's note.
#[component]
fn ChecklistItem(
    lang: Lang,
    document: Document,
    ticked: RwSignal<Vec<String>>,
    toggle: impl Fn(String, bool) + Clone + 'static,
) -> impl IntoView {
    let key = item_key(&document);
    let checked = {
        let key = key.clone();
        move || ticked.with(|t| t.contains(&key))
    };
    let required = document.required.map(|r| {
        let (class, text) = if r {
            ("badge required", Ui::Required.text(lang))
        } else {
            ("badge", Ui::Optional.text(lang))
        };
        view! { <span class=class>{text}</span> }
    });
    let note = format::said(document.note.as_deref()).map(|note| {
        view! {
            <details class="note no-print">
                <summary>{Ui::Note.text(lang)}</summary>
                <p class="prose small" lang="vi">{note.to_string()}</p>
            </details>
        }
    });
    let forms = (!document.forms.is_empty()).then(|| forms(lang, &document.forms));
    view! {
        <li>
            <label class="tick">
                <input type="checkbox" prop:checked=checked
                    on:change=move |ev| toggle(key.clone(), event_target_checked(&ev)) />
                <span>
                    <span class="doc-name" lang="vi">{document.name.clone()}</span>
                    {counts(lang, &document).map(|c| view! { " "<span class="counts">"— "{c}</span> })}
                </span>
            </label>
            {required.map(|r| view! { <span class="meta">{r}</span> })}
            {forms}
            {note}
        </li>
    }
}

/// The forms for a paper; each links to its file, in a new tab, when the source has a web link.
fn forms(lang: Lang, forms: &[Form]) -> impl IntoView + use<> {
    let items = forms
        .iter()
        .map(|form| {
            let name = form.name.clone();
            match form.url.as_deref().and_then(format::safe_url) {
                Some(url) => view! {
                    <li lang="vi">
                        <a href=url.to_string() target="_blank" rel="noopener noreferrer">{name}</a>
                        " "<span class="small">{Ui::NewTab.text(lang)}</span>
                    </li>
                }
                .into_any(),
                None => view! { <li lang="vi">{name}</li> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <div class="forms">
            <span class="small">{Ui::Forms.text(lang)}":"</span>
            <ul>{items}</ul>
        </div>
    }
}

/// A print stylesheet for the host page while the widget prints: only the widget's host
/// shows (the widget's own `@media print` then shows only the procedure). Constructable, so a
/// strict `style-src` does not block it; removed as soon as printing returns.
const HOST_PRINT_CSS: &str = "@media print { body * { visibility: hidden !important; } \
     [data-motcua-printing] { visibility: visible !important; position: absolute !important; \
     left: 0 !important; top: 0 !important; width: 100% !important; } }";

/// Prints the procedure alone: marks the widget's host, adopts [`HOST_PRINT_CSS`] on the host
/// page for the time of the print dialog, and prints. (Best effort: where the host page
/// cannot take the sheet, the browser prints the page with the widget showing the procedure.)
fn print_procedure(ev: &leptos::ev::MouseEvent) {
    let host = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        .map(|node| node.get_root_node())
        .and_then(|root| root.dyn_into::<web_sys::ShadowRoot>().ok())
        .map(|root| root.host());
    let document = document();
    let sheet = web_sys::CssStyleSheet::new()
        .ok()
        .filter(|sheet| sheet.replace_sync(HOST_PRINT_CSS).is_ok());
    // A copy: the document's array is live (an ObservableArray), it would change with ours.
    let live = document.adopted_style_sheets();
    let before = live.slice(0, live.length());
    if let (Some(host), Some(sheet)) = (&host, &sheet) {
        let _ = host.set_attribute("data-motcua-printing", "");
        let with_ours = before.slice(0, before.length());
        with_ours.push(sheet);
        document.set_adopted_style_sheets(&with_ours);
    }
    let _ = window().print();
    if let Some(host) = &host {
        let _ = host.remove_attribute("data-motcua-printing");
    }
    if sheet.is_some() {
        document.set_adopted_style_sheets(&before);
    }
}
