// The sandbox at scale, with `--data` (a throw-away folder under target/):
//
//   node bench/sandbox-scale.mjs            mutation latency at 100,000 users: the median of
//                                           60 role changes, from the sandbox's own log lines
//   node bench/sandbox-scale.mjs --crash    the crash test: 1,000 mutations while the sandbox
//                                           is killed with SIGKILL at random moments and
//                                           restarted, 20 times; every acknowledged mutation
//                                           must be there afterwards, the data always readable
//
// `make sandbox-scale` and `make sandbox-crash` run them (release build). Each sandbox this
// starts binds 127.0.0.1 port 0 and is stopped by PID, pass or fail.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const bin = process.env.SANDBOX_BIN ?? `${root}target/release/paradime-sandbox`;
const dir = `${root}target/sandbox-scale`;
const USERS = 100_000;
const ROLES = ["DEVELOPER", "ANALYST", "BUSINESS", "ADMIN"];
const live = new Set();
process.on("exit", () => live.forEach((child) => child.kill("SIGKILL")));

function start(data) {
  const child = spawn(bin, ["--port", "0", "--users", String(USERS), "--data", data], { stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  child.on("exit", () => live.delete(child));
  const log = [];
  const exited = new Promise((resolve) => child.once("exit", resolve));
  createInterface({ input: child.stderr }).on("line", (line) => log.push(line));
  const ready = new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`sandbox exited (${code ?? signal}): ${log.join("\n")}`)));
    createInterface({ input: child.stdout }).once("line", (port) => resolve(`http://127.0.0.1:${port.trim()}/graphql`));
  });
  return { child, log, ready, exited };
}

const gql = async (endpoint, query, variables) => {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-API-KEY": "demo-key", "X-API-SECRET": "demo-secret" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (!response.ok || body.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body.data;
};
const UPDATE = "mutation U($uid: String!, $accountType: UserAccountType!) { updateUserAccountType(uid: $uid, accountType: $accountType) { ok } }";
const LIST = "query { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function latency() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sandbox = start(`${dir}/workspace.json`);
  const endpoint = await sandbox.ready;
  const users = (await gql(endpoint, LIST)).listUsers.activeUsers;
  const wall = [];
  for (let i = 0; i < 60; i++) {
    const started = performance.now();
    await gql(endpoint, UPDATE, { uid: users[1 + (i % 50)].uid, accountType: ROLES[i % 3] });
    wall.push(performance.now() - started);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const logged = sandbox.log
    .filter((line) => line.includes("op=U ") || line.includes("op=UpdateUserAccountType"))
    .map((line) => Number(/latency_ms=([\d.]+)/.exec(line)?.[1]))
    .filter((ms) => ms > 0);
  sandbox.child.kill("SIGTERM");
  console.log(
    `sandbox mutation latency at ${USERS.toLocaleString("en")} users, 60 role changes: ` +
      `median ${median(logged).toFixed(2)} ms by the sandbox's log (max ${Math.max(...logged).toFixed(2)}), ` +
      `median ${median(wall).toFixed(2)} ms round trip`,
  );
}

async function crash() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const data = `${dir}/workspace.json`;
  let sandbox = start(data);
  let endpoint = await sandbox.ready;
  const users = (await gql(endpoint, LIST)).listUsers.activeUsers.slice(1, 201);
  // Per uid: the role last acknowledged (at first, the listed one), and the roles of later
  // mutations whose answer never came (the kill took it): each may or may not have landed.
  const state = new Map(users.map((u) => [u.uid, { role: u.accountType, maybe: new Set() }]));
  const allowed = (uid, role) => state.get(uid).role === role || state.get(uid).maybe.has(role);
  const TOTAL = 1000;
  const KILLS = 20;
  const killAt = new Set();
  while (killAt.size < KILLS) killAt.add(1 + Math.floor(Math.random() * (TOTAL - 1)));
  let kills = 0;
  for (let i = 0; i < TOTAL; i++) {
    const user = users[i % users.length];
    const role = ROLES[Math.floor(Math.random() * 3)];
    const pending = gql(endpoint, UPDATE, { uid: user.uid, accountType: role }).then(
      () => state.set(user.uid, { role, maybe: new Set() }),
      () => state.get(user.uid).maybe.add(role), // not acknowledged: either outcome is allowed
    );
    if (killAt.has(i)) {
      // Kill while the mutation is in flight, at a random point of it.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      sandbox.child.kill("SIGKILL");
      await pending;
      await sandbox.exited;
      kills++;
      sandbox = start(data); // a data file it cannot read would fail this start
      endpoint = await sandbox.ready;
      // A role acknowledged but then lost would show here at once.
      const now = new Map((await gql(endpoint, LIST)).listUsers.activeUsers.map((u) => [u.uid, u.accountType]));
      for (const [uid, { role }] of state) {
        if (!allowed(uid, now.get(uid))) throw new Error(`after kill ${kills}: ${uid} is ${now.get(uid)}, acknowledged ${role}`);
      }
    } else {
      await pending;
    }
  }
  const final = new Map((await gql(endpoint, LIST)).listUsers.activeUsers.map((u) => [u.uid, u.accountType]));
  let checked = 0;
  for (const [uid, { role }] of state) {
    if (!allowed(uid, final.get(uid))) throw new Error(`${uid} is ${final.get(uid)}, acknowledged ${role}`);
    checked++;
  }
  sandbox.child.kill("SIGTERM");
  console.log(`crash test: ${TOTAL} mutations, ${kills} SIGKILLs and restarts; the acknowledged role of all ${checked} users present; the data file always loaded`);
}
await (process.argv.includes("--crash") ? crash() : latency());
process.exit(0);
