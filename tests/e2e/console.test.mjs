// The admin console (www/) in a real headless Chromium (playwright-core, Debian's chromium),
// against sandboxes this file starts on 127.0.0.1 (port 0) and stops by PID when done, pass
// or fail. Each change made in the page is checked through the sandbox's API, not only in the
// DOM. Full-page screenshots at 1280 px and 360 px go to target/e2e/.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { root, useBrowser } from "./browser.mjs";
import { ParadimeClient } from "paradime-users";

const shots = `${root}target/e2e`;
const shared = useBrowser();
const startSandbox = (args = []) => shared.startSandbox(`${root}www`, args);
before(() => mkdirSync(shots, { recursive: true }));

async function openConsole(base, width = 1280) {
  const context = await shared.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${base}/`);
  await page.locator("#status", { hasText: "Listing users: done" }).waitFor();
  return { page, problems, context };
}

const api = (base) => new ParadimeClient({ endpoint: `${base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" });
const rowsText = (page, id) => page.locator(`#${id} tr`).allInnerTexts();

/** 50 rows under a header: alexandra kept, matt changed, jonny left out (disabled with
 * disableMissing), 46 new people, and 2 bad rows (lines 48 and 51). */
function roster() {
  const lines = ["email,role", "alexandra@acme.io,ADMIN", "matt@acme.io,ANALYST"];
  for (let i = 0; i < 46; i++) lines.push(`hire${i}@acme.io,developer`);
  lines.splice(47, 0, "not-an-email,ADMIN");
  lines.push("late@acme.io,chief wizard");
  return `${lines.join("\n")}\n`;
}

test("the console lists the workspace, invites, syncs a CSV, changes a role and disables, as the sandbox shows", async () => {
  const base = await startSandbox();
  const client = api(base);
  const { page, problems } = await openConsole(base);

  // Exactly the sandbox's users, prefilled with its demo credentials.
  const expected = await client.listUsers();
  assert.equal(await page.inputValue("#apiKey"), "demo-key");
  const active = await rowsText(page, "active-rows");
  assert.equal(active.length, expected.activeUsers.length);
  for (const u of expected.activeUsers) assert.ok(active.some((r) => r.includes(u.email)), u.email);
  const invited = await rowsText(page, "invited-rows");
  assert.deepEqual(invited.map((r) => r.split("\t")[0]).sort(), expected.invitedUsers.map((u) => u.email).sort());
  assert.match(await page.locator("#role-counts").innerText(), /ADMIN 2 · DEVELOPER 1/);

  // Invite one, by keyboard alone: type, then Enter submits.
  await page.focus("#invite-email");
  await page.keyboard.type("kb.person@acme.io");
  await page.selectOption("#invite-role", "BUSINESS");
  await page.focus("#invite-email");
  await page.keyboard.press("Enter");
  await page.locator("#invited-rows tr", { hasText: "kb.person@acme.io" }).waitFor();
  const invite = (await client.listInvitedUsers()).find((u) => u.email === "kb.person@acme.io");
  assert.equal(invite?.accountType, "BUSINESS");

  // Sync from CSV with disableMissing: the plan's counts, the problems with their lines.
  await page.fill("#roster", roster());
  await page.check("#disable-missing");
  await page.click("#plan-button");
  await page.locator("#plan-counts").waitFor();
  assert.equal(await page.locator("#plan-counts").innerText(), "46 to invite · 1 to update · 1 to disable · 1 unchanged");
  assert.equal(await page.locator("#plan-actions li").count(), 48);
  const lines = await page.locator("#plan-problems li").allInnerTexts();
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^line 48 \(not-an-email\): the email must contain exactly one @/);
  assert.match(lines[1], /^line 51 \(late@acme\.io\): the accountType must be/);
  await page.screenshot({ path: `${shots}/console-1280-plan.png`, fullPage: true });
  assert.equal((await client.listInvitedUsers()).length, expected.invitedUsers.length + 1, "planning changed nothing");

  await page.click("#apply-button");
  await page.locator("#status", { hasText: "Applying 48 actions: done" }).waitFor();
  assert.equal(await page.locator("#apply-progress").evaluate((p) => p.value / p.max), 1);
  assert.match(await page.locator("#apply-text").innerText(), /^48 of 48 \(100 %\) — 48 done, 0 skipped, 0 failed, 0 aborted$/);
  assert.equal(await page.locator("#plan-actions .badge.done").count(), 48);
  const after = await client.listUsers();
  assert.deepEqual(after.activeUsers.map((u) => `${u.email} ${u.accountType}`).sort(), ["alexandra@acme.io ADMIN", "matt@acme.io ANALYST"]);
  for (let i = 0; i < 46; i++) assert.ok(after.invitedUsers.some((u) => u.email === `hire${i}@acme.io` && u.accountType === "DEVELOPER"), `hire${i}`);
  await page.waitForFunction(() => document.querySelectorAll("#active-rows tr").length === 2);

  // Change a role with the dropdown.
  const matt = page.locator("#active-rows tr", { hasText: "matt@acme.io" });
  await matt.locator("select").selectOption("WORKSPACE_ADMIN");
  await page.locator("#status", { hasText: "Changing matt@acme.io to WORKSPACE_ADMIN: done" }).waitFor();
  assert.equal((await client.getUserByEmail("matt@acme.io")).accountType, "WORKSPACE_ADMIN");

  // Disable behind a confirmation that names the user: Cancel sends nothing, Disable does.
  await matt.locator("button").click();
  assert.match(await page.locator("#confirm-text").innerText(), /^Disable Matt McDonald <matt@acme\.io>, WORKSPACE_ADMIN\?/);
  await page.click("#confirm-cancel");
  await page.locator("#status", { hasText: "matt@acme.io was not disabled" }).waitFor();
  assert.notEqual(await client.getUserByEmail("matt@acme.io"), null);
  await matt.locator("button").click();
  await page.click("#confirm-ok");
  await page.locator("#status", { hasText: "Disabling matt@acme.io: done" }).waitFor();
  assert.equal(await client.getUserByEmail("matt@acme.io"), null);
  await page.waitForFunction(() => document.querySelectorAll("#active-rows tr").length === 1);
  await page.screenshot({ path: `${shots}/console-1280.png`, fullPage: true });

  // A refused call and wrong credentials are sentences built from the ParadimeError.
  await page.fill("#invite-email", "alexandra@acme.io");
  await page.click("#invite-form button");
  await page.locator("#status.error").waitFor();
  assert.match(await page.locator("#status").innerText(), /^graphql \(HTTP 200\): inviteUser: .*already an active member/);
  await page.fill("#apiSecret", "wrong");
  await page.click("#connect-form button");
  await page.locator("#status.error", { hasText: "auth (HTTP 401)" }).waitFor();
  assert.match(await page.locator("#status").innerText(), /^auth \(HTTP 401\): listUsers: HTTP 401: the API refused the credentials$/);
  assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
});

/** The words broken across lines inside table cells and badges. A word is what lies between
 * white space and the places where the console allows a break (after `_`, `@`, `.`, `-`):
 * each must sit on one line, or the cell breaks a word ("EXPIRE D"). */
const brokenWords = (page) => page.evaluate(() => {
  const broken = [];
  for (const cell of document.querySelectorAll("th, td, .badge")) {
    if (cell.getClientRects().length === 0) continue; // not shown
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      if (node.parentElement.closest("select, button")) continue;
      for (const word of node.data.matchAll(/[^\s_@.-]+[_@.-]*/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(`${cell.tagName.toLowerCase()}.${cell.className || "-"}: ${word[0]}`);
      }
    }
  }
  return broken;
});

test("at 360 px wide the console fits without horizontal scrolling and breaks no word in a cell", async () => {
  const base = await startSandbox();
  // Long roles and every invitation status in the tables.
  const client = api(base);
  await client.inviteUser("workspace.settings.admin@acme.io", "WORKSPACE_SETTINGS_ADMIN");
  await client.inviteUser("developer.person@acme.io", "DEVELOPER");
  const { page, problems, context } = await openConsole(base, 360);
  await page.fill("#roster", roster());
  await page.click("#plan-button");
  await page.locator("#plan-counts").waitFor();
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= 360, `scrollWidth ${widths[0]} > 360`);
  const statuses = await page.locator("#invited-rows .badge").allInnerTexts();
  for (const status of ["EXPIRED", "ACTIVE"]) assert.ok(statuses.includes(status), `${status} in ${statuses}`);
  assert.deepEqual(await brokenWords(page), []);
  await page.screenshot({ path: `${shots}/console-360.png`, fullPage: true });
  await page.locator("#invited").screenshot({ path: `${shots}/console-360-invited.png` });
  // After applying, every action carries a badge; still no word broken.
  await page.click("#apply-button");
  await page.locator("#status", { hasText: "actions: done" }).waitFor();
  assert.ok((await page.locator("#plan-actions .badge").count()) > 0);
  assert.deepEqual(await brokenWords(page), []);
  await page.screenshot({ path: `${shots}/console-360-applied.png`, fullPage: true });
  // Every control has a name a screen reader reads out.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea, button")]
      .filter((c) => !c.closest("dialog") && !(c.labels?.length || c.getAttribute("aria-label") || c.textContent.trim()))
      .map((c) => c.id || c.outerHTML.slice(0, 60)));
  assert.deepEqual(unnamed, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a workspace of 10,000 users stays usable: one page of rows, a filter, counts", async () => {
  const base = await startSandbox(["--users", "10000"]);
  const { page, problems } = await openConsole(base);
  assert.equal(await page.locator("#active-rows tr").count(), 50);
  assert.equal(await page.locator("#active-count").innerText(), "(10003)");
  assert.match(await page.locator("#page-info").innerText(), /^page 1 of 201 \(10003 shown\)$/);
  await page.click("#next-page");
  assert.match(await page.locator("#page-info").innerText(), /^page 2 of 201/);
  await page.fill("#filter", "matt@");
  await page.waitForFunction(() => document.querySelectorAll("#active-rows tr").length === 1);
  assert.match(await page.locator("#active-rows tr").innerText(), /matt@acme\.io/);
  assert.deepEqual(problems, []);
});

test("the console reads an export with its column options and downloads the users as a neutralised CSV", async () => {
  const base = await startSandbox(["--test-controls"]);
  const client = api(base);
  // An invited person who picked a formula for a name, and one whose email starts with "=".
  for (const [email, name] of [["formula@acme.io", '=HYPERLINK("http://x.test","click")'], ["=cmd@acme.io", "+1 Bob"]]) {
    await client.inviteUser(email, "DEVELOPER");
    await fetch(`${base}/_sandbox/accept`, { method: "POST", body: JSON.stringify({ email, name }) });
  }
  const { page, problems, context } = await openConsole(base);

  // The download: what `list --csv` writes, formula cells behind a ', read back the same.
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download-users")]);
  const csv = readFileSync(await file.path(), "utf8");
  assert.equal(file.suggestedFilename(), "paradime-users.csv");
  assert.match(csv, /^email,name,account_type,state,invite_status,uid\n/);
  assert.match(csv, /\nformula@acme\.io,"'=HYPERLINK\(""http:\/\/x\.test"",""click""\)",DEVELOPER,active,,/);
  assert.match(csv, /\n'=cmd@acme\.io,'\+1 Bob,DEVELOPER,active,,/);
  const expected = await client.listUsers();
  const back = await page.evaluate(async (text) => (await import("/pkg/paradime_users.js")).parseRoster(text), csv);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.entries, [...expected.activeUsers, ...expected.invitedUsers].map((u) => ({ email: u.email, accountType: u.accountType })));

  // An Excel export (;) without a role column: refused until a default role is chosen.
  await page.fill("#roster", "Name;Work Email;Department\nAda;ada@acme.io;Data\n");
  await page.click("#plan-button");
  await page.locator("#status.error", { hasText: "The roster cannot be read" }).waitFor();
  assert.match(await page.locator("#status").innerText(), /"Name", "Work Email", "Department"/);
  assert.equal(await page.locator("#roster-columns").getAttribute("open"), "");
  await page.selectOption("#default-role", "ANALYST");
  await page.click("#plan-button");
  await page.locator("#status", { hasText: "Planning: done" }).waitFor();
  assert.equal(await page.locator("#plan-actions li").allInnerTexts().then((l) => l.join("\n")), "invite ada@acme.io as ANALYST (new)");
  // Named columns.
  await page.fill("#roster", "Nombre,Correo,Rol\nAda,ada@acme.io,admin\n");
  await page.fill("#email-column", "correo");
  await page.fill("#role-column", "Rol");
  await page.click("#plan-button");
  await page.locator("#plan-actions li", { hasText: "invite ada@acme.io as ADMIN (new)" }).waitFor();
  await page.screenshot({ path: `${shots}/console-1280-export.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("with a company token the console picks a workspace and shows the access review, filtered and downloadable", async () => {
  const base = await startSandbox(["--workspaces", "3", "--users", "3"]);
  const { page, problems, context } = await openConsole(base);
  // make demo's prefill with several workspaces: the company token and the first workspace.
  assert.equal(await page.inputValue("#apiSecret"), "prdm_cmp_demo-company-token");
  assert.equal(await page.inputValue("#workspaceUid"), "acme-workspace");
  await page.locator("#workspaces:not([hidden])").waitFor();
  const options = await page.locator("#workspace-picker option").allInnerTexts();
  assert.equal(options.length, 3);
  assert.match(options[1], /^Acme Sandbox \(ws-[0-9a-f]{16}\)$/);
  // Another workspace: its own users (every 3rd generated person is not a member there).
  const company = new ParadimeClient({ endpoint: `${base}/graphql`, apiSecret: "prdm_cmp_demo-company-token", workspaceUid: "acme-workspace" });
  const [, second] = await company.listWorkspaces();
  await page.selectOption("#workspace-picker", second.uid);
  await page.locator("#status", { hasText: "Listing users of Acme Sandbox" }).filter({ hasText: "done" }).waitFor();
  const expected = await company.withWorkspace(second.uid).listActiveUsers();
  assert.equal(await page.locator("#active-rows tr").count(), expected.length);
  // An invite from the page goes to the picked workspace.
  await page.fill("#invite-email", "picked@acme.io");
  await page.click("#invite-form button");
  await page.locator("#invited-rows tr", { hasText: "picked@acme.io" }).waitFor();
  assert.ok((await company.withWorkspace(second.uid).listInvitedUsers()).some((u) => u.email === "picked@acme.io"));
  assert.ok(!(await company.listInvitedUsers()).some((u) => u.email === "picked@acme.io"));

  // The access review.
  await page.click("#review-button");
  await page.locator("#status", { hasText: "Reviewing access: done" }).waitFor();
  const head = await page.locator("#review-head th").allInnerTexts();
  assert.deepEqual(head, ["Email", "Name", "ADMIN anywhere", "Acme", "Acme Sandbox", "Acme Team 2"]);
  const review = await company.accessReview();
  assert.equal(await page.locator("#review-rows tr").count(), review.people.length);
  assert.equal(await page.locator("#review-rows tr.admin-anywhere").count(), review.people.filter((p) => p.adminAnywhere).length);
  assert.match(await page.locator("#review-summary").innerText(), /Acme \(acme-workspace\): 6 active, 2 invited, 2 ADMIN; expired invitations: max@acme\.io/);
  await page.fill("#review-filter", "matt");
  assert.deepEqual(await page.locator("#review-rows tr").allInnerTexts().then((rows) => rows.map((r) => r.split("\t").slice(2).join(" "))), ["no DEVELOPER DEVELOPER DEVELOPER"]);
  await page.fill("#review-filter", "");
  await page.screenshot({ path: `${shots}/console-1280-review.png`, fullPage: true });
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#review-download")]);
  const csv = readFileSync(await file.path(), "utf8");
  assert.match(csv, /^email,name,admin_anywhere,workspace_uid,workspace_name,state,account_type,invite_status,uid\n/);
  assert.match(csv, /\nmatt@acme\.io,Matt McDonald,no,acme-workspace,Acme,active,DEVELOPER,,07673b48/);
  assert.deepEqual(problems, []);
  await context.close();
});
