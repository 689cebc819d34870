//! "Tra cứu hồ sơ": the code from the receipt (checked and normalised by core before any
//! request), optional phone digits, and the dossier's status card from the API.

use super::a11y::{aria_bool, focus, focus_when_shown};
use super::facts::{Fact, Unknown};
use super::loading::{failure_text, Fetch, Load, RetryButton, Spinner};
use crate::api::{self, ApiError, DossierView, Verification};
use crate::format;
use crate::host::Events;
use crate::i18n;
use crate::nav::Nav;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use motcua_core::deadline::OnTimeState;
use motcua_core::dossier::{validate_last4, CodeError, DossierCode, TimelineEntry};
use motcua_core::messages::{Lang, Message, Ui};
use std::sync::Arc;

/// One lookup as sent: the code as core normalised it, and the phone digits if given.
#[derive(Clone, Debug, PartialEq)]
struct Lookup {
    code: String,
    verify: Option<String>,
}

/// The code error as shown: core's precise message, then the expected form with an example
/// (unless the message already is that).
fn code_error_text(lang: Lang, error: &CodeError) -> String {
    let message = error.message(lang);
    if matches!(error, CodeError::WrongShape) {
        message
    } else {
        format!("{message}. {}", Ui::CodeFormat.text(lang))
    }
}

#[component]
pub fn StatusView(lang: Lang, api: Arc<str>) -> impl IntoView {
    let nav = Nav::get();
    let answer = Fetch::new();
    // The form's code: typed here, or set from outside through `nav.dossier`.
    let code = RwSignal::new(String::new());
    let lookup = move |request: Lookup| {
        let api = api.clone();
        // What a link or the page's JS API may know of this lookup: the code, never the digits.
        nav.dossier.set(Some(request.code.clone()));
        answer.start(move || {
            let (api, request) = (api.clone(), request.clone());
            async move {
                api::dossier(&api, &request.code, request.verify.as_deref())
                    .await
                    .map(Box::new)
            }
        });
    };

    let status_text = move || {
        answer.with(|state| match state {
            Load::Idle => String::new(),
            Load::Loading => Ui::LookingUp.text(lang).to_string(),
            Load::Done(Ok(_)) => Ui::Found.text(lang).to_string(),
            Load::Done(Err(ApiError::NotFound)) => Ui::NotFound.text(lang).to_string(),
            Load::Done(Err(ApiError::Network)) => Ui::Network.text(lang).to_string(),
            Load::Done(Err(error)) => failure_text(lang, error),
        })
    };
    let body = move || match answer.get() {
        Load::Idle => ().into_any(),
        Load::Loading => view! { <Spinner /> }.into_any(),
        Load::Done(Ok(dossier)) => view! { <DossierCard lang dossier /> }.into_any(),
        Load::Done(Err(ApiError::NotFound)) => {
            view! { <p class="hint">{Ui::NotFoundHint.text(lang)}</p> }.into_any()
        }
        Load::Done(Err(ApiError::Network | ApiError::Status(_) | ApiError::Decode)) => {
            view! { <RetryButton lang fetch=answer /> }.into_any()
        }
        Load::Done(Err(_)) => ().into_any(),
    };

    // The page hears the status a lookup found (its code only: nothing that names the dossier).
    let events = Events::get();
    Effect::new(move |_| {
        answer.with(|state| {
            if let Load::Done(Ok(dossier)) = state {
                events.status(dossier.status.code);
            }
        })
    });

    // A code set from outside (a link, the JS API) that this view has not looked up yet:
    // fill the form and look it up without the digits.
    let asked = StoredValue::new(None::<String>);
    Effect::new({
        let lookup = lookup.clone();
        move |_| {
            let Some(wanted) = nav.dossier.get() else {
                return;
            };
            if asked.get_value().as_deref() == Some(wanted.as_str()) {
                return;
            }
            asked.set_value(Some(wanted.clone()));
            if let Ok(valid) = DossierCode::parse(&wanted) {
                code.set(valid.to_string());
                lookup(Lookup {
                    code: valid.to_string(),
                    verify: None,
                });
            } else {
                code.set(wanted);
            }
        }
    });

    view! {
        <LookupForm lang code on_lookup=move |request: Lookup| {
            asked.set_value(Some(request.code.clone()));
            lookup(request)
        } />
        <p class="live" role="status">{status_text}</p>
        {body}
    }
}

/// The code and the optional phone digits, both checked by core before anything is asked.
#[component]
fn LookupForm(
    lang: Lang,
    code: RwSignal<String>,
    on_lookup: impl Fn(Lookup) + 'static,
) -> impl IntoView {
    let digits = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<String>);
    let digits_error = RwSignal::new(false);
    let code_input = NodeRef::<html::Input>::new();
    let digits_input = NodeRef::<html::Input>::new();

    let submit = move |ev: SubmitEvent| {
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
            (Ok(valid), true) => on_lookup(Lookup {
                code: valid.to_string(),
                verify: (!verify.is_empty()).then_some(verify),
            }),
            (Err(_), _) => focus(code_input.get_untracked()),
            (Ok(_), false) => focus(digits_input.get_untracked()),
        }
    };

    view! {
        <form class="lookup" novalidate on:submit=submit>
            <p class="hint">{Ui::StatusIntro.text(lang)}</p>
            <div class="field">
                <label for="motcua-code">{Ui::CodeLabel.text(lang)}</label>
                <p id="motcua-code-hint" class="hint">{Ui::CodeHint.text(lang)}</p>
                <input id="motcua-code" type="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" enterkeyhint="search" node_ref=code_input
                    aria-invalid=move || aria_bool(code_error.with(Option::is_some))
                    aria-describedby=move || described("motcua-code-hint", "motcua-code-error", code_error.with(Option::is_some))
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev)) />
                {move || code_error.get().map(|text| view! {
                    <FieldError id="motcua-code-error" text />
                })}
            </div>
            <div class="field">
                <label for="motcua-verify">{Ui::VerifyLabel.text(lang)}</label>
                <p id="motcua-verify-hint" class="hint">{Ui::VerifyHint.text(lang)}</p>
                <input id="motcua-verify" class="digits" type="text" inputmode="numeric"
                    autocomplete="off" maxlength="4" node_ref=digits_input
                    aria-invalid=move || aria_bool(digits_error.get())
                    aria-describedby=move || described("motcua-verify-hint", "motcua-verify-error", digits_error.get())
                    prop:value=move || digits.get()
                    on:input=move |ev| digits.set(event_target_value(&ev)) />
                {move || digits_error.get().then(|| view! {
                    <FieldError id="motcua-verify-error" text=Ui::VerifyInvalid.text(lang) />
                })}
            </div>
            <button type="submit" class="primary">{Ui::Submit.text(lang)}</button>
        </form>
    }
}

/// A field's `aria-describedby`: its hint, and its error while there is one.
fn described(hint: &'static str, error: &'static str, has_error: bool) -> String {
    if has_error {
        format!("{hint} {error}")
    } else {
        hint.to_string()
    }
}

/// What is wrong with a field (the input names it in `aria-describedby`).
#[component]
fn FieldError(id: &'static str, text: impl IntoView + 'static) -> impl IntoView {
    view! {
        <p id=id class="error">
            <span aria-hidden="true">"⚠ "</span>{text}
        </p>
    }
}

fn badge(lang: Lang, view: &DossierView) -> Option<impl IntoView> {
    let text = view.on_time.words(lang)?;
    let (class, symbol) = match view.on_time.state {
        OnTimeState::Late => ("badge late", "!"),
        OnTimeState::DueToday => ("badge due", "⏱"),
        _ => ("badge ontime", "✓"),
    };
    Some(view! {
        <span class=class><span aria-hidden="true">{symbol}" "</span>{text}</span>
    })
}

/// The dossier found: its status, the dates that matter, and what happened so far.
#[component]
fn DossierCard(lang: Lang, dossier: Box<DossierView>) -> impl IntoView {
    let v = &*dossier;
    let heading = NodeRef::<html::H3>::new();
    // A found dossier takes focus to its heading, so it is read from the top.
    focus_when_shown(heading);
    let verification = match v.verification {
        Verification::Verified => {
            Some(view! { <p class="notice">{Ui::Verified.text(lang)}</p> }.into_any())
        }
        Verification::Failed => {
            Some(view! { <p class="notice warn">{Ui::VerifyFailed.text(lang)}</p> }.into_any())
        }
        Verification::NotRequested => None,
    };
    let stale = v
        .stale
        .stale
        .then(|| view! { <p class="notice warn">{i18n::stale(lang, v.stale.age_seconds)}</p> });
    // Without the phone digits the API withholds the timeline (its notes are free text).
    let timeline = v.timeline.as_ref().map(|entries| {
        let steps = entries
            .iter()
            .map(|entry| timeline_entry(lang, entry))
            .collect_view();
        view! {
            <h4>{Ui::Timeline.text(lang)}</h4>
            <ol class="timeline">{steps}</ol>
        }
    });

    view! {
        <article class="dossier" aria-labelledby="motcua-dossier-title">
            <h3 id="motcua-dossier-title" tabindex="-1" node_ref=heading>
                {Ui::DossierHeading.fill(lang, &[("code", &v.code)])}
            </h3>
            <p class="status-line">
                <span class="small">{Ui::Status.text(lang)}": "</span>
                <strong class="status-label">{lang.pick(&v.status.label, &v.status.label_en).to_string()}</strong>
                " "{badge(lang, v)}
            </p>
            <p><span class="small">{Ui::NextStep.text(lang)}": "</span>
                {lang.pick(&v.status.next_step, &v.status.next_step_en).to_string()}</p>
            {stale}
            <dl class="facts">{dossier_facts(lang, v)}</dl>
            {verification}
            {timeline}
        </article>
    }
}

/// Procedure, agency and the two dates every dossier has (said, or "Chưa có thông tin"), then
/// the rescheduled, completed and applicant facts when there are any.
fn dossier_facts(lang: Lang, v: &DossierView) -> impl IntoView + use<> {
    let unknown = || view! { <Unknown lang /> }.into_any();
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
    // Without the phone digits the API withholds the receipt time: no row then, rather than
    // "unknown".
    let verified = v.verification == Verification::Verified;
    let received = (verified || v.received_at.is_some()).then(|| {
        let value =
            date(&v.received_at).map_or_else(unknown, |d| view! { <span>{d}</span> }.into_any());
        view! { <Fact label=Ui::Received.text(lang) value=value /> }
    });
    let appointment = match date(&v.appointment_at) {
        Some(d) => {
            let note = v.appointment_computed.then(
                || view! { " "<span class="small">{Ui::AppointmentComputed.text(lang)}</span> },
            );
            view! { <span>{d}</span>{note} }.into_any()
        }
        None => unknown(),
    };
    let original = date(&v.original_appointment_at).map(|d| {
        view! {
            <Fact label=Ui::OriginalAppointment.text(lang) value=view! { <span>{d}</span>" "<span class="small">{Ui::Rescheduled.text(lang)}</span> } />
        }
    });
    let completed = date(&v.completed_at).map(
        |d| view! { <Fact label=Ui::Completed.text(lang) value=view! { <span>{d}</span> } /> },
    );
    let applicant = v.applicant.as_ref().map(|a| {
        let name = a.name.clone();
        view! { <Fact label=Ui::Applicant.text(lang) value=view! { <span lang="vi">{name}</span> } /> }
    });
    view! {
        <Fact label=Ui::Procedure.text(lang) value=procedure />
        <Fact label=Ui::ReceivingAgency.text(lang) value=agency />
        {received}
        <Fact label=Ui::Appointment.text(lang) value=appointment />
        {original}
        {completed}
        {applicant}
    }
}

/// One step of the dossier's history: when, what, the officer's note, a new appointment.
fn timeline_entry(lang: Lang, entry: &TimelineEntry) -> impl IntoView + use<> {
    let when = format::date_time(lang, &entry.at).unwrap_or_default();
    let moved = entry
        .new_appointment_at
        .as_deref()
        .and_then(|d| format::date(lang, d))
        .map(|d| view! { <span class="small">{Ui::NewAppointment.text(lang)}" "{d}</span> });
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
}
