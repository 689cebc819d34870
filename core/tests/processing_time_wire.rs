//! The one processing-time type keeps every spelling it had on every surface: the catalog's
//! JSON (public API), ingested dossier events, their stored payloads, and the D1
//! `processing_unit` column (written, read back, and allowed by the migration's CHECK).

use motcua_core::catalog::{Channel, Procedure, ProcessingTime, TimeUnit, Way};
use motcua_core::deadline::{HolidayCalendar, Timestamp};
use motcua_core::dossier::{
    store, validate_batch, ApplyContext, BatchError, DossierState, DossierView, Event,
    EventProblem, Staleness, Verification,
};
use serde_json::json;

const MIGRATION: &str = include_str!("../../migrations/0001_dossiers.sql");

fn t(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

fn event_with_unit(unit: &str) -> serde_json::Value {
    json!({"id": "e1", "dossier": "000.00.06.H56-250310-0001", "status": 2,
        "at": "2025-03-10T09:00:00+07:00", "received_at": "2025-03-10T09:00:00+07:00",
        "processing_time": {"amount": 3, "unit": unit}})
}

fn ingest(unit: &str) -> Result<Vec<Event>, BatchError> {
    let body = serde_json::to_vec(&json!({ "events": [event_with_unit(unit)] })).unwrap();
    validate_batch(&body, t("2025-03-10T12:00:00+07:00"))
}

#[test]
fn catalog_json_spells_units_in_snake_case() {
    let spelled = [
        (TimeUnit::WorkingDay, "working_day"),
        (TimeUnit::Day, "day"),
        (TimeUnit::Hour, "hour"),
        (TimeUnit::Month, "month"),
        (TimeUnit::Year, "year"),
        (TimeUnit::Other, "other"),
    ];
    for (unit, name) in spelled {
        let time = ProcessingTime { amount: 5.0, unit };
        let text = serde_json::to_string(&time).unwrap();
        assert_eq!(text, format!(r#"{{"amount":5.0,"unit":"{name}"}}"#));
        assert_eq!(serde_json::from_str::<ProcessingTime>(&text).unwrap(), time);
    }
    // The upper-case names are not the catalog's spelling.
    assert!(
        serde_json::from_str::<ProcessingTime>(r#"{"amount":5,"unit":"WORKING_DAY"}"#).is_err()
    );
    // Inside a procedure, as the API serves it.
    let mut p = Procedure::new("1.001193", "Đăng ký khai sinh");
    p.ways.push(Way {
        channel: Channel::Online,
        processing_time: Some(ProcessingTime {
            amount: 0.5,
            unit: TimeUnit::WorkingDay,
        }),
        fees: vec![],
        description: None,
    });
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains(r#""processing_time":{"amount":0.5,"unit":"working_day"}"#));
}

#[test]
fn ingested_events_read_portal_names_in_any_case_and_refuse_other() {
    for (unit, expected) in [
        ("WORKING_DAY", TimeUnit::WorkingDay),
        ("working_day", TimeUnit::WorkingDay),
        (" Hour ", TimeUnit::Hour),
        ("DAY", TimeUnit::Day),
        ("MONTH", TimeUnit::Month),
        ("YEAR", TimeUnit::Year),
    ] {
        let events = ingest(unit).unwrap();
        assert_eq!(events[0].processing_time.map(|p| p.unit), Some(expected));
    }
    for unit in ["OTHER", "other", "WEEK"] {
        match ingest(unit) {
            Err(BatchError::Invalid(errors)) => {
                assert_eq!(errors[0].field, "processing_time.unit");
                assert_eq!(errors[0].problem, EventProblem::UnknownUnit);
            }
            other => panic!("{unit}: {other:?}"),
        }
    }
}

#[test]
fn stored_payloads_and_d1_rows_use_upper_case_names() {
    let event = ingest("working_day").unwrap().remove(0);
    // The stored payload (dossier_events.payload) and its read-back.
    let payload = event.stored_payload();
    assert!(
        payload.contains(r#""processing_time":{"amount":3.0,"unit":"WORKING_DAY"}"#),
        "{payload}"
    );
    assert_eq!(Event::from_stored_payload(&payload), Some(event.redacted()));
    let stored_earlier = payload.replace("3.0", "3");
    assert_eq!(
        Event::from_stored_payload(&stored_earlier).and_then(|e| e.processing_time),
        event.processing_time
    );

    // The dossiers row: written with WORKING_DAY, bound as such, read back into a view that
    // computes the appointment from it.
    let calendar = HolidayCalendar::vietnam();
    let now = t("2025-03-12T12:00:00+07:00");
    let ctx = ApplyContext {
        verify_pepper: "pepper",
        salt: "salt",
        now,
        calendar: &calendar,
    };
    let state = DossierState::from_event(&event, &ctx);
    assert_eq!(state.processing_unit.as_deref(), Some("WORKING_DAY"));
    let binds = serde_json::to_string(&store::ingest_statements(&event, &ctx)[1].binds).unwrap();
    assert!(binds.contains(r#""WORKING_DAY""#), "{binds}");
    let row = serde_json::to_value(&state).unwrap();
    assert_eq!(row["processing_unit"], "WORKING_DAY");
    let read_back: DossierState = serde_json::from_value(row).unwrap();
    let view = DossierView::build(
        &read_back,
        &[event],
        &calendar,
        now,
        Verification::NotRequested,
        Staleness::default(),
    );
    // Monday 10/03/2025 09:00 + 3 working days.
    assert_eq!(
        view.appointment_at.as_deref(),
        Some("2025-03-13T09:00:00+07:00")
    );
}

#[test]
fn the_d1_check_allows_exactly_the_countable_units() {
    let check = MIGRATION
        .lines()
        .find(|l| l.contains("processing_unit") && l.contains("CHECK"))
        .expect("the processing_unit column has a CHECK");
    for unit in TimeUnit::ALL {
        assert_eq!(
            check.contains(&format!("'{}'", unit.as_str())),
            unit.is_countable(),
            "{unit:?} in {check}"
        );
    }
}
