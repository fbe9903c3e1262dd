// The README's Node quick start as it is: one import, no init() or initSync() (the package's
// "node" export condition instantiates the wasm on import), against a real sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ParadimeClient, isParadimeError, accountTypes } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const sandbox = useSandbox();

test("import and call: nothing else to write in Node", async () => {
  const client = new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" });
  const users = await client.listActiveUsers();
  assert.equal(users.length, 3);
  assert.equal(accountTypes()[0], "ADMIN");
  const error = await client.inviteUser("not an email", "ADMIN").catch((e) => e);
  assert.ok(isParadimeError(error));
  assert.equal(error.kind, "validation");
});

test("the browser entry used before init() throws a ParadimeError that says what to do", async () => {
  // The entry browsers and bundlers get (export condition "default"), from the installed
  // package, loaded fresh (the node entry above has initialised its own instance).
  const dir = new URL("./node_modules/paradime-users/", import.meta.url);
  const glue = await import(new URL("paradime_users.js?fresh", dir).href);
  let error;
  try {
    new glue.ParadimeClient({ endpoint: `${sandbox.base}/graphql` });
  } catch (e) {
    error = e;
  }
  assert.ok(glue.isParadimeError(error), String(error));
  assert.equal(error.kind, "config");
  assert.match(error.message, /call `await init\(\)`/);
  assert.throws(() => glue.accountTypes(), (e) => e.kind === "config");
  const { readFileSync } = await import("node:fs");
  glue.initSync({ module: readFileSync(new URL("paradime_users_bg.wasm", dir)) });
  assert.equal(new glue.ParadimeClient({ endpoint: `${sandbox.base}/graphql` }).constructor.name, "ParadimeClient");
  assert.equal(glue.accountTypes().length, 9);
});
