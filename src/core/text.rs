//! Small text helpers that stand in for `format!`, `str::parse` and `chars().count()`:
//! the wasm build carries none of `core::fmt`'s machinery or the generic number parser, and
//! these few lines are all the package needs of them.

#[allow(unused_imports)]
use crate::prelude::*;

/// Joins static and borrowed parts into one message.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Appends the decimal digits of `n` to `out`.
pub fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        if let Some(slot) = digits.get_mut(len) {
            *slot = b'0' + (n % 10) as u8;
        }
        len += 1;
        n /= 10;
        if n == 0 || len == digits.len() {
            break;
        }
    }
    for d in digits.iter().take(len).rev() {
        out.push(char::from(*d));
    }
}

/// The value of a non-empty run of ASCII digits (no sign, no spaces), saturating at
/// `u64::MAX`; `None` for anything else.
pub fn parse_digits(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit()
            .then(|| n.saturating_mul(10).saturating_add(u64::from(b - b'0')))
    })
}

/// The number of characters (Unicode scalar values) in `s`.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| (b & 0xC0) != 0x80).count()
}

/// At most `max` characters of `text`.
pub fn clip(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => text.get(..end).unwrap_or(text),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_both_ways() {
        for n in [0u64, 7, 10, 65535, u64::MAX] {
            let mut s = String::new();
            push_number(&mut s, n);
            assert_eq!(s, n.to_string());
            assert_eq!(parse_digits(&s), Some(n));
        }
        for bad in ["", "+1", "-1", "1 ", "1.0", "x"] {
            assert_eq!(parse_digits(bad), None, "{bad:?}");
        }
        assert_eq!(parse_digits("99999999999999999999999"), Some(u64::MAX));
    }

    #[test]
    fn counts_and_clips_characters() {
        for s in ["", "abc", "é😀x", "日本語"] {
            assert_eq!(char_count(s), s.chars().count(), "{s}");
        }
        assert_eq!(clip("é😀xyz", 2), "é😀");
        assert_eq!(clip("ab", 5), "ab");
        assert_eq!(concat(&["a", "", "bc"]), "abc");
    }
}
