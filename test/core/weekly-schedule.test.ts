import fc from "fast-check";
import { cronProblem } from "../../src/core";
import {
  AUTOSCALE_TIME_ZONES,
  formatTimeOfDay,
  type OutsideWindows,
  type ScheduleWindow,
  Weekday,
  Weekdays,
  WeeklySchedule,
  windowsTimeZone,
} from "../../src/core/weekly-schedule";
import {
  cronActive,
  DAY_NAMES,
  describeMinute,
  expectedCapacity,
  type ProfileJson,
  profileInForce,
  randomWindows,
  replicaFloor,
  weekEvery,
} from "../support/schedule-simulators";

const LIMIT = { maxReplicas: 1000, source: "Azure autoscale's limit" };
const OUTSIDE: OutsideWindows = { name: "off-peak", minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 };

function parse(windows: ScheduleWindow[], outside: OutsideWindows = OUTSIDE): WeeklySchedule {
  const parsed = WeeklySchedule.parse(windows, outside, LIMIT);
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed.value;
}

function problemOf(windows: ScheduleWindow[], outside: OutsideWindows = OUTSIDE, limit = LIMIT): string {
  const parsed = WeeklySchedule.parse(windows, outside, limit);
  if (!("problem" in parsed)) throw new Error("expected a problem");
  return parsed.problem;
}

const window = (overrides: Partial<ScheduleWindow> = {}): ScheduleWindow => ({
  name: "w",
  days: Weekdays.MONDAY_TO_FRIDAY,
  start: "08:00",
  end: "20:00",
  minReplicas: 2,
  maxReplicas: 16,
  ...overrides,
});

/** The generated profiles in the shape of the synthesized JSON, with the default profile first (as the construct emits them). */
function profilesJson(schedule: WeeklySchedule): ProfileJson[] {
  const capacity = (c: { minReplicas: number; maxReplicas: number; defaultReplicas: number }) => ({ minimum: c.minReplicas, maximum: c.maxReplicas, default: c.defaultReplicas });
  return [
    { name: schedule.outside.name, capacity: capacity(schedule.outside.capacity) },
    ...schedule.recurrenceProfiles().map((p) => ({ name: p.name, capacity: capacity(p.capacity), recurrence: { days: [...p.days], hours: [p.hour], minutes: [p.minute] } })),
  ];
}

function cronRulesJson(schedule: WeeklySchedule) {
  return schedule.windows
    .filter((w) => w.capacity.minReplicas > 0)
    .map((w) => ({ metadata: { ...schedule.cronWindow(w), desiredReplicas: String(w.capacity.minReplicas), timezone: "UTC" } }));
}

/** Walks the week every `step` minutes over generated profiles and cron rules, against what the windows say. */
function expectWeekMatches(windows: ScheduleWindow[], outside: OutsideWindows, step: number): void {
  const schedule = parse(windows, outside);
  const profiles = profilesJson(schedule);
  const rules = cronRulesJson(schedule);
  for (const rule of rules) {
    expect(cronProblem(rule.metadata.start)).toBeUndefined();
    expect(cronProblem(rule.metadata.end)).toBeUndefined();
    expect(rule.metadata.start).not.toBe(rule.metadata.end);
  }
  const mismatches: string[] = [];
  for (const t of weekEvery(step)) {
    const expected = expectedCapacity(windows, outside, t);
    const capacity = profileInForce(profiles, t).capacity;
    const floor = replicaFloor(0, rules, t);
    if (JSON.stringify(capacity) !== JSON.stringify(expected)) mismatches.push(`${describeMinute(t)}: profile capacity ${JSON.stringify(capacity)}, windows say ${JSON.stringify(expected)}`);
    if (floor !== expected.minimum) mismatches.push(`${describeMinute(t)}: cron floor ${floor}, windows say ${expected.minimum}`);
  }
  expect(mismatches).toEqual([]);
}

describe("Weekday and Weekdays", () => {
  test("days are spelled as Azure recurrences spell them; the sets are Monday first", () => {
    expect(Weekday.MONDAY).toBe("Monday");
    expect(Weekdays.MONDAY_TO_FRIDAY).toEqual(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]);
    expect(Weekdays.WEEKEND).toEqual(["Saturday", "Sunday"]);
    expect(Weekdays.EVERY_DAY).toEqual(DAY_NAMES);
  });

  test("formatTimeOfDay", () => {
    expect([0, 65, 1439, 1440].map(formatTimeOfDay)).toEqual(["00:00", "01:05", "23:59", "24:00"]);
  });
});

describe("WeeklySchedule.parse", () => {
  test("resolves defaults: defaultReplicas = minReplicas, outside name 'outside'; days become sorted indexes", () => {
    const schedule = parse([window({ days: [Weekday.FRIDAY, Weekday.MONDAY] })], { minReplicas: 1, maxReplicas: 3 });
    expect(schedule.outside).toEqual({ name: "outside", capacity: { minReplicas: 1, maxReplicas: 3, defaultReplicas: 1 } });
    expect(schedule.windows).toEqual([{ name: "w", days: [0, 4], startMinute: 480, endMinute: 1200, capacity: { minReplicas: 2, maxReplicas: 16, defaultReplicas: 2 } }]);
  });

  test("adjacent windows (one ends when the other starts, also across midnight) are not overlaps", () => {
    expect(() =>
      parse([
        window({ name: "day", start: "08:00", end: "20:00" }),
        window({ name: "evening", start: "20:00", end: "24:00" }),
        window({ name: "night", days: [Weekday.SATURDAY], start: "00:00", end: "06:00" }),
      ]),
    ).not.toThrow();
  });

  // [name, windows, expected message, outside (default OUTSIDE)]
  const cases: Array<[string, ScheduleWindow[], RegExp, OutsideWindows | null]> = [
    ["empty windows", [], /windows is empty; give at least one window/, null],
    ["no days", [window({ days: [] })], /window "w" has no days/, null],
    ["unknown day", [window({ days: ["Funday" as Weekday] })], /window "w": "Funday" is not a day; use Monday, Tuesday, .*Sunday/, null],
    ["lower-case day", [window({ days: ["monday" as Weekday] })], /"monday" is not a day/, null],
    ["day twice", [window({ days: [Weekday.MONDAY, Weekday.MONDAY] })], /window "w" lists Monday twice/, null],
    ["start not HH:MM", [window({ start: "8:00" })], /window "w" start "8:00" is not a time in HH:MM form \(00:00 to 23:59\)/, null],
    ["minute 60", [window({ end: "20:60" })], /window "w" end "20:60" is not a time in HH:MM form \(00:00 to 23:59, or 24:00 for the end of the day\)/, null],
    ["hour 25", [window({ end: "25:00" })], /end "25:00" is not a time/, null],
    ["start 24:00", [window({ start: "24:00", end: "24:00" })], /start "24:00" is not a time in HH:MM form \(00:00 to 23:59\)/, null],
    ["seconds", [window({ start: "08:00:00" })], /start "08:00:00" is not a time/, null],
    ["start after end", [window({ start: "22:00", end: "06:00" })], /window "w": start 22:00 is not before end 06:00; a window cannot cross midnight: split it at 24:00/, null],
    ["start equal to end", [window({ start: "08:00", end: "08:00" })], /start 08:00 is not before end 08:00/, null],
    ["whole week", [window({ days: Weekdays.EVERY_DAY, start: "00:00", end: "24:00" })], /window "w" covers the whole week/, null],
    ["overlap", [window({ name: "a" }), window({ name: "b", days: [Weekday.FRIDAY], start: "19:00", end: "22:00" })], /windows "a" \(08:00-20:00\) and "b" \(19:00-22:00\) overlap on Friday; windows must not overlap/, null],
    ["overlap, one inside the other", [window({ name: "a" }), window({ name: "b", days: [Weekday.MONDAY], start: "09:00", end: "10:00" })], /windows "a" .* and "b" .* overlap on Monday/, null],
    ["duplicate names", [window({ name: "a" }), window({ name: "a", days: [Weekday.SATURDAY] })], /the name "a" is used twice/, null],
    ["window named like outside", [window({ name: "off-peak" })], /the name "off-peak" is used twice/, null],
    ["bad window name", [window({ name: "Business Hours" })], /window name "Business Hours" is not valid: it must be 1-63 lowercase letters, digits or '-'/, null],
    ["bad outside name", [window()], /outside name "Off_Peak" is not valid/, { ...OUTSIDE, name: "Off_Peak" }],
    ["min above max", [window({ minReplicas: 5, maxReplicas: 3 })], /window "w": minReplicas \(5\) is greater than maxReplicas \(3\)/, null],
    ["default below min", [window({ defaultReplicas: 1 })], /window "w": defaultReplicas \(1\) must be from minReplicas \(2\) to maxReplicas \(16\)/, null],
    ["default above max", [window({ defaultReplicas: 17 })], /defaultReplicas \(17\) must be from minReplicas/, null],
    ["negative", [window({ minReplicas: -1 })], /window "w": minReplicas must be an integer from 0 to 1000 \(Azure autoscale's limit\); got -1/, null],
    ["fraction", [window({ maxReplicas: 2.5 })], /maxReplicas must be an integer from 0 to 1000 .*got 2.5/, null],
    ["above 1000", [window({ maxReplicas: 1001 })], /window "w": maxReplicas must be an integer from 0 to 1000 \(Azure autoscale's limit\); got 1001/, null],
    ["outside above limit", [window()], /outside: maxReplicas must be an integer from 0 to 1000 .*got 5000/, { minReplicas: 0, maxReplicas: 5000 }],
  ];
  test.each(cases)("%s", (_name, windows, message, outside) => {
    expect(problemOf(windows, outside ?? OUTSIDE)).toMatch(message);
  });

  test("the limit and its source come from the caller", () => {
    expect(problemOf([window()], OUTSIDE, { maxReplicas: 10, source: "the app's maxReplicas" })).toBe("window \"w\": maxReplicas must be an integer from 0 to 10 (the app's maxReplicas); got 16");
  });
});

describe("cronWindow (KEDA cron expressions)", () => {
  const cron = (w: Partial<ScheduleWindow>) => {
    const schedule = parse([window(w)]);
    return schedule.cronWindow(schedule.windows[0]!);
  };
  const cases: Array<[string, Partial<ScheduleWindow>, { start: string; end: string }]> = [
    ["Mon-Fri 08:00-20:00", {}, { start: "0 8 * * 1-5", end: "0 20 * * 1-5" }],
    ["Friday 22:00-24:00 ends Saturday 00:00", { days: [Weekday.FRIDAY], start: "22:00", end: "24:00" }, { start: "0 22 * * 5", end: "0 0 * * 6" }],
    ["Sunday 22:00-24:00 ends Monday 00:00 (day 1, never 7)", { days: [Weekday.SUNDAY], start: "22:00", end: "24:00" }, { start: "0 22 * * 0", end: "0 0 * * 1" }],
    ["Sat-Sun all day is one stretch to Monday 00:00", { days: Weekdays.WEEKEND, start: "00:00", end: "24:00" }, { start: "0 0 * * 6", end: "0 0 * * 1" }],
    ["Mon and Wed all day are two stretches", { days: [Weekday.MONDAY, Weekday.WEDNESDAY], start: "00:00", end: "24:00" }, { start: "0 0 * * 1,3", end: "0 0 * * 2,4" }],
    ["Fri-Mon all day wraps the week", { days: [Weekday.FRIDAY, Weekday.SATURDAY, Weekday.SUNDAY, Weekday.MONDAY], start: "00:00", end: "24:00" }, { start: "0 0 * * 5", end: "0 0 * * 2" }],
    ["six days all day", { days: Weekdays.EVERY_DAY.filter((d) => d !== Weekday.WEDNESDAY), start: "00:00", end: "24:00" }, { start: "0 0 * * 4", end: "0 0 * * 3" }],
    ["Mon-Fri 18:00-24:00 ends Tue-Sat", { start: "18:00", end: "24:00" }, { start: "0 18 * * 1-5", end: "0 0 * * 2-6" }],
    ["minutes, Sat+Sun as a list", { days: Weekdays.WEEKEND, start: "09:15", end: "17:45" }, { start: "15 9 * * 0,6", end: "45 17 * * 0,6" }],
    ["two days as a list", { days: [Weekday.THURSDAY, Weekday.FRIDAY], start: "07:30", end: "08:00" }, { start: "30 7 * * 4,5", end: "0 8 * * 4,5" }],
  ];
  test.each(cases)("%s", (_name, w, expected) => {
    const result = cron(w);
    expect(result).toEqual(expected);
    expect(cronProblem(result.start)).toBeUndefined();
    expect(cronProblem(result.end)).toBeUndefined();
  });

  test("KEDA semantics at the edges: active from the start minute, inactive from the end minute", () => {
    const rule = { metadata: { ...cron({ days: [Weekday.SUNDAY], start: "22:00", end: "24:00" }), desiredReplicas: "3", timezone: "UTC" } };
    const sunday = 6 * 1440;
    expect(cronActive(rule, sunday + 22 * 60 - 1)).toBe(false);
    expect(cronActive(rule, sunday + 22 * 60)).toBe(true);
    expect(cronActive(rule, sunday + 1439)).toBe(true);
    expect(cronActive(rule, 0)).toBe(false);
  });

  test("the simulator catches the naive form: listing every all-day day as a start leaves Sunday uncovered", () => {
    const naive = { metadata: { start: "0 0 * * 0,6", end: "0 0 * * 0,1", desiredReplicas: "2", timezone: "UTC" } };
    // Saturday noon: the next start (Sunday 00:00) is not before the next end (also Sunday 00:00): active.
    expect(cronActive(naive, 5 * 1440 + 720)).toBe(true);
    const startsOnly = { metadata: { start: "0 0 * * 0,6", end: "0 0 * * 1", desiredReplicas: "2", timezone: "UTC" } };
    // Saturday noon with an end only on Monday: the next start (Sunday) comes first, so KEDA says inactive.
    expect(cronActive(startsOnly, 5 * 1440 + 720)).toBe(false);
  });
});

describe("recurrenceProfiles (Azure autoscale)", () => {
  test("the spec's schedule: a profile per window start, and explicit off-peak profiles where windows end", () => {
    const schedule = parse([
      window({ name: "business-hours", defaultReplicas: 4 }),
      window({ name: "weekend", days: Weekdays.WEEKEND, start: "00:00", end: "24:00", minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 }),
    ]);
    expect(schedule.recurrenceProfiles()).toEqual([
      { name: "business-hours", capacity: { minReplicas: 2, maxReplicas: 16, defaultReplicas: 4 }, days: Weekdays.MONDAY_TO_FRIDAY, hour: 8, minute: 0 },
      { name: "weekend", capacity: { minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 }, days: ["Saturday", "Sunday"], hour: 0, minute: 0 },
      { name: "off-peak from 00:00", capacity: { minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 }, days: ["Monday"], hour: 0, minute: 0 },
      { name: "off-peak from 20:00", capacity: { minReplicas: 0, maxReplicas: 4, defaultReplicas: 1 }, days: Weekdays.MONDAY_TO_FRIDAY, hour: 20, minute: 0 },
    ]);
  });

  test("an end at the moment another window starts needs no profile; ends at the same time share one", () => {
    const schedule = parse([
      window({ name: "day", days: [Weekday.MONDAY, Weekday.TUESDAY], start: "08:00", end: "18:00" }),
      window({ name: "late", days: [Weekday.MONDAY], start: "18:00", end: "23:30" }),
      window({ name: "thursday", days: [Weekday.THURSDAY], start: "09:00", end: "18:00" }),
    ]);
    expect(schedule.recurrenceProfiles().map((p) => [p.name, p.days, p.hour, p.minute])).toEqual([
      ["day", ["Monday", "Tuesday"], 8, 0],
      ["late", ["Monday"], 18, 0],
      ["thursday", ["Thursday"], 9, 0],
      ["off-peak from 18:00", ["Tuesday", "Thursday"], 18, 0],
      ["off-peak from 23:30", ["Monday"], 23, 30],
    ]);
  });
});

describe("a whole week walked over the generated profiles and cron rules", () => {
  test("the spec's schedule, every 30 minutes", () => {
    expectWeekMatches(
      [
        window({ name: "business-hours", defaultReplicas: 4 }),
        window({ name: "weekend", days: Weekdays.WEEKEND, start: "00:00", end: "24:00", minReplicas: 1, maxReplicas: 4, defaultReplicas: 1 }),
      ],
      OUTSIDE,
      30,
    );
  });

  test("awkward windows: Friday and Sunday to 24:00, all-day runs, minutes, adjacent windows, every 15 minutes", () => {
    expectWeekMatches(
      [
        window({ name: "morning", start: "07:45", end: "12:00", minReplicas: 3 }),
        window({ name: "afternoon", start: "12:00", end: "18:30", minReplicas: 5, defaultReplicas: 6 }),
        window({ name: "friday-late", days: [Weekday.FRIDAY], start: "22:00", end: "24:00", minReplicas: 2 }),
        window({ name: "weekend", days: [Weekday.SATURDAY], start: "00:00", end: "24:00", minReplicas: 1, maxReplicas: 3 }),
        window({ name: "sunday-late", days: [Weekday.SUNDAY], start: "22:00", end: "24:00", minReplicas: 4 }),
      ],
      OUTSIDE,
      15,
    );
  });

  test("random non-overlapping schedules (15-minute grid): both forms give the capacity the windows say at every quarter hour", () => {
    fc.assert(
      fc.property(randomWindows(15, 5, 5), (windows) => {
        fc.pre(!("problem" in WeeklySchedule.parse(windows, OUTSIDE, LIMIT)));
        expectWeekMatches(windows, OUTSIDE, 15);
      }),
      { numRuns: 100 },
    );
  });
});

describe("windowsTimeZone", () => {
  test.each([
    ["America/New_York", "Eastern Standard Time"],
    ["US/Eastern", "Eastern Standard Time"],
    ["America/Indiana/Indianapolis", "US Eastern Standard Time"],
    ["Europe/Berlin", "W. Europe Standard Time"],
    ["Europe/Kyiv", "FLE Standard Time"],
    ["UTC", "UTC"],
    ["Asia/Kolkata", "India Standard Time"],
  ])("%s -> %s", (iana, windows) => {
    expect(windowsTimeZone(iana)).toEqual({ value: windows });
    expect(AUTOSCALE_TIME_ZONES).toContain(windows);
  });

  test("a Windows name is not an IANA zone", () => {
    expect(windowsTimeZone("Eastern Standard Time")).toEqual({ problem: expect.stringMatching(/time zone "Eastern Standard Time" is not an IANA time-zone name/) });
  });

  test("a zone whose Windows zone the provider does not accept is rejected, naming it", () => {
    expect(windowsTimeZone("America/Havana")).toEqual({ problem: expect.stringMatching(/time zone "America\/Havana" cannot be used for Azure autoscale: its Windows zone "Cuba Standard Time" is not one Azure autoscale accepts/) });
  });

  test("a zone without a Windows zone is rejected", () => {
    expect(windowsTimeZone("Antarctica/Troll")).toEqual({ problem: expect.stringMatching(/"Antarctica\/Troll" cannot be used for Azure autoscale: it has no Windows time zone/) });
  });
});
