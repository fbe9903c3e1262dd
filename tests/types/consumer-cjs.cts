// A TypeScript consumer in a CommonJS module (a .cts file, checked with moduleResolution
// "node16"): its import compiles to require("paradime-users"), which the package types through
// its "require" condition (paradime_users.d.cts). Without it tsc fails with TS1479.
import { ParadimeClient, isParadimeError, type UserList } from "paradime-users";

export async function activeEmails(endpoint: string): Promise<string[]> {
  const client = new ParadimeClient({ endpoint, apiKey: "k", apiSecret: "s" });
  try {
    const list: UserList = await client.listUsers();
    return list.activeUsers.map((u) => u.email);
  } catch (error) {
    if (isParadimeError(error) && error.kind === "auth") return [];
    throw error;
  } finally {
    client.free();
  }
}

// @ts-expect-error: listUsers resolves to a UserList, not an array.
export const wrong: Promise<string[]> = new ParadimeClient({ endpoint: "http://127.0.0.1/graphql" }).listUsers();
