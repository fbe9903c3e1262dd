// Hostile input and secrets, through the package as Node users load it, against a real
// sandbox (tests/node/sandbox.mjs): user input reaches the server only as GraphQL variables,
// unchanged; what cannot be sent unchanged is refused before anything is sent; and no
// secret of the run shows anywhere the client or the sandbox prints or exposes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inspect } from "node:util";
import { initSync, ParadimeClient, isParadimeError } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const wasm = createRequire(import.meta.url).resolve("paradime-users/paradime_users_bg.wasm");
initSync({ module: readFileSync(wasm) });

const sandbox = useSandbox();
const control = sandbox.control;
const endpoint = () => `${sandbox.base}/graphql`;
const admin = (extra = {}) => new ParadimeClient({ endpoint: endpoint(), apiKey: "demo-key", apiSecret: "demo-secret", retries: 0, ...extra });

/** The four documents of the API (src/core/operation.rs): no other query text may be sent. */
const DOCUMENTS = new Set([
  "query ListUsers { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }",
  "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok } }",
  "mutation UpdateUserAccountType($uid: String!, $accountType: UserAccountType!) { updateUserAccountType(uid: $uid, accountType: $accountType) { ok } }",
  "mutation DisableUser($uid: String!) { disableUser(uid: $uid) { ok } }",
]);

const settled = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));

test("hostile strings reach the server unchanged, as variables of one of the four documents", async () => {
  await control("/_sandbox/reset", {});
  const c = admin();
  const email = `q"}{)(\\u0000'@acme.io`;
  const uid = `u"){ok}}mutation{X(uid:"1"){ok}}#`;
  const role = "NEW_ROLE_2";
  await settled(c.inviteUser(email, "ADMIN"));
  await settled(c.updateUserAccountType(uid, role));
  await settled(c.disableUser(uid));
  await settled(c.getUserByEmail(email));
  const requests = await control("/_sandbox/requests");
  assert.equal(requests.length, 4);
  for (const { body } of requests) assert.ok(DOCUMENTS.has(body.query), body.query);
  assert.deepEqual(requests.map((r) => r.body.variables), [
    { email, accountType: "ADMIN" },
    { uid, accountType: role },
    { uid },
    {},
  ]);
});

test("what cannot be sent unchanged is refused before anything is sent, and the next call works", async () => {
  await control("/_sandbox/reset", {});
  const c = admin();
  const mib = "x".repeat(1 << 20);
  const cases = [
    [() => c.inviteUser(`${mib}@acme.io`, "ADMIN"), "`email` must be 3 to 254 characters long"],
    [() => c.inviteUser("a\uD800@acme.io", "ADMIN"), "`email` must be well-formed Unicode (it holds a lone surrogate)"],
    [() => c.inviteUser("a\u0000@acme.io", "ADMIN"), "`email` must not contain whitespace or control characters"],
    [() => c.inviteUser("a@acme.io", `ADMIN${mib}`.toLowerCase()), "`accountType` must be an account type"],
    [() => c.updateUserAccountType(mib, "ADMIN"), "`uid` must be 1 to 256 characters long"],
    [() => c.updateUserAccountType("u\uDC00", "ADMIN"), "`uid` must be well-formed Unicode (it holds a lone surrogate)"],
    [() => c.disableUser("u\u0000"), "`uid` must not contain whitespace or control characters"],
    [() => c.getUserByEmail("\uD83D"), "`email` must be well-formed Unicode (it holds a lone surrogate)"],
  ];
  for (const [call, message] of cases) {
    const { error } = await settled(call());
    assert.ok(isParadimeError(error), String(error));
    assert.equal(error.kind, "validation");
    assert.equal(error.attempts, 0);
    assert.ok(error.message.includes(message), error.message);
    assert.ok(error.message.length < 300, "the message does not carry the argument");
  }
  assert.deepEqual(await control("/_sandbox/requests"), []);
  // A well-formed astral character is sent as it is.
  await c.inviteUser("emoji😀@acme.io", "ANALYST");
  const [request] = await control("/_sandbox/requests");
  assert.equal(request.body.variables.email, "emoji😀@acme.io");
  assert.equal((await c.listUsers()).activeUsers.length, 3);
});

test("no secret of the run shows in errors, stacks, console output, the client, or the sandbox's log", async () => {
  await control("/_sandbox/reset", {});
  const secrets = [
    "wrong-secret-7f3a9",
    "prdm_wsp_wrong-token-51c2",
    "prdm_cmp_wrong-company-88d1",
    "misspelt-secret-3e0b",
    "proxy-secret-auth-42aa",
  ];
  const printed = [];
  const originals = {};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    originals[level] = console[level];
    console[level] = (...args) => printed.push(args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "));
  }
  const seen = [];
  const look = (value) => {
    seen.push(String(value), inspect(value, { showHidden: true, depth: 5 }));
    try {
      seen.push(JSON.stringify(value) ?? "", Object.keys(value ?? {}).join(","));
    } catch (error) {
      seen.push(String(error));
    }
  };
  const failure = async (promise) => {
    const { error } = await settled(promise);
    assert.ok(isParadimeError(error), String(error));
    look(error);
    seen.push(error.message, String(error.stack));
  };
  try {
    const clients = [
      new ParadimeClient({ endpoint: endpoint(), apiKey: "demo-key", apiSecret: secrets[0], retries: 0 }),
      new ParadimeClient({ endpoint: endpoint(), apiSecret: secrets[1], retries: 0 }),
      new ParadimeClient({ endpoint: endpoint(), apiSecret: secrets[2], workspaceUid: "acme-workspace", retries: 0 }),
      // No credentials of ours: a proxy's Authorization header.
      new ParadimeClient({ endpoint: endpoint(), headers: { Authorization: `Bearer ${secrets[4]}`, "X-Trace": "t-1" }, retries: 0 }),
    ];
    for (const c of clients) {
      look(c);
      await failure(c.listUsers());
      await failure(c.inviteUser("x@acme.io", "ADMIN"));
      await failure(c.disableUser("no such uid"));
      await failure(c.inviteUser(secrets[0], "ADMIN"));
    }
    // Secrets in a misspelt key's value, and in an option that is refused.
    for (const options of [
      { endpoint: endpoint(), apiKey: "k", apiSecrte: secrets[3] },
      { endpoint: endpoint(), apiSecret: ` ${secrets[3]}` },
      { endpoint: "ftp://nowhere", apiSecret: secrets[3] },
      { endpoint: endpoint(), headers: { "X-API-SECRET": secrets[3] } },
      { endpoint: endpoint(), headers: { "X-Bad": `${secrets[3]}\n` } },
    ]) {
      try {
        new ParadimeClient(options);
        assert.fail("expected a config error");
      } catch (error) {
        assert.equal(error.kind, "config", String(error));
        look(error);
        seen.push(error.message, String(error.stack));
      }
    }
    // A network failure and a timeout, for their messages and stacks.
    await control("/_sandbox/faults", [{ drop: true }, { delayMs: 3000 }]);
    const c = new ParadimeClient({ endpoint: endpoint(), apiSecret: secrets[1], retries: 0, timeoutMs: 200 });
    await failure(c.listUsers());
    await failure(c.listUsers());
  } finally {
    Object.assign(console, originals);
  }
  const requests = JSON.stringify(await control("/_sandbox/requests"));
  // The sandbox lists its own demo credentials when it starts (for people running the demo);
  // none of this run's secrets may follow.
  const everything = [...seen, ...printed, requests, sandbox.stderr].join("\n");
  for (const secret of secrets) {
    assert.ok(!everything.includes(secret), `${secret} shows: …${everything.slice(Math.max(0, everything.indexOf(secret) - 200), everything.indexOf(secret) + 50)}…`);
  }
  assert.ok(requests.length > 100, "the request log was read");
});
