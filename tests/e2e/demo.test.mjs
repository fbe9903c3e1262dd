// The package in workers, a service worker and a Vite build, in a real headless Chromium (playwright-core,
// Debian's chromium), against sandboxes this file starts on 127.0.0.1 (port 0) and stops by
// PID when done, pass or fail.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, useBrowser } from "./browser.mjs";

const shared = useBrowser();
const startSandbox = (www) => shared.startSandbox(www);

async function newPage() {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  return { page, problems };
}

test("the same package works in a dedicated worker and in a service worker", async () => {
  const site = await startSandbox(`${root}tests/e2e/site`);
  const { page, problems } = await newPage();
  await page.goto(`${site}/worker.html`);
  const expected = { active: 3, invited: true, error: { isParadimeError: true, kind: "auth", status: 401 } };
  assert.deepEqual(await page.evaluate(() => window.inDedicatedWorker()), expected);
  assert.deepEqual(await page.evaluate(() => window.inServiceWorker()), expected);
  assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
});

test("no secret shows in the console of a page, a dedicated worker or a service worker", async () => {
  const site = await startSandbox(`${root}tests/e2e/site`);
  const context = await shared.browser.newContext();
  const printed = [];
  const listen = (source) => source.on("console", (m) => printed.push(m.text()));
  listen(context);
  context.on("serviceworker", listen);
  const page = await context.newPage();
  page.on("worker", listen);
  await page.goto(`${site}/worker.html`);
  const secrets = ["wrong-secret-e2e-1", "prdm_wsp_e2e-token-2", "proxy-auth-e2e-3", "misspelt-e2e-4"];
  const seen = [
    await page.evaluate((s) => window.inPage(s), secrets),
    await page.evaluate((s) => window.inDedicatedWorker(s), secrets),
    await page.evaluate((s) => window.inServiceWorker(s), secrets),
  ];
  for (const where of ["the page", "a dedicated worker", "a service worker"]) {
    await page.waitForTimeout(50);
    assert.ok(printed.some((line) => line === `sweep done in ${where}`), `the console of ${where} was collected`);
  }
  assert.ok(printed.some((line) => line.includes("ParadimeError")), "the errors were logged");
  const everything = [...seen, ...printed].join("\n");
  for (const secret of secrets) assert.ok(!everything.includes(secret), `${secret} shows`);
  await context.close();
});

test("a Vite build of the README's bundler quick start runs in the browser", async () => {
  const out = mkdtempSync(join(tmpdir(), "paradime-vite-"));
  execFileSync(`${root}node_modules/.bin/vite`, ["build", "--logLevel", "warn", "--outDir", out, "--emptyOutDir"], {
    cwd: `${root}tests/e2e/vite`,
    stdio: "inherit",
  });
  const base = await startSandbox(out);
  const { page, problems } = await newPage();
  await page.goto(`${base}/`);
  await page.locator("#out", { hasText: "active" }).waitFor();
  assert.equal(await page.locator("#out").innerText(), "active 3, invited 2");
  assert.deepEqual(problems, []);
});
