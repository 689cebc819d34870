//! "Tra cứu hồ sơ": the code from the receipt (typed, scanned from its QR code where the
//! browser can read one, or picked from recent lookups; checked and normalised by core before
//! any request), optional phone digits, and one card for exactly one lookup: every new
//! attempt clears the last card and error first.

use super::a11y::{aria_bool, focus, focus_when_shown};
use super::detail::fetch_procedure;
use super::device;
use super::facts::{Fact, Unknown};
use super::loading::{failure_text, Fetch, Load, RetryButton, Spinner};
use super::share::ShareButton;
use crate::api::{self, ApiError, DossierView, Verification};
use crate::format;
use crate::host::Events;
use crate::i18n;
use crate::nav::Nav;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_core::catalog::province;
use motcua_core::deadline::OnTimeState;
use motcua_core::dossier::{validate_last4, AgencyId, CodeError, DossierCode, TimelineEntry};
use motcua_core::messages::{plural, Lang, Message, Ui};
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// One lookup as sent: the code as core normalised it, and the phone digits if given.
#[derive(Clone, Debug, PartialEq)]
struct Lookup {
    code: String,
    verify: Option<String>,
}

/// Recent lookups kept on the device (codes only), newest first.
const RECENT: &str = "recent";
const RECENT_KEPT: usize = 5;

/// National portal's home, where citizens send feedback (phản ánh, kiến nghị).
const NATIONAL_PORTAL: &str = "https://dichvucong.gov.vn";

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

/// The first dossier code in a text (a receipt's QR code may hold a link around it).
fn find_code(text: &str) -> Option<DossierCode> {
    DossierCode::parse(text).ok().or_else(|| {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .find_map(|token| DossierCode::parse(token).ok())
    })
}

#[component]
pub fn StatusView(lang: Lang, api: Arc<str>) -> impl IntoView {
    let nav = Nav::get();
    let answer: Fetch<Box<DossierView>> = Fetch::new();
    // The form's code: typed here, or set from outside through `nav.dossier`.
    let code = RwSignal::new(String::new());
    let recent = RwSignal::new(device::lines(RECENT));
    let lookup = {
        let api = api.clone();
        move |request: Lookup| {
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
        }
    };
    // A dossier found is remembered on the device (its code only).
    Effect::new(move |_| {
        let found = answer.with(|state| match state {
            Load::Done(Ok(view)) => Some(view.code.clone()),
            _ => None,
        });
        if let Some(found) = found {
            recent.update(|list| {
                list.retain(|c| *c != found);
                list.insert(0, found);
                list.truncate(RECENT_KEPT);
            });
            recent.with_untracked(|list| device::keep(RECENT, list));
        }
    });

    let status_text = move || {
        answer.with(|state| match state {
            Load::Loading => Ui::LookingUp.text(lang),
            Load::Done(Ok(_)) => Ui::Found.text(lang),
            // Failures are said by their alert.
            Load::Idle | Load::Done(Err(_)) => "",
        })
    };
    let body = {
        let api = api.clone();
        move || match answer.get() {
            Load::Idle => ().into_any(),
            Load::Loading => view! { <Spinner /> }.into_any(),
            Load::Done(Ok(dossier)) => {
                view! { <DossierCard lang api=api.clone() dossier /> }.into_any()
            }
            Load::Done(Err(error)) => view! { <Failure lang error fetch=answer /> }.into_any(),
        }
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
                // Back to an address without a dossier: no card from a later lookup.
                if asked.get_value().is_some() {
                    asked.set_value(None);
                    answer.clear();
                }
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
    let on_lookup = move |request: Lookup| {
        asked.set_value(Some(request.code.clone()));
        lookup(request)
    };

    view! {
        <LookupForm lang code on_attempt=move || answer.clear() on_lookup=on_lookup.clone() />
        <p class="live" role="status">{status_text}</p>
        {body}
        <Recent lang recent on_pick=move |picked: String| {
            answer.clear();
            code.set(picked.clone());
            on_lookup(Lookup { code: picked, verify: None });
        } />
    }
}

/// A lookup that gave no dossier, as an alert: what happened, what to do, and a retry where
/// trying again can help.
#[component]
fn Failure(lang: Lang, error: ApiError, fetch: Fetch<Box<DossierView>>) -> impl IntoView {
    let (text, hint, retry) = match &error {
        ApiError::NotFound => (
            Ui::NotFound.text(lang).to_string(),
            Some(Ui::NotFoundHint.text(lang)),
            false,
        ),
        ApiError::Network => (Ui::Network.text(lang).to_string(), None, true),
        ApiError::Rejected(_) => (failure_text(lang, &error), None, false),
        _ => (failure_text(lang, &error), None, true),
    };
    view! {
        <div class="alert" role="alert">
            <p><span aria-hidden="true">"⚠ "</span>{text}</p>
            {hint.map(|h| view! { <p class="small">{h}</p> })}
            {retry.then(|| view! { <RetryButton lang fetch /> })}
        </div>
    }
}

/// The code and the optional phone digits, both checked by core before anything is asked.
/// Every attempt starts by clearing the last answer (`on_attempt`).
#[component]
fn LookupForm(
    lang: Lang,
    code: RwSignal<String>,
    on_attempt: impl Fn() + Copy + 'static,
    on_lookup: impl Fn(Lookup) + Clone + 'static,
) -> impl IntoView {
    let digits = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<String>);
    let digits_error = RwSignal::new(false);
    let code_input = NodeRef::<html::Input>::new();
    let digits_input = NodeRef::<html::Input>::new();

    let submit = {
        let on_lookup = on_lookup.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            on_attempt();
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
        }
    };
    let on_scanned = move |found: Option<DossierCode>| {
        on_attempt();
        match found {
            Some(valid) => {
                code_error.set(None);
                code.set(valid.to_string());
                on_lookup(Lookup {
                    code: valid.to_string(),
                    verify: None,
                });
            }
            None => {
                code_error.set(Some(Ui::ScanFailed.text(lang).to_string()));
                focus(code_input.get_untracked());
            }
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
                <ScanButton lang on_scanned />
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

/// Calls `object.method(argument)` and awaits the promise it returns.
async fn call(object: &JsValue, method: &str, argument: &JsValue) -> Option<JsValue> {
    let function: js_sys::Function = js_sys::Reflect::get(object, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = function.call1(object, argument).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// Reads the codes in a photo with the browser's `BarcodeDetector` (QR and the usual 1D
/// codes); the first that holds a dossier code.
async fn read_photo(file: JsValue) -> Option<DossierCode> {
    let window: JsValue = window().into();
    let constructor: js_sys::Function = js_sys::Reflect::get(&window, &"BarcodeDetector".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let detector = js_sys::Reflect::construct(&constructor, &js_sys::Array::new()).ok()?;
    let image = call(&window, "createImageBitmap", &file).await?;
    let found: js_sys::Array = call(&detector, "detect", &image).await?.dyn_into().ok()?;
    found.iter().find_map(|code| {
        let raw = js_sys::Reflect::get(&code, &"rawValue".into())
            .ok()?
            .as_string()?;
        find_code(&raw)
    })
}

/// "Quét mã QR trên phiếu": a photo of the receipt (the phone's camera opens), read on the
/// device. Only where the browser can read codes (`BarcodeDetector`); absent elsewhere.
#[component]
fn ScanButton(
    lang: Lang,
    on_scanned: impl Fn(Option<DossierCode>) + Clone + 'static,
) -> impl IntoView {
    let available = js_sys::Reflect::has(&window(), &"BarcodeDetector".into()).unwrap_or(false);
    if !available {
        return ().into_any();
    }
    let picker = NodeRef::<html::Input>::new();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let file = js_sys::Reflect::get(&input, &"files".into())
            .and_then(|files| js_sys::Reflect::get_u32(&files, 0))
            .ok()
            .filter(|f| !f.is_undefined());
        // The same photo may be picked again.
        input.set_value("");
        let Some(file) = file else {
            return;
        };
        let on_scanned = on_scanned.clone();
        spawn_local(async move { on_scanned(read_photo(file).await) });
    };
    view! {
        <button type="button" class="secondary scan"
            on:click=move |_| {
                if let Some(input) = picker.get_untracked() {
                    input.click();
                }
            }>
            {Ui::Scan.text(lang)}
        </button>
        <input type="file" accept="image/*" capture="environment" class="visually-hidden"
            tabindex="-1" aria-hidden="true" node_ref=picker on:change=on_change />
    }
    .into_any()
}

/// The codes looked up on this device, to look up again, and a way to forget them.
#[component]
fn Recent(
    lang: Lang,
    recent: RwSignal<Vec<String>>,
    on_pick: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let forgotten = RwSignal::new(false);
    let forget = move |_| {
        recent.set(Vec::new());
        device::keep(RECENT, &[]);
        forgotten.set(true);
    };
    let list = move || {
        let codes = recent.get();
        if codes.is_empty() {
            return ().into_any();
        }
        forgotten.set(false);
        let on_pick = on_pick.clone();
        let items = codes
            .into_iter()
            .map(|code| {
                let on_pick = on_pick.clone();
                let picked = code.clone();
                view! {
                    <li><button type="button" class="chip code" on:click=move |_| on_pick(picked.clone())>
                        {code}
                    </button></li>
                }
            })
            .collect_view();
        view! {
            <section class="recent" aria-labelledby="motcua-recent-title">
                <h3 id="motcua-recent-title" class="recent-title">{Ui::RecentTitle.text(lang)}</h3>
                <p class="hint">{Ui::RecentHint.text(lang)}</p>
                <ul class="chips">{items}</ul>
                <button type="button" class="secondary" on:click=forget>{Ui::RecentForget.text(lang)}</button>
            </section>
        }
        .into_any()
    };
    view! {
        {list}
        <p class="live" role="status">{move || forgotten.get().then(|| Ui::RecentForgotten.text(lang))}</p>
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

/// The agency as a citizen can recognise it: its name with its code beside, else the province
/// its code belongs to (the identifier scheme ends with the province's code), else the code.
fn agency_text(lang: Lang, v: &DossierView) -> Option<String> {
    let id = v.agency.id.as_deref();
    match (v.agency.name.as_deref(), id) {
        (Some(name), Some(id)) => Some(format!("{name} ({id})")),
        (Some(name), None) => Some(name.to_string()),
        (None, Some(id)) => {
            let province = AgencyId::parse(id)
                .ok()
                .and_then(|agency| province::find(agency.level_one()));
            Some(match province {
                Some(p) => {
                    let place = match lang {
                        Lang::Vi => {
                            let kind = p.kind.as_deref().unwrap_or("Tỉnh").to_lowercase();
                            format!("{kind} {}", p.name)
                        }
                        Lang::En => p.name.clone(),
                    };
                    format!(
                        "{} ({id})",
                        Ui::AgencyInProvince.fill(lang, &[("place", &place)])
                    )
                }
                None => id.to_string(),
            })
        }
        (None, None) => None,
    }
}

/// What the citizen may do now, beyond the status's own next step: for a late dossier, whom
/// to ask and where to complain (instead of "wait for the appointment", a date already past).
fn late_advice(lang: Lang, v: &DossierView) -> Option<impl IntoView + use<>> {
    if v.on_time.state != OnTimeState::Late || v.status.is_final {
        return None;
    }
    let n = u64::from(v.on_time.working_days);
    let agency = v
        .agency
        .name
        .clone()
        .unwrap_or_else(|| Ui::TheAgency.text(lang).to_string());
    let text =
        plural(n, Ui::AdviceLateOne, Ui::AdviceLate).fill(lang, &[("n", &n), ("agency", &agency)]);
    Some(view! {
        <p>{text}" "
            <a href=NATIONAL_PORTAL target="_blank" rel="noopener noreferrer">
                {Ui::FeedbackLink.text(lang)}<span aria-hidden="true">" ↗"</span>
                <span class="visually-hidden">" "{Ui::NewTab.text(lang)}</span>
            </a>"."
        </p>
    })
}

/// The dossier found: its status, what to do, the dates that matter, what happened so far.
#[component]
fn DossierCard(lang: Lang, api: Arc<str>, dossier: Box<DossierView>) -> impl IntoView {
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
    let apology = v.original_appointment_at.as_ref().and(
        v.appointment_at
            .as_deref()
            .and_then(|d| format::date(lang, d)),
    );
    let apology = apology.map(|date| {
        view! { <p class="notice">{Ui::AdviceApology.fill(lang, &[("date", &date)])}</p> }
    });
    let late = late_advice(lang, v);
    let next_step = if late.is_some() {
        late.into_any()
    } else {
        view! { <p>{lang.pick(&v.status.next_step, &v.status.next_step_en).to_string()}</p> }
            .into_any()
    };
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
    let title = Signal::stored(Ui::DossierHeading.fill(lang, &[("code", &v.code)]));

    view! {
        <article class="dossier" aria-labelledby="motcua-dossier-title">
            <h3 id="motcua-dossier-title" tabindex="-1" node_ref=heading>{title}</h3>
            <p class="status-line">
                <span class="small">{Ui::Status.text(lang)}": "</span>
                <strong class="status-label">{lang.pick(&v.status.label, &v.status.label_en).to_string()}</strong>
                " "{badge(lang, v)}
            </p>
            <div class="advice">
                <p class="small advice-title">{Ui::NextStep.text(lang)}":"</p>
                {next_step}
            </div>
            {apology}
            {stale}
            <dl class="facts">{dossier_facts(lang, api, v)}</dl>
            {verification}
            {timeline}
            <div class="no-print"><ShareButton lang title /></div>
        </article>
    }
}

/// The procedure by its name with its code beside; when the dossier's system sent no name,
/// the catalog's (asked once), and what the catalog says handles it when the agency is
/// unnamed.
#[component]
fn ProcedureFact(
    lang: Lang,
    api: Arc<str>,
    code: String,
    name: Option<String>,
    agency_named: bool,
) -> impl IntoView {
    if name.is_some() && agency_named {
        let name = name.unwrap_or_default();
        return view! { <span lang="vi">{name}</span>" ("{code}")" }.into_any();
    }
    let procedure = fetch_procedure(api, code.clone());
    let shown = move || {
        let (catalog_name, agencies) = procedure.with(|state| match state {
            Load::Done(Ok(p)) => (
                Some(p.name.clone()),
                p.executing_agencies
                    .iter()
                    .chain(&p.competent_agencies)
                    .next()
                    .cloned(),
            ),
            _ => (None, None),
        });
        let name = name.clone().or(catalog_name).unwrap_or_default();
        let hint = agencies.filter(|_| !agency_named).map(|agencies| {
            view! {
                <span class="small block">
                    {Ui::ProcedureAgencies.fill(lang, &[("agencies", &agencies)])}
                </span>
            }
        });
        view! {
            <span lang="vi">{name}</span>" ("{code.clone()}")"{hint}
        }
    };
    shown.into_any()
}

/// Procedure, agency and the dates (said, or "Chưa có thông tin"): no appointment for a
/// dossier closed without a result; the holidays an appointment skipped; where to collect a
/// ready result.
fn dossier_facts(lang: Lang, api: Arc<str>, v: &DossierView) -> impl IntoView + use<> {
    let unknown = || view! { <Unknown lang /> }.into_any();
    let date = |iso: &Option<String>| iso.as_deref().and_then(|d| format::date(lang, d));
    let agency = agency_text(lang, v);
    let procedure = match (&v.procedure.code, &v.procedure.name) {
        (Some(code), name) => view! {
            <ProcedureFact lang api code=code.clone() name=name.clone()
                agency_named=v.agency.name.is_some() />
        }
        .into_any(),
        (None, Some(name)) => view! { <span lang="vi">{name.clone()}</span> }.into_any(),
        (None, None) => unknown(),
    };
    let agency_view = match agency.clone() {
        Some(text) => view! { <span lang="vi">{text}</span> }.into_any(),
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
    let closed_without_result = v.status.is_final && v.completed_at.is_none();
    let holidays: Vec<String> = v
        .holidays
        .iter()
        .filter_map(|h| {
            let (from, to) = (
                format::day_month(lang, &h.from)?,
                format::day_month(lang, &h.to)?,
            );
            Some(Ui::HolidaySkipped.fill(lang, &[("name", &h.name), ("from", &from), ("to", &to)]))
        })
        .collect();
    let appointment = (!closed_without_result).then(|| {
        let value = match date(&v.appointment_at) {
            Some(d) => {
                let computed = v.appointment_computed.then(|| {
                    view! { " "<span class="small">{Ui::AppointmentComputed.text(lang)}</span> }
                });
                let holidays = (!holidays.is_empty()).then(|| {
                    view! { " "<span class="small">"("{holidays.join("; ")}")"</span> }
                });
                view! { <span>{d}</span>{computed}{holidays} }.into_any()
            }
            None => unknown(),
        };
        view! { <Fact label=Ui::Appointment.text(lang) value=value /> }
    });
    let original = date(&v.original_appointment_at)
        .filter(|_| !closed_without_result)
        .map(|d| {
            view! { <Fact label=Ui::OriginalAppointment.text(lang) value=view! { <span>{d}</span> } /> }
        });
    let completed = date(&v.completed_at).map(
        |d| view! { <Fact label=Ui::Completed.text(lang) value=view! { <span>{d}</span> } /> },
    );
    // A result ready to collect: where (the agency that took the dossier).
    let collect = (v.status.code == 9).then(|| {
        let place =
            agency.map_or_else(unknown, |a| view! { <span lang="vi">{a}</span> }.into_any());
        view! { <Fact label=Ui::CollectAt.text(lang) value=place /> }
    });
    let applicant = v.applicant.as_ref().map(|a| {
        let name = a.name.clone();
        view! { <Fact label=Ui::Applicant.text(lang) value=view! { <span lang="vi">{name}</span> } /> }
    });
    view! {
        <Fact label=Ui::Procedure.text(lang) value=procedure />
        <Fact label=Ui::ReceivingAgency.text(lang) value=agency_view />
        {received}
        {appointment}
        {original}
        {completed}
        {collect}
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
