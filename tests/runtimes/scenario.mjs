// The package as an ES module script loads it: `import` by its name (Node, Deno, Bun).
import * as paradime from "paradime-users";
import { run } from "./steps.mjs";

await run(paradime, globalThis.Deno?.args ?? process.argv.slice(2));
