import { describe, expect, it } from "vitest";
import { render } from "../../../src/report/index.js";
import { escapeData, escapeProperty } from "../../../src/report/github.js";
import { finding } from "../../../src/core/findings.js";
import { formatHint, formatMessage } from "../../../src/core/messages.js";
import { OPTS, twoApps } from "./fixtures.js";

describe("github", () => {
  it("emits one workflow command per finding, severities mapped", () => {
    const lines = render("github", twoApps(), OPTS).split("\n");
    expect(lines.at(-1)).toBe(""); // trailing newline
    const cmds = lines.slice(0, -1);
    expect(cmds.map((l) => l.slice(0, l.indexOf(" ")))).toEqual(["::notice", "::error", "::error", "::warning", "::warning"]);
    const fp203 = twoApps()[0]!.diagnostics[1]!;
    expect(cmds[1]).toBe(`::error file=apps/chat/app.py,line=21,col=5,title=FP203 billing-header-missing::${formatMessage(fp203)}%0A${formatHint(fp203)}`);
    // No hint: the message alone.
    expect(cmds[4]).toBe("::warning file=apps/tts/pyproject.toml,line=8,col=1,title=FP805 pyproject-deprecated-key::no_scale is deprecated, use app_scale_settings instead");
  });

  it("escapes data and properties the way GitHub parses them", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("C:\\x,y%z\n")).toBe("C%3A\\x%2Cy%25z%0A");
    const out = render("github", [{
      manifest: "m.yaml",
      diagnostics: [finding("FP012", { file: "/repo/dir,a/b:c.yaml", line: 2, column: 3 }, { path: "a", docKey: "b", problem: "50% of\nit" })],
    }], OPTS);
    // Absolute path made relative to cwd; ':' and ',' escaped only in properties.
    expect(out).toBe("::error file=dir%2Ca/b%3Ac.yaml,line=2,col=3,title=FP012 value-invalid::`a`: 50%25 of%0Ait.%0ASee `b` in the manifest reference (README).\n");
    // Exactly one line per finding, whatever the message contains.
    expect(out.trimEnd().split("\n")).toHaveLength(1);
  });

  it("prints nothing when there is nothing to annotate", () => {
    expect(render("github", [], OPTS)).toBe("");
  });
});
