// The I/O of one call: fetch, the call's deadline and the caller's AbortSignal folded into
// one AbortController, and the waits between attempts. It knows nothing of Paradime and
// decides nothing: after each attempt it asks `call` (the wasm core, src/shell/call.rs)
// what comes next — a value to resolve with, an error to reject with, or a wait in ms.
//
// Why JavaScript: driven from Rust, the same sequencing took an async state machine,
// wasm-bindgen-futures' executor and two closure trampolines, about a third of the wasm.
// Here it is the engine's own promises and timers. Works alike in pages, workers, service
// workers and Node (global fetch, AbortController, setTimeout).

// What `call` answers: >= 0 wait that many ms and try again; RESOLVE / REJECT with `call.value()`.
const RESOLVE = -1;
const REJECT = -2;
// Why a call stopped, as `call` takes it.
const NOT_STOPPED = 0;
const TIMEOUT = 1;
const ABORTED = 2;

export function drive(call, url, headers, body, timeoutMs, signal) {
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
    const ask = (question) => {
      try {
        const step = question();
        if (step >= 0) return wait(step);
        const value = call.value();
        call.free();
        finish();
        (step === RESOLVE ? resolve : reject)(value);
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
            ask(() =>
              call.replied(
                response.status,
                buffer === null,
                response.headers.get("retry-after") ?? undefined,
                new Uint8Array(buffer ?? 0),
                Date.now(),
                left(),
                Math.random(),
              ),
            ),
          (error) => {
            const message = error && typeof error.message === "string" ? error.message : String(error);
            ask(() => call.failed(stopped(), message, left(), Math.random()));
          },
        );
    };

    if (signal && signal.aborted) ask(() => call.stopped(ABORTED));
    else attempt();
  });
}
