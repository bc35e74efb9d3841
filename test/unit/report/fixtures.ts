import { finding, relate } from "../../../src/core/findings.js";
import type { CheckResult } from "../../../src/report/index.js";

/** Two apps, several files, every severity, one suppression; already sorted by file. */
export function twoApps(): CheckResult[] {
  return [
    {
      manifest: "apps/chat/falpub.yaml",
      appName: "chat",
      diagnostics: [
        finding("FP104", { file: "apps/chat/app.py", line: 7, column: 1 }, { className: "Chat" }),
        finding("FP203", { file: "apps/chat/app.py", line: 21, column: 5 }, { route: "/generate", functionName: "generate", strategy: "per_image" }),
        finding("FP101", { file: "apps/chat/falpub.yaml", line: 4, column: 9 }, { auth: "private" }),
      ],
      suppressed: [{ code: "FP407", reason: "platform defaults are fine", file: "apps/chat/falpub.yaml", line: 12 }],
    },
    {
      manifest: "apps/tts/falpub.yaml",
      diagnostics: [
        finding("FP701", { file: "apps/tts/falpub.yaml", line: 1, column: 1 }, {}),
        // A finding with no hint.
        finding("FP805", { file: "apps/tts/pyproject.toml", line: 8, column: 1 }, { key: "no_scale", replacement: "app_scale_settings" }),
      ],
    },
  ];
}

/** A disagreement: the class attribute, with the manifest line it disagrees with as a related location. */
export function withRelated(): CheckResult[] {
  const manifest = [relate("apps/chat/falpub.yaml", { line: 4, column: 9 }, "manifest app.auth")];
  return [{ manifest: "apps/chat/falpub.yaml", diagnostics: [finding("FP102", { file: "apps/chat/app.py", line: 9, column: 16 }, { code: '"private"', auth: "shared" }, manifest)] }];
}

export const OPTS = { color: false, strict: false, toolVersion: "1.2.3", cwd: "/repo" };

export const ANSI = /\u001b\[/;
