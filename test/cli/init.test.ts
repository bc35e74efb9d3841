// `falpub init` in-process (src/program.ts, as the bin runs it), without a terminal: it never
// prompts, never overwrites, writes all or nothing; what it writes passes `check --strict`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { falpubIn, listFiles, STACK_FRAME, tempDirs } from "./helpers.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const SCAFFOLD = [".falpub/falpub.schema.json", ".github/workflows/falpub.yml", ".gitignore", "README.md", "app.py", "falpub.yaml", "pyproject.toml"];

describe("falpub init", () => {
  test.concurrent("without a terminal and without --billing: exit 2 naming --billing, nothing written", async () => {
    const cwd = dirs.make();
    for (const args of [["init", "app"], ["init", "app", "--yes"], ["init", "app", "--name", "my-app"]]) {
      const r = await falpubIn(args, { cwd });
      expect(r.exitCode, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/--billing/);
      expect(r.stderr).toMatch(/per_image\|per_megapixel/);
      expect(r.stdout).toBe("");
    }
    expect(listFiles(cwd)).toEqual([]);
  });

  // One strategy through the bin (templates found from dist/, init then check as a user runs them);
  // every strategy × machine type passes check --strict in-process in test/unit/init/scaffold-check.test.ts.
  test.concurrent.each(["per_text_chunk"])("--billing %s: exit 0, the scaffold passes check --strict", async (strategy) => {
    const cwd = dirs.make();
    const name = `demo-${strategy.replace(/_/g, "-")}`;
    const r = await falpubIn(["init", "app", "--billing", strategy, "--name", name], { cwd });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(new RegExp(`Created ${name} \\(${strategy}\\) in app`));
    expect(listFiles(path.join(cwd, "app"))).toEqual(SCAFFOLD);
    const manifest = readFileSync(path.join(cwd, "app", "falpub.yaml"), "utf8");
    expect(manifest).toMatch(new RegExp(`^  strategy: ${strategy}\\b`, "m"));
    expect(manifest).toMatch(new RegExp(`^  name: ${name}$`, "m"));

    const check = await falpubIn(["check", "--strict"], { cwd: path.join(cwd, "app") });
    expect(check.exitCode, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/no problems in 1 app \(strict\)/);
  });

  test.concurrent("name and class default from the directory; --class and --machine-type are used", async () => {
    const cwd = dirs.make();
    const r = await falpubIn(["init", "text-to-image", "--billing", "per_request", "--class", "MyModel", "--machine-type", "GPU-H100"], { cwd });
    expect(r.exitCode, r.stderr).toBe(0);
    const app = readFileSync(path.join(cwd, "text-to-image", "app.py"), "utf8");
    expect(app).toMatch(/^class MyModel\(fal\.App\):$/m);
    expect(app).toMatch(/^    app_name = "text-to-image"$/m);
    expect(app).toMatch(/^    machine_type = "GPU-H100"$/m);
    expect(readFileSync(path.join(cwd, "text-to-image", "falpub.yaml"), "utf8")).toMatch(/ref: app\.py::MyModel/);
    // init into "." (the current directory)
    const here = path.join(cwd, "here-app");
    mkdirSync(here);
    const dot = await falpubIn(["init", "--billing", "per_image"], { cwd: here });
    expect(dot.exitCode, dot.stderr).toBe(0);
    expect(readFileSync(path.join(here, "falpub.yaml"), "utf8")).toMatch(/^  name: here-app$/m);
  });

  test.concurrent("a directory name with nothing usable in it falls back to my-app and says so", async () => {
    const cwd = dirs.make();
    const r = await falpubIn(["init", "日本", "--billing", "per_request"], { cwd });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no app name could be made from "日本"; using my-app \(pass --name to choose\)/);
    expect(readFileSync(path.join(cwd, "日本", "falpub.yaml"), "utf8")).toMatch(/^  name: my-app$/m);
  });

  test.concurrent("refuses to overwrite: exit 1, lists the file, writes nothing else", async () => {
    const cwd = dirs.make();
    const target = path.join(cwd, "app");
    mkdirSync(target);
    writeFileSync(path.join(target, "pyproject.toml"), "# mine\n");
    const r = await falpubIn(["init", "app", "--billing", "per_image"], { cwd });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Refusing to overwrite .*pyproject\.toml.*Nothing was written/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stdout).toBe("");
    expect(listFiles(target)).toEqual(["pyproject.toml"]);
    expect(readFileSync(path.join(target, "pyproject.toml"), "utf8")).toBe("# mine\n");
  });

  test.concurrent("a file as the target, or a target it cannot write into: exit 2, one clear message, nothing left behind", async () => {
    const cwd = dirs.make();
    writeFileSync(path.join(cwd, "afile"), "mine\n");
    const onFile = await falpubIn(["init", "afile", "--billing", "per_image"], { cwd });
    expect(onFile.exitCode).toBe(2);
    expect(onFile.stderr).toMatch(/afile is a file, not a directory/);
    expect(onFile.stderr).not.toMatch(/internal error|This is a bug/);
    expect(readFileSync(path.join(cwd, "afile"), "utf8")).toBe("mine\n");

    // `.github` is a file: the workflow cannot be written after the other files were moved in.
    const target = path.join(cwd, "gh");
    mkdirSync(target);
    writeFileSync(path.join(target, ".github"), "mine\n");
    const blocked = await falpubIn(["init", "gh", "--billing", "per_image"], { cwd });
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr).toMatch(/Cannot write the app into gh \(ENOTDIR.*Nothing was written/);
    expect(blocked.stderr).not.toMatch(STACK_FRAME);
    expect(blocked.stdout).toBe("");
    expect(listFiles(target)).toEqual([".github"]);
    expect(readdirSync(target)).toEqual([".github"]); // no staging or empty directories either
  });

  test.concurrent.each([
    ["My_App", /not lowercase kebab-case/],
    ["a--b", /contains `--`/],
    ["-app", /.+/],
    ["x".repeat(64), /.+/],
  ])("invalid --name %s: exit 2, nothing written", async (name, why) => {
    const cwd = dirs.make();
    const r = await falpubIn(["init", "app", "--billing", "per_image", `--name=${name}`], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/--name/);
    expect(r.stdout).toBe("");
    expect(existsSync(path.join(cwd, "app"))).toBe(false);
  });

  test.concurrent("invalid --class or --billing: exit 2, nothing written", async () => {
    const cwd = dirs.make();
    for (const args of [
      ["--class", "my_class"],
      ["--class", "1Bad"],
      ["--class", "Bad-Name"],
    ]) {
      const r = await falpubIn(["init", "app", "--billing", "per_image", ...args], { cwd });
      expect(r.exitCode, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/--class/);
    }
    const badBilling = await falpubIn(["init", "app", "--billing", "per_token"], { cwd });
    expect(badBilling.exitCode).toBe(2);
    expect(badBilling.stderr).toMatch(/per_token/);
    expect(listFiles(cwd)).toEqual([]);
  });

  test.concurrent("an unknown flag is a usage error; --help mentions every option", async () => {
    const cwd = dirs.make();
    const r = await falpubIn(["init", "app", "--billing", "per_image", "--force"], { cwd });
    expect(r.exitCode).toBe(2);
    expect(listFiles(cwd)).toEqual([]);
    const help = await falpubIn(["init", "--help"], { cwd });
    expect(help.exitCode).toBe(0);
    for (const opt of ["--billing", "--name", "--class", "--machine-type", "--yes", "-y", "dir"]) expect(help.stdout).toContain(opt);
  });
});
