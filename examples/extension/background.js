// The extension's background service worker owns the client: the credentials stay here and in
// chrome.storage.local, never in a page script. The popup asks for work by message.
import init, { ParadimeClient, accountTypes, isParadimeError } from "./lib/paradime_users.js";

// A Manifest V3 service worker may not `await` at the top level (it would not start), and its
// listeners must be registered synchronously: start loading the wasm now, await it in them.
const ready = init({ module_or_path: chrome.runtime.getURL("lib/paradime_users_bg.wasm") });

const SETTINGS = ["endpoint", "apiKey", "apiSecret", "workspaceUid"];
let client = null;

// New settings from the options page: the next request builds a new client.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && SETTINGS.some((key) => key in changes)) {
    client?.free();
    client = null;
  }
});

async function currentClient() {
  await ready;
  if (client === null) {
    const stored = await chrome.storage.local.get(SETTINGS);
    if (!stored.endpoint) throw new Error("Not configured yet: open the extension's options.");
    const options = { endpoint: stored.endpoint };
    for (const key of ["apiKey", "apiSecret", "workspaceUid"]) if (stored[key]) options[key] = stored[key];
    client = new ParadimeClient(options);
  }
  return client;
}

/** A sentence for the popup: never the secret (the client's errors do not hold it). */
function sentence(error) {
  if (!isParadimeError(error)) return String(error?.message ?? error);
  const status = error.status === null ? "" : ` (HTTP ${error.status})`;
  return `${error.kind}${status}: ${error.message}`;
}

async function handle(message) {
  switch (message?.type) {
    case "list":
      return { users: await (await currentClient()).listUsers() };
    case "roles":
      await ready;
      return { roles: accountTypes() };
    case "invite":
      await (await currentClient()).inviteUser(message.email, message.accountType);
      return {};
    default:
      throw new Error("unknown request");
  }
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only the extension's own pages (popup, options) may use the client.
  if (sender.id !== chrome.runtime.id || !sender.url?.startsWith(chrome.runtime.getURL(""))) return false;
  handle(message).then(
    (answer) => sendResponse({ ok: true, ...answer }),
    (error) => sendResponse({ ok: false, error: sentence(error) }),
  );
  return true; // the answer comes later
});
