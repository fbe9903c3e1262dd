// What each bundled page does once the package is initialised: list the workspace of the
// page's own origin (the sandbox serving it) and show the counts, or the error's kind.
export async function show({ ParadimeClient, isParadimeError }) {
  const out = document.getElementById("out");
  const client = new ParadimeClient({ endpoint: `${location.origin}/graphql`, apiKey: "demo-key", apiSecret: "demo-secret" });
  try {
    const { activeUsers, invitedUsers } = await client.listUsers();
    out.textContent = `active ${activeUsers.length}, invited ${invitedUsers.length}`;
  } catch (error) {
    out.textContent = isParadimeError(error) ? `error ${error.kind}` : String(error);
  }
}
