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
//! [`lookup_reads`] in one batch: [`select_state`] (one row or none) and [`select_history`]
//! (payloads in event order, each read back with `Event::from_stored_payload`); when verifying
//! phone digits, [`count_verify_attempt`] in the same batch counts the attempt before anything
//! is checked (schema: `migrations/0002_verify_attempts.sql`; why: [`super::attempts`]).
//! [`super::lookup::decide`] then says what to answer and what to write back: after the right
//! digits, [`forget_verify_attempts`] for that client. A malformed code runs [`decoy_reads`]
//! instead.

use super::attempts::VerifyPolicy;
use super::code::DossierCode;
use super::event::Event;
use super::state::{ApplyContext, DossierState};
use crate::access::ClientKey;
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

/// Counts one verification attempt on one counter (see [`super::attempts`]), in the lookup's
/// read batch, and returns the counter. A new window starts when the row's window is over.
/// The attempt is counted only when none of the counters counted before it in the same batch
/// (?5, ?6; NULL when there are fewer) refused it, so attempts another counter refused do not
/// spend this one. Binds: ?1 key, ?2 now, ?3 window seconds, ?4 allowance, ?5 and ?6 the keys
/// of the earlier counters.
pub const COUNT_VERIFY_ATTEMPT: &str = "INSERT INTO verify_attempts (key, window_start, count, window_seconds, max_count)
SELECT ?1, ?2, 1, ?3, ?4
WHERE NOT EXISTS (SELECT 1 FROM verify_attempts AS earlier WHERE earlier.key IN (?5, ?6) AND earlier.window_start > ?2 - earlier.window_seconds AND earlier.count > earlier.max_count)
ON CONFLICT(key) DO UPDATE SET
  window_start = CASE WHEN verify_attempts.window_start <= ?2 - ?3 THEN ?2 ELSE verify_attempts.window_start END,
  count = CASE WHEN verify_attempts.window_start <= ?2 - ?3 THEN 1 ELSE verify_attempts.count + 1 END,
  window_seconds = ?3,
  max_count = ?4
RETURNING key, window_start, count";

/// Forgets a client's counters after it gave the right digits. Binds: ?1, ?2 the keys.
pub const FORGET_VERIFY_ATTEMPTS: &str = "DELETE FROM verify_attempts WHERE key IN (?1, ?2)";

/// Deletes counters whose window ended (housekeeping, e.g. from a scheduled job). Binds: ?1 now.
pub const PURGE_VERIFY_ATTEMPTS: &str =
    "DELETE FROM verify_attempts WHERE window_start <= ?1 - window_seconds";

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

fn reads_of(code: &str) -> Vec<Statement> {
    vec![by_code(SELECT_STATE, code), select_history_of(code)]
}

/// The reads of one lookup, in one batch and in this order: the state row and the history.
/// A lookup that verifies phone digits runs [`count_verify_attempt`] after them in the same
/// batch. Their rows make a [`super::lookup::Stored`] ([`super::lookup::Stored::from_rows`]).
pub fn lookup_reads(code: &DossierCode) -> Vec<Statement> {
    reads_of(&code.to_string())
}

/// The most characters of a malformed code that [`decoy_reads`] binds.
pub const DECOY_KEY_CHARS: usize = 64;

/// [`lookup_reads`] for text that is not a dossier code. They match nothing (stored codes are
/// canonical, and canonical text parses), but a malformed code then costs the store what a
/// hit costs, so its answer time says nothing about which codes exist.
pub fn decoy_reads(text: &str) -> Vec<Statement> {
    let bounded: String = text.chars().take(DECOY_KEY_CHARS).collect();
    reads_of(&bounded)
}

/// The statements that count one verification attempt by `client` at `code`, one per counter
/// of `policy` in its order; each returns the counter as a [`super::attempts::AttemptRow`] (none when an
/// earlier counter refused the attempt).
pub fn count_verify_attempt(
    code: &DossierCode,
    client: &ClientKey,
    now_unix: i64,
    policy: &VerifyPolicy,
) -> Vec<Statement> {
    let keys: Vec<String> = policy.tiers.iter().map(|t| t.key(code, client)).collect();
    policy
        .tiers
        .iter()
        .enumerate()
        .map(|(i, tier)| {
            let earlier = |n: usize| SqlValue::from(keys[..i].get(n).cloned());
            Statement {
                sql: COUNT_VERIFY_ATTEMPT,
                binds: vec![
                    keys[i].clone().into(),
                    now_unix.into(),
                    tier.window_seconds.into(),
                    tier.max.into(),
                    earlier(0),
                    earlier(1),
                ],
            }
        })
        .collect()
}

/// Forgets `client`'s counters at `code` (after the right digits).
pub fn forget_verify_attempts(
    code: &DossierCode,
    client: &ClientKey,
    policy: &VerifyPolicy,
) -> Statement {
    let keys = policy.client_keys(code, client);
    let key = |n: usize| SqlValue::from(keys.get(n).cloned());
    Statement {
        sql: FORGET_VERIFY_ATTEMPTS,
        binds: vec![key(0), key(1)],
    }
}

/// Deletes the counters whose window is over at `now_unix`.
pub fn purge_verify_attempts(now_unix: i64) -> Statement {
    Statement {
        sql: PURGE_VERIFY_ATTEMPTS,
        binds: vec![now_unix.into()],
    }
}

/// A history row as [`SELECT_HISTORY`] returns it (read back with
/// `Event::from_stored_payload`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub payload: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::Timestamp;
    use crate::dossier::attempts::VERIFY_POLICY;
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
        let client = ClientKey::from_header(Some("203.0.113.7"));
        let counting = count_verify_attempt(&code, &client, 1, &VERIFY_POLICY);
        for s in [select_state(&code), select_history(&code)]
            .iter()
            .chain(&counting)
            .chain([
                &forget_verify_attempts(&code, &client, &VERIFY_POLICY),
                &purge_verify_attempts(1),
            ])
        {
            assert_eq!(s.binds.len(), placeholders(s.sql));
        }
        let reads = lookup_reads(&code);
        assert_eq!(reads, [select_state(&code), select_history(&code)]);
        // Decoys: the same statements, bound to (at most 64 characters of) the text.
        let long = "x".repeat(100);
        let decoys = decoy_reads(&long);
        assert_eq!(decoys.len(), reads.len());
        for (decoy, read) in decoys.iter().zip(&reads) {
            assert_eq!(decoy.sql, read.sql);
            assert_eq!(decoy.binds[0], SqlValue::Text("x".repeat(DECOY_KEY_CHARS)));
            assert_eq!(decoy.binds[1..], read.binds[1..]);
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

    /// Each counter is counted only if the counters before it admitted the attempt: the
    /// first with no earlier keys, the others naming every earlier key.
    #[test]
    fn attempts_are_counted_counter_by_counter() {
        let code = DossierCode::parse("000.00.06.H56-250310-0001").unwrap();
        let client = ClientKey::from_header(Some("::ffff:203.0.113.7"));
        let keys: Vec<SqlValue> = VERIFY_POLICY
            .tiers
            .iter()
            .map(|t| t.key(&code, &client).into())
            .collect();
        let counting = count_verify_attempt(&code, &client, 1_000, &VERIFY_POLICY);
        assert_eq!(counting.len(), VERIFY_POLICY.tiers.len());
        for (i, (statement, tier)) in counting.iter().zip(VERIFY_POLICY.tiers).enumerate() {
            assert_eq!(statement.sql, COUNT_VERIFY_ATTEMPT);
            assert_eq!(
                statement.binds[..4],
                [
                    keys[i].clone(),
                    SqlValue::Integer(1_000),
                    SqlValue::Integer(tier.window_seconds),
                    SqlValue::Integer(tier.max)
                ]
            );
            let earlier: Vec<&SqlValue> = statement.binds[4..]
                .iter()
                .filter(|b| **b != SqlValue::Null)
                .collect();
            assert_eq!(earlier, keys[..i].iter().collect::<Vec<_>>());
        }
        // The right digits forget this client's counters, not the dossier's.
        let forget = forget_verify_attempts(&code, &client, &VERIFY_POLICY);
        assert_eq!(forget.binds, keys[..2]);
        // The migration carries old per-dossier failures into the dossier counter's keys.
        let migration = include_str!("../../../migrations/0002_verify_attempts.sql");
        let dossier_key = VERIFY_POLICY.tiers[2].key(&code, &client);
        let prefix = dossier_key.strip_suffix(&code.to_string()).unwrap();
        assert!(
            migration.contains(&format!("'{prefix}' || code")),
            "{prefix}"
        );
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
