// The package as a user gets it: `npm pack`, then install the tarball with production
// dependencies only into an empty folder, offline (nothing left to fetch), and use it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packTarball } from "../support/package.js";

let tarball: string;
let sources: string;
let project: string;
let bin: string;
const env = { PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter), HOME: tmpdir(), NO_COLOR: "1", CI: "true", LANG: "C.UTF-8" };
const falpub = (args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) => spawnSync(bin, args, { cwd, env: { ...env, ...extra }, encoding: "utf8", timeout: 60_000 });

beforeAll(() => {
  ({ tarball, sources } = packTarball());
  project = mkdtempSync(path.join(tmpdir(), "falpub-installed-"));
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", private: true }));
  // --offline: any dependency left to fetch would fail the install.
  const r = spawnSync("npm", ["install", "--omit=dev", "--offline", "--no-audit", "--no-fund", tarball], { cwd: project, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "warn" } });
  if (r.status !== 0) throw new Error(`npm install of the tarball failed:\n${r.stderr}`);
  (globalThis as { installStderr?: string }).installStderr = r.stderr;
  bin = path.join(project, "node_modules", ".bin", "falpub");
}, 180_000);

afterAll(() => {
  for (const d of [sources, project]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("declares no runtime dependencies and installs as one package, without install-script warnings", () => {
    const pkg = JSON.parse(execFileSync("tar", ["-xOzf", tarball, "package/package.json"], { encoding: "utf8" }));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.scripts?.prepare).toBeUndefined(); // stripped at pack time (npm 11 warns about it)
    expect(pkg.license).toBe("MIT");
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
    const stderr = (globalThis as { installStderr?: string }).installStderr ?? "";
    expect(stderr).not.toMatch(/install-scripts|allowScripts/);
    const installed = execFileSync("npm", ["ls", "--all", "--parseable"], { cwd: project, encoding: "utf8" }).trim().split("\n");
    expect(installed.map((p) => path.relative(project, p))).toEqual(["", path.join("node_modules", "falpub")]);
  });

  it("ships bin, dist, templates and LICENSE; no sources, tests or build scripts", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, ""));
    expect(files).toContain("LICENSE");
    expect(files).toContain("bin/falpub.js");
    expect(files).toContain("dist/cli.js");
    expect(files).toContain("templates/falpub.schema.json");
    expect(files.filter((f) => /^(src|test|scripts)\//.test(f))).toEqual([]);
  });

  it("runs --help, init, check and deploy --dry-run from the installed package", () => {
    const help = falpub(["--help"], project);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: falpub/);

    const init = falpub(["init", "my-app", "--billing", "per_image"], project);
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    const app = path.join(project, "my-app");
    expect(existsSync(path.join(app, "falpub.yaml"))).toBe(true);

    const check = falpub(["check", "--strict"], app);
    expect(check.stdout + check.stderr).toMatch(/no problems/);
    expect(check.status).toBe(0);

    // Without fal (the integration tests run the real one): the dry run still prints the command.
    const dry = falpub(["deploy", "--dry-run"], app);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/deploy app\.py::MyApp/);
    expect(dry.stdout).toMatch(/--auth shared/);
    expect(dry.stderr).toMatch(/fal CLI was not found/);
  });

  it("the installed manifest points its schema modeline at a file that exists", () => {
    const manifest = readFileSync(path.join(project, "my-app", "falpub.yaml"), "utf8");
    const schema = /\$schema=(\S+)/.exec(manifest)?.[1];
    expect(schema).toBeDefined();
    expect(existsSync(path.resolve(project, "my-app", schema!))).toBe(true);
  });
});
