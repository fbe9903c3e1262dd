// A second Worker the main one reaches through a service binding, as a Worker in front of an
// API often is: it holds the credentials (the calling Worker has none) and forwards to the
// sandbox named by its UPSTREAM binding.
export default {
  async fetch(request, env) {
    const headers = new Headers(request.headers);
    headers.set("X-API-KEY", "demo-key");
    headers.set("X-API-SECRET", "demo-secret");
    headers.set("X-Gateway", "workerd");
    return fetch(env.UPSTREAM, { method: request.method, headers, body: await request.text(), redirect: "manual" });
  },
};
