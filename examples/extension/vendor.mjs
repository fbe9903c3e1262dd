// Copies the two files the extension loads from the installed paradime-users package into
// lib/: an extension's service worker cannot resolve "paradime-users" from node_modules
// (no bundler, no import maps in workers), and the wasm must be a file inside the extension.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wasm = createRequire(import.meta.url).resolve("paradime-users/paradime_users_bg.wasm");
mkdirSync(join(here, "lib"), { recursive: true });
for (const file of ["paradime_users.js", "paradime_users_bg.wasm", "paradime_users.d.ts"]) {
  copyFileSync(join(dirname(wasm), file), join(here, "lib", file));
}
console.log("copied paradime-users into lib/");
