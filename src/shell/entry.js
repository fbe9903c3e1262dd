// The package's module: scripts/build-pkg bundles this file with wasm-bindgen's glue
// into pkg/paradime_users.js. It exports exactly what the .d.ts declares (the build
// checks), and adds one thing: using the package before init() (or initSync()) throws a
// ParadimeError of kind "config" that says what to do, instead of a TypeError from inside
// the glue ("reading '__wbindgen_add_to_stack_pointer'"). The Node entry calls initSync
// through this module, so it counts too.
import init, {
  initSync as glueInitSync,
  ParadimeClient as GlueClient,
  isParadimeError as glueIsParadimeError,
  accountTypes as glueAccountTypes,
  parseRoster as glueParseRoster,
} from "./paradime_users.js";

let ready = false;

// The one error the core cannot build: the core is what is missing. Same fields as every
// ParadimeError (src/core/error.rs, Error::to_json).
function notReady() {
  return Object.assign(
    new Error(
      "paradime-users is not initialised: call `await init()` (or `initSync({ module })`) once before using it; in Node, import the package by its name and it is done for you",
    ),
    { name: "ParadimeError", kind: "config", operation: null, status: null, retryable: false, attempts: 0, retryAfterMs: null, graphqlErrors: [] },
  );
}

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

export function accountTypes() {
  if (!ready) throw notReady();
  return glueAccountTypes();
}

export function parseRoster(csv) {
  if (!ready) throw notReady();
  return glueParseRoster(csv);
}

export function isParadimeError(value) {
  // Before init the only ParadimeError there can be is notReady()'s.
  return ready ? glueIsParadimeError(value) : value instanceof Error && value.name === "ParadimeError";
}
