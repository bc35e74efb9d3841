import { describe, expect, it } from "vitest";
import { render } from "../../../src/report/index.js";
import { escapeData, escapeProperty } from "../../../src/report/github.js";
import { OPTS, twoApps } from "./fixtures.js";

describe("github", () => {
  it("emits one workflow command per finding, severities mapped", () => {
    const lines = render("github", twoApps(), OPTS).split("\n");
    expect(lines.at(-1)).toBe(""); // trailing newline
    const cmds = lines.slice(0, -1);
    expect(cmds.map((l) => l.slice(0, l.indexOf(" ")))).toEqual(["::notice", "::error", "::error", "::warning", "::warning"]);
    expect(cmds[1]).toBe(
      "::error file=apps/chat/app.py,line=21,col=5,title=FP203 billing-header-missing::Endpoint /generate never sets x-fal-billable-units.%0ASet the header on the response.",
    );
    // No hint: the message alone.
    expect(cmds[3]).toBe("::warning file=apps/tts/app.py,line=30,col=17,title=FP304 health-check-thresholds::failure_threshold is 0.");
  });

  it("escapes data and properties the way GitHub parses them", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("C:\\x,y%z\n")).toBe("C%3A\\x%2Cy%25z%0A");
    const out = render("github", [{
      manifest: "m.yaml",
      diagnostics: [{ code: "FP004", severity: "error", message: "50% of\nit", file: "/repo/dir,a/b:c.yaml", line: 2, column: 3, hint: "fix: it" }],
    }], OPTS);
    // Absolute path made relative to cwd; ':' and ',' escaped only in properties.
    expect(out).toBe("::error file=dir%2Ca/b%3Ac.yaml,line=2,col=3,title=FP004 invalid-value::50%25 of%0Ait%0Afix: it\n");
    // Exactly one line per finding, whatever the message contains.
    expect(out.trimEnd().split("\n")).toHaveLength(1);
  });

  it("prints nothing when there is nothing to annotate", () => {
    expect(render("github", [], OPTS)).toBe("");
  });
});
