// `make bench`: one command, one run. Builds the comparison bundles (graphql-request 7.4 and
// @octokit/graphql 9, minified with esbuild), serves everything from one local server with
// precomputed responses, measures in headless Chromium, then runs the Node section, and
// prints one report (also written to target/bench/report.md, with target/bench/decode.svg).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = join(root, "target/bench");
const bundles = join(out, "bundles");
mkdirSync(bundles, { recursive: true });
const SIZES = [100, 10_000, 100_000];
const ROUNDS = { 100: 41, 10000: 15, 100000: 7 };

// --- sizes -------------------------------------------------------------------------------
const esbuild = join(root, "node_modules/.bin/esbuild");
for (const [name, code] of [
  ["graphql-request", "export { GraphQLClient, request, gql } from 'graphql-request';"],
  ["octokit-graphql", "export { graphql } from '@octokit/graphql';"],
]) {
  const entry = join(out, `${name}.entry.mjs`);
  writeFileSync(entry, code);
  execFileSync(esbuild, [entry, "--bundle", "--minify", "--format=esm", "--platform=browser", `--outfile=${join(bundles, `${name}.js`)}`, "--log-level=warning"], { cwd: root });
}
// gzip -9 as the command does it (the same figure as scripts/size-check; node's zlib
// compresses a little worse).
const gz = (file) => Number(execFileSync("sh", ["-c", 'gzip -9 -n -c "$0" | wc -c', file], { encoding: "utf8" }).trim());
// What a page loads: the browsers' entry of pkg/package.json and the wasm (the Node entry and
// the CLI never reach a browser), as scripts/size-check counts it.
const browserEntry = JSON.parse(readFileSync(join(root, "pkg", "package.json"), "utf8")).exports["."].default;
const pkgFiles = [join(root, "pkg", browserEntry), join(root, "pkg", "paradime_users_bg.wasm")];
const size = (files) => files.reduce((a, f) => ({ raw: a.raw + statSync(f).size, gzip: a.gzip + gz(f) }), { raw: 0, gzip: 0 });
const sizes = {
  ours: size(pkgFiles),
  oursWasm: size(pkgFiles.filter((f) => f.endsWith(".wasm"))),
  graphqlRequest: size([join(bundles, "graphql-request.js")]),
  octokit: size([join(bundles, "octokit-graphql.js")]),
};

// --- Chromium ----------------------------------------------------------------------------
const server = await startServer({
  files: { "/pkg/": join(root, "pkg"), "/bench/": join(root, "bench"), "/bundles/": bundles },
  sizes: SIZES,
});
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const chromiumVersion = browser.version();
const results = { list: {}, cold: {} };
try {
  const openBench = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    await page.goto(`${server.origin}/bench/page.html`);
    await page.waitForFunction(() => window.benchReady === true);
    return { context, page };
  };

  // Memory: a fresh page, one 100,000-user list.
  {
    const { context, page } = await openBench();
    results.memStart = await page.evaluate(() => window.bench.memory());
    await page.evaluate(async (n) => {
      const { ParadimeClient } = await import("/pkg/paradime_users.js");
      const c = new ParadimeClient({ endpoint: `${location.origin}/graphql/users/${n}`, apiKey: "k", apiSecret: "s" });
      await c.listUsers();
      c.free();
    }, 100_000);
    results.memAfterBigList = await page.evaluate(() => window.bench.memory());
    await context.close();
  }
  // Memory: 100 calls, then 10,000.
  {
    const { context, page } = await openBench();
    results.memAfter100 = await page.evaluate(() => window.bench.memoryAfter(100));
    results.memAfter10000 = await page.evaluate(() => window.bench.memoryAfter(9_900));
    await context.close();
  }

  const { context, page } = await openBench();
  results.floor = await page.evaluate(() => window.bench.floor());
  for (const n of SIZES) {
    results.list[n] = await page.evaluate(([n, r]) => window.bench.list(n, r), [n, ROUNDS[n]]);
    process.stderr.write(`bench: listUsers ${n} done\n`);
  }
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await page.evaluate(() => window.bench.throughput(2000, 16)));
  const med = (xs) => [...xs].sort((a, b) => a - b)[1];
  results.throughput = { ours: med(runs.map((r) => r.ours)), plain: med(runs.map((r) => r.plain)) };
  await context.close();

  // Cold start: import -> first usable client, each sample in a new context (empty cache).
  const starts = {
    ours: async () => { const m = await import("/pkg/paradime_users.js"); await m.default(); new m.ParadimeClient({ endpoint: `${location.origin}/graphql/ack` }); },
    plain: async () => { const m = await import("/bench/plain-client.mjs"); new m.PlainClient({ endpoint: `${location.origin}/graphql/ack` }); },
    graphqlRequest: async () => { const m = await import("/bundles/graphql-request.js"); new m.GraphQLClient(`${location.origin}/graphql/ack`); },
    octokit: async () => { const m = await import("/bundles/octokit-graphql.js"); m.graphql.defaults({ baseUrl: location.origin }); },
  };
  // Ours also as the README tells a plain page to load it: the wasm preloaded in <head>, so
  // the page fetches it while it parses (the start is timed from the page's first script,
  // like the others).
  starts.oursPreloaded = starts.ours;
  for (const [name, fn] of Object.entries(starts)) {
    const samples = [];
    for (let i = 0; i < 9; i++) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`${server.origin}/bench/${name === "oursPreloaded" ? "preload" : "blank"}.html`);
      samples.push(await p.evaluate(`(async () => { const t = performance.now(); await (${fn.toString()})(); return performance.now() - t; })()`));
      await ctx.close();
    }
    results.cold[name] = samples.sort((a, b) => a - b)[4];
  }
} finally {
  await browser.close();
  await server.close();
}

// --- Node section --------------------------------------------------------------------------
process.stderr.write("bench: Node section\n");
const node = execFileSync(process.execPath, [join(root, "bench/node.mjs")], { cwd: root, encoding: "utf8" });
process.stderr.write("bench: profile of one call\n");
const callProfile = execFileSync(process.execPath, [join(root, "bench/profile.mjs")], { cwd: root, encoding: "utf8" });
process.stderr.write("bench: company section\n");
const company = execFileSync(process.execPath, [join(root, "bench/company.mjs")], { cwd: root, encoding: "utf8" });

// --- report --------------------------------------------------------------------------------
// The targets are issue 19's (half the weight): bundle, listUsers ratios, throughput, cold start.
const kb = (b) => `${b.toLocaleString("en-US")} B`;
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const lines = [
  "# paradime-users bench",
  "",
  `Headless Chromium (${chromiumVersion}), one page, one local server with precomputed responses; ${new Date().toISOString()}.`,
  "",
  "## Chromium",
  "",
  "| figure | paradime-users | plain JS (fetch + res.json() + same checks) | graphql-request 7.4 | @octokit/graphql 9 | ours / plain | target |",
  "|---|---|---|---|---|---|---|",
  `| bundle, raw | ${kb(sizes.ours.raw)} (wasm ${kb(sizes.oursWasm.raw)}) | 0 B | ${kb(sizes.graphqlRequest.raw)} | ${kb(sizes.octokit.raw)} | | |`,
  `| bundle, gzip -9 | ${kb(sizes.ours.gzip)} (wasm ${kb(sizes.oursWasm.gzip)}) | 0 B | ${kb(sizes.graphqlRequest.gzip)} | ${kb(sizes.octokit.gzip)} | | ≤ 98,304 B (96 KB; stretch 80 KB) |`,
  ...SIZES.map((n) => { const r = results.list[n]; return `| listUsers, ${n.toLocaleString("en-US")} users, median per call | ${ms(r.ours)} | ${ms(r.plain)} | ${ms(r.graphqlRequest)} (no checks) | | ${ratio(r.ours, r.plain)}; paired ${r.paired.median.toFixed(2)}× (quartiles ${r.paired.q1.toFixed(2)}–${r.paired.q3.toFixed(2)}) | ≤ ${{ 100: "1.1", 10000: "1.15", 100000: "1.15" }[n]}× |`; }),
  `| 2,000 updateUserAccountType at concurrency 16 | ${results.throughput.ours.toFixed(0)} calls/s | ${results.throughput.plain.toFixed(0)} calls/s | | | ${ratio(results.throughput.ours, results.throughput.plain)} | ≥ 0.9× |`,
  `| request floor: a tiny GET from the same server, median of 31 | ${ms(results.floor)} | ${ms(results.floor)} | ${ms(results.floor)} | ${ms(results.floor)} | | (context for the rows around it) |`,
  `| cold start, import → first client, empty cache (median of 9) | ${ms(results.cold.ours)} | ${ms(results.cold.plain)} | ${ms(results.cold.graphqlRequest)} | ${ms(results.cold.octokit)} | | |`,
  `| cold start with the README's preload of the wasm; ours / graphql-request | ${ms(results.cold.oursPreloaded)} | | ${ms(results.cold.graphqlRequest)} | | ${ratio(results.cold.oursPreloaded, results.cold.graphqlRequest)} | ≤ 1.2× |`,
  `| wasm memory: at load / after one 100,000-user list | ${kb(results.memStart)} / ${kb(results.memAfterBigList)} | | | | | report; ≤ 4 MB if chunked |`,
  `| wasm memory: after 100 calls / after 10,000 calls | ${kb(results.memAfter100)} / ${kb(results.memAfter10000)} | | | | | equal |`,
  "",
  "listUsers rows: \"ours / plain\" is the ratio of the medians, then the median of the ratios within each round (ours and plain timed back to back, the order rotating), with their quartiles. On a shared machine the paired figure and its spread say more than one ratio of medians.",
  "",
  "## Node " + process.version,
  "",
  "```",
  node.trim(),
  "```",
  "",
  "## The fixed cost of a call (Chromium's profiler, issue 30)",
  "",
  "2,000 updateUserAccountType calls at 16 in flight against a precomputed answer, sampled every 50 µs through the CDP Profiler domain; the same with the plain fetch client, and with the plain client given the parts every call of ours has (a Request object, an AbortController with a deadline timer, the header reads, the body as bytes). The shares say where a call's time goes: the package's own code is its wasm and its JS glue; the rest is the browser's (fetch, the Request object gloo-net builds for every request, promises) or waiting.",
  "",
  "```",
  callProfile.trim(),
  "```",
  "",
  "## Across workspaces (Node, release sandbox, issue 28)",
  "",
  "Wall time and requests of an access review of 20 workspaces × ~1,000 users and of an offboarding of 10 people from 20 workspaces. A review is 1 listWorkspaces + 1 listUsers per workspace; an offboarding plan the same, its apply 1 listUsers + 1 disableUser per disable, per workspace (workspaces one after another, `concurrency` calls in flight within one).",
  "",
  "```",
  company.trim(),
  "```",
  "",
];
const report = lines.join("\n");
writeFileSync(join(out, "report.md"), report);

// A chart of decode time against user count (log-log), one line per client.
const W = 640, H = 400, M = 60;
const series = [["ours", "paradime-users", "#1b6ac9"], ["plain", "plain JS", "#2a9d4b"], ["graphqlRequest", "graphql-request", "#c94a1b"]];
const all = SIZES.flatMap((n) => series.map(([k]) => results.list[n][k]));
const [ymin, ymax] = [Math.min(...all) / 1.5, Math.max(...all) * 1.5];
const x = (n) => M + ((Math.log10(n) - 2) / 3) * (W - 2 * M);
const y = (v) => H - M - ((Math.log10(v) - Math.log10(ymin)) / (Math.log10(ymax) - Math.log10(ymin))) * (H - 2 * M);
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
  `<rect width="${W}" height="${H}" fill="white"/>`,
  `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15">listUsers: median ms per call (headless Chromium, log-log)</text>`,
  `<line x1="${M}" y1="${H - M}" x2="${W - M}" y2="${H - M}" stroke="black"/><line x1="${M}" y1="${M}" x2="${M}" y2="${H - M}" stroke="black"/>`,
  ...SIZES.map((n) => `<text x="${x(n)}" y="${H - M + 18}" text-anchor="middle">${n.toLocaleString("en-US")} users</text>`),
  ...[0.1, 1, 10, 100, 1000].filter((v) => v > ymin && v < ymax).map((v) => `<text x="${M - 6}" y="${y(v) + 4}" text-anchor="end">${v} ms</text><line x1="${M}" y1="${y(v)}" x2="${W - M}" y2="${y(v)}" stroke="#ddd"/>`),
  ...series.map(([k, label, color], i) => [
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${SIZES.map((n) => `${x(n)},${y(results.list[n][k])}`).join(" ")}"/>`,
    ...SIZES.map((n) => `<circle cx="${x(n)}" cy="${y(results.list[n][k])}" r="3" fill="${color}"/>`),
    `<text x="${M + 10}" y="${M + 16 * i}" fill="${color}">${label}</text>`,
  ].join("")),
  "</svg>",
].join("\n");
writeFileSync(join(out, "decode.svg"), svg);
console.log(report);
console.log(`(written to target/bench/report.md and target/bench/decode.svg)`);
