// The REAL fal CLI (.venv/bin/fal, pinned 1.83.0) against falpub's adapter. Every run gets an
// isolated HOME, no credentials of the caller and FAL_GRPC_HOST/FAL_REST_HOST on a closed
// 127.0.0.1 port (isolatedFalEnv), so nothing can reach fal's hosts. Never skipped.
import { execa } from "execa";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDeployArgv } from "../../src/fal/argv.js";
import { falClient } from "../../src/fal/client.js";
import type { DeployOutcome, DeployRequest } from "../../src/fal/types.js";
import { isolatedFalEnv, REAL_FAL, REPO_ROOT, type IsolatedFalEnv } from "../support/fal-env.js";

let project: string;
const envs: IsolatedFalEnv[] = [];

const APP = `import fal


class MyApp(fal.App):
    app_auth = "shared"

    @fal.endpoint("/")
    def run(self) -> dict:
        return {"ok": True}
`;

beforeAll(async () => {
  // Idempotent: reuses .venv when it already has fal 1.83.0.
  await execa("bash", [path.join(REPO_ROOT, "test/support/setup-fal-venv.sh")], { stdio: "inherit" });
  project = mkdtempSync(path.join(tmpdir(), "falpub-proj-"));
  writeFileSync(path.join(project, "app.py"), APP);
  writeFileSync(path.join(project, "syntax_error.py"), "import fal\n\nclass Broken(fal.App:\n    pass\n");
  writeFileSync(path.join(project, "no_app.py"), "import fal\n\nX = 1\n");
  // A .git marks the project root, so fal's pyproject lookup stops here.
  mkdirSync(path.join(project, ".git"));
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  for (const e of envs) e.cleanup();
});

async function deploy(req: DeployRequest, extraEnv: NodeJS.ProcessEnv = {}, collect?: string[]) {
  const iso = await isolatedFalEnv(extraEnv);
  envs.push(iso);
  let stderr = "";
  const outcome: DeployOutcome = await falClient(iso.env, project).deploy(REAL_FAL, buildDeployArgv(req), {
    cwd: project,
    timeoutMs: 60_000,
    onStdout: (l) => collect?.push(l),
    onStderr: (l) => {
      stderr += l + "\n";
      collect?.push(l);
    },
  });
  return { outcome, stderr };
}

describe("real fal 1.83.0", () => {
  it("reports its version through the fal client", async () => {
    const iso = await isolatedFalEnv();
    envs.push(iso);
    expect(await falClient(iso.env, project).version(REAL_FAL)).toEqual({ version: { kind: "release", raw: "1.83.0", parts: [1, 83, 0] } });
  });

  // (a) Every flag buildDeployArgv can emit, in combinations fal accepts together.
  const matrix: DeployRequest[] = [
    { ref: "app.py", json: true, yes: true },
    {
      ref: "app.py::MyApp", appName: "my-app", auth: "shared", strategy: "rolling", attach: true, resetScale: true,
      noCache: true, message: "-starts with a dash; and 'quotes'", annotations: [["GIT_SHA", "abc123"], ["NOTE", "a=b=c"], ["-odd", "v"]],
      env: "main", json: true, yes: true,
    },
    { ref: "app.py", auth: "public", strategy: "recreate", resetScale: false, forceEnvBuild: true, team: "acme", json: false, check: true, yes: true },
    { ref: "app.py", auth: "private", attach: false, message: "", json: true },
    { ref: "my-app", json: true, yes: true },
  ];

  it("(a) the real parser accepts every argv buildDeployArgv builds", async () => {
    const runs = await Promise.all(matrix.map((req) => deploy(req)));
    runs.forEach(({ outcome, stderr }, i) => {
      const argv = buildDeployArgv(matrix[i]!).join(" ");
      expect(outcome.exitCode, argv).not.toBe(2);
      expect(stderr, argv).not.toMatch(/usage:/i);
      expect(stderr, argv).not.toMatch(/error: (argument|unrecognized)/);
      // Parsing passed and fal went on to load the app or look up pyproject: a typed failure.
      expect(["not-authenticated", "invalid-app"], `${argv} → ${JSON.stringify(outcome)}`).toContain(outcome.kind);
    });
    // Every flag was exercised.
    const used = new Set(matrix.flatMap((r) => buildDeployArgv(r)).filter((a) => a.startsWith("--")).map((a) => a.split("=")[0]));
    expect([...used].sort()).toEqual(
      ["--annotation", "--app-name", "--attach", "--auth", "--check", "--detach", "--env", "--force-env-build", "--json",
        "--message", "--no-cache", "--no-scale", "--reset-scale", "--strategy", "--team", "--yes"].sort(),
    );
  });

  it("the parser is really checked: a bad --auth exits 2 with usage (control)", async () => {
    const { outcome, stderr } = await deploy({ ref: "app.py", auth: "everyone" as never, json: true });
    expect(outcome).toMatchObject({ kind: "failed", exitCode: 2 });
    expect(stderr).toMatch(/usage:/i);
  });

  it.concurrent("(b) no credentials → not-authenticated, even with completion/colour vars leaking from the shell", async () => {
    const lines: string[] = [];
    const { outcome } = await deploy(
      { ref: "app.py::MyApp", auth: "shared", json: true, yes: true },
      // Without childEnv's scrubbing, these three make fal exit 1 silently (recorded: argcomplete-leak).
      { _ARGCOMPLETE: "1", COMP_LINE: "fal ", COMP_POINT: "4", FORCE_COLOR: "1" },
      lines,
    );
    expect(outcome.kind).toBe("not-authenticated");
    expect(outcome.exitCode).toBe(1);
    expect(lines.join("\n")).not.toContain("\u001b");
  });

  it.concurrent("(c) a valid-shaped key and a closed port → unreachable; the key never shows", async () => {
    const key = "00000000-0000-4000-8000-000000000000:0123456789abcdef0123456789abcdef";
    const lines: string[] = [];
    const { outcome } = await deploy({ ref: "app.py", json: true, yes: true }, { FAL_KEY: key }, lines);
    expect(outcome.kind).toBe("unreachable");
    expect(JSON.stringify(outcome) + lines.join("\n")).not.toContain("0123456789abcdef0123456789abcdef");
  });

  it.concurrent("(d) broken app files → invalid-app", async () => {
    const results = await Promise.all(
      ["syntax_error.py", "no_app.py", "missing.py"].map((ref) => deploy({ ref, json: true, yes: true })),
    );
    for (const { outcome } of results) expect(outcome.kind).toBe("invalid-app");
  });
});
