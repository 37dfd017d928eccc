import fc from "fast-check";
import { formatTimeOfDay, type ScheduleWindow, Weekdays } from "../../src/core/weekly-schedule";

/**
 * Simulators of the two engines that read generated schedules, for tests that walk a whole week over the
 * synthesized JSON (not over the library's internal model). Time is local wall-clock time as a minute
 * of the week: Monday 00:00 is 0, Sunday 23:59 is 10079.
 */

/** Minutes in a week. */
export const WEEK_MINUTES = 7 * 1440;
/** Day names Monday first, as Azure spells them. */
export const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** A window or the outside capacity, as the construct's props give it. */
export interface WindowSpec {
  readonly days: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly defaultReplicas?: number;
}

/** Capacity block of an `azurerm_monitor_autoscale_setting` profile. */
export interface ProfileCapacity {
  readonly minimum: number;
  readonly maximum: number;
  readonly default: number;
}

/** A profile of the synthesized `azurerm_monitor_autoscale_setting` JSON. */
export interface ProfileJson {
  readonly name: string;
  readonly capacity: ProfileCapacity;
  readonly recurrence?: { readonly days: string[]; readonly hours: number[]; readonly minutes: number[]; readonly timezone?: string };
  readonly fixed_date?: unknown;
  readonly rule?: readonly unknown[];
}

/** A cron rule of a container app: `custom_scale_rule` with custom_rule_type "cron". */
export interface CronRuleJson {
  readonly metadata: { readonly start: string; readonly end: string; readonly desiredReplicas: string; readonly timezone: string };
}

/** "08:30" -> 510; "24:00" -> 1440. */
export function minuteOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours! * 60 + minutes!;
}

/** The capacity the windows say is in force at minute `t` of the week (the test oracle, straight from the props). */
export function expectedCapacity(windows: readonly WindowSpec[], outside: Omit<WindowSpec, "days" | "start" | "end">, t: number): ProfileCapacity {
  const day = DAY_NAMES[Math.floor(t / 1440)]!;
  const minute = t % 1440;
  const window = windows.find((w) => w.days.includes(day) && minute >= minuteOfDay(w.start) && minute < minuteOfDay(w.end));
  const bounds = window ?? outside;
  return { minimum: bounds.minReplicas, maximum: bounds.maxReplicas, default: bounds.defaultReplicas ?? bounds.minReplicas };
}

/**
 * Azure autoscale: fixed-date profiles first (none here), then recurrences, where the one that started
 * most recently (looking back across the week) is in force; the default profile only when no recurrence
 * exists. Two recurrences starting at the same minute are ambiguous and fail the test.
 */
export function profileInForce(profiles: readonly ProfileJson[], t: number): ProfileJson {
  let best: { ago: number; profile: ProfileJson } | undefined;
  for (const profile of profiles) {
    if (profile.fixed_date !== undefined) throw new Error(`unexpected fixed_date profile "${profile.name}"`);
    const recurrence = profile.recurrence;
    if (!recurrence) continue;
    if (recurrence.hours.length !== 1 || recurrence.minutes.length !== 1) throw new Error(`profile "${profile.name}" must have a single hour and minute`);
    for (const day of recurrence.days) {
      const dayIndex = DAY_NAMES.indexOf(day);
      if (dayIndex < 0) throw new Error(`profile "${profile.name}": unknown day "${day}"`);
      const start = dayIndex * 1440 + recurrence.hours[0]! * 60 + recurrence.minutes[0]!;
      const ago = (((t - start) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
      if (best && ago === best.ago && best.profile !== profile) throw new Error(`profiles "${best.profile.name}" and "${profile.name}" both start at minute ${start}`);
      if (!best || ago < best.ago) best = { ago, profile };
    }
  }
  if (best) return best.profile;
  const defaults = profiles.filter((profile) => !profile.recurrence);
  if (defaults.length !== 1) throw new Error(`expected one default profile, found ${defaults.length}`);
  return defaults[0]!;
}

function cronField(text: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)$/.exec(item);
    if (!match) throw new Error(`cron item "${item}" is not supported by the simulator`);
    const [from, to] = match[1] === "*" ? [min, max] : [Number(match[2]), Number(match[3] ?? match[2])];
    if (from < min || to > max || from > to) throw new Error(`cron item "${item}" is outside ${min}-${max}`);
    for (let v = from; v <= to; v++) values.add(v);
  }
  return values;
}

const firingsByExpression = new Map<string, number[]>();

/** Minutes of the week a 5-field cron expression fires at (day of month and month must be "*"; day of week 0-6, 0 = Sunday, as robfig/cron reads it). */
export function cronFirings(expression: string): number[] {
  const known = firingsByExpression.get(expression);
  if (known) return known;
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || fields[2] !== "*" || fields[3] !== "*") throw new Error(`cron "${expression}" is not "m h * * dow"`);
  const minutes = cronField(fields[0]!, 0, 59);
  const hours = cronField(fields[1]!, 0, 23);
  const days = cronField(fields[4]!, 0, 6);
  const firings: number[] = [];
  for (let t = 0; t < WEEK_MINUTES; t++) {
    const cronDay = (Math.floor(t / 1440) + 1) % 7;
    if (days.has(cronDay) && hours.has(Math.floor((t % 1440) / 60)) && minutes.has(t % 60)) firings.push(t);
  }
  firingsByExpression.set(expression, firings);
  return firings;
}

/** The first firing strictly after `t` (robfig/cron's Next), as an absolute minute (may be in the next week). */
function nextFiring(firings: readonly number[], t: number): number {
  const next = firings.find((firing) => firing > t);
  return next ?? firings[0]! + WEEK_MINUTES;
}

/** KEDA's cron scaler at minute `t`: inactive when the next start comes before the next end, active otherwise. */
export function cronActive(rule: CronRuleJson, t: number): boolean {
  const nextStart = nextFiring(cronFirings(rule.metadata.start), t);
  const nextEnd = nextFiring(cronFirings(rule.metadata.end), t);
  return !(nextStart < nextEnd);
}

/** Replicas a container app holds at least at minute `t`: the highest active cron rule's desiredReplicas, and never below min_replicas. */
export function replicaFloor(minReplicas: number, rules: readonly CronRuleJson[], t: number): number {
  return rules.reduce((floor, rule) => (cronActive(rule, t) ? Math.max(floor, Number(rule.metadata.desiredReplicas)) : floor), minReplicas);
}

/** Every `step` minutes of the week, from Monday 00:00. */
export function weekEvery(step: number): number[] {
  return Array.from({ length: Math.ceil(WEEK_MINUTES / step) }, (_, i) => i * step);
}

/** "Tuesday 08:30" for minute `t` of the week, for failure messages. */
export function describeMinute(t: number): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${DAY_NAMES[Math.floor(t / 1440)]} ${pad(Math.floor((t % 1440) / 60))}:${pad(t % 60)}`;
}

/**
 * Random windows named w0, w1, ... on a grid of `slotMinutes` (all-day windows are drawn often, so
 * that multi-day stretches and 24:00 ends come up), with 0..`maxMinReplicas` minimum replicas and a
 * maximum at most `maxMinReplicas + 3`. They may overlap: callers skip those with `fc.pre`.
 */
export function randomWindows(slotMinutes: number, maxWindows: number, maxMinReplicas: number): fc.Arbitrary<ScheduleWindow[]> {
  const slots = 1440 / slotMinutes;
  const window = fc.record({
    days: fc.subarray([...Weekdays.EVERY_DAY], { minLength: 1 }),
    span: fc.oneof(fc.constant([0, slots] as const), fc.integer({ min: 0, max: slots - 1 }).chain((start) => fc.tuple(fc.constant(start), fc.integer({ min: start + 1, max: slots })))),
    minReplicas: fc.integer({ min: 0, max: maxMinReplicas }),
    extra: fc.integer({ min: 0, max: 2 }),
  });
  return fc.array(window, { minLength: 1, maxLength: maxWindows }).map((specs) =>
    specs.map(({ days, span, minReplicas, extra }, i) => ({
      name: `w${i}`,
      days,
      start: formatTimeOfDay(span[0] * slotMinutes),
      end: formatTimeOfDay(span[1] * slotMinutes),
      minReplicas,
      maxReplicas: minReplicas + extra + 1,
    })),
  );
}
