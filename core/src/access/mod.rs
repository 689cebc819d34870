//! Who is asking: the key per-client limits count by ([`ClientKey`]), the browser origins that
//! may read dossier answers or frame motcua's pages ([`AllowedOrigins`]), and how long a
//! limited client waits ([`limiter_retry_after`]).

mod client;
mod origins;

pub use client::{ClientKey, INVALID_CLIENT, IPV6_CLIENT_PREFIX, UNKNOWN_CLIENT};
pub use origins::{AllowedOrigins, BrowserRequest, OriginVerdict};

/// `Retry-After` for a client refused by the per-client lookup limit (the Workers rate-limit
/// binding, `period` seconds per window).
///
/// The binding answers only yes or no. Locally (miniflare) it counts in fixed windows aligned to
/// multiples of the period since the Unix epoch, so the seconds left in the current window are
/// exactly when the client is let in again; Cloudflare does not document its windows, so in
/// production this is an estimate that is never longer than the period. A client that comes
/// back too early is refused again, with a fresh answer.
pub fn limiter_retry_after(now_unix: i64, period: u32) -> u32 {
    let period = i64::from(period.max(1));
    let left = period - now_unix.rem_euclid(period);
    u32::try_from(left).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_what_is_left_of_the_window() {
        assert_eq!(limiter_retry_after(1_700_000_000, 60), 40);
        assert_eq!(limiter_retry_after(1_699_999_980, 60), 60);
        assert_eq!(limiter_retry_after(1_699_999_979, 60), 1);
        assert_eq!(limiter_retry_after(5, 10), 5);
        for now in 0..200 {
            let left = limiter_retry_after(now, 60);
            assert!((1..=60).contains(&left));
            assert_eq!((now + i64::from(left)) % 60, 0);
        }
        assert_eq!(limiter_retry_after(7, 0), 1);
    }
}
