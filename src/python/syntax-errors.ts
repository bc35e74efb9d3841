import type { Tree, SyntaxNode } from "./tree.js";
import type { PythonSyntaxError } from "./facts.js";
import type { LineIndex } from "../positions.js";

const CLOSER: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * Stop collecting after this many findings: CPython reports one, and on garbage input lezer
 * emits thousands of ⚠ in very deep trees, where classifying each one is costly.
 */
const MAX_FINDINGS = 100;

/** Lower number wins when two findings land on the same line. */
const PRIORITY = { string: 0, indent: 1, bracket: 2, generic: 3 } as const;

interface Candidate {
  offset: number;
  message: string;
  kind: keyof typeof PRIORITY;
  /** The statement it belongs to: lezer's recovery cascades are reported once per statement. */
  group: string;
}

/** Key of the innermost statement (a child of the module or of a block) containing `node`. */
function groupOf(node: SyntaxNode | null): string {
  for (let n = node; n; n = n.parent) {
    const p = n.parent;
    if (!p || p.name === "Script" || p.name === "Body") return `${n.from}:${n.to}:${n.name}`;
  }
  return "";
}

/** Short text of the token at `offset`, for "invalid syntax near `…`". */
function nearText(src: string, from: number, to: number): string {
  let text = src.slice(from, to);
  if (!text.trim()) {
    const rest = src.slice(from, from + 200);
    const m = /^[ \t\f]*(\S+)/.exec(rest);
    text = m ? m[1] : "";
  }
  text = text.trim().split(/\r\n|\r|\n/)[0];
  // Keep messages readable and printable on any terminal.
  text = text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, "?");
  if (text.length > 20) text = text.slice(0, 20) + "…";
  return text;
}

function unterminatedString(tok: string): string | undefined {
  const m = /^([rRuUbBfF]{0,2})('''|"""|'|")/.exec(tok);
  if (!m) return undefined;
  const q = m[2];
  const body = tok.slice(m[1].length + q.length);
  let closed = body.length >= q.length && body.endsWith(q);
  if (closed) {
    // An odd run of backslashes before the closing quote escapes it.
    let i = body.length - q.length - 1;
    let slashes = 0;
    while (i >= 0 && body[i] === "\\") {
      slashes++;
      i--;
    }
    if (slashes % 2 === 1) closed = false;
  }
  if (closed) return undefined;
  return q.length === 3 ? "unterminated triple-quoted string literal" : "unterminated string literal";
}

/** True when `node` starts its line (only whitespace before it). */
function startsLine(src: string, lines: LineIndex, offset: number): boolean {
  const start = lines.lineStart(offset);
  return /^[ \t\f]*$/.test(src.slice(start, offset));
}

/**
 * Every syntax problem in one walk of the tree: lezer's error nodes (⚠), plus what lezer's
 * error recovery hides or misplaces: unclosed brackets (reported at the opener, like CPython),
 * unterminated strings, and dedents that match no outer indentation level.
 * At most one error per line is kept (lezer often emits several ⚠ for one mistake).
 */
export function findSyntaxErrors(tree: Tree, src: string, lines: LineIndex): PythonSyntaxError[] {
  const found: Candidate[] = [];
  const openers: { name: string; offset: number }[] = [];
  const quiet = new Set<number>(); // offsets of ⚠ already explained by an unclosed bracket
  const cur = tree.cursor();
  for (;;) {
    // lezer can build a corrupt buffer on pathological input (e.g. "(]{)" x 5000): nodes
    // without a type. Skip them instead of crashing.
    const bad = !cur.type;
    const name = bad ? "" : cur.name;
    if (bad) {
      if (found.length === 0) found.push({ offset: cur.from, kind: "generic", message: "invalid syntax", group: "" });
    } else if (cur.type.isError) {
      const node = cur.node;
      // Errors inside an unclosed bracket are reported once, at the bracket.
      if (inParenthesisedWith(node, src) || isBareYieldValue(node)) {
        // lezer 1.1 lacks Python 3.10's `with (a as b, c as d):` and a bare `yield`; trust them.
      } else if (insideUnclosed(node)) quiet.add(cur.from);
      else if (!quiet.has(cur.from)) {
        found.push({ offset: cur.from, kind: "generic", message: genericMessage(node, src), group: groupOf(node) });
      }
    } else if (name === "(" || name === "[" || name === "{") {
      openers.push({ name, offset: cur.from });
    } else if (name === ")" || name === "]" || name === "}") {
      const top = openers[openers.length - 1];
      if (top && CLOSER[top.name] === name) openers.pop();
    } else if (name === "String" || name === "FormatString") {
      const msg = unterminatedString(src.slice(cur.from, cur.to));
      if (msg) found.push({ offset: cur.from, kind: "string", message: msg, group: groupOf(cur.node) });
    } else if (name === "Script" || name === "Body") {
      checkIndentation(cur.node, src, lines, found);
    }
    if (found.length >= MAX_FINDINGS) return finish(found, lines); // open brackets unknown: not reported
    if (!bad && cur.firstChild()) continue;
    while (!cur.nextSibling()) {
      if (!cur.parent()) {
        for (const o of openers.slice(0, MAX_FINDINGS)) {
          const at = tree.resolveInner(o.offset, 1);
          if (inParenthesisedWith(at, src)) continue;
          const group = groupOf(at);
          found.push({ offset: o.offset, kind: "bracket", message: `\`${o.name}\` was never closed`, group });
        }
        return finish(found, lines);
      }
    }
  }
}

function genericMessage(node: SyntaxNode, src: string): string {
  const prev = node.prevSibling;
  if (node.parent?.name === "Body" && prev?.name === ":" && !node.nextSibling) return "expected an indented block";
  if (node.from >= src.length) return "invalid syntax: unexpected end of file";
  const near = nearText(src, node.from, node.to);
  return near ? `invalid syntax near \`${near}\`` : "invalid syntax at end of line";
}

/**
 * The empty error lezer puts after a `yield` with no value: its grammar wants one, Python does
 * not (`yield` alone, `x = yield`, `(yield)`).
 */
function isBareYieldValue(node: SyntaxNode): boolean {
  if (node.from !== node.to || node.nextSibling) return false;
  let prev = node.prevSibling;
  while (prev?.name === "Comment") prev = prev.prevSibling;
  return prev?.name === "yield";
}

/** In the header (not the body) of a `with (` statement. */
function inParenthesisedWith(node: SyntaxNode, src: string): boolean {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.name === "Body" || n.name === "Script") return false;
    if (n.name === "WithStatement") {
      const kw = n.getChild("with");
      return !!kw && /^[ \t]*\(/.test(src.slice(kw.to, kw.to + 100));
    }
  }
  return false;
}

function insideUnclosed(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    const first = p.firstChild;
    if (!first || !(first.name in CLOSER)) continue;
    const last = p.lastChild;
    return !last || last.name !== CLOSER[first.name];
  }
  return false;
}

/**
 * Statements of one block must share one indentation (the module's is zero). lezer accepts a
 * dedent to a level that no outer block has; CPython does not.
 */
function checkIndentation(block: SyntaxNode, src: string, lines: LineIndex, found: Candidate[]): void {
  let expected = block.name === "Script" ? 0 : -1;
  for (let c = block.firstChild; c; c = c.nextSibling) {
    if (c.name === ":" || c.name === "Comment" || c.type.isError) continue;
    if (!startsLine(src, lines, c.from)) continue; // `if x: pass`, `a; b`
    const indent = c.from - lines.lineStart(c.from);
    if (expected < 0) expected = indent;
    else if (indent !== expected) {
      // Deeper than the line before it: an indent; otherwise a dedent that matches no outer level.
      const dedent = indent < expected || indent <= previousLineIndent(src, lines, c.from);
      found.push({
        offset: c.from,
        kind: "indent",
        message: dedent ? "unindent does not match any outer indentation level" : "unexpected indent",
        group: groupOf(c),
      });
    }
  }
}

/** Indentation of the last non-blank line before the line holding `offset`. */
function previousLineIndent(src: string, lines: LineIndex, offset: number): number {
  let i = lines.lineStart(offset) - 1;
  while (i >= 0 && /\s/.test(src[i])) i--;
  if (i < 0) return 0;
  const start = lines.lineStart(i);
  return /^[ \t\f]*/.exec(src.slice(start, i + 1))![0].length;
}

/** Keep the most telling finding per statement and per line, in source order. */
function finish(found: Candidate[], lines: LineIndex): PythonSyntaxError[] {
  const better = (a: Candidate, b: Candidate) =>
    PRIORITY[a.kind] < PRIORITY[b.kind] || (PRIORITY[a.kind] === PRIORITY[b.kind] && a.offset < b.offset);
  const byGroup = new Map<string, Candidate>();
  for (const c of found) {
    const prev = byGroup.get(c.group);
    if (!prev || better(c, prev)) byGroup.set(c.group, c);
  }
  const byLine = new Map<number, { c: Candidate; pos: PythonSyntaxError["pos"] }>();
  for (const c of byGroup.values()) {
    const pos = lines.pos(c.offset);
    const prev = byLine.get(pos.line);
    if (!prev || better(c, prev.c)) byLine.set(pos.line, { c, pos });
  }
  return [...byLine.values()]
    .sort((a, b) => a.c.offset - b.c.offset)
    .map(({ c, pos }) => ({ pos, message: c.message }));
}
