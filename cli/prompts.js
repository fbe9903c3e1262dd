// The command line's usage failures (exit status 2: nothing was sent) and its one question,
// asked on the terminal before a change. scripts/build-pkg ships it as pkg/cli/prompts.js.
import { createInterface } from "node:readline/promises";
import { terminalText } from "../escape.js";

/** A failure of the command's use: exit status 2, with a pointer to --help. */
export class UsageError extends Error {}
export const usage = (message) => new UsageError(message);

/** Asks `question` ([y/N], on stderr) unless `yes`; off a terminal there is no one to ask,
 * so `yes` is required. `who` names the command in the failures. */
export async function confirm(who, question, yes) {
  if (yes) return;
  if (!process.stdin.isTTY) throw usage(`${who}: not on a terminal, so there is no one to confirm; add --yes`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`${terminalText(question)} [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw usage(`${who}: not confirmed; nothing was sent`);
}
