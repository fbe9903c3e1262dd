// The JavaScript half of the shell (the Rust half is js.rs and call.rs). It knows nothing of
// Paradime and decides nothing.
//
// `drive` does the I/O of one call: fetch, the call's deadline and the caller's AbortSignal
// folded into one AbortController, and the waits between attempts. After each attempt it
// asks `call` (the wasm core, src/shell/call.rs) what comes next: a wait in ms, or how to
// settle. Why JavaScript: driven from Rust, the same sequencing took an async state
// machine, wasm-bindgen-futures' executor and two closure trampolines, about a third of the
// wasm. Here it is the engine's own promises and timers. Works alike in pages, workers,
// service workers and Node (global fetch, AbortController, setTimeout).
//
// The rest turns JS values into text the core reads, and the core's text into JS values:
// one `JSON.stringify` / `JSON.parse` in the engine instead of an import call per field
// (each import is glue on both sides of the boundary, and the bytes of every download).

// What `call` answers: >= 0 wait that many ms and try again; otherwise how to settle.
const RESOLVE_JSON = -1; // resolve with JSON.parse(call.text())
const REJECT = -2; // reject with the ParadimeError described by call.text()
const RESOLVE_VOID = -3; // resolve with undefined
// The body was checked by the core to be exactly a listUsers answer: resolve with (part of)
// what the engine parses from it.
const PICK_ALL = -4;
const PICK_ACTIVE = -5;
const PICK_INVITED = -6;
// Why a call stopped, as `call` takes it.
const NOT_STOPPED = 0;
const TIMEOUT = 1;
const ABORTED = 2;

/** Builds the ParadimeError the core describes (`Error::to_json` in src/core/error.rs). */
export function toError(json) {
  const [message, fields] = JSON.parse(json);
  return Object.assign(new Error(message), fields);
}

function settle(step, call, buffer) {
  if (step === REJECT) throw toError(call.text());
  if (step === RESOLVE_JSON) return JSON.parse(call.text());
  if (step === RESOLVE_VOID) return undefined;
  const list = JSON.parse(new TextDecoder().decode(buffer)).data.listUsers;
  const { activeUsers, invitedUsers } = list;
  return step === PICK_ACTIVE ? activeUsers : step === PICK_INVITED ? invitedUsers : { activeUsers, invitedUsers };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The kind of a JS value, as messages name it. A string with a lone surrogate is a
 * "malformed string": crossing into wasm would silently turn it into U+FFFD, so the core
 * refuses it instead.
 */
export const kindOf = (value) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "array"
      : typeof AbortSignal !== "undefined" && value instanceof AbortSignal
        ? "AbortSignal"
        : typeof value === "string" && (value.isWellFormed ? !value.isWellFormed() : LONE_SURROGATE.test(value))
          ? "malformed string"
          : typeof value;

const bits = new Float64Array(1);
const words = new BigUint64Array(bits.buffer);

/** [type, value?] of one option value (see `read_entries` in src/core/options.rs). */
function describeValue(object, key, depth) {
  let value;
  try {
    value = object[key];
  } catch {
    return ["unreadable value"];
  }
  const kind = kindOf(value);
  if (kind === "string" || kind === "boolean") return [kind, value];
  if (kind === "number") {
    bits[0] = value;
    return [kind, words[0].toString(16).padStart(16, "0")];
  }
  if (kind === "object" && depth > 0) return [kind, entries(value, depth - 1)];
  return [kind];
}

function entries(object, depth) {
  return Object.keys(object).map((key) => [key, ...describeValue(object, key, depth)]);
}

/**
 * An options object as JSON text the core reads (`read_entries` in src/core/options.rs), or
 * undefined when `value` is not a plain object, or one whose keys cannot be listed (a
 * hostile Proxy): never a throw.
 */
export function describe(value) {
  try {
    return kindOf(value) === "object" ? JSON.stringify(entries(value, 1)) : undefined;
  } catch {}
}

/**
 * What a failed fetch says. Node hides the reason in `cause` ("fetch failed", cause
 * `connect ECONNREFUSED 127.0.0.1:9`, or an AggregateError of such): its code and the
 * address or host it tried are added, nothing else of it (never a header). Browsers give
 * no cause; their message stays as it is.
 */
function failure(error) {
  try {
    let message = error && typeof error.message === "string" ? error.message : String(error);
    const cause = error && error.cause;
    const where = cause && Array.isArray(cause.errors) && cause.errors.length ? cause.errors[0] : cause;
    // Without a code, a cause's message of a few plain words ("bad port", "other side
    // closed") is added; any other message could quote a value, so it is left out.
    const code =
      cause && typeof cause.code === "string"
        ? cause.code
        : where && typeof where.code === "string"
          ? where.code
          : cause && /^[A-Za-z ]{1,40}$/.test(cause.message)
            ? cause.message
            : undefined;
    if (typeof code === "string") {
      const address = where && typeof where.address === "string" ? where.address : undefined;
      const host = address && address.includes(":") ? `[${address}]` : address;
      const at = host
        ? ` ${host}${typeof where.port === "number" ? `:${where.port}` : ""}`
        : where && typeof where.hostname === "string"
          ? ` ${where.hostname}`
          : "";
      message += ` (${code}${at})`;
    }
    return message;
  } catch {
    return "unknown error";
  }
}

/** `isParadimeError`: an `Error` named `ParadimeError` with a string `kind`. */
export function isParadimeError(value) {
  try {
    return value instanceof Error && value.name === "ParadimeError" && typeof value.kind === "string";
  } catch {
    return false;
  }
}

/** Lower-cases with the engine's Unicode tables (the core's `Lower`). */
export function lower(text) {
  return text.toLowerCase();
}

// `hasSignal`: the core found an AbortSignal at `options.signal` (read again here; a getter
// that no longer gives one is taken as no signal, never as a throw).
export function drive(call, url, headers, body, timeoutMs, options, hasSignal) {
  let signal;
  try {
    signal = hasSignal ? options.signal : undefined;
  } catch {}
  if (!(signal instanceof AbortSignal)) signal = undefined;
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    const deadline = Date.now() + timeoutMs;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    if (signal) signal.addEventListener("abort", onAbort);

    const stopped = () =>
      signal && signal.aborted ? ABORTED : timedOut || controller.signal.aborted ? TIMEOUT : NOT_STOPPED;
    const left = () => Math.max(0, deadline - Date.now());

    const finish = () => {
      // Nothing outlives the call: a pending timer would keep Node alive.
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
    };
    // `ask` runs one question to `call`. The core does not throw; if it ever did (a bug),
    // the call still settles, with what was thrown, instead of hanging with live timers.
    const ask = (question, buffer) => {
      try {
        const step = question();
        if (step >= 0) return wait(step);
        let value;
        try {
          value = settle(step, call, buffer);
        } catch (error) {
          if (step !== REJECT) return ask(() => call.unreadable());
          value = error;
        }
        call.free();
        finish();
        (step === REJECT ? reject : resolve)(value);
      } catch (error) {
        finish();
        reject(error);
      }
    };

    const wait = (ms) => {
      let sleeping;
      const wake = () => {
        clearTimeout(sleeping);
        controller.signal.removeEventListener("abort", wake);
        const stop = stopped();
        if (stop === NOT_STOPPED) attempt();
        else ask(() => call.stopped(stop));
      };
      sleeping = setTimeout(wake, ms);
      controller.signal.addEventListener("abort", wake);
    };

    const attempt = () => {
      let response;
      // Through a promise, so that even a missing `fetch` becomes a rejection, not a throw.
      Promise.resolve()
        .then(() => fetch(url, { method: "POST", headers, body, signal: controller.signal, redirect: "manual" }))
        .then((r) => {
          response = r;
          // A redirect is not followed: the credentials must stay with the endpoint.
          const redirected = r.type === "opaqueredirect" || (r.status >= 300 && r.status < 400);
          return redirected ? null : r.arrayBuffer();
        })
        .then(
          (buffer) =>
            ask(
              () =>
                call.replied(
                  response.status,
                  buffer === null,
                  response.headers.get("retry-after") ?? undefined,
                  new Uint8Array(buffer ?? 0),
                  Date.now(),
                  left(),
                  Math.random(),
                ),
              buffer,
            ),
          (error) => ask(() => call.failed(stopped(), failure(error), left(), Math.random())),
        );
    };

    if (signal && signal.aborted) ask(() => call.stopped(ABORTED));
    else attempt();
  });
}
