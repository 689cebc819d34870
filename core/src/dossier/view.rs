//! What a citizen sees when looking a dossier up: [`DossierView`], built from the stored state,
//! the event history, the holiday calendar and the clock.
//!
//! # Minimal disclosure
//!
//! The code from the receipt alone shows the agency's side of the dossier: its status (and
//! when it took effect), the procedure, the agency, the appointment (and whether an apology
//! moved it), when the result was ready and whether that is on time. That answers "where is my
//! dossier, is it late" and is what the agency did and promised, not what the applicant did.
//!
//! Only with the right phone digits ([`Verification::Verified`]) does it also show:
//! - the masked name;
//! - the timeline: senders' notes are free text that can hold names, addresses or what was
//!   missing from a citizen's papers, and the steps and their times tell a person's dealings
//!   with the office; the current status already says where the dossier is;
//! - `received_at`: the day is in the code already (`…-yyMMdd-…`); the time of day is when a
//!   person stood at the desk.
//!
//! `completed_at` stays visible: it is the agency's act, and the on-time state with the
//! appointment gives it away to the working day anyway.

use super::event::Event;
use super::state::DossierState;
use super::status::Status;
use crate::deadline::{
    appointment, punctuality, HolidayBreak, HolidayCalendar, OfficeHours, ProcessingTime,
    Punctuality, TimeUnit, Timestamp,
};
use crate::messages::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusView {
    pub code: u8,
    pub label: String,
    pub label_en: String,
    pub next_step: String,
    pub next_step_en: String,
    #[serde(rename = "final")]
    pub is_final: bool,
}

impl StatusView {
    pub fn of(status: Status) -> StatusView {
        StatusView {
            code: status.code(),
            label: status.label(Lang::Vi).to_string(),
            label_en: status.label(Lang::En).to_string(),
            next_step: status.next_step(Lang::Vi).to_string(),
            next_step_en: status.next_step(Lang::En).to_string(),
            is_final: status.is_final(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureView {
    pub code: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyView {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// One step of the dossier's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub status: u8,
    pub label: String,
    pub label_en: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Set when this event moved the appointment (apology with a new date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_appointment_at: Option<String>,
}

/// Whether the lookup served a stored copy it could not refresh (upstream unreachable), and
/// how old that copy is. Decided by [`super::lookup::decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Staleness {
    pub stale: bool,
    pub age_seconds: u64,
}

impl Staleness {
    /// A copy last refreshed at `updated_at` (Unix seconds), served at `now` without a refresh.
    pub fn since(updated_at: i64, now: Timestamp) -> Staleness {
        Staleness {
            stale: true,
            age_seconds: u64::try_from(now.0 - updated_at).unwrap_or(0),
        }
    }
}

/// Days off that a deadline counted in working days skipped between the receipt and the
/// appointment: the appointment is later by them ("không tính nghỉ Tết 25/01–02/02").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayView {
    /// The holidays' names as the calendar data writes them ("Tết Ất Tỵ").
    pub name: String,
    /// First and last day off of the break, `YYYY-MM-DD`, weekends around it included.
    pub from: String,
    pub to: String,
}

impl From<HolidayBreak> for HolidayView {
    fn from(b: HolidayBreak) -> HolidayView {
        HolidayView {
            name: b.name,
            from: b.first.to_string(),
            to: b.last.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicantView {
    /// Masked: `Nguyễn V. A.`
    pub name: String,
}

/// The lookup answer. Times are RFC 3339 in Vietnam time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierView {
    pub code: String,
    pub status: StatusView,
    pub status_at: String,
    pub procedure: ProcedureView,
    pub agency: AgencyView,
    /// When the dossier was received; only when verified (absent otherwise, and when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    pub appointment_at: Option<String>,
    /// True when no appointment was sent and it was computed from the processing time.
    pub appointment_computed: bool,
    /// The holidays between the receipt and the appointment that a working-day deadline
    /// skipped (absent when none, or when the processing time is in calendar units).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<HolidayView>,
    /// The first appointment, present only when an apology moved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_appointment_at: Option<String>,
    /// When the result was ready (first status 9 or 10).
    pub completed_at: Option<String>,
    pub on_time: Punctuality,
    /// The history, notes included; only when verified (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<TimelineEntry>>,
    pub stale: Staleness,
    /// Only after the applicant proved the phone digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<ApplicantView>,
    pub updated_at: String,
    /// Whether this lookup checked the phone digits.
    #[serde(default)]
    pub verification: Verification,
}

/// Whether the applicant proved the phone digits on this lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    #[default]
    NotRequested,
    Verified,
    Failed,
}

fn iso(t: i64) -> String {
    Timestamp(t).to_rfc3339_vn()
}

impl DossierView {
    /// Builds the view, whole. `history` is the dossier's stored events (any order; duplicates
    /// and events of other dossiers are ignored); `verification` says whether the caller
    /// proved the phone digits (only [`Verification::Verified`] includes the masked name, the
    /// timeline and the receipt time: see the module docs); `stale` whether this is a copy
    /// that could not be refreshed.
    pub fn build(
        state: &DossierState,
        history: &[Event],
        calendar: &HolidayCalendar,
        now: Timestamp,
        verification: Verification,
        stale: Staleness,
    ) -> DossierView {
        let mut events: Vec<&Event> = history
            .iter()
            .filter(|e| e.dossier.to_string() == state.code)
            .collect();
        events.sort_by_key(|e| e.key());
        events.dedup_by(|a, b| a.id == b.id);

        let mut timeline = Vec::with_capacity(events.len());
        // An event "moves" the appointment when it sends a date other than the one known so
        // far, starting from the first promise.
        let mut known_appointment: Option<Timestamp> = state.original_appointment_at.map(Timestamp);
        for e in &events {
            let moved = match (known_appointment, e.appointment_at) {
                (Some(before), Some(after)) if after != before => Some(after.to_rfc3339_vn()),
                _ => None,
            };
            if e.appointment_at.is_some() {
                known_appointment = e.appointment_at;
            }
            timeline.push(TimelineEntry {
                status: e.status.code(),
                label: e.status.label(Lang::Vi).to_string(),
                label_en: e.status.label(Lang::En).to_string(),
                at: e.at.to_rfc3339_vn(),
                note: e.note.clone(),
                new_appointment_at: moved,
            });
        }

        let completed = events
            .iter()
            .find(|e| e.status.has_result())
            .map(|e| e.at)
            .or_else(|| {
                state
                    .status
                    .has_result()
                    .then_some(Timestamp(state.status_at))
            });

        // A dossier closed without a result (refused, withdrawn, stopped) will have none:
        // no appointment is shown for it, sent or estimated.
        let closed_without_result = state.status.is_final() && completed.is_none();
        let processing = state
            .processing_unit
            .as_deref()
            .and_then(TimeUnit::parse)
            .zip(state.processing_amount)
            .and_then(|(unit, amount)| ProcessingTime::new(amount, unit).ok());
        let computed = match (state.appointment_at, state.received_at, processing) {
            (None, Some(received), Some(p)) if !closed_without_result => Some(appointment(
                Timestamp(received),
                p,
                calendar,
                &OfficeHours::default(),
            )),
            _ => None,
        };
        let appointment_at = state
            .appointment_at
            .filter(|_| !closed_without_result)
            .map(Timestamp)
            .or(computed);
        // Only an apology's new date makes the first promise "original": compare with the date
        // shown, which may be computed when no appointment was sent.
        let original = state
            .original_appointment_at
            .filter(|o| appointment_at.is_some_and(|a| a.0 != *o));
        // Calendar periods (days, months, years) run through holidays: only a deadline in
        // working days or office hours (or of an unknown unit: agencies count in working
        // days) is moved by them.
        let calendar_period = processing
            .is_some_and(|p| matches!(p.unit, TimeUnit::Day | TimeUnit::Month | TimeUnit::Year));
        let holidays = match (state.received_at, appointment_at) {
            (Some(received), Some(due)) if !calendar_period => calendar
                .breaks_between(Timestamp(received).vn_date(), due.vn_date())
                .into_iter()
                .map(HolidayView::from)
                .collect(),
            _ => Vec::new(),
        };

        let on_time = punctuality(
            appointment_at,
            completed,
            closed_without_result,
            now,
            calendar,
        );

        let disclosed = verification == Verification::Verified;
        DossierView {
            code: state.code.clone(),
            status: StatusView::of(state.status),
            status_at: iso(state.status_at),
            procedure: ProcedureView {
                code: state.procedure_code.clone(),
                name: state.procedure_name.clone(),
            },
            agency: AgencyView {
                id: state.agency_id.clone(),
                name: state.agency_name.clone(),
            },
            received_at: state.received_at.filter(|_| disclosed).map(iso),
            appointment_at: appointment_at.map(Timestamp::to_rfc3339_vn),
            appointment_computed: computed.is_some(),
            holidays,
            original_appointment_at: original.map(iso),
            completed_at: completed.map(Timestamp::to_rfc3339_vn),
            on_time,
            timeline: disclosed.then_some(timeline),
            stale,
            applicant: if disclosed {
                state
                    .applicant_masked
                    .clone()
                    .map(|name| ApplicantView { name })
            } else {
                None
            },
            updated_at: iso(state.updated_at),
            verification,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::OnTimeState;
    use crate::dossier::state::{fold, ApplyContext};
    use serde_json::json;

    const CODE: &str = "000.00.06.H56-250123-0007";

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    fn events() -> Vec<Event> {
        let now = t("2025-03-01T00:00:00+07:00");
        [
            json!({"id": "a", "dossier": CODE, "status": 2, "at": "2025-01-23T10:00:00+07:00",
                "procedure": "1.000894", "procedure_name": "Đăng ký kết hôn",
                "agency": "000.00.06.H56", "agency_name": "UBND xã Đông Sơn",
                "received_at": "2025-01-23T10:00:00+07:00",
                "processing_time": {"amount": 5, "unit": "WORKING_DAY"},
                "applicant": {"name": "Trần Thị Bình", "phone_last4": "9876"}}),
            json!({"id": "b", "dossier": CODE, "status": 4, "at": "2025-01-24T08:00:00+07:00"}),
            json!({"id": "c", "dossier": CODE, "status": 4, "at": "2025-02-05T16:00:00+07:00",
                "appointment_at": "2025-02-12T10:00:00+07:00", "note": "Phiếu xin lỗi và hẹn lại ngày trả"}),
        ]
        .iter()
        .map(|v| Event::from_json(0, v, now).unwrap())
        .collect()
    }

    fn ctx() -> ApplyContext<'static> {
        static CALENDAR: std::sync::OnceLock<HolidayCalendar> = std::sync::OnceLock::new();
        ApplyContext {
            verify_pepper: "pepper",
            salt: "salt",
            now: t("2025-03-01T00:00:00+07:00"),
            calendar: CALENDAR.get_or_init(HolidayCalendar::vietnam),
        }
    }

    #[test]
    fn computed_appointment_across_tet_and_lateness() {
        // (The state's original_appointment_at is the same computed date.)
        let calendar = HolidayCalendar::vietnam();
        let history = events();
        let state = fold(&history[..2], &ctx()).unwrap();
        // Thursday 23/01 + 5 working days: 24/01, (Tết), 03, 04, 05, 06/02 → Thursday 06/02.
        let view = DossierView::build(
            &state,
            &history[..2],
            &calendar,
            t("2025-02-05T09:00:00+07:00"),
            Verification::NotRequested,
            Staleness::default(),
        );
        assert_eq!(
            view.appointment_at.as_deref(),
            Some("2025-02-06T10:00:00+07:00")
        );
        assert!(view.appointment_computed);
        // The five working days skipped Tết, and the card can say so.
        assert_eq!(
            view.holidays,
            vec![HolidayView {
                name: "Tết Ất Tỵ".into(),
                from: "2025-01-25".into(),
                to: "2025-02-02".into(),
            }]
        );
        assert_eq!(view.on_time.state, OnTimeState::OnTime);
        assert_eq!(view.on_time.working_days, 1);
        assert!(view.applicant.is_none());
        let later = DossierView::build(
            &state,
            &history[..2],
            &calendar,
            t("2025-02-10T09:00:00+07:00"),
            Verification::NotRequested,
            Staleness::default(),
        );
        // 07/02, 08/02 (make-up Saturday), 10/02.
        assert_eq!(
            (later.on_time.state, later.on_time.working_days),
            (OnTimeState::Late, 3)
        );
    }

    #[test]
    fn apology_moves_the_appointment_and_shows_in_the_timeline() {
        let calendar = HolidayCalendar::vietnam();
        let history = events();
        let state = fold(&history, &ctx()).unwrap();
        // The first promise was computed from the receipt (5 working days across Tết).
        let view = DossierView::build(
            &state,
            &history,
            &calendar,
            t("2025-02-10T09:00:00+07:00"),
            Verification::Verified,
            Staleness::default(),
        );
        assert_eq!(
            view.appointment_at.as_deref(),
            Some("2025-02-12T10:00:00+07:00")
        );
        assert_eq!(
            view.original_appointment_at.as_deref(),
            Some("2025-02-06T10:00:00+07:00")
        );
        assert_eq!(view.on_time.state, OnTimeState::OnTime);
        let timeline = view.timeline.as_ref().unwrap();
        assert_eq!(timeline.len(), 3);
        assert_eq!(
            timeline[2].note.as_deref(),
            Some("Phiếu xin lỗi và hẹn lại ngày trả")
        );
        assert_eq!(
            timeline[2].new_appointment_at.as_deref(),
            Some("2025-02-12T10:00:00+07:00")
        );
        assert!(timeline[..2].iter().all(|e| e.new_appointment_at.is_none()));
        assert_eq!(
            view.applicant.as_ref().map(|a| a.name.as_str()),
            Some("Trần T. B.")
        );
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["status"]["final"], json!(false));
        assert_eq!(json["on_time"]["state"], json!("on_time"));
        assert!(!json.to_string().contains("9876"));
    }

    /// Without the right digits: the agency's side only, the same whether digits were not
    /// given or wrong.
    #[test]
    fn unverified_views_hold_no_timeline_receipt_time_or_name() {
        let calendar = HolidayCalendar::vietnam();
        let history = events();
        let state = fold(&history, &ctx()).unwrap();
        let now = t("2025-02-10T09:00:00+07:00");
        let build = |verification| {
            DossierView::build(
                &state,
                &history,
                &calendar,
                now,
                verification,
                Staleness::default(),
            )
        };
        let verified = build(Verification::Verified);
        for verification in [Verification::NotRequested, Verification::Failed] {
            let view = build(verification);
            assert_eq!(view.verification, verification);
            assert!(view.timeline.is_none());
            assert!(view.received_at.is_none());
            assert!(view.applicant.is_none());
            // The agency's side is all there, as when verified.
            assert_eq!(view.status, verified.status);
            assert_eq!(view.procedure, verified.procedure);
            assert_eq!(view.agency, verified.agency);
            assert_eq!(view.appointment_at, verified.appointment_at);
            assert_eq!(
                view.original_appointment_at,
                verified.original_appointment_at
            );
            assert_eq!(view.completed_at, verified.completed_at);
            assert_eq!(view.on_time, verified.on_time);
            let json = serde_json::to_value(&view).unwrap();
            for absent in ["timeline", "received_at", "applicant"] {
                assert!(json.get(absent).is_none(), "{absent} in {json}");
            }
            let text = json.to_string();
            assert!(
                !text.contains("xin lỗi") && !text.contains("Trần"),
                "{text}"
            );
        }
        assert!(verified.timeline.is_some() && verified.received_at.is_some());
        // Read back by the widget: absent fields are None.
        let json = serde_json::to_string(&build(Verification::NotRequested)).unwrap();
        let back: DossierView = serde_json::from_str(&json).unwrap();
        assert_eq!(back, build(Verification::NotRequested));
    }

    #[test]
    fn finished_and_closed_dossiers() {
        let calendar = HolidayCalendar::vietnam();
        let mut history = events();
        let now = t("2025-03-01T00:00:00+07:00");
        history.push(
            Event::from_json(0, &json!({"id": "d", "dossier": CODE, "status": "releasing", "at": "2025-02-13T09:00:00+07:00"}), now).unwrap(),
        );
        history.push(
            Event::from_json(0, &json!({"id": "e", "dossier": CODE, "status": "done", "at": "2025-02-14T09:00:00+07:00"}), now).unwrap(),
        );
        let state = fold(&history, &ctx()).unwrap();
        let view = DossierView::build(
            &state,
            &history,
            &calendar,
            now,
            Verification::NotRequested,
            Staleness::default(),
        );
        assert!(view.status.is_final);
        assert_eq!(
            view.completed_at.as_deref(),
            Some("2025-02-13T09:00:00+07:00")
        );
        assert_eq!(
            (view.on_time.state, view.on_time.working_days),
            (OnTimeState::Late, 1)
        );

        let mut withdrawn = fold(&history[..2], &ctx()).unwrap();
        withdrawn.status = Status::WITHDRAWN;
        let view = DossierView::build(
            &withdrawn,
            &history[..2],
            &calendar,
            now,
            Verification::NotRequested,
            Staleness::default(),
        );
        assert_eq!(view.on_time.state, OnTimeState::NotApplicable);
        // Withdrawn: no result will come, so no date is promised.
        assert_eq!(view.appointment_at, None);
        assert!(view.holidays.is_empty());
    }

    /// A refused dossier ("Không được tiếp nhận") shows no estimated date, even with a
    /// processing time to compute one from; in calendar days, holidays are not named.
    #[test]
    fn refused_dossiers_promise_no_date_and_calendar_days_skip_no_holiday() {
        let calendar = HolidayCalendar::vietnam();
        let now = t("2025-03-01T00:00:00+07:00");
        let history = events();
        let mut refused = fold(&history[..1], &ctx()).unwrap();
        refused.status = Status::NOT_ACCEPTED;
        refused.appointment_at = None;
        let build = |state: &DossierState| {
            DossierView::build(
                state,
                &history[..1],
                &calendar,
                now,
                Verification::NotRequested,
                Staleness::default(),
            )
        };
        let view = build(&refused);
        assert_eq!(view.appointment_at, None);
        assert!(!view.appointment_computed);
        assert_eq!(view.original_appointment_at, None);
        assert_eq!(view.on_time.state, OnTimeState::NotApplicable);

        let mut in_days = fold(&history[..1], &ctx()).unwrap();
        in_days.appointment_at = None;
        in_days.processing_unit = Some("DAY".into());
        in_days.processing_amount = Some(15.0);
        let view = build(&in_days);
        assert!(view.appointment_computed);
        assert!(view.holidays.is_empty(), "{:?}", view.holidays);
    }
}
