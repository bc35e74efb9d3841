// Shared set-up for the deploy and secrets CLI tests: a scaffolded app (made by `falpub init`)
// copied per test, the fake fal, and a way to find a still-running fake by its unique record path.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { makeFakeFal, type FakeFal, type FakeFalRecord } from "../support/fal-env.js";
import { afterAll, beforeAll } from "vitest";
import { BASE_PATH, copyApp, falpub, tempDirs, type Run } from "./helpers.js";

export const APP_REF = "app.py::DemoApp";
export const BASE_ARGV = ["deploy", APP_REF, "--app-name", "demo-app", "--auth", "shared", "--strategy", "rolling"];
/** What falpub passes for the plain scaffold with no flags and no git repo. */
export const DEFAULT_ARGV = [...BASE_ARGV, "--json", "--yes"];

/** Scaffold the app every deploy test starts from. */
export async function scaffoldBase(parent: string): Promise<string> {
  const r = await falpub(["init", "base", "--billing", "per_image", "--name", "demo-app", "--class", "DemoApp"], { cwd: parent });
  if (r.exitCode !== 0) throw new Error(`falpub init failed: ${r.stderr}`);
  return path.join(parent, "base");
}

export type Via = "path" | "flag" | "env";

export interface DeployRun extends Run {
  fake: FakeFal;
  /** The `fal deploy` calls the fake recorded (not the `--version` probe). */
  deploys: FakeFalRecord[];
  all: FakeFalRecord[];
}

/**
 * `falpub deploy <args>` in `cwd` with a fresh fake fal found `via` PATH (default), --fal or
 * FALPUB_FAL. `fakes` collects the fakes for cleanup.
 */
export async function deployWith(
  args: string[],
  opts: { cwd: string; fakes: FakeFal[]; replay?: string; version?: string; via?: Via; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<DeployRun> {
  const fake = makeFakeFal({ replay: opts.replay ?? "deployed-json", version: opts.version });
  opts.fakes.push(fake);
  const via = opts.via ?? "path";
  const env = fake.env({ NO_COLOR: "1", CI: "true", LANG: "C.UTF-8", ...(via === "path" ? {} : { PATH: BASE_PATH }), ...(via === "env" ? { FALPUB_FAL: fake.falPath } : {}), ...opts.env });
  const r = await falpub(["deploy", ...args, ...(via === "flag" ? ["--fal", fake.falPath] : [])], { cwd: opts.cwd, env, timeoutMs: opts.timeoutMs });
  const all = fake.records();
  return { ...r, fake, all, deploys: all.filter((x) => x.argv[0] === "deploy") };
}

export function copyBase(base: string, make: () => string): string {
  return copyApp(base, path.join(make(), "app"));
}

/**
 * PIDs of living fake-fal processes whose environment contains `marker` (a fake's unique
 * record path; falpub itself has it in its environment too, hence the command-line filter).
 */
export function pidsWithEnv(marker: string, command = "fake-fal"): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const isFake = readFileSync(`/proc/${entry}/cmdline`, "latin1").includes(command);
      if (isFake && readFileSync(`/proc/${entry}/environ`, "latin1").includes(marker)) {
        // A zombie has exited already; only living processes count.
        const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
        if (state !== "Z") out.push(Number(entry));
      }
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

/** A test file's set-up: one scaffolded app, copied fresh per test by `app()`; temp dirs and the fake fals are cleaned up after the file. */
export function deploySuite() {
  const dirs = tempDirs();
  const fakes: FakeFal[] = [];
  let base = "";
  beforeAll(async () => {
    base = await scaffoldBase(dirs.make());
  });
  afterAll(() => {
    dirs.cleanup();
    for (const f of fakes) f.cleanup();
  });
  return { dirs, fakes, app: () => copyBase(base, () => dirs.make()) };
}
