import fc from "fast-check";
import { backoffMs, JITTER_SHARE, jittered, retryAfterMs } from "../../src/pool/backoff";

const headers = (entries: Record<string, string>): Headers => new Headers(entries);

describe("retryAfterMs", () => {
  test("prefers retry-after-ms, then retry-after in seconds", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "1500", "retry-after": "9" }))).toBe(1500);
    expect(retryAfterMs(headers({ "retry-after-ms": "12.5" }))).toBe(12.5);
    expect(retryAfterMs(headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(headers({ "retry-after": "0.5" }))).toBe(500);
  });

  test("reads an HTTP date relative to now, never negative", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(headers({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(headers({ "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }), now)).toBe(0);
  });

  test("falls through invalid values, and is undefined without a hint", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "soon", "retry-after": "3" }))).toBe(3000);
    expect(retryAfterMs(headers({ "retry-after-ms": "-5" }))).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "not a date" }))).toBeUndefined();
    expect(retryAfterMs(headers({}))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  test("doubles per attempt, half fixed and half random, and is capped", () => {
    expect(backoffMs(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffMs(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 30_000, () => 0)).toBe(4000);
    expect(backoffMs(10, 1000, 30_000, () => 1)).toBe(30_000);
  });

  test("always lies within [ceiling/2, ceiling] of the capped exponential", () => {
    fc.assert(
      fc.property(fc.nat(20), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, base, cap, r) => {
        const ceiling = Math.min(cap, base * 2 ** attempt);
        const delay = backoffMs(attempt, base, cap, () => r);
        return delay >= ceiling / 2 && delay <= ceiling;
      }),
    );
  });
});

test("jittered never shortens a server-given delay and adds at most JITTER_SHARE", () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (ms, r) => {
      const delay = jittered(ms, () => r);
      return delay >= ms && delay <= ms * (1 + JITTER_SHARE);
    }),
  );
});
