//! One procedure in full: what it is, how to submit, how long, how much, what to bring.
//! Everything shown comes from the API's `Procedure`; what it does not say is shown as
//! "Chưa có thông tin", never guessed.

use super::a11y::focus_when_shown;
use super::facts::{Fact, LevelBadges, Unknown};
use super::loading::{failure_text, Fetch, Load, RetryButton, Spinner};
use crate::api::{self, ApiError};
use crate::format;
use leptos::html;
use leptos::prelude::*;
use motcua_core::catalog::{Document, Form, Procedure, Way};
use motcua_core::messages::{Lang, Ui};
use std::sync::Arc;

#[component]
pub fn Detail(
    lang: Lang,
    api: Arc<str>,
    code: String,
    /// The name from the index, shown while the rest loads.
    name: String,
    on_back: Callback<()>,
) -> impl IntoView {
    let procedure = Fetch::new();
    procedure.start({
        let code = code.clone();
        move || {
            let (api, code) = (api.clone(), code.clone());
            async move { api::procedure(&api, &code).await }
        }
    });
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
    let body = move || match procedure.get() {
        Load::Idle | Load::Loading => view! { <Spinner /> }.into_any(),
        Load::Done(Err(ApiError::NotFound)) => ().into_any(),
        Load::Done(Err(_)) => view! { <RetryButton lang fetch=procedure /> }.into_any(),
        Load::Done(Ok(procedure)) => view! { <ProcedureBody lang procedure /> }.into_any(),
    };

    view! {
        <article class="detail" aria-labelledby="motcua-detail-title">
            <button type="button" class="back" on:click=move |_| on_back.run(())>
                <span aria-hidden="true">"← "</span>{Ui::Back.text(lang)}
            </button>
            <h3 id="motcua-detail-title" tabindex="-1" lang="vi" node_ref=heading>{name}</h3>
            <p class="live" role="status">{status_text}</p>
            <p class="code-line">{Ui::ProcedureCode.text(lang)}": "<span class="code">{code}</span></p>
            {body}
        </article>
    }
}

/// A list of texts joined by "; ", or "Chưa có thông tin".
fn texts_or_unknown(lang: Lang, texts: Vec<String>) -> AnyView {
    if texts.is_empty() {
        view! { <Unknown lang /> }.into_any()
    } else {
        view! { <span lang="vi">{texts.join("; ")}</span> }.into_any()
    }
}

/// The procedure once loaded: the key facts, then each part the source has.
#[component]
fn ProcedureBody(lang: Lang, procedure: Arc<Procedure>) -> impl IntoView {
    let p = &*procedure;
    let ways = ways(lang, &p.ways);
    let documents = documents(lang, &p.documents);
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
    let source = p
        .source_url
        .as_deref()
        .and_then(format::safe_url)
        .map(|url| {
            view! {
                <p class="source">
                    <a href=url.to_string() target="_blank" rel="noopener noreferrer">
                        {Ui::Source.text(lang)}
                    </a>
                </p>
            }
        });

    view! {
        {key_facts(lang, p)}
        <Part title=Ui::Ways.text(lang) content=ways />
        <Part title=Ui::Documents.text(lang) content=documents />
        {optional_list(lang, Ui::Steps, p.steps.clone(), true)}
        {conditions.map(|c| view! {
            <Part title=Ui::Conditions.text(lang) content=view! { <p class="prose" lang="vi">{c}</p> } />
        })}
        {optional_list(lang, Ui::ResultPapers, p.result_names().map(str::to_string).collect(), false)}
        {optional_list(lang, Ui::LegalBasis, legal_basis, false)}
        {source}
    }
}

/// Levels, field, agency and online service, each said or "Chưa có thông tin".
fn key_facts(lang: Lang, p: &Procedure) -> impl IntoView + use<> {
    let levels = if p.levels.is_empty() {
        view! { <Unknown lang /> }.into_any()
    } else {
        view! { <LevelBadges lang levels=p.levels.clone() /> }.into_any()
    };
    let fields = texts_or_unknown(lang, p.field_names().map(str::to_string).collect());
    let agencies = if p.executing_agencies.is_empty() {
        &p.competent_agencies
    } else {
        &p.executing_agencies
    };
    let agencies = texts_or_unknown(lang, agencies.clone());
    let online = match p.online_level {
        Some(level) => view! { <span>{level.label(lang)}</span> }.into_any(),
        None => view! { <Unknown lang /> }.into_any(),
    };
    view! {
        <dl class="facts">
            <Fact label=Ui::Levels.text(lang) value=levels />
            <Fact label=Ui::Field.text(lang) value=fields />
            <Fact label=Ui::Agency.text(lang) value=agencies />
            <Fact label=Ui::Online.text(lang) value=online />
        </dl>
    }
}

/// One titled part of the procedure.
#[component]
fn Part(title: &'static str, content: impl IntoView + 'static) -> impl IntoView {
    view! {
        <section class="part">
            <h4>{title}</h4>
            {content}
        </section>
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
    Some(view! { <Part title=title.text(lang) content=list /> })
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
    let time = way
        .processing_time
        .as_ref()
        .and_then(|t| format::processing_time(lang, t));
    // A time the source could not put in units lives in the description.
    let time = match (time, &description) {
        (Some(t), _) => view! { <span>{t}</span> }.into_any(),
        (None, Some(_)) => view! { <span>{Ui::Unknown.text(lang)}</span> }.into_any(),
        (None, None) => view! { <Unknown lang /> }.into_any(),
    };
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

/// The papers to bring, or "Chưa có thông tin".
fn documents(lang: Lang, documents: &[Document]) -> AnyView {
    if documents.is_empty() {
        return view! { <p><Unknown lang /></p> }.into_any();
    }
    // Papers are grouped by case (trường hợp), in the order the source lists the cases.
    let mut cases: Vec<(Option<&str>, Vec<&Document>)> = Vec::new();
    for document in documents {
        let case = format::said(document.case.as_deref());
        match cases.iter_mut().find(|(c, _)| *c == case) {
            Some((_, list)) => list.push(document),
            None => cases.push((case, vec![document])),
        }
    }
    cases
        .into_iter()
        .map(|(case, list)| {
            view! {
                {case.map(|c| view! { <p class="case" lang="vi">{c.to_string()}</p> })}
                <ol class="documents">
                    {list.into_iter().map(|d| document(lang, d)).collect_view()}
                </ol>
            }
        })
        .collect_view()
        .into_any()
}

/// One paper to bring: its name, how many originals and copies, whether it is required, and
/// the forms to fill in.
fn document(lang: Lang, d: &Document) -> impl IntoView + use<> {
    let mut facts: Vec<String> = Vec::new();
    if let Some(n) = d.original_count {
        facts.push(format!("{}: {n}", Ui::Originals.text(lang)));
    }
    if let Some(n) = d.copy_count {
        facts.push(format!("{}: {n}", Ui::Copies.text(lang)));
    }
    let required = d.required.map(|r| {
        let (class, text) = if r {
            ("badge required", Ui::Required.text(lang))
        } else {
            ("badge", Ui::Optional.text(lang))
        };
        view! { <span class=class>{text}</span> }
    });
    let counts = if facts.is_empty() {
        None
    } else {
        Some(view! { <span>{facts.join(" · ")}</span> })
    };
    let forms = (!d.forms.is_empty()).then(|| forms(lang, &d.forms));
    view! {
        <li>
            <span class="prose" lang="vi">{d.name.clone()}</span>
            <span class="meta">{counts}{required}</span>
            {forms}
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
