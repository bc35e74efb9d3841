import type { Pos } from "../core/findings.js";
import { LineIndex } from "../positions.js";
import { type FastNode, type MapNode, type Path, addKey, locate } from "./fast-yaml-nodes.js";
import { quotedScalar, resolvePlain } from "./fast-yaml-scalars.js";

/*
 * A parser for the YAML that manifests are written in, so that a plain valid falpub.yaml never
 * loads the `yaml` library (its import and first parse cost ~17 ms of a `check`). It gives the
 * same value as yaml 2.x's parseDocument + toJS and the same positions as load.ts's locate(),
 * or undefined for anything outside its subset or anything yaml would warn about; the caller
 * then takes the full path. Block maps and sequences, one-line quoted scalars and flow
 * collections, comments; no anchors, tags, multi-line scalars, document markers, tabs outside
 * comments, duplicate or non-string keys, empty root. test/property/fast-yaml.property.test.ts
 * compares it with yaml on generated manifests.
 */


export interface SimpleYaml {
  /** What yaml's `doc.toJS()` gives: a plain object at the root. */
  value: unknown;
  /** load.ts's pos(): where the key (or its value) at a path starts, else the nearest parent's. */
  pos(path: Path, which?: "key" | "value"): Pos;
}

/** Outside the subset: the caller falls back to yaml. Not an Error: a stack trace would cost more than the parse. */
const UNSUPPORTED = Symbol("unsupported");
const fail = (): never => {
  throw UNSUPPORTED;
};

// Characters yaml rejects or treats specially (controls, NEL, line/paragraph separators, a BOM
// inside the text, non-characters), a lone CR (a line break to yaml, not to us), lone surrogates.
const SUSPECT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A plain key: no spaces, indicators or colons; it must still resolve to a string. */
const PLAIN_KEY = /[A-Za-z0-9_\u00a0-\uffff][A-Za-z0-9_.\/+$@\-\u00a0-\uffff]*/y;
const MAX_KEY = 1000; // yaml: an implicit key ends at most 1024 characters after it starts
const MAX_DEPTH = 100;

interface Line {
  start: number; // offset of the line's first character
  indent: number; // leading spaces
  end: number; // offset of its line break (or of the text's end)
}

export function parseSimpleYaml(text: string): SimpleYaml | undefined {
  try {
    return new Parser(text).document();
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

class Parser {
  private readonly lines: Line[] = [];
  private i = 0; // the current line in `lines`
  private line!: Line;
  private depth = 0; // of nested blocks

  constructor(private readonly text: string) {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (SUSPECT.test(bom ? text.slice(1) : text)) fail();
    for (let start = bom; start <= text.length; ) {
      let end = text.indexOf("\n", start);
      const next = end < 0 ? text.length + 1 : end + 1;
      if (end < 0) end = text.length;
      if (text.charCodeAt(end - 1) === 13) end--;
      let p = start;
      while (text.charCodeAt(p) === 32) p++;
      const ch = text[p];
      if (ch === "\t") fail();
      // Blank and comment lines carry nothing; a comment may hold anything, tabs included.
      if (p < end && ch !== "#") this.lines.push({ start, indent: p - start, end });
      start = next;
    }
  }

  document(): SimpleYaml {
    const first = this.lines[0];
    if (!first) fail();
    // An indented root fails at its first key: the root mapping's keys start at column 1.
    const root = this.map(0, first.start);
    if (this.i !== this.lines.length) fail();
    let index: LineIndex | undefined;
    return {
      value: root.value,
      pos: (path, which = "key") => {
        const offset = locate(root.node, path, which);
        return offset === undefined ? { line: 1, column: 1 } : (index ??= new LineIndex(this.text)).pos(offset);
      },
    };
  }

  /** A block mapping whose keys sit at `indent`; the first may start mid-line (after `- `). */
  private map(indent: number, firstKey: number): { value: Record<string, unknown>; node: FastNode } {
    const value: Record<string, unknown> = {};
    const node = { start: firstKey, keys: new Map<string, number>(), keyStarts: [] as number[], values: [] as FastNode[] };
    let p = firstKey;
    for (let first = true; ; first = false) {
      if (!first) {
        const line = this.lines[this.i];
        if (!line || line.indent < indent) break;
        if (line.indent > indent) fail();
        if (this.isSeqItem(line, line.start + indent)) break;
        p = line.start + indent;
      }
      this.line = this.lines[this.i];
      const key = this.key(p);
      if (!key) fail();
      this.addKey(node, key!.text, p);
      let q = key!.end + 1; // after the colon
      while (this.text.charCodeAt(q) === 32) q++;
      let child: { value: unknown; node: FastNode };
      if (q >= this.line.end || this.text[q] === "#") {
        this.i++;
        const next = this.lines[this.i];
        if (next && next.indent > indent) child = this.block(next);
        else if (next && next.indent === indent && this.isSeqItem(next, next.start + indent)) child = this.seq(indent);
        else child = { value: null, node: { start: q } }; // yaml's empty value starts where the comment or line break does
      } else {
        child = this.inline(q); // a more indented line after it (a continuation) fails in the loop
        this.i++;
      }
      node.values.push(child.node);
      value[key!.text] = child.value;
    }
    return { value, node };
  }

  private block(line: Line): { value: unknown; node: FastNode } {
    if (++this.depth > MAX_DEPTH) fail(); // deeper than any manifest; the call stack stays small
    const p = line.start + line.indent;
    const block = this.isSeqItem(line, p) ? this.seq(line.indent) : this.map(line.indent, p);
    this.depth--;
    return block;
  }

  private isSeqItem(line: Line, p: number): boolean {
    return this.text[p] === "-" && (p + 1 >= line.end || this.text[p + 1] === " ");
  }

  /** A block sequence whose dashes sit at `indent`. */
  private seq(indent: number): { value: unknown[]; node: FastNode } {
    const value: unknown[] = [];
    const items: FastNode[] = [];
    const start = this.lines[this.i].start + indent;
    for (;;) {
      const line = this.lines[this.i];
      if (!line || line.indent < indent) break;
      if (line.indent > indent) fail();
      if (!this.isSeqItem(line, line.start + indent)) break;
      this.line = line;
      let p = line.start + indent + 1;
      while (this.text.charCodeAt(p) === 32) p++;
      if (p >= line.end || this.text[p] === "#") fail(); // an empty item, or its value on the next lines
      let item: { value: unknown; node: FastNode };
      if (this.key(p)) {
        item = this.map(p - line.start, p);
      } else {
        item = this.inline(p);
        this.i++;
      }
      items.push(item.node);
      value.push(item.value);
    }
    return { value, node: { start, items } };
  }

  /**
   * A key at `p` on the current line: its string and the offset of its colon, which a space
   * follows (or the line's end); in a flow mapping a quoted key's colon may touch the value (JSON).
   */
  private key(p: number, flow = false): { text: string; end: number } | undefined {
    const { text } = this;
    let key: string;
    let end: number;
    const ch = text[p];
    if (ch === '"' || ch === "'") {
      const q = this.quoted(p);
      key = q.value;
      end = q.end;
    } else {
      PLAIN_KEY.lastIndex = p;
      const m = PLAIN_KEY.exec(text);
      if (!m || m.index + m[0].length > this.line.end) return undefined;
      key = m[0];
      end = p + key.length;
      if (typeof resolvePlain(key) !== "string") return undefined;
    }
    if (text[end] !== ":") return undefined;
    const touching = end + 1 < this.line.end && text[end + 1] !== " ";
    if (flow ? touching && ch !== '"' && ch !== "'" : touching) return undefined;
    if (end - p > MAX_KEY) fail();
    return { text: key, end };
  }

  private addKey(node: MapNode, key: string, start: number): void {
    // A repeated key is FP002; `__proto__` and `<<` need yaml's own handling.
    if (!addKey(node, key, start) || key === "__proto__" || key === "<<") fail();
  }

  /** A value that ends on its line: a quoted or plain scalar or a flow collection, then maybe a comment. */
  private inline(p: number): { value: unknown; node: FastNode } {
    const { text } = this;
    const ch = text[p];
    let result: { value: unknown; node: FastNode };
    let q: number;
    if (ch === '"' || ch === "'") {
      const quoted = this.quoted(p);
      result = { value: quoted.value, node: { start: p } };
      q = quoted.end;
    } else if (ch === "[" || ch === "{") {
      const flow = this.flow(p, 0);
      result = flow;
      q = flow.end;
    } else {
      this.plainStart(p);
      let end = p;
      for (q = p; q < this.line.end; q++) {
        const c = text[q];
        if (c === "#" && text[q - 1] === " ") break;
        if (c === "\t" || (c === ":" && (q + 1 >= this.line.end || text[q + 1] === " "))) fail();
        if (c !== " ") end = q + 1;
      }
      return { value: resolvePlain(text.slice(p, end)), node: { start: p } };
    }
    // After a quoted scalar or a flow collection: spaces, then the line's end or a comment.
    const at = q;
    while (text.charCodeAt(q) === 32) q++;
    if (q < this.line.end && !(text[q] === "#" && q > at)) fail();
    return result;
  }

  /** Plain scalars may not start with an indicator; `-` only before a digit or a dot (`-1`, `-.5`). */
  private plainStart(p: number): void {
    const ch = this.text[p];
    if ("?:,[]{}#&*!|>'\"%@`\t".includes(ch)) fail();
    if (ch === "-" && !/[0-9.]/.test(this.text[p + 1] ?? "")) fail();
  }

  /** A quoted scalar closed on its line; `end` is the offset after the closing quote. */
  private quoted(p: number): { value: string; end: number } {
    return quotedScalar(this.text, p, this.line.end) ?? fail();
  }

  /** A flow collection closed on its line: `[a, b]`, `{ k: v, "k":1 }`, nested, trailing commas allowed. */
  private flow(p: number, depth: number): { value: unknown; node: FastNode; end: number } {
    if (depth > MAX_DEPTH) fail();
    const { text } = this;
    const isMap = text[p] === "{";
    const close = isMap ? "}" : "]";
    const skip = (q: number) => {
      while (text.charCodeAt(q) === 32) q++;
      return q;
    };
    const start = p;
    const items: FastNode[] = [];
    const list: unknown[] = [];
    const obj: Record<string, unknown> = {};
    const node = isMap ? { start, keys: new Map<string, number>(), keyStarts: [] as number[], values: items } : { start, items };
    let q = skip(p + 1);
    while (text[q] !== close) {
      if (q >= this.line.end) fail(); // not closed on this line
      let key: string | undefined;
      if (isMap) {
        const keyStart = q;
        const k = this.key(q, true);
        if (!k) fail();
        key = k!.text;
        this.addKey(node as MapNode, key, keyStart);
        q = skip(k!.end + 1);
      }
      const item = this.flowValue(q, depth);
      q = skip(item.end);
      if (isMap) obj[key!] = item.value;
      else list.push(item.value);
      items.push(item.node);
      if (text[q] === ",") q = skip(q + 1);
      else if (text[q] !== close) fail();
    }
    return { value: isMap ? obj : list, node, end: q + 1 };
  }

  /** An entry's value in a flow collection; what follows it (`,`, the closing bracket, else a failure) is flow()'s. */
  private flowValue(q: number, depth: number): { value: unknown; node: FastNode; end: number } {
    const { text } = this;
    const ch = text[q];
    if (ch === "[" || ch === "{") return this.flow(q, depth + 1);
    if (ch === '"' || ch === "'") {
      const quoted = this.quoted(q);
      return { value: quoted.value, node: { start: q }, end: quoted.end };
    }
    this.plainStart(q);
    let end = q;
    // A flow plain scalar ends at an indicator; a colon or `#` in it is left to yaml.
    for (let r = q; r < this.line.end && !",[]{}".includes(text[r]); r++) {
      if (text[r] === ":" || text[r] === "#" || text[r] === "\t") fail();
      if (text[r] !== " ") end = r + 1;
    }
    return { value: resolvePlain(text.slice(q, end)), node: { start: q }, end };
  }
}
