//! The SQL the edge runs against D1 (schema: `migrations/0001_dossiers.sql`), as text plus bind
//! values, so the Worker only executes and holds no rules.
//!
//! # Ingest (one D1 `batch()`, which runs as one transaction)
//!
//! For each event of a validated batch, in batch order, the two statements of
//! [`ingest_statements`] (the edge runs [`ingest_statements_reporting`], the same with the
//! state read back, and counts the results with [`IngestOutcome::count`]):
//!
//! 1. [`INSERT_EVENT`]: `INSERT … ON CONFLICT(id) DO NOTHING`. `meta.changes == 0` means the id
//!    was already stored: report the event as a duplicate.
//! 2. [`UPSERT_STATE`]: inserts the dossier's row or updates it. Status columns change only
//!    when the event's key `(at, status_rank, id)` is greater than the row's
//!    `(status_at, status_rank, last_event_id)` (a row-value comparison in SQL), so a late or
//!    concurrent delivery never moves the state backwards; descriptive columns follow the merge
//!    rules of [`super::merge`] (which mirrors this statement column by column). The statement
//!    only applies if `dossier_events` holds this id *with this payload*, so an id re-used with
//!    different content cannot change the state. Re-running it is harmless (idempotent).
//!
//! No read is needed before writing; the result is the same for any delivery order.
//!
//! # Lookup
//!
//! [`lookup_reads`] in one batch: [`select_state`] (one row or none), [`select_history`]
//! (payloads in event order, each read back with `Event::from_stored_payload`) and, when
//! verifying, [`select_verify_failures`]. [`super::lookup::decide`] then says what to answer
//! and what to write back: on a wrong answer [`record_verify_failure`], on a right one
//! [`clear_verify_failures`]. A malformed code runs [`decoy_reads`] instead.

use super::code::DossierCode;
use super::event::Event;
use super::privacy::VerifyLockPolicy;
use super::state::{ApplyContext, DossierState};
use serde::{Deserialize, Serialize};

/// A bind value; serialises untagged (null, number, string) for the Worker to pass to `bind`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
}

impl From<Option<String>> for SqlValue {
    fn from(v: Option<String>) -> SqlValue {
        v.map_or(SqlValue::Null, SqlValue::Text)
    }
}
impl From<String> for SqlValue {
    fn from(v: String) -> SqlValue {
        SqlValue::Text(v)
    }
}
impl From<&str> for SqlValue {
    fn from(v: &str) -> SqlValue {
        SqlValue::Text(v.to_string())
    }
}
impl From<i64> for SqlValue {
    fn from(v: i64) -> SqlValue {
        SqlValue::Integer(v)
    }
}
impl From<Option<i64>> for SqlValue {
    fn from(v: Option<i64>) -> SqlValue {
        v.map_or(SqlValue::Null, SqlValue::Integer)
    }
}
impl From<Option<f64>> for SqlValue {
    fn from(v: Option<f64>) -> SqlValue {
        v.map_or(SqlValue::Null, SqlValue::Real)
    }
}

/// One statement: SQL with `?N` placeholders and the values to bind, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub sql: &'static str,
    pub binds: Vec<SqlValue>,
}

impl SqlValue {
    /// The value as an SQL literal (for seed files and debugging, not for the Worker).
    pub fn to_literal(&self) -> String {
        match self {
            SqlValue::Null => "NULL".to_string(),
            SqlValue::Integer(i) => i.to_string(),
            SqlValue::Real(f) if f.is_finite() => format!("{f:?}"),
            SqlValue::Real(_) => "NULL".to_string(),
            SqlValue::Text(s) => format!("'{}'", s.replace('\'', "''")),
        }
    }
}

impl Statement {
    /// The statement with its binds inlined as literals, terminated by `;` (seed files,
    /// `wrangler d1 execute --file`).
    pub fn to_inline_sql(&self) -> String {
        let mut out = String::with_capacity(self.sql.len() + 64);
        let mut chars = self.sql.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c != '?' {
                out.push(c);
                continue;
            }
            let mut n = 0usize;
            let mut digits = 0;
            while let Some(&(_, d)) = chars.peek() {
                match d.to_digit(10) {
                    Some(v) => {
                        n = n * 10 + v as usize;
                        digits += 1;
                        chars.next();
                    }
                    None => break,
                }
            }
            match self.binds.get(n.wrapping_sub(1)) {
                Some(value) if digits > 0 => out.push_str(&value.to_literal()),
                _ => out.push_str("NULL"),
            }
        }
        out.push(';');
        out
    }
}

/// Insert an event unless its id is known. Binds: id, dossier_code, status, status_rank, at,
/// payload, received.
pub const INSERT_EVENT: &str = "INSERT INTO dossier_events (id, dossier_code, status, status_rank, at, payload, received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO NOTHING";

/// The text of [`UPSERT_STATE`], as a macro so that [`UPSERT_STATE_RETURNING`] can extend it
/// at compile time.
macro_rules! upsert_state_sql {
    () => {
        "INSERT INTO dossiers (code, status, status_rank, status_at, last_event_id, procedure_code, procedure_name, agency_id, agency_name, received_at, appointment_at, original_appointment_at, processing_amount, processing_unit, applicant_masked, verifier_salt, verifier_hash, updated_at, appointment_key)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19
WHERE EXISTS (SELECT 1 FROM dossier_events WHERE id = ?5 AND payload = ?20)
ON CONFLICT(code) DO UPDATE SET
  status = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN excluded.status ELSE dossiers.status END,
  status_rank = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN excluded.status_rank ELSE dossiers.status_rank END,
  status_at = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN excluded.status_at ELSE dossiers.status_at END,
  last_event_id = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN excluded.last_event_id ELSE dossiers.last_event_id END,
  procedure_code = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN COALESCE(excluded.procedure_code, dossiers.procedure_code) ELSE COALESCE(dossiers.procedure_code, excluded.procedure_code) END,
  procedure_name = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN COALESCE(excluded.procedure_name, dossiers.procedure_name) ELSE COALESCE(dossiers.procedure_name, excluded.procedure_name) END,
  agency_id = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN COALESCE(excluded.agency_id, dossiers.agency_id) ELSE COALESCE(dossiers.agency_id, excluded.agency_id) END,
  agency_name = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN COALESCE(excluded.agency_name, dossiers.agency_name) ELSE COALESCE(dossiers.agency_name, excluded.agency_name) END,
  received_at = COALESCE(MIN(dossiers.received_at, excluded.received_at), dossiers.received_at, excluded.received_at),
  appointment_at = CASE WHEN excluded.appointment_key IS NOT NULL AND (dossiers.appointment_key IS NULL OR excluded.appointment_key > dossiers.appointment_key) THEN excluded.appointment_at ELSE dossiers.appointment_at END,
  appointment_key = CASE WHEN excluded.appointment_key IS NOT NULL AND (dossiers.appointment_key IS NULL OR excluded.appointment_key > dossiers.appointment_key) THEN excluded.appointment_key ELSE dossiers.appointment_key END,
  original_appointment_at = COALESCE(MIN(dossiers.original_appointment_at, excluded.original_appointment_at), dossiers.original_appointment_at, excluded.original_appointment_at),
  processing_amount = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN COALESCE(excluded.processing_amount, dossiers.processing_amount) ELSE COALESCE(dossiers.processing_amount, excluded.processing_amount) END,
  processing_unit = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN COALESCE(excluded.processing_unit, dossiers.processing_unit) ELSE COALESCE(dossiers.processing_unit, excluded.processing_unit) END,
  applicant_masked = CASE WHEN (excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) THEN COALESCE(excluded.applicant_masked, dossiers.applicant_masked) ELSE COALESCE(dossiers.applicant_masked, excluded.applicant_masked) END,
  verifier_salt = CASE WHEN dossiers.verifier_hash IS NULL OR ((excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) AND excluded.verifier_hash IS NOT NULL) THEN excluded.verifier_salt ELSE dossiers.verifier_salt END,
  verifier_hash = CASE WHEN dossiers.verifier_hash IS NULL OR ((excluded.status_at, excluded.status_rank, excluded.last_event_id) > (dossiers.status_at, dossiers.status_rank, dossiers.last_event_id) AND excluded.verifier_hash IS NOT NULL) THEN excluded.verifier_hash ELSE dossiers.verifier_hash END,
  updated_at = MAX(dossiers.updated_at, excluded.updated_at)"
    };
}

/// Insert or move forward a dossier's state. Binds: ?1 to ?19 the state's columns in the
/// order of [`INSERT_STATE`] (?12 original_appointment_at is the appointment sent, or computed
/// from the processing time), ?20 the event's stored payload.
///
/// In an UPDATE every SET expression sees the row as it was before the update, so the
/// "newer" test is the same for all columns.
pub const UPSERT_STATE: &str = upsert_state_sql!();

/// [`UPSERT_STATE`] reading back the row's `last_event_id`: the event's own id when the event
/// became the dossier's state, so one batch tells accepted from stale ([`IngestOutcome::count`])
/// without another round trip.
pub const UPSERT_STATE_RETURNING: &str = concat!(upsert_state_sql!(), " RETURNING last_event_id");

/// Insert of a whole state row (seed files built by the CLI); replacing, so that seeding the
/// same state again (a second `make dev`) is a no-op rather than a conflict.
pub const INSERT_STATE: &str = "INSERT OR REPLACE INTO dossiers (code, status, status_rank, status_at, last_event_id, procedure_code, procedure_name, agency_id, agency_name, received_at, appointment_at, original_appointment_at, processing_amount, processing_unit, applicant_masked, verifier_salt, verifier_hash, updated_at, appointment_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

/// The current state row of a dossier; deserialise it into [`DossierState`].
pub const SELECT_STATE: &str = "SELECT code, status, status_rank, status_at, last_event_id, procedure_code, procedure_name, agency_id, agency_name, received_at, appointment_at, original_appointment_at, processing_amount, processing_unit, applicant_masked, verifier_salt, verifier_hash, updated_at, appointment_key FROM dossiers WHERE code = ?1";

/// Most history rows a lookup reads (a dossier rarely has more than 20 events).
pub const HISTORY_LIMIT: i64 = 200;

/// A dossier's stored events in order; each row has `payload`.
pub const SELECT_HISTORY: &str = "SELECT payload FROM dossier_events WHERE dossier_code = ?1 ORDER BY at, status_rank, id LIMIT ?2";

pub const SELECT_VERIFY_FAILURES: &str =
    "SELECT window_start, count, locked_until FROM verify_failures WHERE code = ?1";

/// Counts a failed verification: a new window after `window_seconds`; locks when the count in
/// the window reaches `max_failures`. Binds: ?1 code, ?2 now, ?3 window seconds,
/// ?4 max failures, ?5 lock seconds.
pub const RECORD_VERIFY_FAILURE: &str = "INSERT INTO verify_failures (code, window_start, count, locked_until) VALUES (?1, ?2, 1, CASE WHEN ?4 <= 1 THEN ?2 + ?5 ELSE NULL END)
ON CONFLICT(code) DO UPDATE SET
  window_start = CASE WHEN verify_failures.window_start <= ?2 - ?3 THEN ?2 ELSE verify_failures.window_start END,
  count = CASE WHEN verify_failures.window_start <= ?2 - ?3 THEN 1 ELSE verify_failures.count + 1 END,
  locked_until = CASE WHEN verify_failures.window_start > ?2 - ?3 AND verify_failures.count + 1 >= ?4 THEN ?2 + ?5 ELSE verify_failures.locked_until END";

pub const CLEAR_VERIFY_FAILURES: &str = "DELETE FROM verify_failures WHERE code = ?1";

/// A state row's columns in the order of [`INSERT_STATE`] and [`UPSERT_STATE`] (?1 to ?19).
fn state_binds(state: &DossierState) -> Vec<SqlValue> {
    vec![
        state.code.clone().into(),
        i64::from(state.status.code()).into(),
        i64::from(state.status_rank).into(),
        state.status_at.into(),
        state.last_event_id.clone().into(),
        state.procedure_code.clone().into(),
        state.procedure_name.clone().into(),
        state.agency_id.clone().into(),
        state.agency_name.clone().into(),
        state.received_at.into(),
        state.appointment_at.into(),
        state.original_appointment_at.into(),
        state.processing_amount.into(),
        state.processing_unit.clone().into(),
        state.applicant_masked.clone().into(),
        state.verifier_salt.clone().into(),
        state.verifier_hash.clone().into(),
        state.updated_at.into(),
        state.appointment_key.clone().into(),
    ]
}

/// The two statements for one event (see the module docs). `ctx.now` is stored as the
/// event's `received` time and the row's `updated_at`.
pub fn ingest_statements(event: &Event, ctx: &ApplyContext<'_>) -> [Statement; 2] {
    let payload = event.stored_payload();
    let update = DossierState::from_event(event, ctx);
    let insert = Statement {
        sql: INSERT_EVENT,
        binds: vec![
            event.id.clone().into(),
            event.dossier.to_string().into(),
            i64::from(event.status.code()).into(),
            i64::from(event.status.rank()).into(),
            event.at.0.into(),
            payload.clone().into(),
            ctx.now.0.into(),
        ],
    };
    let mut binds = state_binds(&update);
    binds.push(payload.into());
    [
        insert,
        Statement {
            sql: UPSERT_STATE,
            binds,
        },
    ]
}

/// [`ingest_statements`] with the upsert reading back the row's `last_event_id`
/// ([`UPSERT_STATE_RETURNING`]): what the edge runs, so that [`IngestOutcome::count`] can
/// tell each event's fate from the batch's results.
pub fn ingest_statements_reporting(event: &Event, ctx: &ApplyContext<'_>) -> [Statement; 2] {
    let [insert, mut upsert] = ingest_statements(event, ctx);
    upsert.sql = UPSERT_STATE_RETURNING;
    [insert, upsert]
}

/// What one ingest did, per event (the body of the edge's 200 answer).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestOutcome {
    /// New events that became the dossier's state when applied.
    pub accepted: usize,
    /// Event ids already stored: nothing changed.
    pub duplicates: usize,
    /// New events older than the state: kept in the history, state unchanged.
    pub stale: usize,
}

impl IngestOutcome {
    /// Counts one event from what its pair of [`ingest_statements_reporting`] reported:
    /// whether the insert stored a row (none: the id was known, a duplicate), and the
    /// `last_event_id` the upsert returned (the event's own id: it became the state).
    pub fn count(&mut self, event_id: &str, inserted: bool, state_event_id: Option<&str>) {
        if !inserted {
            self.duplicates += 1;
        } else if state_event_id == Some(event_id) {
            self.accepted += 1;
        } else {
            self.stale += 1;
        }
    }
}

/// A plain insert of a computed state (seed files).
pub fn insert_state(state: &DossierState) -> Statement {
    Statement {
        sql: INSERT_STATE,
        binds: state_binds(state),
    }
}

/// A statement whose only bind is a dossier code (or, for [`decoy_reads`], any text).
fn by_code(sql: &'static str, code: &str) -> Statement {
    Statement {
        sql,
        binds: vec![code.into()],
    }
}

fn select_history_of(code: &str) -> Statement {
    Statement {
        sql: SELECT_HISTORY,
        binds: vec![code.into(), HISTORY_LIMIT.into()],
    }
}

pub fn select_state(code: &DossierCode) -> Statement {
    by_code(SELECT_STATE, &code.to_string())
}

pub fn select_history(code: &DossierCode) -> Statement {
    select_history_of(&code.to_string())
}

pub fn select_verify_failures(code: &DossierCode) -> Statement {
    by_code(SELECT_VERIFY_FAILURES, &code.to_string())
}

fn reads_of(code: &str, verifying: bool) -> Vec<Statement> {
    let mut reads = vec![by_code(SELECT_STATE, code), select_history_of(code)];
    if verifying {
        reads.push(by_code(SELECT_VERIFY_FAILURES, code));
    }
    reads
}

/// The reads of one lookup, in one batch and in this order: the state row, the history and,
/// when the caller is verifying phone digits, the failure counter. Their rows make a
/// [`super::lookup::Stored`] ([`super::lookup::Stored::from_rows`]).
pub fn lookup_reads(code: &DossierCode, verifying: bool) -> Vec<Statement> {
    reads_of(&code.to_string(), verifying)
}

/// The most characters of a malformed code that [`decoy_reads`] binds.
pub const DECOY_KEY_CHARS: usize = 64;

/// [`lookup_reads`] for text that is not a dossier code. They match nothing (stored codes are
/// canonical, and canonical text parses), but a malformed code then costs the store what a
/// hit costs, so its answer time says nothing about which codes exist.
pub fn decoy_reads(text: &str, verifying: bool) -> Vec<Statement> {
    let bounded: String = text.chars().take(DECOY_KEY_CHARS).collect();
    reads_of(&bounded, verifying)
}

pub fn record_verify_failure(
    code: &DossierCode,
    now_unix: i64,
    policy: &VerifyLockPolicy,
) -> Statement {
    Statement {
        sql: RECORD_VERIFY_FAILURE,
        binds: vec![
            code.to_string().into(),
            now_unix.into(),
            policy.window_seconds.into(),
            i64::from(policy.max_failures).into(),
            policy.lock_seconds.into(),
        ],
    }
}

pub fn clear_verify_failures(code: &DossierCode) -> Statement {
    by_code(CLEAR_VERIFY_FAILURES, &code.to_string())
}

/// A history row as [`SELECT_HISTORY`] returns it (read back with
/// `Event::from_stored_payload`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub payload: String,
}

/// A `verify_failures` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyFailures {
    pub window_start: i64,
    pub count: i64,
    #[serde(default)]
    pub locked_until: Option<i64>,
}

impl VerifyFailures {
    /// Whether verification is refused right now (answer 429 without checking the digits).
    pub fn is_locked(&self, now_unix: i64) -> bool {
        self.locked_until.is_some_and(|until| until > now_unix)
    }

    /// While locked, the seconds until the lock ends (at least 1); `None` when not locked.
    pub fn retry_after(&self, now_unix: i64) -> Option<u32> {
        let until = self.locked_until.filter(|until| *until > now_unix)?;
        Some(u32::try_from((until - now_unix).max(1)).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::Timestamp;
    use serde_json::json;

    fn placeholders(sql: &str) -> usize {
        let mut max = 0;
        let b = sql.as_bytes();
        for (i, c) in b.iter().enumerate() {
            if *c == b'?' {
                let n: String = b[i + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .map(|d| char::from(*d))
                    .collect();
                max = max.max(n.parse().unwrap_or(0));
            }
        }
        max
    }

    #[test]
    fn binds_match_placeholders() {
        let now = Timestamp::parse_rfc3339("2025-03-10T12:00:00+07:00").unwrap();
        let event = Event::from_json(
            0,
            &json!({"id": "a'b", "dossier": "000.00.06.H56-250310-0001", "status": 2,
                "at": "2025-03-10T09:00:00+07:00", "applicant": {"name": "Lê Văn Tám", "phone_last4": "0000"}}),
            now,
        )
        .unwrap();
        let calendar = crate::deadline::HolidayCalendar::vietnam();
        let ctx = ApplyContext {
            verify_pepper: "p",
            salt: "s",
            now,
            calendar: &calendar,
        };
        let [insert, upsert] = ingest_statements(&event, &ctx);
        assert_eq!(insert.binds.len(), placeholders(insert.sql));
        assert_eq!(upsert.binds.len(), placeholders(upsert.sql));
        let state = DossierState::from_event(&event, &ctx);
        let seed = insert_state(&state);
        assert_eq!(seed.binds.len(), placeholders(seed.sql));
        let code = event.dossier.clone();
        for s in [
            select_state(&code),
            select_history(&code),
            select_verify_failures(&code),
            clear_verify_failures(&code),
        ] {
            assert_eq!(s.binds.len(), placeholders(s.sql));
        }
        let r = record_verify_failure(&code, 1, &crate::dossier::privacy::VERIFY_LOCK);
        assert_eq!(r.binds.len(), placeholders(r.sql));
        for verifying in [false, true] {
            let reads = lookup_reads(&code, verifying);
            assert_eq!(reads.len(), 2 + usize::from(verifying));
            assert_eq!(reads[..2], [select_state(&code), select_history(&code)]);
            if verifying {
                assert_eq!(reads[2], select_verify_failures(&code));
            }
            // Decoys: the same statements, bound to (at most 64 characters of) the text.
            let long = "x".repeat(100);
            let decoys = decoy_reads(&long, verifying);
            assert_eq!(decoys.len(), reads.len());
            for (decoy, read) in decoys.iter().zip(&reads) {
                assert_eq!(decoy.sql, read.sql);
                assert_eq!(decoy.binds[0], SqlValue::Text("x".repeat(DECOY_KEY_CHARS)));
                assert_eq!(decoy.binds[1..], read.binds[1..]);
            }
        }
        // The reporting upsert differs only by reading the state back.
        let [insert_r, upsert_r] = ingest_statements_reporting(&event, &ctx);
        assert_eq!(insert_r, insert);
        assert_eq!(upsert_r.binds, upsert.binds);
        assert_eq!(
            upsert_r.sql,
            format!("{} RETURNING last_event_id", upsert.sql)
        );
        // The upsert binds the same columns as the seed insert, then the payload.
        assert_eq!(upsert.binds[..19], seed.binds[..]);
        assert_eq!(upsert.binds[19], SqlValue::Text(event.stored_payload()));
        // Inlining quotes text and keeps ?11 distinct from ?1.
        let inline = insert.to_inline_sql();
        assert!(
            inline.contains("VALUES ('a''b', '000.00.06.H56-250310-0001', 2, 20, "),
            "{inline}"
        );
        assert!(!inline.contains('?'));
        assert!(
            !upsert
                .binds
                .iter()
                .any(|b| *b == SqlValue::Text("0000".into())),
            "no raw digits"
        );
        assert_eq!(serde_json::to_string(&upsert.binds[5]).unwrap(), "null");
    }

    #[test]
    fn lock_state() {
        let f = VerifyFailures {
            window_start: 0,
            count: 5,
            locked_until: Some(100),
        };
        assert!(f.is_locked(99));
        assert!(!f.is_locked(100));
        assert_eq!(f.retry_after(40), Some(60));
        assert_eq!(f.retry_after(99), Some(1));
        assert_eq!(f.retry_after(100), None);
        let unlocked = VerifyFailures {
            locked_until: None,
            ..f
        };
        assert_eq!(unlocked.retry_after(0), None);
    }

    #[test]
    fn ingest_outcome_counts_each_events_fate() {
        let mut outcome = IngestOutcome::default();
        outcome.count("a", false, None);
        outcome.count("b", true, Some("b"));
        outcome.count("c", true, Some("b"));
        // Stored, but the guarded upsert did not apply (no row came back): not the state.
        outcome.count("d", true, None);
        assert_eq!(
            outcome,
            IngestOutcome {
                accepted: 1,
                duplicates: 1,
                stale: 2,
            }
        );
        assert_eq!(
            serde_json::to_value(outcome).unwrap(),
            json!({"accepted": 1, "duplicates": 1, "stale": 2})
        );
    }
}
