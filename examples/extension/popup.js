// The popup holds no credentials and no client: it asks the background for everything.
const $ = (id) => document.getElementById(id);

async function ask(message) {
  const answer = await chrome.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error ?? "no answer from the background");
  return answer;
}

function show(text, failed = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", failed);
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const text of cells) tr.append(Object.assign(document.createElement("td"), { textContent: text }));
  return tr;
}

async function refresh() {
  const { users } = await ask({ type: "list" });
  $("users").replaceChildren(
    ...users.activeUsers.map((u) => row([u.email, u.name ?? "", u.accountType, "active"])),
    ...users.invitedUsers.map((u) => row([u.email, "", u.accountType, `invited (${u.inviteStatus})`])),
  );
  show(`${users.activeUsers.length} active, ${users.invitedUsers.length} invited`);
}

$("invite").addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = event.submitter ?? $("invite").querySelector("button");
  button.disabled = true;
  const email = $("email").value.trim();
  try {
    await ask({ type: "invite", email, accountType: $("role").value });
    $("email").value = "";
    await refresh();
    show(`Invited ${email}.`);
  } catch (error) {
    show(error.message, true);
  } finally {
    button.disabled = false;
  }
});

try {
  const { roles } = await ask({ type: "roles" });
  $("role").replaceChildren(...roles.map((r) => new Option(r, r, r === "DEVELOPER", r === "DEVELOPER")));
  await refresh();
} catch (error) {
  show(error.message, true);
}
