//! The citizen's lookup, decided in one place. The edge runs [`store::lookup_reads`] (with
//! [`store::count_verify_attempt`] in the same batch when digits are given), pulls from
//! upstream when [`needs_refresh`] says so, calls [`decide`] and does what it answers: runs the
//! write-back statement and renders the view or the refusal.
//!
//! The rules, in order (each answers before the next is asked):
//! 1. upstream could not be asked and nothing is stored: [`Answer::Unavailable`] (we cannot
//!    say the dossier does not exist: the source did not answer);
//! 2. nothing stored: [`Answer::NotFound`];
//! 3. digits given and the attempt, already counted, is over an allowance
//!    ([`super::attempts`]): [`Answer::Locked`], the digits left unchecked;
//! 4. digits given: checked against the stored verifier with the pepper. No phone on file
//!    counts as a wrong answer, so the answer does not reveal that. A right answer forgets
//!    this client's counters ([`WriteBack::ForgetAttempts`]); a wrong one was counted already;
//! 5. the view, built once, showing what the caller may see ([`DossierView::build`]: without
//!    the right digits, no timeline, receipt time or name), marked stale when upstream could
//!    not be asked.
//!
//! # What a code alone reveals
//!
//! The code is printed on the receipt and is all a citizen needs for the status, so an unknown
//! code is a 404 and a known one a 200: the citizen who mistyped must be told. Codes are
//! sequential (agency, day, number), so someone sweeping them learns which exist; what each
//! answers without the phone digits is the agency's side only (status, procedure, agency,
//! appointment, completion, on time or late), never the applicant's (name, notes, when they
//! came to the desk), and the per-client lookup limit (30 a minute per IPv4 address or IPv6
//! /64) paces the sweep. A malformed code costs the store what a lookup costs
//! ([`store::decoy_reads`]), so answer times do not sort codes either.

use super::attempts::{AttemptRow, AttemptVerdict, VERIFY_POLICY};
use super::code::DossierCode;
use super::event::Event;
use super::privacy::check_verifier;
use super::state::DossierState;
use super::store::{self, HistoryRow, Statement};
use super::view::{DossierView, Staleness, Verification};
use crate::access::ClientKey;
use crate::deadline::{HolidayCalendar, Timestamp};

/// What one lookup read from the store ([`store::lookup_reads`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    pub state: Option<DossierState>,
    pub history: Vec<Event>,
    /// This attempt's counters, in the policy's order ([`store::count_verify_attempt`]);
    /// empty when not verifying.
    pub attempts: Vec<AttemptRow>,
}

impl Stored {
    /// From the rows of [`store::lookup_reads`] (the state rows, the history rows) and of
    /// [`store::count_verify_attempt`] (the counters, when verifying). A stored payload that no
    /// longer parses is left out.
    pub fn from_rows(
        state: Vec<DossierState>,
        history: Vec<HistoryRow>,
        attempts: Vec<AttemptRow>,
    ) -> Stored {
        Stored {
            state: state.into_iter().next(),
            history: history
                .iter()
                .filter_map(|row| Event::from_stored_payload(&row.payload))
                .collect(),
            attempts,
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
    /// This attempt is over an allowance ([`super::attempts`]): try again after this many
    /// seconds.
    Locked {
        retry_after: u32,
    },
    /// Nothing stored and upstream could not be asked: existence unknown.
    Unavailable,
}

/// What the store must remember after the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteBack {
    /// The right digits: forget this client's attempt counters (the dossier's stays).
    ForgetAttempts,
}

impl WriteBack {
    /// The statement that does it for `client` at `code`.
    pub fn statement(self, code: &DossierCode, client: &ClientKey) -> Statement {
        match self {
            WriteBack::ForgetAttempts => {
                store::forget_verify_attempts(code, client, &VERIFY_POLICY)
            }
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
            if let AttemptVerdict::Refused { retry_after } =
                VERIFY_POLICY.verdict(&stored.attempts, lookup.now.0)
            {
                return Ok(Outcome::answer(Answer::Locked { retry_after }));
            }
            let pepper = pepper()?;
            let matches = match (&state.verifier_salt, &state.verifier_hash) {
                (Some(salt), Some(hash)) => check_verifier(&pepper, salt, digits, hash),
                _ => false,
            };
            if matches {
                (Verification::Verified, Some(WriteBack::ForgetAttempts))
            } else {
                (Verification::Failed, None)
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

    /// Stored at 2025-03-03 09:00 (`updated_at`), phone ending 1234 unless `phone` is false;
    /// `attempts` as the counting statements returned them.
    fn stored(phone: bool, attempts: Vec<AttemptRow>) -> Stored {
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
            json!({"id": "e2", "dossier": CODE, "status": 4, "at": "2025-03-03T10:00:00+07:00",
                "note": "Bổ sung bản sao sổ hộ khẩu của bà Nguyễn Thị Hoa"}),
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
            attempts,
        }
    }

    fn now() -> Timestamp {
        t("2025-03-04T09:00:00+07:00")
    }

    /// Counters of an attempt with these counts (window opened `started_ago` seconds ago).
    fn counted(counts: &[i64], started_ago: i64) -> Vec<AttemptRow> {
        counts
            .iter()
            .map(|&count| AttemptRow {
                key: String::new(),
                window_start: now().0 - started_ago,
                count,
            })
            .collect()
    }

    /// An attempt within every allowance.
    fn admitted() -> Vec<AttemptRow> {
        counted(&[1, 1, 1], 0)
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

    #[test]
    fn no_digits_shows_the_agencys_side_only_and_never_asks_the_pepper() {
        let stored = stored(true, Vec::new());
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
        assert!(view.timeline.is_none() && view.received_at.is_none());
        assert!(view.appointment_at.is_some());
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
    fn right_digits_verify_show_everything_and_forget_the_clients_attempts() {
        let outcome = decide_with(&stored(true, admitted()), Some("1234"), Refresh::NotAsked);
        assert_eq!(outcome.write_back, Some(WriteBack::ForgetAttempts));
        let view = found(&outcome);
        assert_eq!(view.verification, Verification::Verified);
        assert_eq!(
            view.applicant.as_ref().map(|a| a.name.as_str()),
            Some("Nguyễn V. A.")
        );
        let timeline = view.timeline.as_ref().expect("the timeline when verified");
        assert_eq!(
            timeline[1].note.as_deref(),
            Some("Bổ sung bản sao sổ hộ khẩu của bà Nguyễn Thị Hoa")
        );
        assert_eq!(
            view.received_at.as_deref(),
            Some("2025-03-03T09:00:00+07:00")
        );
        // The fifth attempt of the window is still checked.
        let fifth = decide_with(
            &stored(true, counted(&[5, 5, 5], 60)),
            Some("1234"),
            Refresh::NotAsked,
        );
        assert_eq!(found(&fifth).verification, Verification::Verified);
    }

    #[test]
    fn wrong_digits_fail_already_counted_and_show_no_more_than_no_digits() {
        let outcome = decide_with(&stored(true, admitted()), Some("4321"), Refresh::NotAsked);
        assert_eq!(outcome.write_back, None);
        let view = found(&outcome);
        assert_eq!(view.verification, Verification::Failed);
        assert!(view.applicant.is_none() && view.timeline.is_none());
        let text = serde_json::to_string(view).unwrap();
        assert!(!text.contains("Nguyễn") && !text.contains("Hoa"), "{text}");
    }

    #[test]
    fn no_phone_on_file_is_a_wrong_answer() {
        let outcome = decide_with(&stored(false, admitted()), Some("1234"), Refresh::NotAsked);
        assert_eq!(outcome.write_back, None);
        assert_eq!(found(&outcome).verification, Verification::Failed);
        assert!(found(&outcome).applicant.is_none());
    }

    #[test]
    fn an_attempt_over_an_allowance_is_refused_even_with_the_right_digits() {
        // The sixth attempt in the window opened 300 s ago: 600 s to wait.
        let over = stored(true, counted(&[6], 300));
        let outcome = decide_with(&over, Some("1234"), Refresh::NotAsked);
        assert_eq!(
            outcome,
            Outcome {
                answer: Answer::Locked { retry_after: 600 },
                write_back: None,
            }
        );
        // Without digits the counters do not matter.
        let outcome = decide_with(&over, None, Refresh::NotAsked);
        assert_eq!(found(&outcome).verification, Verification::NotRequested);
        // The dossier's allowance spent by others.
        let spent = stored(true, counted(&[1, 1, 51], 3600));
        assert_eq!(
            decide_with(&spent, Some("1234"), Refresh::NotAsked).answer,
            Answer::Locked {
                retry_after: 23 * 3600
            }
        );
        // Nothing counted (the store did not count): not checked.
        assert!(matches!(
            decide_with(&stored(true, Vec::new()), Some("1234"), Refresh::NotAsked).answer,
            Answer::Locked { .. }
        ));
    }

    #[test]
    fn a_missing_pepper_is_the_callers_error_once_digits_are_checked() {
        let stored = stored(true, admitted());
        let lookup = Lookup {
            stored: &stored,
            digits: Some("1234"),
            refresh: Refresh::NotAsked,
            now: now(),
            calendar: calendar(),
        };
        assert_eq!(decide(&lookup, || Err("no pepper")), Err("no pepper"));
        // A refused attempt answers before the pepper is needed.
        let over = self::stored(true, counted(&[6], 840));
        let lookup = Lookup {
            stored: &over,
            ..lookup
        };
        assert_eq!(
            decide(&lookup, || Err("no pepper")).map(|o| o.answer),
            Ok(Answer::Locked { retry_after: 60 })
        );
    }

    #[test]
    fn upstream_down_serves_a_stored_state_stale_and_a_miss_as_unavailable() {
        let stored = stored(true, admitted());
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
        let stored = stored(true, Vec::new());
        for refresh in [Refresh::Refreshed, Refresh::UnknownUpstream] {
            let outcome = decide_with(&stored, None, refresh);
            assert_eq!(found(&outcome).stale, Staleness::default());
        }
    }

    #[test]
    fn refresh_is_needed_for_a_miss_or_an_old_row() {
        let stored = stored(true, Vec::new());
        let state = stored.state.as_ref().unwrap();
        let at = |seconds| Timestamp(state.updated_at + seconds);
        assert!(needs_refresh(None, now(), 300));
        assert!(!needs_refresh(Some(state), at(300), 300));
        assert!(needs_refresh(Some(state), at(301), 300));
        assert!(needs_refresh(Some(state), at(1), 0));
    }

    #[test]
    fn rows_make_the_stored_dossier_and_write_backs_their_statements() {
        let stored = stored(true, admitted());
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
            stored.attempts.clone(),
        );
        assert_eq!(rows, stored);
        assert_eq!(
            Stored::from_rows(Vec::new(), Vec::new(), Vec::new()),
            Stored::default()
        );

        let code = DossierCode::parse(CODE).unwrap();
        let client = ClientKey::from_header(Some("203.0.113.7"));
        assert_eq!(
            WriteBack::ForgetAttempts.statement(&code, &client),
            store::forget_verify_attempts(&code, &client, &VERIFY_POLICY)
        );
    }
}
