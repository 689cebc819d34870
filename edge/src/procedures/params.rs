//! Reading `GET /v1/procedures` parameters into a core [`Query`]: strict, so that a typo in an
//! integration shows up as a clear 400 rather than as silently unfiltered results. A refused
//! value is repeated in the message only as a bounded, visible [`excerpt`].

use crate::error::ApiError;
use motcua_core::catalog::{Level, OnlineLevel};
use motcua_core::messages::{excerpt, Api, Bilingual, Message};
use motcua_core::search::Query;
use std::fmt;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
/// Longer text is not a citizen's query; refuse rather than spend CPU on it.
pub const MAX_QUERY_CHARS: usize = 200;
const MAX_FILTER_CHARS: usize = 300;
/// Past this offset nobody is paging by hand.
const MAX_OFFSET: usize = 10_000;

fn bad(name: &'static str, words: Api, args: &[(&str, &dyn fmt::Display)]) -> ApiError {
    let Bilingual { vi, en } = words.both(args);
    ApiError::BadParameter { name, vi, en }
}

pub fn parse_level(value: &str) -> Result<Level, ApiError> {
    Level::ALL
        .into_iter()
        .find(|l| l.as_str() == value)
        .ok_or_else(|| {
            let allowed = Level::ALL.map(|l| l.as_str()).join(", ");
            let value = excerpt(value);
            bad(
                "level",
                Api::BadLevel,
                &[("value", &value), ("allowed", &allowed)],
            )
        })
}

pub fn parse_online(value: &str) -> Result<OnlineLevel, ApiError> {
    [
        OnlineLevel::Full,
        OnlineLevel::Partial,
        OnlineLevel::Offline,
    ]
    .into_iter()
    .find(|o| o.as_str() == value)
    .ok_or_else(|| bad("online", Api::BadOnline, &[("value", &excerpt(value))]))
}

fn parse_bounded(
    name: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<usize, ApiError> {
    value
        .parse::<usize>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            bad(
                name,
                Api::BadNumber,
                &[("name", &name), ("min", &min), ("max", &max)],
            )
        })
}

fn text(name: &'static str, value: &str, max: usize) -> Result<String, ApiError> {
    if value.chars().count() > max {
        return Err(bad(name, Api::TooLong, &[("name", &name), ("max", &max)]));
    }
    Ok(value.to_owned())
}

/// The query from URL parameters (first occurrence wins; unknown parameters are ignored).
pub fn query<'a>(pairs: impl Iterator<Item = (String, String)> + 'a) -> Result<Query, ApiError> {
    let mut query = Query {
        limit: DEFAULT_LIMIT,
        ..Query::default()
    };
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in pairs {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let value = value.trim();
        match name.as_str() {
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
            _ => {}
        }
    }
    Ok(query)
}
