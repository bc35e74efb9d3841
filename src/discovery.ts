import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Which manifests `falpub check [paths...]` means. I/O (the file system and `git ls-files`),
 * kept out of the check command so its rules are tested on a real tree in one place.
 */
export const MANIFEST_NAMES = ["falpub.yaml", "falpub.yml"];

/** A path the user gave that could not be checked; the others still are. */
export interface PathProblem {
  given: string;
  message: string;
  hint?: string;
}

export interface Discovery {
  /** Absolute manifest paths, each once, in the order found. */
  manifests: string[];
  problems: PathProblem[];
  /** Paths that need no check (a .py no app uses): said on stderr, not an error. */
  notes: string[];
}

/** What a manifest's app reads: its Python file and pyproject.toml (absolute), as far as they resolve. */
export type ReferencesOf = (manifest: string) => { appFile?: string; pyproject?: string };

/** Directories never searched without git (with git, .gitignore decides). */
const SKIP_DIRS = new Set(["node_modules", ".venv", "venv", ".git", "__pycache__"]);

export type ArgumentKind = "python" | "pyproject" | "manifest" | "directory" | "other-file";

/** What kind of path an argument is; never guessed from its content (a .py is never read as YAML). */
export function argumentKind(file: string, isDirectory: boolean): ArgumentKind {
  if (isDirectory) return "directory";
  const base = path.basename(file);
  if (base === "pyproject.toml") return "pyproject";
  if (base.endsWith(".py")) return "python";
  if (/\.ya?ml$/i.test(base)) return "manifest";
  return "other-file";
}

/** The repository root: the nearest directory at or above `dir` holding `.git` (a dir, or a file in worktrees). */
export function findRepoRoot(dir: string): string | undefined {
  for (let cur = path.resolve(dir); ; ) {
    if (exists(path.join(cur, ".git"))) return cur;
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** Resolve every argument (default `.`); a missing or useless path is a problem, never an abort. */
export function discover(args: string[], cwd: string, referencesOf: ReferencesOf): Discovery {
  const found = new Set<string>();
  const problems: PathProblem[] = [];
  const notes: string[] = [];
  for (const given of args.length ? args : ["."]) {
    const full = path.resolve(cwd, given);
    const stat = statOf(full);
    if (!stat) {
      problems.push({ given, message: `${given}: no such file or directory.`, hint: "Pass a falpub.yaml, a directory holding one, or an app's .py / pyproject.toml." });
      continue;
    }
    const kind = argumentKind(full, stat.isDirectory());
    if (kind === "manifest") found.add(full);
    else if (kind === "directory") {
      const inDir = manifestsFor(full);
      if (inDir.length) for (const m of inDir) found.add(m);
      else problems.push({ given, message: `No falpub.yaml in ${given === "." ? "the current directory" : given}, below it or above it.`, hint: "Run `falpub init` to scaffold one (`falpub init --adopt` for an existing fal app), or pass the manifest's path." });
    } else if (kind === "other-file") {
      problems.push({ given, message: `${given} is not a falpub.yaml, a Python file or a pyproject.toml.`, hint: "Pass a falpub.yaml, a directory holding one, or an app's .py / pyproject.toml." });
    } else {
      const users = appsUsing(full, kind, referencesOf);
      if (users.length) for (const m of users) found.add(m);
      else notes.push(`${given}: no falpub.yaml here or above uses this ${kind === "python" ? "file as its app" : "pyproject.toml"}; nothing to check for it.`);
    }
  }
  return { manifests: [...found], problems, notes };
}

/**
 * The manifests a directory stands for: its own, else every one below it, else the nearest
 * one above it (up to the repository root), so `check` works from inside an app too.
 */
function manifestsFor(dir: string): string[] {
  const own = manifestIn(dir);
  if (own) return [own];
  const below = manifestsBelow(dir);
  if (below.length) return below;
  const above = ancestors(path.dirname(dir)).map(manifestIn).find(Boolean);
  return above ? [above] : [];
}

/** Manifests whose app file (for a .py) or pyproject.toml is `file`. */
function appsUsing(file: string, kind: "python" | "pyproject", referencesOf: ReferencesOf): string[] {
  const dir = path.dirname(file);
  const root = findRepoRoot(dir);
  const candidates = new Set<string>();
  for (const d of ancestors(dir)) {
    const m = manifestIn(d);
    if (m) candidates.add(m);
  }
  // An app in a sibling folder may point at this file too (`ref: ../shared/app.py`).
  for (const m of manifestsBelow(root ?? dir)) candidates.add(m);
  return [...candidates].filter((m) => {
    const refs = referencesOf(m);
    return (kind === "python" ? refs.appFile : refs.pyproject) === file;
  });
}

/** `dir` and its parents, up to the repository root (inclusive) or the file-system root. */
function ancestors(dir: string): string[] {
  const stop = findRepoRoot(dir);
  const out: string[] = [];
  for (let cur = path.resolve(dir); ; ) {
    out.push(cur);
    const parent = path.dirname(cur);
    if (cur === stop || parent === cur) return out;
    cur = parent;
  }
}

function manifestIn(dir: string): string | undefined {
  return MANIFEST_NAMES.map((n) => path.join(dir, n)).find((f) => statOf(f)?.isFile());
}

/** Every manifest at or below `dir`, sorted: git's view (honours .gitignore) when in a repo, else a walk. */
export function manifestsBelow(dir: string): string[] {
  const listed = findRepoRoot(dir) ? gitListed(dir) : undefined;
  return (listed ?? walk(dir)).filter((f) => statOf(f)?.isFile()).sort();
}

/** Tracked and untracked-but-not-ignored manifests; undefined when git is missing or fails. */
function gitListed(dir: string): string[] | undefined {
  const specs = MANIFEST_NAMES.map((n) => `:(glob)**/${n}`);
  // Loaded here, not at import: only a directory argument inside a repository needs git (~3 ms a start).
  const { spawnSync } = process.getBuiltinModule("node:child_process");
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...specs], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  if (r.status !== 0 || typeof r.stdout !== "string") return undefined;
  // --cached repeats a path that is also modified; a Set keeps one.
  // Hidden folders are skipped as in the walk: .github/workflows/falpub.yml is a workflow, not a manifest.
  const visible = r.stdout.split("\0").filter((rel) => rel && !rel.split("/").some((part) => part.startsWith(".")));
  return [...new Set(visible)].map((rel) => path.join(dir, rel));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return; // unreadable folders are not ours to report
    }
    for (const e of entries) {
      // Symlinked folders are not followed (no loops); hidden and tool folders are skipped.
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) visit(path.join(d, e.name));
      } else if (MANIFEST_NAMES.includes(e.name)) out.push(path.join(d, e.name));
    }
  };
  visit(dir);
  return out;
}

function statOf(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

const exists = (file: string) => statOf(file) !== undefined;
