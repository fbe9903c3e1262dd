// The ParadimeError class: every failure of the package is an instance, so `instanceof
// ParadimeError` works beside `isParadimeError`. The wasm builds them through
// `paradimeError` (src/shell/js.rs, `error_value`); src/shell/entry.js exports the class.
// It lives in JS because a subclass of Error needs `class … extends Error`, which Rust
// cannot declare; wasm-bindgen bundles this file as a snippet.

export class ParadimeError extends Error {
  // `fields` are the contract's fields (kind, operation, status, …), `cause` the original
  // failure when there is one (a fetch rejection): the standard `Error` `cause`.
  constructor(message, fields, cause) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }
}
Object.defineProperty(ParadimeError.prototype, "name", { value: "ParadimeError", writable: true, configurable: true });

export function paradimeError(message, fields, cause) {
  return new ParadimeError(message, fields, cause);
}
