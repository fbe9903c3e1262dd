// The CLI behind a proxy, in each Node of the matrix: HTTPS_PROXY / HTTP_PROXY / NO_PROXY
// through Node's own support. Node 24 applies them when the CLI calls
// http.setGlobalProxyFromEnv(); Node 22 when the user sets NODE_USE_ENV_PROXY=1; Node 20
// cannot, and the CLI says so and goes direct. A proxy on 127.0.0.1 counts what it passed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { useSandbox } from "../node/sandbox.mjs";
import { startProxy } from "../node/proxy.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const bin = (path) => join(here, "node_modules", path);
const cli = bin("paradime-users/cli.js");
const sandbox = useSandbox();
const run = promisify(execFile);

const NODES = [
  { name: "node24", node: bin("node24/bin/node"), env: {}, proxied: true },
  { name: "node22 with NODE_USE_ENV_PROXY=1", node: bin("node22/bin/node"), env: { NODE_USE_ENV_PROXY: "1" }, proxied: true },
  { name: "node22", node: bin("node22/bin/node"), env: {}, proxied: false },
  { name: "node20", node: process.execPath, env: {}, proxied: false },
];

test("the CLI honours HTTP_PROXY and NO_PROXY through Node's proxy support, or says it cannot", async () => {
  const proxy = await startProxy();
  try {
    const target = new URL(sandbox.base).host;
    for (const n of NODES) {
      const env = {
        PATH: process.env.PATH, PARADIME_API_ENDPOINT: `${sandbox.base}/graphql`, PARADIME_API_KEY: "demo-key", PARADIME_API_SECRET: "demo-secret",
        HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: "", ...n.env,
      };
      const before = proxy.passed.length;
      const { stdout, stderr } = await run(n.node, [cli, "list", "--json"], { env, timeout: 60_000 });
      assert.equal(JSON.parse(stdout).activeUsers.length, 3, n.name);
      const passed = proxy.passed.slice(before);
      if (n.proxied) {
        assert.ok(passed.length >= 1 && passed.every((p) => p.includes(target)), `${n.name}: through the proxy: ${passed}`);
        // Node 22 prints its own "EnvHttpProxyAgent is experimental" warning; the CLI says nothing.
        assert.ok(!stderr.includes("paradime-users:"), `${n.name}: ${stderr}`);
        // NO_PROXY names the host: the same command goes direct.
        const direct = proxy.passed.length;
        await run(n.node, [cli, "list", "--json"], { env: { ...env, NO_PROXY: "127.0.0.1" }, timeout: 60_000 });
        assert.equal(proxy.passed.length, direct, `${n.name}: NO_PROXY=127.0.0.1 goes direct`);
        console.log(`${n.name}: the proxy passed ${passed.join(", ")}`);
      } else {
        assert.deepEqual(passed, [], `${n.name}: direct`);
        assert.match(stderr, /paradime-users: HTTPS_PROXY is set, but this Node \(v\d+\.\d+\.\d+\) does not apply it to fetch: requests go direct\. Set NODE_USE_ENV_PROXY=1/, n.name);
      }
    }
  } finally {
    await proxy.close();
  }
});
