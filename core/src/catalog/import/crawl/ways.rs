//! The ways-to-submit table (`cach_thuc_thuc_hien`): "Hình thức nộpThời gianPhí, lệ phíMô tả"
//! followed by rows of channel · time (amount + unit) · fees · description, glued together.

use super::super::record::fee_kind_from_text;
use crate::catalog::clean::{present, present_multiline};
use crate::catalog::labels::labels;
use crate::catalog::model::{Channel, Fee, ProcessingTime, TimeUnit, Way};

const WAYS_HEADER: &str = "Hình thức nộpThời gianPhí, lệ phíMô tả";
const ABSENT: &str = "Không có thông tin";
const FREE: &str = "Miễn phí";

/// Ways and the notes on what could not be read.
#[derive(Debug, Default)]
pub struct ParsedWays {
    pub ways: Vec<Way>,
    pub notes: Vec<String>,
}

/// Capitalised labels as they appear in the page ("Trực tuyến"), longest first.
fn channel_starts() -> Vec<(String, Channel)> {
    labels()
        .channel_labels()
        .into_iter()
        .map(|(k, c)| (capitalise(k), c))
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses "Hình thức nộpThời gianPhí, lệ phíMô tả" + rows of
/// channel · time (amount + unit) · fees (`Miễn phí` | `N <currency>(note)` ...) · description.
pub fn parse_ways(text: &str) -> ParsedWays {
    let mut out = ParsedWays::default();
    let text = text.trim();
    if labels().is_absent(text) {
        return out;
    }
    let Some(body) = text.strip_prefix(WAYS_HEADER) else {
        out.notes.push("no table header; section ignored".into());
        return out;
    };
    let channels = channel_starts();
    // A row starts where a channel label is directly followed by its time cell: a digit or
    // "Không ..." (no time given). Channel words inside descriptions are followed by a space.
    let mut starts: Vec<(usize, usize, Channel)> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        let hit = channels.iter().find(|(label, _)| {
            rest.starts_with(label.as_str()) && {
                let after = &rest[label.len()..];
                after.starts_with(|c: char| c.is_ascii_digit()) || after.starts_with("Không")
            }
        });
        if let Some((label, channel)) = hit {
            starts.push((i, i + label.len(), *channel));
            i += label.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if starts.is_empty() {
        if !body.trim().is_empty() {
            out.notes
                .push("no recognisable row; section ignored".into());
        }
        return out;
    }
    if starts[0].0 > 0 {
        out.notes.push(format!(
            "text before the first row ignored: {:?}",
            &body[..starts[0].0]
        ));
    }
    for (n, &(_, cell_start, channel)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(body.len(), |s| s.0);
        let (way, note) = parse_way_row(channel, &body[cell_start..end]);
        if let Some(note) = note {
            out.notes.push(note);
        }
        out.ways.push(way);
    }
    out
}

/// Digits with optional `,`/`.` separators at the start of `text`.
fn number_run(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(text.len(), |(i, _)| i);
    // A trailing separator is punctuation, not part of the number.
    text[..end].trim_end_matches([',', '.'])
}

/// The currency label right after " " at the start of `text`, as (label length, ISO code).
fn currency_after_space(text: &str) -> Option<(usize, String)> {
    let rest = text.strip_prefix(' ')?;
    let lower = rest.to_lowercase();
    labels()
        .currency_labels()
        .into_iter()
        .find(|(label, _)| lower.starts_with(label))
        .map(|(label, code)| {
            // Lower-casing keeps these labels' byte lengths, so the prefix length carries over.
            (1 + label.len(), code.to_string())
        })
}

/// A money amount as the page formats it: `0`, `135`, `1,200,000`.
fn money_amount(run: &str) -> Option<f64> {
    let mut groups = run.split(',');
    let first = groups.next()?;
    let ok_first = !first.is_empty()
        && first.len() <= 3
        && first.bytes().all(|b| b.is_ascii_digit())
        && (first == "0" || !first.starts_with('0'));
    let rest: Vec<&str> = groups.collect();
    if !ok_first
        || rest
            .iter()
            .any(|g| g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        // Unformatted long numbers also occur ("1200"); accept plain digits without a
        // leading zero.
        if !run.contains(',') && !run.starts_with('0') && run.bytes().all(|b| b.is_ascii_digit()) {
            return run.parse().ok();
        }
        return None;
    }
    run.replace(',', "").parse().ok()
}

fn time_amount(run: &str) -> Option<f64> {
    if run.is_empty() || (run.len() > 1 && run.starts_with('0') && !run.starts_with("0.")) {
        return None;
    }
    run.replace(',', ".").parse().ok()
}

fn parse_way_row(channel: Channel, cell: &str) -> (Way, Option<String>) {
    let time = time_cell(cell);
    let mut fees: Vec<Fee> = time.glued_fee.into_iter().collect();
    let rest = fee_cells(time.rest, &mut fees);
    let description = match (time.words, present_multiline(rest)) {
        (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
        (a, b) => a.or(b),
    };
    (
        Way {
            channel,
            processing_time: time.processing_time,
            fees,
            description,
        },
        time.note,
    )
}

/// What a row's time cell holds, and the text after it.
struct TimeCell<'a> {
    processing_time: Option<ProcessingTime>,
    /// A time given in words ("Không quy định"), kept for the description.
    words: Option<String>,
    /// A fee whose digits ran into the time's ("1100 VNĐ").
    glued_fee: Option<Fee>,
    note: Option<String>,
    rest: &'a str,
}

impl<'a> TimeCell<'a> {
    fn empty(rest: &'a str) -> TimeCell<'a> {
        TimeCell {
            processing_time: None,
            words: None,
            glued_fee: None,
            note: None,
            rest,
        }
    }
}

fn time_cell(cell: &str) -> TimeCell<'_> {
    if cell.starts_with(|c: char| c.is_ascii_digit()) {
        return numeric_time(cell);
    }
    if let Some(rest) = cell.strip_prefix(ABSENT) {
        return TimeCell::empty(rest);
    }
    // A time given in words ("Không quy định", "Không phải trả kết quả ..."): it runs up to
    // the fee cell.
    let fee_at = find_fee_start(cell).unwrap_or(cell.len());
    TimeCell {
        words: present(&cell[..fee_at]),
        ..TimeCell::empty(&cell[fee_at..])
    }
}

/// An amount with its unit ("22 Ngày làm việc"), a bare amount (unit unknown: `Other`), or
/// an amount glued to the fee's digits.
fn numeric_time(cell: &str) -> TimeCell<'_> {
    let run = number_run(cell);
    let after = &cell[run.len()..];
    let unit = labels().time_unit_labels().into_iter().find(|(label, _)| {
        let a = after.strip_prefix(' ').unwrap_or(after);
        a.to_lowercase().starts_with(label)
    });
    let other = |run: &str| {
        time_amount(run).map(|amount| ProcessingTime {
            amount,
            unit: TimeUnit::Other,
        })
    };
    if let Some((label, unit)) = unit {
        let skip = run.len() + usize::from(after.starts_with(' ')) + label.len();
        return TimeCell {
            processing_time: time_amount(run).map(|amount| ProcessingTime { amount, unit }),
            ..TimeCell::empty(&cell[skip.min(cell.len())..])
        };
    }
    let Some((cur_len, currency)) = currency_after_space(after) else {
        return TimeCell {
            processing_time: other(run),
            ..TimeCell::empty(after)
        };
    };
    // No unit, and the fee amount follows directly: "1100 VNĐ" is time 1 + fee 100. Take the
    // shortest valid time that leaves a well-formed amount.
    let split = (1..run.len()).find(|&k| {
        run.is_char_boundary(k)
            && time_amount(&run[..k]).is_some()
            && money_amount(&run[k..]).is_some()
    });
    let Some(k) = split else {
        return TimeCell {
            note: Some(format!("cannot split time and fee in {run:?}")),
            ..TimeCell::empty(after)
        };
    };
    let (desc, rest) = parenthesised(&after[cur_len..]);
    TimeCell {
        processing_time: other(&run[..k]),
        words: None,
        glued_fee: Some(make_fee(money_amount(&run[k..]), Some(currency), desc)),
        note: Some(format!(
            "time and fee digits run together in {run:?}; read as time {} and fee {}",
            &run[..k],
            &run[k..]
        )),
        rest,
    }
}

/// The fee cells at the start of `rest` (`Miễn phí`, `N <currency>(note)`, ...), added to
/// `fees`; returns the text after them (the description).
fn fee_cells<'a>(mut rest: &'a str, fees: &mut Vec<Fee>) -> &'a str {
    loop {
        if let Some(r) = rest.strip_prefix(FREE) {
            let (desc, after) = parenthesised(r);
            fees.push(make_fee(Some(0.0), None, desc));
            rest = after;
        } else if fees.is_empty() && rest.starts_with(ABSENT) {
            return &rest[ABSENT.len()..];
        } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
            let run = number_run(rest);
            let after = &rest[run.len()..];
            match (currency_after_space(after), money_amount(run)) {
                (Some((cur_len, currency)), Some(amount)) => {
                    let (desc, after_desc) = parenthesised(&after[cur_len..]);
                    fees.push(make_fee(Some(amount), Some(currency), desc));
                    rest = after_desc;
                }
                _ => return rest,
            }
        } else {
            return rest;
        }
    }
}

fn make_fee(amount: Option<f64>, currency: Option<String>, description: Option<String>) -> Fee {
    // "Miễn phí" with a note that states a rule or amount is not known to be free (the page
    // prints "Miễn phí" for every zero, as the API does).
    let amount = match amount {
        Some(a) if a == 0.0 && description.is_some() => None,
        other => other,
    };
    Fee {
        kind: description.as_deref().and_then(fee_kind_from_text),
        amount,
        currency,
        description,
    }
}

/// Where the fee cell starts in text that begins with a worded time.
fn find_fee_start(text: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for marker in [FREE, ABSENT] {
        if let Some(i) = text.find(marker) {
            best = Some(best.map_or(i, |b: usize| b.min(i)));
        }
    }
    for (i, c) in text.char_indices() {
        if best.is_some_and(|b| i >= b) {
            break;
        }
        if c.is_ascii_digit() && (i == 0 || !text[..i].ends_with(|p: char| p.is_ascii_digit())) {
            let run = number_run(&text[i..]);
            if currency_after_space(&text[i + run.len()..]).is_some() {
                return Some(i);
            }
        }
    }
    best
}

/// A balanced "(...)" at the start of `text`: (its inside, the rest).
fn parenthesised(text: &str) -> (Option<String>, &str) {
    if !text.starts_with('(') {
        return (None, text);
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return (present_multiline(&text[1..i]), &text[i + 1..]);
                }
            }
            _ => {}
        }
    }
    // Unbalanced: the note runs to the end.
    (present_multiline(&text[1..]), "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::FeeKind;

    #[test]
    fn ways_simple_rows() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíTrực tiếp22 Ngày làm việcMiễn phíTrong thời hạn 22 ngày.");
        assert!(w.notes.is_empty(), "{:?}", w.notes);
        assert_eq!(w.ways.len(), 2);
        assert_eq!(w.ways[0].channel, Channel::Online);
        assert_eq!(
            w.ways[0].processing_time,
            Some(ProcessingTime {
                amount: 1.0,
                unit: TimeUnit::Other
            })
        );
        assert_eq!(w.ways[0].fees[0].amount, Some(0.0));
        assert_eq!(w.ways[1].channel, Channel::InPerson);
        assert_eq!(
            w.ways[1].processing_time,
            Some(ProcessingTime {
                amount: 22.0,
                unit: TimeUnit::WorkingDay
            })
        );
        assert_eq!(
            w.ways[1].description.as_deref(),
            Some("Trong thời hạn 22 ngày.")
        );
    }

    #[test]
    fn ways_with_amounts_notes_and_channel_words_in_descriptions() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến21 Ngày1,200,000 Việt Nam Đồng(1.200.000đ/thẻ ABTC.)Dịch vụ bưu chính10 NgàyKhông có thông tinTrực tiếp tại cơ quan Công an cấp huyện.Trực tiếp5 Ngày làm việc135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)");
        assert_eq!(w.ways.len(), 3);
        let fee = &w.ways[0].fees[0];
        assert_eq!(fee.amount, Some(1_200_000.0));
        assert_eq!(fee.currency.as_deref(), Some("VND"));
        assert_eq!(fee.description.as_deref(), Some("1.200.000đ/thẻ ABTC."));
        assert_eq!(w.ways[1].channel, Channel::Postal);
        assert!(w.ways[1].fees.is_empty());
        assert_eq!(
            w.ways[1].description.as_deref(),
            Some("Trực tiếp tại cơ quan Công an cấp huyện.")
        );
        assert_eq!(w.ways[2].fees[0].amount, Some(135.0));
        assert_eq!(w.ways[2].fees[0].kind, Some(FeeKind::Charge));
    }

    #[test]
    fn ways_glued_time_and_fee_and_worded_time() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp1100 VNĐ(Phí công bố: 100.000 đồng/lần)Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phíQua Cổng dịch vụ công");
        assert_eq!(w.ways.len(), 2);
        assert_eq!(
            w.ways[0].processing_time.as_ref().map(|t| t.amount),
            Some(1.0)
        );
        assert_eq!(w.ways[0].fees[0].amount, Some(100.0));
        assert_eq!(w.notes.len(), 1);
        assert_eq!(w.ways[1].processing_time, None);
        assert_eq!(w.ways[1].fees[0].amount, Some(0.0));
        assert_eq!(
            w.ways[1].description.as_deref(),
            Some("Không phải trả kết quả cho người nộp thuế\nQua Cổng dịch vụ công")
        );
    }

    #[test]
    fn free_with_a_rule_is_not_known_free() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến35 Ngày làm việcMiễn phí(Phí thẩm định: 32.000.000 đồng/lần.)");
        assert_eq!(w.ways[0].fees[0].amount, None);
        assert_eq!(w.ways[0].fees[0].kind, Some(FeeKind::Fee));
    }
}
