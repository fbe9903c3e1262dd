// What the command line prints: the users, a plan, an apply's progress and report, a failure,
// and --verbose's line per attempt. Nothing here calls the API. scripts/build-pkg ships it as
// pkg/cli/output.js.
import { isParadimeError } from "../paradime_users.node.js";
import { inviteReason, planCounts, problemText } from "../describe.js";

/** Rows as lines of left-aligned columns two spaces apart. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd());
}

/** `list`: a table by default, --json the client's UserList, --csv one row per user. */
export function printUsers(users, { json, csv }) {
  if (json) {
    console.log(JSON.stringify(users, null, 2));
    return;
  }
  const rows = [
    ...users.activeUsers.map((u) => [u.email, u.name ?? "", u.accountType, "active", "", u.uid]),
    ...users.invitedUsers.map((u) => [u.email, "", u.accountType, "invited", u.inviteStatus, ""]),
  ];
  if (csv) {
    const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const header = ["email", "name", "account_type", "state", "invite_status", "uid"];
    process.stdout.write([header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n");
    return;
  }
  for (const line of table([["EMAIL", "NAME", "ROLE", "STATE", "INVITE", "UID"], ...rows])) console.log(line);
  console.log(`\n${users.activeUsers.length} active, ${users.invitedUsers.length} invited`);
}

/** One plan action as a table row: what, who, and the change. */
export function row(action) {
  switch (action.action) {
    case "invite":
      return ["invite", action.email, `${action.accountType} (${inviteReason(action)})`];
    case "update":
      return ["update", action.email, `${action.from} -> ${action.accountType}`];
    default:
      return ["disable", action.email, `was ${action.from}`];
  }
}

/** A plan's actions counted by kind. */
export function counts(plan) {
  return planCounts(plan).join(", ");
}

/** `sync`: the counts, each action, the roster's problems by line, where the plan went. */
export function printPlan(plan, planOut) {
  console.log(`Plan: ${counts(plan)}.`);
  if (plan.actions.length > 0) {
    console.log("");
    for (const line of table([["ACTION", "EMAIL", "CHANGE"], ...plan.actions.map(row)])) console.log(line);
  }
  if (plan.problems.length > 0) {
    console.log(`\n${plan.problems.length} roster row${plan.problems.length === 1 ? " was" : "s were"} left out:`);
    for (const p of plan.problems) console.log(`  ${problemText(p)}`);
  }
  if (planOut !== undefined) console.log(`\nPlan written to ${planOut}; run 'paradime-users apply ${planOut}' to apply it.`);
}

/** An apply's onProgress: a bar on a terminal, a line per settled action elsewhere (stderr). */
export function progress(bar) {
  return (done, total) => {
    if (bar) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write("\n");
    } else {
      process.stderr.write(`apply: ${done}/${total} settled\n`);
    }
  };
}

/** An apply's report: a line per action (with its error), then the summary. */
export function printReport(report) {
  for (const result of report.results) {
    const [what, email, change] = row(result.action);
    const why = result.error === null ? "" : `: ${describe(result.error)}`;
    const sent = result.status === "aborted" && result.error !== null && result.error.attempts > 0 ? " (sent, answer not awaited)" : "";
    console.log(`${result.status.padEnd(7)}  ${what} ${email} ${change}${sent}${why}`);
  }
  console.log(`\n${report.done} done, ${report.skipped} skipped (already true), ${report.failed} failed, ${report.aborted} aborted.`);
}

/** One line for a failure: the error's kind (and HTTP status) and its message. */
export function describe(error) {
  if (isParadimeError(error)) {
    const status = error.status === null ? "" : ` (HTTP ${error.status})`;
    return `${error.kind} error${status}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** --verbose: one line per attempt, told by the client's onResponse hook (never a header
 * value or a body: the hook is not given them). */
export function logAttempt({ operation, attempt, status, durationMs, requestId, retryInMs, error }) {
  const outcome = status !== null ? `HTTP ${status}` : error ? `${error.kind} error` : "no response";
  const id = requestId === null ? "" : `, request id ${requestId}`;
  const next = retryInMs === null ? "" : `, retrying in ${retryInMs} ms`;
  console.error(`paradime-users: ${operation} attempt ${attempt}: ${outcome} in ${durationMs} ms${id}${next}`);
}
