// A small HTTP proxy on 127.0.0.1 for the tests of proxy support: it forwards CONNECT
// tunnels and absolute-form requests, and records each one it passed (`passed`), so a test
// can prove a request went through it. `close()` stops it and its connections.
import { createServer } from "node:http";
import { connect } from "node:net";

export async function startProxy() {
  const passed = [];
  const proxy = createServer((req, res) => {
    passed.push(`${req.method} ${req.url}`);
    const url = new URL(req.url);
    const upstream = connect(Number(url.port), url.hostname, () => {
      upstream.write(`${req.method} ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\nconnection: close\r\n\r\n`);
      req.pipe(upstream);
      upstream.pipe(res.socket);
    });
    upstream.on("error", () => res.socket?.destroy());
  });
  proxy.on("connect", (req, socket, head) => {
    passed.push(`CONNECT ${req.url}`);
    const [host, port] = req.url.split(":");
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    passed,
    async close() {
      proxy.closeAllConnections?.();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
