// A real paradime-sandbox for a Node test file: started on 127.0.0.1 (port 0, the chosen
// port read from its first line) before the file's tests, stopped by PID after them, pass
// or fail. Its stderr is kept, so a test can check what it printed.
import { after, before } from "node:test";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Starts a sandbox for the calling test file; `.base` is its URL once `before` ran. `args` are
 * extra command-line arguments (e.g. `["--users", "20000"]`). */
export function useSandbox(args = []) {
  const sandbox = { base: undefined, stderr: "" };
  let child;
  before(async () => {
    const bin = process.env.SANDBOX_BIN ?? `${root}target/debug/paradime-sandbox`;
    child = spawn(bin, ["--port", "0", "--test-controls", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    child.stderr.on("data", (chunk) => (sandbox.stderr += chunk));
    const port = await new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
      createInterface({ input: child.stdout }).once("line", resolve);
    });
    sandbox.base = `http://127.0.0.1:${port.trim()}`;
  });
  after(() => {
    if (child && child.exitCode === null) child.kill("SIGTERM");
  });
  /** Calls a test control: GET without a body, POST with one. */
  sandbox.control = async (path, body) => {
    const response = await fetch(sandbox.base + path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
    return response.json();
  };
  return sandbox;
}
