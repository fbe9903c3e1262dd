// The README's webpack 5 recipe: `await init()` with no argument; webpack copies the .wasm
// the package names with `new URL(…, import.meta.url)` and rewrites that URL.
import init, * as paradime from "paradime-users";
import { show } from "./show.js";

await init();
await show(paradime);
