import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "../../../src/suggest.js";

const KEYS = ["min_concurrency", "max_concurrency", "keep_alive", "machine_type", "regions", "health_check", "ref"];

describe("suggest", () => {
  it("finds near misses", () => {
    expect(suggest("machine_typ", KEYS)).toBe("machine_type");
    expect(suggest("keepalive", KEYS)).toBe("keep_alive");
    expect(suggest("heatlh_check", KEYS)).toBe("health_check");
    expect(suggest("region", KEYS)).toBe("regions");
  });

  it("treats case and - versus _ as the same word", () => {
    expect(suggest("min-concurrency", KEYS)).toBe("min_concurrency");
    expect(suggest("Keep-Alive", KEYS)).toBe("keep_alive");
  });

  it("returns undefined when nothing is close", () => {
    expect(suggest("banana", KEYS)).toBeUndefined();
    expect(suggest("x", KEYS)).toBeUndefined();
    expect(suggest("", KEYS)).toBeUndefined();
    expect(suggest("anything", [])).toBeUndefined();
  });

  it("prefers the closest candidate, then the earlier one", () => {
    expect(suggest("max_concurency", KEYS)).toBe("max_concurrency");
    expect(suggest("ab", ["ax", "ay"])).toBe("ax");
  });

  it("allows one edit per three characters of the longer word, and not one more", () => {
    // 12 characters: 4 edits are close enough, 5 are not.
    expect(suggest("mxxxxne_type", ["machine_type"])).toBe("machine_type");
    expect(suggest("mxxxxxe_type", ["machine_type"])).toBeUndefined();
    // 9 characters: 3 edits, not 4.
    expect(suggest("rxxxon_id", ["region_id"])).toBe("region_id");
    expect(suggest("rxxxxn_id", ["region_id"])).toBeUndefined();
    // The longer of the two words sets the limit: 3 deletions from 9 characters still match.
    expect(suggest("abcdef", ["abcdefghi"])).toBe("abcdefghi");
    expect(suggest("abcdefghi", ["abcdef"])).toBe("abcdef");
    expect(suggest("abcde", ["abcdefghi"])).toBeUndefined();
    // Short words: always one edit, never two.
    expect(suggest("ab", ["ax"])).toBe("ax");
    expect(suggest("ab", ["xy"])).toBeUndefined();
    expect(suggest("refs", ["ref"])).toBe("ref");
  });

  it("counts a swap of two neighbours as one edit", () => {
    expect(editDistance("auht", "auth")).toBe(1);
    expect(suggest("atuh", ["auth"])).toBe("auth");
  });

  it("always returns one of the candidates", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }), (w, cs) => {
        const s = suggest(w, cs);
        expect(s === undefined || cs.includes(s)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("editDistance", () => {
  it("counts inserts, deletes and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("is symmetric", () => {
    fc.assert(fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (a, b) => editDistance(a, b) === editDistance(b, a)));
  });
});
