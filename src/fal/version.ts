import { buildDeployArgv, flagsIn } from "./argv.js";
import type { DeployRequest } from "./types.js";

/** The fal version the integration tests run against (pinned in setup-fal-venv.sh). */
export const OLDEST_TESTED_FAL = "1.83.0";

/**
 * Oldest fal we run at all. falpub always passes `--yes` (and `--json`), and `--yes`
 * first shipped in 1.72.4 (checked in the 1.72.3 and 1.72.4 wheels): an older fal
 * rejects it with exit 2, and without it FAL_DEPLOY_CHECK or a team admin policy
 * makes fal wait on (or fail for want of) a confirmation prompt.
 * Versions between this and OLDEST_TESTED_FAL are allowed but untested.
 */
export const MIN_SUPPORTED_FAL = "1.72.4";

/**
 * First PyPI release that has each `fal deploy` flag.
 * Checked against PyPI wheels: --check/--yes 1.72.4 (absent in 1.72.3), --attach/--detach
 * 1.78.2 (absent in 1.78.1), --message/--annotation 1.79.0 (the tag; absent in 1.78.3,
 * present in 1.79.1, the first 1.79 on PyPI). Older rows come from the reference
 * (fal-cli.md §1.3) and are not re-checked; they all predate MIN_SUPPORTED_FAL.
 */
export const FLAG_SINCE: Readonly<Record<string, string>> = {
  "--app-name": "1.0.0",
  "--auth": "1.0.0",
  "--force-env-build": "1.0.0",
  "--strategy": "1.3.2",
  "--team": "1.11.2",
  "--no-scale": "1.28.0",
  "--reset-scale": "1.28.0",
  "--output": "1.35.0",
  "--json": "1.36.0",
  "--env": "1.64.0",
  "--no-cache": "1.68.2",
  "--check": "1.72.4",
  "--yes": "1.72.4",
  "--attach": "1.78.2",
  "--detach": "1.78.2",
  "--message": "1.79.0",
  "--annotation": "1.79.0",
};

export type FalVersion =
  /** A release we can compare. */
  | { kind: "release"; raw: string; parts: [number, number, number] }
  /** `UNKNOWN` or a dev/local build: assume it is the newest and has every flag. */
  | { kind: "assume-newest"; raw: string };

/** Parse `fal --version` stdout (a bare version). null when it is not a version at all. */
export function parseFalVersion(stdout: string): FalVersion | null {
  const raw = stdout.trim().split(/\r?\n/).pop()?.trim() ?? "";
  if (raw === "UNKNOWN") return { kind: "assume-newest", raw };
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(raw);
  if (!m) return null;
  const parts: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  const rest = m[4] ?? "";
  // setuptools_scm dev builds: 1.79.2.dev3+gabc, 1.80.0+dirty, 1.80.0rc1 — newer than any tag we know.
  if (rest !== "") {
    if (/^(\.?(dev|rc|a|b|post)\d*|\+)/.test(rest)) return { kind: "assume-newest", raw };
    return null;
  }
  return { kind: "release", raw, parts };
}

function parts(v: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = v.split(".").map(Number);
  return [a, b, c];
}

/** -1, 0, 1 like a comparator. Dev/UNKNOWN compare as newest. */
export function compareVersion(v: FalVersion, other: string): number {
  if (v.kind === "assume-newest") return 1;
  const o = parts(other);
  for (let i = 0; i < 3; i++) {
    if (v.parts[i]! !== o[i]!) return v.parts[i]! < o[i]! ? -1 : 1;
  }
  return 0;
}

/** The flags a request would pass that this fal version does not have. */
export function flagsUnsupported(request: DeployRequest, version: FalVersion): Array<{ flag: string; since: string }> {
  const out: Array<{ flag: string; since: string }> = [];
  for (const flag of flagsIn(buildDeployArgv(request))) {
    const since = FLAG_SINCE[flag];
    if (since === undefined) throw new Error(`no "since" entry for ${flag}`);
    if (compareVersion(version, since) < 0) out.push({ flag, since });
  }
  return out;
}

export type VersionSupport =
  | { ok: false; reason: string }
  | { ok: true; tested: boolean; note?: string };

/** Refuse versions older than MIN_SUPPORTED_FAL; flag the untested ones. */
export function checkFalVersion(version: FalVersion): VersionSupport {
  if (compareVersion(version, MIN_SUPPORTED_FAL) < 0) {
    return {
      ok: false,
      reason: `fal ${version.raw} is too old: falpub needs fal >= ${MIN_SUPPORTED_FAL} (for --yes). Upgrade with: pip install -U fal`,
    };
  }
  if (version.kind === "release" && compareVersion(version, OLDEST_TESTED_FAL) === 0) return { ok: true, tested: true };
  return {
    ok: true,
    tested: false,
    note: `fal ${version.raw} has not been tested with falpub (tested: ${OLDEST_TESTED_FAL}).`,
  };
}
