//! Numbers, money, durations and dates as a citizen reads them: "15 ngày làm việc",
//! "50.000 đồng", "06/02/2025". Presentation only; the values come from core and the API.

use motcua_core::catalog::{Fee, ProcessingTime};
use motcua_core::messages::{Lang, Message, Ui};

/// Groups thousands: 50000 → "50.000" (vi) / "50,000" (en).
fn grouped(lang: Lang, value: u64) -> String {
    let digits = value.to_string();
    let separator = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

/// A quantity such as a processing time: "15", "0,5" (vi) / "0.5" (en).
pub fn quantity(lang: Lang, value: f64) -> String {
    if !value.is_finite() || value < 0.0 {
        return String::new();
    }
    if value.fract() == 0.0 && value < 1e15 {
        return grouped(lang, value as u64);
    }
    // Two decimals by integer arithmetic (float formatting would add ~10 KB of wasm).
    let hundredths = (value * 100.0).round() as u64;
    let mut text = grouped(lang, hundredths / 100);
    let fraction = hundredths % 100;
    if fraction != 0 {
        text.push(match lang {
            Lang::Vi => ',',
            Lang::En => '.',
        });
        let digits = format!("{fraction:02}");
        text.push_str(digits.trim_end_matches('0'));
    }
    text
}

/// "15 ngày làm việc"; `None` when the source gave no usable time. A unit the source could
/// not name (`other`) keeps its amount with the source's own words (`described`, the way's
/// description), or says the unit is not stated: never "no information" when there is a
/// number.
pub fn processing_time(
    lang: Lang,
    time: &ProcessingTime,
    described: Option<&str>,
) -> Option<String> {
    let amount = quantity(lang, time.amount);
    if amount.is_empty() || time.amount <= 0.0 {
        return None;
    }
    Some(match time.unit.label(lang, time.amount == 1.0) {
        Some(unit) => format!("{amount} {unit}"),
        None => match said(described) {
            Some(words) => format!("{amount} — {words}"),
            None => Ui::TimeNoUnit.fill(lang, &[("amount", &amount)]),
        },
    })
}

/// One fee line: "Lệ phí: 50.000 đồng — (description)", "Miễn phí", or the description alone.
pub fn fee(lang: Lang, fee: &Fee) -> Option<String> {
    let amount = fee.amount.filter(|a| a.is_finite() && *a >= 0.0).map(|a| {
        if a == 0.0 {
            Ui::Free.text(lang).to_string()
        } else {
            let currency = fee.currency.as_deref().unwrap_or("VND");
            let unit = if currency.eq_ignore_ascii_case("VND") {
                Ui::Vnd.text(lang)
            } else {
                currency
            };
            format!("{} {unit}", quantity(lang, a.round()))
        }
    });
    let description = said(fee.description.as_deref());
    let body = match (amount, description) {
        (Some(a), Some(d)) => format!("{a} — {d}"),
        (Some(a), None) => a,
        (None, Some(d)) => d.to_string(),
        (None, None) => return None,
    };
    Some(match fee.kind {
        Some(kind) => format!("{}: {body}", kind.label(lang)),
        None => body,
    })
}

/// A calendar date and, when written, the hour and minute.
struct Written {
    year: u32,
    month: u32,
    day: u32,
    time: Option<(u32, u32)>,
}

/// Reads `yyyy-mm-dd` (and `hh:mm` when present) at the start of an RFC 3339 time. The API
/// writes times in Vietnam time, so the written date is the citizen's date.
fn parts(iso: &str) -> Option<Written> {
    let number = |from: usize, to: usize| -> Option<u32> {
        let text = iso.get(from..to)?;
        if text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    if iso.get(4..5) != Some("-") || iso.get(7..8) != Some("-") || !(1..=12).contains(&month) {
        return None;
    }
    let time = match iso.get(10..11) {
        Some("T") | Some(" ") => number(11, 13).zip(number(14, 16)),
        _ => None,
    };
    Some(Written {
        year,
        month,
        day,
        time,
    })
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn date_of(lang: Lang, year: u32, month: u32, day: u32) -> String {
    match lang {
        Lang::Vi => format!("{day:02}/{month:02}/{year}"),
        Lang::En => format!(
            "{day} {} {year}",
            MONTHS_EN.get(month as usize - 1).copied().unwrap_or("")
        ),
    }
}

/// "06/02/2025" (vi) / "6 Feb 2025" (en); `None` if the text is not a date.
pub fn date(lang: Lang, iso: &str) -> Option<String> {
    parts(iso).map(|w| date_of(lang, w.year, w.month, w.day))
}

/// "25/01" (vi) / "25 Jan" (en): a day of a stretch whose year is plain.
pub fn day_month(lang: Lang, iso: &str) -> Option<String> {
    let w = parts(iso)?;
    Some(match lang {
        Lang::Vi => format!("{:02}/{:02}", w.day, w.month),
        Lang::En => format!(
            "{} {}",
            w.day,
            MONTHS_EN.get(w.month as usize - 1).copied().unwrap_or("")
        ),
    })
}

/// "06/02/2025 lúc 10:00" (vi) / "6 Feb 2025, 10:00" (en); the date alone when no time.
pub fn date_time(lang: Lang, iso: &str) -> Option<String> {
    let w = parts(iso)?;
    let day = date_of(lang, w.year, w.month, w.day);
    Some(match w.time {
        Some((h, min)) => {
            let time = format!("{h:02}:{min:02}");
            Ui::DateAtTime.fill(lang, &[("date", &day), ("time", &time)])
        }
        None => day,
    })
}

/// The source's text, trimmed; `None` when it says nothing.
pub fn said(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// Only web links are rendered as links (never `javascript:` or data URLs from data).
pub fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}
