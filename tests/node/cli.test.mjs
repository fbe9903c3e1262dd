// The `paradime-users` command as npm installed it from the packed tarball
// (tests/node/node_modules/.bin/paradime-users), run as a separate process against a real
// sandbox: each command, its exit codes, its output formats, and that a secret never shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ParadimeClient } from "paradime-users";
import { useSandbox } from "./sandbox.mjs";

const sandbox = useSandbox();
const large = useSandbox(["--users", "20000"]);
const bin = fileURLToPath(new URL("./node_modules/.bin/paradime-users", import.meta.url));
const SECRET = "demo-secret";

/** The CLI's environment: PATH and the demo credentials for the sandbox at `base`. */
const connectionEnv = (base) => ({
  PATH: process.env.PATH,
  PARADIME_API_ENDPOINT: `${base}/graphql`,
  PARADIME_API_KEY: "demo-key",
  PARADIME_API_SECRET: SECRET,
});

/** Runs the CLI; `env` replaces the connection variables, `input` goes to its stdin. */
function run(args, { env = {}, input = "", command = [bin, ...args] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { env: { ...connectionEnv(sandbox.base), ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const client = () => new ParadimeClient({ endpoint: `${sandbox.base}/graphql`, apiKey: "demo-key", apiSecret: SECRET });
const mutations = async () =>
  (await sandbox.control("/_sandbox/requests")).filter((r) => r.body?.query?.startsWith("mutation"));

test("list prints a table, --json the client's UserList, --csv one row per user", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const expected = await client().listUsers();

  const table = await run(["list"]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^EMAIL\s+NAME\s+ROLE\s+STATE\s+INVITE\s+UID\n/);
  for (const u of [...expected.activeUsers, ...expected.invitedUsers]) assert.ok(table.stdout.includes(u.email), u.email);
  assert.match(table.stdout, /\n3 active, 2 invited\n$/);

  const json = await run(["list", "--json"]);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), expected);

  const csv = await run(["list", "--csv"]);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "email,name,account_type,state,invite_status,uid");
  assert.equal(lines.length, 1 + 3 + 2);
  const first = expected.activeUsers[0];
  assert.equal(lines[1], [first.email, first.name, first.accountType, "active", "", first.uid].join(","));
  const invited = expected.invitedUsers[0];
  assert.equal(lines[4], [invited.email, "", invited.accountType, "invited", invited.inviteStatus, ""].join(","));

  assert.equal((await run(["list", "--json", "--csv"])).code, 2);
});

test("invite, set-role and disable --yes change the workspace, as the sandbox shows", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const invite = await run(["invite", "cli@acme.io", "ANALYST"]);
  assert.equal(invite.code, 0, invite.stderr);
  assert.equal(invite.stdout, "invited cli@acme.io as ANALYST\n");
  assert.deepEqual((await client().listInvitedUsers()).at(-1), { email: "cli@acme.io", accountType: "ANALYST", inviteStatus: "ACTIVE" });

  const setRole = await run(["set-role", "MATT@acme.io", "WORKSPACE_ADMIN"]);
  assert.equal(setRole.code, 0, setRole.stderr);
  assert.match(setRole.stdout, /^matt@acme\.io: \w+ -> WORKSPACE_ADMIN\n$/);
  assert.equal((await client().getUserByEmail("matt@acme.io")).accountType, "WORKSPACE_ADMIN");

  const disable = await run(["disable", "jonny@acme.io", "--yes"]);
  assert.equal(disable.code, 0, disable.stderr);
  assert.match(disable.stdout, /^disabled .*<jonny@acme\.io>/);
  assert.equal(await client().getUserByEmail("jonny@acme.io"), null);
  assert.equal((await mutations()).length, 3);
});

test("disable asks on a terminal, and refuses without --yes anywhere else", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const before = (await mutations()).length;

  const script = await run(["disable", "jonny@acme.io"]);
  assert.equal(script.code, 2);
  assert.match(script.stderr, /not on a terminal.*--yes/);

  // On a terminal (util-linux `script` gives the command a pty): "n" sends nothing, "y" disables.
  const onTerminal = (answer) =>
    run([], { input: `${answer}\n`, command: ["script", "-qec", `'${bin}' disable jonny@acme.io`, "/dev/null"] });
  const no = await onTerminal("n");
  assert.match(no.stdout, /Disable .*<jonny@acme\.io>.*\? \[y\/N\]/);
  assert.match(no.stdout, /not confirmed; nothing was sent/);
  assert.equal(no.code, 2);
  assert.equal((await mutations()).length, before);
  assert.notEqual(await client().getUserByEmail("jonny@acme.io"), null);

  const yes = await onTerminal("y");
  assert.equal(yes.code, 0, yes.stdout);
  assert.match(yes.stdout, /disabled .*<jonny@acme\.io>/);
  assert.equal(await client().getUserByEmail("jonny@acme.io"), null);
});

test("the last active ADMIN is never demoted or disabled (status 2, nothing sent)", async () => {
  await sandbox.control("/_sandbox/reset", {});
  assert.equal((await run(["disable", "jonny@acme.io", "--yes"])).code, 0);
  const sent = (await mutations()).length;
  for (const args of [["disable", "alexandra@acme.io", "--yes"], ["set-role", "Alexandra@acme.io", "DEVELOPER"]]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /alexandra@acme\.io is the workspace's last active ADMIN; make another user ADMIN first \(nothing was sent\)/);
  }
  assert.equal((await mutations()).length, sent);
  assert.equal((await client().getUserByEmail("alexandra@acme.io")).accountType, "ADMIN");
  // With a second ADMIN, the first may go.
  assert.equal((await run(["set-role", "matt@acme.io", "ADMIN"])).code, 0);
  assert.equal((await run(["set-role", "alexandra@acme.io", "DEVELOPER"])).code, 0);
  assert.equal((await client().getUserByEmail("alexandra@acme.io")).accountType, "DEVELOPER");
});

test("exit codes: 2 for usage (nothing sent), 1 when a call fails, with the error's kind", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const usage = [
    [[], 0],
    [["--help"], 0],
    [["invite", "--help"], 0],
    [["bogus"], 2],
    [["invite", "a@acme.io"], 2],
    [["list", "--nope"], 2],
    [["invite", "not an email", "ADMIN"], 2],
    [["invite", "a@acme.io", "lowercase"], 2],
    [["list", "--timeout-ms", "soon"], 2],
    [["sync", "roster.csv"], 2],
  ];
  for (const [args, code] of usage) {
    const r = await run(args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    if (code === 2) assert.match(r.stderr, /^paradime-users: /);
  }
  // Connection flags may come before the command; a usage error points at the command's help.
  const first = await run(["--api-key", "demo-key", `--endpoint=${sandbox.base}/graphql`, "list", "--json"]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).activeUsers.length, 3);
  assert.match((await run(["--endpoint", "x"])).stderr, /^paradime-users: no command before --endpoint\nRun 'paradime-users --help'/);
  assert.match((await run(["invite", "x@acme.io"])).stderr, /\nRun 'paradime-users invite --help' for usage\.\n$/);
  const version = await run(["--version"]);
  assert.equal(version.stdout, `${JSON.parse(readFileSync(new URL("./node_modules/paradime-users/package.json", import.meta.url), "utf8")).version}\n`);
  assert.match((await run(["invite", "not an email", "ADMIN"])).stderr, /^paradime-users: validation error: /);
  assert.match((await run(["list"], { env: { PARADIME_API_ENDPOINT: "" } })).stderr, /no endpoint: set PARADIME_API_ENDPOINT/);
  assert.match((await run(["list"], { env: { PARADIME_API_ENDPOINT: "ftp://x" } })).stderr, /^paradime-users: config error: /);
  assert.equal((await mutations()).length, 0);

  const wrong = await run(["list"], { env: { PARADIME_API_SECRET: "wrong-secret-cli-1" } });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /^paradime-users: auth error \(HTTP 401\): /);
  const missing = await run(["set-role", "nobody@acme.io", "ADMIN"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no active user has the email nobody@acme\.io/);
  const refused = await run(["invite", "alexandra@acme.io", "ADMIN"]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^paradime-users: graphql error \(HTTP 200\): .*already an active member/);
});

test("a secret given by flag or environment is never printed", async () => {
  const secret = "prdm_wsp_cli-token-2";
  const runs = [
    await run(["list", "--api-secret", secret, "--api-key", "k"]),
    await run(["list", "--api-secret", secret], { env: { PARADIME_API_KEY: "" } }),
    await run(["list"], { env: { PARADIME_API_SECRET: secret, PARADIME_API_KEY: "" } }),
    await run(["list", "--api-secret", secret, "--bogus"]),
    await run(["--help"], { env: { PARADIME_API_SECRET: secret } }),
    await run(["list", "--apiSecret", secret]),
    await run(["--apiSecret", secret, "list"]),
    await run(["list", `--apiSecret=${secret}`]),
    await run([`--api-secret=${secret}`]),
  ];
  for (const r of runs) assert.ok(!(r.stdout + r.stderr).includes(secret), r.stdout + r.stderr);
  assert.ok(runs.slice(0, 3).every((r) => r.code === 1), runs.map((r) => r.stderr).join("\n"));
});

test("a reader that stops early (| head) ends the command quietly, with status 0", async () => {
  for (const format of ["--csv", "--json", "--table"]) {
    const args = format === "--table" ? ["list"] : ["list", format];
    const child = spawn(bin, args, { env: connectionEnv(large.base), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.stdout.once("data", () => child.stdout.destroy()); // like `head -c 1`
    const code = await new Promise((resolve) => child.once("close", resolve));
    assert.equal(stderr, "", format);
    assert.equal(code, 0, format);
  }
});
