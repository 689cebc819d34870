//! "Tra cứu hồ sơ": the code from the receipt (checked and normalised by core before any
//! request), optional phone digits, and the dossier's status card from the API.

use super::failure_text;
use crate::api::{self, ApiError, DossierView, Verification};
use crate::format;
use crate::i18n::{self, Lang};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_core::deadline::OnTimeState;
use motcua_core::dossier::{validate_last4, CodeError, DossierCode};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Idle,
    Loading,
    Done(Result<Box<DossierView>, ApiError>),
}

/// The code error as shown: core's precise message, then the expected form with an example
/// (unless the message already is that).
fn code_error_text(lang: Lang, error: &CodeError) -> String {
    let message = match lang {
        Lang::Vi => error.message_vi(),
        Lang::En => error.message_en(),
    };
    if matches!(error, CodeError::WrongShape) {
        message
    } else {
        format!("{message}. {}", i18n::CODE_FORMAT.get(lang))
    }
}

#[component]
pub fn StatusView(lang: Lang, api: Arc<str>) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let digits = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<String>);
    let digits_error = RwSignal::new(false);
    let outcome = RwSignal::new(Outcome::Idle);
    // Only the latest request may show its answer.
    let generation = StoredValue::new(0u32);
    let last_request = StoredValue::new(None::<(String, Option<String>)>);
    let code_input = NodeRef::<html::Input>::new();
    let digits_input = NodeRef::<html::Input>::new();
    let card_heading = NodeRef::<html::H3>::new();

    let lookup = move |request: (String, Option<String>)| {
        last_request.set_value(Some(request.clone()));
        generation.update_value(|g| *g = g.wrapping_add(1));
        let mine = generation.get_value();
        outcome.set(Outcome::Loading);
        let api = api.clone();
        spawn_local(async move {
            let result = api::dossier(&api, &request.0, request.1.as_deref()).await;
            if generation.get_value() == mine {
                outcome.set(Outcome::Done(result.map(Box::new)));
            }
        });
    };

    let submit = {
        let lookup = lookup.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let parsed = DossierCode::parse(&code.get_untracked());
            let verify = digits.get_untracked().trim().to_string();
            let verify_ok = verify.is_empty() || validate_last4(&verify).is_ok();
            digits_error.set(!verify_ok);
            match &parsed {
                Ok(valid) => {
                    code_error.set(None);
                    // Show the citizen the code as it is written on receipts.
                    code.set(valid.to_string());
                }
                Err(error) => code_error.set(Some(code_error_text(lang, error))),
            }
            match (parsed, verify_ok) {
                (Ok(valid), true) => {
                    lookup((valid.to_string(), (!verify.is_empty()).then_some(verify)));
                }
                (Err(_), _) => {
                    if let Some(input) = code_input.get_untracked() {
                        let _ = input.focus();
                    }
                }
                (Ok(_), false) => {
                    if let Some(input) = digits_input.get_untracked() {
                        let _ = input.focus();
                    }
                }
            }
        }
    };

    // A found dossier takes focus to its heading, so it is read from the top.
    Effect::new(move |_| {
        if let Some(h) = card_heading.get() {
            let _ = h.focus();
        }
    });

    let status_text = move || {
        outcome.with(|o| match o {
            Outcome::Idle => String::new(),
            Outcome::Loading => i18n::LOOKING_UP.get(lang).to_string(),
            Outcome::Done(Ok(_)) => i18n::FOUND.get(lang).to_string(),
            Outcome::Done(Err(ApiError::NotFound)) => i18n::NOT_FOUND.get(lang).to_string(),
            Outcome::Done(Err(ApiError::Network)) => i18n::NETWORK.get(lang).to_string(),
            Outcome::Done(Err(error)) => failure_text(lang, error),
        })
    };

    let retry = move || {
        if let Some(request) = last_request.get_value() {
            lookup(request);
        }
    };
    let body = move || match outcome.get() {
        Outcome::Idle => ().into_any(),
        Outcome::Loading => view! { <div class="spinner" aria-hidden="true"></div> }.into_any(),
        Outcome::Done(Ok(view)) => card(lang, &view, card_heading).into_any(),
        Outcome::Done(Err(ApiError::NotFound)) => {
            view! { <p class="hint">{i18n::NOT_FOUND_HINT.get(lang)}</p> }.into_any()
        }
        Outcome::Done(Err(ApiError::Network | ApiError::Status(_) | ApiError::Decode)) => {
            let retry = retry.clone();
            view! {
                <button type="button" class="secondary" on:click=move |_| retry()>
                    {i18n::RETRY.get(lang)}
                </button>
            }
            .into_any()
        }
        Outcome::Done(Err(_)) => ().into_any(),
    };

    let described = |hint: &'static str, error: &'static str, has_error: bool| {
        if has_error {
            format!("{hint} {error}")
        } else {
            hint.to_string()
        }
    };

    view! {
        <form class="lookup" novalidate on:submit=submit>
            <p class="hint">{i18n::STATUS_INTRO.get(lang)}</p>
            <div class="field">
                <label for="motcua-code">{i18n::CODE_LABEL.get(lang)}</label>
                <p id="motcua-code-hint" class="hint">{i18n::CODE_HINT.get(lang)}</p>
                <input id="motcua-code" type="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" enterkeyhint="search" node_ref=code_input
                    aria-invalid=move || if code_error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=move || described("motcua-code-hint", "motcua-code-error", code_error.with(Option::is_some))
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev)) />
                {move || code_error.get().map(|text| view! {
                    <p id="motcua-code-error" class="error">
                        <span aria-hidden="true">"⚠ "</span>{text}
                    </p>
                })}
            </div>
            <div class="field">
                <label for="motcua-verify">{i18n::VERIFY_LABEL.get(lang)}</label>
                <p id="motcua-verify-hint" class="hint">{i18n::VERIFY_HINT.get(lang)}</p>
                <input id="motcua-verify" class="digits" type="text" inputmode="numeric"
                    autocomplete="off" maxlength="4" node_ref=digits_input
                    aria-invalid=move || if digits_error.get() { "true" } else { "false" }
                    aria-describedby=move || described("motcua-verify-hint", "motcua-verify-error", digits_error.get())
                    prop:value=move || digits.get()
                    on:input=move |ev| digits.set(event_target_value(&ev)) />
                {move || digits_error.get().then(|| view! {
                    <p id="motcua-verify-error" class="error">
                        <span aria-hidden="true">"⚠ "</span>{i18n::VERIFY_INVALID.get(lang)}
                    </p>
                })}
            </div>
            <button type="submit" class="primary">{i18n::SUBMIT.get(lang)}</button>
        </form>
        <p class="live" role="status">{status_text}</p>
        {body}
    }
}

fn badge(lang: Lang, view: &DossierView) -> Option<impl IntoView> {
    let text = i18n::punctuality(lang, &view.on_time)?;
    let (class, symbol) = match view.on_time.state {
        OnTimeState::Late => ("badge late", "!"),
        OnTimeState::DueToday => ("badge due", "⏱"),
        _ => ("badge ontime", "✓"),
    };
    Some(view! {
        <span class=class><span aria-hidden="true">{symbol}" "</span>{text}</span>
    })
}

fn row(label: &'static str, value: AnyView) -> impl IntoView {
    view! { <div><dt>{label}</dt><dd>{value}</dd></div> }
}

fn card(lang: Lang, v: &DossierView, heading: NodeRef<html::H3>) -> impl IntoView {
    let unknown = || view! { <span class="unknown">{i18n::UNKNOWN.get(lang)}</span> }.into_any();
    let date = |iso: &Option<String>| iso.as_deref().and_then(|d| format::date(lang, d));
    let procedure = match (&v.procedure.name, &v.procedure.code) {
        (Some(name), Some(code)) => {
            view! { <span lang="vi">{name.clone()}</span>" ("{code.clone()}")" }.into_any()
        }
        (Some(name), None) => view! { <span lang="vi">{name.clone()}</span> }.into_any(),
        (None, Some(code)) => view! { <span>{code.clone()}</span> }.into_any(),
        (None, None) => unknown(),
    };
    let agency = match v.agency.name.clone().or_else(|| v.agency.id.clone()) {
        Some(name) => view! { <span lang="vi">{name}</span> }.into_any(),
        None => unknown(),
    };
    // Without the phone digits the API withholds the receipt time and the timeline: no row
    // then, rather than "unknown".
    let verified = v.verification == Verification::Verified;
    let received = (verified || v.received_at.is_some()).then(|| {
        let value =
            date(&v.received_at).map_or_else(unknown, |d| view! { <span>{d}</span> }.into_any());
        row(i18n::RECEIVED.get(lang), value)
    });
    let appointment = match date(&v.appointment_at) {
        Some(d) => {
            let note = v.appointment_computed.then(
                || view! { " "<span class="small">{i18n::APPOINTMENT_COMPUTED.get(lang)}</span> },
            );
            view! { <span>{d}</span>{note} }.into_any()
        }
        None => unknown(),
    };
    let original = date(&v.original_appointment_at).map(|d| {
        row(
            i18n::ORIGINAL_APPOINTMENT.get(lang),
            view! { <span>{d}</span>" "<span class="small">{i18n::RESCHEDULED.get(lang)}</span> }
                .into_any(),
        )
    });
    let completed = date(&v.completed_at).map(|d| {
        row(
            i18n::COMPLETED.get(lang),
            view! { <span>{d}</span> }.into_any(),
        )
    });
    let applicant = v.applicant.as_ref().map(|a| {
        row(
            i18n::APPLICANT.get(lang),
            view! { <span lang="vi">{a.name.clone()}</span> }.into_any(),
        )
    });
    let verification = match v.verification {
        Verification::Verified => {
            Some(view! { <p class="notice">{i18n::VERIFIED.get(lang)}</p> }.into_any())
        }
        Verification::Failed => {
            Some(view! { <p class="notice warn">{i18n::VERIFY_FAILED.get(lang)}</p> }.into_any())
        }
        Verification::NotRequested => None,
    };
    let stale = v
        .stale
        .stale
        .then(|| view! { <p class="notice warn">{i18n::stale(lang, v.stale.age_seconds)}</p> });
    let timeline = v.timeline.as_ref().map(|entries| {
        let steps = entries
        .iter()
        .map(|entry| {
            let when = format::date_time(lang, &entry.at).unwrap_or_default();
            let moved = entry
                .new_appointment_at
                .as_deref()
                .and_then(|d| format::date(lang, d))
                .map(|d| view! { <span class="small">{i18n::NEW_APPOINTMENT.get(lang)}" "{d}</span> });
            let note = entry
                .note
                .clone()
                .filter(|n| !n.trim().is_empty())
                .map(|n| view! { <span class="small prose" lang="vi">{n}</span> });
            view! {
                <li>
                    <span class="when">{when}</span>
                    <span class="what">{lang.pick(&entry.label, &entry.label_en).to_string()}</span>
                    {note}
                    {moved}
                </li>
            }
        })
        .collect_view();
        view! {
            <h4>{i18n::TIMELINE.get(lang)}</h4>
            <ol class="timeline">{steps}</ol>
        }
    });

    view! {
        <article class="dossier" aria-labelledby="motcua-dossier-title">
            <h3 id="motcua-dossier-title" tabindex="-1" node_ref=heading>
                {i18n::dossier_heading(lang, &v.code)}
            </h3>
            <p class="status-line">
                <span class="small">{i18n::STATUS.get(lang)}": "</span>
                <strong class="status-label">{lang.pick(&v.status.label, &v.status.label_en).to_string()}</strong>
                " "{badge(lang, v)}
            </p>
            <p><span class="small">{i18n::NEXT_STEP.get(lang)}": "</span>
                {lang.pick(&v.status.next_step, &v.status.next_step_en).to_string()}</p>
            {stale}
            <dl class="facts">
                {row(i18n::PROCEDURE.get(lang), procedure)}
                {row(i18n::RECEIVING_AGENCY.get(lang), agency)}
                {received}
                {row(i18n::APPOINTMENT.get(lang), appointment)}
                {original}
                {completed}
                {applicant}
            </dl>
            {verification}
            {timeline}
        </article>
    }
}
