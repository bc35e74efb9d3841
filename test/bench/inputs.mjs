// The projects npm run bench checks: scaffolded apps, copied and renamed, and large inputs
// grown from a scaffolded app. Each large input is valid (check exits 0), so the row times the
// whole path, not an early stop.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const STRATEGIES = ["per_image", "per_megapixel", "per_video_second", "per_text_chunk", "per_request", "gpu_seconds"];

const pascal = (kebab) => kebab.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("");

/** One `falpub init` per billing strategy; every other app is a renamed copy of one of them. */
export function scaffoldApps(work, count, { node, bin, env }) {
  const templates = STRATEGIES.map((strategy) => {
    const name = `bench-${strategy.replace(/_/g, "-")}`;
    const dir = path.join(work, "templates", name);
    execFileSync(node, [bin, "init", dir, "--billing", strategy, "--name", name], { env, stdio: "ignore" });
    return { name, dir };
  });
  const apps = [];
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length];
    const name = `${t.name}-${i}`;
    const dir = path.join(work, "apps", name);
    copyRenamed(t.dir, dir, [[t.name, name], [pascal(t.name), pascal(name)]]);
    apps.push(dir);
  }
  return { apps, templates };
}

function copyRenamed(from, to, renames) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const src = path.join(from, entry);
    const dst = path.join(to, entry);
    if (statSync(src).isDirectory()) {
      cpSync(src, dst, { recursive: true });
      continue;
    }
    let text = readFileSync(src, "utf8");
    for (const [a, b] of renames) text = text.split(a).join(b);
    writeFileSync(dst, text);
  }
}

/** A copy of `template` whose falpub.yaml carries ~`bytes` of `marketplace.example_input` keys. */
export function bigManifest(template, dir, bytes) {
  cpSync(template, dir, { recursive: true });
  const file = path.join(dir, "falpub.yaml");
  const base = readFileSync(file, "utf8").replace(/^ {2}example_input:.*$/m, "");
  const lines = ["  example_input:"];
  let size = base.length;
  for (let i = 0; size < bytes; i++) {
    const line = `    field_${String(i).padStart(7, "0")}: "value number ${i} of the example request body"`;
    lines.push(line);
    size += line.length + 1;
  }
  writeFileSync(file, base.trimEnd() + "\n" + lines.join("\n") + "\n");
  return dir;
}

/** A copy of `template` whose app.py has ~`lines` lines: helper functions before the app class. */
export function bigPython(template, dir, lines) {
  cpSync(template, dir, { recursive: true });
  const file = path.join(dir, "app.py");
  const source = readFileSync(file, "utf8");
  const at = source.indexOf("\nclass ");
  const have = source.split("\n").length;
  const helpers = [];
  for (let i = 0; have + helpers.length < lines; i++) {
    helpers.push(
      "",
      "",
      `def helper_${i}(values: list[float], scale: float = ${i % 7}.5) -> dict:`,
      `    """Normalise a batch (helper ${i})."""`,
      "    total = 0.0",
      "    for index, value in enumerate(values):",
      "        if value > scale and index % 2 == 0:",
      "            total += value * scale",
      "        else:",
      `            total -= value / (scale + ${i + 1})`,
      `    return {"total": total, "count": len(values), "name": f"helper-{index}-${i}"}`,
    );
  }
  writeFileSync(file, source.slice(0, at) + "\n" + helpers.join("\n") + "\n" + source.slice(at));
  return dir;
}

/** A copy of `template` whose pyproject.toml has ~`lines` lines: more app tables, long dependency lists. */
export function bigPyproject(template, dir, lines) {
  cpSync(template, dir, { recursive: true });
  const file = path.join(dir, "pyproject.toml");
  const text = readFileSync(file, "utf8");
  const ref = /^ref = "(.*)"$/m.exec(text)[1];
  const extra = [];
  const have = text.split("\n").length;
  for (let i = 0; have + extra.length < lines; i++) {
    extra.push(
      "",
      `[tool.fal.apps.variant-${i}]`,
      `ref = "${ref}"`,
      'auth = "shared"',
      'deployment_strategy = "rolling"',
      `requirements = ["pillow>=10,<14", "numpy>=1.${i % 20}", "torch==2.${i % 5}.0"]`,
      `keep_alive = ${300 + i}`,
      'regions = ["us-east", "eu-west"]',
    );
  }
  writeFileSync(file, text.trimEnd() + "\n" + extra.join("\n") + "\n");
  return dir;
}

export const sizeOf = (file) => statSync(file).size;
export const linesOf = (file) => readFileSync(file, "utf8").split("\n").length;
