// `npm run build`: bundle src/cli.ts into dist/ (ESM, one chunk per lazily loaded part).
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stub = (file) => path.join(root, "scripts", "build", file);

/**
 * Start-up work the CLI never needs, cut at build time: chalk's colour detection (falpub always
 * passes a level) and commander's eager node:child_process (loaded only if used). ~6 ms a start.
 */
const lean = {
  name: "falpub-lean-start",
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => (args.importer.includes(`${path.sep}chalk${path.sep}`) ? { path: stub("supports-color.js") } : undefined));
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes(`${path.sep}commander${path.sep}`) ? { path: stub("lazy-child-process.cjs") } : undefined));
  },
};

rmSync(path.join(root, "dist"), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir: "dist",
  minify: true,
  logLevel: "warning",
  // Bundled CommonJS (commander, yaml's deps) calls require: give ESM chunks one.
  banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  plugins: [lean],
});
