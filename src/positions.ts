import type { Pos } from "./core/findings.js";

/**
 * Offset → 1-based line/column. Lines end at \n, \r\n or a lone \r (as Python counts them);
 * columns count characters (code points), a tab is one column.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Only sources with astral characters need code-point counting; the rest use plain offsets. */
  private readonly astral: boolean;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.starts.push(i + 1);
      else if (ch === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
    this.astral = /[\uD800-\uDFFF]/.test(text);
  }

  lineStart(offset: number): number {
    return this.starts[this.lineIndex(offset)];
  }

  pos(offset: number): Pos {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const li = this.lineIndex(o);
    const start = this.starts[li];
    let column = o - start + 1;
    if (this.astral) {
      column = 1;
      for (let i = start; i < o; i++) {
        const ch = this.text.charCodeAt(i);
        // A high surrogate followed by a low one is one character.
        if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < o) {
          const next = this.text.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) i++;
        }
        column++;
      }
    }
    return { line: li + 1, column };
  }

  private lineIndex(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
