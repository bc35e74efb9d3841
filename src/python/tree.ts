import type { parser } from "@lezer/python";

/** lezer tree types, taken from @lezer/python itself so we need no direct @lezer/common import. */
export type Tree = ReturnType<typeof parser.parse>;
export type SyntaxNode = Tree["topNode"];
