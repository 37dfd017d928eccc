import fc from "fast-check";
import {
  CONSUMPTION_CPU_MEMORY,
  cpuMemoryProblem,
  cronProblem,
  Duration,
  formatMemoryGi,
  generateName,
  isIanaTimeZone,
  NAME_RULES,
  nameProblem,
  parseMemoryGi,
  timeZoneProblem,
} from "../../src/core";

describe("Duration", () => {
  test.each([
    [Duration.seconds(0), "PT0S"],
    [Duration.seconds(30), "PT30S"],
    [Duration.minutes(5), "PT5M"],
    [Duration.minutes(90), "PT1H30M"],
    [Duration.hours(12), "PT12H"],
    [Duration.days(1), "P1D"],
    [Duration.days(7), "P7D"],
    [Duration.millis(1500), "PT1.5S"],
    [Duration.seconds(3661), "PT1H1M1S"],
  ])("%s is %s in ISO-8601", (duration, iso) => {
    expect(duration.toIsoString()).toBe(iso);
  });

  test("conversions and equality", () => {
    expect(Duration.minutes(2).toSeconds()).toBe(120);
    expect(Duration.seconds(90).toMinutes()).toBe(1.5);
    expect(Duration.seconds(1).toMilliseconds()).toBe(1000);
    expect(Duration.minutes(1).equals(Duration.seconds(60))).toBe(true);
    expect(Duration.minutes(1).equals(Duration.seconds(61))).toBe(false);
    expect(Duration.millis(2500).toSeconds()).toBe(2.5);
    expect(String(Duration.hours(2))).toBe("2 h");
    expect(String(Duration.minutes(5))).toBe("5 min");
    expect(String(Duration.seconds(30))).toBe("30 s");
    expect(String(Duration.millis(1500))).toBe("1500 ms");
  });

  test("rejects negative, non-finite and sub-millisecond amounts, and fractional whole seconds", () => {
    expect(() => Duration.seconds(-1)).toThrow(/finite, non-negative number; got -1/);
    expect(() => Duration.minutes(Number.NaN)).toThrow(/got NaN/);
    expect(() => Duration.millis(0.5)).toThrow(/whole number of milliseconds; got 0.5 ms/);
    expect(() => Duration.millis(1500).toWholeSeconds()).toThrow(/1500 ms is not a whole number of seconds/);
  });

  test("the ISO form always adds back up to the same number of milliseconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 86_400_000 }), (ms) => {
        const iso = Duration.millis(ms).toIsoString();
        const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso);
        expect(match).not.toBeNull();
        const [, d = "0", h = "0", m = "0", s = "0"] = match!;
        expect(Math.round(((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000)).toBe(ms);
      }),
    );
  });
});

describe("container resources", () => {
  test("every Consumption pair is accepted, with the memory in canonical form", () => {
    for (const pair of CONSUMPTION_CPU_MEMORY) expect(cpuMemoryProblem(pair.cpu, pair.memory)).toBeUndefined();
    expect(CONSUMPTION_CPU_MEMORY).toHaveLength(8);
  });

  test.each([
    [0.5, "2Gi", /not a combination/],
    [3, "6Gi", /not a combination/],
    [0.5, "1024Mi", /not in canonical/],
    [0.5, "1.0Gi", /not in canonical/],
    [0.5, "01Gi", /not in canonical/],
    [0.5, " 1Gi", /not in canonical/],
  ])("cpu %s with memory %s is rejected", (cpu, memory, message) => {
    expect(cpuMemoryProblem(cpu, memory)).toMatch(message);
  });

  test("memory parsing and formatting round-trip", () => {
    expect(parseMemoryGi("1.5Gi")).toBe(1.5);
    expect(parseMemoryGi("1.5G")).toBeUndefined();
    for (const gib of [0.5, 1, 1.5, 2, 3.5, 4]) expect(parseMemoryGi(formatMemoryGi(gib))).toBe(gib);
  });
});

describe("names", () => {
  test.each([
    ["containerApp", "api-gateway", true],
    // ARM's rule: 2-32 characters, a letter first, letters, digits and '-' only.
    ["containerApp", "a", false],
    ["containerApp", "ab", true],
    ["containerApp", "1abc", false],
    ["containerApp", "ab.c", false],
    ["containerApp", "api--gateway", false],
    ["containerApp", "-api", false],
    ["containerApp", "api-", false],
    ["containerApp", "Api", false],
    ["containerApp", "a".repeat(32), true],
    ["containerApp", "a".repeat(33), false],
    ["containerAppEnvironment", "agntcy-cs-cae", true],
    ["containerAppEnvironment", "1env", false],
    ["containerAppEnvironment", "env-", false],
    ["container", "main", true],
    ["container", "Main", false],
    ["secret", "appinsights-connection-string", true],
    ["secret", "Secret", false],
    ["scaleRule", "http-concurrency", true],
    ["scaleRule", "cron.weekday", true],
    ["scaleRule", "rule-", false],
    ["containerRegistry", "agntcycsacr12345678", true],
    ["containerRegistry", "acr-with-dash", false],
    ["resourceGroup", "rg-retail.prod", true],
    ["resourceGroup", "rg.", false],
  ] as const)("%s %p valid: %p", (rule, name, valid) => {
    expect(nameProblem(name, NAME_RULES[rule]) === undefined).toBe(valid);
  });

  test("generated names are valid, deterministic and differ by construct path, for any prefix", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ minLength: 1, maxLength: 40 }), (prefix, path) => {
        for (const rule of [NAME_RULES.containerApp, NAME_RULES.containerAppEnvironment, NAME_RULES.logAnalyticsWorkspace, NAME_RULES.resourceGroup]) {
          const name = generateName({ parts: [prefix, "app"], uniqueFrom: path, rule });
          expect(nameProblem(name, rule)).toBeUndefined();
          expect(generateName({ parts: [prefix, "app"], uniqueFrom: path, rule })).toBe(name);
          expect(generateName({ parts: [prefix, "app"], uniqueFrom: `${path}/other`, rule })).not.toBe(name);
        }
        const registry = generateName({ parts: [prefix, "acr"], uniqueFrom: path, rule: NAME_RULES.containerRegistry, separator: "" });
        expect(nameProblem(registry, NAME_RULES.containerRegistry)).toBeUndefined();
      }),
    );
  });
});

describe("time zones and cron", () => {
  test.each(["America/New_York", "Europe/London", "UTC", "Asia/Kolkata", "US/Eastern"])("%s is an IANA zone", (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  test.each(["Eastern Standard Time", "-05:00", "EST5EDT ", "Mars/Olympus_Mons", ""])("%p is not an IANA zone", (zone) => {
    expect(timeZoneProblem(zone)).toMatch(/is not an IANA time-zone name/);
  });

  test.each(["0 8 * * 1-5", "*/15 * * * *", "0 0 1 JAN *", "30 22 * * FRI", "0 0 * * 0,6", "0 9-17/2 * * MON-FRI"])("%p is a valid 5-field cron", (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  test.each([
    ["0 0 8 * * *", /must have 5 fields/],
    ["60 8 * * *", /minute "60" is outside 0-59/],
    ["0 24 * * *", /hour "24" is outside 0-23/],
    ["0 8 0 * *", /day of month "0" is outside 1-31/],
    ["0 8 * 13 *", /month "13" is outside 1-12/],
    ["0 8 * * 8", /day of week "8" is outside 0-7/],
    ["0 8 * * FOO", /day of week "FOO" is outside/],
    ["0 20-8 * * *", /range "20-8" runs backwards/],
    ["*/0 * * * *", /invalid step/],
    ["0 1-2-3 * * *", /is not a value or a range/],
  ])("%p is rejected", (expression, message) => {
    expect(cronProblem(expression)).toMatch(message);
  });
});
