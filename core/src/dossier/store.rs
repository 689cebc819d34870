//! The SQL the edge runs against D1 (schema: `migrations/0001_dossiers.sql`), as text plus bind
//! values, so the Worker only executes and holds no rules.
//!
//! # Ingest (one D1 `batch()`, which runs as one transaction)
//!
//! For each event of a validated batch, in batch order, the two statements of
//! [`ingest_statements`]:
//!
//! 1. [`INSERT_EVENT`]: `INSERT … ON CONFLICT(id) DO NOTHING`. `meta.changes == 0` means the id
//!    was already stored: report the event as a duplicate.
//! 2. [`UPSERT_STATE`]: inserts the dossier's row or updates it. Status columns change only
//!    when the event's key `(at, status_rank, id)` is greater than the row's
//!    `(status_at, status_rank, last_event_id)` (a row-value comparison in SQL), so a late or
//!    concurrent delivery never moves the state backwards; descriptive columns follow the merge
//!    rules of [`super::state`] (which mirrors this statement column by column). The statement
//!    only applies if `dossier_events` holds this id *with this payload*, so an id re-used with
//!    different content cannot change the state. Re-running it is harmless (idempotent).
//!
//! No read is needed before writing; the result is the same for any delivery order.
//!
//! # Lookup
//!
//! [`select_state`] (one row or none) and [`select_history`] (payloads in event order, each
//! read back with `Event::from_stored_payload`), then `DossierView::build`. Verification uses
//! [`select_verify_failures`], and on a wrong answer [`record_verify_failure`], on a right one
//! [`clear_verify_failures`].

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

/// Insert or move forward a dossier's state. Binds: ?1 code, ?2 status, ?3 status_rank,
/// ?4 status_at, ?5 last_event_id, ?6 procedure_code, ?7 procedure_name, ?8 agency_id,
/// ?9 agency_name, ?10 received_at, ?11 appointment_at, ?12 processing_amount,
/// ?13 processing_unit, ?14 applicant_masked, ?15 verifier_salt, ?16 verifier_hash,
/// ?17 updated_at, ?18 the event's stored payload, ?19 original_appointment_at (the appointment
/// sent, or computed from the processing time), ?20 appointment_key.
///
/// In an UPDATE every SET expression sees the row as it was before the update, so the
/// "newer" test is the same for all columns.
pub const UPSERT_STATE: &str = "INSERT INTO dossiers (code, status, status_rank, status_at, last_event_id, procedure_code, procedure_name, agency_id, agency_name, received_at, appointment_at, original_appointment_at, processing_amount, processing_unit, applicant_masked, verifier_salt, verifier_hash, updated_at, appointment_key)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?19, ?12, ?13, ?14, ?15, ?16, ?17, ?20
WHERE EXISTS (SELECT 1 FROM dossier_events WHERE id = ?5 AND payload = ?18)
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
  updated_at = MAX(dossiers.updated_at, excluded.updated_at)";

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
    binds.extend([
        update.processing_amount.into(),
        update.processing_unit.clone().into(),
        update.applicant_masked.clone().into(),
        update.verifier_salt.clone().into(),
        update.verifier_hash.clone().into(),
        update.updated_at.into(),
        payload.into(),
        update.original_appointment_at.into(),
        update.appointment_key.clone().into(),
    ]);
    [
        insert,
        Statement {
            sql: UPSERT_STATE,
            binds,
        },
    ]
}

/// A plain insert of a computed state (seed files).
pub fn insert_state(state: &DossierState) -> Statement {
    let mut binds = state_binds(state);
    binds.extend([
        state.original_appointment_at.into(),
        state.processing_amount.into(),
        state.processing_unit.clone().into(),
        state.applicant_masked.clone().into(),
        state.verifier_salt.clone().into(),
        state.verifier_hash.clone().into(),
        state.updated_at.into(),
        state.appointment_key.clone().into(),
    ]);
    Statement {
        sql: INSERT_STATE,
        binds,
    }
}

pub fn select_state(code: &DossierCode) -> Statement {
    Statement {
        sql: SELECT_STATE,
        binds: vec![code.to_string().into()],
    }
}

pub fn select_history(code: &DossierCode) -> Statement {
    Statement {
        sql: SELECT_HISTORY,
        binds: vec![code.to_string().into(), HISTORY_LIMIT.into()],
    }
}

pub fn select_verify_failures(code: &DossierCode) -> Statement {
    Statement {
        sql: SELECT_VERIFY_FAILURES,
        binds: vec![code.to_string().into()],
    }
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
    Statement {
        sql: CLEAR_VERIFY_FAILURES,
        binds: vec![code.to_string().into()],
    }
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
    }
}
