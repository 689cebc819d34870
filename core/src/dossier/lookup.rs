//! The citizen's lookup, decided in one place. The edge runs [`store::lookup_reads`], pulls
//! from upstream when [`needs_refresh`] says so, calls [`decide`] and does what it answers:
//! runs the write-back statement and renders the view or the refusal.
//!
//! The rules, in order (each answers before the next is asked):
//! 1. upstream could not be asked and nothing is stored: [`Answer::Unavailable`] (we cannot
//!    say the dossier does not exist: the source did not answer);
//! 2. nothing stored: [`Answer::NotFound`];
//! 3. digits given and the code locked: [`Answer::Locked`], the digits left unchecked;
//! 4. digits given: checked against the stored verifier with the pepper. No phone on file
//!    counts as a wrong answer, so the answer does not reveal that. A wrong answer is
//!    recorded ([`WriteBack::RecordFailure`], which locks the code per [`VERIFY_LOCK`]); a
//!    right one clears earlier failures when there are any ([`WriteBack::ClearFailures`]);
//! 5. the view, built once, marked stale when upstream could not be asked.
//!
//! The failure counter comes in with the reads ([`Stored::failures`]) and goes out as a
//! write-back statement, so a policy that counts each attempt before checking it (a counting
//! statement in [`store::lookup_reads`] instead of the plain read) changes this module and
//! the store's statements, not the edge.

use super::code::DossierCode;
use super::event::Event;
use super::privacy::{check_verifier, VERIFY_LOCK};
use super::state::DossierState;
use super::store::{self, HistoryRow, Statement, VerifyFailures};
use super::view::{DossierView, Staleness, Verification};
use crate::deadline::{HolidayCalendar, Timestamp};

/// What one lookup read from the store ([`store::lookup_reads`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub state: Option<DossierState>,
    pub history: Vec<Event>,
    /// The failure counter; read only when verifying.
    pub failures: Option<VerifyFailures>,
}

impl Stored {
    /// From the rows of [`store::lookup_reads`]: the state rows, the history rows and (when
    /// verifying) the failure rows. A stored payload that no longer parses is left out.
    pub fn from_rows(
        state: Vec<DossierState>,
        history: Vec<HistoryRow>,
        failures: Vec<VerifyFailures>,
    ) -> Stored {
        Stored {
            state: state.into_iter().next(),
            history: history
                .iter()
                .filter_map(|row| Event::from_stored_payload(&row.payload))
                .collect(),
            failures: failures.into_iter().next(),
        }
    }
}

/// Whether a lookup should ask upstream: nothing stored, or a row last refreshed more than
/// `fresh_seconds` ago.
pub fn needs_refresh(state: Option<&DossierState>, now: Timestamp, fresh_seconds: i64) -> bool {
    state.is_none_or(|s| now.0 - s.updated_at > fresh_seconds)
}

/// How the pull from upstream went for this lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Refresh {
    /// No upstream configured, or the stored row is fresh: upstream was not asked.
    #[default]
    NotAsked,
    /// Upstream answered and its events were stored; [`Stored`] holds the reads made after.
    Refreshed,
    /// Upstream does not know the code: what is stored (if anything) is all there is.
    UnknownUpstream,
    /// Upstream could not be asked (down, too slow, an answer refused): a stored state is
    /// served stale.
    Failed,
}

/// Everything one lookup decision needs.
#[derive(Debug, Clone, Copy)]
pub struct Lookup<'a> {
    pub stored: &'a Stored,
    /// The last four digits of the phone, when the caller asked to verify.
    pub digits: Option<&'a str>,
    pub refresh: Refresh,
    pub now: Timestamp,
    pub calendar: &'a HolidayCalendar,
}

/// What the citizen is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Found(Box<DossierView>),
    NotFound,
    /// Too many wrong digits for this code: try again after this many seconds.
    Locked {
        retry_after: u32,
    },
    /// Nothing stored and upstream could not be asked: existence unknown.
    Unavailable,
}

/// What the store must remember after the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteBack {
    /// A wrong answer: count it (may lock the code, per [`VERIFY_LOCK`]).
    RecordFailure,
    /// A right answer after wrong ones: forget them.
    ClearFailures,
}

impl WriteBack {
    /// The statement that does it for `code` at `now`.
    pub fn statement(self, code: &DossierCode, now: Timestamp) -> Statement {
        match self {
            WriteBack::RecordFailure => store::record_verify_failure(code, now.0, &VERIFY_LOCK),
            WriteBack::ClearFailures => store::clear_verify_failures(code),
        }
    }
}

/// A lookup's decision: the answer, and what to write back first.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub answer: Answer,
    pub write_back: Option<WriteBack>,
}

impl Outcome {
    fn answer(answer: Answer) -> Outcome {
        Outcome {
            answer,
            write_back: None,
        }
    }
}

/// Decides a lookup (the rules are in the module docs). `pepper` supplies the verification
/// pepper; it is asked for only when digits are to be checked, and its error is returned as
/// is (a missing secret is the deployment's fault, not a wrong answer).
pub fn decide<E>(
    lookup: &Lookup<'_>,
    pepper: impl FnOnce() -> Result<String, E>,
) -> Result<Outcome, E> {
    let stored = lookup.stored;
    let Some(state) = &stored.state else {
        return Ok(Outcome::answer(match lookup.refresh {
            Refresh::Failed => Answer::Unavailable,
            _ => Answer::NotFound,
        }));
    };
    let (verification, write_back) = match lookup.digits {
        None => (Verification::NotRequested, None),
        Some(digits) => {
            let retry_after = stored.failures.and_then(|f| f.retry_after(lookup.now.0));
            if let Some(retry_after) = retry_after {
                return Ok(Outcome::answer(Answer::Locked { retry_after }));
            }
            let pepper = pepper()?;
            let matches = match (&state.verifier_salt, &state.verifier_hash) {
                (Some(salt), Some(hash)) => check_verifier(&pepper, salt, digits, hash),
                _ => false,
            };
            if matches {
                let clear = stored.failures.map(|_| WriteBack::ClearFailures);
                (Verification::Verified, clear)
            } else {
                (Verification::Failed, Some(WriteBack::RecordFailure))
            }
        }
    };
    let stale = match lookup.refresh {
        Refresh::Failed => Staleness::since(state.updated_at, lookup.now),
        _ => Staleness::default(),
    };
    let view = DossierView::build(
        state,
        &stored.history,
        lookup.calendar,
        lookup.now,
        verification,
        stale,
    );
    Ok(Outcome {
        answer: Answer::Found(Box::new(view)),
        write_back,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::state::{fold, ApplyContext};
    use serde_json::json;
    use std::convert::Infallible;
    use std::sync::OnceLock;

    const CODE: &str = "000.00.06.H56-250303-0042";
    const PEPPER: &str = "pepper";

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    fn calendar() -> &'static HolidayCalendar {
        static CALENDAR: OnceLock<HolidayCalendar> = OnceLock::new();
        CALENDAR.get_or_init(HolidayCalendar::vietnam)
    }

    /// Stored at 2025-03-03 09:00 (`updated_at`), phone ending 1234 unless `phone` is false.
    fn stored(phone: bool, failures: Option<VerifyFailures>) -> Stored {
        let received = t("2025-03-03T09:00:00+07:00");
        let mut first = json!({"id": "e1", "dossier": CODE, "status": 2,
            "at": "2025-03-03T09:00:00+07:00", "received_at": "2025-03-03T09:00:00+07:00",
            "processing_time": {"amount": 3, "unit": "WORKING_DAY"},
            "applicant": {"name": "Nguyễn Văn An", "phone_last4": "1234"}});
        if !phone {
            first["applicant"] = json!({"name": "Nguyễn Văn An"});
        }
        let history: Vec<Event> = [
            first,
            json!({"id": "e2", "dossier": CODE, "status": 4, "at": "2025-03-03T10:00:00+07:00"}),
        ]
        .iter()
        .map(|v| Event::from_json(0, v, now()).unwrap())
        .collect();
        let ctx = ApplyContext {
            verify_pepper: PEPPER,
            salt: "salt",
            now: received,
            calendar: calendar(),
        };
        Stored {
            state: fold(&history, &ctx),
            // As the store holds them: masked, without the phone digits.
            history: history
                .iter()
                .map(|e| Event::from_stored_payload(&e.stored_payload()).unwrap())
                .collect(),
            failures,
        }
    }

    fn now() -> Timestamp {
        t("2025-03-04T09:00:00+07:00")
    }

    fn decide_with(stored: &Stored, digits: Option<&str>, refresh: Refresh) -> Outcome {
        let lookup = Lookup {
            stored,
            digits,
            refresh,
            now: now(),
            calendar: calendar(),
        };
        decide(&lookup, || Ok::<_, Infallible>(PEPPER.to_string())).unwrap()
    }

    fn found(outcome: &Outcome) -> &DossierView {
        match &outcome.answer {
            Answer::Found(view) => view,
            other => panic!("expected a view, got {other:?}"),
        }
    }

    fn failures(count: i64, locked_until: Option<i64>) -> VerifyFailures {
        VerifyFailures {
            window_start: now().0 - 60,
            count,
            locked_until,
        }
    }

    #[test]
    fn no_digits_shows_the_view_without_personal_data_and_never_asks_the_pepper() {
        let stored = stored(true, None);
        let lookup = Lookup {
            stored: &stored,
            digits: None,
            refresh: Refresh::NotAsked,
            now: now(),
            calendar: calendar(),
        };
        let outcome = decide(&lookup, || Err("the pepper was asked for")).unwrap();
        assert_eq!(outcome.write_back, None);
        let view = found(&outcome);
        assert_eq!(view.verification, Verification::NotRequested);
        assert!(view.applicant.is_none());
        assert_eq!(view.stale, Staleness::default());
        assert_eq!(view.status.code, 4);
        // Built whole: the same as building it directly.
        let state = stored.state.as_ref().unwrap();
        let direct = DossierView::build(
            state,
            &stored.history,
            calendar(),
            now(),
            Verification::NotRequested,
            Staleness::default(),
        );
        assert_eq!(*view, direct);
    }

    #[test]
    fn right_digits_verify_and_clear_only_existing_failures() {
        let outcome = decide_with(&stored(true, None), Some("1234"), Refresh::NotAsked);
        assert_eq!(outcome.write_back, None);
        let view = found(&outcome);
        assert_eq!(view.verification, Verification::Verified);
        assert_eq!(
            view.applicant.as_ref().map(|a| a.name.as_str()),
            Some("Nguyễn V. A.")
        );

        let earlier = stored(true, Some(failures(3, None)));
        let outcome = decide_with(&earlier, Some("1234"), Refresh::NotAsked);
        assert_eq!(outcome.write_back, Some(WriteBack::ClearFailures));
        assert_eq!(found(&outcome).verification, Verification::Verified);
    }

    #[test]
    fn wrong_digits_fail_and_are_recorded() {
        for failures_before in [None, Some(failures(2, None))] {
            let outcome = decide_with(
                &stored(true, failures_before),
                Some("4321"),
                Refresh::NotAsked,
            );
            assert_eq!(outcome.write_back, Some(WriteBack::RecordFailure));
            let view = found(&outcome);
            assert_eq!(view.verification, Verification::Failed);
            assert!(view.applicant.is_none());
        }
    }

    #[test]
    fn no_phone_on_file_is_a_wrong_answer() {
        let outcome = decide_with(&stored(false, None), Some("1234"), Refresh::NotAsked);
        assert_eq!(outcome.write_back, Some(WriteBack::RecordFailure));
        assert_eq!(found(&outcome).verification, Verification::Failed);
        assert!(found(&outcome).applicant.is_none());
    }

    #[test]
    fn a_locked_code_refuses_even_the_right_digits_until_the_lock_ends() {
        let until = now().0 + 600;
        let locked = stored(true, Some(failures(5, Some(until))));
        let outcome = decide_with(&locked, Some("1234"), Refresh::NotAsked);
        assert_eq!(
            outcome,
            Outcome {
                answer: Answer::Locked { retry_after: 600 },
                write_back: None,
            }
        );
        // Without digits the lock does not matter.
        let outcome = decide_with(&locked, None, Refresh::NotAsked);
        assert_eq!(found(&outcome).verification, Verification::NotRequested);

        // The lock's last second still answers "at least one second".
        let ending = stored(true, Some(failures(5, Some(now().0 + 1))));
        assert_eq!(
            decide_with(&ending, Some("1234"), Refresh::NotAsked).answer,
            Answer::Locked { retry_after: 1 }
        );
        // Expired (locked_until == now): checked again; a right answer clears the counter.
        let expired = stored(true, Some(failures(5, Some(now().0))));
        let outcome = decide_with(&expired, Some("1234"), Refresh::NotAsked);
        assert_eq!(outcome.write_back, Some(WriteBack::ClearFailures));
        assert_eq!(found(&outcome).verification, Verification::Verified);
    }

    #[test]
    fn a_missing_pepper_is_the_callers_error_once_digits_are_checked() {
        let stored = stored(true, None);
        let lookup = Lookup {
            stored: &stored,
            digits: Some("1234"),
            refresh: Refresh::NotAsked,
            now: now(),
            calendar: calendar(),
        };
        assert_eq!(decide(&lookup, || Err("no pepper")), Err("no pepper"));
        // A locked code answers before the pepper is needed.
        let locked = self::stored(true, Some(failures(5, Some(now().0 + 60))));
        let lookup = Lookup {
            stored: &locked,
            ..lookup
        };
        assert_eq!(
            decide(&lookup, || Err("no pepper")).map(|o| o.answer),
            Ok(Answer::Locked { retry_after: 60 })
        );
    }

    #[test]
    fn upstream_down_serves_a_stored_state_stale_and_a_miss_as_unavailable() {
        let stored = stored(true, None);
        let outcome = decide_with(&stored, None, Refresh::Failed);
        let age = now().0 - stored.state.as_ref().unwrap().updated_at;
        assert_eq!(
            found(&outcome).stale,
            Staleness {
                stale: true,
                age_seconds: u64::try_from(age).unwrap(),
            }
        );
        // Verification still works on a stale copy.
        let outcome = decide_with(&stored, Some("1234"), Refresh::Failed);
        assert_eq!(found(&outcome).verification, Verification::Verified);
        assert!(found(&outcome).stale.stale);

        let nothing = Stored::default();
        for digits in [None, Some("1234")] {
            assert_eq!(
                decide_with(&nothing, digits, Refresh::Failed),
                Outcome {
                    answer: Answer::Unavailable,
                    write_back: None,
                }
            );
        }
    }

    #[test]
    fn a_miss_is_not_found_unless_upstream_was_down() {
        let nothing = Stored::default();
        for refresh in [
            Refresh::NotAsked,
            Refresh::Refreshed,
            Refresh::UnknownUpstream,
        ] {
            for digits in [None, Some("1234")] {
                assert_eq!(
                    decide_with(&nothing, digits, refresh),
                    Outcome {
                        answer: Answer::NotFound,
                        write_back: None,
                    },
                    "{refresh:?} {digits:?}"
                );
            }
        }
        // Upstream does not know a stored dossier: what is stored is served, not stale.
        let stored = stored(true, None);
        for refresh in [Refresh::Refreshed, Refresh::UnknownUpstream] {
            let outcome = decide_with(&stored, None, refresh);
            assert_eq!(found(&outcome).stale, Staleness::default());
        }
    }

    #[test]
    fn refresh_is_needed_for_a_miss_or_an_old_row() {
        let stored = stored(true, None);
        let state = stored.state.as_ref().unwrap();
        let at = |seconds| Timestamp(state.updated_at + seconds);
        assert!(needs_refresh(None, now(), 300));
        assert!(!needs_refresh(Some(state), at(300), 300));
        assert!(needs_refresh(Some(state), at(301), 300));
        assert!(needs_refresh(Some(state), at(1), 0));
    }

    #[test]
    fn rows_make_the_stored_dossier_and_write_backs_their_statements() {
        let stored = stored(true, Some(failures(1, None)));
        let rows = Stored::from_rows(
            vec![stored.state.clone().unwrap()],
            stored
                .history
                .iter()
                .map(|e| HistoryRow {
                    payload: e.stored_payload(),
                })
                .chain([HistoryRow {
                    payload: "not json".into(),
                }])
                .collect(),
            vec![stored.failures.unwrap()],
        );
        assert_eq!(rows, stored);
        assert_eq!(
            Stored::from_rows(Vec::new(), Vec::new(), Vec::new()),
            Stored::default()
        );

        let code = DossierCode::parse(CODE).unwrap();
        assert_eq!(
            WriteBack::RecordFailure.statement(&code, now()),
            store::record_verify_failure(&code, now().0, &VERIFY_LOCK)
        );
        assert_eq!(
            WriteBack::ClearFailures.statement(&code, now()),
            store::clear_verify_failures(&code)
        );
    }
}
