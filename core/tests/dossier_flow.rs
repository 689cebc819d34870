//! The edge's two flows through the public API only: a signed batch in, a lookup out.

use motcua_core::access::ClientKey;
use motcua_core::deadline::{HolidayCalendar, OnTimeState, Timestamp};
use motcua_core::dossier::lookup::{self, Answer, Lookup, Refresh, Stored};
use motcua_core::dossier::{
    decide, sign, store, validate_batch, verify, ApplyContext, AttemptRow, Decision, DossierCode,
    DossierState, Event, SignatureError, Verification, VERIFY_POLICY,
};
use std::convert::Infallible;

const SECRET: &str = "dev-only-ingest-secret-change-me";
const PEPPER: &str = "dev-only-verify-pepper";

fn t(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

const BODY: &str = r#"{"events":[
 {"id":"vnpt:1","dossier":"000.00.06.H56-250124-0361","status":"new","at":"2025-01-24T16:45:00+07:00",
  "procedure":"1.001193","procedure_name":"Đăng ký khai sinh","agency":"000.00.06.H56",
  "agency_name":"Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa","received_at":"2025-01-24T16:45:00+07:00",
  "processing_time":{"amount":3,"unit":"WORKING_DAY"},"applicant":{"name":"Nguyễn Văn An","phone_last4":"4321"}},
 {"id":"vnpt:3","dossier":"000.00.06.H56-250124-0361","status":"waiting","at":"2025-02-04T09:00:00+07:00","note":"Bổ sung tờ khai"},
 {"id":"vnpt:2","dossier":"000.00.06.H56-250124-0361","status":"processing","at":"2025-02-03T08:00:00+07:00"}
]}"#;

#[test]
fn signed_batch_to_state_to_view() {
    let now = t("2025-02-10T09:00:00+07:00");
    let sig = sign(SECRET, now.0, BODY.as_bytes());
    let ts = now.0.to_string();
    verify(SECRET, Some(&ts), Some(&sig), BODY.as_bytes(), now.0).unwrap();
    assert_eq!(
        verify(SECRET, Some(&ts), Some(&sig), BODY.as_bytes(), now.0 + 3600),
        Err(SignatureError::Expired {
            skew_seconds: -3600
        })
    );

    let events = validate_batch(BODY.as_bytes(), now).unwrap();
    let calendar = HolidayCalendar::vietnam();
    let ctx = ApplyContext {
        verify_pepper: PEPPER,
        salt: "edge-random-salt",
        now,
        calendar: &calendar,
    };
    let mut state: Option<DossierState> = None;
    let mut seen: Vec<String> = Vec::new();
    let mut decisions = Vec::new();
    for e in &events {
        let decision = decide(state.as_ref(), e, seen.contains(&e.id), &ctx);
        decisions.push(std::mem::discriminant(&decision));
        if let Decision::Accepted(s) | Decision::Stale(s) = decision {
            state = Some(s);
        }
        seen.push(e.id.clone());
        // What the edge would bind: never the raw phone digits or full name.
        for statement in store::ingest_statements(e, &ctx) {
            let binds = serde_json::to_string(&statement.binds).unwrap();
            assert!(
                !binds.contains("4321") && !binds.contains("Văn An"),
                "{binds}"
            );
        }
    }
    let state = state.unwrap();
    // vnpt:2 arrived after vnpt:3 and is older: stale, status stays 5.
    assert_eq!(state.status.code(), 5);
    assert_eq!(state.last_event_id, "vnpt:3");

    // Lookup: the citizen pastes the code with a dash variant.
    let code = DossierCode::parse(" 000.00.06.h56 – 250124 – 0361 ").unwrap();
    assert_eq!(code.to_string(), state.code);
    let history: Vec<Event> = events
        .iter()
        .map(|e| Event::from_stored_payload(&e.stored_payload()).unwrap())
        .collect();
    let stored = Stored {
        state: Some(state),
        history,
        // The attempt as counted before the check: the first of its window on every counter.
        attempts: VERIFY_POLICY
            .tiers
            .iter()
            .map(|tier| AttemptRow {
                key: tier.key(&code, &ClientKey::from_header(Some("203.0.113.7"))),
                window_start: now.0,
                count: 1,
            })
            .collect(),
    };
    let outcome = lookup::decide(
        &Lookup {
            stored: &stored,
            digits: Some("4321"),
            refresh: Refresh::NotAsked,
            now,
            calendar: &calendar,
        },
        || Ok::<_, Infallible>(PEPPER.to_string()),
    )
    .unwrap();
    // Right digits: this client's counters are forgotten.
    assert_eq!(outcome.write_back, Some(lookup::WriteBack::ForgetAttempts));
    let Answer::Found(view) = outcome.answer else {
        panic!("{:?}", outcome.answer)
    };
    assert_eq!(view.verification, Verification::Verified);
    // Received Friday 24/01/2025 16:45, 3 working days: Mon 03/02, Tue 04/02, Wed 05/02 (Tết
    // 25/01–02/02 skipped), same time of day.
    assert_eq!(
        view.appointment_at.as_deref(),
        Some("2025-02-05T16:45:00+07:00")
    );
    // Monday 10/02: 06, 07, 08 (make-up Saturday), 10 → 4 working days late.
    assert_eq!(view.on_time.state, OnTimeState::Late);
    assert_eq!(view.on_time.working_days, 4);
    assert_eq!(view.status.label, "Yêu cầu bổ sung hồ sơ");
    let statuses: Vec<u8> = view.timeline.iter().flatten().map(|e| e.status).collect();
    assert_eq!(statuses, [2, 4, 5]);
    assert_eq!(view.applicant.unwrap().name, "Nguyễn V. A.");
}
