// No leaks, in Node (run with --expose-gc, see the Makefile): thousands of calls, failing and
// succeeding, leave the wasm linear memory where it was after the first hundred; clients
// dropped without free() are reclaimed by wasm-bindgen's FinalizationRegistry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getEventListeners } from "node:events";
import { initSync, ParadimeClient } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const wasm = createRequire(import.meta.url).resolve("paradime-users/paradime_users_bg.wasm");
const exports = initSync({ module: readFileSync(wasm) });
const memory = () => exports.memory.buffer.byteLength;

const sandbox = useSandbox();
const MATT = "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175";

/** Runs `call` `n` times, 16 at a time. */
const run = async (n, call) => {
  let started = 0;
  const worker = async () => {
    while (started < n) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
};

test("10,000 successful and 10,000 failing calls leave wasm memory where it was after 100", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const endpoint = `${sandbox.base}/graphql`;
  const admin = new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: "demo-secret" });
  const wrong = new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: "wrong-secret", retries: 0 });
  const calls = {
    succeeding: () => admin.updateUserAccountType(MATT, "DEVELOPER"),
    refused: () => wrong.listUsers().then(() => assert.fail("expected kind auth"), (e) => assert.equal(e.kind, "auth")),
    invalid: () => admin.inviteUser("not an email", "ADMIN").then(assert.fail, (e) => assert.equal(e.kind, "validation")),
  };
  for (const call of Object.values(calls)) await run(100, call);
  const after100 = memory();
  for (const call of Object.values(calls)) await run(10_000, call);
  assert.equal(memory(), after100);
  await sandbox.control("/_sandbox/reset", {});
});

test("a run of calls, 16 in flight, retried, with the caller's signal and a fetch option, leaves no listener and no MaxListenersExceededWarning", async () => {
  await sandbox.control("/_sandbox/reset", {});
  // The first 16 requests are rate limited: each call of the first wave waits (listening for
  // the run's abort meanwhile) and is sent again.
  const limited = Array.from({ length: 16 }, () => ({ status: 429, headers: { "Retry-After": "0" } }));
  const warnings = [];
  const onWarning = (warning) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  try {
    for (const fetchOption of [undefined, (request) => fetch(request)]) {
      await sandbox.control("/_sandbox/faults", limited);
      const caller = new AbortController();
      const client = new ParadimeClient({
        endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret", fetch: fetchOption,
      });
      const invites = Array.from({ length: 48 }, (_, i) => ({ email: `run${i}@acme.io`, accountType: "DEVELOPER" }));
      const report = await client.inviteUsers(invites, { concurrency: 16, signal: caller.signal });
      assert.equal(report.done, 48, JSON.stringify(report.results.find((r) => r.status !== "done")));
      assert.equal(getEventListeners(caller.signal, "abort").length, 0);
      client.free();
    }
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", onWarning);
  }
  assert.deepEqual(warnings, []);
  await sandbox.control("/_sandbox/reset", {});
});

test("clients dropped without free() are reclaimed", async () => {
  assert.equal(typeof globalThis.gc, "function", "run with node --expose-gc");
  const make = (n) => {
    for (let i = 0; i < n; i++) {
      new ParadimeClient({ endpoint: "https://api.example.com/graphql", apiKey: "k".repeat(500), apiSecret: "s".repeat(500) });
    }
  };
  const collect = async () => {
    for (let i = 0; i < 5; i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  make(2_000);
  await collect();
  const settled = memory();
  // 20,000 more clients of about 2 KB each would grow the memory by 40 MB if none were freed.
  for (let round = 0; round < 10; round++) {
    make(2_000);
    await collect();
  }
  const grown = memory() - settled;
  assert.ok(grown < 4 << 20, `wasm memory grew by ${grown} bytes`);
});
