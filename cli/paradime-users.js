#!/usr/bin/env node
// `paradime-users`, the package's command line (its `bin`, Node 20+): the same client a
// program gets from `import { ParadimeClient } from "paradime-users"`, for admins and CI jobs.
// This file reads the arguments, builds the client and runs one command: the commands are in
// cli/commands.js, what they print in cli/output.js, the confirmation in cli/prompts.js.
// scripts/build-pkg ships this file as pkg/cli.js, next to the Node entry it imports, and the
// others in pkg/cli/.
//
// Exit codes: 0 done; 1 a call failed (the error's kind and message on stderr); 2 a usage
// error: an unknown command or flag, a missing argument, a bad option or argument (the
// client's `config` and `validation` errors: nothing was sent), a refused confirmation, or a
// change that would leave the workspace without an active ADMIN; 3 `sync --exit-code` found
// a plan with actions; 130 an apply interrupted by Ctrl-C (what was sent is reported).
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { ParadimeClient, isParadimeError } from "./paradime_users.node.js";
import { COMMANDS as USER_COMMANDS } from "./cli/commands.js";
import { WORKSPACE_COMMANDS } from "./cli/workspaces.js";
import { describe, logAttempt, warn } from "./cli/output.js";
import { UsageError, usage } from "./cli/prompts.js";

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

const HELP = `Usage: paradime-users COMMAND [ARGS] [OPTIONS]

Administers the users of Paradime workspaces.

Commands:
  list [--json | --csv]   the active and invited users
  invite EMAIL ROLE       invite a user
  set-role EMAIL ROLE     change an active user's role
  disable EMAIL [--yes]   disable an active user (asks first on a terminal)
  sync ROSTER.csv         the plan that makes the workspace equal to a roster (--apply runs it)
  apply PLAN.json         run a plan written by 'sync --plan-out'

Across workspaces (a company token reaches them all):
  workspaces              the workspaces the credentials reach
  review                  the access review: who holds which role where (--csv, --json)
  offboard EMAIL...       disable people everywhere they are active (--all-workspaces)
  sync ROSTER.csv --all-workspaces   a roster with a workspace column: a plan per workspace

Run 'paradime-users COMMAND --help' for a command's details, 'paradime-users --version' for
the version.

${CONNECTION}

Exit status: 0 done, 1 a call failed, 2 a usage error (nothing was sent), 3 'sync --exit-code'
found changes, 130 an apply interrupted by Ctrl-C.`;

const COMMANDS = { ...USER_COMMANDS, ...WORKSPACE_COMMANDS };

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
  if (command.variadic ? positionals.length === 0 : positionals.length !== command.args.length) {
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
    return (await command.run(client, positionals, values, name)) ?? 0;
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
  warn(`paradime-users: ${describe(error)}`);
  if (usageFailure) warn(`Run 'paradime-users ${current === null ? "" : `${current} `}--help' for usage.`);
  process.exitCode = usageFailure ? 2 : 1;
}
