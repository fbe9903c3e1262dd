// The company-wide commands of `paradime-users` from the packed tarball, run as a separate
// process against a real sandbox with three workspaces (a company token): workspaces, review,
// offboard, sync --all-workspaces and the plan's workspace check, with their exit codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ParadimeClient, parseRoster } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";
import { bin, cliRunner } from "./cli.mjs";

const sandbox = useSandbox(["--workspaces", "3", "--users", "3"]);
const TOKEN = "prdm_cmp_demo-company-token";
const run = cliRunner(() => ({
  PATH: process.env.PATH,
  PARADIME_API_ENDPOINT: `${sandbox.base}/graphql`,
  PARADIME_API_SECRET: TOKEN,
  PARADIME_WORKSPACE_UID: "acme-workspace",
}));
const company = () => new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiSecret: TOKEN, workspaceUid: "acme-workspace" });
const mutations = async () => (await sandbox.control("/_sandbox/requests")).filter((r) => r.body?.query?.startsWith("mutation")).length;
const dir = mkdtempSync(join(tmpdir(), "paradime-cli-ws-"));

test("workspaces lists what the credentials reach: three for the company token, one for a key pair", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const out = await run(["workspaces"]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^UID\s+NAME\nacme-workspace\s+Acme\nws-[0-9a-f]{16}\s+Acme Sandbox\nws-[0-9a-f]{16}\s+Acme Team 2\n\n3 workspaces\n$/);
  console.log(`workspaces:\n${out.stdout}`);
  const json = await run(["workspaces", "--json"]);
  assert.deepEqual(JSON.parse(json.stdout), await company().listWorkspaces());
  const one = await run(["workspaces"], { env: { PARADIME_API_KEY: "demo-key", PARADIME_API_SECRET: "demo-secret", PARADIME_WORKSPACE_UID: "" } });
  assert.match(one.stdout, /\n1 workspace\n$/);
  assert.ok(!out.stdout.includes(TOKEN) && !out.stderr.includes(TOKEN));
});

test("review: a table, --csv one row per membership (neutralised, read back by parseRoster), --json the AccessReview", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const [, second] = await company().listWorkspaces();
  // A hostile name in the second workspace.
  await company().withWorkspace(second.uid).inviteUser("eve@acme.io", "ANALYST");
  await sandbox.control("/_sandbox/accept", { email: "eve@acme.io", name: "=cmd|' /C calc'!A0\x1b[2J", workspace: second.uid });
  const table = await run(["review", "--all-workspaces"]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^EMAIL\s+NAME\s+ADMIN\s+Acme\s+Acme Sandbox\s+Acme Team 2\n/);
  assert.match(table.stdout, /\nalexandra@acme\.io\s+Alexandra James\s+yes\s+ADMIN\s+ADMIN\s+ADMIN\n/);
  assert.match(table.stdout, /\nmax@acme\.io\s+no\b|\nmax@acme\.io\s+invited ADMIN \(EXPIRED\)/);
  assert.match(table.stdout, /\nAcme \(acme-workspace\): 6 active, 2 invited, 2 ADMIN; expired invitations: max@acme\.io\n/);
  assert.doesNotMatch(table.stdout, /\x1b/);
  const csv = await run(["review", "--all-workspaces", "--csv"]);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "email,name,admin_anywhere,workspace_uid,workspace_name,state,account_type,invite_status,uid");
  assert.ok(lines.some((l) => l.startsWith(`eve@acme.io,'=cmd|' /C calc'!A0\x1b[2J,no,${second.uid},Acme Sandbox,active,ANALYST,,`)), csv.stdout);
  console.log(`review --csv (first lines):\n${lines.slice(0, 4).join("\n")}`);
  // The file reads back: parseRoster finds email and account_type, and the workspace column.
  const back = parseRoster(csv.stdout, { roleColumn: "account_type", workspaceColumn: "workspace_uid" });
  assert.ok(back.entries.some((e) => e.email === "eve@acme.io" && e.workspace === second.uid));
  const json = await run(["review", "--workspace", "Acme Sandbox", "--json"]);
  const review = JSON.parse(json.stdout);
  assert.deepEqual(review.workspaces.map((w) => w.uid), [second.uid]);
  const bad = await run(["review", "--workspace", "Nowhere"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no workspace has the uid or name "Nowhere"/);
  assert.equal((await run(["review", "--csv", "--json"])).code, 2);
  assert.equal((await run(["review", "--all-workspaces", "--workspace", "x"])).code, 2);
});

test("offboard: a dry run changes nothing; --yes disables everywhere, refuses the last ADMIN there (exit 1), a re-run does nothing", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const [, , third] = await company().listWorkspaces();
  // jonny: the last ADMIN of the third workspace once the others are demoted there.
  const there = company().withWorkspace(third.uid);
  for (const u of (await there.listActiveUsers()).filter((u) => u.accountType === "ADMIN" && u.email !== "jonny@acme.io")) {
    await there.updateUserAccountType(u.uid, "DEVELOPER");
  }
  const before = await mutations();
  const dry = await run(["offboard", "matt@acme.io", "jonny@acme.io", "john@acme.io", "ghost@acme.io", "--all-workspaces", "--dry-run"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^Offboarding matt@acme\.io, jonny@acme\.io, john@acme\.io, ghost@acme\.io from 3 workspaces: 6 to disable in 3\.\n/);
  assert.match(dry.stdout, /\nAcme Team 2\s+disable\s+jonny@acme\.io\s+was ADMIN; refused: the last active ADMIN there\n/);
  assert.match(dry.stdout, /Pending invitations the API cannot revoke[^\n]*\n  Acme \(acme-workspace\): john@acme\.io, ADMIN, ACTIVE\n/);
  assert.match(dry.stdout, /Not active or invited in any of these workspaces: ghost@acme\.io\n/);
  assert.equal(await mutations(), before, "a dry run sends no mutation");
  const asked = await run(["offboard", "matt@acme.io", "--all-workspaces"]);
  assert.equal(asked.code, 2, "off a terminal it needs --yes");
  assert.equal(await mutations(), before);

  const done = await run(["offboard", "matt@acme.io", "jonny@acme.io", "--all-workspaces", "--yes"]);
  console.log(`offboard --all-workspaces --yes:\n${done.stdout}`);
  assert.equal(done.code, 1, "the refused last ADMIN fails the run");
  assert.match(done.stdout, /\nWorkspace Acme Team 2 \(ws-[0-9a-f]+\):\nfailed {3}disable jonny@acme\.io was ADMIN: validation error: applySync: not sent: it would remove the last active ADMIN[^\n]*\ndone {5}disable matt@acme\.io was DEVELOPER\n/);
  assert.match(done.stdout, /\n5 done, 0 skipped \(already true\), 1 failed, 0 aborted\.\n$/);
  assert.equal((await company().withWorkspace(third.uid).getUserByEmail("jonny@acme.io"))?.accountType, "ADMIN");
  assert.equal(await company().getUserByEmail("jonny@acme.io"), null, "disabled where another ADMIN stays");

  const again = await run(["offboard", "matt@acme.io", "--all-workspaces", "--yes"]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Nothing to disable\.\n$/);
  // JSON: the plan, then the plan and the report.
  const json = await run(["offboard", "jonny@acme.io", "--workspace", third.uid, "--yes", "--json"]);
  const { plan, report } = JSON.parse(json.stdout);
  assert.equal(plan.plans.length, 1);
  assert.equal(report.failed, 1);
  assert.equal(json.code, 1);
  // Bad input: an invalid email, no email: status 2, nothing sent.
  const n = await mutations();
  assert.equal((await run(["offboard", "not-an-email", "--all-workspaces", "--yes"])).code, 2);
  assert.equal((await run(["offboard", "--all-workspaces"])).code, 2);
  assert.equal(await mutations(), n);
});

test("sync --all-workspaces: one plan per workspace the roster names; a plan applies only where it was made", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const [, second] = await company().listWorkspaces();
  const roster = join(dir, "company.csv");
  writeFileSync(roster, `email,role,Workspace\nnew1@acme.io,ANALYST,Acme Sandbox\nnew2@acme.io,developer,acme-workspace\nlost@acme.io,ADMIN,Nowhere\n`);
  const refused = await run(["sync", roster]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /names a workspace per row: add --all-workspaces/);
  const planned = await run(["sync", roster, "--all-workspaces", "--plan-out", join(dir, "plans.json"), "--exit-code"]);
  assert.equal(planned.code, 3, planned.stderr);
  assert.match(planned.stdout, /^Workspace Acme \(acme-workspace\):\nPlan: 1 to invite/);
  assert.match(planned.stdout, /\nWorkspace Acme Sandbox \(ws-[0-9a-f]+\):\nPlan: 1 to invite/);
  assert.match(planned.stdout, /line 4 \(lost@acme\.io\): the workspace: no workspace has the uid or name "Nowhere"/);
  const file = JSON.parse(readFileSync(join(dir, "plans.json"), "utf8"));
  assert.deepEqual(file.plans.map((p) => p.workspace.name), ["Acme", "Acme Sandbox"]);
  const applied = await run(["apply", join(dir, "plans.json"), "--yes"]);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /\n2 done, 0 skipped/);
  assert.ok((await company().withWorkspace(second.uid).listInvitedUsers()).some((u) => u.email === "new1@acme.io"));
  // One workspace's plan, applied with a connection for another: refused, nothing sent.
  const single = join(dir, "second.json");
  writeFileSync(single, JSON.stringify(file.plans[1]));
  const n = await mutations();
  const wrong = await run(["apply", single, "--yes"]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /this plan was made for workspace "Acme Sandbox"/);
  assert.equal(await mutations(), n);
  // A plan file from before plans knew their workspace applies, with a warning.
  const old = join(dir, "old.json");
  writeFileSync(old, JSON.stringify({ actions: [{ action: "invite", email: "old@acme.io", accountType: "ANALYST", reason: "new" }], unchanged: 0, problems: [] }));
  const legacy = await run(["apply", old, "--yes"]);
  assert.equal(legacy.code, 0, legacy.stderr);
  assert.match(legacy.stderr, /does not say which workspace it was made for/);
});

test("a progress bar on a terminal while several workspaces are listed", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const env = `PARADIME_API_ENDPOINT='${sandbox.base}/graphql' PARADIME_API_SECRET='${TOKEN}' PARADIME_WORKSPACE_UID=acme-workspace`;
  const out = await run([], { command: ["script", "-qec", `env ${env} '${bin}' review --all-workspaces`, "/dev/null"] });
  assert.equal(out.code, 0, out.stdout);
  assert.match(out.stdout, /listing \[#+\] 3\/3/);
});
