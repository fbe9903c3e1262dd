// The README's esbuild and Rollup recipe: these bundlers do not copy the .wasm the package
// names, so the page imports it as a file (esbuild's `file` loader, Rollup's @rollup/plugin-url)
// and hands its URL to init().
import wasm from "paradime-users/paradime_users_bg.wasm";
import init, * as paradime from "paradime-users";
import { show } from "./show.js";

await init({ module_or_path: wasm });
await show(paradime);
