// The admin console: plain ES modules, the package straight from /pkg/ (no bundler, no
// framework). The example people copy: every call goes through the one client, every failure
// is shown as a sentence built from the ParadimeError, and a button is disabled while its
// call runs.
import init, { ParadimeClient, accountTypes, parseRoster } from "/pkg/paradime_users.js";
// How a plan reads as text: the same module the command line prints plans with.
import { REVIEW_COLUMNS, USER_COLUMNS, accessText, errorText, inviteReason, planCounts, problemText, reviewRows, userRows } from "/pkg/describe.js";
import { csvText } from "/pkg/escape.js";

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const INVITED_SHOWN = 200;
/** The connection is kept for this tab only (sessionStorage), never in localStorage. */
const STORE = "paradime-users-console";

/** The client of the connection (its own workspace); `client` is the one of the workspace
 * picked, made from it with withWorkspace. */
let base = null;
let client = null;
let review = null;
let users = { activeUsers: [], invitedUsers: [] };
let page = 0;
let plan = null;

function say(text, kind = "ok") {
  $("status").textContent = text;
  $("status").className = kind;
}



/** Runs `action` with `controls` disabled, saying what happens in the status line. */
async function run(label, controls, action) {
  for (const c of controls) c.disabled = true;
  say(`${label}…`, "");
  try {
    await action();
    say(`${label}: done`);
    return true;
  } catch (error) {
    say(errorText(error), "error");
    return false;
  } finally {
    for (const c of controls) c.disabled = false;
  }
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** A cell for an email or a role: it may wrap after each `_`, `@` and `.` (a <wbr> there),
 * never inside a word. */
function breakable(text) {
  const cell = el("td");
  for (const piece of text.match(/[^_@.]*[_@.]*/g)) {
    if (piece === "") continue;
    if (cell.childNodes.length > 0) cell.append(document.createElement("wbr"));
    cell.append(piece);
  }
  return cell;
}

function badge(text) {
  const known = ["ACTIVE", "SENT", "EXPIRED", "done", "skipped", "failed", "aborted"];
  return el("span", text, `badge ${known.includes(text) ? text : "other"}`);
}

function roleSelect(selected, label) {
  const select = el("select");
  select.setAttribute("aria-label", label);
  const roles = accountTypes();
  for (const role of roles) select.append(new Option(role, role, false, role === selected));
  if (!roles.includes(selected)) select.append(new Option(selected, selected, false, true));
  return select;
}

function matches(user, filter) {
  return filter === "" || user.email.toLowerCase().includes(filter) || (user.name ?? "").toLowerCase().includes(filter);
}

/** Asks before a disable, naming the user; resolves true when confirmed. */
function confirmDisable(user) {
  const dialog = $("confirm");
  $("confirm-text").textContent = `Disable ${user.name ?? "(no name)"} <${user.email}>, ${user.accountType}? They lose access to the workspace.`;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    $("confirm-cancel").focus();
  });
}

function renderActive() {
  const filter = $("filter").value.trim().toLowerCase();
  const shown = users.activeUsers.filter((u) => matches(u, filter));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  page = Math.min(page, pages - 1);
  const rows = shown.slice(page * PAGE, (page + 1) * PAGE).map((user) => {
    const row = el("tr");
    row.dataset.uid = user.uid;
    const role = roleSelect(user.accountType, `Role of ${user.email}`);
    role.addEventListener("change", async () => {
      const ok = await run(`Changing ${user.email} to ${role.value}`, [role], () => client.updateUserAccountType(user.uid, role.value));
      if (ok) await refresh();
      else role.value = user.accountType;
    });
    const disable = el("button", "Disable", "danger");
    disable.type = "button";
    disable.setAttribute("aria-label", `Disable ${user.email}`);
    disable.addEventListener("click", async () => {
      if (!(await confirmDisable(user))) return say(`${user.email} was not disabled`);
      if (await run(`Disabling ${user.email}`, [disable], () => client.disableUser(user.uid))) await refresh();
    });
    const roleCell = el("td");
    roleCell.append(role);
    const actions = el("td");
    actions.append(disable);
    row.append(el("td", user.name ?? "—"), breakable(user.email), roleCell, actions);
    return row;
  });
  $("active-rows").replaceChildren(...rows);
  $("page-info").textContent = shown.length === 0 ? "no match" : `page ${page + 1} of ${pages} (${shown.length} shown)`;
  $("prev-page").disabled = page === 0;
  $("next-page").disabled = page >= pages - 1;
}

function render() {
  const { activeUsers, invitedUsers } = users;
  $("active-count").textContent = `(${activeUsers.length})`;
  $("invited-count").textContent = `(${invitedUsers.length})`;
  const perRole = new Map();
  for (const u of activeUsers) perRole.set(u.accountType, (perRole.get(u.accountType) ?? 0) + 1);
  $("role-counts").textContent = [...perRole].sort().map(([role, n]) => `${role} ${n}`).join(" · ");
  renderActive();
  $("invited-rows").replaceChildren(...invitedUsers.slice(0, INVITED_SHOWN).map((invite) => {
    const row = el("tr");
    const status = el("td");
    status.append(badge(invite.inviteStatus));
    row.append(breakable(invite.email), breakable(invite.accountType), status);
    return row;
  }));
  const more = invitedUsers.length - INVITED_SHOWN;
  $("invited-more").textContent = more > 0 ? `and ${more} more invitations` : "";
}

async function refresh() {
  users = await client.listUsers();
  render();
}

function connectionFields() {
  return { endpoint: $("endpoint").value.trim(), apiKey: $("apiKey").value, apiSecret: $("apiSecret").value, workspaceUid: $("workspaceUid").value.trim() };
}

/** The workspace picker: shown when the credentials reach more than one workspace. */
async function listWorkspaces() {
  const workspaces = await base.listWorkspaces().catch(() => []);
  const current = $("workspaceUid").value.trim() || workspaces[0]?.uid;
  $("workspace-picker").replaceChildren(...workspaces.map((w) => new Option(`${w.name} (${w.uid})`, w.uid, false, w.uid === current)));
  $("workspaces").hidden = workspaces.length < 2;
}

$("connect-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const fields = connectionFields();
  sessionStorage.setItem(STORE, JSON.stringify(fields));
  run("Listing users", [$("connect-form").querySelector("button")], async () => {
    const options = { endpoint: fields.endpoint };
    if (fields.apiKey) options.apiKey = fields.apiKey;
    if (fields.apiSecret) options.apiSecret = fields.apiSecret;
    if (fields.workspaceUid) options.workspaceUid = fields.workspaceUid;
    if (client !== base) client?.free();
    base?.free();
    base = client = null;
    users = { activeUsers: [], invitedUsers: [] };
    render();
    base = client = new ParadimeClient(options);
    await refresh();
    await listWorkspaces();
  });
});

$("workspace-picker").addEventListener("change", () => {
  const uid = $("workspace-picker").value;
  run(`Listing users of ${$("workspace-picker").selectedOptions[0]?.text ?? uid}`, [$("workspace-picker")], async () => {
    if (client !== base) client.free();
    client = base.withWorkspace(uid);
    plan = null;
    $("plan").hidden = true;
    await refresh();
  });
});

/** The review table, filtered: a row per person, a column per workspace; ADMIN anywhere is
 * marked by a class (a coloured edge) and by the word in its column. */
function renderReview() {
  if (review === null) return;
  const needle = $("review-filter").value.trim().toLowerCase();
  const head = ["Email", "Name", "ADMIN anywhere", ...review.workspaces.map((w) => w.name)];
  $("review-head").replaceChildren(...head.map((h) => Object.assign(el("th", h), { scope: "col" })));
  const shown = review.people.filter((p) => needle === "" || p.email.toLowerCase().includes(needle) || (p.name ?? "").toLowerCase().includes(needle));
  $("review-rows").replaceChildren(
    ...shown.map((p) => {
      const tr = el("tr", undefined, p.adminAnywhere ? "admin-anywhere" : undefined);
      tr.append(breakable(p.email), el("td", p.name ?? ""), el("td", p.adminAnywhere ? "yes" : "no"), ...p.access.map((a) => el("td", accessText(a))));
      return tr;
    }),
  );
  $("review-summary").replaceChildren(
    ...review.workspaces.map((w) => el("li", `${w.name} (${w.uid}): ${w.active} active, ${w.invited} invited, ${w.admins} ADMIN${w.expiredInvites.length ? `; expired invitations: ${w.expiredInvites.join(", ")}` : ""}`)),
  );
  $("review-result").hidden = false;
}

$("review-button").addEventListener("click", () => {
  if (!base) return say("Connect first", "error");
  run("Reviewing access", [$("review-button")], async () => {
    review = await base.accessReview({ onProgress: (done, total) => say(`Reviewing access… ${done} of ${total} workspaces listed`, "") });
    $("review-download").disabled = false;
    renderReview();
  });
});
$("review-filter").addEventListener("input", renderReview);
// The review as `paradime-users review --csv` writes it: formula cells neutralised.
$("review-download").addEventListener("click", () => review && download("paradime-access-review.csv", csvText([REVIEW_COLUMNS, ...reviewRows(review)])));

$("filter").addEventListener("input", () => {
  page = 0;
  renderActive();
});
$("prev-page").addEventListener("click", () => {
  page -= 1;
  renderActive();
});
$("next-page").addEventListener("click", () => {
  page += 1;
  renderActive();
});

$("invite-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!client) return say("Connect first", "error");
  const email = $("invite-email").value.trim();
  const ok = await run(`Inviting ${email}`, [$("invite-form").querySelector("button")], () => client.inviteUser(email, $("invite-role").value));
  if (ok) {
    $("invite-email").value = "";
    await refresh();
  }
});

$("roster-file").addEventListener("change", async () => {
  const file = $("roster-file").files[0];
  if (file) $("roster").value = await file.text();
});

function describeAction(action) {
  switch (action.action) {
    case "invite":
      return `invite ${action.email} as ${action.accountType} (${inviteReason(action)})`;
    case "update":
      return `change ${action.email} from ${action.from} to ${action.accountType}`;
    default:
      return `disable ${action.email} (${action.from})`;
  }
}

function renderPlan(problems) {
  $("plan-counts").textContent = planCounts(plan).join(" · ");
  $("plan-actions").replaceChildren(...plan.actions.map((action) => el("li", describeAction(action))));
  $("plan-problems").replaceChildren(...problems.map((p) => el("li", problemText(p))));
  $("plan-problems-box").hidden = problems.length === 0;
  $("apply-progress").value = 0;
  $("apply-progress").max = Math.max(1, plan.actions.length);
  $("apply-text").textContent = plan.actions.length === 0 ? "Nothing to apply: the workspace already matches." : "";
  $("apply-button").disabled = plan.actions.length === 0;
  $("plan").hidden = false;
}

/** parseRoster's options from the "Columns of an export" fields (only those filled in). */
function rosterOptions() {
  const options = {};
  for (const [id, key] of [["email-column", "emailColumn"], ["role-column", "roleColumn"], ["default-role", "defaultRole"], ["delimiter", "delimiter"]]) {
    const value = $(id).value;
    if (value.trim() !== "") options[key] = value;
  }
  return options;
}

$("sync-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!client) return say("Connect first", "error");
  const roster = parseRoster($("roster").value, rosterOptions());
  // A roster that cannot be read at all (no email column) plans nothing: with "disable
  // missing" a plan from no entries would disable everyone.
  if (roster.entries.length === 0 && roster.problems.length > 0 && roster.problems.every((p) => p.email === null)) {
    $("roster-columns").open = true;
    return say(`The roster cannot be read: ${roster.problems.map((p) => p.message).join("; ")}`, "error");
  }
  run("Planning", [$("plan-button"), $("apply-button")], async () => {
    plan = await client.planSync(roster.entries, { disableMissing: $("disable-missing").checked });
    renderPlan([...roster.problems, ...plan.problems]);
  });
});

/** Offers `text` as a file download named `name`. */
function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = el("a", "");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// The user list as `paradime-users list --csv` writes it: formula cells neutralised.
$("download-users").addEventListener("click", () => download("paradime-users.csv", csvText([USER_COLUMNS, ...userRows(users)])));

$("apply-button").addEventListener("click", () => {
  if (!plan) return;
  const total = plan.actions.length;
  run(`Applying ${total} actions`, [$("apply-button"), $("plan-button")], async () => {
    const report = await client.applySync(plan, {
      onProgress: (done, all) => {
        $("apply-progress").value = done;
        $("apply-text").textContent = `${done} of ${all} (${Math.round((done / all) * 100)} %)`;
      },
    });
    const items = [...$("plan-actions").children];
    report.results.forEach((result, i) => {
      const item = items[i];
      if (!item) return;
      item.replaceChildren(badge(result.status), ` ${describeAction(result.action)}`);
      if (result.error !== null) item.append(el("span", ` — ${errorText(result.error)}`, "note"));
    });
    $("apply-text").textContent += ` — ${report.done} done, ${report.skipped} skipped, ${report.failed} failed, ${report.aborted} aborted`;
    $("apply-button").disabled = true;
    await refresh();
    if (report.failed > 0) throw new Error(`${report.failed} of ${total} actions failed; see the list, then plan again to retry`);
  });
});

await init();
$("invite-role").replaceChildren(...accountTypes().map((role) => new Option(role, role, false, role === "DEVELOPER")));
$("default-role").append(...accountTypes().map((role) => new Option(role, role)));
$("endpoint").value = `${location.origin}/graphql`;
const saved = JSON.parse(sessionStorage.getItem(STORE) ?? "null");
if (saved !== null) {
  Object.assign($("endpoint"), { value: saved.endpoint });
  $("apiKey").value = saved.apiKey ?? "";
  $("apiSecret").value = saved.apiSecret ?? "";
  $("workspaceUid").value = saved.workspaceUid ?? "";
} else {
  // Served by the local sandbox: its demo credentials (it prints them when it starts too).
  const demo = await fetch("/_sandbox/demo-credentials").then((r) => (r.ok ? r.json() : null), () => null);
  if (demo !== null) {
    $("apiKey").value = demo.apiKey;
    $("apiSecret").value = demo.apiSecret;
    $("workspaceUid").value = demo.workspaceUid ?? "";
  }
}
render();
if ($("apiSecret").value || saved !== null) $("connect-form").requestSubmit();
else say("Enter the endpoint and credentials, then Connect.", "");
