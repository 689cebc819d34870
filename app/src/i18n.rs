//! The widget's wording logic: which text a count or a wait takes. The texts themselves live
//! in core's language tables ([`motcua_core::messages`]), so a missing translation is a build
//! error, not a blank; views look them up (`Ui::SearchLabel.text(lang)`), and core's types
//! speak for themselves (`level.label(lang)`, `punctuality.words(lang)`).

use motcua_core::messages::{plural, Lang, Message, Ui};

/// "Tìm thấy 37 thủ tục." (+ how many are shown when not all).
pub fn results_found(lang: Lang, total: usize, shown: usize) -> String {
    let many = if shown < total {
        Ui::ResultsFoundSome
    } else {
        Ui::ResultsFound
    };
    plural(total as u64, Ui::ResultsFoundOne, many)
        .fill(lang, &[("total", &total), ("shown", &shown)])
}

/// The citizen's wait after a 429: whole minutes from 90 seconds on, else seconds.
pub fn rate_limited(lang: Lang, retry_after: Option<u32>) -> String {
    let Some(seconds) = retry_after else {
        return Ui::RateLimitedUnknown.text(lang).to_string();
    };
    let wait = if seconds >= 90 {
        Ui::WaitMinutes.fill(lang, &[("n", &seconds.div_ceil(60))])
    } else {
        let n = seconds.max(1);
        plural(n.into(), Ui::WaitSecondsOne, Ui::WaitSeconds).fill(lang, &[("n", &n)])
    };
    Ui::RateLimited.fill(lang, &[("wait", &wait)])
}

/// How old the answer is, in whole minutes (at least one).
pub fn stale(lang: Lang, age_seconds: u64) -> String {
    let minutes = age_seconds.div_ceil(60).max(1);
    Ui::Stale.fill(lang, &[("minutes", &minutes)])
}
