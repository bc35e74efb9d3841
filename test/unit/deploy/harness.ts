// In-process `falpub deploy`: the real orchestration (src/deploy/run.ts), argv parsing and
// FalClient, with fal replayed by argv (test/support/replay-fal.ts), git and output injected.
// The app is the scaffold `falpub init --billing per_image --name demo-app --class DemoApp`
// writes, copied to a temp dir per test.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDeployArgs } from "../../../src/deploy/options.js";
import { runDeploy, type DeployPhase, type DeployResult } from "../../../src/commands/deploy/run.js";
import { falClient } from "../../../src/fal/client.js";
import type { GitInfo } from "../../../src/deploy/plan.js";
import { renderScaffold } from "../../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../../src/init/templates.js";
import { writeFileAtomic } from "../../../src/write.js";
import { platformChecker, type PlatformChecker } from "../../../src/commands/deploy/platform.js";
import { assertLoopback } from "../../support/platform-harness.js";
import { recorded, replayFal, versionPrinting, type ReplayCall, type Recording, type Route } from "../../support/replay-fal.js";

export const APP_REF = "app.py::DemoApp";
export const BASE_ARGV = ["deploy", APP_REF, "--app-name", "demo-app", "--auth", "shared", "--strategy", "rolling"];
/** What falpub passes for the plain scaffold with no flags and no git repo. */
export const DEFAULT_ARGV = [...BASE_ARGV, "--json", "--yes"];
/** In test/fixtures/fal-1.83.0/deployed-json and apps-list-json. */
export const REVISION = "00000000-0000-4000-8000-00000000c0de";

const made: string[] = [];
export function tempDir(prefix = "falpub-deploy-"): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(d);
  return d;
}
export function cleanup(): void {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
  // The scaffold copy lived in one of those dirs: a later file in this worker makes a new one.
  base = undefined;
}

let base: string | undefined;
/** A fresh copy of the scaffolded app, in `<tmp>/app`. */
export function app(): string {
  if (!base) {
    base = path.join(tempDir("falpub-base-"), "base");
    const files = renderScaffold({ appName: "demo-app", className: "DemoApp", strategy: "per_image", machineType: "GPU-A100" }, readTemplatesFrom(findTemplatesDir()));
    for (const f of files) {
      mkdirSync(path.dirname(path.join(base, f.path)), { recursive: true });
      writeFileSync(path.join(base, f.path), f.content);
    }
  }
  const dir = path.join(tempDir(), "app");
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** A directory holding an executable `fal` (never run: fal is replayed), for PATH, --fal and FALPUB_FAL. */
export function falOnDisk(): string {
  const bin = path.join(tempDir("falpub-bin-"), "bin");
  mkdirSync(bin);
  const fal = path.join(bin, "fal");
  writeFileSync(fal, "#!/bin/sh\nexit 99\n");
  chmodSync(fal, 0o755);
  return fal;
}

export interface DeployRunOptions {
  cwd?: string;
  /** `fal deploy`'s recorded case (default deployed-json), or a recording. */
  replay?: string | Recording;
  /** `fal apps list`'s (default apps-list-json). */
  appsList?: string | Recording;
  /** What `fal --version` prints (default 1.83.0), or a recording. */
  version?: string | Recording;
  /** How fal is found: on PATH (default), --fal, FALPUB_FAL, or not at all. */
  via?: "path" | "flag" | "env" | "missing";
  env?: NodeJS.ProcessEnv;
  git?: GitInfo;
  writeFile?: (file: string, text: string) => void;
  /** Wire the Platform API check as the CLI does (platformChecker(env)); env must point every FALPUB_*_URL at 127.0.0.1. */
  platformApi?: boolean;
  /** Or this check instead (a spy); it may see the fal runs so far through `calls`. */
  platformChecker?: (calls: ReplayCall[]) => PlatformChecker;
}

export interface DeployRun extends DeployResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr as one terminal shows them, in the order written. */
  screen: string;
  /** Every fal run, in order. */
  calls: ReplayCall[];
  /** The `fal deploy` runs. */
  deploys: ReplayCall[];
  phases: DeployPhase[];
  falPath: string;
  cwd: string;
}

const asRecording = (r: string | Recording) => (typeof r === "string" ? recorded(r) : r);

/** `falpub deploy <args>` in-process. */
export async function deploy(args: string[], opts: DeployRunOptions = {}): Promise<DeployRun> {
  const cwd = opts.cwd ?? app();
  const falPath = falOnDisk();
  const via = opts.via ?? "path";
  const env: NodeJS.ProcessEnv = {
    PATH: via === "path" ? `${path.dirname(falPath)}${path.delimiter}/usr/bin:/bin` : "/usr/bin:/bin",
    ...(via === "env" ? { FALPUB_FAL: falPath } : {}),
    ...opts.env,
  };
  const version = opts.version ?? "1.83.0";
  const routes: Route[] = [
    [["--version"], typeof version === "string" ? versionPrinting(version) : version],
    [["deploy"], asRecording(opts.replay ?? "deployed-json")],
    [["apps", "list"], asRecording(opts.appsList ?? "apps-list-json")],
  ];
  const processes = replayFal(routes);
  if (opts.platformApi) assertLoopback(env);
  let stdout = "";
  let stderr = "";
  let screen = "";
  const phases: DeployPhase[] = [];
  const result = await runDeploy(
    parseDeployArgs([...args, ...(via === "flag" ? ["--fal", falPath] : [])]),
    { cwd, env, color: false, toolVersion: "0.0.0-test" },
    {
      fal: falClient(env, cwd, processes),
      platform: opts.platformChecker ? opts.platformChecker(processes.calls) : opts.platformApi ? platformChecker(env, { retry: { attempts: 2, baseMs: 1, capMs: 10 }, timeoutMs: 2000 }) : undefined,
      git: async () => opts.git,
      writeFile: opts.writeFile ?? writeFileAtomic,
      stdout: (t) => ((stdout += t), (screen += t)),
      stderr: (t) => ((stderr += t), (screen += t)),
      onPhase: (p) => phases.push(p),
    },
  );
  return { ...result, stdout, stderr, screen, calls: processes.calls, deploys: processes.calls.filter((c) => c.argv[0] === "deploy"), phases, falPath, cwd };
}
