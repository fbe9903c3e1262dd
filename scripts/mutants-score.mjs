// Reads cargo-mutants' outcomes.json: the score per file and in all (caught / viable, where a
// timeout counts as caught, as cargo-mutants counts it), every survivor, and the verdict.
import { readFileSync } from "node:fs";

const [file, minimum] = process.argv.slice(2);
const { outcomes } = JSON.parse(readFileSync(file, "utf8"));
// Files where every mutant must be caught: the roster's rules.
const STRICT = ["src/core/roster/plan.rs", "src/core/roster/apply.rs", "src/core/roster/entry.rs"];
const perFile = new Map();
const survivors = [];
for (const { scenario, summary } of outcomes) {
  const mutant = scenario.Mutant;
  if (!mutant) continue;
  const row = perFile.get(mutant.file) ?? { caught: 0, missed: 0, timeout: 0, unviable: 0 };
  if (summary === "CaughtMutant") row.caught++;
  else if (summary === "MissedMutant") (row.missed++, survivors.push(mutant));
  else if (summary === "Timeout") row.timeout++;
  else row.unviable++;
  perFile.set(mutant.file, row);
}
const pct = (caught, viable) => (viable === 0 ? "-" : `${((100 * caught) / viable).toFixed(1)} %`);
const lines = [["file", "caught", "timeout", "missed", "unviable", "score"]];
const total = { caught: 0, missed: 0, timeout: 0, unviable: 0 };
for (const [name, row] of [...perFile].sort()) {
  for (const k of Object.keys(total)) total[k] += row[k];
  lines.push([name, row.caught, row.timeout, row.missed, row.unviable, pct(row.caught + row.timeout, row.caught + row.timeout + row.missed)].map(String));
}
const score = (100 * (total.caught + total.timeout)) / (total.caught + total.timeout + total.missed);
lines.push(["all of src/core", total.caught, total.timeout, total.missed, total.unviable, pct(total.caught + total.timeout, total.caught + total.timeout + total.missed)].map(String));
const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
for (const l of lines) console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
if (survivors.length > 0) {
  console.log("\nsurvivors:");
  for (const m of survivors) console.log(`  ${m.name}`);
}
const strict = survivors.filter((m) => STRICT.includes(m.file));
const problems = [];
if (!(score >= Number(minimum))) problems.push(`${score.toFixed(1)} % caught, below ${minimum} %`);
if (strict.length > 0) problems.push(`${strict.length} mutant(s) of the roster's rules survived (${STRICT.join(", ")} must be fully caught)`);
console.log(`\nmutants: ${score.toFixed(1)} % of viable mutants caught${problems.length === 0 ? " — passed" : ` — FAILED: ${problems.join("; ")}`}`);
process.exit(problems.length === 0 ? 0 : 1);
