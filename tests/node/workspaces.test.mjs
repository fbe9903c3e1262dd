// Several workspaces from one credential, as a program uses the package: listWorkspaces,
// withWorkspace, plans that know their workspace, the access review and offboarding, against
// a real paradime-sandbox with three workspaces (started on 127.0.0.1, port 0, stopped by PID).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ParadimeClient, isParadimeError } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const sandbox = useSandbox(["--workspaces", "3", "--users", "4"]);
const COMPANY = "prdm_cmp_demo-company-token";
const company = (extra = {}) =>
  new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiSecret: COMPANY, workspaceUid: "acme-workspace", ...extra });
const keyPair = () => new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" });
const sent = async () => (await sandbox.control("/_sandbox/requests")).map((r) => r.body?.operationName);
const clearLog = () => fetch(`${sandbox.base}/_sandbox/requests`, { method: "DELETE" });

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(isParadimeError(error));
    return error;
  }
  assert.fail("expected a rejection");
}

test("listWorkspaces: every workspace for a company token, its own for a key pair; the vendor's document", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const seen = [];
  const all = await company({ onResponse: (info) => seen.push(info.operation) }).listWorkspaces();
  assert.equal(all.length, 3);
  assert.deepEqual(all[0], { uid: "acme-workspace", name: "Acme" });
  assert.deepEqual(Object.keys(all[1]), ["uid", "name"]);
  assert.deepEqual(seen, ["listWorkspaces"]);
  const [request] = await sandbox.control("/_sandbox/requests");
  assert.deepEqual(request.body, { query: "query ListWorkspaces { listWorkspaces { workspaces { uid name } } }", variables: {}, operationName: "ListWorkspaces" });
  assert.deepEqual(await keyPair().listWorkspaces(), [all[0]]);
  // Retried like listUsers; errors name the operation.
  await sandbox.control("/_sandbox/faults", [{ status: 503 }]);
  assert.equal((await company().listWorkspaces()).length, 3);
  await sandbox.control("/_sandbox/faults", [{ status: 401, body: "{}" }]);
  const error = await rejection(company().listWorkspaces());
  assert.deepEqual([error.kind, error.operation], ["auth", "listWorkspaces"]);
});

test("withWorkspace: same credential and options, another workspace; a bad uid throws config, nothing sent", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const seen = [];
  const base = company({ timeoutMs: 5000, headers: { "X-Trace": "t1" }, onRequest: (info) => seen.push(info.headers["X-Paradime-Workspace"]) });
  const [, second] = await base.listWorkspaces();
  const other = base.withWorkspace(second.uid);
  assert.ok(other instanceof ParadimeClient);
  assert.deepEqual(Object.keys(other).filter((k) => !k.startsWith("__")), []);
  assert.ok(!JSON.stringify(other).includes(COMPANY) && !String(other).includes(COMPANY));
  const list = await other.listUsers();
  assert.equal(list.activeUsers.length, 3 + 2, "the second workspace's members");
  const requests = await sandbox.control("/_sandbox/requests");
  assert.equal(requests.at(-1).headers["x-paradime-workspace"], second.uid);
  assert.equal(requests.at(-1).headers["x-trace"], "t1");
  assert.deepEqual(seen, ["acme-workspace", second.uid]);
  const before = requests.length;
  for (const bad of ["", "a b", "x".repeat(257), 7, null]) {
    assert.throws(() => base.withWorkspace(bad), (e) => isParadimeError(e) && e.kind === "config" && /workspaceUid/.test(e.message), String(bad));
  }
  assert.equal((await sandbox.control("/_sandbox/requests")).length, before);
  // A key pair's client for another workspace: the API answers 403.
  assert.equal((await rejection(keyPair().withWorkspace(second.uid).listUsers())).kind, "auth");
  other.free();
  assert.equal((await rejection(other.listUsers())).kind, "config");
  assert.throws(() => other.withWorkspace("acme-workspace"), (e) => e.kind === "config");
});

test("a plan knows its workspace: applied elsewhere it is refused before anything is sent; an old plan still applies", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const base = company();
  const [first, second] = await base.listWorkspaces();
  const plan = await base.withWorkspace(second.uid).planSync([{ email: "alexandra@acme.io", accountType: "ADMIN" }, { email: "new@acme.io", accountType: "ANALYST" }]);
  assert.deepEqual(plan.workspace, second);
  const stored = JSON.parse(JSON.stringify(plan));
  await clearLog();
  const before = (await sandbox.control("/_sandbox/requests")).length;
  for (const wrong of [base, keyPair(), base.withWorkspace(first.uid)]) {
    const error = await rejection(wrong.applySync(stored));
    assert.equal(error.kind, "validation");
    assert.equal(error.attempts, 0);
    assert.match(error.message, new RegExp(`made for workspace "Acme Sandbox" \\(${second.uid}\\)`));
  }
  assert.equal((await sandbox.control("/_sandbox/requests")).length, before, "nothing sent");
  const report = await base.withWorkspace(second.uid).applySync(stored);
  assert.equal(report.done, 1);
  // A plan from before plans knew their workspace applies as it did.
  const { workspace, ...old } = await keyPair().planSync([{ email: "old@acme.io", accountType: "ANALYST" }]);
  assert.equal(workspace, null, "a key pair's client names no workspace");
  assert.equal((await keyPair().applySync(old)).done, 1);
  // A plan made before listing has the uid without a name.
  const fresh = company().withWorkspace(second.uid);
  assert.deepEqual((await fresh.planSync([])).workspace, { uid: second.uid, name: null });
  // A tampered workspace is refused as malformed.
  const error = await rejection(base.applySync({ ...stored, workspace: "anywhere" }));
  assert.match(error.message, /`plan.workspace` must be \{ uid, name \} or null/);
});

test("accessReview: one row per person, one cell per workspace, ADMIN counts and expired invitations", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const progress = [];
  const review = await company().accessReview({ concurrency: 2, onProgress: (done, total) => progress.push(`${done}/${total}`) });
  assert.deepEqual(progress, ["1/3", "2/3", "3/3"]);
  assert.deepEqual(review.workspaces.map((w) => w.name), ["Acme", "Acme Sandbox", "Acme Team 2"]);
  assert.deepEqual(review.workspaces[0], { uid: "acme-workspace", name: "Acme", active: 7, invited: 2, admins: 3, expiredInvites: ["max@acme.io"] });
  const byEmail = Object.fromEntries(review.people.map((p) => [p.email, p]));
  assert.deepEqual(byEmail["matt@acme.io"].access.map((a) => `${a.state} ${a.accountType}`), ["active DEVELOPER", "active DEVELOPER", "active DEVELOPER"]);
  assert.deepEqual(byEmail["max@acme.io"].access[0], { state: "invited", accountType: "ADMIN", inviteStatus: "EXPIRED", uid: null });
  // user0 is not a member of the second workspace (every 3rd generated person).
  assert.equal(byEmail["user0@example.com"].access[1].state, "absent");
  assert.equal(byEmail["alexandra@acme.io"].adminAnywhere, true);
  assert.equal(byEmail["matt@acme.io"].adminAnywhere, false);
  // A subset, by name or uid; an unknown one is a validation error after the listing only.
  const some = await company().accessReview({ workspaces: ["acme sandbox"] });
  assert.deepEqual(some.workspaces.map((w) => w.name), ["Acme Sandbox"]);
  await clearLog();
  const error = await rejection(company().accessReview({ workspaces: ["Nope"] }));
  assert.equal(error.kind, "validation");
  assert.match(error.message, /no workspace has the uid or name "Nope"/);
  assert.equal((await rejection(company().accessReview({ workspaces: [] }))).attempts, 0);
  // A failing workspace names itself.
  await sandbox.control("/_sandbox/faults", [{}, { status: 400, body: '{"errors":[{"message":"boom"}]}' }]);
  const failed = await rejection(company().accessReview({ concurrency: 1 }));
  assert.match(failed.message, /^accessReview: workspace "Acme" \(acme-workspace\): /);
});

test("offboarding: planned across workspaces, applied with the last-ADMIN rule per workspace, a re-run changes nothing", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const base = company();
  const [, second, third] = await base.listWorkspaces();
  // Make jonny the last ADMIN of the third workspace: demote the others there.
  const thirdClient = base.withWorkspace(third.uid);
  for (const u of (await thirdClient.listActiveUsers()).filter((u) => u.accountType === "ADMIN" && u.email !== "jonny@acme.io")) {
    await thirdClient.updateUserAccountType(u.uid, "DEVELOPER");
  }
  await clearLog();
  const plan = await base.planOffboard(["matt@acme.io", "JONNY@acme.io", "john@acme.io", "ghost@acme.io"]);
  assert.deepEqual(plan.workspaces.map((w) => w.uid).length, 3);
  assert.equal(plan.plans.length, 3);
  assert.deepEqual(plan.plans.map((p) => p.actions.map((a) => `${a.action} ${a.email}`).sort()), [
    ["disable jonny@acme.io", "disable matt@acme.io"],
    ["disable jonny@acme.io", "disable matt@acme.io"],
    ["disable jonny@acme.io", "disable matt@acme.io"],
  ]);
  assert.deepEqual(plan.lastAdmin, [{ workspace: third, email: "jonny@acme.io" }]);
  assert.deepEqual(plan.pendingInvites.map((p) => `${p.workspace.uid} ${p.email} ${p.inviteStatus}`), ["acme-workspace john@acme.io ACTIVE", `${second.uid} john@acme.io ACTIVE`, `${third.uid} john@acme.io ACTIVE`]);
  assert.deepEqual(plan.notFound, ["ghost@acme.io"]);
  assert.ok((await sent()).every((op) => op === "ListWorkspaces" || op === "ListUsers"), "planning never writes");

  const report = await base.applyOffboard(JSON.parse(JSON.stringify(plan)), { concurrency: 2 });
  assert.deepEqual([report.done, report.skipped, report.failed, report.aborted], [5, 0, 1, 0]);
  assert.deepEqual(report.reports.map((r) => r.workspace.uid), plan.plans.map((p) => p.workspace.uid));
  const refused = report.reports[2].report.results.find((r) => r.status === "failed");
  assert.equal(refused.action.email, "jonny@acme.io");
  assert.equal(refused.error.kind, "validation");
  assert.match(refused.error.message, /ADMIN/);
  assert.equal(await base.withWorkspace(third.uid).getUserByEmail("jonny@acme.io").then((u) => u?.accountType), "ADMIN", "kept as the last ADMIN");
  // Re-running: the done ones are gone from the plan; the refused one is still refused.
  const again = await base.planOffboard(["matt@acme.io", "jonny@acme.io"]);
  assert.equal(again.plans.length, 1);
  assert.deepEqual(again.plans[0].actions.map((a) => a.email), ["jonny@acme.io"]);
  const second2 = await base.applyOffboard(again);
  assert.deepEqual([second2.done, second2.failed], [0, 1]);
  // Applying the first plan again skips what is done.
  const replay = await base.applyOffboard(plan);
  assert.deepEqual([replay.done, replay.skipped, replay.failed], [0, 5, 1]);
  // Bad input: nothing sent.
  await clearLog();
  const n = (await sandbox.control("/_sandbox/requests")).length;
  for (const [call, pattern] of [
    [() => base.planOffboard([]), /`emails` must name at least one person/],
    [() => base.planOffboard(["not-an-email"]), /`emails\[0\]` must contain exactly one @/],
    [() => base.applyOffboard({ plans: [{ actions: [] }] }), /`plan.plans\[0\].workspace` is missing/],
  ]) {
    const error = await rejection(call());
    assert.equal(error.kind, "validation");
    assert.match(error.message, pattern);
  }
  assert.equal((await sandbox.control("/_sandbox/requests")).length, n);
});
