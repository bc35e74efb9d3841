import type { SyntaxNode } from "./tree.js";
import type { PyLiteral } from "./facts.js";

/** Nesting deeper than this is not evaluated (keeps recursion bounded on hostile input). */
const MAX_DEPTH = 50;

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v",
};

function unescape(body: string): string {
  return body.replace(
    /\\(\r\n|\n|\r|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g,
    (all, e: string) => {
      if (e === "\n" || e === "\r\n" || e === "\r") return ""; // line continuation inside a string
      if (e[0] === "x" || e[0] === "u" || e[0] === "U") {
        const cp = parseInt(e.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
      }
      if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
      return SIMPLE_ESCAPES[e] ?? all; // unknown escapes (and \N{...}) stay as written, as Python keeps them
    },
  );
}

/** Value of one string token such as `'a'`, `r"x"`, `"""…"""`; undefined for bytes or unterminated strings. */
export function parseStringToken(tok: string): string | undefined {
  const m = /^([rRuUbBfF]{0,2})('''|"""|'|")/.exec(tok);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  const q = m[2];
  if (prefix.includes("b")) return undefined;
  if (tok.length < prefix.length + 2 * q.length || !tok.endsWith(q)) return undefined;
  let body = tok.slice(prefix.length + q.length, tok.length - q.length);
  if (!prefix.includes("r")) body = unescape(body);
  if (prefix.includes("f")) body = body.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
  return body;
}

/** Python numeric literal → number; undefined for complex (`3j`) or malformed text. */
export function parseNumber(text: string): number | undefined {
  const t = text.replace(/_/g, "").toLowerCase();
  if (t.endsWith("j")) return undefined;
  let n: number;
  if (/^0x[0-9a-f]+$/.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^0o[0-7]+$/.test(t)) n = parseInt(t.slice(2), 8);
  else if (/^0b[01]+$/.test(t)) n = parseInt(t.slice(2), 2);
  else n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** String value of a String / ContinuedString / FormatString without `{…}` fields. */
export function stringValue(node: SyntaxNode, src: string): string | undefined {
  if (node.name === "String") return parseStringToken(src.slice(node.from, node.to));
  if (node.name === "FormatString") {
    if (node.firstChild) return undefined; // has replacement fields (or an error inside)
    return parseStringToken(src.slice(node.from, node.to));
  }
  if (node.name === "ContinuedString") {
    let out = "";
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === "Comment") continue;
      const part = stringValue(c, src);
      if (part === undefined) return undefined;
      out += part;
    }
    return out;
  }
  return undefined;
}

/** Children of a bracketed expression, split on commas (brackets and comments dropped). */
export function elements(node: SyntaxNode): SyntaxNode[][] {
  const out: SyntaxNode[][] = [];
  let cur: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    const n = c.name;
    if (n === "(" || n === ")" || n === "[" || n === "]" || n === "{" || n === "}" || n === "Comment") continue;
    if (n === ",") {
      out.push(cur);
      cur = [];
    } else cur.push(c);
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Evaluate a plain literal: str, int, float, bool, None, ±number, list/tuple of literals.
 * Returns undefined for anything else (names, calls, dicts, f-strings with fields, bytes …).
 */
export function literalValue(node: SyntaxNode, src: string, depth = 0): { value: PyLiteral } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.name) {
    case "String":
    case "ContinuedString":
    case "FormatString": {
      const s = stringValue(node, src);
      return s === undefined ? undefined : { value: s };
    }
    case "Number": {
      const n = parseNumber(src.slice(node.from, node.to));
      return n === undefined ? undefined : { value: n };
    }
    case "Boolean":
      return { value: src.slice(node.from, node.to) === "True" };
    case "None":
      return { value: null };
    case "UnaryExpression": {
      const op = node.firstChild;
      const arg = op?.nextSibling;
      if (!op || !arg || arg.nextSibling || arg.name !== "Number") return undefined;
      const sign = src.slice(op.from, op.to);
      const n = parseNumber(src.slice(arg.from, arg.to));
      if (n === undefined || (sign !== "-" && sign !== "+")) return undefined;
      return { value: sign === "-" ? -n : n };
    }
    case "ParenthesizedExpression": {
      const parts = elements(node);
      if (parts.length !== 1 || parts[0].length !== 1) return undefined;
      return literalValue(parts[0][0], src, depth + 1);
    }
    case "ArrayExpression":
    case "TupleExpression": {
      const out: PyLiteral[] = [];
      for (const part of elements(node)) {
        if (part.length !== 1) return undefined; // `*x`, comprehension, error recovery
        const v = literalValue(part[0], src, depth + 1);
        if (!v) return undefined;
        out.push(v.value);
      }
      return { value: out };
    }
    default:
      return undefined;
  }
}
