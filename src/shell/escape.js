// The one place where text that came from the server or a file (names, emails, roles,
// GraphQL error messages, roster cells) is made safe for where a person reads it: a
// terminal line, a CSV cell a spreadsheet opens, JSON printed to a terminal. The command
// line (cli/) and the admin console (www/) print and write through it, never raw. Plain JS
// with no import, shipped as pkg/escape.js; not a public export of the package.

/** C0 controls (ESC among them), DEL, C1 controls, and the bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) that reorder what a reader sees. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw of UNSAFE (it escapes C0 itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

const hex = (c, width) => c.charCodeAt(0).toString(16).padStart(width, "0");

/** `text` for one terminal line: each control character shown as a visible escape (`\x1b`,
 * `\r`, `\u202e`), so no name can colour the screen, retitle the window, move the cursor or
 * overwrite a row. Printable text is left as it is. */
export function terminalText(text) {
  return String(text).replace(UNSAFE, (c) => NAMED[c] ?? (c <= "\u00ff" ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** `value` as JSON (indented), exact: JSON.parse gives the same value back, but DEL, C1 and
 * the bidi controls are written as \u escapes instead of raw, so printing it is safe too. */
export function safeJson(value) {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

/** One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula (one that
 * starts with =, +, -, @, a tab or a CR: OWASP's CSV injection) is written after a `'`, as
 * is one that starts with `'`, so the spreadsheet shows it as text; parseRoster drops that
 * `'` again, so what the package writes reads back as the same values. */
export function csvCell(value) {
  let cell = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r']/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Rows of cells as CSV text, CRLF-free (LF line ends), with a final line end. */
export function csvText(rows) {
  return rows.map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}
