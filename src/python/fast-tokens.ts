/**
 * The tokens of fast-parse.ts: Python split the way @lezer/python's tokenizers split it
 * (node_modules/@lezer/python/src/tokens.js and the grammar's @tokens), for the plain code the
 * fast parser takes. Anything it is not sure of (a tab in an indentation, a backslash line
 * continuation, a CR, an unterminated string, a dedent to no outer level, a character outside
 * the grammar) makes it give up: the caller then asks lezer.
 */

export const enum Tok {
  Name = 1,
  Number,
  Op,
  Newline,
  Indent,
  Dedent,
  Eof,
  /** A string's prefix and opening quote; its node ends at StrEnd. */
  StrStart,
  FStrStart,
  Escape,
  StrEnd,
  /** The `{` of an f-string replacement, also one nested in a format spec. */
  ReplOpen,
  ReplClose,
  Conversion,
  SpecOpen,
  SelfDoc,
}

export interface Tokens {
  kind: Tok[];
  from: number[];
  to: number[];
  /** Comments, in order: lezer puts them in the tree where they fall. */
  commentFrom: number[];
  commentTo: number[];
}

class GiveUp extends Error {}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isIdStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0xa1;
const isIdChar = (c: number) => isIdStart(c) || isDigit(c);

/** Operators longest first per first character; "->" is anonymous in lezer's grammar, "..." is Ellipsis. */
const OPS: Record<string, string[]> = {
  "*": ["**=", "**", "*=", "*"],
  "/": ["//=", "//", "/=", "/"],
  "<": ["<<=", "<<", "<=", "<>", "<"],
  ">": [">>=", ">>", ">=", ">"],
  "=": ["==", "="],
  "!": ["!="],
  ":": [":=", ":"],
  "-": ["-=", "->", "-"],
  "+": ["+=", "+"],
  "%": ["%=", "%"],
  "&": ["&=", "&"],
  "|": ["|=", "|"],
  "^": ["^=", "^"],
  "@": ["@=", "@"],
  ".": ["...", "."],
  "~": ["~"],
  ",": [","],
  ";": [";"],
  "(": ["("],
  ")": [")"],
  "[": ["["],
  "]": ["]"],
  "{": ["{"],
  "}": ["}"],
};

/** String prefixes lezer knows, lower-cased; the value says whether it makes an f-string, and raw. */
const PREFIXES: Record<string, { format: boolean; raw: boolean }> = {
  "": { format: false, raw: false },
  u: { format: false, raw: false },
  b: { format: false, raw: false },
  r: { format: false, raw: true },
  br: { format: false, raw: true },
  rb: { format: false, raw: true },
  f: { format: true, raw: false },
  fr: { format: true, raw: true },
  rf: { format: true, raw: true },
};

export function tokenize(src: string): Tokens | undefined {
  if (src.includes("\r")) return undefined;
  const t: Tokens = { kind: [], from: [], to: [], commentFrom: [], commentTo: [] };
  try {
    scanFile(src, t);
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
  return t;
}

function push(t: Tokens, kind: Tok, from: number, to: number): void {
  t.kind.push(kind);
  t.from.push(from);
  t.to.push(to);
}

function scanFile(src: string, t: Tokens): void {
  const len = src.length;
  const indents = [0];
  let i = 0;
  for (;;) {
    // At the start of a line: blank and comment-only lines make no tokens (lezer's blankLine).
    const lineStart = i;
    let col = 0;
    while (i < len && src.charCodeAt(i) === 32) {
      i++;
      col++;
    }
    if (i >= len) {
      // Spaces at the very end: lezer's indentation tokenizer still weighs them (an indent there is an error).
      if (col > indents[indents.length - 1] || !indents.includes(col)) throw new GiveUp();
      break;
    }
    const c = src.charCodeAt(i);
    if (c === 10) {
      i++;
      continue;
    }
    if (c === 35) {
      i = comment(src, i, t);
      continue;
    }
    // A tab or form feed in an indentation; a line that starts with a continuation (lezer weighs its indentation).
    if (c === 9 || c === 12 || c === 92) throw new GiveUp();
    const top = indents[indents.length - 1];
    if (col > top) {
      if (t.kind.length === 0) throw new GiveUp(); // an indented first line: CPython refuses it
      indents.push(col);
      push(t, Tok.Indent, lineStart, i);
    } else if (col < top) {
      while (col < indents[indents.length - 1]) {
        indents.pop();
        push(t, Tok.Dedent, lineStart, lineStart);
      }
      if (col !== indents[indents.length - 1]) throw new GiveUp();
    }
    i = scanLine(src, i, t);
    if (i >= len) break;
  }
  push(t, Tok.Eof, len, len);
}

function comment(src: string, i: number, t: Tokens): number {
  const end = src.indexOf("\n", i);
  const to = end < 0 ? src.length : end;
  t.commentFrom.push(i);
  t.commentTo.push(to);
  return to;
}

/** One logical line from its first token; returns the position after its newline. */
function scanLine(src: string, i: number, t: Tokens): number {
  const len = src.length;
  let depth = 0;
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12) {
      i++;
    } else if (c === 92 && src.charCodeAt(i + 1) === 10) {
      // A line continuation is space (lezer's indentation tokens do not fit mid-statement), but
      // not before a blank or comment line or the end: lezer reads those as blank lines.
      i += 2;
      let j = i;
      while (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9) j++;
      if (j >= len || src.charCodeAt(j) === 10 || src.charCodeAt(j) === 35) throw new GiveUp();
    } else if (c === 10) {
      if (depth === 0) {
        push(t, Tok.Newline, i, i + 1);
        return i + 1;
      }
      i++;
    } else if (c === 35) {
      i = comment(src, i, t);
    } else {
      const r = token(src, i, t, depth, undefined);
      i = r.end;
      depth += r.depthChange;
      if (depth < 0) throw new GiveUp();
    }
  }
  return i;
}

/**
 * One token at `i` (not space, newline or comment). In an f-string replacement `quote` is the
 * enclosing string's quote, which may not reappear there.
 */
function token(src: string, i: number, t: Tokens, depth: number, quote: number | undefined): { end: number; depthChange: number } {
  const c = src.charCodeAt(i);
  if (isIdStart(c)) {
    let j = i + 1;
    while (j < src.length && isIdChar(src.charCodeAt(j))) j++;
    const q = src.charCodeAt(j);
    if (q === 34 || q === 39) {
      const prefix = PREFIXES[src.slice(i, j).toLowerCase()];
      if (prefix) return { end: string(src, i, j, prefix.format, prefix.raw, t, quote), depthChange: 0 };
    }
    push(t, Tok.Name, i, j);
    return { end: j, depthChange: 0 };
  }
  if (c === 34 || c === 39) return { end: string(src, i, i, false, false, t, quote), depthChange: 0 };
  if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)))) {
    const end = number(src, i);
    if (isIdChar(src.charCodeAt(end))) throw new GiveUp(); // `1L`, `1if`: lezer's reading is unsure
    push(t, Tok.Number, i, end);
    return { end, depthChange: 0 };
  }
  if (c === 92) throw new GiveUp(); // a backslash not before a newline
  const ops = OPS[src[i]];
  if (!ops) throw new GiveUp();
  for (const op of ops) {
    if (!src.startsWith(op, i)) continue;
    push(t, Tok.Op, i, i + op.length);
    const depthChange = c === 40 || c === 91 || c === 123 ? 1 : c === 41 || c === 93 || c === 125 ? -1 : 0;
    return { end: i + op.length, depthChange };
  }
  throw new GiveUp();
}

/** lezer's Number token: the grammar's @tokens rule, longest match. */
function number(src: string, i: number): number {
  const c = src.charCodeAt(i);
  const n = src.charCodeAt(i + 1) | 0x20;
  if (c === 48 && (n === 98 || n === 111 || n === 120)) {
    const ok = n === 98 ? (d: number) => d === 95 || d === 48 || d === 49 : n === 111 ? (d: number) => d === 95 || (d >= 48 && d <= 55) : (d: number) => d === 95 || isHex(d);
    let j = i + 2;
    while (ok(src.charCodeAt(j))) j++;
    if (j > i + 2) return j;
  }
  const digits = (j: number) => {
    while (isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 95) j++;
    return j;
  };
  let j = i;
  if (c === 46) j = digits(i + 2);
  else {
    j = digits(i + 1);
    if (src.charCodeAt(j) === 46 && isDigit(src.charCodeAt(j + 1))) j = digits(j + 2);
  }
  if ((src.charCodeAt(j) | 0x20) === 101) {
    let k = j + 1;
    const s = src.charCodeAt(k);
    if (s === 43 || s === 45) k++;
    if (isDigit(src.charCodeAt(k))) j = digits(k + 1);
  }
  if ((src.charCodeAt(j) | 0x20) === 106) j++;
  return j;
}

/**
 * A string from its prefix at `start` (quote at `q`), as lezer's `strings` tokenizer reads it:
 * Escape tokens, and in an f-string its replacements. Returns the position after it.
 */
function string(src: string, start: number, q: number, format: boolean, raw: boolean, t: Tokens, outer: number | undefined): number {
  const quote = src.charCodeAt(q);
  if (quote === outer) throw new GiveUp(); // the enclosing f-string's quote: Python 3.12 nests it, lezer does not
  const long = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote;
  let i = q + (long ? 3 : 1);
  push(t, format ? Tok.FStrStart : Tok.StrStart, start, i);
  const len = src.length;
  for (;;) {
    if (i >= len) throw new GiveUp();
    const c = src.charCodeAt(i);
    if (format && c === 123) {
      if (src.charCodeAt(i + 1) === 123) i += 2;
      else i = replacement(src, i, t, quote);
    } else if (c === 92 && !raw) {
      const from = i;
      i++;
      if (i < len) {
        const e = src.charCodeAt(i);
        i++;
        i = skipEscape(src, i, e);
      }
      push(t, Tok.Escape, from, i);
    } else if (c === 92) {
      i += 2; // raw strings still ignore escaped quotes
    } else if (c === quote && (!long || (src.charCodeAt(i + 1) === quote && src.charCodeAt(i + 2) === quote))) {
      const end = i + (long ? 3 : 1);
      push(t, Tok.StrEnd, i, end);
      return end;
    } else if (c === 10 && !long) {
      throw new GiveUp(); // unterminated
    } else i++;
  }
}

/** tokens.js skipEscape, to the letter (its `\o` is not Python's, but it is lezer's). */
function skipEscape(src: string, i: number, ch: number): number {
  const take = (n: number, ok: (c: number) => boolean) => {
    for (let k = 0; k < n && ok(src.charCodeAt(i)); k++) i++;
    return i;
  };
  if (ch === 111) return take(2, (c) => c >= 48 && c <= 55);
  if (ch === 120) return take(2, isHex);
  if (ch === 117) return take(4, isHex);
  if (ch === 85) return take(8, isHex);
  if (ch === 78 && src.charCodeAt(i) === 123) {
    i++;
    for (;;) {
      const c = src.charCodeAt(i);
      if (i >= src.length || c === 125 || c === 39 || c === 34 || c === 10) break;
      i++;
    }
    if (src.charCodeAt(i) === 125) i++;
  }
  return i;
}

/** An f-string replacement from its `{`: code, then `=`, `!r`, a format spec, up to its `}`. */
function replacement(src: string, open: number, t: Tokens, quote: number): number {
  push(t, Tok.ReplOpen, open, open + 1);
  let i = open + 1;
  let depth = 0;
  for (;;) {
    if (i >= src.length) throw new GiveUp();
    const c = src.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (c === 10 || c === 35 || c === quote || c === 9 || c === 12) throw new GiveUp();
    if (depth === 0) {
      if (c === 125) {
        push(t, Tok.ReplClose, i, i + 1);
        return i + 1;
      }
      if (c === 33 && src.charCodeAt(i + 1) !== 61) {
        const k = src.charCodeAt(i + 1);
        if (k !== 115 && k !== 114 && k !== 97) throw new GiveUp();
        push(t, Tok.Conversion, i, i + 2);
        i += 2;
        continue;
      }
      if (c === 58) {
        if (src.charCodeAt(i + 1) === 61) throw new GiveUp();
        return spec(src, i, t, quote);
      }
      if (c === 61 && src.charCodeAt(i + 1) !== 61) {
        push(t, Tok.SelfDoc, i, i + 1);
        i++;
        continue;
      }
      if (src.startsWith("lambda", i)) throw new GiveUp(); // its `:` would read as a format spec
    }
    const r = token(src, i, t, depth, quote);
    i = r.end;
    depth += r.depthChange;
    if (depth < 0) throw new GiveUp();
  }
}

/** A format spec from its `:`: plain characters and nested replacements, up to the `}` that ends both. */
function spec(src: string, colon: number, t: Tokens, quote: number): number {
  push(t, Tok.SpecOpen, colon, colon + 1);
  let i = colon + 1;
  for (;;) {
    if (i >= src.length) throw new GiveUp();
    const c = src.charCodeAt(i);
    if (c === quote || c === 10) throw new GiveUp();
    if (c === 125) {
      push(t, Tok.ReplClose, i, i + 1);
      return i + 1;
    }
    if (c === 123) i = replacement(src, i, t, quote);
    else i++;
  }
}
