// The admin console (www/) checked by axe-core (the rules of WCAG 2.0 and 2.1, levels A and
// AA) in a real headless Chromium, against a sandbox this file starts: at 1280 and 360 px,
// in the light and the dark colour scheme, with the users listed and with a plan shown. Any
// serious or critical violation fails; screenshots of each state go to target/e2e/.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { root, useBrowser } from "./browser.mjs";

const shots = `${root}target/e2e`;
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const shared = useBrowser();
before(() => mkdirSync(shots, { recursive: true }));

/** axe's violations on the page as it is now: "impact rule: target" strings, and all of them. */
async function audit(page) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {
      // WCAG 2.0/2.1 A and AA, plus axe's landmark rules (best practice: one main, all
      // content in landmarks), which the WCAG tags alone do not run.
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return violations;
}

for (const width of [1280, 360]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`axe: no serious or critical violation at ${width} px, ${colorScheme}, listed and planned`, async () => {
      // Three workspaces: the workspace picker and the access review are on the page too.
      const base = await shared.startSandbox(`${root}www`, ["--workspaces", "3"]);
      const context = await shared.browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.locator("#status", { hasText: "Listing users: done" }).waitFor();
      await page.locator("#workspaces:not([hidden])").waitFor();
      await page.click("#review-button");
      await page.locator("#status", { hasText: "Reviewing access: done" }).waitFor();
      const listed = await audit(page);
      await page.screenshot({ path: `${shots}/axe-${width}-${colorScheme}-listed.png`, fullPage: true });
      await page.fill("#roster", "email,role\nalexandra@acme.io,ADMIN\nnew.person@acme.io,DEVELOPER\nnot-an-email,ADMIN\n");
      await page.click("#plan-button");
      await page.locator("#plan-counts").waitFor();
      const planned = await audit(page);
      await page.screenshot({ path: `${shots}/axe-${width}-${colorScheme}-plan.png`, fullPage: true });
      // Applied: a badge per action (done, failed) and the status line.
      await page.click("#apply-button");
      await page.locator("#status", { hasText: "actions: done" }).waitFor();
      const applied = await audit(page);
      await page.screenshot({ path: `${shots}/axe-${width}-${colorScheme}-applied.png`, fullPage: true });
      // The landmarks a screen reader jumps between: a banner and one main.
      assert.equal(await page.locator("main").count(), 1);
      assert.equal(await page.locator("body > header").count(), 1);
      await context.close();
      const all = [
        ...listed.map((v) => ({ ...v, state: "listed" })),
        ...planned.map((v) => ({ ...v, state: "plan" })),
        ...applied.map((v) => ({ ...v, state: "applied" })),
      ];
      for (const v of all) console.log(`${width} px ${colorScheme} ${v.state}: ${v.impact} ${v.id}: ${v.targets.join(", ")}`);
      assert.deepEqual(all.filter((v) => v.impact === "serious" || v.impact === "critical"), []);
    });
  }
}
