import * as z from "zod";
import type { Parse } from "./answer.js";

/** A Parse from a zod schema: on a mismatch, say what was expected and where. */
export function shapeOf<T>(schema: z.ZodType<T>, described: string): Parse<T> {
  return (json) => {
    const r = schema.safeParse(json);
    if (r.success) return { ok: true, value: r.data };
    const issue = r.error.issues[0]!;
    const at = issue.path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "");
    return { ok: false, expected: `${described}${at ? ` (at ${at}: ${issue.message})` : ` (${issue.message})`}` };
  };
}

/** Page fields every list answer carries; both optional in practice. */
export const page = { next_cursor: z.string().nullish(), has_more: z.boolean().nullish() };
