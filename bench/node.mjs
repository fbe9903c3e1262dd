// `make bench`'s Node section (bench/run.mjs runs it): the cost of listing 100,000 users,
// side by side with plain fetch + JSON.parse, in Node against a release paradime-sandbox
// on 127.0.0.1 (real server work included, unlike the Chromium section).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const users = Number(process.env.BENCH_USERS ?? 100000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);


const { initSync, ParadimeClient } = await import(`${root}pkg/paradime_users.js`);
initSync({ module: readFileSync(`${root}pkg/paradime_users_bg.wasm`) });

const sandbox = spawn(`${root}target/release/paradime-sandbox`, ["--port", "0", "--users", String(users)], {
  stdio: ["ignore", "pipe", "pipe"],
});
// The sandbox logs each request's server-side latency: collect them for ListUsers.
const serverMs = [];
createInterface({ input: sandbox.stderr }).on("line", (line) => {
  const m = /op=ListUsers status=200 latency_ms=([0-9.]+)/.exec(line);
  if (m) serverMs.push(Number(m[1]));
});
try {
  const port = (await new Promise((resolve) => createInterface({ input: sandbox.stdout }).once("line", resolve))).trim();
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  const headers = { "Content-Type": "application/json", "X-API-KEY": "demo-key", "X-API-SECRET": "demo-secret" };
  const query = "query ListUsers { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }";
  const body = JSON.stringify({ query, variables: {}, operationName: "ListUsers" });
  const client = new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: "demo-secret" });

  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  async function time(label, fn) {
    await fn(); // warm-up
    const samples = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    console.log(`${label}: median ${median(samples).toFixed(1)} ms over ${rounds} rounds`);
    return median(samples);
  }

  let bytes;
  const fetchOnly = await time(`fetch + arrayBuffer (${users} users)`, async () => {
    bytes = await (await fetch(endpoint, { method: "POST", headers, body })).arrayBuffer();
  });
  console.log(`response body: ${bytes.byteLength} B`);
  const text = new TextDecoder().decode(bytes);
  const parse = await time("JSON.parse alone", async () => { JSON.parse(text); });
  const plain = await time("plain JS: fetch + response.json()", async () => {
    const json = await (await fetch(endpoint, { method: "POST", headers, body })).json();
    if (json.data.listUsers.activeUsers.length !== users + 3) throw new Error("short list");
  });
  const ours = await time("paradime-users: client.listUsers()", async () => {
    const list = await client.listUsers();
    if (list.activeUsers.length !== users + 3) throw new Error("short list");
  });
  console.log(`client decode overhead over fetch: ${(ours - fetchOnly).toFixed(1)} ms = ${((ours - fetchOnly) / parse).toFixed(2)}x JSON.parse`);
  console.log(`client vs plain fetch+json: ${(ours / plain).toFixed(2)}x`);
  await new Promise((r) => setTimeout(r, 100));
  const sorted = [...serverMs].sort((a, b) => a - b);
  console.log(`sandbox server time for listUsers (${users} users): median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms over ${sorted.length} requests`);
} finally {
  sandbox.kill("SIGTERM");
}
