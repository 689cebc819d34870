//! D1 for dossiers: executes the statements `motcua_core::dossier::store` produces. The only SQL
//! added here is a `RETURNING` clause on the state upsert, which reads back whether the event
//! became the dossier's state (accepted) or not (stale) without another round trip.

use motcua_core::deadline::{HolidayCalendar, Timestamp};
use motcua_core::dossier::store::{self, SqlValue, Statement, VerifyFailures};
use motcua_core::dossier::{
    ApplyContext, DossierCode, DossierState, Event, VerifyLockPolicy, VERIFY_LOCK,
};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

/// What one ingest did, per event (the body of the 200 answer).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IngestOutcome {
    /// New events that became the dossier's state when applied.
    pub accepted: usize,
    /// Event ids already stored: nothing changed.
    pub duplicates: usize,
    /// New events older than the state: kept in the history, state unchanged.
    pub stale: usize,
}

/// What a lookup reads: the state row, the history and (when verifying) the failure counter.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub state: Option<DossierState>,
    pub history: Vec<Event>,
    pub failures: Option<VerifyFailures>,
}

fn js(value: &SqlValue) -> JsValue {
    match value {
        SqlValue::Null => JsValue::NULL,
        // Unix seconds and counts: exact in an f64 (D1 has no BigInt binding).
        SqlValue::Integer(i) => JsValue::from_f64(*i as f64),
        SqlValue::Real(f) if f.is_finite() => JsValue::from_f64(*f),
        SqlValue::Real(_) => JsValue::NULL,
        SqlValue::Text(s) => JsValue::from_str(s),
    }
}

fn prepare(db: &D1Database, sql: &str, binds: &[SqlValue]) -> worker::Result<D1PreparedStatement> {
    let values: Vec<JsValue> = binds.iter().map(js).collect();
    db.prepare(sql).bind(&values)
}

fn upsert_returning() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| format!("{} RETURNING last_event_id", store::UPSERT_STATE))
}

/// The reads of a lookup, by code text: the canonical code of a valid request, or the raw text
/// of a malformed one (which matches nothing) so every answer costs the same D1 work.
fn read_statements(code_text: &str, with_failures: bool) -> Vec<Statement> {
    let mut reads = vec![
        Statement {
            sql: store::SELECT_STATE,
            binds: vec![code_text.into()],
        },
        Statement {
            sql: store::SELECT_HISTORY,
            binds: vec![code_text.into(), store::HISTORY_LIMIT.into()],
        },
    ];
    if with_failures {
        reads.push(Statement {
            sql: store::SELECT_VERIFY_FAILURES,
            binds: vec![code_text.into()],
        });
    }
    reads
}

#[derive(Deserialize)]
struct PayloadRow {
    payload: String,
}

#[derive(Deserialize)]
struct LastEventRow {
    last_event_id: String,
}

fn snapshot(results: &[D1Result], with_failures: bool) -> worker::Result<Snapshot> {
    let [state, history, rest @ ..] = results else {
        return Err(worker::Error::RustError(
            "D1 returned too few results".into(),
        ));
    };
    let state = state.results::<DossierState>()?.into_iter().next();
    let history = history
        .results::<PayloadRow>()?
        .iter()
        .filter_map(|row| Event::from_stored_payload(&row.payload))
        .collect();
    let failures = match rest.first() {
        Some(result) if with_failures => result.results::<VerifyFailures>()?.into_iter().next(),
        _ => None,
    };
    Ok(Snapshot {
        state,
        history,
        failures,
    })
}

/// One lookup's reads in one D1 round trip.
pub async fn read(
    db: &D1Database,
    code_text: &str,
    with_failures: bool,
) -> worker::Result<Snapshot> {
    let statements = read_statements(code_text, with_failures)
        .iter()
        .map(|s| prepare(db, s.sql, &s.binds))
        .collect::<worker::Result<Vec<_>>>()?;
    let results = db.batch(statements).await?;
    snapshot(&results, with_failures)
}

/// Inputs to turn events into statements.
pub struct IngestContext<'a> {
    pub verify_pepper: &'a str,
    pub now: Timestamp,
    pub calendar: &'a HolidayCalendar,
}

/// Stores validated events in ONE D1 batch (a transaction: all or nothing), with core's guarded
/// statements, so duplicate, late and concurrent deliveries converge. When `then_read` is given,
/// that dossier's lookup reads run at the end of the same batch (pull-through).
pub async fn ingest(
    db: &D1Database,
    events: &[Event],
    ctx: &IngestContext<'_>,
    then_read: Option<(&DossierCode, bool)>,
) -> worker::Result<(IngestOutcome, Option<Snapshot>)> {
    let mut statements = Vec::with_capacity(events.len() * 2 + 3);
    for event in events {
        // A salt per event: only used (and stored) when the event carries phone digits.
        let salt = super::runtime::random_salt()?;
        let apply = ApplyContext {
            verify_pepper: ctx.verify_pepper,
            salt: &salt,
            now: ctx.now,
            calendar: ctx.calendar,
        };
        let [insert, upsert] = store::ingest_statements(event, &apply);
        statements.push(prepare(db, insert.sql, &insert.binds)?);
        statements.push(prepare(db, upsert_returning(), &upsert.binds)?);
    }
    let read_code = then_read.map(|(code, with_failures)| (code.to_string(), with_failures));
    if let Some((code, with_failures)) = &read_code {
        for s in read_statements(code, *with_failures) {
            statements.push(prepare(db, s.sql, &s.binds)?);
        }
    }
    let results = db.batch(statements).await?;

    let mut outcome = IngestOutcome::default();
    for (event, pair) in events.iter().zip(results.chunks(2)) {
        let [insert, upsert] = pair else {
            return Err(worker::Error::RustError(
                "D1 returned too few results".into(),
            ));
        };
        let inserted = insert
            .meta()?
            .and_then(|m| m.changes)
            .is_some_and(|changes| changes > 0);
        if !inserted {
            outcome.duplicates += 1;
            continue;
        }
        let current = upsert.results::<LastEventRow>()?;
        if current
            .first()
            .is_some_and(|row| row.last_event_id == event.id)
        {
            outcome.accepted += 1;
        } else {
            outcome.stale += 1;
        }
    }
    let snapshot = match &read_code {
        Some((_, with_failures)) => {
            let reads = results.get(events.len() * 2..).unwrap_or_default();
            Some(snapshot(reads, *with_failures)?)
        }
        None => None,
    };
    Ok((outcome, snapshot))
}

/// The lockout policy the edge applies (core's).
pub const LOCK: VerifyLockPolicy = VERIFY_LOCK;

/// Counts a failed verification (may lock the code).
pub async fn record_verify_failure(
    db: &D1Database,
    code: &DossierCode,
    now: Timestamp,
) -> worker::Result<()> {
    let s = store::record_verify_failure(code, now.0, &LOCK);
    prepare(db, s.sql, &s.binds)?.run().await?;
    Ok(())
}

/// Forgets past failures after a successful verification.
pub async fn clear_verify_failures(db: &D1Database, code: &DossierCode) -> worker::Result<()> {
    let s = store::clear_verify_failures(code);
    prepare(db, s.sql, &s.binds)?.run().await?;
    Ok(())
}
