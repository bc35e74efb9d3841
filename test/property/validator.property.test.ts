import fc from "fast-check";
import { expect, test } from "vitest";
import { manifestSchema } from "../../src/manifest/schema.js";
import { validateManifest } from "../../src/manifest/validate.js";

/*
 * Differential: validate.ts (the fast path, from validation.json) against zod itself. On valid
 * and near-valid manifests (wrong types, extra and prototype-named keys, empty and whitespace
 * strings, boundary numbers, integers vs floats, missing required keys, unknown enum values,
 * nested examples/ignore lists) both accept the same ones and return the same data: the same
 * keys in the same order, strings trimmed alike, -0 kept. Values are what YAML can produce
 * (plus undefined), mappings built as yaml's toJS builds them (`__proto__` an own key).
 */

const RUNS = 20_000;

const mapping = (pairs: Array<[string, unknown]>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  // As yaml's toJS: a defined own property, so `__proto__` is a key and not the prototype.
  for (const [k, v] of pairs) Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  return out;
};

const texts = fc.constantFrom("x", " x ", "", " ", "\t\n", "\u00a0", "\u2028a\u2029", "\ufeff", "\u3000y", "a b", "app.py::App", "my-app", "FP101", "FP9999", " FP101", "fp101", "FP10", "FP101\n", "shared", " shared", "Shared", "sharde", "private", "public", "rolling", "recreate", "per_image", "per_text_chunk", "gpu_seconds", "per-image", "/", "1");
const boundaries = fc.constantFrom(0, -0, -1, 0.5, 1.5, 1e-300, -1e-300, Number.MAX_SAFE_INTEGER + 1, 1e300, -Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity, "1");
const numbers = fc.oneof(boundaries, fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: false }));
const scalars = fc.oneof(texts, numbers, fc.constantFrom(null, true, false, undefined));
const keyNames = fc.constantFrom("x", "nmae", "__proto__", "constructor", "toString", "hasOwnProperty", "0", "", " ref", "prompt", "valueOf");
const anything: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalars, fc.array(tie("any"), { maxLength: 3 }), fc.array(fc.tuple(keyNames, tie("any")), { maxLength: 3 }).map(mapping)),
})).any;

const record = fc.array(fc.tuple(keyNames, anything), { maxLength: 3 }).map(mapping);

/** A leaf: values the schema takes (`ok`, whitespace-padded ones among them) and ones it should not. */
type Leaf = { ok: fc.Arbitrary<unknown>; near: fc.Arbitrary<unknown> };
type Spec = Leaf | { props: Record<string, Spec>; required: string[] } | { list: Spec } | { record: true };

const okText = fc.constantFrom("x", " x ", "\u3000y\n", "app.py::App", "my-app", "a b");
const leaf = (ok: fc.Arbitrary<unknown>, near: fc.Arbitrary<unknown> = scalars): Leaf => ({ ok, near });
const text = leaf(okText, texts);
const oneOf = (...values: string[]) => leaf(fc.constantFrom(...values), texts);
const SPEC: Spec = {
  required: ["version", "app", "billing"],
  props: {
    version: leaf(fc.constant(1), fc.constantFrom(2, "1", 0, 1.5, null)),
    app: {
      required: ["ref", "auth"],
      props: { ref: text, name: text, auth: oneOf("shared", "private", "public"), team: text, environment: text, strategy: oneOf("rolling", "recreate"), reset_scale: leaf(fc.boolean()) },
    },
    billing: {
      required: ["strategy"],
      props: {
        strategy: oneOf("per_image", "per_megapixel", "per_video_second", "per_text_chunk", "per_request", "gpu_seconds"),
        chunk_chars: leaf(fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constant(Number.MAX_SAFE_INTEGER)), boundaries),
        unit_price_usd: leaf(fc.oneof(fc.double({ min: Number.MIN_VALUE, max: 10, noNaN: true }), fc.constant(0.02)), boundaries),
        examples: { list: { required: ["input", "units"], props: { endpoint: text, input: { record: true }, units: leaf(fc.oneof(fc.constantFrom(0, -0, 1, 2.5), fc.nat()), boundaries) } } },
      },
    },
    marketplace: { required: [], props: { title: text, description: text, category: text, license: text, example_input: { record: true } } },
    ignore: { list: { required: ["code", "reason"], props: { code: leaf(fc.constantFrom("FP101", "FP999", "FP000"), texts), reason: text } } },
  },
};

/** Noise 0: valid manifests (optional keys present or not); 1: now and then one thing off; 2: often. */
function gen(spec: Spec, noise: 0 | 1 | 2): fc.Arbitrary<unknown> {
  const off = noise === 0 ? 0 : noise === 1 ? 1 : 4;
  const withNoise = (arb: fc.Arbitrary<unknown>, near: fc.Arbitrary<unknown>) => (off === 0 ? arb : fc.oneof({ weight: 40, arbitrary: arb }, { weight: off, arbitrary: near }, { weight: off, arbitrary: anything }));
  if ("ok" in spec) return withNoise(spec.ok, spec.near);
  if ("record" in spec) return withNoise(record, anything);
  if ("list" in spec) return withNoise(fc.array(gen(spec.list, noise), { maxLength: 3 }), anything);
  const absent = Symbol("absent");
  const entries = Object.entries(spec.props).map(([k, sub]) => {
    // A required key goes missing only with noise; an optional one is there half the time.
    const keep = spec.required.includes(k) ? (off === 0 ? fc.constant(true) : fc.nat(40 + off).map((n) => n >= off)) : fc.boolean();
    return fc.tuple(keep, gen(sub, noise)).map(([there, v]) => [k, there ? v : absent] as [string, unknown]);
  });
  const none = fc.constant<Array<[string, unknown]>>([]);
  const extras = off === 0 ? none : fc.oneof({ weight: 40, arbitrary: none }, { weight: off, arbitrary: fc.array(fc.tuple(keyNames, anything), { minLength: 1, maxLength: 2 }) });
  const built = fc.tuple(fc.tuple(...entries), extras, fc.boolean()).map(([pairs, extra, reverse]) => {
    const present = pairs.filter(([, v]) => v !== absent);
    return mapping([...(reverse ? present.reverse() : present), ...extra]);
  });
  return withNoise(built, anything);
}

// Mostly noise 1: one thing off in an otherwise valid manifest is where a disagreement shows.
const manifest = fc.oneof({ weight: 1, arbitrary: gen(SPEC, 0) }, { weight: 3, arbitrary: gen(SPEC, 1) }, { weight: 1, arbitrary: gen(SPEC, 2) });

/** Data as text that tells key order, -0, NaN, undefined and a replaced prototype apart. */
function canon(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) !== Object.prototype) return `proto(${canon(Object.getPrototypeOf(v))})${canon({ ...v })}`;
  if (typeof v === "object" && v !== null) return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

test(`validate.ts and zod agree on acceptance and data (${RUNS} manifests)`, () => {
  let accepted = 0;
  fc.assert(
    fc.property(manifest, (raw) => {
      const zod = manifestSchema.safeParse(raw);
      const fast = validateManifest(raw);
      expect(fast !== undefined, canon(raw)).toBe(zod.success);
      if (zod.success) {
        accepted++;
        expect(canon(fast)).toBe(canon(zod.data));
      }
    }),
    { numRuns: RUNS },
  );
  // Both sides are exercised: valid manifests are not a rarity, nor the only case.
  expect(accepted).toBeGreaterThan(RUNS / 5);
  expect(accepted).toBeLessThan(RUNS * 0.8);
});
