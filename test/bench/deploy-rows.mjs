// The deploy rows of npm run bench: `deploy --dry-run` with the real fal against `check` of the
// same app, and a successful deploy through falpub against the bare `fal deploy` with the same
// argv, both against the local control plane (test/control-plane/server.py) on 127.0.0.1.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createServer } from "node:net";
import { build } from "esbuild";
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

/**
 * The local Platform API imitation (test/support/platform-server.ts) in a child process (the
 * bench runs its commands with spawnSync, which would block a server in this one), knowing
 * `appName` as deployed by the control plane: shared, its revision current. Without it the
 * deploy's platform check would go to fal's real host.
 */
export async function startPlatformApi(root, appName, key) {
  const cache = path.join(root, "test/bench/.cache");
  mkdirSync(cache, { recursive: true });
  const entry = path.join(cache, "platform-api.ts");
  writeFileSync(
    entry,
    `import { OWNER, startPlatformServer } from ${JSON.stringify(path.join(root, "test/support/platform-server.ts"))};
import { TEST_REVISION } from ${JSON.stringify(path.join(root, "test/support/control-plane.ts"))};
const [appName, key] = process.argv.slice(2);
const server = await startPlatformServer();
server.state.keys[key] = { owner: OWNER, scope: "ADMIN" };
server.state.apps = [{ name: appName, owner: OWNER, environment: "main", auth_mode: "shared" }];
server.state.revisions[OWNER + "/" + appName] = [{ revision_id: TEST_REVISION, created_at: new Date().toISOString(), is_current: true, message: null, annotations: null, status: "deployed", deployed_by: OWNER }];
process.stdout.write(JSON.stringify(server.env()) + "\\n");
process.stdin.resume().on("end", () => void server.close().then(() => process.exit(0)));
`,
  );
  const script = path.join(cache, "platform-api.mjs");
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", outfile: script, logLevel: "error" });
  const child = spawn(process.execPath, [script, appName, key], { stdio: ["pipe", "pipe", "inherit"] });
  const stop = () => child.stdin.end();
  process.on("exit", () => child.kill());
  const env = await new Promise((resolve, reject) => {
    let buf = "";
    child.once("exit", (code) => reject(new Error(`platform API imitation exited ${code}`)));
    child.stdout.setEncoding("utf8").on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) resolve(JSON.parse(buf.slice(0, buf.indexOf("\n"))));
    });
  });
  for (const url of Object.values(env)) if (new URL(url).hostname !== "127.0.0.1") throw new Error(`not local: ${url}`);
  return { env, stop };
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
  const plan = JSON.parse(execFileSync(node, [bin, "deploy", "--dry-run", "--json", "--fal", fal], { cwd: project, env: { ...base, ...plane.env }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const appName = plan.argv[plan.argv.indexOf("--app-name") + 1];
  // falpub's platform check after the deploy asks the Platform API (FAL_KEY is set): the local one.
  const api = await startPlatformApi(root, appName, plane.env.FAL_KEY);
  const live = { ...base, ...plane.env, ...api.env };
  const bareDeploy = cmd("fal deploy", fal, plan.argv, live);
  const falpubDeploy = cmd("falpub deploy", node, [bin, "deploy", "--fal", fal], live);
  // One deploy first: it must end "deployed" with the platform check passed, or the row measures a failure.
  const probe = JSON.parse(execFileSync(node, [bin, "deploy", "--json", "--fal", fal], { cwd: project, env: live, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  if (probe.outcome?.kind !== "deployed" || !probe.platform || "error" in probe.platform) throw new Error(`bench deploy did not pass its platform check: ${JSON.stringify({ outcome: probe.outcome, platform: probe.platform })}`);
  const stop = () => (plane.stop(), api.stop());
  return { check, dryRun, bareDeploy, falpubDeploy, command: `fal ${plan.argv.join(" ")}`, stop };
}
