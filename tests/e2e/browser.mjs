// What the browser suites share: Debian's Chromium (playwright-core) launched before a test
// file's tests, and sandboxes on 127.0.0.1 (port 0) serving a folder and the installed
// package, all stopped after the file's tests (sandboxes by PID), pass or fail.
import { after, before } from "node:test";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = fileURLToPath(new URL("../../", import.meta.url));
// The package as `make test-e2e` installed it from the packed tarball (this folder is a
// consumer project); the pages load it from there, the Vite build resolves it there.
export const installed = fileURLToPath(new URL("./node_modules/paradime-users", import.meta.url));

/** Registers the file's Chromium and sandboxes; `.browser` is set once `before` ran. */
export function useBrowser() {
  const sandboxes = [];
  const shared = {
    browser: undefined,
    /** A sandbox serving `www` (and `/pkg/`), with extra command-line `args`; its URL. */
    async startSandbox(www, args = []) {
      const bin = process.env.SANDBOX_BIN ?? `${root}target/debug/paradime-sandbox`;
      const child = spawn(bin, ["--port", "0", "--www", www, "--pkg", installed, ...args], { stdio: ["ignore", "pipe", "ignore"] });
      sandboxes.push(child);
      const port = await new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
        createInterface({ input: child.stdout }).once("line", resolve);
      });
      return `http://127.0.0.1:${port.trim()}`;
    },
  };
  before(async () => {
    shared.browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  after(async () => {
    await shared.browser?.close();
    for (const child of sandboxes) if (child.exitCode === null) child.kill("SIGTERM");
  });
  return shared;
}
