// `make bench`'s profile of the fixed cost of a call (bench/run.mjs runs it): 2,000
// updateUserAccountType calls at 16 in flight against a precomputed answer, in headless
// Chromium, sampled by Chromium's own profiler (the CDP Profiler domain, through
// playwright-core). Prints where the time went: the share of samples in the package's wasm,
// in its JS glue, in the browser (fetch, promises, GC, idle) and elsewhere, and the ten
// functions with the most self time. The same run with a plain fetch client beside it, and
// with that client given the parts every call of ours has (PlainClientWithParts): what those
// parts cost the browser, apart from what the package's own code costs.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const CALLS = 2000;
const server = await startServer({ files: { "/pkg/": join(root, "pkg"), "/bench/": join(root, "bench") }, sizes: [] });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/** Where a sampled frame belongs. */
function place(frame) {
  if (frame.url.endsWith(".wasm") || frame.url.startsWith("wasm://") || /^\$?wasm-function|^\$func/.test(frame.functionName)) return "wasm";
  if (frame.url.includes("/pkg/")) return "package JS glue";
  if (frame.url.includes("/bench/")) return "bench harness";
  if (frame.functionName === "(idle)") return "idle (waiting for the network)";
  if (frame.functionName === "(garbage collector)") return "garbage collector";
  if (frame.functionName === "(program)" || frame.url === "") return "browser (fetch, promises, bindings)";
  return "other";
}

/** The calls, run in the page: the client of `kind` ("ours", "plain" or "parts"), 16 in flight. */
async function calls({ kind, calls, origin }) {
  const endpoint = `${origin}/graphql/ack`;
  let client;
  if (kind === "ours") {
    const m = await import("/pkg/paradime_users.js");
    await m.default();
    client = new m.ParadimeClient({ endpoint, retries: 0 });
  } else {
    const { PlainClient, PlainClientWithParts } = await import("/bench/plain-client.mjs");
    client = kind === "parts" ? new PlainClientWithParts({ endpoint }) : new PlainClient({ endpoint });
  }
  const t = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      await client.updateUserAccountType(`u${next}`, "ANALYST");
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const elapsed = performance.now() - t;
  client.free?.();
  return elapsed;
}

async function profile(label, kind) {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/bench/blank.html`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await page.evaluate(calls, { kind, calls: 50, origin: server.origin }); // warm-up
  await cdp.send("Profiler.start");
  const ms = await page.evaluate(calls, { kind, calls: CALLS, origin: server.origin });
  const { profile: p } = await cdp.send("Profiler.stop");
  await page.close();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const places = new Map();
  for (const id of p.samples) {
    const frame = byId.get(id).callFrame;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url ? frame.url.split("/").pop() : ""}`.trim();
    self.set(name, (self.get(name) ?? 0) + 1);
    places.set(place(frame), (places.get(place(frame)) ?? 0) + 1);
  }
  const total = p.samples.length;
  const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
  console.log(`${label}: ${CALLS} calls at 16 in flight in ${ms.toFixed(0)} ms (${(CALLS / (ms / 1000)).toFixed(0)} calls/s), ${total} samples`);
  for (const [where, n] of [...places].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(n).padStart(7)}  ${where}`);
  console.log("  top self time:");
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${pct(n).padStart(7)}  ${name}`);
}

try {
  await profile("paradime-users", "ours");
  await profile("plain fetch client", "plain");
  await profile("plain fetch client with the same parts (Request, deadline, header reads, bytes)", "parts");
} finally {
  await browser.close();
  await server.close();
}
