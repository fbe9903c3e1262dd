// scenario.mjs for a CommonJS script: `require("paradime-users")`, then the same steps.
const { ParadimeClient, isParadimeError } = require("paradime-users");

async function main() {
  const [endpoint, email, label] = process.argv.slice(2);
  const client = new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: "demo-secret" });
  const before = await client.listUsers();
  await client.inviteUser(email, "ANALYST");
  const after = await client.listUsers();
  const error = await new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: "wrong" }).listUsers().then(() => null, (e) => e);
  console.log(JSON.stringify({
    label,
    active: before.activeUsers.length,
    invited: !before.invitedUsers.some((u) => u.email === email) && after.invitedUsers.some((u) => u.email === email && u.accountType === "ANALYST"),
    error: { isParadimeError: isParadimeError(error), kind: error?.kind, status: error?.status, message: error?.message },
  }));
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
