import type { SyntaxNode, Tree, TreeCursor } from "./tree.js";

const PLAIN = { isError: false } as const;

/**
 * A node of the tree fast-parse.ts builds: plain linked objects, the part of lezer's SyntaxNode
 * the analysis uses. Built bottom-up: children first, then their parent links them.
 */
export class FastNode implements SyntaxNode {
  parent: FastNode | null = null;
  firstChild: FastNode | null = null;
  lastChild: FastNode | null = null;
  nextSibling: FastNode | null = null;
  prevSibling: FastNode | null = null;

  constructor(
    readonly name: string,
    readonly from: number,
    readonly to: number,
  ) {}

  /** A fast tree holds no error nodes: fast-parse.ts gives up where lezer would put one. */
  get type(): { readonly isError: boolean } {
    return PLAIN;
  }

  get node(): FastNode {
    return this;
  }

  getChild(name: string): FastNode | null {
    for (let c = this.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
    return null;
  }

  cursor(): TreeCursor {
    return new FastCursor(this);
  }

  /** Link `kids` (in order) under this node. */
  adopt(kids: FastNode[], start: number, end: number): void {
    let prev: FastNode | null = null;
    for (let i = start; i < end; i++) {
      const k = kids[i];
      k.parent = this;
      k.prevSibling = prev;
      if (prev) prev.nextSibling = k;
      else this.firstChild = k;
      prev = k;
    }
    this.lastChild = prev;
  }
}

class FastCursor implements TreeCursor {
  constructor(public node: FastNode) {}
  get name(): string {
    return this.node.name;
  }
  get from(): number {
    return this.node.from;
  }
  get to(): number {
    return this.node.to;
  }
  get type(): { readonly isError: boolean } {
    return PLAIN;
  }
  private go(to: FastNode | null): boolean {
    if (!to) return false;
    this.node = to;
    return true;
  }
  firstChild(): boolean {
    return this.go(this.node.firstChild);
  }
  nextSibling(): boolean {
    return this.go(this.node.nextSibling);
  }
  parent(): boolean {
    return this.go(this.node.parent);
  }
}

export class FastTree implements Tree {
  constructor(readonly topNode: FastNode) {}
  get length(): number {
    return this.topNode.to;
  }
  cursor(): TreeCursor {
    return this.topNode.cursor();
  }
  /** The innermost node around `pos`; side 1: one that starts at or before pos and ends after it. */
  resolveInner(pos: number, side: -1 | 0 | 1 = 0): FastNode {
    let node = this.topNode;
    for (;;) {
      let next: FastNode | null = null;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        const inside = side > 0 ? c.from <= pos && c.to > pos : side < 0 ? c.from < pos && c.to >= pos : c.from < pos && c.to > pos;
        if (inside) next = c;
      }
      if (!next) return node;
      node = next;
    }
  }
}
