// The full fault matrix: every fault the sandbox can inject, and a refused connection, ×
// every operation (the four and the three helpers), each checked against the contract's
// error table (kind, status, attempts, retryable, retryAfterMs), each followed by a call
// that works. The table is printed as it is checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { initSync, ParadimeClient, isParadimeError } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const wasm = createRequire(import.meta.url).resolve("paradime-users/paradime_users_bg.wasm");
initSync({ module: readFileSync(wasm) });

const sandbox = useSandbox();
const MATT = "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175";

/** Each operation: how to call it, its operation name, its root field, whether it is retried. */
const OPERATIONS = {
  listUsers: { call: (c) => c.listUsers(), operation: "listUsers", field: "listUsers", idempotent: true },
  listActiveUsers: { call: (c) => c.listActiveUsers(), operation: "listUsers", field: "listUsers", idempotent: true },
  listInvitedUsers: { call: (c) => c.listInvitedUsers(), operation: "listUsers", field: "listUsers", idempotent: true },
  getUserByEmail: { call: (c) => c.getUserByEmail("matt@acme.io"), operation: "listUsers", field: "listUsers", idempotent: true },
  inviteUser: { call: (c) => c.inviteUser("fault@acme.io", "ANALYST"), operation: "inviteUser", field: "inviteUser", idempotent: false },
  updateUserAccountType: { call: (c) => c.updateUserAccountType(MATT, "DEVELOPER"), operation: "updateUserAccountType", field: "updateUserAccountType", idempotent: true },
  disableUser: { call: (c) => c.disableUser("no-such-uid"), operation: "disableUser", field: "disableUser", idempotent: true },
};

const errors = (status) => ({ status, body: JSON.stringify({ data: null, errors: [{ message: "boom", extensions: { code: "X" } }] }) });
const httpDate = (ms) => new Date(Date.now() + ms).toUTCString();

/**
 * The faults, each with what the contract says of it. `retried`: sent again (the client has
 * `retries: 1`) for idempotent operations, and for inviteUser only when `everyOperation`.
 * Each fault is queued twice, so a retry meets it again.
 */
const FAULTS = [
  { name: "401", fault: { status: 401 }, kind: "auth", status: 401, retryable: false },
  { name: "403", fault: { status: 403 }, kind: "auth", status: 403, retryable: false },
  { name: "429", fault: { status: 429 }, kind: "rate_limited", status: 429, retryable: true, retried: true, everyOperation: true },
  { name: "429 Retry-After: 1", fault: { status: 429, headers: { "Retry-After": "1" } }, kind: "rate_limited", status: 429, retryable: true, retried: true, everyOperation: true, retryAfterMs: 1000 },
  // An HTTP date a second ahead is waited for; the retry then gets one a minute ahead, past
  // the deadline, and the call fails at once with it.
  { name: "429 Retry-After: HTTP dates", pair: () => [{ status: 429, headers: { "Retry-After": httpDate(1500) } }, { status: 429, headers: { "Retry-After": httpDate(60_000) } }], kind: "rate_limited", status: 429, retryable: true, retried: true, everyOperation: true, retryAfterMs: "a minute" },
  { name: "503 Retry-After: 120 (past the deadline)", fault: { status: 503, headers: { "Retry-After": "120" } }, kind: "http", status: 503, retryable: true, retryAfterMs: 120000 },
  { name: "408", fault: { status: 408 }, kind: "http", status: 408, retryable: true, retried: true },
  { name: "500", fault: { status: 500, body: "oops" }, kind: "http", status: 500, retryable: true, retried: true },
  { name: "502", fault: { status: 502 }, kind: "http", status: 502, retryable: true, retried: true },
  { name: "503", fault: { status: 503 }, kind: "http", status: 503, retryable: true, retried: true },
  { name: "504", fault: { status: 504 }, kind: "http", status: 504, retryable: true, retried: true },
  { name: "400", fault: { status: 400 }, kind: "http", status: 400, retryable: false },
  { name: "404", fault: { status: 404 }, kind: "http", status: 404, retryable: false },
  { name: "GraphQL errors, 200", fault: errors(200), kind: "graphql", status: 200, retryable: false, graphql: true },
  { name: "GraphQL errors, 400", fault: errors(400), kind: "graphql", status: 400, retryable: false, graphql: true },
  { name: "GraphQL errors, 401", fault: errors(401), kind: "auth", status: 401, retryable: false, graphql: true },
  { name: "GraphQL errors, 429", fault: errors(429), kind: "rate_limited", status: 429, retryable: true, retried: true, everyOperation: true, graphql: true },
  { name: "GraphQL errors, 500", fault: errors(500), kind: "graphql", status: 500, retryable: true, retried: true, graphql: true },
  { name: "GraphQL errors, 503", fault: errors(503), kind: "graphql", status: 503, retryable: true, retried: true, graphql: true },
  { name: "ok: false", fault: (field) => ({ status: 200, body: JSON.stringify({ data: { [field]: { ok: false } } }) }), kind: "rejected", status: 200, retryable: false },
  { name: "HTML, 200", fault: { status: 200, body: "<html><body>maintenance</body></html>" }, kind: "decode", status: 200, retryable: false, message: /answered with a web page/ },
  // A captive portal or an SSO proxy: a sign-in page with a 200 and text/html.
  { name: "sign-in page, 200 text/html", fault: { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" }, body: "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form></form></body></html>" }, kind: "decode", status: 200, retryable: false, message: /answered with a web page \(HTML\)/ },
  { name: "truncated, 200", fault: { status: 200, body: '{"data":{"listUsers":{"ok":tr' }, kind: "decode", status: 200, retryable: false },
  { name: "empty, 200", fault: { status: 200, body: "" }, kind: "decode", status: 200, retryable: false },
  { name: "delay past the deadline", fault: { delayMs: 3000 }, kind: "timeout", status: null, retryable: true, timeoutMs: 600 },
  // Faults after the headers, on the real answer. A body that stalls for 20 s must not hold
  // the call past its deadline (checked loosely: well under the stall).
  { name: "body stalls past the deadline", fault: { stallMs: 20_000 }, kind: "timeout", status: null, retryable: true, timeoutMs: 600, endsWithin: 10_000 },
  { name: "body cut mid-JSON (connection closed)", fault: { cutAfterBytes: 20 }, kind: "network", status: null, retryable: true, retried: true, message: /the request failed: the connection broke while the response body was read/ },
  { name: "reset after the headers", fault: { resetAfterHeaders: true }, kind: "network", status: null, retryable: true, retried: true, message: /the request failed: the connection broke while the response body was read/ },
  { name: "error body cut (503, connection closed)", fault: { status: 503, body: JSON.stringify({ errors: [{ message: "busy" }] }), cutAfterBytes: 5 }, kind: "network", status: null, retryable: true, retried: true },
  { name: "dropped connection", fault: { drop: true }, kind: "network", status: null, retryable: true, retried: true },
  { name: "refused connection", refused: true, kind: "network", status: null, retryable: true, retried: true },
];

test("a body that stalls within the deadline still gives the result, for every operation", async () => {
  const admin = { apiKey: "demo-key", apiSecret: "demo-secret", retries: 0 };
  for (const [method, op] of Object.entries(OPERATIONS)) {
    await sandbox.control("/_sandbox/reset", {});
    const client = new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, ...admin });
    await sandbox.control("/_sandbox/faults", { stallMs: 300, afterBytes: 10 });
    if (method === "disableUser") {
      // The sandbox refuses an unknown uid as a GraphQL error, read whole after the stall.
      await assert.rejects(op.call(client), (e) => e.kind === "graphql" && e.attempts === 1, method);
    } else {
      await op.call(client);
    }
    assert.equal((await sandbox.control("/_sandbox/faults")).length, 0, `${method}: the stall was used`);
  }
});

const closedPort = async () => {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
};

test("the fault matrix: every fault × every operation gives the documented error, then a call works", async () => {
  const refusedPort = await closedPort();
  const rows = [["fault", "operation", "kind", "status", "attempts", "retryable", "retryAfterMs"]];
  const admin = { apiKey: "demo-key", apiSecret: "demo-secret", retries: 1 };
  for (const f of FAULTS) {
    for (const [method, op] of Object.entries(OPERATIONS)) {
      await sandbox.control("/_sandbox/reset", {});
      const endpoint = f.refused ? `http://127.0.0.1:${refusedPort}/graphql` : `${sandbox.base}/graphql`;
      const client = new ParadimeClient({ endpoint, ...admin, timeoutMs: f.timeoutMs ?? 10_000 });
      if (!f.refused) {
        const fault = typeof f.fault === "function" ? f.fault(op.field) : f.fault;
        await sandbox.control("/_sandbox/faults", f.pair ? f.pair() : [fault, fault]);
      }
      let error;
      const started = Date.now();
      try {
        await op.call(client);
        assert.fail(`${f.name} × ${method}: resolved`);
      } catch (e) {
        error = e;
      }
      const where = `${f.name} × ${method}`;
      const took = Date.now() - started;
      assert.ok(isParadimeError(error), `${where}: ${error}`);
      if (f.endsWithin) assert.ok(took < f.endsWithin, `${where}: took ${took} ms`);
      if (f.message) assert.match(error.message, f.message, where);
      const attempts = f.retried && (op.idempotent || f.everyOperation) ? 2 : 1;
      assert.equal(error.kind, f.kind, `${where}: ${error.message}`);
      assert.equal(error.operation, op.operation, where);
      assert.equal(error.status, f.status, where);
      assert.equal(error.attempts, attempts, `${where}: ${error.message}`);
      assert.equal(error.retryable, f.retryable, where);
      if (f.retryAfterMs === "a minute") assert.ok(error.retryAfterMs > 50_000 && error.retryAfterMs <= 60_000, `${where}: ${error.retryAfterMs}`);
      else assert.equal(error.retryAfterMs, f.retryAfterMs ?? null, where);
      assert.equal(error.graphqlErrors.length, f.graphql ? 1 : 0, where);
      if (f.graphql) assert.deepEqual(error.graphqlErrors[0], { message: "boom", extensions: { code: "X" } }, where);
      if (!f.refused) {
        const sent = (await sandbox.control("/_sandbox/requests")).length;
        assert.equal(sent, attempts, `${where}: requests the sandbox received`);
        // After any failure, the next call works (the reset drops a fault left unused).
        await sandbox.control("/_sandbox/reset", {});
        const list = await client.listUsers();
        assert.equal(list.activeUsers.length, 3, where);
      }
      rows.push([f.name, method, error.kind, String(error.status), String(error.attempts), String(error.retryable), String(error.retryAfterMs)]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  console.log([line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n"));
});
