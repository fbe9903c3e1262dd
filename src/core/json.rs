//! A small JSON reader and writer, not generic over anything, so it is compiled once.
//!
//! Why not serde_json: in the wasm build, serde's derives, `serde_json::Value` and the float
//! and error formatting behind them were most of the package's bytes. Why not miniserde,
//! which is built to be small: it gives owned `String`s for every string (one allocation per
//! field of 100,000 users), and no way to keep a value's raw text. What the decoder needs is
//! narrower than either: walk a body once, check its shape, compare a few keys, and hand
//! spans of the original text (already valid JSON) to the engine's own `JSON.parse`.
//!
//! The reader is strict RFC 8259 (what `JSON.parse` accepts, with the body valid UTF-8) and
//! never recurses: [`Reader::skip`] keeps its own bounded stack, so no body can exhaust the
//! wasm stack. The differential test against serde_json is in this file's tests.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::text::push_number;

/// The body is not JSON, or not where the caller expected a value of some kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Invalid;

/// The deepest nesting [`Reader::skip`] accepts (JSON.parse goes deeper; no API answer does).
pub const MAX_DEPTH: usize = 512;

/// A JSON string as it stands in the body, between its quotes: valid JSON string text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str<'a> {
    /// The text between the quotes, escapes as written.
    pub raw: &'a str,
    /// Whether `raw` holds any backslash escape.
    pub escaped: bool,
}

impl Str<'_> {
    /// Whether the string's value is `text`.
    pub fn is(&self, text: &str) -> bool {
        if self.escaped {
            self.value() == text
        } else {
            self.raw == text
        }
    }

    /// The string's value, escapes resolved (a lone surrogate becomes U+FFFD).
    pub fn value(&self) -> String {
        if !self.escaped {
            return self.raw.to_string();
        }
        let mut out = String::with_capacity(self.raw.len());
        let mut chars = self.raw.chars();
        let mut pending_high: Option<u32> = None;
        while let Some(c) = chars.next() {
            if c != '\\' {
                flush_high(&mut out, &mut pending_high);
                out.push(c);
                continue;
            }
            let simple = match chars.next() {
                Some('n') => '\n',
                Some('t') => '\t',
                Some('r') => '\r',
                Some('b') => '\u{8}',
                Some('f') => '\u{c}',
                Some('u') => {
                    let mut unit = 0u32;
                    for _ in 0..4 {
                        unit = unit * 16 + chars.next().and_then(|h| h.to_digit(16)).unwrap_or(0);
                    }
                    match (pending_high.take(), unit) {
                        (Some(high), 0xDC00..=0xDFFF) => out.push(
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))
                                .unwrap_or('\u{FFFD}'),
                        ),
                        (high, 0xD800..=0xDBFF) => {
                            if high.is_some() {
                                out.push('\u{FFFD}');
                            }
                            pending_high = Some(unit);
                        }
                        (high, _) => {
                            if high.is_some() {
                                out.push('\u{FFFD}');
                            }
                            out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                        }
                    }
                    continue;
                }
                Some(other) => other, // `"`, `\`, `/`
                None => break,
            };
            flush_high(&mut out, &mut pending_high);
            out.push(simple);
        }
        flush_high(&mut out, &mut pending_high);
        out
    }
}

fn flush_high(out: &mut String, pending: &mut Option<u32>) {
    if pending.take().is_some() {
        out.push('\u{FFFD}');
    }
}

/// The index of the first byte at or after `i` that ends a run of plain string bytes: a
/// `"`, a `\\` or a control byte (or the end). Eight bytes at a time: list bodies are mostly
/// string text, and this loop is most of the time spent checking them.
#[inline(always)]
fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A high bit per byte that is zero in `v` (exact for the first such byte, which is all
    // that is needed: the byte-wise loop takes over from the chunk that has one).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let special = zero(v ^ (ONES * u64::from(b'"')))
            | zero(v ^ (ONES * u64::from(b'\\')))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
        if special != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// What [`Reader::skip`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number; `whole` when it is a non-negative integer without fraction or exponent.
    Number {
        /// No sign, fraction or exponent.
        whole: bool,
    },
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A cursor over one JSON text.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `body`, which must be UTF-8 (JSON's only encoding).
    pub fn new(body: &'a [u8]) -> Result<Reader<'a>, Invalid> {
        let text = core::str::from_utf8(body).map_err(|_| Invalid)?;
        Ok(Reader { text, at: 0 })
    }

    #[inline(always)]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    #[inline(always)]
    fn byte(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    /// Skips white space and returns the next byte, without taking it.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.at += 1;
        }
        self.byte()
    }

    /// The byte offset of the cursor.
    pub fn position(&self) -> usize {
        self.at
    }

    /// The text between two offsets (from [`Reader::position`]).
    pub fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or("")
    }

    fn take(&mut self, byte: u8) -> Result<(), Invalid> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    /// Moves the cursor back to `position` (from [`Reader::position`]).
    pub fn rewind(&mut self, position: usize) {
        self.at = position;
    }

    /// Takes `text` if the body continues with exactly these bytes (no white space).
    #[inline(always)]
    pub fn fixed(&mut self, text: &[u8]) -> bool {
        let end = self.at + text.len();
        if self.bytes().get(self.at..end) == Some(text) {
            self.at = end;
            true
        } else {
            false
        }
    }

    /// The text up to the next `"` (not taken), when it holds no escape or control byte:
    /// the body of a plain string whose opening quote was part of a [`Reader::fixed`] run.
    #[inline(always)]
    pub fn plain_text(&mut self) -> Option<&'a str> {
        let bytes = self.bytes();
        let end = plain_run_end(bytes, self.at);
        if bytes.get(end) != Some(&b'"') {
            return None;
        }
        let text = self.text.get(self.at..end)?;
        self.at = end;
        Some(text)
    }

    /// Takes the `{` or `[` that opens a container; the caller has seen it with `peek`.
    /// Returns whether the container has a first member (false for `{}` / `[]`).
    pub fn open(&mut self, open: u8) -> Result<bool, Invalid> {
        self.take(open)?;
        let close = if open == b'{' { b'}' } else { b']' };
        if self.peek() == Some(close) {
            self.at += 1;
            Ok(false)
        } else {
            Ok(true)
        }
    }

    /// After a member: takes `,` (true: another member follows) or the closing byte (false).
    pub fn next(&mut self, close: u8) -> Result<bool, Invalid> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(Invalid),
        }
    }

    /// An object member's key and its `:`.
    pub fn key(&mut self) -> Result<Str<'a>, Invalid> {
        let key = self.string()?;
        self.take(b':')?;
        Ok(key)
    }

    /// A string value.
    pub fn string(&mut self) -> Result<Str<'a>, Invalid> {
        self.take(b'"')?;
        let start = self.at;
        let bytes = self.bytes();
        let mut escaped = false;
        let mut i = start;
        loop {
            i = plain_run_end(bytes, i);
            match bytes.get(i).copied() {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    match bytes.get(i + 1).copied() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') => {
                            let hex = bytes.get(i + 2..i + 6).ok_or(Invalid)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(Invalid);
                            }
                            i += 6;
                        }
                        _ => return Err(Invalid),
                    }
                }
                Some(0..=0x1f) | None => return Err(Invalid),
                Some(_) => i += 1,
            }
        }
        self.at = i + 1;
        Ok(Str {
            raw: self.text.get(start..i).ok_or(Invalid)?,
            escaped,
        })
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Invalid> {
        if self.bytes().get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.byte().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Kind, Invalid> {
        let mut whole = true;
        if self.byte() == Some(b'-') {
            self.at += 1;
            whole = false;
        }
        match self.byte() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Invalid),
        }
        if self.byte() == Some(b'.') {
            self.at += 1;
            whole = false;
            if self.digits() == 0 {
                return Err(Invalid);
            }
        }
        if let Some(b'e' | b'E') = self.byte() {
            self.at += 1;
            whole = false;
            if let Some(b'+' | b'-') = self.byte() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(Invalid);
            }
        }
        Ok(Kind::Number { whole })
    }

    /// One scalar, or the opening byte of a container (taken).
    fn start_value(&mut self) -> Result<Kind, Invalid> {
        match self.peek() {
            Some(b'"') => self.string().map(|_| Kind::String),
            Some(b'{') => {
                self.at += 1;
                Ok(Kind::Object)
            }
            Some(b'[') => {
                self.at += 1;
                Ok(Kind::Array)
            }
            Some(b't') => self.literal(b"true").map(|()| Kind::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Kind::Bool(false)),
            Some(b'n') => self.literal(b"null").map(|()| Kind::Null),
            _ => self.number(),
        }
    }

    /// Reads (and checks) one whole value of any kind and says what it was.
    pub fn skip(&mut self) -> Result<Kind, Invalid> {
        let kind = self.start_value()?;
        let mut stack: Vec<u8> = match kind {
            Kind::Object => vec![b'}'],
            Kind::Array => vec![b']'],
            _ => return Ok(kind),
        };
        let mut first = true;
        while let Some(&close) = stack.last() {
            let b = self.peek();
            if b == Some(close) {
                self.at += 1;
                stack.pop();
                first = false;
                continue;
            }
            if !first {
                self.take(b',')?;
            }
            first = false;
            if close == b'}' {
                self.key()?;
            }
            match self.start_value()? {
                Kind::Object | Kind::Array if stack.len() >= MAX_DEPTH => return Err(Invalid),
                Kind::Object => {
                    stack.push(b'}');
                    first = true;
                }
                Kind::Array => {
                    stack.push(b']');
                    first = true;
                }
                _ => {}
            }
        }
        Ok(kind)
    }

    /// Checks that only white space is left.
    pub fn end(&mut self) -> Result<(), Invalid> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Invalid),
        }
    }
}

/// Whether `body` is one JSON value and nothing else.
pub fn is_json(body: &[u8]) -> bool {
    Reader::new(body).is_ok_and(|mut r| r.skip().is_ok() && r.end().is_ok())
}

/// Appends `text` as a JSON string (quotes and escapes) to `out`.
pub fn push_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0'..='\u{1f}' => {
                let b = c as usize;
                out.push_str("\\u00");
                for nibble in [b >> 4, b & 15] {
                    out.push(char::from(HEX.get(nibble).copied().unwrap_or(b'0')));
                }
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `[item, item, …]`, each item written by `each`.
pub fn push_list<T>(out: &mut String, items: &[T], mut each: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        each(out, item);
    }
    out.push(']');
}

/// Appends `text` as a JSON string, or `null`.
pub fn push_opt_string(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => push_string(out, text),
        None => out.push_str("null"),
    }
}

/// Appends `value` as a JSON number, or `null`.
pub fn push_opt_number(out: &mut String, value: Option<u64>) {
    match value {
        Some(n) => push_number(out, n),
        None => out.push_str("null"),
    }
}

/// A JSON object of string members, in order.
pub fn object(members: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, name);
        out.push(':');
        push_string(&mut out, value);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(text: &str) -> bool {
        is_json(text.as_bytes())
    }

    #[test]
    fn agrees_with_serde_json() {
        let cases = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1.5e3",
            "-12.25E-2",
            "01",
            "1.",
            ".5",
            "1e",
            "+1",
            "\"\"",
            "\"a\\u00e9\\n\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\tb\"",
            "\"unterminated",
            "[]",
            "[1,2]",
            "[1,]",
            "[,1]",
            "{}",
            "{\"a\":1}",
            "{\"a\":1,}",
            "{\"a\"1}",
            "{1:2}",
            "{\"a\":[{\"b\":{}}]}",
            " [ 1 , { \"x\" : null } ] ",
            "[1] 2",
            "",
            "   ",
            "nul",
            "truee",
            "[\"\\ud83d\\ude00\"]",
            "{\"a\":{\"b\":[true,false,null]}}",
            "[[[]]]",
            "[[[]]",
            "{\"a\":}",
            "[-]",
            "[1e+5]",
            "\u{feff}1",
        ];
        for case in cases {
            let expected = serde_json::from_str::<serde::de::IgnoredAny>(case).is_ok();
            assert_eq!(accepts(case), expected, "{case:?}");
        }
        assert!(!is_json(b"\"\xff\""), "not UTF-8");
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(!accepts(&deep));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(accepts(&ok));
        let too = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(!accepts(&too));
    }

    #[test]
    fn strings_keep_their_text_and_resolve_on_demand() {
        let mut r = Reader::new(br#""Jo\"\u00f6\ud83d\ude00\/" "plain" "\ud800x""#).unwrap();
        let s = r.string().unwrap();
        assert_eq!((s.raw, s.escaped), (r#"Jo\"\u00f6\ud83d\ude00\/"#, true));
        assert_eq!(s.value(), "Jo\"ö😀/");
        let plain = r.string().unwrap();
        assert!(!plain.escaped && plain.is("plain"));
        assert_eq!(r.string().unwrap().value(), "\u{FFFD}x");
        assert!(Str {
            raw: r"\u0075id",
            escaped: true
        }
        .is("uid"));
    }

    #[test]
    fn kinds() {
        let mut r = Reader::new(br#"[7, -1, 2.5, "s", null, true, {}, []]"#).unwrap();
        assert!(r.open(b'[').unwrap());
        let mut kinds = Vec::new();
        loop {
            kinds.push(r.skip().unwrap());
            if !r.next(b']').unwrap() {
                break;
            }
        }
        assert_eq!(
            kinds,
            [
                Kind::Number { whole: true },
                Kind::Number { whole: false },
                Kind::Number { whole: false },
                Kind::String,
                Kind::Null,
                Kind::Bool(true),
                Kind::Object,
                Kind::Array
            ]
        );
    }

    #[test]
    fn writes_strings() {
        let mut out = String::new();
        push_string(&mut out, "a\"b\\c\n\u{1}é");
        assert_eq!(out, r#""a\"b\\c\n\u0001é""#);
        assert_eq!(
            serde_json::from_str::<String>(&out).unwrap(),
            "a\"b\\c\n\u{1}é"
        );
    }

    #[test]
    fn string_ends_are_found_at_every_offset() {
        // The eight-bytes-at-a-time scan must stop at the first special byte wherever it is.
        for len in 0..40 {
            for (special, ok) in [("\"", true), ("\\n", true), ("\u{1}", false), ("é", true)] {
                for pos in 0..=len {
                    let text = format!(
                        "\"{}{}{}\"",
                        "a".repeat(pos),
                        special,
                        "b".repeat(len - pos)
                    );
                    let mut r = Reader::new(text.as_bytes()).unwrap();
                    let got = r.string();
                    if special == "\"" {
                        assert_eq!(got.map(|s| s.raw.len()), Ok(pos), "{text:?}");
                    } else if ok {
                        let s = got.unwrap();
                        assert_eq!(s.raw.len(), len + special.len(), "{text:?}");
                        assert_eq!(s.escaped, special.starts_with('\\'));
                    } else {
                        assert_eq!(got, Err(Invalid), "{text:?}");
                    }
                }
            }
        }
    }
}
