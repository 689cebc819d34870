//! Reading `GET /v1/procedures` parameters into a search [`Query`]: strict, so that a typo in an
//! integration shows up as a clear 400 rather than as silently unfiltered results. A refused
//! value is repeated in the message only as a bounded, visible [`excerpt`].

use crate::catalog::{Level, OnlineLevel};
use crate::messages::{excerpt, Api, Bilingual, Message};
use crate::search::Query;
use std::fmt::Write as _;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
/// Longer text is not a citizen's query; refuse rather than spend CPU on it.
pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_FILTER_CHARS: usize = 300;
/// Past this offset nobody is paging by hand.
pub const MAX_OFFSET: usize = 10_000;

/// What is wrong with a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamProblem {
    UnknownLevel { value: String },
    UnknownOnline { value: String },
    NotInRange { min: usize, max: usize },
    TooLong { max: usize },
    NotAFlag,
}

/// A refused parameter: its name and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    pub name: &'static str,
    pub problem: ParamProblem,
}

impl ParamError {
    /// The message in both languages (the refused value as an [`excerpt`]).
    pub fn message(&self) -> Bilingual {
        let name = self.name;
        match &self.problem {
            ParamProblem::UnknownLevel { value } => {
                let allowed = Level::ALL.map(|l| l.as_str()).join(", ");
                Api::BadLevel.both(&[("value", value), ("allowed", &allowed)])
            }
            ParamProblem::UnknownOnline { value } => Api::BadOnline.both(&[("value", value)]),
            ParamProblem::NotInRange { min, max } => {
                Api::BadNumber.both(&[("name", &name), ("min", min), ("max", max)])
            }
            ParamProblem::TooLong { max } => Api::TooLong.both(&[("name", &name), ("max", max)]),
            ParamProblem::NotAFlag => Api::BadFlag.both(&[("name", &name)]),
        }
    }
}

fn bad(name: &'static str, problem: ParamProblem) -> ParamError {
    ParamError { name, problem }
}

pub fn parse_level(value: &str) -> Result<Level, ParamError> {
    Level::ALL
        .into_iter()
        .find(|l| l.as_str() == value)
        .ok_or_else(|| {
            bad(
                "level",
                ParamProblem::UnknownLevel {
                    value: excerpt(value),
                },
            )
        })
}

pub fn parse_online(value: &str) -> Result<OnlineLevel, ParamError> {
    OnlineLevel::ALL
        .into_iter()
        .find(|o| o.as_str() == value)
        .ok_or_else(|| {
            bad(
                "online",
                ParamProblem::UnknownOnline {
                    value: excerpt(value),
                },
            )
        })
}

fn parse_bounded(
    name: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<usize, ParamError> {
    value
        .parse::<usize>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| bad(name, ParamProblem::NotInRange { min, max }))
}

/// `true` or `false`, nothing else (a `yes` or a `0` is a mistake worth a 400).
fn parse_flag(name: &'static str, value: &str) -> Result<bool, ParamError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(bad(name, ParamProblem::NotAFlag)),
    }
}

fn text(name: &'static str, value: &str, max: usize) -> Result<String, ParamError> {
    if value.chars().count() > max {
        return Err(bad(name, ParamProblem::TooLong { max }));
    }
    Ok(value.to_owned())
}

/// The query from URL parameters (first occurrence wins; unknown parameters are ignored).
pub fn query<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<Query, ParamError>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut query = Query {
        limit: DEFAULT_LIMIT,
        ..Query::default()
    };
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in pairs {
        let name = name.as_ref();
        if seen.iter().any(|s| s == name) {
            continue;
        }
        seen.push(name.to_owned());
        let value = value.as_ref().trim();
        match name {
            "q" => query.text = text("q", value, MAX_QUERY_CHARS)?,
            "level" => query.level = Some(parse_level(value)?),
            "online" => query.online = Some(parse_online(value)?),
            "field" if !value.is_empty() => {
                query.field = Some(text("field", value, MAX_FILTER_CHARS)?)
            }
            "agency" if !value.is_empty() => {
                query.agency = Some(text("agency", value, MAX_FILTER_CHARS)?)
            }
            "limit" => query.limit = parse_bounded("limit", value, 1, MAX_LIMIT)?,
            "cursor" => query.offset = parse_bounded("cursor", value, 0, MAX_OFFSET)?,
            // Search as you type has no use for the counts: most of the answer's bytes.
            "facets" => query.skip_facets = !parse_flag("facets", value)?,
            _ => {}
        }
    }
    Ok(query)
}

/// One string per distinct query, for caching answers: two queries with the same key get the
/// same results from the same catalog.
pub fn cache_key(query: &Query) -> String {
    let mut key = String::with_capacity(query.text.len() + 32);
    let _ = write!(
        key,
        "{}|{}|{}|{}|{}|{}|{}|",
        query.level.map_or("", |l| l.as_str()),
        query.online.map_or("", |o| o.as_str()),
        query.limit,
        query.offset,
        u8::from(query.skip_facets),
        query.field.as_deref().map_or(0, str::len),
        query.agency.as_deref().map_or(0, str::len),
    );
    // Lengths first, then the texts: no separator inside a text can make two keys collide.
    for part in [
        query.field.as_deref().unwrap_or(""),
        query.agency.as_deref().unwrap_or(""),
        query.text.as_str(),
    ] {
        key.push_str(part);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    fn q(pairs: &[(&str, &str)]) -> Result<Query, ParamError> {
        query(pairs.iter().copied())
    }

    #[test]
    fn reads_every_parameter_and_ignores_unknown_ones() {
        let query = q(&[
            ("q", "  khai sinh "),
            ("level", "province"),
            ("online", "full"),
            ("field", "Hộ tịch"),
            ("agency", ""),
            ("limit", "5"),
            ("cursor", "10"),
            ("utm_source", "x"),
            ("q", "ignored: first wins"),
        ])
        .unwrap();
        assert_eq!(query.text, "khai sinh");
        assert_eq!(query.level, Some(Level::Province));
        assert_eq!(query.online, Some(OnlineLevel::Full));
        assert_eq!(query.field.as_deref(), Some("Hộ tịch"));
        assert_eq!(query.agency, None);
        assert_eq!((query.limit, query.offset), (5, 10));
        assert_eq!(q(&[]).unwrap().limit, DEFAULT_LIMIT);
    }

    #[test]
    fn bad_values_name_the_parameter_in_both_languages() {
        let err = q(&[("limit", "0")]).unwrap_err();
        assert_eq!(err.name, "limit");
        assert_eq!(
            err.message().get(Lang::En),
            "Parameter limit must be a whole number from 1 to 100."
        );
        assert_eq!(q(&[("cursor", "-1")]).unwrap_err().name, "cursor");
        assert_eq!(q(&[("online", "yes")]).unwrap_err().name, "online");
        let long = "x".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            q(&[("q", &long)]).unwrap_err().problem,
            ParamProblem::TooLong {
                max: MAX_QUERY_CHARS
            }
        );
        assert!(q(&[("q", &"đ".repeat(MAX_QUERY_CHARS))]).is_ok());
    }

    #[test]
    fn facets_are_counted_unless_asked_not_to() {
        assert!(!q(&[]).unwrap().skip_facets);
        assert!(!q(&[("facets", "true")]).unwrap().skip_facets);
        assert!(q(&[("facets", "false")]).unwrap().skip_facets);
        let err = q(&[("facets", "no")]).unwrap_err();
        assert_eq!(
            (err.name, &err.problem),
            ("facets", &ParamProblem::NotAFlag)
        );
        assert_eq!(
            err.message().get(Lang::Vi),
            "Tham số facets chỉ nhận true hoặc false."
        );
        // Answers with and without counts are cached apart.
        assert_ne!(
            cache_key(&q(&[("q", "khai sinh")]).unwrap()),
            cache_key(&q(&[("q", "khai sinh"), ("facets", "false")]).unwrap())
        );
    }

    #[test]
    fn a_refused_value_is_echoed_short() {
        let huge = "a".repeat(10_000);
        let message = q(&[("level", &huge)]).unwrap_err().message();
        assert!(
            message.vi.len() < 300 && message.en.len() < 300,
            "{}",
            message.en
        );
        assert!(message
            .en
            .contains(&format!("{}…", "a".repeat(crate::messages::MAX_ECHO_CHARS))));
        let short = q(&[("level", "tỉnh")]).unwrap_err().message();
        assert!(short.vi.contains("“tỉnh”"), "{}", short.vi);
    }

    #[test]
    fn cache_keys_tell_queries_apart() {
        let a = q(&[("q", "ab"), ("field", "c")]).unwrap();
        let b = q(&[("q", "b"), ("field", "ca")]).unwrap();
        let c = q(&[("q", "ab"), ("field", "c"), ("limit", "20")]).unwrap();
        assert_ne!(cache_key(&a), cache_key(&b));
        assert_eq!(cache_key(&a), cache_key(&c));
        let d = q(&[("q", "ab"), ("field", "c"), ("level", "commune")]).unwrap();
        assert_ne!(cache_key(&a), cache_key(&d));
    }
}
