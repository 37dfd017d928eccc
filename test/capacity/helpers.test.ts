import fc from "fast-check";
import { formatUsd, formatUsdRange, markdownTable } from "../../src/capacity/markdown";
import { formatNumber } from "../../src/core/format";
import { ceilToStep, roundToStep } from "../../src/capacity/rounding";
import { numberProblem, throwIfProblems } from "../../src/capacity/validation";
import { parseTables } from "./markdown-tables";

describe("ceilToStep", () => {
  test.each([
    [3.4722, 0.1, 3.5],
    [3.5, 0.1, 3.5],
    [3.5000001, 0.1, 3.6],
    [2.1 / 0.15, 1, 14],
    [14.00001, 1, 15],
    [0, 1, 0],
    [1e-12, 10, 10],
    [1_000_000_322_120.0004, 1, 1_000_000_322_121],
    [52.15, 10, 60],
  ])("ceilToStep(%p, %p) = %p", (value, step, expected) => {
    expect(ceilToStep(value, step)).toBe(expected);
  });

  test("is the smallest multiple of the step not below the value (up to the tolerance)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true })), fc.constantFrom(0.1, 1, 10), (value, step) => {
        const result = ceilToStep(value, step);
        expect(result).toBeGreaterThanOrEqual(value * (1 - 1e-9));
        expect(result - step).toBeLessThan(value);
      }),
    );
  });
});

describe("roundToStep", () => {
  test.each([
    [52.15, 10, 50],
    [45, 10, 50],
    [44.99, 10, 40],
    [0.35, 0.1, 0.4],
  ])("roundToStep(%p, %p) = %p", (value, step, expected) => {
    expect(roundToStep(value, step)).toBe(expected);
  });
});

describe("numberProblem", () => {
  test("describes each kind of rule", () => {
    expect(numberProblem("x", 0, { min: 0, minExclusive: true })).toBe("x must be a finite number > 0; got 0");
    expect(numberProblem("x", -1, { min: 0 })).toBe("x must be a finite number >= 0; got -1");
    expect(numberProblem("x", 25, { min: 1, max: 24 })).toBe("x must be a finite number from 1 to 24; got 25");
    expect(numberProblem("x", 0, { min: 0, minExclusive: true, max: 1 })).toBe("x must be a finite number from 0 (exclusive) to 1; got 0");
    expect(numberProblem("x", 1.5, { min: 0, integer: true })).toBe("x must be an integer >= 0; got 1.5");
  });

  test("shows non-numbers as JSON, undefined as undefined", () => {
    expect(numberProblem("x", "1", { min: 0 })).toBe('x must be a finite number >= 0; got "1"');
    expect(numberProblem("x", null, { min: 0 })).toBe("x must be a finite number >= 0; got null");
    expect(numberProblem("x", undefined, { min: 0 })).toBe("x must be a finite number >= 0; got undefined");
  });

  test("accepts values in range, bounds included unless exclusive", () => {
    expect(numberProblem("x", 0, { min: 0 })).toBeUndefined();
    expect(numberProblem("x", 24, { min: 1, max: 24 })).toBeUndefined();
    expect(numberProblem("x", 3, { min: 0, integer: true })).toBeUndefined();
  });
});

describe("throwIfProblems", () => {
  test("throws one RangeError with every problem, or nothing", () => {
    expect(() => throwIfProblems("where", [undefined, "a", undefined, "b"])).toThrow(new RangeError("where: a; b"));
    expect(() => throwIfProblems("where", [undefined])).not.toThrow();
  });
});

describe("markdown formatting", () => {
  test("numbers and dollars", () => {
    expect(formatNumber(12_500)).toBe("12,500");
    expect(formatNumber(3.4722, 4)).toBe("3.4722");
    expect(formatNumber(15.909090)).toBe("15.91");
    expect(formatUsd(1_210)).toBe("$1,210.00");
    expect(formatUsd(0.000024, 8)).toBe("$0.000024");
    expect(formatUsd(0.4, 8)).toBe("$0.40");
    expect(formatUsdRange(0, 394.2)).toBe("$0.00-394.20");
    expect(formatUsdRange(1_000, 2_725.031)).toBe("$1,000.00-2,725.03");
    expect(formatUsdRange(5.401, 5.399)).toBe("$5.40");
  });

  test("tables in the spec's layout, round-tripping through the parser", () => {
    const text = markdownTable(["Metric", "Value"], [["a|b", "1"], ["", "2"]]);
    expect(text.split("\n")).toEqual(["| Metric | Value |", "|--------|-------|", "| a\\|b | 1 |", "|  | 2 |"]);
    expect(parseTables(text)).toEqual([{ heading: undefined, header: ["Metric", "Value"], rows: [["a|b", "1"], ["", "2"]] }]);
  });
});
