import type { InputModelFacts, PyLiteral } from "./facts.js";
import { classCtx } from "./classes.js";
import { literalValue } from "./literals.js";
import { resolveDotted, type PyModule } from "./module.js";
import { child, dotted, kids, splitArgs, statements, text } from "./syntax.js";
import type { SyntaxNode } from "./tree.js";

/**
 * The request model of an endpoint (a pydantic class in the project): each field's default
 * and `examples`, so that billing examples and probe inputs can be completed the way
 * pydantic completes a request.
 */
export function inputModel(mod: PyModule, annotation: SyntaxNode | undefined): InputModelFacts | undefined {
  const parts = dotted(mod, annotation);
  const r = parts && resolveDotted(mod, parts);
  if (r?.kind !== "class") return undefined;
  const out: InputModelFacts = { className: r.name, fields: {} };
  const seen = new Set<SyntaxNode>();
  const visit = (m: PyModule, node: SyntaxNode) => {
    if (seen.has(node)) return;
    seen.add(node);
    // Base models first: a subclass's field of the same name overrides.
    for (const b of classCtx(m, node).bases) visit(b.mod, b.node);
    for (const s of statements(child(node, "Body"))) {
      if (s.name !== "AssignStatement") continue;
      const k = kids(s);
      if (k[0]?.name !== "VariableName" || k[1]?.name !== "TypeDef") continue;
      const name = text(m, k[0]);
      const type = k[1].lastChild ? text(m, k[1].lastChild) : "";
      const value = k[2]?.name === "AssignOp" ? k[3] : undefined;
      out.fields[name] = { type, ...fieldInfo(m, value) };
    }
  };
  visit(r.mod, r.node);
  return out;
}

function fieldInfo(m: PyModule, value: SyntaxNode | undefined): { default?: PyLiteral; examples?: PyLiteral[]; required: boolean } {
  if (!value) return { required: true };
  const lit = literalValue(value, m.src);
  if (lit) return { default: lit.value, required: false };
  if (value.name !== "CallExpression" || dotted(m, value.firstChild)?.at(-1) !== "Field") return { required: false };
  const args = splitArgs(m, child(value, "ArgList"));
  const kw = (n: string) => args.keywords.find((k) => k.name === n)?.value;
  const def = kw("default") ?? args.positional[0];
  const examples = kw("examples");
  const ex = examples ? literalValue(examples, m.src)?.value : undefined;
  const d = def && def.name !== "Ellipsis" ? literalValue(def, m.src) : undefined;
  const info: { default?: PyLiteral; examples?: PyLiteral[]; required: boolean } = { required: !def || def.name === "Ellipsis" };
  if (!info.required && !kw("default_factory") && d === undefined) info.required = false;
  if (d) info.default = d.value;
  if (Array.isArray(ex)) info.examples = ex;
  if (kw("default_factory")) info.required = false;
  return info;
}
