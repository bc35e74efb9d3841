import type { Code } from "../core/codes.js";
import type { Pos } from "../core/findings.js";
import type { ArgsOf } from "../core/messages.js";
import { pyRepr, type Entry, type TomlNode } from "./toml-tree.js";

/* Type tests on TOML entries, as fal's isinstance() checks see them. */

export type Table = TomlNode & { kind: "table" };
/** Record one finding at a position of pyproject.toml. */
export type Add = <C extends Code>(code: C, pos: Pos, args: ArgsOf<C>) => void;

export const isTable = (e: Entry | undefined): e is Entry & { node: Table } => e?.node.kind === "table";
const isType = (e: Entry | undefined, t: string) => e?.node.kind === "scalar" && e.node.type === t;
export const isStr = (e: Entry | undefined) => isType(e, "str");
/** Python's isinstance(x, int) without bool: TOML keeps the two apart already. */
export const isInt = (e: Entry | undefined) => isType(e, "int");
export const isBool = (e: Entry | undefined) => isType(e, "bool");
export const isStrList = (e: Entry | undefined) => e?.node.kind === "array" && e.node.items.every(isStr);
export const strOf = (e: Entry) => (e.node.kind === "scalar" && e.node.type === "str" ? (e.node.value as string) : "");
/** A key as fal's messages show it: Python's repr of the string. */
export const pyReprKey = (k: string) => pyRepr({ kind: "scalar", type: "str", value: k, text: k });
