// What a user's script does, whichever way it loaded the package: list, invite, list again,
// then a wrong secret. Prints one JSON line for runtimes.test.mjs. `args`: the endpoint, the
// email to invite, a label.
export async function run({ ParadimeClient, isParadimeError }, [endpoint, email, label]) {
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
