//! Which failures are tried again for which operation, how long to wait (exponential
//! backoff with full jitter, or the server's `Retry-After`), and whether the wait fits in
//! what is left of the call's deadline.

use std::time::UNIX_EPOCH;

use crate::core::error::{is_transient_status, Error, ErrorKind};
use crate::core::operation::Operation;

/// First backoff ceiling, in ms.
pub const BACKOFF_BASE_MS: u64 = 250;
/// Largest backoff ceiling, in ms.
pub const BACKOFF_CAP_MS: u64 = 8_000;

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send again.
    RetryAfter(u64),
    /// Give up with the error as it is.
    Fail,
}

/// Whether `error` is worth another attempt of `operation` at all.
///
/// Network failures and transient statuses (408, 500, 502, 503, 504) are retried only for
/// idempotent operations: an invite may have been sent before the connection broke. A 429
/// means the server did nothing, so it is retried for every operation.
pub fn should_retry(operation: Operation, error: &Error) -> bool {
    match error.kind {
        ErrorKind::RateLimited => true,
        ErrorKind::Network => operation.is_idempotent(),
        ErrorKind::Http | ErrorKind::Graphql => {
            operation.is_idempotent() && error.status.is_some_and(is_transient_status)
        }
        _ => false,
    }
}

/// The backoff ceiling before retry number `retry` (1 for the first retry):
/// `min(cap, base * 2^(retry-1))`.
pub fn backoff_ceiling_ms(retry: u32) -> u64 {
    let doublings = retry.saturating_sub(1).min(16);
    BACKOFF_BASE_MS
        .saturating_mul(1u64 << doublings)
        .min(BACKOFF_CAP_MS)
}

/// Full jitter: a wait drawn uniformly from `[0, ceiling]`; `random` is in `[0, 1)`.
pub fn backoff_ms(retry: u32, random: f64) -> u64 {
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (backoff_ceiling_ms(retry) as f64 * r).round() as u64
}

/// Decides after attempt number `attempts` (1-based) failed with `error`.
///
/// `retries` is the number of extra attempts allowed, `remaining_ms` what is left of the
/// deadline, `random` a number in `[0, 1)` for the jitter. A wait that would end at or past
/// the deadline is not started: the call fails at once (with `retryAfterMs` set when the
/// server asked for that wait).
pub fn decide(
    operation: Operation,
    error: &Error,
    attempts: u32,
    retries: u32,
    remaining_ms: u64,
    random: f64,
) -> Decision {
    if attempts > retries || !should_retry(operation, error) {
        return Decision::Fail;
    }
    let wait = error
        .retry_after_ms
        .unwrap_or_else(|| backoff_ms(attempts, random));
    if wait >= remaining_ms {
        Decision::Fail
    } else {
        Decision::RetryAfter(wait)
    }
}

/// Parses a `Retry-After` header: delay-seconds, or an HTTP date (IMF-fixdate, RFC 850 or
/// asctime, read by `httpdate`) compared to `now_ms` (ms since the Unix epoch). A date in
/// the past means 0.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Whole seconds; an absurdly long wait saturates (it never fits a deadline).
        let seconds = v.parse::<u64>().unwrap_or(u64::MAX);
        return Some(seconds.min(u64::MAX / 1000) * 1000);
    }
    let at = parse_http_date(v)?;
    // `as` saturates: a negative clock is 0. A clock that is not finite counts as 0 too.
    let now = if now_ms.is_finite() { now_ms as u64 } else { 0 };
    Some(at.saturating_sub(now))
}

/// Milliseconds since the epoch of an HTTP date, or `None`.
pub fn parse_http_date(s: &str) -> Option<u64> {
    let at = httpdate::parse_http_date(s).ok()?;
    let since = at.duration_since(UNIX_EPOCH).ok()?;
    u64::try_from(since.as_millis()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::classify_response;

    const LIST: Operation = Operation::ListUsers;
    const INVITE: Operation = Operation::InviteUser;

    fn status_error(op: Operation, status: u16, body: &[u8]) -> Error {
        classify_response(op, status, body, None).unwrap()
    }

    #[test]
    fn which_failures_retry_for_which_operation() {
        let network = Error::new(ErrorKind::Network, Some(LIST), "x");
        assert!(should_retry(LIST, &network));
        assert!(should_retry(Operation::DisableUser, &network));
        assert!(should_retry(Operation::UpdateUserAccountType, &network));
        assert!(!should_retry(INVITE, &network));
        for s in [408, 500, 502, 503, 504] {
            assert!(should_retry(LIST, &status_error(LIST, s, b"")), "{s}");
            assert!(
                should_retry(
                    LIST,
                    &status_error(LIST, s, br#"{"errors":[{"message":"m"}]}"#)
                ),
                "{s}"
            );
            assert!(!should_retry(INVITE, &status_error(INVITE, s, b"")), "{s}");
        }
        assert!(should_retry(INVITE, &status_error(INVITE, 429, b"")));
        assert!(should_retry(LIST, &status_error(LIST, 429, b"")));
        for s in [400, 401, 403, 404, 501] {
            assert!(!should_retry(LIST, &status_error(LIST, s, b"")), "{s}");
        }
        assert!(!should_retry(
            LIST,
            &status_error(LIST, 200, br#"{"errors":[{"message":"m"}]}"#)
        ));
        for k in [
            ErrorKind::Timeout,
            ErrorKind::Aborted,
            ErrorKind::Decode,
            ErrorKind::Rejected,
            ErrorKind::Validation,
        ] {
            assert!(
                !should_retry(LIST, &Error::new(k, Some(LIST), "x")),
                "{k:?}"
            );
        }
    }

    #[test]
    fn backoff_bounds() {
        assert_eq!(backoff_ceiling_ms(1), 250);
        assert_eq!(backoff_ceiling_ms(2), 500);
        assert_eq!(backoff_ceiling_ms(3), 1000);
        assert_eq!(backoff_ceiling_ms(6), 8000);
        assert_eq!(backoff_ceiling_ms(7), 8000);
        assert_eq!(backoff_ceiling_ms(u32::MAX), 8000);
        for retry in 1..20 {
            assert_eq!(backoff_ms(retry, 0.0), 0);
            assert!(backoff_ms(retry, 0.999_999) <= backoff_ceiling_ms(retry));
            assert!(backoff_ms(retry, 0.5) <= 4000);
        }
        assert_eq!(backoff_ms(1, 0.5), 125);
        assert_eq!(backoff_ms(3, f64::NAN), 0);
        assert_eq!(backoff_ms(3, 7.0), 1000);
    }

    #[test]
    fn decisions_respect_retries_and_deadline() {
        let e = status_error(LIST, 503, b"");
        assert_eq!(
            decide(LIST, &e, 1, 2, 60_000, 0.5),
            Decision::RetryAfter(125)
        );
        assert_eq!(
            decide(LIST, &e, 2, 2, 60_000, 0.5),
            Decision::RetryAfter(250)
        );
        assert_eq!(decide(LIST, &e, 3, 2, 60_000, 0.5), Decision::Fail);
        assert_eq!(decide(LIST, &e, 1, 0, 60_000, 0.5), Decision::Fail);
        // The wait would end past the deadline: not started.
        assert_eq!(decide(LIST, &e, 1, 2, 100, 0.5), Decision::Fail);
        assert_eq!(decide(LIST, &e, 1, 2, 126, 0.5), Decision::RetryAfter(125));
        assert_eq!(
            decide(INVITE, &status_error(INVITE, 503, b""), 1, 2, 60_000, 0.5),
            Decision::Fail
        );
    }

    #[test]
    fn retry_after_is_honoured_when_it_fits() {
        let e = classify_response(INVITE, 429, b"", Some(3000)).unwrap();
        assert_eq!(
            decide(INVITE, &e, 1, 2, 60_000, 0.9),
            Decision::RetryAfter(3000)
        );
        assert_eq!(decide(INVITE, &e, 1, 2, 3000, 0.9), Decision::Fail);
        assert_eq!(
            decide(INVITE, &e, 1, 0, 60_000, 0.9),
            Decision::Fail,
            "retries: 0 disables 429 too"
        );
        let e = classify_response(LIST, 503, b"", Some(0)).unwrap();
        assert_eq!(decide(LIST, &e, 1, 2, 10, 0.9), Decision::RetryAfter(0));
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3", 0.0), Some(3000));
        assert_eq!(parse_retry_after(" 0 ", 0.0), Some(0));
        assert_eq!(parse_retry_after("120", 0.0), Some(120_000));
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0.0),
            Some(u64::MAX / 1000 * 1000)
        );
        let now = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap() as f64;
        assert_eq!(now, 784_111_777_000.0);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:42 GMT", now),
            Some(5000)
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now),
            Some(10_000)
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:50:37 1994", now),
            Some(60_000)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(0),
            "past date"
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Fri, 27 Nov 2026 10:00:00 GMT"),
            Some(1_795_773_600_000)
        );
    }

    #[test]
    fn a_clock_that_is_not_a_finite_positive_number_counts_from_zero() {
        let at = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        for now in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -5.0, 0.0] {
            assert_eq!(
                parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
                Some(at),
                "{now}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at as f64 - 1500.0),
            Some(1500)
        );
    }
}
