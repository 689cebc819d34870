//! One procedure: what it is, how long, how much, and a "what to bring" checklist first (it
//! can be ticked, kept on the device, and printed); the rest of what the source says follows
//! in collapsible sections. Everything shown comes from the API's `Procedure`; what it does
//! not say is shown as "Chưa có thông tin", never guessed.

use super::a11y::focus_when_shown;
use super::checklist::Checklist;
use super::facts::{Fact, LevelBadges, Unknown};
use super::loading::{failure_text, Fetch, Load, RetryButton, Spinner};
use super::share::ShareButton;
use crate::api::{self, ApiError};
use crate::format;
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use motcua_core::catalog::{Channel, Procedure, Way};
use motcua_core::messages::{Lang, Ui};
use std::sync::Arc;

/// Where "Nộp hồ sơ trực tuyến" goes when the portal set one (`data-portal-url`); `{code}` in
/// it is replaced by the procedure's code. Provided as context by the app when it is set.
#[derive(Clone, Debug)]
pub struct PortalUrl(pub String);

/// A procedure's whole record from the API, asked now (and again on retry): the detail's,
/// and the status card's when it needs the procedure's name or agencies.
pub(super) fn fetch_procedure(
    api: Arc<str>,
    code: String,
) -> Fetch<Arc<motcua_core::catalog::Procedure>> {
    let procedure = Fetch::new();
    procedure.start(move || {
        let (api, code) = (api.clone(), code.clone());
        async move { api::procedure(&api, &code).await }
    });
    procedure
}

#[component]
pub fn Detail(
    lang: Lang,
    api: Arc<str>,
    code: String,
    /// The name from the index, shown while the rest loads (`None` for a link opened cold).
    name: Option<String>,
    on_back: Callback<()>,
) -> impl IntoView {
    let procedure = fetch_procedure(api, code.clone());
    let heading = NodeRef::<html::H3>::new();
    // Opening moves focus to the procedure's name, so a screen reader starts there.
    focus_when_shown(heading);

    let status_text = move || {
        procedure.with(|state| match state {
            Load::Idle | Load::Loading => Ui::DetailLoading.text(lang).to_string(),
            Load::Done(Err(ApiError::NotFound)) => Ui::DetailMissing.text(lang).to_string(),
            Load::Done(Err(error)) => failure_text(lang, error),
            Load::Done(Ok(_)) => String::new(),
        })
    };
    let failed = move || procedure.with(|state| matches!(state, Load::Done(Err(_))));
    let body = move || match procedure.get() {
        Load::Idle | Load::Loading => view! { <Spinner /> }.into_any(),
        Load::Done(Err(ApiError::NotFound)) => ().into_any(),
        Load::Done(Err(_)) => view! { <RetryButton lang fetch=procedure /> }.into_any(),
        Load::Done(Ok(procedure)) => view! { <ProcedureBody lang procedure /> }.into_any(),
    };
    // The loaded name wins over the index's (and is the only one a cold link has).
    let title = Signal::derive({
        let code = code.clone();
        move || {
            procedure.with(|state| match state {
                Load::Done(Ok(p)) => p.name.clone(),
                _ => name.clone().unwrap_or_else(|| code.clone()),
            })
        }
    });
    // Escape closes the detail, as Back does (a key inside a field is the field's).
    let on_key = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && !ev.default_prevented() {
            ev.prevent_default();
            on_back.run(());
        }
    };

    view! {
        <article class="detail" aria-labelledby="motcua-detail-title" on:keydown=on_key>
            <div class="detail-bar no-print">
                <button type="button" class="back" on:click=move |_| on_back.run(())>
                    <span aria-hidden="true">"← "</span>{Ui::Back.text(lang)}
                </button>
                <ShareButton lang title />
            </div>
            <h3 id="motcua-detail-title" tabindex="-1" lang="vi" node_ref=heading>{title}</h3>
            <p class="code-line">{Ui::ProcedureCode.text(lang)}": "<span class="code">{code}</span>
                {move || procedure.with(|state| match state {
                    Load::Done(Ok(p)) if !p.levels.is_empty() => {
                        Some(view! { " · "<LevelBadges lang levels=p.levels.clone() /> })
                    }
                    _ => None,
                })}
            </p>
            // A failure is an alert; loading is a polite status.
            <p class="live" role=move || if failed() { "alert" } else { "status" }>{status_text}</p>
            {body}
        </article>
    }
}

/// The procedure once loaded: key facts, the way to apply online, the checklist, then the
/// rest in collapsible sections.
#[component]
fn ProcedureBody(lang: Lang, procedure: Arc<Procedure>) -> impl IntoView {
    let p = &*procedure;
    let conditions = format::said(p.conditions.as_deref()).map(str::to_string);
    let legal_basis = p
        .legal_basis
        .iter()
        .filter_map(|l| match (l.number.as_deref(), l.title.as_deref()) {
            (Some(n), Some(t)) => Some(format!("{n} — {t}")),
            (Some(x), None) | (None, Some(x)) => Some(x.to_string()),
            (None, None) => None,
        })
        .collect();
    let notes: Vec<String> = p
        .document_notes
        .iter()
        .map(|n| match format::said(n.case.as_deref()) {
            Some(case) => format!("{case}: {}", n.text),
            None => n.text.clone(),
        })
        .collect();
    let source = p
        .source_url
        .as_deref()
        .and_then(format::safe_url)
        .map(|url| {
            view! {
                <p class="source no-print">
                    <a href=url.to_string() target="_blank" rel="noopener noreferrer">
                        {Ui::Source.text(lang)}
                    </a>
                </p>
            }
        });

    view! {
        {key_facts(lang, p)}
        {apply_online(lang, p)}
        <Checklist lang code=p.code.clone() documents=p.documents.clone() />
        <Section title=Ui::Ways.text(lang) content=ways(lang, &p.ways) />
        {optional_list(lang, Ui::DocumentNotes, notes, false)}
        {optional_list(lang, Ui::Steps, p.steps.clone(), true)}
        {conditions.map(|c| view! {
            <Section title=Ui::Conditions.text(lang) content=view! { <p class="prose" lang="vi">{c}</p> } />
        })}
        {optional_list(lang, Ui::ResultPapers, p.result_names().map(str::to_string).collect(), false)}
        {optional_list(lang, Ui::LegalBasis, legal_basis, false)}
        {source}
    }
}

/// One text per way, or the same text once when every way says the same: "Miễn phí", or
/// "Trực tiếp: 15 ngày làm việc; Trực tuyến: 10 ngày làm việc".
fn per_way(lang: Lang, ways: &[Way], text: impl Fn(&Way) -> Option<String>) -> Option<String> {
    let said: Vec<(Channel, Option<String>)> = ways.iter().map(|w| (w.channel, text(w))).collect();
    if said.iter().all(|(_, t)| t.is_none()) {
        return None;
    }
    let first = &said[0].1;
    if said.iter().all(|(_, t)| t == first) {
        return first.clone();
    }
    let lines: Vec<String> = said
        .into_iter()
        .map(|(channel, t)| {
            let t = t.unwrap_or_else(|| Ui::Unknown.text(lang).to_string());
            format!("{}: {t}", channel.label(lang))
        })
        .collect();
    Some(lines.join("; "))
}

/// A way's processing time as said.
fn way_time(lang: Lang, way: &Way) -> Option<String> {
    way.processing_time
        .as_ref()
        .and_then(|t| format::processing_time(lang, t, way.description.as_deref()))
}

/// A way's fees as said, "; " between them.
fn way_fees(lang: Lang, way: &Way) -> Option<String> {
    let fees: Vec<String> = way
        .fees
        .iter()
        .filter_map(|f| format::fee(lang, f))
        .collect();
    (!fees.is_empty()).then(|| fees.join("; "))
}

/// A text of the source, or "Chưa có thông tin".
fn said_or_unknown(lang: Lang, text: Option<String>) -> AnyView {
    match text {
        Some(text) => view! { <span lang="vi">{text}</span> }.into_any(),
        None => view! { <Unknown lang /> }.into_any(),
    }
}

/// How long, how much, online or not, who, at which level: each said or "Chưa có thông tin".
fn key_facts(lang: Lang, p: &Procedure) -> impl IntoView + use<> {
    let time = said_or_unknown(lang, per_way(lang, &p.ways, |w| way_time(lang, w)));
    let fees = said_or_unknown(lang, per_way(lang, &p.ways, |w| way_fees(lang, w)));
    let online = match p.online_level {
        Some(level) => Some(level.label(lang).to_string()),
        None => p
            .ways
            .iter()
            .any(|w| w.channel == Channel::Online)
            .then(|| Ui::OnlineChannel.text(lang).to_string()),
    };
    let online = said_or_unknown(lang, online);
    let agencies = if p.executing_agencies.is_empty() {
        &p.competent_agencies
    } else {
        &p.executing_agencies
    };
    let agencies = said_or_unknown(lang, (!agencies.is_empty()).then(|| agencies.join("; ")));
    // (The levels are badges beside the code; unknown levels are said here.)
    let levels = p.levels.is_empty().then(|| {
        view! { <Fact label=Ui::Levels.text(lang) value=view! { <Unknown lang /> } /> }
    });
    let fields: Vec<&str> = p.field_names().collect();
    let fields = said_or_unknown(lang, (!fields.is_empty()).then(|| fields.join("; ")));
    view! {
        <dl class="facts key-facts">
            <Fact label=Ui::ProcessingTime.text(lang) value=time />
            <Fact label=Ui::Fees.text(lang) value=fees />
            <Fact label=Ui::Online.text(lang) value=online />
            <Fact label=Ui::Agency.text(lang) value=agencies />
            {levels}
            <Fact label=Ui::Field.text(lang) value=fields />
        </dl>
    }
}

/// "Nộp hồ sơ trực tuyến", for a procedure that can be done online: to the portal's own page
/// when it set one, else to the procedure's page on the national portal.
fn apply_online(lang: Lang, p: &Procedure) -> Option<impl IntoView + use<>> {
    if !p.is_online() {
        return None;
    }
    let url = use_context::<PortalUrl>()
        .map(|portal| portal.0.replace("{code}", &p.code))
        .or_else(|| p.source_url.clone())?;
    let url = format::safe_url(&url)?.to_string();
    Some(view! {
        <p class="apply no-print">
            <a class="primary" href=url target="_blank" rel="noopener noreferrer">
                {Ui::SubmitOnline.text(lang)}
                // The arrow shows it opens a new tab; screen readers hear it in words.
                <span aria-hidden="true">" ↗"</span>
                <span class="visually-hidden">" "{Ui::NewTab.text(lang)}</span>
            </a>
        </p>
    })
}

/// A collapsible part of the procedure (closed until asked for).
#[component]
fn Section(title: &'static str, content: impl IntoView + 'static) -> impl IntoView {
    view! {
        <details class="part">
            <summary><h4>{title}</h4></summary>
            <div class="part-body">{content}</div>
        </details>
    }
}

/// A titled list shown only when the source has something for it.
fn optional_list(
    lang: Lang,
    title: Ui,
    items: Vec<String>,
    ordered: bool,
) -> Option<impl IntoView + use<>> {
    let items: Vec<String> = items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return None;
    }
    let rows = items
        .into_iter()
        .map(|item| view! { <li class="prose" lang="vi">{item}</li> })
        .collect_view();
    let list = if ordered {
        view! { <ol>{rows}</ol> }.into_any()
    } else {
        view! { <ul>{rows}</ul> }.into_any()
    };
    Some(view! { <Section title=title.text(lang) content=list /> })
}

/// The ways to submit (in person, online, by post), or "Chưa có thông tin".
fn ways(lang: Lang, ways: &[Way]) -> AnyView {
    if ways.is_empty() {
        return view! { <p><Unknown lang /></p> }.into_any();
    }
    let items = ways.iter().map(|w| way(lang, w)).collect_view();
    view! { <ul class="ways">{items}</ul> }.into_any()
}

/// One way to submit: the channel, how long, how much, and the source's own words.
fn way(lang: Lang, way: &Way) -> impl IntoView + use<> {
    let description = format::said(way.description.as_deref()).map(str::to_string);
    let time = said_or_unknown(lang, way_time(lang, way));
    let fees: Vec<String> = way
        .fees
        .iter()
        .filter_map(|f| format::fee(lang, f))
        .collect();
    let fees = match fees.len() {
        0 => view! { <Unknown lang /> }.into_any(),
        1 => view! { <span lang="vi">{fees.into_iter().next()}</span> }.into_any(),
        _ => view! {
            <ul>{fees.into_iter().map(|f| view! { <li lang="vi">{f}</li> }).collect_view()}</ul>
        }
        .into_any(),
    };
    view! {
        <li class="way">
            <p class="way-name">{way.channel.label(lang)}</p>
            <dl class="facts">
                <Fact label=Ui::ProcessingTime.text(lang) value=time />
                <Fact label=Ui::Fees.text(lang) value=fees />
            </dl>
            {description.map(|d| view! { <p class="prose small" lang="vi">{d}</p> })}
        </li>
    }
}
