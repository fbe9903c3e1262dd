#!/usr/bin/env node
// `paradime-users`, the package's command line (its `bin`, Node 20+): the same client a
// program gets from `import { ParadimeClient } from "paradime-users"`, for admins and CI jobs.
// scripts/build-pkg ships this file as pkg/cli.js, next to the Node entry it imports.
//
// Exit codes: 0 done; 1 a call failed (the error's kind and message on stderr); 2 a usage
// error: an unknown command or flag, a missing argument, a bad option or argument (the
// client's `config` and `validation` errors: nothing was sent), a refused confirmation, or a
// change that would leave the workspace without an active ADMIN; 3 `sync --exit-code` found
// a plan with actions; 130 an apply interrupted by Ctrl-C (what was sent is reported).
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { ParadimeClient, isParadimeError, accountTypes, parseRoster } from "./paradime_users.node.js";

const CONNECTION = `Connection (flags win over the environment):
  --endpoint URL         PARADIME_API_ENDPOINT   the GraphQL endpoint
  --api-key KEY          PARADIME_API_KEY        with --api-secret: X-API-KEY / X-API-SECRET
  --api-secret SECRET    PARADIME_API_SECRET     or a prdm_wsp_/prdm_cmp_ token alone
  --workspace-uid UID    PARADIME_WORKSPACE_UID  required with a company token
  --timeout-ms N         deadline of one call, retries included (default 60000)
  --allow-insecure-http  allow http:// to a host that is not loopback
  --verbose              one line per attempt on stderr: operation, attempt, status, ms, wait
Prefer the environment for the secret: a flag is visible to other users in the process list.
A secret is never printed. HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured through Node's
own proxy support (Node 24.14+; on Node 22.21+ also set NODE_USE_ENV_PROXY=1).`;

const ROLES = `Roles: ${accountTypes().join(", ")}.`;

const COMMANDS = {
  list: {
    args: [],
    options: { json: { type: "boolean" }, csv: { type: "boolean" } },
    help: `Usage: paradime-users list [--json | --csv]

Lists the workspace's active and invited users: a table by default, --json for the
client's UserList ({ activeUsers, invitedUsers }), --csv for one row per user with the
columns email,name,account_type,state,invite_status,uid (state is "active" or "invited";
an invited user has an invite_status and no name or uid).`,
    run: list,
  },
  invite: {
    args: ["EMAIL", "ROLE"],
    options: {},
    help: `Usage: paradime-users invite EMAIL ROLE

Invites EMAIL to the workspace with the role ROLE.
${ROLES}`,
    run: async (client, [email, role]) => {
      await client.inviteUser(email, role);
      console.log(`invited ${email} as ${role}`);
    },
  },
  "set-role": {
    args: ["EMAIL", "ROLE"],
    options: {},
    help: `Usage: paradime-users set-role EMAIL ROLE

Changes the role of the active user with this email (case-insensitive) to ROLE. The last
active ADMIN is never demoted: make another user ADMIN first.
${ROLES}`,
    run: async (client, [email, role]) => {
      const user = await activeUser(client, email);
      if (role !== "ADMIN") await keepAnAdmin(client, user, "set-role");
      await client.updateUserAccountType(user.uid, role);
      console.log(`${user.email}: ${user.accountType} -> ${role}`);
    },
  },
  disable: {
    args: ["EMAIL"],
    options: { yes: { type: "boolean", short: "y" } },
    help: `Usage: paradime-users disable EMAIL [--yes]

Disables the active user with this email (case-insensitive). On a terminal it asks for
confirmation first; anywhere else (a script, CI) it needs --yes. The last active ADMIN is
never disabled: make another user ADMIN first.`,
    run: async (client, [email], values) => {
      const user = await activeUser(client, email);
      await keepAnAdmin(client, user, "disable");
      const who = `${user.name ?? "(no name)"} <${user.email}>, ${user.accountType}`;
      if (!values.yes) {
        if (!process.stdin.isTTY) throw usage("disable: not on a terminal, so there is no one to confirm; add --yes");
        const prompt = createInterface({ input: process.stdin, output: process.stderr });
        const answer = await prompt.question(`Disable ${who}? [y/N] `);
        prompt.close();
        if (!/^y(es)?$/i.test(answer.trim())) throw usage("disable: not confirmed; nothing was sent");
      }
      await client.disableUser(user.uid);
      console.log(`disabled ${who}`);
    },
  },
};

const APPLY_OPTIONS = {
  concurrency: { type: "string" },
  yes: { type: "boolean", short: "y" },
};

COMMANDS.sync = {
  args: ["ROSTER.csv"],
  options: {
    "disable-missing": { type: "boolean" },
    keep: { type: "string", multiple: true },
    "plan-out": { type: "string" },
    json: { type: "boolean" },
    "exit-code": { type: "boolean" },
    apply: { type: "boolean" },
    ...APPLY_OPTIONS,
  },
  help: `Usage: paradime-users sync ROSTER.csv [--disable-missing] [--keep EMAIL]... [--plan-out plan.json]
                           [--json] [--exit-code] [--apply [--concurrency N] [--yes]]

Compares the workspace with a roster (CSV: email,accountType or email,role, with or without
a header row) and prints the plan that would make them equal: the counts, each action, then
the roster's problems with their line numbers. Nothing is changed unless --apply is given.

  --disable-missing   also disable active users who are not in the roster
  --keep EMAIL        never update or disable this user (repeatable)
  --plan-out FILE     write the plan as JSON, for review and 'paradime-users apply FILE'
  --json              print the plan as JSON instead of a table
  --exit-code         exit with 3 when the plan has actions (like git diff --exit-code): a CI
                      job fails when the roster has drifted from the workspace
  --apply             apply the plan right away (see 'paradime-users apply --help')

A roster that would leave the workspace without an active ADMIN is refused (exit status 2).`,
  run: sync,
};

COMMANDS.apply = {
  args: ["PLAN.json"],
  options: APPLY_OPTIONS,
  help: `Usage: paradime-users apply PLAN.json [--concurrency N] [--yes]

Runs a plan written by 'paradime-users sync --plan-out' (or planSync). On a terminal it shows
the counts and asks first; anywhere else it needs --yes. What is already true is skipped, so
running it again after a failure or an interruption (Ctrl-C) finishes what is left. Progress
goes to stderr (a bar on a terminal, a line per settled action otherwise), then a line per
action and a summary.

  --concurrency N   calls in flight at once, 1 to 16 (default 4)
  --yes             do not ask

Exit status: 0 every action done or skipped, 1 some failed (each named with its error),
130 interrupted.`,
  run: async (client, [file], values) => {
    let plan;
    try {
      plan = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw usage(`apply: cannot read the plan ${file}: ${error.message}`);
    }
    return apply(client, plan, values);
  },
};

const HELP = `Usage: paradime-users COMMAND [ARGS] [OPTIONS]

Administers the users of a Paradime workspace.

Commands:
  list [--json | --csv]   the active and invited users
  invite EMAIL ROLE       invite a user
  set-role EMAIL ROLE     change an active user's role
  disable EMAIL [--yes]   disable an active user (asks first on a terminal)
  sync ROSTER.csv         the plan that makes the workspace equal to a roster (--apply runs it)
  apply PLAN.json         run a plan written by 'sync --plan-out'

Run 'paradime-users COMMAND --help' for a command's details, 'paradime-users --version' for
the version.

${CONNECTION}

Exit status: 0 done, 1 a call failed, 2 a usage error (nothing was sent), 3 'sync --exit-code'
found changes, 130 an apply interrupted by Ctrl-C.`;

const GLOBAL = {
  endpoint: { type: "string" },
  "api-key": { type: "string" },
  "api-secret": { type: "string" },
  "workspace-uid": { type: "string" },
  "timeout-ms": { type: "string" },
  "allow-insecure-http": { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

class UsageError extends Error {}
const usage = (message) => new UsageError(message);
/** The command a failure belongs to, for the "Run … --help" hint. */
let current = null;

/** The command's name and the other arguments: the first positional argument is the command,
 * so connection flags may come before it (`paradime-users --endpoint URL list`). */
function split(argv) {
  const options = { ...GLOBAL, version: { type: "boolean", short: "V" } };
  for (const c of Object.values(COMMANDS)) Object.assign(options, c.options);
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const first = tokens.find((t) => t.kind === "positional" || t.kind === "option-terminator");
  // An unknown flag before the command may have taken the next word as its value (a misspelt
  // --apiSecret and its secret): name the flag, never take that word for a command.
  const unknown = tokens.find((t) => t.kind === "option" && !Object.hasOwn(options, t.name) && (first === undefined || t.index < first.index));
  if (unknown !== undefined) throw usage(`unknown option '${unknown.rawName}'`);
  if (first === undefined || first.kind !== "positional") return [argv[0], argv.slice(1)];
  return [first.value, [...argv.slice(0, first.index), ...argv.slice(first.index + 1)]];
}

async function main(argv) {
  const [name, rest] = split(argv);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return 0;
  }
  if (name === "--version" || name === "-V") {
    console.log(version());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) throw usage(name.startsWith("-") ? `no command before ${name.split("=")[0]}` : `unknown command '${name}'`);
  current = name;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message, without its advice on positionals that start with "-".
    throw usage(`${name}: ${error.message.split(". To specify a positional")[0]}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(`${command.help}\n\n${CONNECTION}`);
    return 0;
  }
  if (positionals.length !== command.args.length) {
    const wanted = command.args.length === 0 ? "no arguments" : command.args.join(" ");
    throw usage(`${name}: expects ${wanted}, got ${positionals.length} argument${positionals.length === 1 ? "" : "s"}`);
  }
  if (values.json && values.csv) throw usage("list: --json and --csv exclude each other");
  if (values.concurrency !== undefined && !/^[0-9]+$/.test(values.concurrency)) {
    throw usage(`${name}: --concurrency needs a whole number from 1 to 16`);
  }
  useProxyFromEnv();
  const client = new ParadimeClient(connection(values));
  try {
    return (await command.run(client, positionals, values)) ?? 0;
  } finally {
    client.free();
  }
}

/** ClientOptions from the flags, else the environment; only what was given. */
function connection(values) {
  const env = process.env;
  const pick = (flag, variable) => values[flag] ?? (env[variable] === "" ? undefined : env[variable]);
  const options = {};
  const endpoint = pick("endpoint", "PARADIME_API_ENDPOINT");
  if (endpoint === undefined) throw usage("no endpoint: set PARADIME_API_ENDPOINT or pass --endpoint");
  options.endpoint = endpoint;
  const apiKey = pick("api-key", "PARADIME_API_KEY");
  if (apiKey !== undefined) options.apiKey = apiKey;
  const apiSecret = pick("api-secret", "PARADIME_API_SECRET");
  if (apiSecret !== undefined) options.apiSecret = apiSecret;
  const workspaceUid = pick("workspace-uid", "PARADIME_WORKSPACE_UID");
  if (workspaceUid !== undefined) options.workspaceUid = workspaceUid;
  if (values["timeout-ms"] !== undefined) {
    if (!/^[0-9]+$/.test(values["timeout-ms"])) throw usage("--timeout-ms needs a whole number of milliseconds");
    options.timeoutMs = Number(values["timeout-ms"]);
  }
  if (values["allow-insecure-http"]) options.allowInsecureHttp = true;
  // Who is calling, for the API's logs (Node's fetch lets a caller set it; browsers do not).
  options.headers = { "User-Agent": `paradime-users/${version()} (cli; node ${process.version})` };
  if (values.verbose) options.onResponse = logAttempt;
  return options;
}

/** --verbose: one line per attempt, told by the client's onResponse hook (never a header
 * value or a body: the hook is not given them). */
function logAttempt({ operation, attempt, status, durationMs, requestId, retryInMs, error }) {
  const outcome = status !== null ? `HTTP ${status}` : error ? `${error.kind} error` : "no response";
  const id = requestId === null ? "" : `, request id ${requestId}`;
  const next = retryInMs === null ? "" : `, retrying in ${retryInMs} ms`;
  console.error(`paradime-users: ${operation} attempt ${attempt}: ${outcome} in ${durationMs} ms${id}${next}`);
}

function version() {
  return JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")).version;
}

/** HTTPS_PROXY / HTTP_PROXY (and NO_PROXY) for the client's fetch, through Node's own
 * support: `http.setGlobalProxyFromEnv()` where Node has it (24.14+), else what Node did at
 * start-up under NODE_USE_ENV_PROXY=1 or --use-env-proxy (22.21+, 24.5+); else a warning
 * that the proxy is not used, since requests then go direct. */
function useProxyFromEnv() {
  const env = process.env;
  const name = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"].find((n) => env[n]);
  if (name === undefined) return;
  if (env.NODE_USE_ENV_PROXY === "1" || process.execArgv.includes("--use-env-proxy")) return;
  if (typeof http.setGlobalProxyFromEnv === "function") {
    http.setGlobalProxyFromEnv();
    return;
  }
  console.error(`paradime-users: ${name} is set, but this Node (${process.version}) does not apply it to fetch: requests go direct. Set NODE_USE_ENV_PROXY=1 (Node 22.21+ and 24.5+) or use Node 24.14+.`);
}

/** The active user with this email, or a failure that says there is none. */
async function activeUser(client, email) {
  const user = await client.getUserByEmail(email);
  if (user === null) throw new NotFound(`no active user has the email ${email}`);
  return user;
}

class NotFound extends Error {}

/** Refuses to demote or disable the workspace's last active ADMIN: nobody could undo it (the
 * rule roster sync follows too). Checked on a fresh list, so a change made meanwhile by
 * someone else can still slip through. */
async function keepAnAdmin(client, user, command) {
  if (user.accountType !== "ADMIN") return;
  const admins = (await client.listActiveUsers()).filter((u) => u.accountType === "ADMIN" && u.uid !== user.uid);
  if (admins.length === 0) {
    throw usage(`${command}: ${user.email} is the workspace's last active ADMIN; make another user ADMIN first (nothing was sent)`);
  }
}

async function list(client, _args, values) {
  const users = await client.listUsers();
  if (values.json) {
    console.log(JSON.stringify(users, null, 2));
    return;
  }
  const rows = [
    ...users.activeUsers.map((u) => [u.email, u.name ?? "", u.accountType, "active", "", u.uid]),
    ...users.invitedUsers.map((u) => [u.email, "", u.accountType, "invited", u.inviteStatus, ""]),
  ];
  if (values.csv) {
    const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const header = ["email", "name", "account_type", "state", "invite_status", "uid"];
    process.stdout.write([header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n");
    return;
  }
  const table = [["EMAIL", "NAME", "ROLE", "STATE", "INVITE", "UID"], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const row of table) console.log(row.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd());
  console.log(`\n${users.activeUsers.length} active, ${users.invitedUsers.length} invited`);
}

/** One plan action as a table row: what, who, and the change. */
function row(action) {
  switch (action.action) {
    case "invite":
      return ["invite", action.email, `${action.accountType} (${action.reason === "new" ? "new" : action.reason === "expired" ? "invitation expired" : "invited with another role"})`];
    case "update":
      return ["update", action.email, `${action.from} -> ${action.accountType}`];
    default:
      return ["disable", action.email, `was ${action.from}`];
  }
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd());
}

function counts(plan) {
  const n = (kind) => plan.actions.filter((a) => a.action === kind).length;
  return `${n("invite")} to invite, ${n("update")} to update, ${n("disable")} to disable, ${plan.unchanged} unchanged`;
}

async function sync(client, [file], values) {
  let csv;
  try {
    csv = readFileSync(file, "utf8");
  } catch (error) {
    throw usage(`sync: cannot read the roster ${file}: ${error.message}`);
  }
  const roster = parseRoster(csv);
  const plan = await client.planSync(roster.entries, {
    disableMissing: values["disable-missing"] === true,
    keep: values.keep ?? [],
  });
  // The CSV's problems, with their lines (the plan's own list is of entries given as objects).
  plan.problems = [...roster.problems, ...plan.problems];
  if (values["plan-out"] !== undefined) writeFileSync(values["plan-out"], `${JSON.stringify(plan, null, 2)}\n`);
  if (values.json) {
    console.log(JSON.stringify(plan, null, 2));
  } else {
    console.log(`Plan: ${counts(plan)}.`);
    if (plan.actions.length > 0) {
      console.log("");
      for (const line of table([["ACTION", "EMAIL", "CHANGE"], ...plan.actions.map(row)])) console.log(line);
    }
    if (plan.problems.length > 0) {
      console.log(`\n${plan.problems.length} roster row${plan.problems.length === 1 ? " was" : "s were"} left out:`);
      for (const p of plan.problems) {
        console.log(`  ${p.line === null ? "entry" : `line ${p.line}`}${p.email === null ? "" : ` (${p.email})`}: ${p.message}`);
      }
    }
    if (values["plan-out"] !== undefined) console.log(`\nPlan written to ${values["plan-out"]}; run 'paradime-users apply ${values["plan-out"]}' to apply it.`);
  }
  if (values.apply) return apply(client, plan, values);
  return values["exit-code"] && plan.actions.length > 0 ? 3 : 0;
}

/** Runs a plan: asks first on a terminal (or needs --yes), reports progress on stderr, then a
 * line per action and a summary. Ctrl-C aborts what is not sent yet. */
async function apply(client, plan, values) {
  if (plan === null || typeof plan !== "object" || !Array.isArray(plan.actions)) {
    throw usage("apply: the plan is not a plan from 'paradime-users sync --plan-out' ({ actions, unchanged, problems })");
  }
  const total = plan.actions.length;
  if (total === 0) {
    console.log("Nothing to apply.");
    return 0;
  }
  if (!values.yes) {
    if (!process.stdin.isTTY) throw usage(`${current}: not on a terminal, so there is no one to confirm; add --yes`);
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await prompt.question(`Apply ${total} action${total === 1 ? "" : "s"} (${counts(plan)})? [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) throw usage(`${current}: not confirmed; nothing was sent`);
  }
  const bar = process.stderr.isTTY;
  const onProgress = (done, total) => {
    if (bar) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write("\n");
    } else {
      process.stderr.write(`apply: ${done}/${total} settled\n`);
    }
  };
  const controller = new AbortController();
  let interrupted = false;
  const stop = () => {
    interrupted = true;
    controller.abort();
  };
  process.on("SIGINT", stop);
  const options = { onProgress, signal: controller.signal };
  if (values.concurrency !== undefined) options.concurrency = Number(values.concurrency);
  let report;
  try {
    report = await client.applySync(plan, options);
  } finally {
    process.off("SIGINT", stop);
  }
  if (bar && report.done + report.skipped + report.failed + report.aborted < total) process.stderr.write("\n");
  for (const result of report.results) {
    const [what, email, change] = row(result.action);
    const why = result.error === null ? "" : `: ${describe(result.error)}`;
    const sent = result.status === "aborted" && result.error !== null && result.error.attempts > 0 ? " (sent, answer not awaited)" : "";
    console.log(`${result.status.padEnd(7)}  ${what} ${email} ${change}${sent}${why}`);
  }
  console.log(`\n${report.done} done, ${report.skipped} skipped (already true), ${report.failed} failed, ${report.aborted} aborted.`);
  if (interrupted) {
    console.error("paradime-users: interrupted; run the same apply again to finish what is left");
    return 130;
  }
  return report.failed > 0 || report.aborted > 0 ? 1 : 0;
}

/** One line for a failure: the error's kind (and HTTP status) and its message. */
function describe(error) {
  if (isParadimeError(error)) {
    const status = error.status === null ? "" : ` (HTTP ${error.status})`;
    return `${error.kind} error${status}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

// `paradime-users list --csv | head`: the reader has what it wanted; stop quietly, without
// Node's EPIPE stack trace.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const usageFailure = error instanceof UsageError
    || (isParadimeError(error) && (error.kind === "config" || error.kind === "validation"));
  console.error(`paradime-users: ${describe(error)}`);
  if (usageFailure) console.error(`Run 'paradime-users ${current === null ? "" : `${current} `}--help' for usage.`);
  process.exitCode = usageFailure ? 2 : 1;
}
