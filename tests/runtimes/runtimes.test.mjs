// The runtime matrix: the packed tarball (installed here by scripts/install-pkg) used the way
// each runtime's users write it, against a real sandbox: Node 20 (the machine's), 22 and 24
// with `import` and with `require()`, Deno 2 and Bun 1 (binaries from the npm registry, see
// package.json). Each runs list → invite → list again → a wrong secret (kind "auth"). The
// versions seen are printed, for the README's Runtimes table. Then Cloudflare Workers: a
// Worker bundled by esbuild as wrangler bundles it, run by a local workerd (`workerd test`),
// which also sends through the `fetch` option to a service binding.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { useSandbox } from "../node/sandbox.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const bin = (path) => join(here, "node_modules", path);
const sandbox = useSandbox();
const denoDir = mkdtempSync(join(tmpdir(), "paradime-deno-"));
process.on("exit", () => rmSync(denoDir, { recursive: true, force: true }));

const NODE = { node20: process.execPath, node22: bin("node22/bin/node"), node24: bin("node24/bin/node") };
const RUNTIMES = [
  ...Object.entries(NODE).flatMap(([name, path]) => [
    { name: `${name} import`, version: [path, "--version"], run: [path, "scenario.mjs"] },
    { name: `${name} require`, version: [path, "--version"], run: [path, "scenario.cjs"] },
  ]),
  // Deno reads package.json and this folder's node_modules (no download); it resolves the
  // package's "node" entry, like Node.
  { name: "deno import", version: [bin("deno/deno"), "--version"], run: [bin("deno/deno"), "run", "--allow-read", "--allow-net", "--allow-env", "scenario.mjs"] },
  { name: "bun import", version: [bin("bun/bin/bun"), "--version"], run: [bin("bun/bin/bun"), "scenario.mjs"] },
  { name: "bun require", version: [bin("bun/bin/bun"), "--version"], run: [bin("bun/bin/bun"), "scenario.cjs"] },
];
const env = { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1", DO_NOT_TRACK: "1" };
const run = promisify(execFile);
const WORKERD = bin("workerd/bin/workerd");

test("every runtime: list, invite, list again, and a wrong secret is kind auth", async () => {
  const seen = [];
  for (const [i, runtime] of RUNTIMES.entries()) {
    await sandbox.control("/_sandbox/reset", {});
    const [cmd, ...args] = runtime.run;
    const email = `runtime${i}@acme.io`;
    const { stdout } = await run(cmd, [...args, `${sandbox.base}/graphql`, email, runtime.name], { cwd: here, env, timeout: 120_000 });
    const result = JSON.parse(stdout.trim().split("\n").at(-1));
    assert.deepEqual(result, {
      label: runtime.name,
      active: 3,
      invited: true,
      error: { isParadimeError: true, kind: "auth", status: 401, message: "listUsers: HTTP 401: the API refused the credentials" },
    }, runtime.name);
    const [vcmd, ...vargs] = runtime.version;
    seen.push(`${runtime.name}: ${(await run(vcmd, vargs, { env })).stdout.split("\n")[0].trim()}`);
  }
  seen.push(`workerd: ${(await run(WORKERD, ["--version"], { env })).stdout.trim()}`);
  console.log(`runtimes seen:\n  ${seen.join("\n  ")}`);
  // The README's Runtimes table names each version seen (major.minor) on its runtime's rows.
  const readme = readFileSync(join(here, "../../README.md"), "utf8");
  const table = readme.split("### Runtimes")[1]?.split("\n\n")[2] ?? "";
  const rows = (name) => table.split("\n").filter((row) => row.startsWith(`| ${name}`));
  for (const line of seen) {
    const [name, version] = line.split(": ");
    // workerd names its version by date (2026-11-17): the table gives the date.
    const minor = /(\d+\.\d+)\.\d+/.exec(version)?.[1] ?? /\d{4}-\d\d-\d\d/.exec(version)[0];
    const runtime = { node: "Node.js", deno: "Deno", bun: "Bun", workerd: "Cloudflare Workers" }[/^[a-z]+/.exec(name)[0].replace(/\d+$/, "")];
    assert.ok(rows(runtime).length > 0 && rows(runtime).every((row) => row.includes(minor)), `README's Runtimes table: ${runtime} ${minor}`);
  }
});

test("a Node whose require() cannot load an ES module gets a sentence that says what to do", async () => {
  // Node 22 with require(esm) turned off behaves as Node before 20.19 / 22.12.
  const error = await run(NODE.node22, ["--no-experimental-require-module", "scenario.cjs", `${sandbox.base}/graphql`, "old@acme.io", "old node"], { cwd: here, env }).then(() => null, (e) => e);
  assert.ok(error, "require() should fail there");
  assert.match(error.stderr, /paradime-users: this Node \(v22\.[0-9.]+\) cannot require\(\) an ES module; use Node 20\.19\+, 22\.12\+ or 24, or load it with `await import\("paradime-users"\)`/);
});

test("a Cloudflare Worker imports the package by name and it just works (local workerd)", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const dir = mkdtempSync(join(tmpdir(), "paradime-workerd-"));
  try {
    // What wrangler does: esbuild with the "workerd" condition; the .wasm a module of its own.
    await build({
      entryPoints: [join(here, "workerd/worker.js")], bundle: true, format: "esm", platform: "neutral",
      conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"], external: ["*.wasm"],
      outfile: join(dir, "worker.js"), logLevel: "warning",
    });
    copyFileSync(join(here, "node_modules/paradime-users/paradime_users_bg.wasm"), join(dir, "paradime_users_bg.wasm"));
    const config = readFileSync(join(here, "workerd/config.capnp.in"), "utf8")
      .replaceAll("@ENDPOINT@", `${sandbox.base}/graphql`).replaceAll("@EMAIL@", "worker@acme.io");
    writeFileSync(join(dir, "config.capnp"), config);
    copyFileSync(join(here, "workerd/gateway.js"), join(dir, "gateway.js"));
    const { stdout, stderr } = await run(WORKERD, ["test", "config.capnp"], { cwd: dir, env, timeout: 120_000 });
    const lines = `${stdout}\n${stderr}`.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    assert.equal(lines.length, 2, `no result from the Worker:\n${stdout}\n${stderr}`);
    assert.deepEqual(lines[0], {
      label: "workerd",
      active: 3,
      invited: true,
      error: { isParadimeError: true, kind: "auth", status: 401, message: "listUsers: HTTP 401: the API refused the credentials" },
    });
    // The fetch option as a service binding: the gateway Worker added the credentials.
    assert.deepEqual(lines[1], { label: "workerd service binding", active: 3 });
    const gatewayed = (await sandbox.control("/_sandbox/requests")).filter((r) => r.headers["x-gateway"] === "workerd");
    assert.equal(gatewayed.length, 1, "one request came through the binding");
    assert.equal(gatewayed[0].headers["x-api-key"], "demo-key");
    assert.match(stderr + stdout, /\[ PASS \] main/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
