// Shared by the dedicated worker and the service worker: list, invite, a typed error.
import init, { ParadimeClient, isParadimeError } from "/pkg/paradime_users.js";

export async function exercise(endpoint, email) {
  await init();
  const client = new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: "demo-secret" });
  const list = await client.listUsers();
  await client.inviteUser(email, "ANALYST");
  const invited = await client.listInvitedUsers();
  let error = null;
  try {
    await new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: "nope" }).listUsers();
  } catch (e) {
    error = { isParadimeError: isParadimeError(e), kind: e.kind, status: e.status };
  }
  return {
    active: list.activeUsers.length,
    invited: invited.some((u) => u.email === email && u.inviteStatus === "ACTIVE"),
    error,
  };
}
