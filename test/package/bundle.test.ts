// dist/ is the product: it must import nothing but Node's built-ins, so the package needs no
// runtime dependencies. esbuild itself lists every import of the built files (static, dynamic
// and require calls), which a regex over minified code could miss.
import { readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import { expect, test } from "vitest";
import { REPO_ROOT } from "../support/fal-env.js";

test("every import in dist/ is a Node built-in (no package imports)", async () => {
  const dist = path.join(REPO_ROOT, "dist");
  const entries = readdirSync(dist).filter((f) => f.endsWith(".js")).map((f) => path.join(dist, f));
  expect(entries.length).toBeGreaterThan(1);
  const result = await build({ entryPoints: entries, bundle: true, write: false, metafile: true, platform: "node", format: "esm", packages: "external", outdir: "/nonexistent", logLevel: "silent" });
  const external = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) for (const i of input.imports) if (i.external) external.add(i.path);
  const builtins = new Set(builtinModules);
  // A library's require("fs") is a built-in too; what must not be there is a package.
  const bad = [...external].filter((p) => !builtins.has(p.replace(/^node:/, "")));
  expect(bad).toEqual([]);
  expect(external.size).toBeGreaterThan(0); // the scan saw the built-ins the CLI uses
});
