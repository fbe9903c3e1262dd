// How a user list, a roster plan, an access review and a failure read as text, for the two places that show them: the
// command line (cli/output.js) and the admin console (www/app.js). Plain JS with no import,
// shipped as pkg/describe.js; not a public export of the package (its exports map does not
// list it). The values are raw: each place escapes them for where they go (pkg/escape.js).

/** The columns of a user list as rows, and the rows: one per active, then invited user (what
 * `list --csv` and the console's download write, and `list` shows). */
export const USER_COLUMNS = ["email", "name", "account_type", "state", "invite_status", "uid"];

/** A UserList as rows of USER_COLUMNS. */
export function userRows(users) {
  return [
    ...users.activeUsers.map((u) => [u.email, u.name ?? "", u.accountType, "active", "", u.uid]),
    ...users.invitedUsers.map((u) => [u.email, "", u.accountType, "invited", u.inviteStatus, ""]),
  ];
}

/** A failure as one sentence: a ParadimeError's kind (after it, `kindWord`: the command line
 * says "auth error", the console "auth"), its HTTP status when a response came, and its
 * message (for kind "graphql", the API's own); anything else, its message. */
export function errorText(error, kindWord = "") {
  // What isParadimeError checks, without importing the package: an Error so named, with a kind.
  if (error instanceof Error && error.name === "ParadimeError" && typeof error.kind === "string") {
    const status = error.status === null || error.status === undefined ? "" : ` (HTTP ${error.status})`;
    return `${error.kind}${kindWord}${status}: ${error.message}`;
  }
  return String(error?.message ?? error);
}

/** Why an invite is in a plan: "new", "invitation expired", "invited with another role". */
export function inviteReason(action) {
  return { new: "new", expired: "invitation expired", role: "invited with another role" }[action.reason] ?? action.reason;
}

/** A plan's actions counted by kind, then what is unchanged: ["3 to invite", …, "2 unchanged"]. */
export function planCounts(plan) {
  const n = (kind) => plan.actions.filter((a) => a.action === kind).length;
  return [`${n("invite")} to invite`, `${n("update")} to update`, `${n("disable")} to disable`, `${plan.unchanged} unchanged`];
}

/** A roster problem: "line 4 (ann@acme.io): …", or "entry: …" for an entry given as an object. */
export function problemText(problem) {
  const where = problem.line === null ? "entry" : `line ${problem.line}`;
  return `${where}${problem.email === null ? "" : ` (${problem.email})`}: ${problem.message}`;
}

/** The columns of an access review as CSV: one row per person per workspace where they are
 * active or invited (what `review --csv` and the console's download write). */
export const REVIEW_COLUMNS = ["email", "name", "admin_anywhere", "workspace_uid", "workspace_name", "state", "account_type", "invite_status", "uid"];

/** An AccessReview as rows of REVIEW_COLUMNS. */
export function reviewRows(review) {
  return review.people.flatMap((person) =>
    person.access.flatMap((access, i) => {
      const ws = review.workspaces[i];
      if (access.state === "absent" || ws === undefined) return [];
      return [[person.email, person.name ?? "", person.adminAnywhere ? "yes" : "no", ws.uid, ws.name, access.state, access.accountType ?? "", access.inviteStatus ?? "", access.uid ?? ""]];
    }),
  );
}

/** What a person has in one workspace, as a short text: the role, "invited ROLE (STATUS)", or "-". */
export function accessText(access) {
  if (access.state === "active") return access.accountType;
  if (access.state === "invited") return `invited ${access.accountType} (${access.inviteStatus})`;
  return "-";
}
