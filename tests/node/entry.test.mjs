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
