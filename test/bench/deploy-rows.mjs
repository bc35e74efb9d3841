// The deploy rows of npm run bench: `deploy --dry-run` with the real fal against `check` of the
// same app, and a successful deploy through falpub against the bare `fal deploy` with the same
// argv, both against the local control plane (test/control-plane/server.py) on 127.0.0.1.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { createServer } from "node:net";
import { benchEnv } from "./lib.mjs";

/** `git init` + one commit, so falpub adds its provenance (--message, GIT_SHA) as for a user. */
function commitAll(dir) {
  const git = (...args) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { cwd: dir, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "bench app");
}

/** A port that was free a moment ago: a fal pointed at it cannot reach anything. */
export const closedPort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

/** Starts the local control plane in `ok` mode; resolves with its env and a stop(). */
export function startControlPlane(root) {
  const python = path.join(root, ".venv", "bin", "python");
  const child = spawn(python, [path.join(root, "test/control-plane/server.py"), "--mode", "ok"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, PYTHONUNBUFFERED: "1" } });
  const stop = () => {
    child.kill("SIGTERM");
    child.stdin.end();
  };
  process.on("exit", stop);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`control plane did not start: ${stderr}`)), 20_000);
    child.once("exit", (code) => reject(new Error(`control plane exited ${code}: ${stderr}`)));
    child.stdout.setEncoding("utf8").on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      const ready = JSON.parse(buf.slice(0, nl));
      resolve({
        env: { FAL_GRPC_HOST: ready.grpc, FAL_REST_HOST: ready.rest, ISOLATE_TEST_MODE: "1", FAL_KEY: "test-key-id:test-key-secret" },
        stop,
      });
    });
  });
}

/** Both deploy rows' commands. Needs .venv/bin/fal (npm run setup:fal); undefined without it. */
export async function deployCommands({ root, work, node, bin, template }) {
  const fal = path.join(root, ".venv", "bin", "fal");
  if (!existsSync(fal)) return undefined;
  const home = path.join(work, "home");
  mkdirSync(home, { recursive: true });
  const project = path.join(work, "deploy-app");
  execFileSync("cp", ["-r", template, project]);
  commitAll(project);

  // --dry-run never reaches a host; the closed port makes sure of it.
  const port = await closedPort();
  const base = benchEnv({ HOME: home, PATH: [path.dirname(node), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter), FAL_GRPC_HOST: `127.0.0.1:${port}`, FAL_REST_HOST: `127.0.0.1:${port}` });
  delete base.FAL_KEY;
  delete base.FALPUB_FAL;
  const cmd = (label, file, args, env = base) => ({ label, file, args, cwd: project, env });
  const check = cmd("falpub check", node, [bin, "check"]);
  const dryRun = cmd("falpub deploy --dry-run", node, [bin, "deploy", "--dry-run", "--fal", fal]);

  const plane = await startControlPlane(root);
  const live = { ...base, ...plane.env };
  const plan = JSON.parse(execFileSync(node, [bin, "deploy", "--dry-run", "--json", "--fal", fal], { cwd: project, env: live, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const bareDeploy = cmd("fal deploy", fal, plan.argv, live);
  const falpubDeploy = cmd("falpub deploy", node, [bin, "deploy", "--fal", fal], live);
  return { check, dryRun, bareDeploy, falpubDeploy, command: `fal ${plan.argv.join(" ")}`, stop: plane.stop };
}
