// The commands of the command line: what each one asks of the client, with its flags and
// help. What they print is in output.js, the confirmation in prompts.js; the entry
// (paradime-users.js) reads the arguments and runs one. scripts/build-pkg ships this file as
// pkg/cli/commands.js, next to the package's Node entry one folder up.
import { readFileSync, writeFileSync } from "node:fs";
import { accountTypes, parseRoster } from "../paradime_users.node.js";
import { confirm, usage } from "./prompts.js";
import { printPlan, printUsers, say, sayJson, warn } from "./output.js";
import { isMultiPlan, runPlans } from "./run.js";
import { planAll } from "./workspaces.js";

const ROLES = `Roles: ${accountTypes().join(", ")}.`;

export const COMMANDS = {
  list: {
    args: [],
    options: { json: { type: "boolean" }, csv: { type: "boolean" } },
    help: `Usage: paradime-users list [--json | --csv]

Lists the workspace's active and invited users: a table by default, --json for the
client's UserList ({ activeUsers, invitedUsers }), --csv for one row per user with the
columns email,name,account_type,state,invite_status,uid (state is "active" or "invited";
an invited user has an invite_status and no name or uid).`,
    run: async (client, _args, values) => printUsers(await client.listUsers(), values),
  },
  invite: {
    args: ["EMAIL", "ROLE"],
    options: {},
    help: `Usage: paradime-users invite EMAIL ROLE

Invites EMAIL to the workspace with the role ROLE.
${ROLES}`,
    run: async (client, [email, role]) => {
      await client.inviteUser(email, role);
      say(`invited ${email} as ${role}`);
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
      const action = { action: "update", uid: user.uid, email: user.email, from: user.accountType, accountType: role };
      const sent = await applyOne(client, action, "set-role");
      say(sent ? `${user.email}: ${user.accountType} -> ${role}` : `${user.email} is already ${role} (nothing was sent)`);
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
      const who = `${user.name ?? "(no name)"} <${user.email}>, ${user.accountType}`;
      await confirm("disable", `Disable ${who}?`, values.yes);
      await applyOne(client, { action: "disable", uid: user.uid, email: user.email, from: user.accountType }, "disable");
      say(`disabled ${who}`);
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
    "email-column": { type: "string" },
    "role-column": { type: "string" },
    "default-role": { type: "string" },
    delimiter: { type: "string" },
    "workspace-column": { type: "string" },
    "all-workspaces": { type: "boolean" },
    apply: { type: "boolean" },
    ...APPLY_OPTIONS,
  },
  help: `Usage: paradime-users sync ROSTER.csv [--disable-missing] [--keep EMAIL]... [--plan-out plan.json]
                           [--email-column NAME] [--role-column NAME] [--default-role ROLE]
                           [--delimiter , | ; | tab] [--all-workspaces [--workspace-column NAME]]
                           [--json] [--exit-code] [--apply [--concurrency N] [--yes]]

Compares the workspace with a roster and prints the plan that would make them equal: the
counts, each action, then the roster's problems with their line numbers. Nothing is changed
unless --apply is given.

The roster is a CSV file: email,role rows, or an export with a header row (Google
Workspace, Okta, Entra ID, an HR system, Excel with ; separators). The email column is found
by its usual names (email, e-mail, email address, work email, primary email, mail, login,
userPrincipalName), the role column likewise (role, accountType, account type, paradime
role); case, spacing, punctuation and a trailing [Required] do not matter.

  --email-column NAME  the email column's header, when it has another name
  --role-column NAME   the role column's header, when it has another name
  --default-role ROLE  the role of rows with an empty role cell, and of everyone when the
                       file has no role column (an HR export)
  --delimiter D        , ; or tab (default: found from the first line)
  --all-workspaces     the roster names a workspace per row (a workspace column: uid or name,
                       found by the names workspace, workspace uid, workspace name):
                       one plan per workspace it names, each made and applied there; a row
                       naming a workspace the credentials do not reach is a problem with
                       its line. Without it, a roster with a workspace column is refused.
  --workspace-column NAME  the workspace column's header, when it has another name

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

A file with a plan per workspace (sync --all-workspaces --plan-out, offboard --dry-run
--json) applies each plan in its own workspace. A plan made for one workspace is refused by a
connection for another (exit status 2, nothing sent).

Exit status: 0 every action done or skipped, 1 some failed (each named with its error),
2 refused, 130 interrupted.`,
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

/** `apply`: a SyncPlan, or a plan per workspace. A SyncPlan without the `workspace` key (a
 * file from a version before plans knew their workspace) applies to the connection's
 * workspace, with a warning. */
function apply(client, plan, values) {
  if (!isMultiPlan(plan) && plan !== null && typeof plan === "object" && Array.isArray(plan.actions) && !Object.hasOwn(plan, "workspace")) {
    warn("paradime-users: this plan does not say which workspace it was made for (a file from an older version); it is applied to the connection's workspace");
  }
  return runPlans(client, plan, values, "apply");
}

/** The active user with this email, or a failure that says there is none. */
async function activeUser(client, email) {
  const user = await client.getUserByEmail(email);
  if (user === null) throw new NotFound(`no active user has the email ${email}`);
  return user;
}

class NotFound extends Error {}

/** Runs one plan action through the package's applySync, so that the package's rule keeps
 * the last active ADMIN (applySync lists the workspace and sends a demotion or a disable of
 * an ADMIN only while another ADMIN is known to be active; else the action fails with kind
 * "validation" and nothing is sent). True when it was sent, false when it was already true;
 * any other failure is thrown as the ParadimeError it is. */
async function applyOne(client, action, command) {
  const [result] = (await client.applySync({ actions: [action], unchanged: 0, problems: [] })).results;
  if (result.status === "skipped") return false;
  if (result.status === "done") return true;
  if (result.error?.kind === "validation") {
    throw usage(`${command}: ${action.email} is the workspace's last active ADMIN; make another user ADMIN first (nothing was sent)`);
  }
  throw result.error;
}

async function sync(client, [file], values) {
  let csv;
  try {
    csv = readFileSync(file, "utf8");
  } catch (error) {
    throw usage(`sync: cannot read the roster ${file}: ${error.message}`);
  }
  if (values["all-workspaces"]) return planAll(client, csv, file, values, rosterOptions(values));
  if (values["workspace-column"] !== undefined) throw usage("sync: --workspace-column goes with --all-workspaces");
  const roster = parseRoster(csv, rosterOptions(values));
  if (roster.entries.some((e) => e.workspace !== undefined) || roster.problems.some((p) => p.message === "the workspace is missing")) {
    throw usage(`sync: the roster ${file} names a workspace per row: add --all-workspaces to plan each workspace it names (nothing was sent)`);
  }
  // A roster that could not be read at all (no email column, a bad option) is refused: a
  // plan from no entries would invite no one and, with --disable-missing, disable everyone.
  if (roster.entries.length === 0 && roster.problems.length > 0 && roster.problems.every((p) => p.email === null)) {
    throw usage(`sync: cannot read the roster ${file}: ${roster.problems.map((p) => p.message).join("; ")}`);
  }
  const plan = await client.planSync(roster.entries, {
    disableMissing: values["disable-missing"] === true,
    keep: values.keep ?? [],
  });
  // The CSV's problems, with their lines (the plan's own list is of entries given as objects).
  plan.problems = [...roster.problems, ...plan.problems];
  if (values["plan-out"] !== undefined) writeFileSync(values["plan-out"], `${JSON.stringify(plan, null, 2)}\n`);
  if (values.json) sayJson(plan);
  else printPlan(plan, values["plan-out"]);
  if (values.apply) return runPlans(client, plan, values, "sync");
  return values["exit-code"] && plan.actions.length > 0 ? 3 : 0;
}

/** parseRoster's options from sync's flags (only those given). */
function rosterOptions(values) {
  const options = {};
  if (values["email-column"] !== undefined) options.emailColumn = values["email-column"];
  if (values["role-column"] !== undefined) options.roleColumn = values["role-column"];
  if (values["default-role"] !== undefined) options.defaultRole = values["default-role"];
  if (values.delimiter !== undefined) options.delimiter = values.delimiter === "tab" ? "\t" : values.delimiter;
  return options;
}
