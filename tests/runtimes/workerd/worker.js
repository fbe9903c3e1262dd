// A Cloudflare Worker as its author writes it: `import` by the package's name (the
// "workerd" condition initialises the wasm), bundled by esbuild as wrangler bundles (the
// .wasm stays a module of its own). `workerd test` runs its `test` handler: the same steps
// as the other runtimes, against the sandbox named by the ENDPOINT binding; then a client
// without credentials whose `fetch` option is a service binding to the gateway Worker
// (gateway.js), which adds them.
import * as paradime from "paradime-users";
import { run } from "../steps.mjs";

export default {
  async test(controller, env) {
    await run(paradime, [env.ENDPOINT, env.EMAIL, "workerd"]);
    // The host does not exist: only the binding can answer.
    const viaBinding = new paradime.ParadimeClient({
      endpoint: "https://gateway.internal/graphql",
      fetch: (request) => env.GATEWAY.fetch(request),
    });
    const { activeUsers } = await viaBinding.listUsers();
    console.log(JSON.stringify({ label: "workerd service binding", active: activeUsers.length }));
  },
};
