// The `fetch` option, as users use it: a wrapping fetch that records what it is given, an
// undici MockAgent (Node's own fetch with a dispatcher, no server), and fetches that
// misbehave (throw, resolve with something else, ignore the signal). Retries, the deadline,
// abort and the secret rules are the ones of the global fetch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MockAgent } from "undici";
import { ParadimeClient, isParadimeError } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";
import { startProxy } from "./proxy.mjs";

const sandbox = useSandbox();
const SECRET = "fetch-option-secret";
const client = (fetch, extra = {}) =>
  new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret", fetch, ...extra });

test("a wrapping fetch is called as a plain function with the Request, and its Response is used", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const seen = [];
  const options = { endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" };
  options.fetch = function (request) {
    seen.push({ self: this, request, body: request.clone().text() });
    return fetch(request);
  };
  const c = new ParadimeClient(options);
  const users = await c.listUsers();
  assert.equal(users.activeUsers.length, 3);
  await c.inviteUser("via-fetch@acme.io", "ANALYST");
  assert.equal(seen.length, 2);
  for (const { self, request } of seen) {
    assert.equal(self, undefined, "called as a plain function, not as options.fetch()");
    assert.ok(request instanceof Request);
    assert.equal(request.method, "POST");
    assert.equal(request.url, `${sandbox.base}/graphql`);
    assert.equal(request.redirect, "manual");
    assert.equal(request.headers.get("x-api-key"), "demo-key");
    assert.ok(request.signal instanceof AbortSignal);
  }
  assert.deepEqual(JSON.parse(await seen[1].body).variables, { email: "via-fetch@acme.io", accountType: "ANALYST" });
  assert.ok((await c.listInvitedUsers()).some((u) => u.email === "via-fetch@acme.io"), "the invite went through the wrapping fetch");
});

test("an undici MockAgent answers through the fetch option, retries included", async () => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get("http://api.test");
  const body = { data: { listUsers: { ok: true, activeUsers: [{ uid: "u1", email: "a@x.io", name: null, accountType: "ADMIN" }], invitedUsers: [] } } };
  pool.intercept({ path: "/graphql", method: "POST" }).reply(503, "busy");
  pool.intercept({ path: "/graphql", method: "POST" }).reply(200, body, { headers: { "content-type": "application/json" } });
  const c = new ParadimeClient({ endpoint: "http://api.test/graphql", allowInsecureHttp: true, fetch: (request) => fetch(request, { dispatcher: agent }) });
  assert.deepEqual(await c.listActiveUsers(), body.data.listUsers.activeUsers);
  agent.assertNoPendingInterceptors();
  // A mutation is not retried after a 503 (the contract's table), through the option too.
  pool.intercept({ path: "/graphql", method: "POST" }).reply(503, "busy");
  const error = await c.inviteUser("b@x.io", "ANALYST").catch((e) => e);
  assert.equal(error.kind, "http");
  assert.equal(error.attempts, 1);
  await agent.close();
});

test("a fetch that throws, resolves with something else or ignores the signal fails as the contract says", { timeout: 60_000 }, async () => {
  const cases = [
    { name: "throws", fetch: () => { throw new TypeError("no network here"); }, kind: "network", message: /listUsers: the request failed: the fetch option threw: no network here/ },
    { name: "rejects", fetch: () => Promise.reject(new TypeError("offline")), kind: "network", message: /the request failed: offline/ },
    { name: "resolves with a string", fetch: async () => "not a response", kind: "network", message: /the fetch option did not resolve with a Response/ },
    { name: "returns undefined", fetch: () => undefined, kind: "network", message: /the fetch option did not resolve with a Response/ },
    { name: "never settles", fetch: () => new Promise(() => {}), kind: "timeout", message: /no answer within 300 ms/, timeoutMs: 300 },
    { name: "a body that never ends", fetch: async () => new Response(new ReadableStream({ start() {} })), kind: "timeout", message: /no answer within 300 ms/, timeoutMs: 300 },
    // A stream may error with any value, not only an Error: the read fails, the module lives.
    { name: "a body that errors with a string", fetch: async () => new Response(new ReadableStream({ start(c) { c.error("hunter2"); } })), kind: "network", message: /the connection broke while the response body was read \(unknown error\)/ },
    { name: "a body that errors with an object", fetch: async () => new Response(new ReadableStream({ pull(c) { c.error({ code: 7 }); } })), kind: "network", message: /the connection broke while the response body was read/ },
  ];
  for (const c of cases) {
    let calls = 0;
    const fetchOption = (...args) => (calls++, c.fetch(...args));
    const error = await client(fetchOption, { retries: 1, timeoutMs: c.timeoutMs ?? 10_000 }).listUsers().catch((e) => e);
    assert.ok(isParadimeError(error), `${c.name}: ${error}`);
    assert.equal(error.kind, c.kind, `${c.name}: ${error.message}`);
    assert.match(error.message, c.message, c.name);
    // Network failures of listUsers are retried (once here); a timeout ends the call.
    assert.equal(calls, c.kind === "network" ? 2 : 1, c.name);
  }
  // After all that, the same kind of client works.
  assert.equal((await client((r) => fetch(r)).listUsers()).activeUsers.length > 0, true);
});

test("the caller's signal aborts a call whose fetch option ignores it", async () => {
  const controller = new AbortController();
  const pending = client(() => new Promise(() => {})).listUsers({ signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  const error = await pending.catch((e) => e);
  assert.equal(error.kind, "aborted");
});

test("the fetch option is not on the client, and no error names a secret", async () => {
  const c = new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "k", apiSecret: SECRET, fetch: () => { throw new Error("down"); } });
  const shown = [JSON.stringify(c), String(c), Object.keys(c).join(","), Object.getOwnPropertyNames(c).join(",")].join(" ");
  assert.ok(!shown.includes(SECRET) && !shown.includes("fetch"), shown);
  const error = await c.listUsers().catch((e) => e);
  assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(SECRET));
  assert.throws(() => new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, fetch: "fetch" }), (e) => e.kind === "config" && e.message === "option `fetch` must be a function like fetch: (request) => Promise<Response>");
});

test("the README's proxy recipe: undici's EnvHttpProxyAgent through the fetch option reaches the API through a proxy", async () => {
  const { EnvHttpProxyAgent } = await import("undici");
  const proxy = await startProxy();
  try {
    const dispatcher = new EnvHttpProxyAgent({ httpProxy: proxy.url, noProxy: "" });
    const c = client((request) => fetch(request, { dispatcher }));
    assert.equal((await c.listUsers()).activeUsers.length, 3);
    const target = new URL(sandbox.base).host;
    assert.ok(proxy.passed.length >= 1 && proxy.passed.every((p) => p.includes(target)), `through the proxy: ${proxy.passed}`);
    console.log(`the proxy passed: ${proxy.passed.join(", ")}`);
    await dispatcher.close();
  } finally {
    await proxy.close();
  }
});
