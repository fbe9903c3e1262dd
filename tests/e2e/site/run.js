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

/**
 * The secret sweep's part in a page or worker: clients holding the test's secrets fail in
 * every way they can, and each failure and client is logged the way a careless app would.
 * Returns every string a script could read off them; the test also collects the console.
 */
export async function sweep(endpoint, secrets, where) {
  await init();
  const seen = [];
  const show = (value) => {
    console.log(value);
    console.error(String(value));
    seen.push(String(value), JSON.stringify(value) ?? "", Object.keys(value ?? {}).join(","));
    if (value instanceof Error) seen.push(String(value.stack), value.message);
  };
  const clients = [
    new ParadimeClient({ endpoint, apiKey: "demo-key", apiSecret: secrets[0], retries: 0 }),
    new ParadimeClient({ endpoint, apiSecret: secrets[1], retries: 0 }),
    new ParadimeClient({ endpoint, headers: { Authorization: `Bearer ${secrets[2]}` }, retries: 0 }),
    new ParadimeClient({ endpoint: "http://127.0.0.1:9/graphql", apiSecret: secrets[1], retries: 0 }),
  ];
  for (const client of clients) {
    show(client);
    for (const call of [() => client.listUsers(), () => client.inviteUser("x@acme.io", "ADMIN"), () => client.disableUser(secrets[0])]) {
      try {
        await call();
      } catch (e) {
        show(e);
      }
    }
  }
  for (const options of [{ endpoint, apiSecrte: secrets[3] }, { endpoint: "ftp://x", apiSecret: secrets[3] }, { endpoint, apiSecret: ` ${secrets[3]}` }]) {
    try {
      new ParadimeClient(options);
    } catch (e) {
      show(e);
    }
  }
  console.log(`sweep done in ${where}`);
  return seen.join("\n");
}
