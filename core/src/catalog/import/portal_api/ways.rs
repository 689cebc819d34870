//! Ways to submit (`executionMethods`): the channels of each method, its processing time and
//! its fees.

use super::super::record::{fee_kind_from_text, FieldReader};
use super::Object;
use crate::catalog::clean::present_multiline;
use crate::catalog::labels::labels;
use crate::catalog::model::{Fee, ProcessingTime, TimeUnit, Way};
use serde_json::Value;

/// One way per channel of each method (`DIRECT_AND_ONLINE` is two ways with the same time,
/// fees and description).
pub(super) fn ways(r: &mut FieldReader<'_>) -> Vec<Way> {
    let mut ways = Vec::new();
    for method in r.objects("executionMethods") {
        let Some(code) = method.get("submissionMethod").and_then(Value::as_str) else {
            r.wrong("executionMethods[].submissionMethod", "a string");
            continue;
        };
        let Some(channels) = labels().api_channels(code) else {
            r.unknown("submissionMethod", code);
            continue;
        };
        let processing_time = processing_time(method, r);
        let description = method
            .get("description")
            .and_then(Value::as_str)
            .and_then(present_multiline);
        let fees: Vec<Fee> = match method.get("fees") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_object)
                .filter_map(fee)
                .collect(),
            _ => Vec::new(),
        };
        for &channel in channels {
            ways.push(Way {
                channel,
                processing_time,
                fees: fees.clone(),
                description: description.clone(),
            });
        }
    }
    ways
}

/// `processingTime` + `processingTimeUnit`; an unknown unit is reported and kept as `Other`.
fn processing_time(method: &Object, r: &mut FieldReader<'_>) -> Option<ProcessingTime> {
    let amount = method.get("processingTime").and_then(|v| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', ".").parse().ok(),
        _ => None,
    });
    let unit = method
        .get("processingTimeUnit")
        .and_then(Value::as_str)
        .map(|u| {
            TimeUnit::from_portal(u).unwrap_or_else(|| {
                r.unknown("processingTimeUnit", u);
                TimeUnit::Other
            })
        });
    // A zero with unit OTHER is the portal's "see the description", not "instant".
    match (amount, unit) {
        (Some(a), Some(TimeUnit::Other)) if a <= 0.0 => None,
        (Some(a), Some(u)) if a.is_finite() && a >= 0.0 => {
            Some(ProcessingTime { amount: a, unit: u })
        }
        _ => None,
    }
}

fn fee(fee: &Object) -> Option<Fee> {
    let value = fee.get("value").and_then(Value::as_f64);
    let description = fee
        .get("description")
        .and_then(Value::as_str)
        .and_then(present_multiline);
    let currency = fee
        .get("currencyName")
        .and_then(Value::as_str)
        .and_then(|c| labels().currency(c))
        .map(str::to_string);
    // The portal shows a 0 as "Miễn phí" even when the description states an amount or a
    // rule ("Theo quy định của Bộ Tài chính"), so 0 counts as free only without one.
    let amount = match value {
        Some(v) if v > 0.0 => Some(v),
        Some(v) if v == 0.0 && description.is_none() => Some(0.0),
        _ => None,
    };
    if amount.is_none() && description.is_none() {
        return None;
    }
    Some(Fee {
        kind: description.as_deref().and_then(fee_kind_from_text),
        amount,
        currency,
        description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::FeeKind;

    #[test]
    fn fee_zero_without_text_is_free_with_text_unknown() {
        let free: Object = serde_json::from_str(r#"{"value":0}"#).unwrap();
        assert_eq!(fee(&free).and_then(|f| f.amount), Some(0.0));
        let rule: Object =
            serde_json::from_str(r#"{"value":0,"description":"Phí thẩm định 32.000.000 đồng"}"#)
                .unwrap();
        let fee = fee(&rule).unwrap();
        assert_eq!(fee.amount, None);
        assert_eq!(fee.kind, Some(FeeKind::Fee));
    }
}
