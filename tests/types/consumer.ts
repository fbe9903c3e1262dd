// A strict TypeScript consumer of the generated declarations, installed from the packed
// tarball (`make test-types` checks it with moduleResolution "bundler" and "node16"): it uses
// every export, and its @ts-expect-error lines prove that misuse is a type error (tsc fails
// if one of them stops being an error).
// The README's esbuild/Rollup recipe: the .wasm imported as a file, its URL given to init().
import wasm from "paradime-users/paradime_users_bg.wasm";
import init, {
  initSync,
  ParadimeClient,
  isParadimeError,
  accountTypes,
  parseRoster,
  type RosterOptions,
  type AccountType,
  type ActiveUser,
  type InvitedUser,
  type UserList,
  type ClientOptions,
  type CallOptions,
  ParadimeError,
  type ParadimeErrorKind,
  type RequestInfo,
  type ResponseInfo,
  type RetryInfo,
  type GraphQLErrorInfo,
  type InviteStatus,
  type Roster,
  type RosterEntry,
  type RosterProblem,
  type PlanOptions,
  type SyncPlan,
  type SyncAction,
  type ApplyOptions,
  type SyncReport,
  type SyncResult,
  type Workspace,
  type PlanWorkspace,
  type ReviewOptions,
  type AccessReview,
  type WorkspaceAccess,
  type OffboardPlan,
  type OffboardReport,
} from "paradime-users";

// `any` would make every check below vacuous: assert that nothing public is `any`.
type IsAny<T> = 0 extends 1 & T ? true : false;
type NoAny<F> = F extends (...args: infer A) => infer R
  ? true extends IsAny<A[number]> | IsAny<Awaited<R>> ? false : true
  : false;
const _noAny: {
  [K in "listUsers" | "listActiveUsers" | "listInvitedUsers" | "getUserByEmail" | "inviteUser"
    | "updateUserAccountType" | "disableUser" | "planSync" | "applySync" | "inviteUsers"
    | "listWorkspaces" | "withWorkspace" | "accessReview" | "planOffboard" | "applyOffboard"
    | "free"]: NoAny<ParadimeClient[K]>
} & { isParadimeError: NoAny<typeof isParadimeError>; accountTypes: NoAny<typeof accountTypes>;
      parseRoster: NoAny<typeof parseRoster>; init: NoAny<typeof init>; initSync: NoAny<typeof initSync> } = {
  listUsers: true, listActiveUsers: true, listInvitedUsers: true, getUserByEmail: true, inviteUser: true,
  updateUserAccountType: true, disableUser: true, planSync: true, applySync: true, inviteUsers: true,
  listWorkspaces: true, withWorkspace: true, accessReview: true, planOffboard: true, applyOffboard: true,
  free: true, isParadimeError: true, accountTypes: true, parseRoster: true, init: true, initSync: true,
};
const _errorFieldsNotAny: [IsAny<ParadimeError["kind"]>, IsAny<GraphQLErrorInfo["extensions"]>] = [false, false];
void _noAny;
void _errorFieldsNotAny;

async function main(bytes: BufferSource): Promise<void> {
  initSync({ module: bytes });
  await init({ module_or_path: new URL("./paradime_users_bg.wasm", "https://example.com/") });
  await init({ module_or_path: wasm });
  // @ts-expect-error: the .wasm import is a URL or a compiled module, not a number.
  const _notNumber: number = wasm;

  // An HR export: no role column, one role for everyone, `;` as Excel writes it.
  const exportOptions: RosterOptions = { emailColumn: "Work Email", defaultRole: "DEVELOPER", delimiter: ";" };
  const fromExport = parseRoster("Name;Work Email\nAda;ada@acme.io\n", exportOptions);
  void fromExport.entries;
  // @ts-expect-error: the delimiter is ",", ";" or a tab.
  parseRoster("a@x.io|ADMIN", { delimiter: "|" });
  // @ts-expect-error: defaultRole is an AccountType.
  parseRoster("a@x.io", { defaultRole: "CHIEF_WIZARD" });

  const options: ClientOptions = {
    endpoint: "https://api.example.com/graphql",
    apiKey: "key",
    apiSecret: "secret",
    workspaceUid: "w",
    timeoutMs: 1000,
    retries: 1,
    headers: { "X-Trace": "1" },
    allowInsecureHttp: false,
    fetch: (request: Request) => fetch(request),
    onRequest: (info: RequestInfo) => void [info.operation, info.attempt, info.url, info.headers["X-API-KEY"]],
    onResponse: ({ status, durationMs, requestId, retryInMs, error }: ResponseInfo) => {
      const s: number | null = status;
      const id: string | null = requestId ?? error?.requestId ?? null;
      void [s, durationMs, id, retryInMs];
    },
    onRetry: async ({ waitMs, error }: RetryInfo) => void [waitMs, error.kind],
  };
  const client = new ParadimeClient(options);
  const call: CallOptions = { signal: new AbortController().signal, timeoutMs: 500 };

  const list: UserList = await client.listUsers(call);
  const active: ActiveUser[] = await client.listActiveUsers();
  const invited: InvitedUser[] = await client.listInvitedUsers({});
  const maybe: ActiveUser | null = await client.getUserByEmail("a@b.co");
  const nothing: void = await client.inviteUser("a@b.co", "DEVELOPER");
  await client.updateUserAccountType("uid", "ADMIN", call);
  await client.disableUser("uid");
  const roles: AccountType[] = accountTypes();
  const name: string | null = list.activeUsers[0]?.name ?? null;
  // A role or status newer than this package still types as a string.
  const role: string = active[0]?.accountType ?? "";
  const status: InviteStatus | (string & {}) = invited[0]?.inviteStatus ?? "SENT";
  void [maybe, nothing, roles, name, role, status];

  try {
    await client.listUsers();
  } catch (error: unknown) {
    if (isParadimeError(error)) {
      const kind: ParadimeErrorKind = error.kind;
      const status: number | null = error.status;
      const retryAfter: number | null = error.retryAfterMs;
      const op: "listUsers" | "inviteUser" | "updateUserAccountType" | "disableUser" | "listWorkspaces" | null = error.operation;
      const infos: GraphQLErrorInfo[] = error.graphqlErrors;
      const path: (string | number)[] | undefined = infos[0]?.path;
      const asError: Error = error;
      const typed: ParadimeError = error;
      const n: number = typed.attempts;
      const b: boolean = typed.retryable;
      const requestId: string | null = typed.requestId;
      const cause: unknown = typed.cause;
      void [kind, status, retryAfter, op, path, asError, n, b, requestId, cause];
    }
    if (error instanceof ParadimeError) {
      const kind: ParadimeErrorKind = error.kind;
      void kind;
    }
  }
  // @ts-expect-error only the package builds a ParadimeError
  new ParadimeError();
  // @ts-expect-error a hook is a function
  new ParadimeClient({ endpoint: "https://x.io/graphql", onResponse: "log" });

  // Roster sync, typed end to end.
  const roster: Roster = parseRoster("email,role\na@b.co,ADMIN\n");
  const firstProblem: RosterProblem | undefined = roster.problems[0];
  const line: number | null = firstProblem?.line ?? null;
  const entries: RosterEntry[] = roster.entries;
  const planOptions: PlanOptions = { disableMissing: true, keep: ["boss@b.co"], timeoutMs: 100 };
  const plan: SyncPlan = await client.planSync(entries, planOptions);
  const stored: SyncPlan = JSON.parse(JSON.stringify(plan)) as SyncPlan;
  for (const action of stored.actions) {
    const a: SyncAction = action;
    if (a.action === "invite") { const why: "new" | "expired" | "role" = a.reason; void why; }
    if (a.action === "update") { const from: string = a.from; const uid: string = a.uid; void [from, uid]; }
  }
  const applyOptions: ApplyOptions = { concurrency: 8, onProgress: (done: number, total: number) => void [done, total] };
  const report: SyncReport = await client.applySync(stored, applyOptions);
  const result: SyncResult | undefined = report.results[0];
  const failure: ParadimeError | null = result?.error ?? null;
  const state: "done" | "skipped" | "failed" | "aborted" | undefined = result?.status;
  const bulk: SyncReport = await client.inviteUsers([{ email: "c@b.co", accountType: "ANALYST" }]);
  const sums: number = report.done + report.skipped + report.failed + report.aborted + bulk.done;
  void [line, failure, state, sums, plan.unchanged];

  // Several workspaces from one company token.
  const company = new ParadimeClient({ endpoint: "https://api.example.com/graphql", apiSecret: "prdm_cmp_x", workspaceUid: "acme" });
  const workspaces: Workspace[] = await company.listWorkspaces({ timeoutMs: 5000 });
  const other: ParadimeClient = company.withWorkspace(workspaces[0]?.uid ?? "acme");
  const madeFor: PlanWorkspace | null | undefined = (await other.planSync(entries)).workspace;
  const reviewOptions: ReviewOptions = { workspaces: ["Acme Sandbox"], concurrency: 2, onProgress: (done: number, total: number) => void [done, total] };
  const review: AccessReview = await company.accessReview(reviewOptions);
  const cell: WorkspaceAccess | undefined = review.people[0]?.access[0];
  const state2: "active" | "invited" | "absent" | undefined = cell?.state;
  const admins: number | undefined = review.workspaces[0]?.admins;
  const leaving: OffboardPlan = await company.planOffboard(["leaver@acme.io"], { workspaces: ["acme"] });
  const offboarded: OffboardReport = await company.applyOffboard(leaving, { concurrency: 2 });
  void [madeFor, state2, admins, offboarded.failed, leaving.pendingInvites, leaving.lastAdmin, leaving.notFound];
  // @ts-expect-error withWorkspace takes a uid, not a Workspace
  company.withWorkspace(workspaces[0]);
  // @ts-expect-error planOffboard takes an array of emails
  await company.planOffboard("leaver@acme.io");
  // @ts-expect-error workspaces are named by strings
  await company.accessReview({ workspaces: [1] });

  // @ts-expect-error a plan's action is one of three
  const badAction: SyncAction = { action: "delete", uid: "u" };
  void badAction;
  // @ts-expect-error applySync takes a plan, not a roster
  await client.applySync(entries);
  // @ts-expect-error a misspelt plan option is a type error
  await client.planSync(entries, { disableMising: true });
  // @ts-expect-error onProgress is given numbers
  await client.applySync(plan, { onProgress: (done: string) => void done });
  // @ts-expect-error parseRoster takes CSV text
  parseRoster([{ email: "a@b.co", accountType: "ADMIN" }]);

  // @ts-expect-error an unknown account type literal is a type error
  await client.inviteUser("a@b.co", "OWNER");
  // @ts-expect-error a lower-case account type is a type error
  await client.updateUserAccountType("uid", "admin");
  // @ts-expect-error a missing argument is a type error
  await client.inviteUser("a@b.co");
  // @ts-expect-error disableUser needs a uid
  await client.disableUser();
  // @ts-expect-error a misspelt option is a type error
  new ParadimeClient({ endpoint: "https://x.io/graphql", apiSecrte: "s" });
  // @ts-expect-error the endpoint is required
  new ParadimeClient({ apiKey: "k", apiSecret: "s" });
  // @ts-expect-error the fetch option is a function, not a URL
  new ParadimeClient({ endpoint: "https://x.io/graphql", fetch: "https://proxy" });
  // @ts-expect-error a misspelt call option is a type error
  await client.listUsers({ timeout: 5 });
  // @ts-expect-error timeoutMs is a number
  new ParadimeClient({ endpoint: "https://x.io/graphql", timeoutMs: "60s" });
  // @ts-expect-error results are typed: no such field
  void list.users;
  // @ts-expect-error name may be null
  const notNull: string = active[0]!.name;
  void notNull;
}

void main;
