// The package's module: scripts/build-pkg bundles this file with wasm-bindgen's glue
// into pkg/paradime_users.js. It exports exactly what the .d.ts declares (the build
// checks), and adds two things:
// - using the package before init() (or initSync()) throws a ParadimeError of kind
//   "config" that says what to do, instead of a TypeError from inside the glue ("reading
//   '__wbindgen_add_to_stack_pointer'"). The Node entry calls initSync through this
//   module, so it counts too;
// - a method called on a client after its free() rejects with a ParadimeError of kind
//   "config" instead of the glue's synchronous "null pointer passed to rust" (methods
//   never throw synchronously). Calls in flight at free() still settle: each owns its
//   share of the client (src/lib.rs, `promise`).
// It also exports the ParadimeError class (src/shell/error.js), the one the wasm builds
// its errors with: scripts/build-pkg points the import below at wasm-bindgen's copy of it.
import { ParadimeError } from "./error.js";
import init, {
  initSync as glueInitSync,
  ParadimeClient as GlueClient,
  isParadimeError as glueIsParadimeError,
  accountTypes as glueAccountTypes,
  parseRoster as glueParseRoster,
} from "./paradime_users.js";

let ready = false;

export { ParadimeError };

// The errors the core cannot build: before init() the core is missing, after free() the
// client is. Same fields as every ParadimeError (src/core/error.rs, `Error`).
function configError(message) {
  return new ParadimeError(message, {
    name: "ParadimeError", kind: "config", operation: null, status: null, retryable: false, attempts: 0, retryAfterMs: null, graphqlErrors: [], requestId: null,
  });
}

const notReady = () =>
  configError(
    "paradime-users is not initialised: call `await init()` (or `initSync({ module })`) once before using it; in Node, import the package by its name and it is done for you",
  );

export default async function initialise(...args) {
  const exports = await init(...args);
  ready = true;
  return exports;
}

export function initSync(...args) {
  const exports = glueInitSync(...args);
  ready = true;
  return exports;
}

export class ParadimeClient extends GlueClient {
  constructor(options) {
    if (!ready) throw notReady();
    super(options);
  }
}
// What `util.inspect` and consoles show (the bundle is minified).
Object.defineProperty(ParadimeClient, "name", { value: "ParadimeClient" });
// Every operation (the glue's methods but its internals, `free` and the constructor).
for (const name of Object.getOwnPropertyNames(GlueClient.prototype)) {
  const method = GlueClient.prototype[name];
  if (typeof method !== "function" || name === "constructor" || name === "free" || name === "withWorkspace" || name.startsWith("__")) continue;
  Object.defineProperty(ParadimeClient.prototype, name, {
    value: {
      [name](...args) {
        try {
          return method.apply(this, args);
        } catch (error) {
          // The glue zeroes the pointer in free(); nothing else throws synchronously.
          const freed = this instanceof GlueClient && this.__wbg_ptr === 0;
          return Promise.reject(freed ? configError(`ParadimeClient.${name}: this client was freed (free() was called); create a new ParadimeClient`) : error);
        }
      },
    }[name],
    writable: true,
    configurable: true,
  });
}

// withWorkspace is not an operation: it returns a client (or throws kind "config") at once.
// The glue wraps the new client in its own class; it gets this module's, so instanceof and
// the freed-client rule hold for it too.
const glueWithWorkspace = GlueClient.prototype.withWorkspace;
Object.defineProperty(ParadimeClient.prototype, "withWorkspace", {
  value: {
    withWorkspace(workspaceUid) {
      if (this instanceof GlueClient && this.__wbg_ptr === 0) {
        throw configError("ParadimeClient.withWorkspace: this client was freed (free() was called); create a new ParadimeClient");
      }
      return Object.setPrototypeOf(glueWithWorkspace.call(this, workspaceUid), ParadimeClient.prototype);
    },
  }.withWorkspace,
  writable: true,
  configurable: true,
});

export function accountTypes() {
  if (!ready) throw notReady();
  return glueAccountTypes();
}

export function parseRoster(csv, options) {
  if (!ready) throw notReady();
  return glueParseRoster(csv, options);
}

export function isParadimeError(value) {
  // Before init the only ParadimeError there can be is notReady()'s.
  return ready ? glueIsParadimeError(value) : value instanceof ParadimeError;
}
