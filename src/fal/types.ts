/** The result of running `fal deploy`: a typed outcome, never an exception. */
export type DeployOutcome =
  | {
      kind: "deployed";
      appName: string;
      revision: string;
      /** Present from fal 1.80 on; absent for older versions. */
      status?: string;
      exitCode: 0;
    }
  | { kind: "not-authenticated"; exitCode: number; tail: string[] }
  | { kind: "unreachable"; exitCode: number; tail: string[] }
  | { kind: "invalid-app"; exitCode: number; tail: string[] }
  /** fal could not import itself (a dependency missing or broken): the install needs repair. */
  | { kind: "fal-broken"; exitCode: number; tail: string[]; error: string }
  | { kind: "timeout"; exitCode: number | null; tail: string[]; timeoutMs: number }
  | { kind: "interrupted"; exitCode: number | null; tail: string[] }
  | { kind: "failed"; exitCode: number | null; tail: string[] };

/**
 * What the platform says after a deploy: the alias's auth mode and revision, or why it could not
 * tell. The Platform API (with FAL_KEY) also gives the endpoint id, owner and URLs; `fal apps list`
 * does not.
 */
export type PlatformCheck = { authMode: string; revision: string; endpointId?: string; owner?: string; urls?: AppUrls } | { error: string };

/** The URLs people call and open for a deployed app. */
export interface AppUrls {
  run: string;
  queue: string;
  playground: string;
}

/** Everything `fal deploy` is asked to do, after falpub merged manifest values and flags. */
export interface DeployRequest {
  /** `file.py`, `file.py::Class`, or a pyproject app name. Never empty. */
  ref: string;
  appName?: string;
  auth?: "public" | "private" | "shared";
  strategy?: "rolling" | "recreate";
  /** true → --attach, false → --detach, undefined → neither. */
  attach?: boolean;
  /** true → --reset-scale, false → --no-scale, undefined → neither. */
  resetScale?: boolean;
  noCache?: boolean;
  forceEnvBuild?: boolean;
  message?: string;
  /** KEY=VALUE pairs in order. */
  annotations?: Array<[string, string]>;
  env?: string;
  team?: string;
  /** falpub always asks for JSON from fal and renders itself. */
  json: boolean;
  check?: boolean;
  /** --yes: set by falpub once its own checks passed, so fal never waits on a prompt. */
  yes?: boolean;
}
