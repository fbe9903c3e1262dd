// `make bench`'s company section (bench/run.mjs runs it): the calls that span workspaces, in
// Node against a release paradime-sandbox on 127.0.0.1 with 20 workspaces of ~1,000 people
// each (BENCH_WORKSPACES, BENCH_COMPANY_USERS): an access review at concurrency 1, 4 (the
// default) and 16, and an offboarding of 10 people from every workspace (plan + apply).
// Requests are counted from the sandbox's log, one line per GraphQL request.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const workspaces = Number(process.env.BENCH_WORKSPACES ?? 20);
const users = Number(process.env.BENCH_COMPANY_USERS ?? 1000);

const { initSync, ParadimeClient } = await import(`${root}pkg/paradime_users.js`);
initSync({ module: readFileSync(`${root}pkg/paradime_users_bg.wasm`) });

const sandbox = spawn(`${root}target/release/paradime-sandbox`, ["--port", "0", "--workspaces", String(workspaces), "--users", String(users)], {
  stdio: ["ignore", "pipe", "pipe"],
});
const ops = [];
createInterface({ input: sandbox.stderr }).on("line", (line) => {
  const m = /op=(\S+) status=(\d+) latency_ms=([0-9.]+)/.exec(line);
  if (m) ops.push({ op: m[1], ms: Number(m[3]) });
});
const settle = () => new Promise((r) => setTimeout(r, 100));
async function measure(label, fn) {
  await settle();
  const from = ops.length;
  const t = performance.now();
  const result = await fn();
  const wall = performance.now() - t;
  await settle();
  const mine = ops.slice(from);
  const server = mine.reduce((n, o) => n + o.ms, 0);
  const byOp = Object.entries(mine.reduce((m, o) => ({ ...m, [o.op]: (m[o.op] ?? 0) + 1 }), {})).map(([op, n]) => `${n} ${op}`).join(", ");
  console.log(`${label}: ${wall.toFixed(0)} ms wall, ${mine.length} requests (${byOp}), sandbox time ${server.toFixed(0)} ms in all`);
  return result;
}
try {
  const port = (await new Promise((resolve) => createInterface({ input: sandbox.stdout }).once("line", resolve))).trim();
  const client = new ParadimeClient({ endpoint: `http://127.0.0.1:${port}/graphql`, apiSecret: "prdm_cmp_demo-company-token", workspaceUid: "acme-workspace" });
  await client.accessReview(); // warm-up
  let review;
  for (const concurrency of [1, 4, 16]) {
    review = await measure(`access review, ${workspaces} workspaces × ~${users} users, concurrency ${concurrency}`, () => client.accessReview({ concurrency }));
  }
  console.log(`  review: ${review.people.length} people, ${review.workspaces.reduce((n, w) => n + w.active, 0)} memberships`);
  const leavers = ["matt@acme.io", ...Array.from({ length: 9 }, (_, i) => `user${i * 7 + 1}@example.com`)];
  const plan = await measure(`offboarding plan, ${leavers.length} people from ${workspaces} workspaces`, () => client.planOffboard(leavers));
  const actions = plan.plans.reduce((n, p) => n + p.actions.length, 0);
  const report = await measure(`offboarding apply, ${actions} disables in ${plan.plans.length} workspaces, concurrency 4`, () => client.applyOffboard(plan));
  console.log(`  offboarding: ${report.done} done, ${report.failed} failed`);
} finally {
  sandbox.kill("SIGTERM");
}
