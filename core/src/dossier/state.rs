//! The current state of a dossier and the decision for each incoming event.
//!
//! Events are ordered by [`EventKey`] = (`at`, status rank, id): time first; at the same second
//! the later lifecycle step wins (ranks in `statuses.tsv`); then the id, so the order is total.
//! The merge rules below are chosen so that any delivery order of the same events converges to
//! one state, and they are exactly what the SQL of [`super::store`] does inside D1:
//!
//! - status, status_at, last_event_id: from the newest event (by key) only;
//! - appointment_at: from the newest event (by key) that carries one, so an apology's new date
//!   (or a correction) wins in any delivery order;
//! - procedure, agency, names, processing time, applicant's masked name: a newer
//!   event's value replaces the current one when present; an older (stale) event only fills a
//!   value still missing. Upstream sends the same descriptive values on every event of a
//!   dossier, so this converges; if an upstream changes them, the newest wins once it arrives;
//! - received_at and original_appointment_at: the earliest ever seen (`MIN`), so an apology's
//!   new date never hides the first promise. An event with `received_at` and `processing_time`
//!   but no `appointment_at` contributes the appointment computed by `deadline` (caveat: if
//!   the upstream's own first appointment is later than ours, ours is taken as the original);
//! - the phone verifier (salt + hash) moves as a pair: set if missing, replaced by a newer
//!   event that carries one.

use super::event::Event;
use super::privacy::{mask_name, verifier_hash};
use super::status::Status;
use crate::deadline::{appointment, HolidayCalendar, OfficeHours, Timestamp};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Total order of events of one dossier.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventKey {
    pub at: i64,
    pub rank: u8,
    pub id: String,
}

impl EventKey {
    /// The key as text whose byte order is the key's order (for SQL comparisons):
    /// zero-padded seconds, zero-padded rank, id.
    pub fn sortable(&self) -> String {
        format!("{:012}|{:03}|{}", self.at.max(0), self.rank, self.id)
    }
}

impl Event {
    pub fn key(&self) -> EventKey {
        EventKey {
            at: self.at.0,
            rank: self.status.rank(),
            id: self.id.clone(),
        }
    }
}

/// A dossier's current state: one row of the `dossiers` table (field names = column names, so
/// a D1 row deserialises straight into it). Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierState {
    pub code: String,
    pub status: Status,
    pub status_rank: u8,
    pub status_at: i64,
    pub last_event_id: String,
    #[serde(default)]
    pub procedure_code: Option<String>,
    #[serde(default)]
    pub procedure_name: Option<String>,
    #[serde(default)]
    pub agency_id: Option<String>,
    #[serde(default)]
    pub agency_name: Option<String>,
    #[serde(default)]
    pub received_at: Option<i64>,
    #[serde(default)]
    pub appointment_at: Option<i64>,
    #[serde(default)]
    pub original_appointment_at: Option<i64>,
    /// [`EventKey::sortable`] of the event that set `appointment_at`: the newest such event
    /// wins, whatever the delivery order.
    #[serde(default)]
    pub appointment_key: Option<String>,
    #[serde(default)]
    pub processing_amount: Option<f64>,
    #[serde(default)]
    pub processing_unit: Option<String>,
    #[serde(default)]
    pub applicant_masked: Option<String>,
    #[serde(default)]
    pub verifier_salt: Option<String>,
    #[serde(default)]
    pub verifier_hash: Option<String>,
    pub updated_at: i64,
}

/// What the edge supplies to turn an event into a state update: the verification pepper
/// (`VERIFY_PEPPER` secret), a fresh random salt (used only if the event carries phone digits),
/// its clock and the holiday calendar (for appointments computed from a processing time).
#[derive(Debug, Clone, Copy)]
pub struct ApplyContext<'a> {
    pub verify_pepper: &'a str,
    pub salt: &'a str,
    pub now: Timestamp,
    pub calendar: &'a HolidayCalendar,
}

/// The decision for one incoming event.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Newer than the current state (or the first event): this is the new state.
    Accepted(DossierState),
    /// The event id was already stored (the edge knows from the insert): nothing changes.
    Duplicate,
    /// Older than the current state: kept in history; status unchanged. The state returned is
    /// the current one with missing descriptive values filled from the event (equal to the
    /// current state when nothing was missing).
    Stale(DossierState),
}

impl DossierState {
    pub fn key(&self) -> EventKey {
        EventKey {
            at: self.status_at,
            rank: self.status_rank,
            id: self.last_event_id.clone(),
        }
    }

    /// The state one event alone would produce (what the edge binds into the upsert).
    pub fn from_event(event: &Event, ctx: &ApplyContext<'_>) -> DossierState {
        let applicant = event.applicant.as_ref();
        // The first promise: the appointment sent, or else the one the processing time gives
        // (so an apology's new date can be shown against it).
        let promised = event.appointment_at.or_else(|| {
            let received = event.received_at?;
            let processing = event.processing_time?;
            Some(appointment(
                received,
                processing,
                ctx.calendar,
                &OfficeHours::default(),
            ))
        });
        let verifier = applicant
            .and_then(|a| a.phone_last4.as_deref())
            .and_then(|last4| verifier_hash(ctx.verify_pepper, ctx.salt, last4).ok());
        DossierState {
            code: event.dossier.to_string(),
            status: event.status,
            status_rank: event.status.rank(),
            status_at: event.at.0,
            last_event_id: event.id.clone(),
            procedure_code: event.procedure.clone(),
            procedure_name: event.procedure_name.clone(),
            agency_id: event.agency.as_ref().map(ToString::to_string),
            agency_name: event.agency_name.clone(),
            received_at: event.received_at.map(|t| t.0),
            appointment_at: event.appointment_at.map(|t| t.0),
            original_appointment_at: promised.map(|t| t.0),
            appointment_key: event.appointment_at.map(|_| event.key().sortable()),
            processing_amount: event.processing_time.map(|p| p.amount),
            processing_unit: event.processing_time.map(|p| p.unit.as_str().to_string()),
            applicant_masked: applicant.and_then(|a| a.name.as_deref()).map(mask_name),
            verifier_salt: verifier.as_ref().map(|_| ctx.salt.to_string()),
            verifier_hash: verifier,
            updated_at: ctx.now.0,
        }
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Merges an update into the current state; mirrors the SQL upsert of `store` column by column.
pub fn merge(current: &DossierState, incoming: &DossierState) -> DossierState {
    let newer = incoming.key() > current.key();
    let pick = |cur: &Option<String>, inc: &Option<String>| {
        if newer {
            inc.clone().or_else(|| cur.clone())
        } else {
            cur.clone().or_else(|| inc.clone())
        }
    };
    let appointment_from = match (&current.appointment_key, &incoming.appointment_key) {
        (None, Some(_)) => incoming,
        (Some(cur), Some(inc)) if inc > cur => incoming,
        _ => current,
    };
    let status_from = if newer { incoming } else { current };
    let take_verifier =
        current.verifier_hash.is_none() || (newer && incoming.verifier_hash.is_some());
    let verifier_from = if take_verifier { incoming } else { current };
    DossierState {
        code: current.code.clone(),
        status: status_from.status,
        status_rank: status_from.status_rank,
        status_at: status_from.status_at,
        last_event_id: status_from.last_event_id.clone(),
        procedure_code: pick(&current.procedure_code, &incoming.procedure_code),
        procedure_name: pick(&current.procedure_name, &incoming.procedure_name),
        agency_id: pick(&current.agency_id, &incoming.agency_id),
        agency_name: pick(&current.agency_name, &incoming.agency_name),
        received_at: min_opt(current.received_at, incoming.received_at),
        appointment_at: appointment_from.appointment_at,
        appointment_key: appointment_from.appointment_key.clone(),
        original_appointment_at: min_opt(
            current.original_appointment_at,
            incoming.original_appointment_at,
        ),
        processing_amount: if newer {
            incoming.processing_amount.or(current.processing_amount)
        } else {
            current.processing_amount.or(incoming.processing_amount)
        },
        processing_unit: pick(&current.processing_unit, &incoming.processing_unit),
        applicant_masked: pick(&current.applicant_masked, &incoming.applicant_masked),
        verifier_salt: verifier_from.verifier_salt.clone(),
        verifier_hash: verifier_from.verifier_hash.clone(),
        updated_at: current.updated_at.max(incoming.updated_at),
    }
}

/// The decision for `event` given the current state (`None` for a dossier never seen) and
/// whether its id is already stored.
pub fn decide(
    current: Option<&DossierState>,
    event: &Event,
    already_seen: bool,
    ctx: &ApplyContext<'_>,
) -> Decision {
    if already_seen {
        return Decision::Duplicate;
    }
    let incoming = DossierState::from_event(event, ctx);
    let Some(current) = current else {
        return Decision::Accepted(incoming);
    };
    let merged = merge(current, &incoming);
    match incoming.key().cmp(&current.key()) {
        Ordering::Greater => Decision::Accepted(merged),
        // Equal keys mean the same id: a re-delivery the edge did not flag; treat as stale.
        Ordering::Less | Ordering::Equal => Decision::Stale(merged),
    }
}

/// Replays a dossier's whole history (any order, duplicates ignored) into its state.
pub fn fold<'e>(
    history: impl IntoIterator<Item = &'e Event>,
    ctx: &ApplyContext<'_>,
) -> Option<DossierState> {
    let mut events: Vec<&Event> = history.into_iter().collect();
    events.sort_by_key(|e| e.key());
    events.dedup_by(|a, b| a.id == b.id);
    let mut state: Option<DossierState> = None;
    for event in events {
        state = Some(match decide(state.as_ref(), event, false, ctx) {
            Decision::Accepted(s) | Decision::Stale(s) => s,
            Decision::Duplicate => continue,
        });
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::event::Event;
    use serde_json::json;

    const NOW: &str = "2025-06-30T12:00:00+07:00";

    fn ctx() -> ApplyContext<'static> {
        static CALENDAR: std::sync::OnceLock<HolidayCalendar> = std::sync::OnceLock::new();
        ApplyContext {
            verify_pepper: "pepper",
            salt: "salt",
            now: Timestamp::parse_rfc3339(NOW).unwrap(),
            calendar: CALENDAR.get_or_init(HolidayCalendar::vietnam),
        }
    }

    fn event(v: serde_json::Value) -> Event {
        Event::from_json(0, &v, Timestamp::parse_rfc3339(NOW).unwrap()).unwrap()
    }

    const CODE: &str = "000.00.06.H56-250303-0042";

    /// A realistic history: received, processing, supplement requested, processing again,
    /// apology with a new date, result ready at the same second as a note, delivered.
    fn history() -> Vec<Event> {
        vec![
            event(
                json!({"id": "e1", "dossier": CODE, "status": 2, "at": "2025-03-03T09:00:00+07:00",
                "procedure": "1.001193", "procedure_name": "Đăng ký khai sinh", "agency": "000.00.06.H56",
                "received_at": "2025-03-03T09:00:00+07:00", "appointment_at": "2025-03-06T09:00:00+07:00",
                "processing_time": {"amount": 3, "unit": "WORKING_DAY"},
                "applicant": {"name": "Nguyễn Văn An", "phone_last4": "1234"}}),
            ),
            event(
                json!({"id": "e2", "dossier": CODE, "status": "processing", "at": "2025-03-03T10:00:00+07:00",
                "agency_name": "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa"}),
            ),
            event(
                json!({"id": "e3", "dossier": CODE, "status": "waiting", "at": "2025-03-04T10:00:00+07:00",
                "note": "Bổ sung bản sao giấy chứng sinh"}),
            ),
            event(
                json!({"id": "e4", "dossier": CODE, "status": 4, "at": "2025-03-05T08:00:00+07:00"}),
            ),
            event(
                json!({"id": "e5", "dossier": CODE, "status": 4, "at": "2025-03-06T08:00:00+07:00",
                "appointment_at": "2025-03-10T09:00:00+07:00", "note": "Xin lỗi, hẹn lại ngày trả"}),
            ),
            event(
                json!({"id": "e6", "dossier": CODE, "status": "releasing", "at": "2025-03-10T15:00:00+07:00"}),
            ),
            event(
                json!({"id": "e7", "dossier": CODE, "status": 4, "at": "2025-03-10T15:00:00+07:00"}),
            ),
        ]
    }

    #[test]
    fn in_order_delivery_builds_the_expected_state() {
        let state = fold(&history(), &ctx()).unwrap();
        // e6 (rank of 9) beats e7 (rank of 4) at the same second.
        assert_eq!(state.status, Status::RESULT_READY);
        assert_eq!(state.last_event_id, "e6");
        assert_eq!(state.procedure_code.as_deref(), Some("1.001193"));
        assert_eq!(
            state.agency_name.as_deref(),
            Some("Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa")
        );
        let t = |s| Timestamp::parse_rfc3339(s).unwrap().0;
        assert_eq!(state.appointment_at, Some(t("2025-03-10T09:00:00+07:00")));
        assert_eq!(
            state.original_appointment_at,
            Some(t("2025-03-06T09:00:00+07:00"))
        );
        assert_eq!(state.applicant_masked.as_deref(), Some("Nguyễn V. A."));
        assert_eq!(
            state.verifier_hash,
            Some(verifier_hash("pepper", "salt", "1234").unwrap())
        );
    }

    #[test]
    fn duplicates_and_stale_events() {
        let h = history();
        let c = ctx();
        let s1 = match decide(None, &h[1], false, &c) {
            Decision::Accepted(s) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(decide(Some(&s1), &h[1], true, &c), Decision::Duplicate);
        // e1 arrives after e2: stale, status stays 4, but its procedure fills the gap.
        match decide(Some(&s1), &h[0], false, &c) {
            Decision::Stale(s) => {
                assert_eq!(s.status, Status::PROCESSING);
                assert_eq!(s.last_event_id, "e2");
                assert_eq!(s.procedure_code.as_deref(), Some("1.001193"));
            }
            other => panic!("{other:?}"),
        }
        // The same event re-delivered without the edge flagging it changes nothing.
        assert_eq!(
            decide(Some(&s1), &h[1], false, &c),
            Decision::Stale(s1.clone())
        );
    }

    #[test]
    fn late_result_moves_state_forward() {
        let h = history();
        let c = ctx();
        let before = fold(&h[..5], &c).unwrap();
        match decide(Some(&before), &h[5], false, &c) {
            Decision::Accepted(s) => assert_eq!(s.status, Status::RESULT_READY),
            other => panic!("{other:?}"),
        }
    }

    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![vec![]];
        }
        let mut out = Vec::new();
        for p in permutations(n - 1) {
            for i in 0..=p.len() {
                let mut q = p.clone();
                q.insert(i, n - 1);
                out.push(q);
            }
        }
        out
    }

    #[test]
    fn every_delivery_order_converges_to_one_state() {
        let h = history();
        let c = ctx();
        let expected = fold(&h, &c).unwrap();
        let orders = permutations(h.len());
        assert_eq!(orders.len(), 5040);
        for order in orders {
            let mut state: Option<DossierState> = None;
            let mut seen: Vec<&str> = Vec::new();
            // Each event delivered once in this order, then the first three again (retries).
            for &i in order.iter().chain(order.iter().take(3)) {
                let e = &h[i];
                let already = seen.contains(&e.id.as_str());
                match decide(state.as_ref(), e, already, &c) {
                    Decision::Accepted(s) | Decision::Stale(s) => state = Some(s),
                    Decision::Duplicate => {}
                }
                seen.push(&e.id);
            }
            assert_eq!(state.as_ref(), Some(&expected), "order {order:?}");
        }
    }

    #[test]
    fn rows_deserialise_from_d1_json() {
        let state = fold(&history(), &ctx()).unwrap();
        let row = serde_json::to_value(&state).unwrap();
        assert_eq!(row["status"], json!(9));
        let back: DossierState = serde_json::from_value(row).unwrap();
        assert_eq!(back, state);
    }
}
