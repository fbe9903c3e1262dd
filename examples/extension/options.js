// Connection settings, kept in chrome.storage.local for the background worker. The stored
// secret is never read back into this page: an empty field keeps it.
const $ = (id) => document.getElementById(id);
const PLAIN = ["endpoint", "apiKey", "workspaceUid"];

const stored = await chrome.storage.local.get([...PLAIN, "apiSecret"]);
for (const key of PLAIN) $(key).value = stored[key] ?? "";
if (stored.apiSecret) $("apiSecret").placeholder = "(saved; type to replace)";

$("settings").addEventListener("submit", async (event) => {
  event.preventDefault();
  const settings = Object.fromEntries(PLAIN.map((key) => [key, $(key).value.trim()]));
  const secret = $("apiSecret").value;
  if (secret !== "") settings.apiSecret = secret;
  await chrome.storage.local.set(settings);
  $("apiSecret").value = "";
  $("apiSecret").placeholder = "(saved; type to replace)";
  // Check the connection through the background, which builds the client.
  const answer = await chrome.runtime.sendMessage({ type: "list" });
  $("status").textContent = answer?.ok
    ? `Saved. Connected: ${answer.users.activeUsers.length} active users.`
    : `Saved, but the connection failed: ${answer?.error}`;
});
