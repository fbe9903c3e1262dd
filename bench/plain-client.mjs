// What a careful developer writes by hand instead of using a client: fetch + res.json(),
// with the same shape checks paradime-users makes (the bench's baseline, "plain JS").
export const LIST = "query ListUsers { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }";
const UPDATE = "mutation UpdateUserAccountType($uid: String!, $accountType: UserAccountType!) { updateUserAccountType(uid: $uid, accountType: $accountType) { ok } }";

const str = (v) => typeof v === "string";
const bad = (what) => { throw new Error(`unexpected response: ${what}`); };

export class PlainClient {
  constructor({ endpoint, apiKey, apiSecret }) {
    this.endpoint = endpoint;
    this.headers = { "Content-Type": "application/json", "X-API-KEY": apiKey, "X-API-SECRET": apiSecret };
  }

  async post(query, variables, operationName) {
    const response = await fetch(this.endpoint, {
      method: "POST", headers: this.headers, redirect: "manual",
      body: JSON.stringify({ query, variables, operationName }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = await response.json();
    if (Array.isArray(body?.errors) && body.errors.length) throw new Error(body.errors[0]?.message);
    return body?.data;
  }

  async listUsers() {
    const list = (await this.post(LIST, {}, "ListUsers"))?.listUsers;
    if (!list || list.ok !== true) bad("listUsers");
    const { activeUsers, invitedUsers } = list;
    if (!Array.isArray(activeUsers) || !Array.isArray(invitedUsers)) bad("lists");
    let exact = true;
    for (const u of activeUsers) {
      if (!u || !str(u.uid) || !str(u.email) || !str(u.accountType) || !(u.name === null || str(u.name))) bad("active user");
      if (Object.keys(u).length !== 4) exact = false;
    }
    for (const u of invitedUsers) {
      if (!u || !str(u.email) || !str(u.accountType) || !str(u.inviteStatus)) bad("invited user");
      if (Object.keys(u).length !== 3) exact = false;
    }
    if (exact) return { activeUsers, invitedUsers };
    return {
      activeUsers: activeUsers.map(({ uid, email, name, accountType }) => ({ uid, email, name: name ?? null, accountType })),
      invitedUsers: invitedUsers.map(({ email, accountType, inviteStatus }) => ({ email, accountType, inviteStatus })),
    };
  }

  async updateUserAccountType(uid, accountType) {
    const result = (await this.post(UPDATE, { uid, accountType }, "UpdateUserAccountType"))?.updateUserAccountType;
    if (result?.ok !== true) bad("ok");
  }
}

/**
 * The plain client with the parts every call of paradime-users has and a hand-written call
 * does not: a `Request` object (what a `fetch` option receives), its own AbortController
 * with a deadline timer cleared at the end, the request-id and Retry-After header reads, and
 * the body read as bytes and decoded. What it costs over the plain client is what those
 * contract features cost in the browser; what paradime-users costs over it is its own.
 */
export class PlainClientWithParts extends PlainClient {
  async post(query, variables, operationName) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      const request = new Request(this.endpoint, {
        method: "POST", headers: this.headers, redirect: "manual", signal: controller.signal,
        body: JSON.stringify({ query, variables, operationName }),
      });
      const response = await fetch(request);
      for (const name of ["x-request-id", "x-amzn-requestid", "x-correlation-id", "retry-after"]) response.headers.get(name);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = JSON.parse(new TextDecoder().decode(await response.arrayBuffer()));
      if (Array.isArray(body?.errors) && body.errors.length) throw new Error(body.errors[0]?.message);
      return body?.data;
    } finally {
      clearTimeout(timer);
    }
  }
}
