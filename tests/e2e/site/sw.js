// A module service worker, as a Manifest V3 extension background would be.
import { exercise, sweep } from "./run.js";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("message", (event) => {
  const port = event.ports[0];
  event.waitUntil(
    (event.data.secrets
      ? sweep(event.data.endpoint, event.data.secrets, "a service worker")
      : exercise(event.data.endpoint, "service@acme.io"))
      .then((result) => port.postMessage(result))
      .catch((e) => port.postMessage({ error: String(e && e.message) })),
  );
});
