// The hooks (onRequest, onResponse, onRetry) as a user wires them for logging: what they are
// told of each attempt against a real sandbox, that no secret and no mutation variable is in
// it, and that a hook that throws or rejects never breaks a call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ParadimeClient, ParadimeError, isParadimeError } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const sandbox = useSandbox();
const SECRET = "demo-secret";

function recorder() {
  const events = [];
  // Declared with `function`, so `this` shows how each is called.
  const options = {
    onRequest: function (info) {
      events.push(["request", info, this]);
    },
    onResponse: function (info) {
      events.push(["response", info, this]);
    },
    onRetry: function (info) {
      events.push(["retry", info, this]);
    },
  };
  return { events, options };
}

test("each attempt is told before it is sent and when it ends; a retry before its wait", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const hooks = recorder();
  const c = new ParadimeClient({
    endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: SECRET, headers: { "X-Tenant-Token": "tenant-token-1" },
    ...hooks.options,
  });
  await sandbox.control("/_sandbox/faults", [{ status: 503, body: "busy" }]);
  const users = await c.listUsers();
  assert.equal(users.activeUsers.length, 3);
  const [names, infos, selves] = [hooks.events.map((e) => e[0]), hooks.events.map((e) => e[1]), hooks.events.map((e) => e[2])];
  assert.deepEqual(names, ["request", "response", "retry", "request", "response"]);
  assert.ok(selves.every((self) => self === undefined), "hooks are called as plain functions");
  const [req1, res1, retry, req2, res2] = infos;
  assert.deepEqual(Object.keys(req1).sort(), ["attempt", "headers", "method", "operation", "url"]);
  assert.equal(req1.operation, "listUsers");
  assert.equal(req1.attempt, 1);
  assert.equal(req1.method, "POST");
  assert.equal(req1.url, `${sandbox.base}/graphql`);
  assert.deepEqual(req1.headers, {
    "Content-Type": "application/json", "X-API-KEY": "[redacted]", "X-API-SECRET": "[redacted]", "X-Tenant-Token": "[redacted]",
  });
  assert.deepEqual(Object.keys(req1.headers), ["Content-Type", "X-API-KEY", "X-API-SECRET", "X-Tenant-Token"], "in the order sent");
  assert.equal(res1.status, 503);
  assert.equal(res1.attempt, 1);
  assert.ok(Number.isInteger(res1.durationMs) && res1.durationMs >= 0);
  assert.match(res1.requestId, /^[0-9a-f-]{36}$/);
  assert.ok(res1.retryInMs > 0);
  assert.ok(res1.error instanceof ParadimeError);
  assert.equal(res1.error.kind, "http");
  assert.equal(retry.attempt, 2);
  assert.equal(retry.waitMs, res1.retryInMs);
  assert.equal(retry.error.status, 503);
  assert.equal(req2.attempt, 2);
  assert.equal(res2.status, 200);
  assert.equal(res2.retryInMs, null);
  assert.equal("error" in res2, false);
  assert.notEqual(res1.requestId, res2.requestId);
});

test("no hook sees a secret or a mutation's variables", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const hooks = recorder();
  const token = "prdm_wsp_hook-token-value";
  // A key in the query string, as function apps take one (`?code=…`).
  const c = new ParadimeClient({ endpoint: `${sandbox.base}/graphql?code=url-key-1`, apiSecret: token, ...hooks.options });
  // A token the sandbox does not know: auth errors, and the email the invite carries.
  await c.inviteUser("secret-person@acme.io", "ADMIN").catch(() => {});
  await c.listUsers().catch(() => {});
  const told = JSON.stringify(hooks.events.map((e) => e[1]), (key, value) => (value instanceof Error ? { message: value.message, ...value } : value));
  assert.ok(hooks.events.length >= 4, told);
  assert.ok(told.includes('"Authorization":"[redacted]"'), told);
  assert.equal(hooks.events[0][1].url, `${sandbox.base}/graphql?code=[redacted]`);
  for (const hidden of [token, "hook-token-value", "secret-person", "url-key-1"]) assert.ok(!told.includes(hidden), `${hidden} leaked: ${told}`);
});

test("a hook that throws, rejects or is slow to settle never changes a call", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const c = new ParadimeClient({
      endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: SECRET,
      onRequest() { throw new Error("hook threw"); },
      onResponse: async () => { throw new Error("hook rejected"); },
      onRetry: () => new Promise(() => {}),
    });
    await sandbox.control("/_sandbox/faults", [{ status: 503, body: "busy" }]);
    assert.equal((await c.listUsers()).activeUsers.length, 3);
    await c.inviteUser("hooked@acme.io", "ANALYST");
    const error = await c.disableUser("u_missing").catch((e) => e);
    assert.ok(isParadimeError(error));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(unhandled, [], "a rejecting hook leaves no unhandled rejection");
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

test("a network error and a timeout end an attempt with status null", async () => {
  const hooks = recorder();
  const c = new ParadimeClient({ endpoint: "https://api.test/graphql", retries: 0, timeoutMs: 200, ...hooks.options, fetch: () => new Promise(() => {}) });
  const error = await c.listUsers().catch((e) => e);
  assert.equal(error.kind, "timeout");
  const [, response] = hooks.events.map((e) => e[1]);
  assert.equal(response.status, null);
  assert.equal(response.error.kind, "timeout");
  assert.equal(response.retryInMs, null);
});

test("a hook that is not a function is a config error naming it", () => {
  for (const key of ["onRequest", "onResponse", "onRetry"]) {
    assert.throws(
      () => new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, [key]: "log" }),
      (e) => e instanceof ParadimeError && e.kind === "config" && e.message === `option \`${key}\` must be a function (info) => void`,
    );
  }
});
