import { cronMatcher, type CronMinute } from "../../src/core/cron";

/** Monday 5 January 2026 is a Monday (dayOfWeek 1). */
const at = (hour: number, minute: number, dayOfWeek = 1, dayOfMonth = 5, month = 1): CronMinute => ({ minute, hour, dayOfMonth, month, dayOfWeek });

describe("cronMatcher", () => {
  test("a weekday business-hours start matches 08:00 Monday to Friday only", () => {
    const start = cronMatcher("0 8 * * 1-5");
    expect([1, 2, 3, 4, 5].map((d) => start(at(8, 0, d)))).toEqual([true, true, true, true, true]);
    expect(start(at(8, 0, 6))).toBe(false);
    expect(start(at(8, 0, 0))).toBe(false);
    expect(start(at(8, 1))).toBe(false);
    expect(start(at(9, 0))).toBe(false);
  });

  test("steps, lists, names, and 7 as Sunday", () => {
    const quarter = cronMatcher("*/15 9-17 * * *");
    expect([0, 15, 30, 45].every((m) => quarter(at(9, m)))).toBe(true);
    expect(quarter(at(9, 5))).toBe(false);
    expect(quarter(at(18, 0))).toBe(false);
    expect(cronMatcher("5/20 0 * * *")(at(0, 45))).toBe(true);
    expect(cronMatcher("5/20 0 * * *")(at(0, 40))).toBe(false);
    expect(cronMatcher("0 0 * * 7")(at(0, 0, 0))).toBe(true);
    expect(cronMatcher("0 0 * * SUN,SAT")(at(0, 0, 6))).toBe(true);
    expect(cronMatcher("0 0 1 JAN *")(at(0, 0, 4, 1, 1))).toBe(true);
    expect(cronMatcher("0 0 1 JAN *")(at(0, 0, 4, 1, 2))).toBe(false);
  });

  test("day of month and day of week both restricted: either matches (cron's rule)", () => {
    const either = cronMatcher("0 12 15 * 1");
    expect(either(at(12, 0, 1, 5))).toBe(true); // a Monday
    expect(either(at(12, 0, 3, 15))).toBe(true); // the 15th
    expect(either(at(12, 0, 3, 16))).toBe(false);
  });

  test("an invalid expression is a RangeError with the reason", () => {
    expect(() => cronMatcher("0 25 * * *")).toThrow(/hour "25" is outside 0-23/);
    expect(() => cronMatcher("0 8 * *")).toThrow(/must have 5 fields/);
  });
});
