// Starts test/control-plane/server.py (a local stand-in for fal's gRPC + REST
// control plane) so the real `fal deploy` can run end to end on 127.0.0.1.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type ControlPlaneMode = "ok" | "ok-private" | "refuse-key" | "fail-build" | "hang";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "../..");
export const SERVER_SCRIPT = path.join(REPO_ROOT, "test/control-plane/server.py");
export const VENV_PYTHON = path.join(REPO_ROOT, ".venv/bin/python");
export const VENV_FAL = path.join(REPO_ROOT, ".venv/bin/fal");

/** Must match TEST_KEY_ID / TEST_KEY_SECRET / REVISION in server.py. */
export const TEST_KEY_ID = "test-key-id";
export const TEST_KEY_SECRET = "test-key-secret";
export const TEST_FAL_KEY = `${TEST_KEY_ID}:${TEST_KEY_SECRET}`;
export const TEST_REVISION = "00000000-0000-4000-8000-00000000c0de";

/** One line of the server's --record file. Secrets are already redacted. */
export type RecordedRequest =
  | {
      kind: "grpc";
      /** e.g. "RegisterApplication" */
      method: string;
      metadata: Record<string, string>;
      /** MessageToDict of the request (camelCase keys); absent for streaming requests. */
      request?: Record<string, any>;
      t: number;
    }
  | {
      kind: "rest";
      method: string;
      path: string;
      headers: Record<string, string>;
      body: string | null;
      t: number;
    };

export interface ControlPlane {
  grpcHost: string;
  restHost: string;
  /** Env vars to add to the fal child's environment (HOME isolation is the caller's). */
  env: Record<string, string>;
  recordFile: string;
  requests(): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
}

export interface StartOptions {
  mode: ControlPlaneMode;
  /** JSON-lines file the server appends to; a temp file when omitted. */
  recordFile?: string;
  python?: string;
  readyTimeoutMs?: number;
}

export async function startControlPlane(opts: StartOptions): Promise<ControlPlane> {
  const ownDir = opts.recordFile ? undefined : mkdtempSync(path.join(tmpdir(), "falpub-cp-"));
  const recordFile = opts.recordFile ?? path.join(ownDir!, "requests.jsonl");
  const child = spawn(
    opts.python ?? VENV_PYTHON,
    [SERVER_SCRIPT, "--mode", opts.mode, "--record", recordFile],
    // stdin stays open: the server stops by itself when it closes (our exit).
    { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, PYTHONUNBUFFERED: "1" } },
  );
  // If the test process exits without calling stop(), do not leave it behind.
  const onExit = () => child.kill("SIGKILL");
  process.on("exit", onExit);

  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));

  let ready: { grpc: string; rest: string };
  try {
    ready = await waitForReadyLine(child, opts.readyTimeoutMs ?? 15_000, () => stderr);
  } catch (err) {
    process.off("exit", onExit);
    child.kill("SIGKILL");
    throw err;
  }

  let stopped: Promise<void> | undefined;
  return {
    grpcHost: ready.grpc,
    restHost: ready.rest,
    recordFile,
    env: {
      FAL_GRPC_HOST: ready.grpc,
      FAL_REST_HOST: ready.rest,
      // Plain (local) gRPC credentials and http:// REST (fal/flags.py, fal/sdk.py).
      ISOLATE_TEST_MODE: "1",
      // Deliberately no ISOLATE_AUTH_DISABLED: with it fal sends no key at all
      // (fal/sdk.py get_credentials), so the key path would go untested.
      FAL_KEY: TEST_FAL_KEY,
    },
    async requests() {
      if (!existsSync(recordFile)) return [];
      return readFileSync(recordFile, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as RecordedRequest);
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        process.off("exit", onExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }).then(() => {
        if (ownDir) rmSync(ownDir, { recursive: true, force: true });
      });
      return stopped;
    },
  };
}

function waitForReadyLine(
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<{ grpc: string; rest: string }> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`control plane did not start: ${why}\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(`no ready line after ${timeoutMs} ms`), timeoutMs);
    const onData = (d: string) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      try {
        const line = JSON.parse(buf.slice(0, nl));
        cleanup();
        resolve(line);
      } catch {
        fail(`bad ready line ${JSON.stringify(buf.slice(0, nl))}`);
      }
    };
    const onExit = (code: number | null) => fail(`exited with ${code}`);
    const onError = (e: Error) => fail(e.message);
    function cleanup() {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    }
    child.stdout!.setEncoding("utf8").on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}
