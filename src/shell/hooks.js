// The one piece of the hooks (src/shell/call.rs) that is JS: wasm-bindgen bundles this
// file as a snippet.

// Calls a hook with `info` as a plain function: a throw, or a promise it returns that
// rejects, never reaches the call (nor becomes an unhandled rejection).
export function callHook(hook, info) {
  try {
    const result = Reflect.apply(hook, undefined, [info]);
    if (result !== null && (typeof result === "object" || typeof result === "function") && typeof result.then === "function") {
      result.then(undefined, () => {});
    }
  } catch {
    // A hook observes; its failure is its own.
  }
}
