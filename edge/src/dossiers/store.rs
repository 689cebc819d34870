//! D1 and the lookup limiter for dossiers: [`DossierStore`] runs the statements
//! `motcua_core::dossier::store` offers and reads their rows back into core's types. No SQL
//! and no rules here.

use super::runtime;
use motcua_core::access::{self, ClientKey};
use motcua_core::deadline::{HolidayCalendar, Timestamp};
use motcua_core::dossier::lookup::Stored;
use motcua_core::dossier::store::{self, HistoryRow, IngestOutcome, SqlValue, Statement};
use motcua_core::dossier::{ApplyContext, AttemptRow, DossierState, Event};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result, Env, RateLimiter};

const DB_BINDING: &str = "DB";
const LIMITER_BINDING: &str = "LOOKUP_LIMITER";
/// The limiter's period in wrangler.toml (`simple = { limit, period = 60 }`): a refused client
/// may retry after at most this long (core says how long: [`access::limiter_retry_after`]).
const LIMIT_PERIOD_SECONDS: u32 = 60;

/// The limiter refused this client: retry after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimited {
    pub retry_after: u32,
}

/// Inputs to turn events into statements.
pub struct IngestContext {
    pub verify_pepper: String,
    pub now: Timestamp,
    pub calendar: &'static HolidayCalendar,
}

/// The `DB` database and the `LOOKUP_LIMITER` rate limiter. A missing binding fails the
/// operations that need it (503), not the request before it is checked.
pub struct DossierStore {
    db: worker::Result<D1Database>,
    limiter: worker::Result<RateLimiter>,
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

fn too_few_results() -> worker::Error {
    worker::Error::RustError("D1 returned too few results".into())
}

#[derive(Deserialize)]
struct LastEventRow {
    last_event_id: String,
}

/// The rows of core's `lookup_reads` (or `decoy_reads`), then of `count_verify_attempt` (one
/// counter or none per statement), in their order.
fn stored(results: &[D1Result]) -> worker::Result<Stored> {
    let [state, history, counting @ ..] = results else {
        return Err(too_few_results());
    };
    let mut attempts = Vec::with_capacity(counting.len());
    for result in counting {
        attempts.extend(result.results::<AttemptRow>()?);
    }
    Ok(Stored::from_rows(
        state.results::<DossierState>()?,
        history.results::<HistoryRow>()?,
        attempts,
    ))
}

impl DossierStore {
    pub fn from_env(env: &Env) -> DossierStore {
        DossierStore {
            db: env.d1(DB_BINDING),
            limiter: env.rate_limiter(LIMITER_BINDING),
        }
    }

    fn db(&self) -> worker::Result<&D1Database> {
        self.db
            .as_ref()
            .map_err(|e| worker::Error::RustError(e.to_string()))
    }

    fn prepare(&self, statement: &Statement) -> worker::Result<D1PreparedStatement> {
        let values: Vec<JsValue> = statement.binds.iter().map(js).collect();
        self.db()?.prepare(statement.sql).bind(&values)
    }

    fn prepare_all<'s>(
        &self,
        statements: impl IntoIterator<Item = &'s Statement>,
    ) -> worker::Result<Vec<D1PreparedStatement>> {
        statements.into_iter().map(|s| self.prepare(s)).collect()
    }

    /// Per-client limit on lookups. A limiter that is missing or fails lets the lookup through
    /// (logged): a deployment fault should not take the citizen service down.
    pub async fn admit(&self, client: &ClientKey, now: Timestamp) -> Result<(), RateLimited> {
        let limiter = match &self.limiter {
            Ok(limiter) => limiter,
            Err(e) => {
                worker::console_warn!("rate limiter unavailable: {e}");
                return Ok(());
            }
        };
        match limiter.limit(client.to_string()).await {
            Ok(outcome) if !outcome.success => Err(RateLimited {
                retry_after: access::limiter_retry_after(now.0, LIMIT_PERIOD_SECONDS),
            }),
            Ok(_) => Ok(()),
            Err(e) => {
                worker::console_warn!("rate limiter failed: {e}");
                Ok(())
            }
        }
    }

    /// One lookup's reads, and the counting of its verification attempt (`counting`, empty
    /// when not verifying), in one round trip.
    pub async fn read(
        &self,
        reads: &[Statement],
        counting: &[Statement],
    ) -> worker::Result<Stored> {
        let statements = self.prepare_all(reads.iter().chain(counting))?;
        let results = self.db()?.batch(statements).await?;
        stored(&results)
    }

    /// Runs one statement (a lookup's write-back).
    pub async fn run(&self, statement: &Statement) -> worker::Result<()> {
        self.prepare(statement)?.run().await?;
        Ok(())
    }

    /// Stores validated events in ONE D1 batch (a transaction: all or nothing), with core's
    /// guarded statements, so duplicate, late and concurrent deliveries converge.
    pub async fn ingest(
        &self,
        events: &[Event],
        ctx: &IngestContext,
    ) -> worker::Result<IngestOutcome> {
        let (outcome, _) = self.ingest_with(events, ctx, &[]).await?;
        Ok(outcome)
    }

    /// [`Self::ingest`], then a lookup's `reads` at the end of the same batch (pull-through):
    /// the dossier as stored after the events.
    pub async fn ingest_then_read(
        &self,
        events: &[Event],
        ctx: &IngestContext,
        reads: &[Statement],
    ) -> worker::Result<(IngestOutcome, Stored)> {
        let (outcome, results) = self.ingest_with(events, ctx, reads).await?;
        Ok((outcome, stored(&results)?))
    }

    /// The ingest batch followed by `reads`; returns the outcome and the reads' results.
    async fn ingest_with(
        &self,
        events: &[Event],
        ctx: &IngestContext,
        reads: &[Statement],
    ) -> worker::Result<(IngestOutcome, Vec<D1Result>)> {
        let mut statements = Vec::with_capacity(events.len() * 2 + reads.len());
        for event in events {
            // A salt per event: only used (and stored) when the event carries phone digits.
            let salt = runtime::random_salt()?;
            let apply = ApplyContext {
                verify_pepper: &ctx.verify_pepper,
                salt: &salt,
                now: ctx.now,
                calendar: ctx.calendar,
            };
            statements
                .extend(self.prepare_all(&store::ingest_statements_reporting(event, &apply))?);
        }
        statements.extend(self.prepare_all(reads)?);
        let mut results = self.db()?.batch(statements).await?;

        let mut outcome = IngestOutcome::default();
        for (event, pair) in events.iter().zip(results.chunks(2)) {
            let [insert, upsert] = pair else {
                return Err(too_few_results());
            };
            let inserted = insert
                .meta()?
                .and_then(|m| m.changes)
                .is_some_and(|changes| changes > 0);
            let state = if inserted {
                upsert.results::<LastEventRow>()?.into_iter().next()
            } else {
                None
            };
            outcome.count(
                &event.id,
                inserted,
                state.as_ref().map(|row| row.last_event_id.as_str()),
            );
        }
        let reads_from = (events.len() * 2).min(results.len());
        Ok((outcome, results.split_off(reads_from)))
    }
}
