// The published package in Node 20, loaded exactly the way the README tells Node users to
// (`import … from "paradime-users"`, `initSync({ module: bytes })`; `make test-node` installs
// the packed tarball into tests/node/node_modules, as `npm install` does), against a real paradime-sandbox that
// this file starts on 127.0.0.1 (port 0) and stops by PID when done, pass or fail.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { initSync, ParadimeClient, isParadimeError, accountTypes } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const wasm = createRequire(import.meta.url).resolve("paradime-users/paradime_users_bg.wasm");
initSync({ module: readFileSync(wasm) });

const sandbox = useSandbox();
const control = sandbox.control;

const client = (extra = {}) =>
  new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret", ...extra });

const rejection = async (promise) => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    assert.ok(isParadimeError(error));
    assert.equal(error.name, "ParadimeError");
    return error;
  }
  assert.fail("expected a rejection");
};

test("listUsers returns the docs' workspace as plain objects", async () => {
  await control("/_sandbox/reset", {});
  const list = await client().listUsers();
  assert.deepEqual(Object.keys(list), ["activeUsers", "invitedUsers"]);
  assert.equal(list.activeUsers.length, 3);
  assert.deepEqual(list.activeUsers[2], {
    uid: "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175",
    email: "matt@acme.io",
    name: "Matt McDonald",
    accountType: "DEVELOPER",
  });
  assert.equal(Object.getPrototypeOf(list.activeUsers[0]), Object.prototype);
  assert.deepEqual(list.invitedUsers, [
    { email: "max@acme.io", accountType: "ADMIN", inviteStatus: "EXPIRED" },
    { email: "john@acme.io", accountType: "ADMIN", inviteStatus: "ACTIVE" },
  ]);
});

test("invite, then find the invite; getUserByEmail ignores case", async () => {
  await control("/_sandbox/reset", {});
  const c = client();
  assert.equal(await c.inviteUser("node@acme.io", "ANALYST"), undefined);
  const invited = await c.listInvitedUsers();
  assert.deepEqual(invited.at(-1), { email: "node@acme.io", accountType: "ANALYST", inviteStatus: "ACTIVE" });
  assert.equal((await c.getUserByEmail("ALEXANDRA@acme.io")).name, "Alexandra James");
  assert.equal(await c.getUserByEmail("nobody@acme.io"), null);
  const requests = await control("/_sandbox/requests");
  assert.deepEqual(requests[0].body.variables, { email: "node@acme.io", accountType: "ANALYST" });
  // Nothing beyond Content-Type and the auth headers: the rest is what fetch itself sends.
  const fetchOwn = ["accept", "accept-encoding", "accept-language", "connection", "content-length", "host", "sec-fetch-mode", "user-agent"];
  for (const request of requests) {
    const ours = Object.keys(request.headers).filter((h) => !fetchOwn.includes(h)).sort();
    assert.deepEqual(ours, ["content-type", "x-api-key", "x-api-secret"]);
    assert.equal(request.headers["content-type"], "application/json");
  }
});

test("wrong credentials: kind auth, not retried, next call works", async () => {
  await control("/_sandbox/reset", {});
  const error = await rejection(client({ apiSecret: "wrong-secret" }).listUsers());
  assert.equal(error.kind, "auth");
  assert.equal(error.status, 401);
  assert.equal(error.attempts, 1);
  assert.equal(error.retryable, false);
  assert.equal(error.operation, "listUsers");
  assert.equal(error.retryAfterMs, null);
  assert.equal(error.graphqlErrors[0].extensions.code, "UNAUTHENTICATED");
  assert.ok(!error.message.includes("wrong-secret"));
  assert.equal((await client().listUsers()).activeUsers.length, 3);
});

test("a 503 is retried and the call succeeds", async () => {
  await control("/_sandbox/reset", {});
  await control("/_sandbox/faults", [{ status: 503 }, { status: 503, headers: { "Retry-After": "0" } }]);
  const list = await client().listUsers();
  assert.equal(list.activeUsers.length, 3);
  assert.equal((await control("/_sandbox/requests")).length, 3);
});

test("a dropped connection is a network error: retried for listUsers, not for inviteUser", async () => {
  await control("/_sandbox/reset", {});
  await control("/_sandbox/faults", [{ drop: true }, { drop: true }, { drop: true }]);
  let error = await rejection(client().listUsers());
  assert.equal(error.kind, "network");
  assert.equal(error.attempts, 3);
  assert.equal(error.status, null);
  await control("/_sandbox/faults", [{ drop: true }]);
  error = await rejection(client().inviteUser("drop@acme.io", "ADMIN"));
  assert.equal(error.kind, "network");
  assert.equal(error.attempts, 1);
  assert.equal((await control("/_sandbox/requests")).length, 4);
});

test("a refused connection names the cause Node hides in error.cause, and nothing secret", async () => {
  // A port that was just free: bind one, read it, close it.
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  const c = new ParadimeClient({ endpoint: `http://127.0.0.1:${port}/graphql`, apiSecret: "prdm_wsp_secret-token-1", retries: 0 });
  const error = await rejection(c.listUsers());
  assert.equal(error.kind, "network");
  assert.equal(error.message, `listUsers: the request failed: fetch failed (ECONNREFUSED 127.0.0.1:${port})`);
  assert.ok(!String(error.stack).includes("secret-token-1"));
});

test("timeout and abort", async () => {
  await control("/_sandbox/reset", {});
  await control("/_sandbox/faults", [{ delayMs: 10000 }]);
  const started = Date.now();
  let error = await rejection(client({ timeoutMs: 300 }).listUsers());
  assert.equal(error.kind, "timeout");
  assert.ok(Date.now() - started < 8000, "the deadline, not the 10 s answer, ended the call");
  await control("/_sandbox/faults", [{ delayMs: 10000 }]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  error = await rejection(client().listUsers({ signal: controller.signal }));
  assert.equal(error.kind, "aborted");
  assert.equal(error.retryable, false);
});

// A trap in the wasm would leave the call unsettled forever: the timeout turns that into a failure.
test("the caller's signal aborting while the body is read: kind aborted, and the next call works", { timeout: 30_000 }, async () => {
  await control("/_sandbox/reset", {});
  // The headers and half the body come at once; the rest after 3 s.
  await control("/_sandbox/faults", [{ stallMs: 3000 }]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const error = await rejection(client({ retries: 0 }).listUsers({ signal: controller.signal }));
  assert.equal(error.kind, "aborted");
  assert.equal((await client().listUsers()).activeUsers.length, 3);
});

test("free() while a call is in flight: the call settles, a later call on that client rejects", async () => {
  await control("/_sandbox/reset", {});
  await control("/_sandbox/faults", [{ delayMs: 300 }]);
  const c = client();
  const inFlight = c.listUsers();
  c.free(); // a component unmounting mid-request; must neither throw nor leak the client
  const { activeUsers } = await inFlight;
  assert.equal(activeUsers.length, 3);
  let later;
  assert.doesNotThrow(() => (later = c.listUsers()), "methods never throw synchronously");
  const error = await rejection(later);
  assert.equal(error.kind, "config");
  assert.match(error.message, /free\(\)/);
  await rejection(c.inviteUser("x@acme.io", "ADMIN"));
  // The module is fine: another client works.
  assert.equal((await client().listUsers()).activeUsers.length, 3);
});

test("config and validation errors; the client shows no secret", async () => {
  assert.throws(() => new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiSecrte: "hunter2" }), (e) =>
    isParadimeError(e) && e.kind === "config" && e.message.includes("apiSecrte") && !e.message.includes("hunter2"));
  assert.throws(() => new ParadimeClient("nope"), (e) => e.kind === "config");
  const c = client({ apiSecret: "s3cr3t-node" });
  const shown = JSON.stringify(c) + String(c) + Object.keys(c).join();
  assert.ok(!shown.includes("s3cr3t"));
  const error = await rejection(c.inviteUser(42, "ADMIN"));
  assert.equal(error.kind, "validation");
  assert.equal(error.attempts, 0);
  assert.deepEqual(accountTypes().slice(0, 3), ["ADMIN", "DEVELOPER", "BUSINESS"]);
  assert.equal(isParadimeError(new Error("x")), false);
});
