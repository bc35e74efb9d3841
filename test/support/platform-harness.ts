// In-process runs of the platform commands against the local imitation (platform-server.ts).
// The harness refuses any base URL that is not this machine: no test may reach fal's hosts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FalpubError } from "../../src/errors.js";
import type { CommandIO } from "../../src/commands/io.js";
import { isLoopback, URL_VARS } from "../../src/platform/config.js";
import { CANARY_KEY } from "./platform-server.js";

/** Throws unless every FALPUB_*_URL is set and points at 127.0.0.1 / localhost (unset = fal's real hosts). */
export function assertLoopback(env: NodeJS.ProcessEnv): void {
  const bad = Object.values(URL_VARS).filter((name) => !env[name] || !isLoopback(env[name]!));
  if (bad.length) throw new Error(`refusing to run: ${bad.map((n) => `${n}=${env[n] ?? "(unset: fal's real host)"}`).join(", ")} is not a loopback URL`);
}

export interface InProcessRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run a command function as the CLI would (same error boundary), capturing its output. */
export async function inProcess(fn: (io: CommandIO) => Promise<number>, opts: { env: NodeJS.ProcessEnv; cwd: string; interactive?: boolean; answer?: boolean; pollIntervalMs?: number }): Promise<InProcessRun & { asked: string[]; waits: number[] }> {
  assertLoopback(opts.env);
  let stdout = "";
  let stderr = "";
  const asked: string[] = [];
  const waits: number[] = [];
  const io: CommandIO = {
    env: opts.env,
    cwd: opts.cwd,
    term: { color: false, interactive: Boolean(opts.interactive) },
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    confirm: async (q) => {
      asked.push(q);
      return Boolean(opts.answer);
    },
    retry: { attempts: 4, baseMs: 5, capMs: 2000 },
    // Backoff waits are recorded, not slept: the tests assert them (`waits`) without waiting.
    sleep: async (ms) => void waits.push(ms),
    pollIntervalMs: opts.pollIntervalMs ?? 5,
  };
  let exitCode: number;
  try {
    exitCode = await fn(io);
  } catch (error) {
    if (!(error instanceof FalpubError)) throw error;
    stderr += `falpub: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ""}`;
    exitCode = error.exitCode;
  }
  return { exitCode, stdout, stderr, asked, waits };
}

export const APP_PY = `import fal
from fastapi import Response


class TextToImage(fal.App):
    app_auth = "shared"
    machine_type = "GPU-A100"

    @fal.endpoint("/")
    def generate(self, input: dict, response: Response) -> dict:
        response.headers["x-fal-billable-units"] = str(input.get("num_images", 1))
        return {}

    @fal.endpoint("/health", health_check=fal.HealthCheck())
    def health(self) -> dict:
        return {"ok": True}
`;

export const MANIFEST = `version: 1
app:
  ref: app.py::TextToImage
  name: text-to-image
  auth: shared
billing:
  strategy: per_megapixel
  unit_price_usd: 0.02
  examples:
    - input: { prompt: "a fox", num_images: 1 }
      units: 1
    - input: { prompt: "two foxes", num_images: 2 }
      units: 2
marketplace:
  title: Text to Image
  description: Generates an image from a prompt.
  category: text-to-image
  license: Apache-2.0
  example_input: { prompt: "a red fox in the snow" }
`;

/** An app directory (optionally a git repo with one commit: its HEAD is returned). */
export function makeProject(opts: { manifest?: string; git?: boolean } = {}): { dir: string; head?: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "falpub-platform-"));
  writeFileSync(path.join(dir, "falpub.yaml"), opts.manifest ?? MANIFEST);
  writeFileSync(path.join(dir, "app.py"), APP_PY);
  let head: string | undefined;
  if (opts.git) {
    const git = (...a: string[]) => execFileSync("git", a, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } }).trim();
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "init");
    head = git("rev-parse", "HEAD");
  }
  return { dir, head, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of a test run: the server's URLs and the canary key, nothing from the caller. */
export function platformTestEnv(urls: Record<string, string>, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...urls, FAL_KEY: CANARY_KEY, NO_COLOR: "1", ...extra };
}

/** The canary key or its secret half anywhere in the output. */
export function leaksCanary(...texts: string[]): boolean {
  const secret = CANARY_KEY.split(":")[1]!;
  return texts.some((t) => t.includes(CANARY_KEY) || t.includes(secret));
}
