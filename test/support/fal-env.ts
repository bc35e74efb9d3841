import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "../..");
export const FAKE_FAL_SCRIPT = path.join(here, "fake-fal.mjs");
export const REAL_FAL = path.join(REPO_ROOT, ".venv", "bin", "fal");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "fal-1.83.0");

/** A port on 127.0.0.1 that was free a moment ago (bound, then released): connections are refused. */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface IsolatedFalEnv {
  env: NodeJS.ProcessEnv;
  home: string;
  port: number;
  cleanup(): void;
}

/**
 * An environment in which the real fal can reach nothing: a fresh HOME (no
 * ~/.fal/config.toml, no auth0_token), none of the caller's FAL_* variables, and
 * FAL_GRPC_HOST/FAL_REST_HOST on a closed 127.0.0.1 port. `extra` adds variables
 * (e.g. a fake, valid-shaped FAL_KEY).
 */
export async function isolatedFalEnv(extra: NodeJS.ProcessEnv = {}): Promise<IsolatedFalEnv> {
  const home = mkdtempSync(path.join(tmpdir(), "falpub-home-"));
  const port = await closedPort();
  const env: NodeJS.ProcessEnv = {
    PATH: [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
    HOME: home,
    LANG: "C.UTF-8",
    FAL_GRPC_HOST: `127.0.0.1:${port}`,
    FAL_REST_HOST: `127.0.0.1:${port}`,
    ...extra,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return { env, home, port, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export interface FakeFalRecord {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface FakeFal {
  dir: string;
  binDir: string;
  /** `<binDir>/fal`, a wrapper that runs fake-fal.mjs with this Node. */
  falPath: string;
  recordPath: string;
  /** PATH with the fake first, plus the FAKE_FAL_* settings. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  records(): FakeFalRecord[];
  cleanup(): void;
}

/** A temp dir with the fake as `fal` on PATH; `replay` is a fixture case name, a path, or "hang". */
export function makeFakeFal(opts: { version?: string; replay?: string } = {}): FakeFal {
  const dir = mkdtempSync(path.join(tmpdir(), "falpub-fakefal-"));
  const binDir = path.join(dir, "bin");
  const falPath = path.join(binDir, "fal");
  const recordPath = path.join(dir, "record.jsonl");
  // A shell wrapper, so neither the exec bit of fake-fal.mjs nor `node` on PATH matters.
  mkdirSync(binDir);
  writeFileSync(falPath, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_FAL_SCRIPT}" "$@"\n`);
  chmodSync(falPath, 0o755);

  const replay =
    opts.replay === undefined || opts.replay.startsWith("hang") || path.isAbsolute(opts.replay)
      ? opts.replay
      : path.join(FIXTURES, opts.replay);

  return {
    dir,
    binDir,
    falPath,
    recordPath,
    env(extra = {}) {
      const env: NodeJS.ProcessEnv = {
        PATH: [binDir, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
        HOME: dir,
        FAKE_FAL_RECORD: recordPath,
        ...(opts.version ? { FAKE_FAL_VERSION: opts.version } : {}),
        ...(replay ? { FAKE_FAL_REPLAY: replay } : {}),
        ...extra,
      };
      return env;
    },
    records() {
      if (!existsSync(recordPath)) return [];
      return readFileSync(recordPath, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as FakeFalRecord);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
