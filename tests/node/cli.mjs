// The `paradime-users` command as npm installed it from the packed tarball
// (tests/node/node_modules/.bin/paradime-users), run as a separate process: what the CLI
// suites share.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const bin = fileURLToPath(new URL("./node_modules/.bin/paradime-users", import.meta.url));

/** A runner of the CLI: `connection()` gives its environment (PATH and the credentials);
 * `env` adds to it, `input` goes to its stdin, `command` replaces the command line (a pty
 * from `script`). Resolves with the exit code and what it printed. */
export function cliRunner(connection) {
  return (args, { env = {}, input = "", command = [bin, ...args] } = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(command[0], command.slice(1), { env: { ...connection(), ...env }, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.stderr.on("data", (c) => (stderr += c));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
}
