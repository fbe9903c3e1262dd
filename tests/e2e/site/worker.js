import { exercise } from "./run.js";

self.onmessage = async (event) => {
  try {
    self.postMessage(await exercise(event.data.endpoint, "dedicated@acme.io"));
  } catch (e) {
    self.postMessage({ error: String(e && e.message) });
  }
};
