// The README's bundler quick start, as a Vite app: the package by name, `await init()`.
import init, { ParadimeClient, isParadimeError } from "paradime-users";

await init();
const client = new ParadimeClient({ endpoint: `${location.origin}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" });
try {
  const { activeUsers, invitedUsers } = await client.listUsers();
  document.getElementById("out").textContent = `active ${activeUsers.length}, invited ${invitedUsers.length}`;
} catch (error) {
  document.getElementById("out").textContent = isParadimeError(error) ? `error ${error.kind}` : String(error);
}
