// Shortens the names the wasm and its JS glue use to find each other: wasm-bindgen names every
// import `__wbg_<name>_<16 hex digits>` and every module by its path. Those hashes are bytes
// gzip cannot shrink, written twice (in the wasm and in the glue) into every download. Here
// they become `a`, `b`, ... in both, consistently:
//   - imports from wasm-bindgen's own module ("./paradime_users_bg.js", an object the glue
//     builds): module and field names shortened;
//   - imports from a snippet module (the glue passes the module itself): only the module name
//     shortened, the fields are that module's real export names;
//   - exports: shortened, except `memory` (users and the bench read `init()`'s `.memory`).
// The glue, the .d.ts's `InitOutput` and the `_bg.wasm.d.ts` are rewritten with the same map,
// and the script fails if any old name is left in the glue.
//
// usage: node scripts/minify-names.mjs <folder of wasm-pack's output>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const wasmPath = join(dir, "paradime_users_bg.wasm");
const gluePath = join(dir, "paradime_users.js");
const dtsPath = join(dir, "paradime_users.d.ts");
const bgDtsPath = join(dir, "paradime_users_bg.wasm.d.ts");
const BINDGEN_MODULE = "./paradime_users_bg.js";
const KEEP_EXPORTS = new Set(["memory"]);

const fail = (why) => {
  console.error(`minify-names: ${why}`);
  process.exit(1);
};

function shortNames() {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let n = 0;
  return () => {
    let i = n++;
    let name = "";
    do {
      name = letters[i % letters.length] + name;
      i = Math.floor(i / letters.length) - 1;
    } while (i >= 0);
    return name;
  };
}

// --- the wasm binary: only the import (2) and export (7) sections change ---
const bytes = readFileSync(wasmPath);
let at = 0;
const u8 = () => {
  if (at >= bytes.length) fail("the wasm ends early");
  return bytes[at++];
};
const leb = () => {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = u8();
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if (!(b & 0x80)) return Number(result);
  }
};
const name = () => {
  const len = leb();
  const text = bytes.subarray(at, at + len).toString("utf8");
  at += len;
  return text;
};
const limits = () => {
  const flags = u8();
  leb();
  if (flags & 1) leb();
};
const lebBytes = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
};
const nameBytes = (text) => {
  const b = Buffer.from(text, "utf8");
  return Buffer.concat([lebBytes(b.length), b]);
};

const next = shortNames();
const modules = new Map(); // old module name -> new
const fields = new Map(); // old field name of the bindgen module -> new
const exportsMap = new Map(); // old export name -> new

if (bytes.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
const out = [bytes.subarray(0, 8)];
at = 8;
while (at < bytes.length) {
  const id = u8();
  const size = leb();
  const start = at;
  const end = start + size;
  if (id !== 2 && id !== 7) {
    out.push(Buffer.from([id]), lebBytes(size), bytes.subarray(start, end));
    at = end;
    continue;
  }
  const parts = [];
  const count = leb();
  parts.push(lebBytes(count));
  for (let i = 0; i < count; i++) {
    if (id === 2) {
      const module = name();
      const field = name();
      const descStart = at;
      const kind = u8();
      if (kind === 0) leb();
      else if (kind === 1) (u8(), limits());
      else if (kind === 2) limits();
      else if (kind === 3) (u8(), u8());
      else if (kind === 4) (u8(), leb());
      else fail(`unknown import kind ${kind}`);
      if (!modules.has(module)) modules.set(module, next());
      let newField = field;
      if (module === BINDGEN_MODULE) {
        if (!fields.has(field)) fields.set(field, next());
        newField = fields.get(field);
      }
      parts.push(nameBytes(modules.get(module)), nameBytes(newField), bytes.subarray(descStart, at));
    } else {
      const exported = name();
      const descStart = at;
      u8();
      leb();
      const newName = KEEP_EXPORTS.has(exported) ? exported : next();
      exportsMap.set(exported, newName);
      parts.push(nameBytes(newName), bytes.subarray(descStart, at));
    }
  }
  if (at !== end) fail(`section ${id} was not read to its end`);
  const payload = Buffer.concat(parts);
  out.push(Buffer.from([id]), lebBytes(payload.length), payload);
}
const newWasm = Buffer.concat(out);

// --- the glue and the declarations ---
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
let glue = readFileSync(gluePath, "utf8");
for (const [old, short] of modules) {
  const quoted = new RegExp(`(["'])${escape(old)}\\1(?=\\s*:)`, "g");
  if (!quoted.test(glue)) fail(`the glue does not name the import module ${old}`);
  glue = glue.replace(quoted, JSON.stringify(short));
}
for (const [old, short] of fields) {
  const key = new RegExp(`\\b${escape(old)}(?=\\s*:)`, "g");
  if (!key.test(glue)) fail(`the glue does not define the import ${old}`);
  glue = glue.replace(key, short);
}
for (const [old, short] of exportsMap) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(old)}\\b`, "g"), `wasm.${short}`);
}
for (const old of fields.keys()) {
  if (new RegExp(`\\b${escape(old)}\\b`).test(glue)) fail(`the glue still names the import ${old}`);
}
for (const old of exportsMap.keys()) {
  if (!KEEP_EXPORTS.has(old) && new RegExp(`\\bwasm\\.${escape(old)}\\b`).test(glue)) {
    fail(`the glue still names the export ${old}`);
  }
}
if (/\bwasm\[/.test(glue)) fail("the glue reads an export by a computed name");

const renameDeclared = (path, pattern) => {
  let text = readFileSync(path, "utf8");
  for (const [old, short] of exportsMap) text = text.replace(pattern(escape(old)), (m) => m.replace(old, short));
  return text;
};
const dts = renameDeclared(dtsPath, (old) => new RegExp(`readonly ${old}:`, "g"));
const bgDts = renameDeclared(bgDtsPath, (old) => new RegExp(`export const ${old}:`, "g"));
// Written only once every check passed: a failed run leaves the folder as it was.
writeFileSync(wasmPath, newWasm);
writeFileSync(gluePath, glue);
writeFileSync(dtsPath, dts);
writeFileSync(bgDtsPath, bgDts);
console.log(
  `minify-names: ${fields.size} imports, ${modules.size} modules, ${exportsMap.size - KEEP_EXPORTS.size} exports shortened`,
);
