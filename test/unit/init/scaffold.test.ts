import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { BILLING_STRATEGIES, type BillingStrategy } from "../../../src/core/vocabulary.js";
import {
  deriveNames,
  renderScaffold,
  validateAppName,
  validateClassName,
  type ScaffoldFile,
} from "../../../src/init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../../../src/init/templates.js";
import { VERSION } from "../../../src/meta.js";

const readTemplate = readTemplatesFrom(findTemplatesDir());

function render(strategy: BillingStrategy): Map<string, string> {
  const files = renderScaffold(
    { appName: "text-to-image", className: "TextToImage", strategy, machineType: "GPU-H100" },
    readTemplate,
  );
  return new Map(files.map((f: ScaffoldFile) => [f.path, f.content]));
}

describe("deriveNames", () => {
  it.each([
    ["text-to-image", "text-to-image", "TextToImage"],
    ["TextToImage", "text-to-image", "TextToImage"],
    ["my_cool app", "my-cool-app", "MyCoolApp"],
    ["ONNXModel", "onnx-model", "OnnxModel"],
    ["/home/me/projects/Café-Upscaler/", "cafe-upscaler", "CafeUpscaler"],
    ["gpt2-small", "gpt2-small", "Gpt2Small"],
    ["3d model", "3d-model", "App3dModel"],
    ["image", "image", "ImageApp"],
    ["日本", "my-app", "MyApp"],
    ["--", "my-app", "MyApp"],
  ])("%s → %s / %s", (input, appName, className) => {
    expect(deriveNames(input)).toEqual({ appName, className });
  });

  it("always yields names that validate", () => {
    for (const input of ["a".repeat(100), "x-".repeat(40), "Hello World!!", "__init__", "A1B2"]) {
      const { appName, className } = deriveNames(input);
      expect(validateAppName(appName), appName).toBeUndefined();
      expect(validateClassName(className), className).toBeUndefined();
    }
  });

  it("truncates long names to 63 characters without a trailing hyphen", () => {
    const { appName } = deriveNames("ab-".repeat(30));
    expect(appName.length).toBeLessThanOrEqual(63);
    expect(appName.endsWith("-")).toBe(false);
  });
});

describe("validateAppName", () => {
  it.each(["a", "text-to-image", "gpt2", "x".repeat(63), "a1-b2-c3"])("accepts %s", (name) => {
    expect(validateAppName(name)).toBeUndefined();
  });

  it.each([
    ["", /empty/],
    ["x".repeat(64), /64 characters/],
    ["my-app--staging", /--/],
    ["Text-To-Image", /kebab-case/],
    ["text_to_image", /kebab-case/],
    ["-app", /kebab-case/],
    ["app-", /kebab-case/],
    ["my app", /kebab-case/],
  ])("rejects %j", (name, message) => {
    expect(validateAppName(name)).toMatch(message);
  });
});

describe("validateClassName", () => {
  it.each(["TextToImage", "A", "Model2", "My_App"])("accepts %s", (name) => {
    expect(validateClassName(name)).toBeUndefined();
  });

  it.each([
    ["", /empty/],
    ["textToImage", /PascalCase/],
    ["2Fast", /PascalCase/],
    ["Text-To-Image", /PascalCase/],
    ["Input", /clashes/],
    ["None", /clashes/],
  ])("rejects %j", (name, message) => {
    expect(validateClassName(name)).toMatch(message);
  });
});

describe("renderScaffold", () => {
  const expectedPaths = [
    "falpub.yaml",
    ".falpub/falpub.schema.json",
    "app.py",
    "pyproject.toml",
    "README.md",
    ".gitignore",
    ".github/workflows/falpub.yml",
  ];

  // renderScaffold throws on an unknown {{name}}, so a left-over one can only be a malformed
  // placeholder (`{{ appName }}`, `{appName}}`) that the renderer never saw: GitHub's own
  // `${{ … }}` expressions are the only braces a rendered file may still hold.
  it.each(BILLING_STRATEGIES)("%s renders every file, with no malformed placeholder left", (strategy) => {
    const files = render(strategy);
    expect([...files.keys()]).toEqual(expectedPaths);
    for (const [path, content] of files) {
      expect(content.trim().length, path).toBeGreaterThan(0);
      const leftOver = content.replace(/\$\{\{ [^{}]+ \}\}/g, "").match(/\{\{|\}\}/g);
      expect(leftOver, path).toBeNull();
    }
    // `fal run` imports app.py locally: a heavy import must wait for the function that needs it.
    expect(files.get("app.py")).not.toMatch(/^(import|from) (PIL|torch|numpy)/m);
  });

  it.each(BILLING_STRATEGIES)("%s writes a manifest v1 that matches app.py and pyproject.toml", (strategy) => {
    const files = render(strategy);
    const yamlText = files.get("falpub.yaml")!;
    // The modeline points at the copy init writes beside the manifest: editors work offline.
    expect(yamlText.split("\n")[0]).toBe("# yaml-language-server: $schema=./.falpub/falpub.schema.json");
    expect(files.get(".falpub/falpub.schema.json")).toBe(readTemplate("falpub.schema.json"));
    const manifest = parseYaml(yamlText);
    expect(manifest.version).toBe(1);
    expect(manifest.app).toEqual({ ref: "app.py::TextToImage", name: "text-to-image", auth: "shared", strategy: "rolling" });
    expect(manifest.billing.strategy).toBe(strategy);
    expect(Object.keys(manifest.marketplace).sort()).toEqual(
      ["category", "description", "example_input", "license", "title"],
    );
    expect(manifest.marketplace.title).toBe("Text To Image");
    // chunk_chars only where it means something
    expect("chunk_chars" in manifest.billing).toBe(strategy === "per_text_chunk");
    // every example_input key is a field of the app's Input model
    const appPy = files.get("app.py")!;
    const inputModel = appPy.slice(appPy.indexOf("class Input(BaseModel):"), appPy.indexOf("\n\n\n", appPy.indexOf("class Input(")));
    for (const key of Object.keys(manifest.marketplace.example_input)) {
      expect(inputModel, key).toMatch(new RegExp(`^    ${key}: `, "m"));
    }

    const pyproject = files.get("pyproject.toml")!;
    expect(pyproject).toContain("[tool.fal.apps.text-to-image]\n");
    expect(pyproject).toContain('ref = "app.py::TextToImage"\n');
    expect(pyproject).toContain('auth = "shared"\n');
    expect(pyproject).toContain('deployment_strategy = "rolling"\n');
  });

  it("writes two billing examples into every per-unit scaffold's manifest", () => {
    for (const strategy of BILLING_STRATEGIES.filter((s) => s !== "gpu_seconds")) {
      const examples = parseYaml(render(strategy).get("falpub.yaml")!).billing.examples;
      expect(examples, strategy).toHaveLength(2);
      for (const ex of examples) expect(typeof ex.units, strategy).toBe("number");
    }
  });

  it("writes a workflow that checks on push and deploys by hand with FAL_KEY from secrets", () => {
    const wf = parseYaml(render("per_image").get(".github/workflows/falpub.yml")!);
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(["push", "workflow_dispatch"]));
    const runs = (job: string) => wf.jobs[job].steps.map((s: { run?: string }) => s.run).filter(Boolean) as string[];
    expect(runs("check").some((r) => /npx .*falpub check --strict --format github/.test(r))).toBe(true);
    expect(wf.jobs.deploy.if).toContain("workflow_dispatch");
    expect(wf.jobs.deploy.needs).toBe("check");
    const steps = wf.jobs.deploy.steps as Array<{ run?: string; env?: Record<string, string> }>;
    expect(steps.some((s) => /pip install "?fal/.test(s.run ?? ""))).toBe(true);
    const deploy = steps.find((s) => /falpub deploy/.test(s.run ?? ""))!;
    expect(deploy.env).toEqual({ FAL_KEY: "${{ secrets.FAL_KEY }}" });
    // the key never appears on a command line
    expect(steps.every((s) => !(s.run ?? "").includes("FAL_KEY"))).toBe(true);
  });

  it("hardens the workflow: least privilege, no persisted token, an environment for deploys, Node 24, SARIF upload, falpub pinned", () => {
    const wf = parseYaml(render("per_image").get(".github/workflows/falpub.yml")!);
    expect(wf.permissions).toEqual({});
    expect(wf.env.FALPUB).toBe(`falpub@${VERSION}`);
    for (const [name, job] of Object.entries<{ permissions: Record<string, string>; steps: Array<{ uses?: string; with?: Record<string, unknown>; run?: string }> }>(wf.jobs)) {
      const writes = Object.entries(job.permissions).filter(([, level]) => level === "write").map(([scope]) => scope);
      expect(writes, name).toEqual(name === "code-scanning" ? ["security-events"] : []);
      for (const step of job.steps) {
        if (step.uses?.startsWith("actions/checkout@")) expect(step.with?.["persist-credentials"], name).toBe(false);
        if (step.uses?.startsWith("actions/setup-node@")) expect(step.with?.["node-version"], name).toBe(24);
        if (step.run?.includes("falpub")) expect(step.run, name).toContain('--package "$FALPUB"');
      }
    }
    expect(wf.jobs.deploy.environment).toBeTruthy();
    const upload = wf.jobs["code-scanning"].steps.find((s: { uses?: string }) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload.with.sarif_file).toBe("falpub.sarif");
    expect(wf.jobs["code-scanning"].steps.some((s: { run?: string }) => /falpub check --strict --format sarif > falpub\.sarif/.test(s.run ?? ""))).toBe(true);
  });

  it("README names the class, the commands and the billing", () => {
    const readme = render("per_megapixel").get("README.md")!;
    expect(readme).toContain("fal run app.py::TextToImage");
    expect(readme).toContain("falpub check");
    expect(readme).toContain("falpub deploy");
    expect(readme).toContain("per megapixel");
  });

  it("rejects invalid options before reading templates", () => {
    const reads: string[] = [];
    const spy = (p: string) => (reads.push(p), "");
    const base = { appName: "ok", className: "Ok", strategy: "per_image" as const, machineType: "S" };
    expect(() => renderScaffold({ ...base, appName: "Bad_Name" }, spy)).toThrow(/kebab-case/);
    expect(() => renderScaffold({ ...base, className: "bad" }, spy)).toThrow(/PascalCase/);
    expect(() => renderScaffold({ ...base, machineType: 'S"; import os' }, spy)).toThrow(/machine type/);
    expect(() => renderScaffold({ ...base, strategy: "per_token" as BillingStrategy }, spy)).toThrow(/per_image/);
    expect(reads).toEqual([]);
  });

  it("fills placeholders from an injected reader and refuses unknown ones", () => {
    const fake = (p: string) => (p.endsWith("app.py") ? "{{className}}|{{appName}}|{{machineType}}|${{ secrets.X }}" : `${p}:{{title}}`);
    const files = renderScaffold(
      { appName: "sound-maker", className: "SoundMaker", strategy: "per_request", machineType: "GPU-A100" },
      fake,
    );
    expect(files.find((f) => f.path === "app.py")!.content).toBe("SoundMaker|sound-maker|GPU-A100|${{ secrets.X }}");
    expect(files.find((f) => f.path === ".gitignore")!.content).toBe("common/gitignore:Sound Maker");
    expect(files.find((f) => f.path === "falpub.yaml")!.content).toBe("per_request/falpub.yaml:Sound Maker");
    expect(() =>
      renderScaffold({ appName: "a", className: "A", strategy: "per_image", machineType: "S" }, () => "{{nope}}"),
    ).toThrow(/unknown placeholder \{\{nope\}\}/);
    expect(() =>
      renderScaffold({ appName: "a", className: "A", strategy: "per_image", machineType: "S" }, () => "{{toString}}"),
    ).toThrow(/unknown placeholder/);
  });
});
