import { exercise, sweep } from "./run.js";

self.onmessage = async (event) => {
  try {
    self.postMessage(
      event.data.secrets
        ? await sweep(event.data.endpoint, event.data.secrets, "a dedicated worker")
        : await exercise(event.data.endpoint, "dedicated@acme.io"),
    );
  } catch (e) {
    self.postMessage({ error: String(e && e.message) });
  }
};
