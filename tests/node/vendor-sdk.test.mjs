// Vendor parity: Paradime's own Python SDK (paradime-io 6.9.0, installed from PyPI into a
// throw-away virtual environment under target/) lists the sandbox's workspaces with a company
// token and lists and invites users in two of them; this package then sees the same. Skipped,
// saying so, only when PyPI cannot be reached.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ParadimeClient } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = fileURLToPath(new URL("./vendor_sdk.py", import.meta.url));
const sandbox = useSandbox(["--workspaces", "3"]);
const TOKEN = "prdm_cmp_demo-company-token";
const VERSION = "6.9.0";
// The SDK asks PyPI for a newer version at import and sends telemetry headers: neither here.
const quiet = { ...process.env, PARADIME_DISABLE_VERSION_CHECK: "1", PARADIME_DISABLE_TELEMETRY: "true", PIP_DISABLE_PIP_VERSION_CHECK: "1" };
const OFFLINE = /NewConnectionError|Temporary failure in name resolution|Network is unreachable|ConnectionError|Max retries exceeded|No matching distribution found|Could not find a version/;

test(`the vendor's Python SDK (paradime-io ${VERSION}) works against the sandbox's workspaces`, async (t) => {
  mkdirSync(`${root}target`, { recursive: true });
  const venv = mkdtempSync(join(`${root}target`, "vendor-sdk-"));
  try {
    const made = spawnSync("python3", ["-m", "venv", venv], { encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    const pip = spawnSync(join(venv, "bin", "pip"), ["install", "--quiet", `paradime-io==${VERSION}`], { encoding: "utf8", env: quiet, timeout: 600_000 });
    if (pip.status !== 0 && OFFLINE.test(pip.stderr + pip.stdout)) {
      t.skip(`PyPI cannot be reached, so the vendor SDK could not be installed: ${(pip.stderr.trim().split("\n").at(-1) ?? "").slice(0, 200)}`);
      return;
    }
    assert.equal(pip.status, 0, pip.stderr);

    const ours = new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiSecret: TOKEN, workspaceUid: "acme-workspace" });
    const workspaces = await ours.listWorkspaces();
    const [first, second] = workspaces;
    const run = spawnSync(join(venv, "bin", "python"), [script, `${sandbox.base}/graphql`, TOKEN, first.uid, second.uid], { encoding: "utf8", env: quiet, timeout: 120_000 });
    assert.equal(run.status, 0, run.stderr);
    const seen = JSON.parse(run.stdout);
    console.log(`vendor SDK saw: ${run.stdout.trim().slice(0, 400)}`);
    assert.deepEqual(seen.workspaces, workspaces);
    for (const ws of [first, second]) {
      const client = ours.withWorkspace(ws.uid);
      assert.deepEqual(seen.active[ws.uid], (await client.listActiveUsers()).map((u) => u.email).sort());
      const invited = (await client.listInvitedUsers()).map((u) => u.email).sort();
      assert.deepEqual(seen.invited[ws.uid], invited);
      assert.ok(invited.includes(`vendor-${ws.uid}@acme.io`), "the SDK's invite landed in its own workspace");
    }
    // The invite in the second workspace did not reach the first.
    assert.ok(!seen.invited[first.uid].includes(`vendor-${second.uid}@acme.io`));
    // What the SDK sent: the workspace header, the company token, listWorkspaces' document.
    const requests = await sandbox.control("/_sandbox/requests");
    const list = requests.find((r) => r.body?.query?.includes("listWorkspaces"));
    assert.equal(list.headers["x-paradime-workspace"], first.uid);
    assert.equal(list.headers.authorization, "Bearer prdm_cmp_<redacted>");
  } finally {
    rmSync(venv, { recursive: true, force: true });
  }
});
