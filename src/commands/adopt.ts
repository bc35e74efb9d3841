import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Chalk } from "chalk";
import { MANIFEST_NAMES } from "../discovery.js";
import { EXIT, FalpubError, usageError } from "../errors.js";
import { AdoptProblem, findApps, planAdoption, type AdoptSource } from "../init/adopt.js";
import { SCHEMA_PATH, SCHEMA_TEMPLATE } from "../init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../init/templates.js";
import type { BillingStrategy } from "../core/vocabulary.js";
import { parseRef } from "../core/ref.js";
import { checkPyproject } from "../pyproject/check.js";
import { withSlowParts } from "./disk.js";
import type { CommandIO } from "./io.js";

/** The files init --adopt reads: top-level .py files, the files pyproject.toml's refs name, pyproject.toml. */
export function readExistingApp(dir: string): Pick<AdoptSource, "pythonFiles" | "pyproject"> {
  const read = (file: string) => {
    try {
      return statSync(file).isFile() ? readFileSync(file, "utf8") : undefined;
    } catch {
      return undefined;
    }
  };
  const pyproject = read(path.join(dir, "pyproject.toml"));
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".py"));
  } catch {
    // a missing directory has no app
  }
  if (pyproject !== undefined) {
    for (const app of checkPyproject(pyproject, "pyproject.toml").apps) {
      const ref = app.keys.ref?.value;
      const file = typeof ref === "string" ? parseRef(ref).file : undefined;
      if (file && !names.includes(file)) names.push(file);
    }
  }
  const pythonFiles = names.sort().flatMap((name) => {
    const source = read(path.join(dir, name));
    return source === undefined ? [] : [{ path: name.split(path.sep).join("/"), source }];
  });
  return { pythonFiles, pyproject };
}

/** For plain `init`: the fal apps already in `dir`, so it can point at --adopt instead of refusing. */
export async function existingApps(dir: string): Promise<string[]> {
  const { pythonFiles } = readExistingApp(dir);
  return (await withSlowParts(() => findApps(pythonFiles))).map((f) => `${f.file}::${f.app.className}`);
}

interface AdoptOpts {
  billing?: string;
  name?: string;
  class?: string;
}

/** `falpub init --adopt [dir]`: write falpub.yaml for the fal app already in dir, and nothing else. */
export async function runAdopt(dir: string, opts: AdoptOpts, io: CommandIO, ask: boolean): Promise<number> {
  const target = path.resolve(io.cwd, dir);
  const existing = MANIFEST_NAMES.map((n) => path.join(target, n)).find((f) => {
    try {
      statSync(f);
      return true;
    } catch {
      return false;
    }
  });
  if (existing) {
    throw new FalpubError(`${path.relative(io.cwd, existing) || existing} already exists; init --adopt never overwrites it. Nothing was written.`, EXIT.projectErrors, "Run `falpub check` to check it, or move it away to adopt again.");
  }
  const source = { ...readExistingApp(target), flags: { name: opts.name, className: opts.class, billing: opts.billing as BillingStrategy | undefined } };
  let plan;
  try {
    plan = await withSlowParts(() => planAdoption(source));
  } catch (error) {
    if (!(error instanceof AdoptProblem)) throw error;
    if (error.needs === "billing" && ask) {
      const { chooseStrategy } = await import("../init/prompts.js");
      const billing = await chooseStrategy(error.message);
      plan = await withSlowParts(() => planAdoption({ ...source, flags: { ...source.flags, billing } }));
    } else {
      throw error.needs === "billing" ? usageError(error.message, error.hint) : new FalpubError(error.message, EXIT.projectErrors, error.hint);
    }
  }

  const file = path.join(target, "falpub.yaml");
  // The JSON Schema the manifest's modeline points at, as init writes it; an existing copy is kept.
  const schema = path.join(target, SCHEMA_PATH);
  const writeSchema = !existsSync(schema);
  try {
    if (writeSchema) {
      mkdirSync(path.dirname(schema), { recursive: true });
      writeFileSync(schema, readTemplatesFrom(findTemplatesDir())(SCHEMA_TEMPLATE), { flag: "wx" });
    }
    // "wx": never overwrite, even if the file appeared since the check above.
    writeFileSync(file, plan.manifest, { flag: "wx" });
  } catch (error) {
    if (writeSchema) rmSync(path.dirname(schema), { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new FalpubError(`${dir}/falpub.yaml appeared while writing; nothing was overwritten.`, EXIT.projectErrors);
    throw usageError(`Cannot write falpub.yaml into ${dir} (${(error as Error).message.split(",")[0]}).`, "Choose a directory you can write to.");
  }
  const c = new Chalk({ level: io.term.color ? 1 : 0 });
  const rel = path.relative(io.cwd, file);
  io.out(
    [
      `${c.green("✔")} Wrote ${rel} for ${plan.appName} (${plan.ref}, ${plan.strategy}); no other file was touched (the editor schema is ${SCHEMA_PATH}).`,
      ...plan.notes.map((n) => `  ${n.startsWith("review:") ? c.yellow(n) : n}`),
      "",
      "Next steps:",
      ...nextSteps([
        [`falpub check${path.dirname(rel) === "." ? "" : ` ${path.dirname(rel)}`}`, "everything the Marketplace needs, checked locally"],
        ["falpub deploy --dry-run", "the exact fal command and the publishing checklist"],
      ]),
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}

function nextSteps(steps: Array<[string, string]>): string[] {
  const width = steps.reduce((w, [cmd]) => Math.max(w, cmd.length), 0) + 3;
  return steps.map(([cmd, what]) => `  ${cmd.padEnd(width)}${what}`);
}
