// The tarball `npm pack` makes of pkg/ (scripts/pack, run by `make test-pack`): exactly the
// files a user needs, a package.json that npm, Node, bundlers and TypeScript read right, and
// a size that stays small. The consumers in tests/node, tests/types, tests/e2e install it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const [report] = JSON.parse(readFileSync(`${root}target/pack/pack.json`, "utf8"));
const tgz = `${root}target/pack/paradime-users.tgz`;

// What a 0.1 tarball weighs: ~200 KB packed, of which the wasm (serde, serde_json,
// gloo-net, serde-wasm-bindgen, roster sync) is ~176 KB (gzip, as on the wire). The bound
// catches a stray file or a debug build, not a few bytes.
const MAX_PACKED = 256 * 1024;

test("the tarball holds the wasm, the JS, the types, the CLI, the README and the licenses, nothing else", () => {
  const files = report.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    "CHANGELOG.md", "LICENSE-APACHE", "LICENSE-MIT", "README.md", "cli.js", "cli/commands.js", "cli/output.js", "cli/prompts.js", "cli/run.js", "cli/workspaces.js", "describe.js", "escape.js", "package.json",
    "paradime_users.d.cts", "paradime_users.d.ts", "paradime_users.js", "paradime_users.node.cjs",
    "paradime_users.node.js", "paradime_users.workerd.js", "paradime_users_bg.wasm", "paradime_users_bg.wasm.d.ts",
  ]);
  const mode = report.files.find((f) => f.path === "cli.js").mode;
  assert.equal(mode & 0o111, 0o111, "cli.js is executable");
  assert.equal(statSync(tgz).size, report.size);
  console.log(`tarball: ${report.size} B packed, ${report.unpackedSize} B unpacked, ${files.length} files`);
  for (const f of report.files) console.log(`  ${String(f.size).padStart(7)}  ${f.path}`);
  assert.ok(report.size <= MAX_PACKED, `${report.size} B packed > ${MAX_PACKED} B`);
});

test("its package.json says what npm, Node, bundlers and TypeScript need", () => {
  const dir = mkdtempSync(join(tmpdir(), "paradime-pack-"));
  try {
    execFileSync("tar", ["-xzf", tgz, "-C", dir]);
    const pkg = JSON.parse(readFileSync(join(dir, "package", "package.json"), "utf8"));
    const cargo = readFileSync(`${root}Cargo.toml`, "utf8");
    assert.equal(pkg.name, "paradime-users");
    assert.equal(pkg.version, /^version = "([^"]+)"/m.exec(cargo)[1]);
    assert.equal(pkg.type, "module");
    assert.equal(pkg.license, "MIT OR Apache-2.0");
    assert.match(pkg.description, /Paradime/);
    assert.equal(pkg.repository, undefined, "no invented repository URL");
    assert.equal(pkg.homepage, undefined, "no invented homepage");
    assert.ok(pkg.keywords.includes("paradime"));
    assert.deepEqual(pkg.engines, { node: ">=20" });
    assert.equal(pkg.types, "paradime_users.d.ts");
    // Each JS file with the declarations of its own module format (publint and attw check it).
    const esm = (js) => ({ types: "./paradime_users.d.ts", default: js });
    assert.deepEqual(pkg.exports, {
      ".": {
        workerd: esm("./paradime_users.workerd.js"),
        node: {
          require: { types: "./paradime_users.d.cts", default: "./paradime_users.node.cjs" },
          default: esm("./paradime_users.node.js"),
        },
        ...esm("./paradime_users.js"),
      },
      "./paradime_users_bg.wasm": { types: "./paradime_users_bg.wasm.d.ts", default: "./paradime_users_bg.wasm" },
      "./package.json": "./package.json",
    });
    // In every object, default last with types just before it: TypeScript takes the first
    // condition it matches, and nothing between them resolves to JS.
    const order = (conditions) => {
      if (typeof conditions === "string") return;
      const keys = Object.keys(conditions);
      assert.equal(keys.at(-1), "default", `default last in ${keys}`);
      if (keys.includes("types")) assert.equal(keys.at(-2), "types", `types just before default in ${keys}`);
      Object.values(conditions).forEach(order);
    };
    order(pkg.exports["."]);
    order(pkg.exports["./paradime_users_bg.wasm"]);
    assert.deepEqual(pkg.sideEffects, ["./paradime_users.node.js", "./paradime_users.node.cjs", "./paradime_users.workerd.js"]);
    // The CommonJS declarations are the ES module's, word for word.
    assert.equal(readFileSync(join(dir, "package", "paradime_users.d.cts"), "utf8"), readFileSync(join(dir, "package", "paradime_users.d.ts"), "utf8"));
    assert.deepEqual(pkg.bin, { "paradime-users": "cli.js" });
    assert.equal(pkg.scripts, undefined, "nothing runs at install");
    assert.equal(pkg.dependencies, undefined, "no dependencies");
    // Every file the manifest points at is in the tarball.
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin),
      ...Object.values(pkg.exports).flatMap(function leaves(t) { return typeof t === "string" ? [t] : Object.values(t).flatMap(leaves); })];
    for (const target of targets) statSync(join(dir, "package", target));
    assert.match(readFileSync(join(dir, "package", "cli.js"), "utf8"), /^#!\/usr\/bin\/env node\n/);
    // Nothing for npm to correct at publish time (it rewrites what it would fix).
    const before = readFileSync(join(dir, "package", "package.json"), "utf8");
    execFileSync("npm", ["pkg", "fix"], { cwd: join(dir, "package"), stdio: ["ignore", "ignore", "inherit"] });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "package", "package.json"), "utf8")), JSON.parse(before), "npm pkg fix changed package.json");
    // The changelog's newest entry is this version.
    assert.equal(/\n## (\S+) /.exec(readFileSync(join(dir, "package", "CHANGELOG.md"), "utf8"))?.[1], pkg.version);
    // npm's page shows the user's sections, not the project's set-up.
    const readme = readFileSync(join(dir, "package", "README.md"), "utf8");
    assert.match(readme, /^# paradime-users\n/);
    for (const kept of ["## Quick start", "### Node.js 20+", "### In a browser extension", "## Command line", "## API", "## Roster sync", "## Errors", "## Security"]) {
      assert.ok(readme.includes(`\n${kept}`), kept);
    }
    assert.doesNotMatch(readme, /^## (Set up|The sandbox|Layout)/m);
    assert.doesNotMatch(readme, /make (demo|test)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The ecosystem's own checkers, on the tarball as npm would publish it.
test("publint finds nothing to say, not even a suggestion", () => {
  const run = spawnSync(`${root}node_modules/.bin/publint`, ["run", tgz, "--level", "suggestion", "--strict"], { encoding: "utf8" });
  console.log(run.stdout.trim());
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /All good!/);
});

test("@arethetypeswrong finds one problem, left on purpose: the .wasm file cannot be require()d", () => {
  // attw's JSON is longer than a pipe's buffer and it exits before a pipe drains: a file.
  const dir = mkdtempSync(join(tmpdir(), "paradime-attw-"));
  try {
    const out = join(dir, "attw.json");
    const fd = openSync(out, "w");
    spawnSync(`${root}node_modules/.bin/attw`, [tgz, "--format", "json"], { stdio: ["ignore", fd, "inherit"] });
    closeSync(fd);
    const { analysis } = JSON.parse(readFileSync(out, "utf8"));
    console.log(`attw: ${JSON.stringify(analysis.problems)}`);
    // "paradime-users/paradime_users_bg.wasm" is for bundlers (the README's esbuild and
    // Rollup recipe) and ES module imports; Node's require() cannot load a .wasm file at all,
    // so typing that subpath for CommonJS would promise what no runtime does. Everything
    // else (the main entry from CommonJS, ESM, node10 and bundlers) has no problem.
    assert.deepEqual(analysis.problems, [
      { kind: "CJSResolvesToESM", entrypoint: "./paradime_users_bg.wasm", resolutionKind: "node16-cjs" },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
