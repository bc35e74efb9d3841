/**
 * The part of a syntax tree the analysis reads. lezer's trees (@lezer/python) have it, and so do
 * the plain trees fast-parse.ts builds for the code it takes; nothing here depends on which.
 */
export interface SyntaxNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly type: { readonly isError: boolean };
  readonly parent: SyntaxNode | null;
  readonly firstChild: SyntaxNode | null;
  readonly lastChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  readonly prevSibling: SyntaxNode | null;
  /** The node itself (a cursor's `node` is the one it stands on). */
  readonly node: SyntaxNode;
  getChild(name: string): SyntaxNode | null;
  cursor(): TreeCursor;
}

export interface TreeCursor {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  /** lezer leaves it undefined on the corrupt buffers of pathological input (syntax-errors.ts). */
  readonly type: { readonly isError: boolean } | undefined;
  readonly node: SyntaxNode;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
}

export interface Tree {
  readonly topNode: SyntaxNode;
  readonly length: number;
  cursor(): TreeCursor;
  resolveInner(pos: number, side?: -1 | 0 | 1): SyntaxNode;
}
