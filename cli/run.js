// Running plans from the command line: the confirmation, Ctrl-C, the progress on stderr, the
// report and the exit status, for one plan (sync, apply, set-role, disable) and for a plan per
// workspace (offboard, sync --all-workspaces, apply of such a file). scripts/build-pkg ships
// it as pkg/cli/run.js.
import { confirm, usage } from "./prompts.js";
import { counts, printReport, progress, say, warn } from "./output.js";

/** Whether `plan` is a plan per workspace (`{ plans: [...] }`, from offboard or
 * sync --all-workspaces) rather than one SyncPlan. */
export const isMultiPlan = (plan) => plan !== null && typeof plan === "object" && Array.isArray(plan.plans);

/** Runs a SyncPlan or a plan per workspace: asks first on a terminal (or needs --yes), shows
 * progress on stderr (a bar on a terminal), then a line per action and a summary. Ctrl-C
 * aborts what is not sent yet. Exit status: 0 all done or skipped, 1 some failed or aborted,
 * 130 interrupted. `printJson`, when given, prints the report instead (--json). */
export async function runPlans(client, plan, values, command, printJson) {
  const multi = isMultiPlan(plan);
  if (!multi && (plan === null || typeof plan !== "object" || !Array.isArray(plan.actions))) {
    throw usage(`${command}: the plan is not a plan from 'paradime-users sync --plan-out' ({ actions, unchanged, problems }) or 'offboard --dry-run --json' ({ plans })`);
  }
  const plans = multi ? plan.plans : [plan];
  if (plans.some((p) => p === null || typeof p !== "object" || !Array.isArray(p.actions))) {
    throw usage(`${command}: every plan of the file needs its actions`);
  }
  const total = plans.reduce((n, p) => n + p.actions.length, 0);
  if (total === 0) {
    if (printJson) printJson(null);
    else say("Nothing to apply.");
    return 0;
  }
  const where = multi ? ` in ${plans.length} workspace${plans.length === 1 ? "" : "s"}` : "";
  const what = plans.map(counts).join("; ");
  await confirm(command, `Apply ${total} action${total === 1 ? "" : "s"}${where} (${what})?`, values.yes);
  const bar = process.stderr.isTTY;
  const controller = new AbortController();
  let interrupted = false;
  const stop = () => {
    interrupted = true;
    controller.abort();
  };
  process.on("SIGINT", stop);
  const options = { onProgress: progress(bar, command), signal: controller.signal };
  if (values.concurrency !== undefined) options.concurrency = Number(values.concurrency);
  let report;
  try {
    report = multi ? await client.applyOffboard(plan, options) : await client.applySync(plan, options);
  } finally {
    process.off("SIGINT", stop);
  }
  if (bar && report.done + report.skipped + report.failed + report.aborted < total) process.stderr.write("\n");
  if (printJson) {
    printJson(report);
  } else if (multi) {
    for (const { workspace, report: part } of report.reports) {
      say("", `Workspace ${workspace.name ?? workspace.uid} (${workspace.uid}):`);
      printReport(part, { summary: false });
    }
    say("", `${report.done} done, ${report.skipped} skipped (already true), ${report.failed} failed, ${report.aborted} aborted.`);
  } else {
    printReport(report);
  }
  if (interrupted) {
    warn(`paradime-users: interrupted; run the same ${command} again to finish what is left`);
    return 130;
  }
  return report.failed > 0 || report.aborted > 0 ? 1 : 0;
}
