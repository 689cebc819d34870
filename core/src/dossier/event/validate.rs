//! The batch validator: a request body is accepted whole or refused whole, and a refusal says
//! why in both languages (the `dossier.batch_*` texts of the language tables).

use super::problem::{EventError, EventProblem};
use super::Event;
use crate::deadline::Timestamp;
use crate::messages::{Dossier, Lang, Message};
use serde_json::Value;
use std::fmt;

/// Most events accepted in one POST. Each event is two D1 statements in one batch, and a Worker
/// invocation may run at most 1,000 D1 queries (paid plan): 200 events stay well inside it.
pub const MAX_EVENTS_PER_BATCH: usize = 200;
/// Largest request body accepted, in bytes (check `Content-Length` and the read body).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Most problems listed in a rejection (the batch is rejected as a whole anyway).
pub const MAX_REPORTED_PROBLEMS: usize = 100;

/// The body's shape, as the texts name it (braces cannot be written in the language tables).
const BATCH_SHAPE: &str = r#"{"events": [...]}"#;
/// Per-event problems the English message names (all of them go to the answer's `errors`).
const PROBLEMS_IN_MESSAGE: usize = 3;

/// Why a whole batch was refused. Nothing from a refused batch may be stored.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchError {
    BodyTooLarge {
        bytes: usize,
        max: usize,
    },
    /// Not JSON (the parser's message, without the body).
    NotJson(String),
    /// JSON, but not `{"events": [...]}`.
    NoEventsArray,
    Empty,
    TooManyEvents {
        count: usize,
        max: usize,
    },
    /// At least one event is invalid; up to [`MAX_REPORTED_PROBLEMS`] problems listed.
    Invalid(Vec<EventError>),
}

impl BatchError {
    /// What is wrong, in `lang`. English, which integrators read, adds what they debug with:
    /// the parser's position, and the first per-event problems (English only, like every
    /// [`EventProblem`]).
    pub fn message(&self, lang: Lang) -> String {
        let text = match self {
            BatchError::BodyTooLarge { bytes, max } => {
                Dossier::BatchBodyTooLarge.fill(lang, &[("bytes", bytes), ("max", max)])
            }
            BatchError::NotJson(_) => Dossier::BatchNotJson.text(lang).to_string(),
            BatchError::NoEventsArray => {
                Dossier::BatchNoEvents.fill(lang, &[("shape", &BATCH_SHAPE)])
            }
            BatchError::Empty => Dossier::BatchEmpty.text(lang).to_string(),
            BatchError::TooManyEvents { count, max } => {
                Dossier::BatchTooMany.fill(lang, &[("count", count), ("max", max)])
            }
            BatchError::Invalid(errors) => {
                Dossier::BatchInvalid.fill(lang, &[("count", &errors.len())])
            }
        };
        match (self, lang) {
            (BatchError::NotJson(position), Lang::En) => format!("{text}: {position}"),
            (BatchError::Invalid(errors), Lang::En) => {
                let mut text = text;
                for e in errors.iter().take(PROBLEMS_IN_MESSAGE) {
                    text.push_str("; ");
                    text.push_str(&e.to_string());
                }
                text
            }
            _ => text,
        }
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for BatchError {}

/// Validates a whole request body: size, shape, count, then every event. All or nothing: any
/// invalid event rejects the batch with the list of problems. Events repeated with identical
/// content within the batch are kept once.
pub fn validate_batch(body: &[u8], now: Timestamp) -> Result<Vec<Event>, BatchError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(BatchError::BodyTooLarge {
            bytes: body.len(),
            max: MAX_BODY_BYTES,
        });
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| BatchError::NotJson(format!("line {} column {}", e.line(), e.column())))?;
    let Some(Value::Array(items)) = value.get("events") else {
        return Err(BatchError::NoEventsArray);
    };
    if items.is_empty() {
        return Err(BatchError::Empty);
    }
    if items.len() > MAX_EVENTS_PER_BATCH {
        return Err(BatchError::TooManyEvents {
            count: items.len(),
            max: MAX_EVENTS_PER_BATCH,
        });
    }
    let mut events: Vec<(usize, Event)> = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match Event::from_json(index, item, now) {
            Ok(event) => match events.iter().find(|(_, e)| e.id == event.id) {
                Some((first, existing)) if *existing != event => errors.push(EventError {
                    index,
                    field: "id",
                    problem: EventProblem::ConflictingDuplicateId {
                        first_index: *first,
                    },
                }),
                Some(_) => {}
                None => events.push((index, event)),
            },
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(events.into_iter().map(|(_, e)| e).collect())
    } else {
        errors.truncate(MAX_REPORTED_PROBLEMS);
        Err(BatchError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{full, now};
    use super::*;
    use serde_json::json;

    #[test]
    fn batches_are_all_or_nothing() {
        let good = full();
        let mut bad = full();
        bad["id"] = json!("igate:2");
        bad["status"] = json!(11);
        let body = serde_json::to_vec(&json!({"events": [good, bad]})).unwrap();
        match validate_batch(&body, now()) {
            Err(BatchError::Invalid(errors)) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].index, 1);
                assert_eq!(errors[0].field, "status");
            }
            other => panic!("{other:?}"),
        }
        let body = serde_json::to_vec(&json!({"events": [full(), full()]})).unwrap();
        assert_eq!(
            validate_batch(&body, now()).unwrap().len(),
            1,
            "identical repeat kept once"
        );
        let mut changed = full();
        changed["status"] = json!(5);
        let body = serde_json::to_vec(&json!({"events": [full(), changed]})).unwrap();
        assert!(matches!(
            validate_batch(&body, now()),
            Err(BatchError::Invalid(e)) if e[0].problem == EventProblem::ConflictingDuplicateId { first_index: 0 }
        ));
    }

    #[test]
    fn batch_limits() {
        assert!(matches!(
            validate_batch(b"{", now()),
            Err(BatchError::NotJson(_))
        ));
        assert_eq!(validate_batch(b"[]", now()), Err(BatchError::NoEventsArray));
        assert_eq!(
            validate_batch(br#"{"events":{}}"#, now()),
            Err(BatchError::NoEventsArray)
        );
        assert_eq!(
            validate_batch(br#"{"events":[]}"#, now()),
            Err(BatchError::Empty)
        );
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            validate_batch(&big, now()),
            Err(BatchError::BodyTooLarge { .. })
        ));
        let many: Vec<Value> = (0..=MAX_EVENTS_PER_BATCH)
            .map(|i| {
                let mut e = full();
                e["id"] = json!(format!("e{i}"));
                e
            })
            .collect();
        let body = serde_json::to_vec(&json!({ "events": many })).unwrap();
        assert_eq!(
            validate_batch(&body, now()),
            Err(BatchError::TooManyEvents {
                count: MAX_EVENTS_PER_BATCH + 1,
                max: MAX_EVENTS_PER_BATCH
            })
        );
    }

    /// The words of every refusal, in both languages, as the edge answers them.
    #[test]
    fn refusals_speak_both_languages() {
        let both = |e: &BatchError| (e.message(Lang::Vi), e.message(Lang::En));
        let not_json = validate_batch(b"{", now()).unwrap_err();
        assert_eq!(
            both(&not_json),
            (
                "Nội dung gửi lên không phải JSON hợp lệ.".into(),
                "body is not JSON: line 1 column 1".into()
            )
        );
        assert_eq!(
            both(&BatchError::NoEventsArray),
            (
                r#"Nội dung phải có dạng {"events": [...]}."#.into(),
                r#"body must be {"events": [...]}"#.into()
            )
        );
        assert_eq!(
            both(&BatchError::Empty),
            (
                "Danh sách sự kiện đang trống.".into(),
                "the events array is empty".into()
            )
        );
        assert_eq!(
            both(&BatchError::TooManyEvents {
                count: 201,
                max: 200
            }),
            (
                "Lô có 201 sự kiện, vượt quá giới hạn 200 sự kiện mỗi lần gửi.".into(),
                "201 events exceed the limit of 200 per batch".into()
            )
        );
        assert_eq!(
            both(&BatchError::BodyTooLarge { bytes: 7, max: 5 }),
            (
                "Nội dung gửi lên có 7 byte, vượt quá giới hạn 5 byte.".into(),
                "body of 7 bytes exceeds 5".into()
            )
        );
        let problem = |index| EventError {
            index,
            field: "status",
            problem: EventProblem::Missing,
        };
        let invalid = BatchError::Invalid((0..4).map(problem).collect());
        assert_eq!(
            both(&invalid),
            (
                "Lô sự kiện bị từ chối vì có 4 lỗi; không sự kiện nào được lưu.".into(),
                "4 invalid field(s); events[0].status: required; events[1].status: required; \
                 events[2].status: required"
                    .into()
            )
        );
        assert_eq!(invalid.to_string(), invalid.message(Lang::En));
    }
}
