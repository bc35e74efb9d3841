import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Chalk } from "chalk";
import { BILLING_STRATEGIES, type BillingStrategy } from "../core/vocabulary.js";
import { EXIT, FalpubError, usageError } from "../errors.js";
import { deriveNames, renderScaffold, validateAppName, validateClassName } from "../init/scaffold.js";
import { findTemplatesDir, readTemplatesFrom } from "../init/templates.js";
import type { CommandIO } from "./io.js";

interface InitOpts {
  billing?: string;
  name?: string;
  class?: string;
  machineType?: string;
  yes?: boolean;
  adopt?: boolean;
}

/** Image and video models want a GPU; text and flat-rate examples start on a CPU machine. */
const defaultMachine = (strategy: BillingStrategy) => (["per_image", "per_megapixel", "per_video_second", "gpu_seconds"].includes(strategy) ? "GPU-A100" : "S");

/** `falpub init [dir]`: ask (on a terminal only), render, refuse to overwrite, write all or nothing. */
export async function runInit(dir: string, opts: InitOpts, io: CommandIO): Promise<number> {
  const target = path.resolve(io.cwd, dir);
  const ask = io.term.interactive && !opts.yes;
  const adopt = await import("./adopt.js");
  if (opts.adopt) return adopt.runAdopt(dir, opts, io, ask);
  // An app is already here: scaffolding would refuse or mix two apps; adopting is what helps.
  const apps = existsSync(target) && statSync(target).isDirectory() ? await adopt.existingApps(target) : [];
  if (apps.length) {
    throw new FalpubError(`${dir === "." ? "This directory" : dir} already holds a fal app (${apps.join(", ")}). Nothing was written.`, EXIT.projectErrors, `Run \`falpub init --adopt${dir === "." ? "" : ` ${dir}`}\` to write only falpub.yaml for it, filled from the code.`);
  }
  const prompts = ask ? await import("../init/prompts.js") : undefined;

  let strategy = opts.billing as BillingStrategy | undefined;
  if (!strategy) {
    if (!prompts) throw usageError("--billing is required when falpub init cannot prompt (no terminal, or --yes).", `Pass --billing ${BILLING_STRATEGIES.join("|")}.`);
    strategy = await prompts.chooseStrategy();
  }

  const derived = deriveNames(opts.name ?? path.basename(target));
  let appName = opts.name ?? derived.appName;
  if (!opts.name && !prompts && appName === "my-app" && path.basename(target) !== "my-app") {
    io.err(`note: no app name could be made from "${path.basename(target)}"; using my-app (pass --name to choose).\n`);
  }
  if (!opts.name && prompts) appName = await prompts.askName(appName);
  const nameProblem = validateAppName(appName);
  if (nameProblem) {
    const suggestion = deriveNames(appName).appName;
    throw usageError(nameProblem, `Pass a valid --name, e.g. --name ${validateAppName(suggestion) || suggestion === appName ? "text-to-image" : suggestion}.`);
  }

  const className = opts.class ?? deriveNames(appName).className;
  const classProblem = validateClassName(className);
  if (classProblem) throw usageError(classProblem, "Pass a valid --class, e.g. --class TextToImage.");

  let machineType = opts.machineType ?? defaultMachine(strategy);
  if (!opts.machineType && prompts) machineType = await prompts.chooseMachine(machineType);

  let files;
  try {
    files = renderScaffold({ appName, className, strategy, machineType }, readTemplatesFrom(findTemplatesDir()));
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }

  const existing = files.map((f) => f.path).filter((p) => existsSync(path.join(target, p)));
  if (existing.length) {
    throw new FalpubError(`Refusing to overwrite existing files in ${dir}: ${existing.join(", ")}. Nothing was written.`, EXIT.projectErrors, "Choose an empty directory, or move those files away first.");
  }
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw usageError(`${dir} is a file, not a directory.`, "Pass a directory to create the app in (it is created when missing).");
  }
  try {
    writeAll(target, files);
  } catch (error) {
    // A read-only or full disk is the user's situation to fix, not a falpub bug (exit 70).
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof FalpubError || typeof code !== "string") throw error;
    throw usageError(`Cannot write the app into ${dir} (${(error as Error).message.split(",")[0]}). Nothing was written.`, "Choose a directory you can write to.");
  }

  const c = new Chalk({ level: io.term.color ? 1 : 0 });
  const rel = path.relative(io.cwd, target) || ".";
  io.out(
    [
      `${c.green("✔")} Created ${appName} (${strategy}) in ${rel}:`,
      ...files.map((f) => `    ${f.path}`),
      "",
      "Next steps:",
      ...nextSteps(rel, className),
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}

function nextSteps(rel: string, className: string): string[] {
  const steps: Array<[string, string]> = [
    ...(rel === "." ? [] : ([[`cd ${rel}`, ""]] as Array<[string, string]>)),
    ["edit app.py", "replace the placeholder model with yours (keep the billing header)"],
    ["falpub check", "everything the Marketplace needs, checked locally"],
    [`fal run app.py::${className}`, "try it on a temporary fal worker"],
    ["falpub deploy --dry-run", "the exact fal command and the publishing checklist"],
    ["falpub deploy", "deploy in shared mode"],
  ];
  const width = Math.max(...steps.map(([cmd]) => cmd.length)) + 3;
  return steps.map(([cmd, what]) => `  ${what ? cmd.padEnd(width) + what : cmd}`);
}

/** Write into a staging directory first, then move each file into place; undo on failure. */
function writeAll(target: string, files: Array<{ path: string; content: string }>): void {
  // Directories this run creates (outermost first), removed again on failure.
  const created: string[] = [];
  const mkdir = (dir: string) => {
    const first = mkdirSync(dir, { recursive: true });
    if (first) created.push(first);
  };
  mkdir(target);
  let staging: string | undefined;
  const moved: string[] = [];
  try {
    staging = mkdtempSync(path.join(target, ".falpub-init-"));
    for (const f of files) {
      const staged = path.join(staging, f.path);
      mkdirSync(path.dirname(staged), { recursive: true });
      writeFileSync(staged, f.content, { flag: "wx" });
    }
    for (const f of files) {
      const final = path.join(target, f.path);
      mkdir(path.dirname(final));
      if (existsSync(final)) throw new FalpubError(`${f.path} appeared while writing; stopped.`, EXIT.projectErrors);
      renameSync(path.join(staging, f.path), final);
      moved.push(final);
    }
  } catch (error) {
    for (const file of moved) rmSync(file, { force: true });
    if (staging) rmSync(staging, { recursive: true, force: true });
    for (const dir of created.reverse()) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  if (staging) rmSync(staging, { recursive: true, force: true });
}
