import { describe, expect, test } from "vitest";
import { shares, threadsFor } from "../../src/commands/check-apps.js";

describe("threadsFor", () => {
  test("one thread below 80 apps; then one per 40 apps, at most the cores and 4", () => {
    expect(threadsFor(1, {}, 8)).toBe(1);
    expect(threadsFor(79, {}, 8)).toBe(1);
    expect(threadsFor(80, {}, 8)).toBe(2);
    expect(threadsFor(100, {}, 2)).toBe(2);
    expect(threadsFor(1000, {}, 2)).toBe(2);
    expect(threadsFor(1000, {}, 16)).toBe(4);
    expect(threadsFor(1000, {}, 1)).toBe(1);
  });
  test("FALPUB_JOBS wins (1 = this thread only), but never more threads than apps; junk is ignored", () => {
    expect(threadsFor(1000, { FALPUB_JOBS: "1" }, 8)).toBe(1);
    expect(threadsFor(3, { FALPUB_JOBS: "8" }, 2)).toBe(3);
    expect(threadsFor(100, { FALPUB_JOBS: "0" }, 2)).toBe(2);
    expect(threadsFor(100, { FALPUB_JOBS: "many" }, 2)).toBe(2);
    expect(threadsFor(100, { FALPUB_JOBS: "" }, 2)).toBe(2);
  });
});

describe("shares", () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  test("every item once, in order; the first share (this thread) a quarter bigger", () => {
    for (const threads of [1, 2, 3, 4]) {
      const parts = shares(items, threads);
      expect(parts).toHaveLength(threads);
      expect(parts.flat()).toEqual(items);
    }
    const [mine, theirs] = shares(items, 2);
    expect(mine.length).toBe(56);
    expect(theirs.length).toBe(44);
  });
  test("fewer items than threads: empty shares are allowed, nothing lost", () => {
    const parts = shares([1, 2], 4);
    expect(parts.flat()).toEqual([1, 2]);
  });
});
