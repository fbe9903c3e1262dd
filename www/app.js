// The demo page: plain ES modules, the package straight from /pkg/ (no bundler).
import init, { ParadimeClient, accountTypes, isParadimeError } from "/pkg/paradime_users.js";

const $ = (id) => document.getElementById(id);
let client = null;

function say(text, kind = "ok") {
  $("status").textContent = text;
  $("status").className = kind;
}

function explain(error) {
  if (!isParadimeError(error)) return String(error);
  const status = error.status === null ? "" : ` (HTTP ${error.status})`;
  return `${error.kind}${status}: ${error.message}`;
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  return td;
}

function roleSelect(selected) {
  const select = document.createElement("select");
  for (const role of accountTypes()) {
    const option = new Option(role, role, false, role === selected);
    select.append(option);
  }
  if (!accountTypes().includes(selected)) select.append(new Option(selected, selected, false, true));
  return select;
}

async function run(label, action) {
  try {
    say(`${label}…`, "");
    await action();
    say(`${label}: done`);
  } catch (error) {
    say(explain(error), "error");
  }
}

async function refresh() {
  const { activeUsers, invitedUsers } = await client.listUsers();
  $("active-count").textContent = `(${activeUsers.length})`;
  $("invited-count").textContent = `(${invitedUsers.length})`;
  const active = activeUsers.slice(0, 500).map((user) => {
    const row = document.createElement("tr");
    row.dataset.uid = user.uid;
    const role = roleSelect(user.accountType);
    role.setAttribute("aria-label", `Role of ${user.email}`);
    role.addEventListener("change", () =>
      run(`Changing ${user.email} to ${role.value}`, async () => {
        await client.updateUserAccountType(user.uid, role.value);
        await refresh();
      }));
    const roleCell = document.createElement("td");
    roleCell.append(role);
    const disable = document.createElement("button");
    disable.className = "danger";
    disable.textContent = "Disable";
    disable.addEventListener("click", () =>
      run(`Disabling ${user.email}`, async () => {
        await client.disableUser(user.uid);
        await refresh();
      }));
    const actions = document.createElement("td");
    actions.append(disable);
    row.append(cell(user.name ?? "—"), cell(user.email), roleCell, actions);
    return row;
  });
  $("active-rows").replaceChildren(...active);
  $("invited-rows").replaceChildren(...invitedUsers.map((invite) => {
    const row = document.createElement("tr");
    row.append(cell(invite.email), cell(invite.accountType), cell(invite.inviteStatus));
    return row;
  }));
}

await init();
$("endpoint").value = `${location.origin}/graphql`;
$("invite-role").replaceChildren(...accountTypes().map((role) => new Option(role, role, false, role === "DEVELOPER")));

$("connect-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run("Listing users", async () => {
    const options = { endpoint: $("endpoint").value };
    if ($("apiKey").value) options.apiKey = $("apiKey").value;
    if ($("apiSecret").value) options.apiSecret = $("apiSecret").value;
    client?.free();
    client = null;
    client = new ParadimeClient(options);
    await refresh();
  });
});

$("invite-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!client) return say("Connect first", "error");
  const email = $("invite-email").value;
  run(`Inviting ${email}`, async () => {
    await client.inviteUser(email, $("invite-role").value);
    $("invite-email").value = "";
    await refresh();
  });
});

$("connect-form").requestSubmit();
