//! How many times the phone digits of one dossier may be checked, by whom, and how the count
//! holds under concurrency.
//!
//! # Counted before checked
//!
//! Each `?verify=` attempt is counted FIRST, atomically, and checked only if the count it got
//! is within the allowance: the counting statements ([`super::store::count_verify_attempt`])
//! run in the same D1 batch as the lookup's reads (no extra round trip), and each is an
//! `INSERT … ON CONFLICT DO UPDATE … RETURNING count`. D1 runs a batch as one transaction on
//! its database's single writer, so N parallel attempts get the counts 1…N, and at most the
//! allowance of them are checked — however many arrive at once.
//!
//! (A Durable Object per dossier would give the same guarantee with an in-memory counter, at
//! the cost of a second binding, another round trip per verifying lookup and state outside
//! the database the lookup already reads; D1's single writer already serialises the counter,
//! so D1 it is.)
//!
//! # Who is limited: [`VERIFY_POLICY`]
//!
//! The phone digits have 10,000 possible values. Three counters, each a fixed window that
//! starts at its first attempt:
//!
//! | counter | counts | allowance |
//! |---|---|---|
//! | `client_burst` | this dossier, this client | 5 per 15 minutes |
//! | `client_day` | this dossier, this client | 10 per 24 hours |
//! | `dossier_day` | this dossier, all clients | 50 per 24 hours |
//!
//! A client is an IPv4 address or an IPv6 /64 ([`crate::access::ClientKey`]). A counter counts
//! an attempt only when every counter before it admitted it, so attempts refused for one client
//! do not use up the dossier's allowance: one stranger spends at most 10 of the day's 50.
//!
//! - **Guessing is slow.** From one address: 5 tries, then 15 minutes, at most 10 a day
//!   (0.1 % of the values). From many addresses together: at most 50 a day for the dossier
//!   (0.5 %), so walking all 10,000 values takes 200 days, longer than dossiers stay open.
//! - **One stranger cannot lock the applicant out.** The applicant's own address has its own
//!   counters: a stranger's failures never refuse it. Only five or more addresses (distinct
//!   IPv4 addresses or IPv6 /64s) guessing the same dossier on the same day exhaust the
//!   dossier's allowance, and then only verification waits: the status lookup without digits
//!   always answers (it is not counted here), and a right answer clears the applicant's own
//!   counters.
//! - The lookup rate limit (30 lookups a minute per client) applies before any of this.

use super::code::DossierCode;
use crate::access::ClientKey;
use serde::{Deserialize, Serialize};

/// Whose attempts a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One client's attempts at one dossier.
    Client,
    /// Everyone's attempts at one dossier.
    Dossier,
}

/// One counter: at most `max` attempts in a window of `window_seconds` from its first attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// Names the counter in its keys (stable: stored in D1).
    pub name: &'static str,
    pub scope: Scope,
    pub window_seconds: i64,
    pub max: i64,
}

/// The counters, in the order they are counted (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyPolicy {
    pub tiers: [Tier; 3],
}

/// The policy in force (numbers and reasons in the module docs).
pub const VERIFY_POLICY: VerifyPolicy = VerifyPolicy {
    tiers: [
        Tier {
            name: "client_burst",
            scope: Scope::Client,
            window_seconds: 15 * 60,
            max: 5,
        },
        Tier {
            name: "client_day",
            scope: Scope::Client,
            window_seconds: 24 * 3600,
            max: 10,
        },
        Tier {
            name: "dossier_day",
            scope: Scope::Dossier,
            window_seconds: 24 * 3600,
            max: 50,
        },
    ],
};

/// A counter as the counting statement returns it (a `verify_attempts` row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRow {
    pub key: String,
    pub window_start: i64,
    /// Attempts in the window, this one included.
    pub count: i64,
}

/// Whether this attempt may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptVerdict {
    Check,
    /// Over an allowance: not checked; the earliest the refusing counter lets one in again.
    Refused {
        retry_after: u32,
    },
}

impl Tier {
    /// The counter's key for `code` (and `client`, for a per-client counter).
    pub fn key(&self, code: &DossierCode, client: &ClientKey) -> String {
        match self.scope {
            Scope::Client => format!("{}|{code}|{client}", self.name),
            Scope::Dossier => format!("{}|{code}", self.name),
        }
    }

    fn refusal(&self, row: &AttemptRow, now_unix: i64) -> Option<u32> {
        (row.count > self.max).then(|| {
            let left = (row.window_start + self.window_seconds - now_unix).max(1);
            u32::try_from(left).unwrap_or(u32::MAX)
        })
    }
}

impl VerifyPolicy {
    /// The keys of the per-client counters (cleared when the client gives the right digits).
    pub fn client_keys(&self, code: &DossierCode, client: &ClientKey) -> Vec<String> {
        self.tiers
            .iter()
            .filter(|t| t.scope == Scope::Client)
            .map(|t| t.key(code, client))
            .collect()
    }

    /// The longest window (rows older than this are expired whatever their counter).
    pub fn longest_window(&self) -> i64 {
        self.tiers
            .iter()
            .map(|t| t.window_seconds)
            .max()
            .unwrap_or(0)
    }

    /// The verdict on an attempt from the rows its counting statements returned, in tier
    /// order. A counter only counts what the ones before it admitted, so the rows are a prefix
    /// of the tiers; a missing row means an earlier counter refused. No rows at all (nothing
    /// was counted) is refused too: an attempt not shown to be within the allowance is not
    /// checked.
    pub fn verdict(&self, rows: &[AttemptRow], now_unix: i64) -> AttemptVerdict {
        let refusals: Vec<u32> = self
            .tiers
            .iter()
            .zip(rows)
            .filter_map(|(tier, row)| tier.refusal(row, now_unix))
            .collect();
        match refusals.iter().max() {
            Some(&retry_after) => AttemptVerdict::Refused { retry_after },
            None if rows.len() >= self.tiers.len() => AttemptVerdict::Check,
            None => AttemptVerdict::Refused {
                retry_after: u32::try_from(self.tiers[0].window_seconds).unwrap_or(u32::MAX),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_750_000_000;

    fn code() -> DossierCode {
        DossierCode::parse("000.00.06.H56-250303-0042").unwrap()
    }

    fn row(count: i64, started_ago: i64) -> AttemptRow {
        AttemptRow {
            key: String::new(),
            window_start: NOW - started_ago,
            count,
        }
    }

    #[test]
    fn keys_name_the_counter_the_dossier_and_the_client() {
        let client = ClientKey::from_header(Some("2001:db8:1:2::9"));
        let keys: Vec<String> = VERIFY_POLICY
            .tiers
            .iter()
            .map(|t| t.key(&code(), &client))
            .collect();
        assert_eq!(
            keys,
            [
                "client_burst|000.00.06.H56-250303-0042|2001:db8:1:2::/64",
                "client_day|000.00.06.H56-250303-0042|2001:db8:1:2::/64",
                "dossier_day|000.00.06.H56-250303-0042",
            ]
        );
        assert_eq!(
            VERIFY_POLICY.client_keys(&code(), &client),
            keys[..2].to_vec()
        );
        assert_eq!(VERIFY_POLICY.longest_window(), 24 * 3600);
    }

    #[test]
    fn within_every_allowance_the_attempt_is_checked() {
        let rows = [row(5, 60), row(10, 3600), row(50, 7200)];
        assert_eq!(VERIFY_POLICY.verdict(&rows, NOW), AttemptVerdict::Check);
    }

    #[test]
    fn over_an_allowance_it_waits_for_that_window() {
        // The sixth attempt in 15 minutes, the window opened 100 s ago.
        assert_eq!(
            VERIFY_POLICY.verdict(&[row(6, 100)], NOW),
            AttemptVerdict::Refused { retry_after: 800 }
        );
        // The eleventh of the day for this client: the day's window decides.
        assert_eq!(
            VERIFY_POLICY.verdict(&[row(1, 0), row(11, 3600)], NOW),
            AttemptVerdict::Refused {
                retry_after: 23 * 3600
            }
        );
        // The dossier's allowance is spent by others.
        assert_eq!(
            VERIFY_POLICY.verdict(&[row(1, 0), row(1, 0), row(51, 86_000)], NOW),
            AttemptVerdict::Refused { retry_after: 400 }
        );
        // Two refusals: the later one.
        assert_eq!(
            VERIFY_POLICY.verdict(&[row(7, 800), row(12, 100)], NOW),
            AttemptVerdict::Refused {
                retry_after: 86_300
            }
        );
        // A window's last second still says one second.
        assert_eq!(
            VERIFY_POLICY.verdict(&[row(6, 900)], NOW),
            AttemptVerdict::Refused { retry_after: 1 }
        );
    }

    #[test]
    fn nothing_counted_is_not_checked() {
        assert_eq!(
            VERIFY_POLICY.verdict(&[], NOW),
            AttemptVerdict::Refused { retry_after: 900 }
        );
        // A prefix whose rows are all within: an earlier counter cannot have refused, so the
        // store lost a row; still not checked.
        assert!(matches!(
            VERIFY_POLICY.verdict(&[row(1, 0)], NOW),
            AttemptVerdict::Refused { .. }
        ));
    }

    /// The policy as documented: one stranger cannot spend the dossier's allowance, and the
    /// allowance bounds guessing to a small share of the 10,000 values a day.
    #[test]
    fn the_numbers_keep_their_promises() {
        let [burst, day, dossier] = VERIFY_POLICY.tiers;
        assert!(burst.max <= day.max && burst.window_seconds < day.window_seconds);
        assert_eq!(day.window_seconds, dossier.window_seconds);
        // At least five addresses are needed to spend the dossier's day.
        assert!(dossier.max / day.max >= 5);
        // At most 0.5 % of the values a day, whatever the number of addresses.
        assert!(dossier.max * 200 <= 10_000);
    }
}
