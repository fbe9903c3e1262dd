// Errors carry what support needs: the server's request id, the original fetch failure as
// `cause`, and `instanceof ParadimeError` beside `isParadimeError`. Against a real sandbox
// (which sends an `x-request-id` on every response), and through the `fetch` option where a
// test needs a header the sandbox would not send.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { ParadimeClient, ParadimeError, isParadimeError } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const sandbox = useSandbox();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("an error from a response carries its request id; every error is an instance of ParadimeError", async () => {
  const wrong = new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "not-the-secret" });
  const first = await wrong.listUsers().catch((e) => e);
  const second = await wrong.disableUser("u_1").catch((e) => e);
  for (const error of [first, second]) {
    assert.ok(error instanceof ParadimeError, "instanceof ParadimeError");
    assert.ok(error instanceof Error);
    assert.ok(isParadimeError(error));
    assert.equal(error.kind, "auth");
    assert.match(error.requestId, UUID, "the sandbox's x-request-id");
    assert.ok(!error.message.includes("not-the-secret"));
  }
  assert.notEqual(first.requestId, second.requestId, "one id per request");
  // The errors that never reached a server have none; they are ParadimeErrors all the same.
  const invalid = await wrong.inviteUser("not an email", "ADMIN").catch((e) => e);
  assert.equal(invalid.kind, "validation");
  assert.equal(invalid.requestId, null);
  assert.ok(invalid instanceof ParadimeError);
  let config;
  try {
    new ParadimeClient({ endpoint: "ftp://x" });
  } catch (e) {
    config = e;
  }
  assert.ok(config instanceof ParadimeError);
  assert.equal(config.requestId, null);
  // Look-alikes are not instances: only the package builds them.
  const lookAlike = Object.assign(new Error("x"), { name: "ParadimeError", kind: "http" });
  assert.equal(lookAlike instanceof ParadimeError, false);
  assert.equal(isParadimeError(lookAlike), true, "isParadimeError stays structural");
});

test("the request id comes from x-request-id, x-amzn-requestid or x-correlation-id, and only when it is a short token", async () => {
  const answer = (headers) => async () => new Response("busy", { status: 503, headers });
  const cases = [
    [{ "x-request-id": "req-abc" }, "req-abc"],
    [{ "x-amzn-requestid": "5f1b-aws" }, "5f1b-aws"],
    [{ "x-correlation-id": "corr-9" }, "corr-9"],
    [{ "x-request-id": "first", "x-correlation-id": "second" }, "first"],
    [{ "x-request-id": "x".repeat(129) }, null],
    [{ "x-request-id": "two words" }, null],
    [{}, null],
  ];
  for (const [headers, expected] of cases) {
    const c = new ParadimeClient({ endpoint: "https://api.test/graphql", retries: 0, fetch: answer(headers) });
    const error = await c.listUsers().catch((e) => e);
    assert.equal(error.kind, "http");
    assert.equal(error.requestId, expected, JSON.stringify(headers));
  }
});

test("a network error's cause is what fetch rejected with", async () => {
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const refused = new ParadimeClient({ endpoint: `http://127.0.0.1:${port}/graphql`, retries: 0 });
  const error = await refused.listUsers().catch((e) => e);
  assert.equal(error.kind, "network");
  assert.ok(error instanceof ParadimeError);
  assert.ok(error.cause instanceof TypeError, `cause: ${error.cause}`);
  assert.equal(error.cause.message, "fetch failed");
  assert.equal(error.cause.cause.code, "ECONNREFUSED");
  assert.ok(!Object.keys(error).includes("cause"), "cause is not enumerable, as Error's own");
  // The fetch option's own rejection is the cause too, whatever it is.
  const reason = new Error("the service binding is down");
  const viaOption = new ParadimeClient({ endpoint: "https://api.test/graphql", retries: 0, fetch: () => Promise.reject(reason) });
  assert.equal((await viaOption.listUsers().catch((e) => e)).cause, reason);
  // An error without an underlying failure has no cause.
  const http = await new ParadimeClient({ endpoint: "https://api.test/graphql", retries: 0, fetch: async () => new Response("", { status: 500 }) })
    .listUsers()
    .catch((e) => e);
  assert.equal(http.kind, "http");
  assert.equal("cause" in http, false);
});

test("the errors inside a sync report are ParadimeErrors with request ids too", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const c = new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret", retries: 0 });
  await sandbox.control("/_sandbox/faults", [{ status: 500, body: "{}" }]);
  const report = await c.inviteUsers([{ email: "rid@acme.io", accountType: "ANALYST" }]);
  const { error } = report.results[0];
  assert.equal(report.failed, 1);
  assert.ok(error instanceof ParadimeError);
  assert.equal(error.status, 500);
  assert.match(error.requestId, UUID);
});
