/**
 * Every scaffold `falpub init` can write is a real fal app: rendered into a temp dir, it
 * is imported, served in-process and loaded by fal deploy's own loader using the real fal
 * SDK from PyPI (test/support/serve_scaffold.py), with no server contacted. The billing
 * header is compared with the strategy's formula computed here, from the inputs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { BILLING_STRATEGIES, type BillingStrategy } from "../../src/core/vocabulary.js";
import { renderScaffold } from "../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../src/init/templates.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const python = join(root, ".venv", "bin", "python");
const setupScript = join(root, "test", "support", "setup-fal-venv.sh");
const harness = join(root, "test", "support", "serve_scaffold.py");

type Body = Record<string, unknown>;
interface Case {
  input: Body;
  /** The header value the strategy's formula gives; null = header absent. */
  units: string | null;
}

const MIB = 1024 * 1024;
const megapixels = (w: number, h: number, n: number) => String(n * Math.ceil((w * h) / MIB));
const chunks = (text: string) => String(Math.max(1, Math.ceil([...text].length / 1000)));

// Inputs and the units each must be billed, written from the formulas, not from the app.
const CASES: Record<BillingStrategy, Case[]> = {
  per_image: [
    { input: { prompt: "a red fox" }, units: "1" },
    { input: { prompt: "a cat", num_images: 3 }, units: "3" },
  ],
  per_megapixel: [
    { input: { prompt: "a red fox" }, units: megapixels(1024, 1024, 1) },
    { input: { prompt: "a cat", width: 1500, height: 1000, num_images: 2 }, units: megapixels(1500, 1000, 2) },
    { input: { prompt: "big", width: 2048, height: 2048, num_images: 4 }, units: megapixels(2048, 2048, 4) },
    { input: { prompt: "small", width: 256, height: 256, num_images: 3 }, units: megapixels(256, 256, 3) },
  ],
  per_video_second: [
    { input: { prompt: "a red fox" }, units: (48 / 24).toFixed(8) },
    { input: { prompt: "a cat", num_frames: 26, fps: 24 }, units: (26 / 24).toFixed(8) },
    { input: { prompt: "a dog", num_frames: 10, fps: 8 }, units: (10 / 8).toFixed(8) },
  ],
  per_text_chunk: [
    { input: { text: "" }, units: chunks("") },
    { input: { text: "Hello from the fal Marketplace!" }, units: chunks("Hello from the fal Marketplace!") },
    { input: { text: "a".repeat(1000) }, units: chunks("a".repeat(1000)) },
    { input: { text: "a".repeat(1001) }, units: chunks("a".repeat(1001)) },
    { input: { text: "b".repeat(2500) }, units: chunks("b".repeat(2500)) },
  ],
  per_request: [
    { input: { prompt: "Write a haiku about foxes." }, units: "1" },
    { input: { prompt: "x ".repeat(500), max_words: 3 }, units: "1" },
  ],
  gpu_seconds: [
    { input: { prompt: "a red fox" }, units: null },
    { input: { prompt: "a cat", num_images: 2 }, units: null },
  ],
};

/** An input the app's model rejects (422): fal's own handler bills it "0". */
const INVALID: Record<BillingStrategy, Body> = {
  per_image: { prompt: "x", num_images: 9 },
  per_megapixel: { prompt: "x", width: 4096 },
  per_video_second: { prompt: "x", fps: 1000 },
  per_text_chunk: { text: "x".repeat(20_001) },
  per_request: {},
  gpu_seconds: { num_images: 1 },
};

interface ServeResult {
  strategy: BillingStrategy;
  error?: string;
  isFalApp: boolean;
  appAuth: string | null;
  appName: string;
  machineType: string;
  healthCheck: { path: string; method: string; startPeriodSeconds: number; timeoutSeconds: number; failureThreshold: number } | null;
  openapi: { components: { schemas: Record<string, { properties?: Record<string, Body> }> } };
  responses: Array<{ status: number; billableUnits: string | null; body: Body }>;
  health: { status: number; body: Body; billableUnits: string | null };
  loadByName: Record<string, unknown>;
  loadByRef: Record<string, unknown>;
}

/** Width and height from a PNG data URI's IHDR chunk. */
function pngSize(dataUri: string): [number, number] {
  const bytes = Buffer.from(dataUri.replace(/^data:image\/png;base64,/, ""), "base64");
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

const classFor = (s: BillingStrategy) => `Scaffold${s.split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join("")}`;
const appFor = (s: BillingStrategy) => `scaffold-${s.replace(/_/g, "-")}`;

/** The billing examples `init` wrote into each scaffold's manifest. */
const examples = new Map<BillingStrategy, Array<{ input: Body; units: number }>>();
let work: string;
let results: Map<BillingStrategy, ServeResult>;
let falVersion: string;

beforeAll(() => {
  if (existsSync(setupScript)) {
    const setup = spawnSync("bash", [setupScript], { cwd: root, stdio: "inherit", timeout: 280_000 });
    expect(setup.status, "setup-fal-venv.sh failed").toBe(0);
  }
  expect(existsSync(python), `${python} is missing: install fal from PyPI into .venv`).toBe(true);

  work = mkdtempSync(join(tmpdir(), "falpub-scaffold-"));
  const readTemplate = readTemplatesFrom(findTemplatesDir());
  const projects = BILLING_STRATEGIES.map((strategy) => {
    const dir = join(work, strategy);
    const files = renderScaffold(
      { appName: appFor(strategy), className: classFor(strategy), strategy, machineType: "GPU-H100" },
      readTemplate,
    );
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
    }
    const manifest = parseYaml(files.find((f) => f.path === "falpub.yaml")!.content) as { billing: { examples?: Array<{ input: Body; units: number }> } };
    examples.set(strategy, manifest.billing.examples ?? []);
    return {
      strategy,
      dir,
      className: classFor(strategy),
      appName: appFor(strategy),
      cases: [...CASES[strategy].map((c) => c.input), INVALID[strategy], ...examples.get(strategy)!.map((e) => e.input)],
    };
  });

  const specPath = join(work, "spec.json");
  const resultPath = join(work, "result.json");
  writeFileSync(specPath, JSON.stringify({ projects }));
  // A clean environment: no user fal config or key can leak in (HOME is the temp dir).
  const run = spawnSync(python, [harness, specPath, resultPath], {
    cwd: work,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, PYTHONDONTWRITEBYTECODE: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(run.status, `serve_scaffold.py failed:\n${run.stderr.slice(-4000)}`).toBe(0);
  const parsed = JSON.parse(readFileSync(resultPath, "utf8")) as { fal: string; results: ServeResult[] };
  falVersion = parsed.fal;
  results = new Map(parsed.results.map((r) => [r.strategy, r]));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function resultFor(strategy: BillingStrategy): ServeResult {
  const r = results.get(strategy)!;
  expect(r, strategy).toBeDefined();
  expect(r.error, `${strategy} raised in Python:\n${r.error}`).toBeUndefined();
  return r;
}

describe("scaffolds served by the real fal SDK", () => {
  it("uses fal 1.83.0 or newer", () => {
    const [major, minor] = falVersion.split(".").map(Number);
    expect(major > 1 || (major === 1 && minor >= 83), falVersion).toBe(true);
  });

  describe.each(BILLING_STRATEGIES)("%s", (strategy) => {
    it("is a shared fal.App with the rendered name, machine type and one health check", () => {
      const r = resultFor(strategy);
      expect(r.isFalApp).toBe(true);
      expect(r.appAuth).toBe("shared");
      expect(r.appName).toBe(appFor(strategy));
      expect(r.machineType).toBe("GPU-H100");
      expect(r.healthCheck).toEqual({
        path: "/health",
        method: "POST",
        startPeriodSeconds: expect.any(Number),
        timeoutSeconds: 5,
        failureThreshold: 3,
      });
    });

    it("bills each request by the strategy's formula", () => {
      const r = resultFor(strategy);
      const cases = CASES[strategy];
      expect(r.responses).toHaveLength(cases.length + 1 + examples.get(strategy)!.length);
      cases.forEach((c, i) => {
        const res = r.responses[i];
        expect(res.status, JSON.stringify(c.input)).toBe(200);
        expect(res.billableUnits, JSON.stringify(c.input)).toBe(c.units);
      });
      // different inputs really give different bills (except flat and GPU-second billing)
      if (strategy !== "per_request" && strategy !== "gpu_seconds") {
        expect(new Set(cases.map((c) => c.units)).size).toBeGreaterThan(1);
      }
      const invalid = r.responses[cases.length];
      expect(invalid.status).toBe(422);
      expect(invalid.billableUnits).toBe("0");
    });

    it("serves each billing example of its manifest with the declared units", () => {
      const r = resultFor(strategy);
      const declared = examples.get(strategy)!;
      expect(declared.length).toBe(strategy === "gpu_seconds" ? 0 : 2);
      declared.forEach((ex, i) => {
        const res = r.responses[CASES[strategy].length + 1 + i];
        expect(res.status, JSON.stringify(ex.input)).toBe(200);
        // fal reads the header as a number.
        expect(Number(res.billableUnits), JSON.stringify(ex.input)).toBe(ex.units);
      });
    });

    it("answers the health check with 200, unbilled", () => {
      const r = resultFor(strategy);
      expect(r.health).toEqual({ status: 200, body: { status: "ok" }, billableUnits: null });
    });

    it("documents every input and output field with a description and examples", () => {
      const schemas = resultFor(strategy).openapi.components.schemas;
      const own = Object.keys(schemas).filter((n) => !/ValidationError$/.test(n));
      expect(own).toEqual(expect.arrayContaining(["Input", "Output", "HealthStatus"]));
      for (const name of own) {
        for (const [field, prop] of Object.entries(schemas[name].properties ?? {})) {
          expect(prop.description, `${name}.${field}`).toEqual(expect.any(String));
          expect(prop.examples, `${name}.${field}`).toEqual(expect.any(Array));
        }
      }
    });

    it("is loaded by fal deploy's loader by pyproject name and by file ref", () => {
      const r = resultFor(strategy);
      const expected = {
        appName: appFor(strategy),
        appAuth: "shared",
        machineType: "GPU-H100",
        healthCheckPath: "/health",
        healthCheckMethod: "POST",
      };
      expect(r.loadByName).toMatchObject({ ...expected, className: classFor(strategy), deploymentStrategy: "rolling" });
      expect(r.loadByRef).toMatchObject({ ...expected, className: classFor(strategy) });
    });
  });

  it("returns images of the billed size and count (per_megapixel)", () => {
    const r = resultFor("per_megapixel");
    CASES.per_megapixel.forEach((c, i) => {
      const images = r.responses[i].body.images as Array<{ url: string; width: number; height: number }>;
      expect(images).toHaveLength((c.input.num_images as number | undefined) ?? 1);
      for (const image of images) {
        const size = [(c.input.width as number | undefined) ?? 1024, (c.input.height as number | undefined) ?? 1024];
        expect(pngSize(image.url)).toEqual(size);
        expect([image.width, image.height]).toEqual(size);
      }
    });
  });

  it("returns the video length it bills (per_video_second)", () => {
    const r = resultFor("per_video_second");
    CASES.per_video_second.forEach((c, i) => {
      const video = r.responses[i].body.video as { num_frames: number; fps: number; duration_seconds: number; url: string };
      expect(video.url.startsWith("data:image/gif;base64,R0lGOD")).toBe(true);
      expect(video.duration_seconds.toFixed(8)).toBe(c.units);
    });
  });
});
