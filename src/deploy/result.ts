import type { ChecklistItem } from "../checklist/build.js";
import { envelope } from "../core/envelope.js";
import { EXIT } from "../errors.js";
import type { DeployOutcome, PlatformCheck } from "../fal/types.js";

/** The auth mode the platform reports for a deployed app when it is not shared; undefined otherwise (or unknown). Pure. */
export function notSharedMode(outcome: DeployOutcome | undefined, platform: PlatformCheck | undefined): string | undefined {
  if (outcome?.kind !== "deployed" || !platform || !("authMode" in platform)) return undefined;
  return platform.authMode === "shared" ? undefined : platform.authMode;
}

/** The exit code of a deploy that ran (no outcome: a dry run). A platform check that could not run changes nothing. Pure. */
export function deployExitCode(outcome: DeployOutcome | undefined, platform: PlatformCheck | undefined): number {
  if (!outcome) return EXIT.ok;
  if (outcome.kind === "deployed") return notSharedMode(outcome, platform) ? EXIT.falFailed : EXIT.ok;
  if (outcome.kind === "fal-broken") return EXIT.falMissing; // fal cannot import itself: reinstall it
  return outcome.kind === "interrupted" ? EXIT.interrupted : EXIT.falFailed;
}

/** What one deploy run did, for the JSON document. */
export type DeployReport =
  | { kind: "refused"; dryRun: boolean; reason: string; hint?: string; findings: object[] }
  | {
      kind: "ran";
      dryRun: boolean;
      /** As printed, secrets redacted. */
      command: string;
      argv: string[];
      /** fal's cwd: the manifest's directory. */
      cwd: string;
      fal: { path: string; version: string | undefined };
      findings: object[];
      /** undefined for a dry run. */
      outcome?: DeployOutcome;
      platform?: PlatformCheck;
      checklist: ChecklistItem[];
      listingRequest?: string;
    };

/** `falpub deploy --json`'s one document: the shared envelope around the report, fields in a fixed order. Pure. */
export function deployDocument(toolVersion: string, r: DeployReport) {
  if (r.kind === "refused") return envelope(toolVersion, { dryRun: r.dryRun, refused: { reason: r.reason, hint: r.hint }, findings: r.findings });
  return envelope(toolVersion, {
    dryRun: r.dryRun,
    command: r.command,
    argv: r.argv,
    cwd: r.cwd,
    fal: { path: r.fal.path, version: r.fal.version ?? null },
    findings: r.findings,
    outcome: r.outcome ?? null,
    ...(r.platform ? { platform: r.platform } : {}),
    checklist: r.checklist,
    listingRequest: r.listingRequest,
  });
}

export type DeployDocument = ReturnType<typeof deployDocument>;
