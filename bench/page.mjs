// Runs inside headless Chromium (bench/run.mjs drives it): the three clients side by side
// in one page, against the same local server's precomputed bodies.
import init, { ParadimeClient } from "/pkg/paradime_users.js";
import { LIST, PlainClient } from "/bench/plain-client.mjs";
import { GraphQLClient } from "/bundles/graphql-request.js";

const auth = { apiKey: "demo-key", apiSecret: "demo-secret" };
const wasm = await init();
const endpoint = (n) => `${location.origin}/graphql/users/${n}`;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q + 0.5)];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

window.bench = {
  memory: () => wasm.memory.buffer.byteLength,

  /** Median ms of a tiny GET from this server: the floor under every request here. */
  async floor() {
    const samples = [];
    for (let i = 0; i < 31; i++) samples.push(await time(async () => (await fetch("/bench/blank.html")).text()));
    return median(samples);
  },

  /** Median ms per listUsers call of n users, each client in turn, `rounds` times. */
  async list(n, rounds) {
    const ours = new ParadimeClient({ endpoint: endpoint(n), ...auth });
    const plain = new PlainClient({ endpoint: endpoint(n), ...auth });
    const gql = new GraphQLClient(endpoint(n), { headers: { "X-API-KEY": auth.apiKey, "X-API-SECRET": auth.apiSecret } });
    const expect = (list) => { if (list.activeUsers.length !== n) throw new Error(`got ${list.activeUsers.length} users`); };
    const runs = {
      ours: async () => expect(await ours.listUsers()),
      plain: async () => expect(await plain.listUsers()),
      graphqlRequest: async () => expect((await gql.request(LIST)).listUsers),
    };
    const samples = { ours: [], plain: [], graphqlRequest: [] };
    for (const run of Object.values(runs)) await run(); // warm-up
    for (let i = 0; i < rounds; i++) {
      const order = Object.keys(runs);
      for (let k = 0; k < i % order.length; k++) order.push(order.shift()); // rotate who goes first
      for (const name of order) samples[name].push(await time(runs[name]));
    }
    ours.free();
    // Each round times ours and plain back to back, so their ratio within a round is paired:
    // a machine that slows down for a while slows both. The quartiles say how much it moved.
    const paired = samples.ours.map((o, i) => o / samples.plain[i]);
    return {
      ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])),
      paired: { median: median(paired), q1: quantile(paired, 0.25), q3: quantile(paired, 0.75) },
    };
  },

  /** Calls per second of `calls` updateUserAccountType at `concurrency` in flight. */
  async throughput(calls, concurrency) {
    const ack = `${location.origin}/graphql/ack`;
    const clients = { ours: new ParadimeClient({ endpoint: ack, ...auth }), plain: new PlainClient({ endpoint: ack, ...auth }) };
    const result = {};
    for (const [name, client] of Object.entries(clients)) {
      let next = 0;
      const worker = async () => {
        while (next < calls) {
          next++;
          await client.updateUserAccountType("0123456789abcdef", "ANALYST");
        }
      };
      const ms = await time(() => Promise.all(Array.from({ length: concurrency }, worker)));
      result[name] = (calls / ms) * 1000;
    }
    clients.ours.free();
    return result;
  },

  /** Linear memory after n calls of listUsers(100 users). */
  async memoryAfter(n) {
    const client = new ParadimeClient({ endpoint: endpoint(100), ...auth });
    for (let i = 0; i < n; i++) await client.listUsers();
    client.free();
    return wasm.memory.buffer.byteLength;
  },
};
window.benchReady = true;
