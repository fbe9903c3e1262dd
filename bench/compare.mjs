// Two builds of the package side by side, on one machine in one sitting: the rows an issue's
// "before and after" needs, without the drift between days that separates two `make bench`
// runs. Each build gets its own server and headless Chromium. The builds take turns, so a
// machine that slows down for a while slows both.
//
// usage: node bench/compare.mjs BEFORE_PKG_DIR AFTER_PKG_DIR [rounds]
//   e.g. git worktree add /tmp/before <commit> && (cd /tmp/before && scripts/build-pkg)
//        node bench/compare.mjs /tmp/before/pkg pkg
// Needs `make bench` run once first, for the graphql-request bundle the bench page loads.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const [before, after, rounds = "2"] = process.argv.slice(2);
if (!before || !after) {
  console.error("usage: node bench/compare.mjs BEFORE_PKG_DIR AFTER_PKG_DIR [rounds]");
  process.exit(2);
}
const bundles = join(root, "target/bench/bundles");
if (!existsSync(join(bundles, "graphql-request.js"))) {
  console.error("compare: run `make bench` once first (it builds target/bench/bundles)");
  process.exit(2);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One build's figures: throughput and listUsers of 100 and 10,000 users, each against plain. */
async function measure(pkg) {
  const server = await startServer({
    files: { "/pkg/": resolve(pkg), "/bench/": join(root, "bench"), "/bundles/": bundles },
    sizes: [100, 10_000],
  });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/bench/page.html`);
    await page.waitForFunction(() => window.benchReady === true);
    await page.evaluate(() => window.bench.throughput(300, 16)); // warm-up
    const ratios = [];
    for (let i = 0; i < 7; i++) {
      const r = await page.evaluate(() => window.bench.throughput(2000, 16));
      ratios.push(r.ours / r.plain);
    }
    const list = {};
    for (const [n, r] of [[100, 41], [10_000, 21]]) {
      list[n] = (await page.evaluate(([n, r]) => window.bench.list(n, r), [n, r])).paired.median;
    }
    return { throughput: median(ratios), list100: list[100], list10k: list[10_000] };
  } finally {
    await browser.close();
    await server.close();
  }
}

const rows = { before: [], after: [] };
for (let round = 0; round < Number(rounds); round++) {
  rows.before.push(await measure(before));
  rows.after.push(await measure(after));
}
const show = (key) => (name) => rows[name].map((r) => `${r[key].toFixed(2)}×`).join(", ");
console.log(`| figure (ours / plain) | before: ${before} | after: ${after} | target |`);
console.log("|---|---|---|---|");
for (const [label, key, target] of [
  ["2,000 updateUserAccountType at 16 in flight, median of 7", "throughput", "≥ 0.9×"],
  ["listUsers 100 users, paired median of 41", "list100", "≤ 1.1×"],
  ["listUsers 10,000 users, paired median of 21", "list10k", "≤ 1.15×"],
]) {
  console.log(`| ${label} | ${show(key)("before")} | ${show(key)("after")} | ${target} |`);
}
