// A page bundled by webpack 5 (defaults), esbuild and Rollup, each the way the README says,
// from the installed tarball, run in headless Chromium against a sandbox that serves the
// build: the page lists the workspace. (The Vite build is in demo.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import url from "@rollup/plugin-url";
import webpack from "webpack";
import { root, useBrowser } from "./browser.mjs";

const shared = useBrowser();
const here = `${root}tests/e2e/bundlers`;

const BUILDS = {
  // Defaults: production mode, web target; only the entry and the output folder are named.
  async webpack(out) {
    const stats = await promisify(webpack)({ mode: "production", context: here, entry: "./webpack.js", output: { path: out, filename: "main.js" } });
    assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  },
  async esbuild(out) {
    await esbuild({
      entryPoints: [join(here, "wasm-import.js")], bundle: true, format: "esm", outfile: join(out, "main.js"),
      loader: { ".wasm": "file" }, logLevel: "warning",
    });
  },
  async rollup(out) {
    const bundle = await rollup({ input: join(here, "wasm-import.js"), plugins: [nodeResolve({ browser: true }), url({ include: ["**/*.wasm"], limit: 0 })] });
    await bundle.write({ dir: out, format: "es", entryFileNames: "main.js" });
    await bundle.close();
  },
};

for (const [name, build] of Object.entries(BUILDS)) {
  test(`a page bundled by ${name} initialises the package and lists the workspace in Chromium`, async () => {
    const out = mkdtempSync(join(tmpdir(), `paradime-${name}-`));
    try {
      await build(out);
      copyFileSync(join(here, "index.html"), join(out, "index.html"));
      assert.ok(readdirSync(out).some((f) => f.endsWith(".wasm")), `${name} put the .wasm beside the bundle: ${readdirSync(out)}`);
      const base = await shared.startSandbox(out);
      const context = await shared.browser.newContext();
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      await page.goto(`${base}/`);
      await page.locator("#out", { hasNotText: "loading" }).waitFor();
      assert.equal(await page.locator("#out").innerText(), "active 3, invited 2");
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
