// `npm pack` / `npm publish` around the tarball: `strip` (prepack, after the build) removes the
// `prepare` script from package.json, `restore` (postpack) puts the file back byte for byte.
// Why: dist/ is already built into the tarball, and npm 11 warns about the `prepare` script of
// every package installed from a tarball or folder ("install scripts not yet covered by
// allowScripts") although it never runs there. A git install still sees `prepare` (it needs it).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = path.join(root, "package.json");
const backup = path.join(root, ".package.json.prepack"); // git-ignored; never in the tarball

const mode = process.argv[2];
if (mode === "strip") {
  // A pack that died before postpack left the backup: it is the real file.
  if (existsSync(backup)) renameSync(backup, manifest);
  const text = readFileSync(manifest, "utf8");
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  writeFileSync(backup, text);
  writeFileSync(manifest, JSON.stringify(pkg, null, 2) + "\n");
} else if (mode === "restore") {
  if (existsSync(backup)) renameSync(backup, manifest);
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
