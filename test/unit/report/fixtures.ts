import type { CheckResult } from "../../../src/report/index.js";

/** Two apps, two files each, every severity, one suppression; already sorted by file. */
export function twoApps(): CheckResult[] {
  return [
    {
      manifest: "apps/chat/falpub.yaml",
      appName: "chat",
      diagnostics: [
        { code: "FP104", severity: "info", message: "The class sets no app_auth.", file: "apps/chat/app.py", line: 7, column: 1, hint: "falpub deploy will pass --auth shared." },
        { code: "FP203", severity: "error", message: "Endpoint /generate never sets x-fal-billable-units.", file: "apps/chat/app.py", line: 21, column: 5, hint: "Set the header on the response." },
        { code: "FP101", severity: "error", message: "app.auth is private.", file: "apps/chat/falpub.yaml", line: 4, column: 9, hint: "Use app.auth: shared." },
      ],
      suppressed: [{ code: "FP407", reason: "platform defaults are fine", file: "apps/chat/falpub.yaml", line: 12 }],
    },
    {
      manifest: "apps/tts/falpub.yaml",
      diagnostics: [
        { code: "FP304", severity: "warning", message: "failure_threshold is 0.", file: "apps/tts/app.py", line: 30, column: 17 },
        { code: "FP701", severity: "warning", message: "marketplace.title is missing.", file: "apps/tts/falpub.yaml", line: 1, column: 1, hint: "Add a title." },
      ],
    },
  ];
}

export const OPTS = { color: false, strict: false, toolVersion: "1.2.3", cwd: "/repo" };

export const ANSI = /\u001b\[/;
