// CI check (scripts/test.sh) of Rapport's plain exports (issue 15, beyond the backup of R8.2), with programs other than
// Rapport:
//  1. every target/export-fixtures/<kind>.automerge (written by core/tests/export.rs) loads in
//     the JavaScript Automerge (@automerge/automerge) and shows the same content as in Rust
//     (<kind>.expected.json);
//  2. target/export-fixtures/export.json validates against
//     docs/schema/workspace-export.schema.json (ajv), and variants that break it do not (a secret
//     key in the workspace; a performance plan with an unknown key or a target as a string; team
//     objectives with a KPI value as a string or an unknown meeting outcome).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import * as Automerge from "@automerge/automerge";
import Ajv from "ajv";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtures = join(root, "target", "export-fixtures");

// Automerge's toJS gives text as strings and maps as objects, like our JSON; unsigned
// integers (e.g. meta.schema) come back as BigInt, numbers in JSON.
function plain(v) {
  return JSON.parse(JSON.stringify(v, (_, x) => (typeof x === "bigint" ? Number(x) : x)));
}

const files = readdirSync(fixtures).filter((f) => f.endsWith(".automerge"));
assert.ok(files.length >= 4, `no .automerge fixtures in ${fixtures}: run cargo test -p rapport-core --test export`);
for (const kind of ["one-on-one", "development-plan", "performance-plan", "team-objectives", "check-ins", "private-notes"]) {
  assert.ok(files.includes(`${kind}.automerge`), `no ${kind}.automerge fixture in ${fixtures}`);
}
for (const f of files) {
  const bytes = new Uint8Array(readFileSync(join(fixtures, f)));
  const doc = Automerge.load(bytes);
  const expected = JSON.parse(readFileSync(join(fixtures, f.replace(".automerge", ".expected.json")), "utf8"));
  assert.deepStrictEqual(plain(Automerge.toJS(doc)), expected, `${f}: content differs in @automerge/automerge`);
  assert.ok(Automerge.getHistory(doc).length > 0, `${f}: no history`);
  console.log(`ok  ${f} loads in @automerge/automerge with the same content (${bytes.length} bytes)`);
}

const schema = JSON.parse(readFileSync(join(root, "docs", "schema", "workspace-export.schema.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
const exported = JSON.parse(readFileSync(join(fixtures, "export.json"), "utf8"));
if (!validate(exported)) {
  console.error(validate.errors);
  process.exit(1);
}
console.log("ok  export.json validates against docs/schema/workspace-export.schema.json");
const leaked = structuredClone(exported);
leaked.workspace.identity_secret = "00";
assert.equal(validate(leaked), false, "a workspace with a secret key must not validate");
console.log("ok  a secret key in the workspace fails the schema");

// Every document kind is in the export, so the schema of each is exercised.
for (const kind of ["one-on-one", "development-plan", "performance-plan", "team-objectives", "check-ins", "private-notes"]) {
  assert.ok(exported.documents.some((d) => d.kind === kind), `export.json holds no ${kind}`);
}
const perfAt = exported.documents.findIndex((d) => d.kind === "performance-plan");
function brokenPlan(what, change) {
  const bad = structuredClone(exported);
  change(bad.documents[perfAt].content);
  assert.equal(validate(bad), false, `a performance plan with ${what} must not validate`);
  console.log(`ok  a performance plan with ${what} fails the schema`);
}
const firstMetric = (c) => Object.values(c.metrics)[0];
brokenPlan("an unknown root key", (c) => (c.salary = 50000));
brokenPlan("an unknown key in a metric", (c) => (firstMetric(c).weight = 2));
brokenPlan("a target as a string", (c) => (firstMetric(c).target = "80"));
brokenPlan("a result value as a string", (c) => (Object.values(c.results)[0].value = "87.5"));
brokenPlan("a self-rating of 6", (c) => (Object.values(c.self_ratings)[0].rating = 6));
brokenPlan("an unknown review cycle", (c) => (c.cycle = "Monthly"));
brokenPlan("a metric without its changes", (c) => delete firstMetric(c).changes);

const teamAt = exported.documents.findIndex((d) => d.kind === "team-objectives");
function brokenTeam(what, change) {
  const bad = structuredClone(exported);
  change(bad.documents[teamAt].content);
  assert.equal(validate(bad), false, `team objectives with ${what} must not validate`);
  console.log(`ok  team objectives with ${what} fail the schema`);
}
const firstKpi = (c) => Object.values(c.kpis)[0];
const firstMeeting = (c) => Object.values(c.meetings)[0];
brokenTeam("an unknown root key", (c) => (c.budget = 100000));
brokenTeam("an unknown key in a KPI", (c) => (firstKpi(c).weight = 2));
brokenTeam("a KPI value as a string", (c) => (Object.values(firstKpi(c).values)[0].value = "87.5"));
brokenTeam("a KPI without its values", (c) => delete firstKpi(c).values);
brokenTeam("an unknown meeting outcome", (c) => (firstMeeting(c).outcome.kind = "postponed"));
brokenTeam("a cadence on weekday 7", (c) => (c.cadence.weekday = 7));
brokenTeam("an unknown cadence", (c) => (c.cadence.kind = "Monthly"));
brokenTeam("a member without a join date", (c) => delete Object.values(c.members)[0].joined_on);
{
  // The leader's index entry of the team, with a channel per member.
  const entry = Object.values(exported.workspace.shared).find((e) => e.kind === "team-objectives");
  assert.ok(entry && entry.members.length > 0, "export.json indexes no team document with its channels");
  const bad = structuredClone(exported);
  Object.values(bad.workspace.shared).find((e) => e.kind === "team-objectives").members[0].secret = "00";
  assert.equal(validate(bad), false, "a team channel with an unknown key must not validate");
  console.log("ok  the shared index takes a team entry with its channels, and no unknown key in one");
}

// The index of shared documents knows the performance plan.
const indexed = structuredClone(exported);
indexed.workspace.shared = {
  "perf-1": {
    kind: "performance-plan",
    title: "Performance plan",
    my_side: "Leader",
    counterpart_id: "p-eli",
    counterpart_name: "Eli Employee",
    their_heads: [],
    last_sent_ms: 0,
    last_received_ms: 0,
  },
};
if (!validate(indexed)) {
  console.error(validate.errors);
  process.exit(1);
}
indexed.workspace.shared["perf-1"].kind = "performance-review";
assert.equal(validate(indexed), false, "an unknown kind in the shared index must not validate");
console.log("ok  the shared index takes a performance-plan entry, and no unknown kind");

// A month of check-ins (issue 11): its id names the month, its dates are ISO days.
const monthAt = exported.documents.findIndex((d) => d.kind === "check-ins");
for (const [what, change] of [
  ["an id that names no month", (m) => (m.content.meta.id = "check-ins-november")],
  ["a check-in dated 28/11/2026", (m) => (Object.values(m.content.checkins)[0].date = "28/11/2026")],
  ["an unknown root key", (m) => (m.content.people = {})],
]) {
  const bad = structuredClone(exported);
  change(bad.documents[monthAt]);
  assert.equal(validate(bad), false, `a month of check-ins with ${what} must not validate`);
  console.log(`ok  a month of check-ins with ${what} fails the schema`);
}
