//! What `GET /v1/health` says: the live catalog (version, age), the last Cron refresh, and
//! whether the service can answer citizens.
//!
//! Semantics (for monitors): **200** with `status: "ok"` while a catalog is live and
//! readable — even when the last refresh failed, because citizens are served (the failure is in
//! `last_refresh`, `ok: false`); **503** `application/problem+json` with `status: "degraded"`
//! in its `health` member when no catalog is live or it cannot be read, since then every
//! procedure answer is a 503 too.

use crate::catalog::kv::CatalogMeta;
use crate::deadline::Timestamp;
use crate::messages::{Api, Message};
use crate::publish::refresh::{Outcome, RefreshRecord};
use serde::Serialize;

/// What the edge could find out about the live catalog.
#[derive(Debug, Clone, Copy)]
pub enum CatalogState<'a> {
    Live(&'a CatalogMeta),
    /// No pointer, or it names a version whose index is missing.
    NotPublished,
    /// KV failed or the live index is unreadable.
    Unreadable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Degraded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogHealth {
    pub version: String,
    pub hash: String,
    pub procedures: usize,
    pub generated_at: String,
    /// RFC 3339 (Vietnam time); absent for versions published before it was recorded.
    pub published_at: Option<String>,
    /// Seconds since it was published.
    pub age_seconds: Option<i64>,
    /// `sharded` or `legacy` (one KV value per procedure).
    pub layout: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefreshHealth {
    pub at: String,
    pub outcome: Outcome,
    pub ok: bool,
    pub detail: String,
    pub live_version: Option<String>,
    pub feed_version: Option<String>,
    pub last_success_at: Option<String>,
}

/// The health document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    pub status: Status,
    pub service: &'static str,
    pub version: &'static str,
    /// Why it is degraded (`no_catalog`, `catalog_unreadable`); empty when ok.
    pub reasons: Vec<&'static str>,
    pub catalog: Option<CatalogHealth>,
    /// `null` until a Cron refresh has run (or when none is configured).
    pub last_refresh: Option<RefreshHealth>,
}

/// A degraded health as problem+json (RFC 9457), the document in its `health` member.
#[derive(Debug, Clone, Serialize)]
pub struct HealthProblem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub detail_en: String,
    pub health: Health,
}

fn rfc3339(seconds: i64) -> String {
    Timestamp(seconds).to_rfc3339_vn()
}

/// The report at `now` (Unix seconds) for the service `service` at release `version`.
pub fn report(
    service: &'static str,
    version: &'static str,
    catalog: CatalogState<'_>,
    refresh: Option<&RefreshRecord>,
    now: i64,
) -> Health {
    let (status, reasons, catalog) = match catalog {
        CatalogState::Live(meta) => (
            Status::Ok,
            vec![],
            Some(CatalogHealth {
                version: meta.version.clone(),
                hash: meta.hash.clone(),
                procedures: meta.counts.procedures,
                generated_at: meta.generated_at.clone(),
                published_at: meta.published_at.map(rfc3339),
                age_seconds: meta.published_at.map(|p| (now - p).max(0)),
                layout: if meta.layout.is_some() {
                    "sharded"
                } else {
                    "legacy"
                },
            }),
        ),
        CatalogState::NotPublished => (Status::Degraded, vec!["no_catalog"], None),
        CatalogState::Unreadable => (Status::Degraded, vec!["catalog_unreadable"], None),
    };
    Health {
        status,
        service,
        version,
        reasons,
        catalog,
        last_refresh: refresh.map(|r| RefreshHealth {
            at: rfc3339(r.at),
            outcome: r.outcome,
            ok: r.outcome.ok(),
            detail: r.detail.clone(),
            live_version: r.live_version.clone(),
            feed_version: r.feed_version.clone(),
            last_success_at: r.last_success_at.map(rfc3339),
        }),
    }
}

impl Health {
    pub fn http_status(&self) -> u16 {
        match self.status {
            Status::Ok => 200,
            Status::Degraded => 503,
        }
    }

    /// The 503 answer of a degraded health.
    pub fn into_problem(self) -> HealthProblem {
        let detail = Api::HealthDegraded.both(&[]);
        HealthProblem {
            kind: "https://motcua.invalid/problems/unavailable",
            title: format!(
                "{} / {}",
                Api::TitleUnavailable.text(crate::messages::Lang::Vi),
                Api::TitleUnavailable.text(crate::messages::Lang::En)
            ),
            status: 503,
            detail: detail.vi,
            detail_en: detail.en,
            health: self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Artefact;
    use crate::publish::refresh::{RunEnd, Validators};

    fn meta(published_at: Option<i64>) -> CatalogMeta {
        let a = Artefact::build(
            vec![],
            Some("v1".into()),
            "2026-05-01T00:00:00Z".into(),
            vec![],
        )
        .unwrap();
        CatalogMeta {
            published_at,
            ..CatalogMeta::of(&a)
        }
    }

    #[test]
    fn a_live_catalog_is_ok_with_its_age_even_when_a_refresh_failed() {
        let m = meta(Some(1_000));
        let refresh = RefreshRecord::after(
            None,
            RunEnd {
                at: 1_500,
                outcome: Outcome::FeedError,
                detail: "feed answered HTTP 503".into(),
                live_version: Some("v1".into()),
                feed_version: None,
                validators: Validators::default(),
                duration_ms: 3,
                kv_ops: 4,
            },
        );
        let h = report(
            "motcua-edge",
            "0.1.0",
            CatalogState::Live(&m),
            Some(&refresh),
            4_600,
        );
        assert_eq!(h.status, Status::Ok);
        assert_eq!(h.http_status(), 200);
        let c = h.catalog.as_ref().unwrap();
        assert_eq!((c.age_seconds, c.layout), (Some(3_600), "legacy"));
        assert_eq!(c.published_at.as_deref(), Some("1970-01-01T07:16:40+07:00"));
        let r = h.last_refresh.as_ref().unwrap();
        assert!(!r.ok);
        assert_eq!(r.outcome, Outcome::FeedError);
        assert_eq!(r.last_success_at, None);
    }

    #[test]
    fn no_catalog_is_degraded_and_a_503_problem() {
        for (state, reason) in [
            (CatalogState::NotPublished, "no_catalog"),
            (CatalogState::Unreadable, "catalog_unreadable"),
        ] {
            let h = report("motcua-edge", "0.1.0", state, None, 0);
            assert_eq!(h.http_status(), 503);
            assert_eq!(h.reasons, vec![reason]);
            let p = h.into_problem();
            let json = serde_json::to_value(&p).unwrap();
            assert_eq!(json["status"], 503);
            assert_eq!(json["health"]["status"], "degraded");
            assert!(json["detail"].as_str().unwrap().contains("danh mục"));
            assert_eq!(
                json["detail_en"],
                "Not ready: no procedure catalog is live."
            );
        }
    }
}
