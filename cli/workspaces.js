// The company-wide commands: every workspace a credential reaches (`workspaces`), the access
// review (`review`), offboarding (`offboard`), and a roster that names a workspace per row
// (`sync --all-workspaces`). What they print goes through output.js (escaped); plans run
// through run.js. scripts/build-pkg ships it as pkg/cli/workspaces.js.
import { writeFileSync } from "node:fs";
import { parseRoster } from "../paradime_users.node.js";
import { REVIEW_COLUMNS, accessText, reviewRows } from "../describe.js";
import { csvText, terminalText } from "../escape.js";
import { printPlan, printProblems, say, sayJson, table } from "./output.js";
import { usage } from "./prompts.js";
import { runPlans } from "./run.js";

/** Which workspaces a command acts on: `--all-workspaces` (every one the credentials reach),
 * `--workspace UID…` (uids or names), else the connection's own (its --workspace-uid, or
 * the one a key pair or workspace token belongs to). `undefined` means every one reached. */
function chosen(values, command) {
  if (values["all-workspaces"] && values.workspace !== undefined) {
    throw usage(`${command}: --all-workspaces and --workspace exclude each other`);
  }
  if (values["all-workspaces"]) return undefined;
  if (values.workspace !== undefined) return values.workspace;
  const own = values["workspace-uid"] ?? (process.env.PARADIME_WORKSPACE_UID || undefined);
  return own === undefined ? undefined : [own];
}

/** A progress bar on stderr, on a terminal only, while more than one workspace is listed. */
function listingBar(label) {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    if (total < 2) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write("\n");
  };
}

/** The options of a call that spans workspaces, from the flags. */
function companyOptions(values, command, label) {
  const options = {};
  const workspaces = chosen(values, command);
  if (workspaces !== undefined) options.workspaces = workspaces;
  const bar = listingBar(label);
  if (bar !== undefined) options.onProgress = bar;
  return options;
}

const SCOPE = {
  "all-workspaces": { type: "boolean" },
  workspace: { type: "string", multiple: true },
};

const SCOPE_HELP = `  --all-workspaces     every workspace the credentials reach (a company token: all of them)
  --workspace UID      this workspace (a uid or a name; repeatable)
Without either: the connection's workspace (--workspace-uid), or the one the key pair or
workspace token belongs to.`;

/** `review`: one row per person and a column per workspace; --csv one row per person per
 * workspace where they are active or invited; --json the AccessReview. */
function printReview(review, { csv, json }) {
  if (json) return sayJson(review);
  if (csv) {
    const text = csvText([REVIEW_COLUMNS, ...reviewRows(review)]);
    process.stdout.write(process.stdout.isTTY ? text.split("\n").map(terminalText).join("\n") : text);
    return;
  }
  const head = ["EMAIL", "NAME", "ADMIN", ...review.workspaces.map((w) => w.name)];
  const rows = review.people.map((p) => [p.email, p.name ?? "", p.adminAnywhere ? "yes" : "", ...p.access.map(accessText)]);
  say(...table([head, ...rows]));
  say("");
  for (const w of review.workspaces) {
    const expired = w.expiredInvites.length === 0 ? "" : `; expired invitations: ${w.expiredInvites.join(", ")}`;
    say(`${w.name} (${w.uid}): ${w.active} active, ${w.invited} invited, ${w.admins} ADMIN${expired}`);
  }
  const anywhere = review.people.filter((p) => p.adminAnywhere).length;
  say("", `${review.people.length} people in ${review.workspaces.length} workspace${review.workspaces.length === 1 ? "" : "s"}; ${anywhere} ADMIN somewhere.`);
}

/** `offboard`'s plan: what will be disabled where, what the API cannot do, who is nowhere. */
function printOffboard(plan) {
  const refused = (ws, email) => plan.lastAdmin.some((l) => l.workspace.uid === ws.uid && l.email.toLowerCase() === email.toLowerCase());
  const rows = plan.plans.flatMap((p) =>
    p.actions.map((a) => [p.workspace.name ?? p.workspace.uid, "disable", a.email, refused(p.workspace, a.email) ? `was ${a.from}; refused: the last active ADMIN there` : `was ${a.from}`]),
  );
  const n = rows.length;
  say(`Offboarding ${plan.emails.join(", ")} from ${plan.workspaces.length} workspace${plan.workspaces.length === 1 ? "" : "s"}: ${n} to disable in ${plan.plans.length}.`);
  if (n > 0) say("", ...table([["WORKSPACE", "ACTION", "EMAIL", "NOTE"], ...rows]));
  if (plan.lastAdmin.length > 0) {
    say("", "The last active ADMIN of a workspace is never disabled: make another user ADMIN there first.");
  }
  if (plan.pendingInvites.length > 0) {
    say("", "Pending invitations the API cannot revoke (withdraw them in Paradime's workspace settings):");
    for (const p of plan.pendingInvites) say(`  ${p.workspace.name} (${p.workspace.uid}): ${p.email}, ${p.accountType}, ${p.inviteStatus}`);
  }
  if (plan.notFound.length > 0) say("", `Not active or invited in any of these workspaces: ${plan.notFound.join(", ")}`);
}

export const WORKSPACE_COMMANDS = {
  workspaces: {
    args: [],
    options: { json: { type: "boolean" } },
    help: `Usage: paradime-users workspaces [--json]

Lists the workspaces the credentials reach: every workspace of the company for a company
token (prdm_cmp_), the one they belong to for a key pair or a workspace token.`,
    run: async (client, _args, values) => {
      const workspaces = await client.listWorkspaces();
      if (values.json) return sayJson(workspaces);
      say(...table([["UID", "NAME"], ...workspaces.map((w) => [w.uid, w.name])]));
      say("", `${workspaces.length} workspace${workspaces.length === 1 ? "" : "s"}`);
    },
  },
  review: {
    args: [],
    options: { ...SCOPE, csv: { type: "boolean" }, json: { type: "boolean" } },
    help: `Usage: paradime-users review [--all-workspaces | --workspace UID...] [--csv | --json]

The access review, for auditors: who holds which role in which workspace. A table of one row
per person and a column per workspace (the role, "invited ROLE (STATUS)", or -), whether they
are ADMIN anywhere, then per workspace its counts, ADMINs and expired invitations.
--csv writes one row per person per workspace where they are active or invited
(${REVIEW_COLUMNS.join(",")});
--json the AccessReview. Reads only.

${SCOPE_HELP}`,
    run: async (client, _args, values) => {
      if (values.csv && values.json) throw usage("review: --csv and --json exclude each other");
      printReview(await client.accessReview(companyOptions(values, "review", "listing")), values);
    },
  },
  offboard: {
    args: ["EMAIL..."],
    variadic: true,
    options: { ...SCOPE, "dry-run": { type: "boolean" }, json: { type: "boolean" }, yes: { type: "boolean", short: "y" }, concurrency: { type: "string" } },
    help: `Usage: paradime-users offboard EMAIL... [--all-workspaces | --workspace UID...] [--dry-run] [--yes] [--json]

Removes people from workspaces: each one active in a chosen workspace is disabled there.
Prints the plan first (what is disabled where, the invitations the API cannot revoke, who
was not found), then asks on a terminal; anywhere else it needs --yes. --dry-run stops after
the plan; --json prints the plan (and the report) as JSON: 'paradime-users apply' takes the
plan back. The last active ADMIN of a workspace is never disabled (refused there, the others
still done). Running it again finishes what is left and changes nothing already true.

${SCOPE_HELP}

Exit status: 0 done (or nothing to do), 1 some failed or were refused (each named with its
reason), 2 a usage error, 130 interrupted.`,
    run: async (client, emails, values) => {
      const plan = await client.planOffboard(emails, companyOptions(values, "offboard", "listing"));
      if (values.json && values["dry-run"]) return sayJson(plan);
      if (!values.json) printOffboard(plan);
      if (values["dry-run"]) return 0;
      if (plan.plans.length === 0) {
        if (values.json) sayJson({ plan, report: null });
        else say("", "Nothing to disable.");
        return 0;
      }
      return runPlans(client, plan, values, "offboard", values.json ? (report) => sayJson({ plan, report }) : undefined);
    },
  },
};

/** `sync --all-workspaces`: the roster's rows grouped by the workspace each names (a uid or
 * a name, resolved against listWorkspaces), one plan per workspace, made there. */
export async function planAll(client, csv, file, values, options) {
  const workspaces = await client.listWorkspaces();
  const roster = parseRoster(csv, { ...options, workspaceColumn: values["workspace-column"], workspaces });
  if (roster.entries.length === 0 && roster.problems.length > 0 && roster.problems.every((p) => p.email === null && p.line <= 1)) {
    throw usage(`sync: cannot read the roster ${file}: ${roster.problems.map((p) => p.message).join("; ")}`);
  }
  if (roster.entries.length > 0 && roster.entries.every((e) => e.workspace === undefined)) {
    throw usage(`sync: --all-workspaces needs a workspace column in ${file} (workspace, workspace uid or workspace name; or --workspace-column NAME)`);
  }
  const groups = new Map();
  for (const entry of roster.entries) {
    const { workspace, ...rest } = entry;
    if (!groups.has(workspace)) groups.set(workspace, []);
    groups.get(workspace).push(rest);
  }
  const plans = [];
  for (const w of workspaces.filter((w) => groups.has(w.uid))) {
    const plan = await client.withWorkspace(w.uid).planSync(groups.get(w.uid), {
      disableMissing: values["disable-missing"] === true,
      keep: values.keep ?? [],
    });
    plans.push(plan);
  }
  const all = { plans, problems: roster.problems };
  if (values["plan-out"] !== undefined) writeFileSync(values["plan-out"], `${JSON.stringify(all, null, 2)}\n`);
  if (values.json) sayJson(all);
  else {
    for (const plan of plans) {
      say(`Workspace ${plan.workspace.name ?? plan.workspace.uid} (${plan.workspace.uid}):`);
      printPlan({ ...plan, problems: [] });
      say("");
    }
    if (plans.length === 0) say("The roster names no workspace these credentials reach.");
    printProblems(roster.problems);
    if (values["plan-out"] !== undefined) say("", `Plans written to ${values["plan-out"]}; run 'paradime-users apply ${values["plan-out"]}' to apply them.`);
  }
  if (values.apply) return runPlans(client, all, values, "sync");
  return values["exit-code"] && plans.some((p) => p.actions.length > 0) ? 3 : 0;
}
