// examples/extension as a user builds it: copied to a throw-away folder, the packed tarball
// installed there with npm, `npm run vendor`, then loaded unpacked into Debian's Chromium
// (new headless mode, persistent context). Configured through its options page against a
// sandbox this file starts; the popup's list and an invite are checked against the sandbox.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { ParadimeClient } from "paradime-users";
import { useSandbox } from "../node/sandbox.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const sandbox = useSandbox();
const work = mkdtempSync(join(tmpdir(), "paradime-extension-"));
const extension = join(work, "extension");
let context;
let id;
const problems = [];

before(async () => {
  cpSync(`${root}examples/extension`, extension, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|lib)$/.test(src),
  });
  execFileSync(`${root}scripts/install-pkg`, [extension], { stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("npm", ["run", "--silent", "vendor"], { cwd: extension, stdio: ["ignore", "ignore", "inherit"] });
  context = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath: "/usr/bin/chromium",
    headless: false, // the flag below asks for the new headless mode, which runs extensions
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  id = new URL(worker.url()).host;
  worker.on("console", (m) => m.type() === "error" && problems.push(`worker: ${m.text()}`));
});

after(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(page) {
  const tab = await context.newPage();
  tab.on("pageerror", (e) => problems.push(`${page}: ${e.message}`));
  tab.on("console", (m) => m.type() === "error" && problems.push(`${page}: ${m.text()}`));
  await tab.goto(`chrome-extension://${id}/${page}`);
  return tab;
}

async function configure(secret) {
  const options = await open("options.html");
  await options.fill("#endpoint", `${sandbox.base}/graphql`);
  await options.fill("#apiKey", "demo-key");
  await options.fill("#apiSecret", secret);
  await options.click("#settings button");
  await options.locator("#status", { hasText: "Saved" }).waitFor();
  const status = await options.locator("#status").innerText();
  await options.close();
  return status;
}

test("the options page stores the connection and the background checks it", async () => {
  assert.match(await configure("wrong-secret-ext-1"), /^Saved, but the connection failed: auth \(HTTP 401\): /);
  assert.equal(await configure("demo-secret"), "Saved. Connected: 3 active users.");
  // The secret is never read back into the page.
  const options = await open("options.html");
  assert.equal(await options.inputValue("#apiSecret"), "");
  assert.equal(await options.inputValue("#apiKey"), "demo-key");
  await options.close();
});

test("the popup lists the workspace's users and invites one through the background", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const popup = await open("popup.html");
  await popup.locator("#status", { hasText: "active" }).waitFor();
  const expected = await new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" }).listUsers();
  assert.equal(await popup.locator("#status").innerText(), `${expected.activeUsers.length} active, ${expected.invitedUsers.length} invited`);
  const emails = await popup.locator("#users tr td:first-child").allInnerTexts();
  assert.deepEqual(emails, [...expected.activeUsers, ...expected.invitedUsers].map((u) => u.email));

  await popup.fill("#email", "extension@acme.io");
  await popup.selectOption("#role", "ANALYST");
  await popup.click("#invite button");
  await popup.locator("#status", { hasText: "Invited extension@acme.io." }).waitFor();
  assert.equal(await popup.locator("#users tr", { hasText: "extension@acme.io" }).count(), 1);

  // As the sandbox saw it: one InviteUser from the background, with the stored credentials.
  const invites = (await sandbox.control("/_sandbox/requests")).filter((r) => r.body?.operationName === "InviteUser");
  assert.equal(invites.length, 1);
  assert.deepEqual(invites[0].body.variables, { email: "extension@acme.io", accountType: "ANALYST" });
  assert.equal(invites[0].headers["x-api-key"], "demo-key");
  assert.match(invites[0].headers.origin ?? "", /^chrome-extension:\/\//);
  const invited = await new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" }).listInvitedUsers();
  assert.deepEqual(invited.at(-1), { email: "extension@acme.io", accountType: "ANALYST", inviteStatus: "ACTIVE" });

  // A refused invite is a readable sentence, and the popup keeps working.
  await popup.fill("#email", "alexandra@acme.io");
  await popup.click("#invite button");
  await popup.locator("#status.error").waitFor();
  assert.match(await popup.locator("#status").innerText(), /^graphql \(HTTP 200\): inviteUser: .*already an active member/);
  assert.ok(!(await popup.content()).includes("demo-secret"));
  assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
});

test("after Chromium stops the idle service worker, the next popup starts it and loads the wasm again", async () => {
  // Chromium stops an idle MV3 worker after about 30 s; stop it now, as that would.
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // Listening before `enable`, which reports the current state: a worker already stopped counts.
  const stopped = new Promise((resolve) => cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
    if (versions.some((v) => v.runningStatus === "stopped")) resolve();
  }));
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await stopped;
  await page.close();
  const popup = await open("popup.html");
  await popup.locator("#status", { hasText: "active" }).waitFor();
  assert.match(await popup.locator("#status").innerText(), /^\d+ active, \d+ invited$/);
  assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
});
