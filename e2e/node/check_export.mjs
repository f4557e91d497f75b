// CI check (scripts/test.sh) of Rapport's plain exports (issue 15, beyond the backup of R8.2), with programs other than
// Rapport:
//  1. every target/export-fixtures/<kind>.automerge (written by core/tests/export.rs) loads in
//     the JavaScript Automerge (@automerge/automerge) and shows the same content as in Rust
//     (<kind>.expected.json);
//  2. target/export-fixtures/export.json validates against
//     docs/schema/workspace-export.schema.json (ajv), and a variant with a secret key does not.
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
assert.ok(files.length >= 2, `no .automerge fixtures in ${fixtures}: run cargo test -p rapport-core --test export`);
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
