// The workflow `falpub init` writes, checked by actionlint (syntax, expressions, permissions
// scopes, action inputs, job needs). actionlint is built once from the Go module proxy into
// .cache/bin by test/support/setup-actionlint.sh and reused.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BILLING_STRATEGIES } from "../../src/core/vocabulary.js";
import { renderScaffold } from "../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../src/init/templates.js";

let actionlint: string;
const dir = mkdtempSync(path.join(tmpdir(), "falpub-actionlint-"));
beforeAll(() => {
  const setup = fileURLToPath(new URL("../support/setup-actionlint.sh", import.meta.url));
  actionlint = execFileSync("bash", [setup], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.each(BILLING_STRATEGIES)("the %s scaffold's workflow passes actionlint", (strategy) => {
  const files = renderScaffold({ appName: "my-app", className: "MyApp", strategy, machineType: "S" }, readTemplatesFrom(findTemplatesDir()));
  const workflow = files.find((f) => f.path === ".github/workflows/falpub.yml")!;
  const file = path.join(dir, strategy, workflow.path);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, workflow.content);
  const r = spawnSync(actionlint, ["-no-color", "-shellcheck=", "-pyflakes=", file], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
});

it("actionlint does fail on a broken workflow (so a pass means something)", () => {
  const file = path.join(dir, "broken.yml");
  writeFileSync(file, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      security-event: write\n    steps:\n      - run: echo ${{ github.nope }}\n");
  const r = spawnSync(actionlint, ["-no-color", "-shellcheck=", "-pyflakes=", file], { encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/security-event/);
});
