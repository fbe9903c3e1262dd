// The bench's local server: static files (the bench page, pkg/, the bundles it builds) and
// precomputed GraphQL responses, so that server time does not hide client time. It binds
// 127.0.0.1 on a port the OS picks; `close()` stops it.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

/** A listUsers body of `n` active users (and n/10 invited), the shape Paradime answers with. */
export function listBody(n) {
  const active = [];
  for (let i = 0; i < n; i++) {
    const uid = i.toString(16).padStart(64, "0");
    active.push(`{"uid":"${uid}","email":"user${i}@example.com","name":"User ${i}","accountType":"${i % 7 ? "DEVELOPER" : "ADMIN"}"}`);
  }
  const invited = [];
  for (let i = 0; i < Math.ceil(n / 10); i++) {
    invited.push(`{"email":"invitee${i}@example.com","accountType":"ANALYST","inviteStatus":"${i % 3 ? "SENT" : "EXPIRED"}"}`);
  }
  return `{"data":{"listUsers":{"ok":true,"activeUsers":[${active.join(",")}],"invitedUsers":[${invited.join(",")}]}}}`;
}

const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/**
 * Starts the server. `files` maps URL prefixes to folders; `sizes` the user counts whose
 * listUsers bodies are served at POST /graphql/users/<n>; POST /graphql/ack answers any
 * mutation with ok: true (the field named by the request's operationName).
 */
export async function startServer({ files, sizes }) {
  const bodies = new Map(sizes.map((n) => [String(n), Buffer.from(listBody(n))]));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const send = (status, type, body) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "Content-Length": body.length });
      res.end(body);
    };
    if (req.method === "POST") {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const users = /^\/graphql\/users\/(\d+)$/.exec(url.pathname);
      if (users && bodies.has(users[1])) return send(200, "application/json", bodies.get(users[1]));
      if (url.pathname === "/graphql/ack") {
        const { operationName } = JSON.parse(Buffer.concat(chunks).toString());
        const field = operationName.charAt(0).toLowerCase() + operationName.slice(1);
        return send(200, "application/json", Buffer.from(`{"data":{"${field}":{"ok":true}}}`));
      }
      return send(404, "text/plain", Buffer.from("no such endpoint"));
    }
    for (const [prefix, dir] of Object.entries(files)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const path = normalize(join(dir, url.pathname.slice(prefix.length)));
      if (!path.startsWith(normalize(dir))) break;
      try {
        return send(200, types[extname(path)] ?? "application/octet-stream", await readFile(path));
      } catch {
        break;
      }
    }
    send(404, "text/plain", Buffer.from("not found"));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}
