#!/usr/bin/env node
// `paradime-users`, the package's command line (its `bin`, Node 20+): the same client a
// program gets from `import { ParadimeClient } from "paradime-users"`, for admins and CI jobs.
// scripts/build-pkg ships this file as pkg/cli.js, next to the Node entry it imports.
//
// Exit codes: 0 done; 1 a call failed (the error's kind and message on stderr); 2 a usage
// error: an unknown command or flag, a missing argument, a bad option or argument (the
// client's `config` and `validation` errors: nothing was sent), a refused confirmation, or a
// change that would leave the workspace without an active ADMIN.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { ParadimeClient, isParadimeError, accountTypes } from "./paradime_users.node.js";

const CONNECTION = `Connection (flags win over the environment):
  --endpoint URL         PARADIME_API_ENDPOINT   the GraphQL endpoint
  --api-key KEY          PARADIME_API_KEY        with --api-secret: X-API-KEY / X-API-SECRET
  --api-secret SECRET    PARADIME_API_SECRET     or a prdm_wsp_/prdm_cmp_ token alone
  --workspace-uid UID    PARADIME_WORKSPACE_UID  required with a company token
  --timeout-ms N         deadline of one call, retries included (default 60000)
  --allow-insecure-http  allow http:// to a host that is not loopback
Prefer the environment for the secret: a flag is visible to other users in the process list.
A secret is never printed.`;

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

const HELP = `Usage: paradime-users COMMAND [ARGS] [OPTIONS]

Administers the users of a Paradime workspace.

Commands:
  list [--json | --csv]   the active and invited users
  invite EMAIL ROLE       invite a user
  set-role EMAIL ROLE     change an active user's role
  disable EMAIL [--yes]   disable an active user (asks first on a terminal)

Run 'paradime-users COMMAND --help' for a command's details, 'paradime-users --version' for
the version.
Roster sync (sync, apply) is not in this version.

${CONNECTION}

Exit status: 0 done, 1 a call failed, 2 a usage error (nothing was sent).`;

const GLOBAL = {
  endpoint: { type: "string" },
  "api-key": { type: "string" },
  "api-secret": { type: "string" },
  "workspace-uid": { type: "string" },
  "timeout-ms": { type: "string" },
  "allow-insecure-http": { type: "boolean" },
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
    const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
    console.log(version);
    return 0;
  }
  if (name === "sync" || name === "apply") {
    throw usage(`${name}: roster sync is not in this version of paradime-users`);
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
  const client = new ParadimeClient(connection(values));
  try {
    await command.run(client, positionals, values);
  } finally {
    client.free();
  }
  return 0;
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
  return options;
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
