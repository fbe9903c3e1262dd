// What the command line prints: the users, a plan, an apply's progress and report, a failure,
// and --verbose's line per attempt. Nothing here calls the API. Every line goes out through
// say() or warn(), which show control characters as visible escapes (pkg/escape.js): a name,
// an email or an error message from the server never reaches the terminal raw. --json goes
// out through safeJson, --csv through csvText. scripts/build-pkg ships it as
// pkg/cli/output.js.
import { USER_COLUMNS, errorText, inviteReason, planCounts, problemText, userRows } from "../describe.js";
import { csvText, safeJson, terminalText } from "../escape.js";

/** Prints each argument as one line on stdout, control characters escaped. */
export function say(...lines) {
  for (const line of lines) console.log(terminalText(line));
}

/** Prints one line on stderr, control characters escaped. */
export function warn(line) {
  console.error(terminalText(line));
}

/** Prints `value` as exact JSON on stdout (DEL, C1 and bidi controls as \u escapes). */
export function sayJson(value) {
  console.log(safeJson(value));
}

/** Rows as lines of left-aligned columns two spaces apart; cells escaped first, so the
 * columns line up with what the terminal shows. */
export function table(rows) {
  const cells = rows.map((r) => r.map(terminalText));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd());
}

/** `list`: a table by default, --json the client's UserList, --csv one row per user. */
export function printUsers(users, { json, csv }) {
  if (json) {
    sayJson(users);
    return;
  }
  const rows = userRows(users);
  if (csv) {
    // Formula cells neutralised (csvCell); on a terminal, shown with control characters
    // escaped too (a file or a pipe gets the exact values).
    const text = csvText([USER_COLUMNS, ...rows]);
    process.stdout.write(process.stdout.isTTY ? text.split("\n").map(terminalText).join("\n") : text);
    return;
  }
  say(...table([["EMAIL", "NAME", "ROLE", "STATE", "INVITE", "UID"], ...rows]));
  say("", `${users.activeUsers.length} active, ${users.invitedUsers.length} invited`);
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
  say(`Plan: ${counts(plan)}.`);
  if (plan.actions.length > 0) {
    say("", ...table([["ACTION", "EMAIL", "CHANGE"], ...plan.actions.map(row)]));
  }
  printProblems(plan.problems);
  if (planOut !== undefined) say("", `Plan written to ${planOut}; run 'paradime-users apply ${planOut}' to apply it.`);
}

/** A roster's problems, by line. */
export function printProblems(problems) {
  if (problems.length === 0) return;
  say("", `${problems.length} roster row${problems.length === 1 ? " was" : "s were"} left out:`);
  for (const p of problems) say(`  ${problemText(p)}`);
}

/** An apply's onProgress: a bar on a terminal, a line per settled action elsewhere (stderr),
 * naming the command. */
export function progress(bar, command = "apply") {
  return (done, total) => {
    if (bar) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write("\n");
    } else {
      process.stderr.write(`${command}: ${done}/${total} settled\n`);
    }
  };
}

/** An apply's report: a line per action (with its error), then the summary (unless
 * `summary` is false: a part of a larger report). */
export function printReport(report, { summary = true } = {}) {
  for (const result of report.results) {
    const [what, email, change] = row(result.action);
    const why = result.error === null ? "" : `: ${describe(result.error)}`;
    const sent = result.status === "aborted" && result.error !== null && result.error.attempts > 0 ? " (sent, answer not awaited)" : "";
    say(`${result.status.padEnd(7)}  ${what} ${email} ${change}${sent}${why}`);
  }
  if (summary) say("", `${report.done} done, ${report.skipped} skipped (already true), ${report.failed} failed, ${report.aborted} aborted.`);
}

/** One line for a failure: "auth error (HTTP 401): …" (describe.js's errorText). */
export function describe(error) {
  return errorText(error, " error");
}

/** --verbose: one line per attempt, told by the client's onResponse hook (never a header
 * value or a body: the hook is not given them). */
export function logAttempt({ operation, attempt, status, durationMs, requestId, retryInMs, error }) {
  const outcome = status !== null ? `HTTP ${status}` : error ? `${error.kind} error` : "no response";
  const id = requestId === null ? "" : `, request id ${requestId}`;
  const next = retryInMs === null ? "" : `, retrying in ${retryInMs} ms`;
  warn(`paradime-users: ${operation} attempt ${attempt}: ${outcome} in ${durationMs} ms${id}${next}`);
}
