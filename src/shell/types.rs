//! The TypeScript declarations of the public types, emitted into `pkg/paradime_users.d.ts`
//! exactly as the contract spells them, with doc comments.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A role in a Paradime workspace (GraphQL enum `UserAccountType`). */
export type AccountType =
  | "ADMIN" | "DEVELOPER" | "BUSINESS" | "BILLING_ADMIN" | "SECURITY_ADMIN"
  | "WORKSPACE_SETTINGS_ADMIN" | "WORKSPACE_ADMIN" | "ANALYST" | "SANDBOX_USER";

/** The state of an invitation. */
export type InviteStatus = "ACTIVE" | "SENT" | "EXPIRED";

/** A signed-up member of the workspace. `accountType` may be a role newer than this package. */
export interface ActiveUser { uid: string; email: string; name: string | null; accountType: AccountType | (string & {}); }

/** An invited email that has not signed up yet. Newer statuses and roles pass through as strings. */
export interface InvitedUser { email: string; accountType: AccountType | (string & {}); inviteStatus: InviteStatus | (string & {}); }

/** Everyone in the workspace: `listUsers()`. */
export interface UserList { activeUsers: ActiveUser[]; invitedUsers: InvitedUser[]; }

/** Options of `new ParadimeClient(options)`. Unknown keys are a `config` error. */
export interface ClientOptions {
  /** Absolute URL of the GraphQL endpoint (`https://…`; `http://` only to loopback unless `allowInsecureHttp`). */
  endpoint: string;
  /** Legacy API key (`X-API-KEY`); needs `apiSecret`. */
  apiKey?: string;
  /** Legacy API secret (`X-API-SECRET`), or a `prdm_wsp_…` / `prdm_cmp_…` token sent as `Authorization: Bearer`. */
  apiSecret?: string;
  /** Workspace uid (`X-Paradime-Workspace`); required with a company token (`prdm_cmp_…`). */
  workspaceUid?: string;
  /** Deadline of one call, retries and waits included, in ms. Default 60000. */
  timeoutMs?: number;
  /** Extra attempts after the first, 0 to 10. Default 2; 0 disables every retry. */
  retries?: number;
  /** Extra request headers (not Content-Type or the auth headers; the API's CORS policy must allow them). */
  headers?: Record<string, string>;
  /** Allow `http://` to a host that is not loopback. Default false. */
  allowInsecureHttp?: boolean;
  /**
   * The `fetch` that sends every request, instead of the global one: for a proxy, a test
   * double, a Worker's service binding or instrumentation. Called as a plain function (never
   * as a method of this object) with a `Request` built as always (POST, the JSON body,
   * `redirect: "manual"`, the call's signal); it must resolve with a `Response`, else the
   * attempt fails with kind `"network"`. Retries, the deadline (which also stops a `fetch` that
   * ignores the signal), abort and the secret rules are unchanged.
   */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Told of every attempt before it is sent: operation, attempt, URL and the headers with
   * every value but `Content-Type`, `Accept`, `User-Agent` and `X-Paradime-Workspace` shown
   * as `"[redacted]"` (never a secret; never the body, whose variables hold emails and uids).
   * Called as a plain function; what it throws or rejects with is ignored.
   */
  onRequest?: (info: RequestInfo) => void;
  /** Told of every attempt when it ends, with a response or without one (`status` null). Same rules as `onRequest`. */
  onResponse?: (info: ResponseInfo) => void;
  /** Told of every retry, before its wait. Same rules as `onRequest`. */
  onRetry?: (info: RetryInfo) => void;
}

/** What `onRequest` is told: an attempt about to be sent. */
export interface RequestInfo {
  operation: "listUsers" | "inviteUser" | "updateUserAccountType" | "disableUser" | "listWorkspaces";
  /** 1 for the first attempt of the call. */
  attempt: number;
  method: "POST";
  /** The endpoint, each query value shown as `"[redacted]"` (a query string can hold a key). */
  url: string;
  /** Every header's name; values redacted but for `Content-Type`, `Accept`, `User-Agent` and `X-Paradime-Workspace`. */
  headers: Record<string, string>;
}

/** What `onResponse` is told: an attempt that ended. */
export interface ResponseInfo {
  operation: RequestInfo["operation"];
  attempt: number;
  /** The HTTP status; null when no response came (network error, timeout, abort). */
  status: number | null;
  /** From sending the request to reading the whole body, or failing, in ms. */
  durationMs: number;
  /** The response's request id (`x-request-id`), when the server sent one. */
  requestId: string | null;
  /** The wait before the next attempt when this one is retried; null when the call ends here. */
  retryInMs: number | null;
  /** The attempt's failure; absent when it succeeded. */
  error?: ParadimeError;
}

/** What `onRetry` is told, before the wait. */
export interface RetryInfo {
  operation: RequestInfo["operation"];
  /** The attempt that comes after the wait (2 for the first retry). */
  attempt: number;
  waitMs: number;
  /** The failure being retried. */
  error: ParadimeError;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call (kind `"aborted"`), including its retries and waits. */
  signal?: AbortSignal;
  /** This call's deadline in ms, instead of the client's `timeoutMs`. */
  timeoutMs?: number;
}

/**
 * What went wrong:
 * `config` bad client options; `validation` a bad argument (nothing sent);
 * `network` fetch failed (connection, DNS, CORS); `timeout` the deadline passed;
 * `aborted` the caller's signal; `http` a non-2xx status; `auth` 401/403;
 * `rate_limited` 429; `graphql` the API returned GraphQL errors;
 * `rejected` the API answered `ok: false`; `decode` an unexpected response body.
 */
export type ParadimeErrorKind =
  | "config" | "validation" | "network" | "timeout" | "aborted" | "http"
  | "auth" | "rate_limited" | "graphql" | "rejected" | "decode";

/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorInfo { message: string; path?: (string | number)[]; extensions?: Record<string, unknown>; }

/**
 * Every failure is a `ParadimeError`: an `Error` with `name: "ParadimeError"` and these
 * fields. Test with `error instanceof ParadimeError` or `isParadimeError(error)` (which also
 * knows errors from another copy of the package). Built by the package only.
 */
export class ParadimeError extends Error {
  private constructor();
  name: "ParadimeError";
  kind: ParadimeErrorKind;
  /** The method that failed (`"listUsers"` for the helpers built on it); `null` in the constructor. */
  operation: "listUsers" | "inviteUser" | "updateUserAccountType" | "disableUser" | "listWorkspaces" | null;
  /** HTTP status, when a response arrived. */
  status: number | null;
  /** Would the same call plausibly succeed later. */
  retryable: boolean;
  /** Requests actually sent (0 for config/validation). */
  attempts: number;
  /** From `Retry-After`, when the server sent one. */
  retryAfterMs: number | null;
  graphqlErrors: GraphQLErrorInfo[];
  /** The id the server gave the request (`x-request-id`, `x-amzn-requestid` or `x-correlation-id`), when it sent one: quote it to support. */
  requestId: string | null;
  /** The original failure, when there is one: what `fetch` rejected with (or the `fetch` option threw) for kind `"network"`. */
  cause?: unknown;
}

/** One person of a roster: who should be in the workspace, with which role. */
export interface RosterEntry {
  email: string;
  accountType: AccountType | (string & {});
  /** The workspace the row is for, when the roster has a workspace column: a uid (a name resolved by `parseRoster`'s `workspaces` option), or the cell as written. */
  workspace?: string;
}

/** A roster row (or entry) left out, and why: `line` is 1-based, `null` for entries given as objects. */
export interface RosterProblem { line: number | null; email: string | null; message: string; }

/** What `parseRoster` returns: the usable entries (each email once) and the rows left out. */
export interface Roster { entries: RosterEntry[]; problems: RosterProblem[]; }

/**
 * Options of `parseRoster`, for exports whose columns are not `email` and `role`. Headers
 * are compared without case, spacing, punctuation or a trailing `[Required]`-like note.
 */
export interface RosterOptions {
  /** The email column's header. Default: the first of `email`, `email address`, `work email`, `primary email`, `mail`, `login`, `userPrincipalName` the file has. */
  emailColumn?: string;
  /** The role column's header. Default: the first of `role`, `accountType`, `paradime role` the file has. */
  roleColumn?: string;
  /** The role of a row whose role cell is empty, and of every row when there is no role column. */
  defaultRole?: AccountType;
  /** The field delimiter. Default: the one of `,`, `;` and tab the first line has most of. */
  delimiter?: "," | ";" | "\t";
  /** The workspace column's header, for a roster of several workspaces. Default: the first of `workspace`, `workspace uid`, `workspace name`, `paradime workspace` the file has. */
  workspaceColumn?: string;
  /** The workspaces a workspace cell may name (from `listWorkspaces`): names become uids, and a row naming another workspace is a problem with its line. */
  workspaces?: Workspace[];
}

/** Options of `planSync`. */
export interface PlanOptions extends CallOptions {
  /** Disable active users absent from the roster. Default false: they are left alone. */
  disableMissing?: boolean;
  /** Emails never updated or disabled, whatever the roster says. */
  keep?: string[];
}

/** One step of a plan. `reason` says why an invite is there: a new email, an expired invitation, or another role. */
export type SyncAction =
  | { action: "invite"; email: string; accountType: string; reason: "new" | "expired" | "role" }
  | { action: "update"; uid: string; email: string; from: string; accountType: string }
  | { action: "disable"; uid: string; email: string; from: string };

/** What `planSync` resolves with: plain JSON data, to show, store, review, edit and give to `applySync`. */
export interface SyncPlan {
  actions: SyncAction[];
  unchanged: number;
  problems: RosterProblem[];
  /**
   * The workspace it was made for, when the client named one (`workspaceUid`, `withWorkspace`);
   * `name` once the client family has listed workspaces. `applySync` with a client for another
   * workspace rejects (kind `"validation"`, nothing sent). Absent or `null` in older plans: they
   * apply as before.
   */
  workspace?: PlanWorkspace | null;
}

/** A workspace of the company, as `listWorkspaces` gives it. */
export interface Workspace { uid: string; name: string; }

/** The workspace a plan was made for: its uid, and its name when the client knew it. */
export interface PlanWorkspace { uid: string; name: string | null; }

/** Options of the calls that span workspaces (`accessReview`, `planOffboard`). `timeoutMs` is the deadline of the whole call. */
export interface ReviewOptions extends CallOptions {
  /** Workspace uids or names (names compared without case). Default: every workspace `listWorkspaces` gives. */
  workspaces?: string[];
  /** Workspaces listed at once, 1 to 16. Default 4. */
  concurrency?: number;
  /** Called after each workspace is listed. */
  onProgress?: (done: number, total: number) => void;
}

/** Options of `planOffboard`: as `ReviewOptions`. */
export type OffboardOptions = ReviewOptions;

/** What a person has in one workspace of an access review. */
export interface WorkspaceAccess {
  state: "active" | "invited" | "absent";
  /** The role, when active or invited. */
  accountType: AccountType | (string & {}) | null;
  /** The invitation's status, when invited. */
  inviteStatus: InviteStatus | (string & {}) | null;
  /** The user's uid, when active. */
  uid: string | null;
}

/** One person of an access review: `access[i]` is what they have in `workspaces[i]`. */
export interface ReviewPerson { email: string; name: string | null; adminAnywhere: boolean; access: WorkspaceAccess[]; }

/** One workspace of an access review, with its counts and its expired invitations. */
export interface ReviewWorkspace { uid: string; name: string; active: number; invited: number; admins: number; expiredInvites: string[]; }

/** What `accessReview` resolves with: the workspaces in listing order, everyone active or invited in any of them (by email). */
export interface AccessReview { workspaces: ReviewWorkspace[]; people: ReviewPerson[]; }

/** An invitation the API cannot revoke: to withdraw in Paradime's settings. */
export interface PendingInvite { workspace: Workspace; email: string; accountType: string; inviteStatus: string; }

/**
 * What `planOffboard` resolves with (plain JSON data, like a `SyncPlan`): one plan per workspace
 * where someone is active (disables, each plan naming its workspace), what the API cannot do,
 * what the last-ADMIN rule will refuse, and who was found nowhere.
 */
export interface OffboardPlan {
  emails: string[];
  workspaces: Workspace[];
  plans: SyncPlan[];
  pendingInvites: PendingInvite[];
  lastAdmin: { workspace: Workspace; email: string }[];
  notFound: string[];
}

/** What `applyOffboard` resolves with: a report per workspace, and the counts of all. */
export interface OffboardReport {
  reports: { workspace: PlanWorkspace; report: SyncReport }[];
  done: number;
  skipped: number;
  failed: number;
  aborted: number;
}

/** Options of `applySync` and `inviteUsers`. `timeoutMs` is the deadline of the whole run. */
export interface ApplyOptions extends CallOptions {
  /** Calls in flight at once, 1 to 16. Default 4. */
  concurrency?: number;
  /** Called after each action settles (skipped ones included). */
  onProgress?: (done: number, total: number) => void;
}

/** How one action of a run ended; `error` is set when it failed or was interrupted. */
export interface SyncResult { action: SyncAction; status: "done" | "skipped" | "failed" | "aborted"; error: ParadimeError | null; }

/** What `applySync` and `inviteUsers` resolve with: a result per action, in plan order, and the counts. */
export interface SyncReport { results: SyncResult[]; done: number; skipped: number; failed: number; aborted: number; }
"#;
