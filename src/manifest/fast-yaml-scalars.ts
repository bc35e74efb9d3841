/*
 * Scalars for fast-yaml.ts, as yaml 2.x reads them: plain ones by the YAML 1.2 core schema's
 * tags in yaml's order, quoted ones on one line with every escape yaml knows.
 */

const NULL = new Set(["", "~", "null", "Null", "NULL"]); // /^(?:~|[Nn]ull|NULL)?$/
const BOOL = new Map([["true", true], ["True", true], ["TRUE", true], ["false", false], ["False", false], ["FALSE", false]]);

/** yaml 2.x's YAML 1.2 core schema for plain scalars, tag by tag in its order. */
export function resolvePlain(s: string): unknown {
  if (NULL.has(s)) return null;
  const bool = BOOL.get(s);
  if (bool !== undefined) return bool;
  // Every number tag's pattern starts with a digit, a sign or a dot; the rest are strings
  // without compiling the patterns (a cold start's first parse pays for each).
  const c = s.charCodeAt(0);
  if (!(c >= 48 && c <= 57) && c !== 43 && c !== 45 && c !== 46) return s;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
  N: "\u0085", _: "\u00a0", L: "\u2028", P: "\u2029", " ": " ", '"': '"', "/": "/", "\\": "\\",
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A quoted scalar at `p` closed before `lineEnd`: its value and the offset after the closing quote; undefined when yaml would object or it goes on. */
export function quotedScalar(text: string, p: number, lineEnd: number): { value: string; end: number } | undefined {
  let value = "";
  let run = p + 1; // the start of the characters not yet copied into value
  const single = text[p] === "'";
  for (let q = p + 1; q < lineEnd; q++) {
    const c = text[q];
    if (c === "\t") return undefined;
    if (single) {
      if (c !== "'") continue;
      value += text.slice(run, q);
      if (text[q + 1] !== "'") return { value, end: q + 1 };
      run = ++q; // '' is one quote: the second one starts the next run
      continue;
    }
    if (c === '"') return { value: value + text.slice(run, q), end: q + 1 };
    if (c !== "\\") continue;
    value += text.slice(run, q);
    const e = text[++q];
    if (Object.hasOwn(ESCAPES, e)) value += ESCAPES[e];
    else if (Object.hasOwn(HEX_LENGTH, e)) {
      const hex = text.substr(q + 1, HEX_LENGTH[e]);
      if (hex.length !== HEX_LENGTH[e] || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined; // yaml: an invalid escape
      value += String.fromCodePoint(code);
      q += hex.length;
    } else return undefined;
    run = q + 1;
  }
  return undefined;
}
