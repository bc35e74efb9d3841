import { SlowPartMissing } from "../core/slow-parts.js";
import type { PyLiteral } from "../python/facts.js";
import { literalValue } from "../python/literals.js";
import { parsePython } from "../python/parse.js";
import type { SyntaxNode } from "../python/tree.js";

/**
 * An endpoint's example request body, read from its input model as written: the pydantic
 * class annotating the endpoint's first typed parameter, each field's `examples=[…]` first
 * value, else its default. Pure and total; anything not a plain literal is left out.
 */
export interface ExampleInput {
  model: string;
  example: Record<string, PyLiteral>;
  /** Required fields with neither an example nor a default: the caller must add them. */
  missing: string[];
}

/** Parameters that are never the request body. */
const NOT_INPUT = new Set(["Response", "Request", "WebSocket"]);

export function exampleInputs(source: string, className: string, functionNames: string[]): Map<string, ExampleInput> {
  const out = new Map<string, ExampleInput>();
  let top: SyntaxNode;
  try {
    top = parsePython(source).topNode;
  } catch (e) {
    if (e instanceof SlowPartMissing) throw e;
    return out; // too deeply nested to parse: no examples, the check reports the syntax
  }
  const classes = new Map<string, SyntaxNode>();
  for (let c = top.firstChild; c; c = c.nextSibling) {
    const cls = c.name === "DecoratedStatement" ? c.getChild("ClassDefinition") : c.name === "ClassDefinition" ? c : null;
    const name = cls?.getChild("VariableName");
    if (cls && name) classes.set(source.slice(name.from, name.to), cls);
  }
  const app = classes.get(className);
  const body = app?.getChild("Body");
  if (!body) return out;
  for (let c = body.firstChild; c; c = c.nextSibling) {
    const fn = c.name === "DecoratedStatement" ? c.getChild("FunctionDefinition") : null;
    const fnName = fn?.getChild("VariableName");
    if (!fn || !fnName) continue;
    const name = source.slice(fnName.from, fnName.to);
    if (!functionNames.includes(name)) continue;
    const model = inputModel(fn, source);
    const cls = model ? classes.get(model) : undefined;
    if (model && cls) out.set(name, { model, ...fieldsOf(cls, source) });
  }
  return out;
}

/** The class name annotating the first parameter that is not self or a Response/Request. */
function inputModel(fn: SyntaxNode, src: string): string | undefined {
  const params = fn.getChild("ParamList");
  for (let c = params?.firstChild; c; c = c.nextSibling) {
    if (c.name !== "TypeDef") continue;
    const type = c.getChild("VariableName");
    const name = type && src.slice(type.from, type.to);
    if (name && !NOT_INPUT.has(name)) return name;
  }
  return undefined;
}

function fieldsOf(cls: SyntaxNode, src: string): Omit<ExampleInput, "model"> {
  const example: Record<string, PyLiteral> = {};
  const missing: string[] = [];
  for (let s = cls.getChild("Body")?.firstChild; s; s = s.nextSibling) {
    if (s.name !== "AssignStatement" || !s.getChild("TypeDef")) continue;
    const target = s.firstChild;
    if (target?.name !== "VariableName") continue;
    const field = src.slice(target.from, target.to);
    if (field.startsWith("_") || field === "model_config") continue;
    const value = valueAfterAssign(s);
    const found = value ? exampleOf(value, src) : undefined;
    if (found !== undefined) example[field] = found;
    else if (!value || isRequired(value, src)) missing.push(field);
  }
  return { example, missing };
}

function valueAfterAssign(stmt: SyntaxNode): SyntaxNode | undefined {
  for (let c = stmt.firstChild; c; c = c.nextSibling) if (c.name === "AssignOp") return c.nextSibling ?? undefined;
  return undefined;
}

/** `Field(..., examples=[x])` → x; `Field(default=x)` / `Field(x)` → x; a plain literal → itself. */
function exampleOf(value: SyntaxNode, src: string): PyLiteral | undefined {
  if (value.name !== "CallExpression") return literalValue(value, src)?.value;
  const args = value.getChild("ArgList");
  let positional: SyntaxNode | undefined;
  const keywords = new Map<string, SyntaxNode>();
  for (let c = args?.firstChild; c; c = c.nextSibling) {
    if (c.name === "VariableName" && c.nextSibling?.name === "AssignOp" && c.nextSibling.nextSibling) {
      keywords.set(src.slice(c.from, c.to), c.nextSibling.nextSibling);
      c = c.nextSibling.nextSibling;
    } else if (!positional && !["(", ")", ","].includes(c.name)) positional = c;
  }
  const examples = keywords.get("examples");
  const list = examples && literalValue(examples, src)?.value;
  if (Array.isArray(list) && list.length > 0) return list[0];
  const fallback = keywords.get("default") ?? positional;
  if (!fallback || src.slice(fallback.from, fallback.to) === "...") return undefined;
  return literalValue(fallback, src)?.value;
}

/** A call with no default (`Field(description=…)`, `Field(...)`) leaves the field required. */
function isRequired(value: SyntaxNode, src: string): boolean {
  if (value.name !== "CallExpression") return false;
  const text = src.slice(value.from, value.to);
  return !/\bdefault(_factory)?\s*=/.test(text);
}
