import type * as WindowsIana from "windows-iana";
import { timeZoneProblem } from "./time-zone";
import { firstDuplicate } from "./ranges";

/** Days of the week, spelled as Azure autoscale recurrences spell them. */
export const Weekday = {
  MONDAY: "Monday",
  TUESDAY: "Tuesday",
  WEDNESDAY: "Wednesday",
  THURSDAY: "Thursday",
  FRIDAY: "Friday",
  SATURDAY: "Saturday",
  SUNDAY: "Sunday",
} as const;

/** A day of the week: one of the {@link Weekday} values. */
export type Weekday = (typeof Weekday)[keyof typeof Weekday];

/** The week Monday first (ISO 8601 and Azure order); a day's index in it is its "day index". */
const WEEK: readonly Weekday[] = Object.freeze(Object.values(Weekday));

/** Common sets of days for {@link ScheduleWindow.days}. */
export const Weekdays: {
  /** Monday to Friday. */
  readonly MONDAY_TO_FRIDAY: readonly Weekday[];
  /** Saturday and Sunday. */
  readonly WEEKEND: readonly Weekday[];
  /** All seven days. */
  readonly EVERY_DAY: readonly Weekday[];
} = {
  MONDAY_TO_FRIDAY: Object.freeze(WEEK.slice(0, 5)),
  WEEKEND: Object.freeze(WEEK.slice(5)),
  EVERY_DAY: WEEK,
};

/** Replica (or instance) bounds in force during a window, or when no window is. */
export interface ReplicaBounds {
  /** Fewest replicas (integer >= 0). */
  readonly minReplicas: number;
  /** Most replicas (integer >= minReplicas). */
  readonly maxReplicas: number;
  /** Replicas Azure autoscale holds when it cannot read metrics (minReplicas..maxReplicas). @default - minReplicas */
  readonly defaultReplicas?: number;
}

/** A named window that recurs every week on the given days, in local time of the schedule's time zone. */
export interface ScheduleWindow extends ReplicaBounds {
  /** Name: lowercase letters, digits and '-' (it names the autoscale profile or the cron scale rule). */
  readonly name: string;
  /** Days the window is in force (at least one; see {@link Weekdays}). */
  readonly days: readonly Weekday[];
  /** Start, "HH:MM" from "00:00" to "23:59". */
  readonly start: string;
  /** End, "HH:MM" after start on the same day, or "24:00" for midnight at the end of the day. Windows do not cross midnight: split them. */
  readonly end: string;
}

/** The capacity in force when no window is. */
export interface OutsideWindows extends ReplicaBounds {
  /** Name of the autoscale profiles that restore this capacity (lowercase letters, digits and '-'). @default "outside" */
  readonly name?: string;
}

/** Replica bounds with the default resolved. */
export type WindowCapacity = Required<ReplicaBounds>;

/** A window after parsing: days as day indexes (0 = Monday), times as minutes of the day. */
export interface ParsedWindow {
  /** The window's name. */
  readonly name: string;
  /** Day indexes, ascending. */
  readonly days: readonly number[];
  /** Minute of the day the window starts, 0..1439. */
  readonly startMinute: number;
  /** Minute of the day the window ends, 1..1440 (1440 = midnight at the end of the day). */
  readonly endMinute: number;
  /** Replica bounds with the default resolved. */
  readonly capacity: WindowCapacity;
}

/** Upper limit of every replica count of a schedule, and where it comes from (for messages). */
export interface ReplicaLimit {
  /** Highest replica count allowed anywhere in the schedule. */
  readonly maxReplicas: number;
  /** Where the limit comes from, for messages, e.g. "Azure autoscale's limit". */
  readonly source: string;
}

/** Either a value or a sentence describing why there is none. */
export type ParseResult<T> = { readonly value: T } | { readonly problem: string };

/** A recurrence profile: the capacity in force from `hour:minute` on `days` until the next profile starts. */
export interface RecurrenceProfile {
  /** Profile name: the window's, or "<outside name> from HH:MM" for a profile that restores the outside capacity. */
  readonly name: string;
  /** Replica bounds in force from the start. */
  readonly capacity: WindowCapacity;
  /** Days the profile starts on. */
  readonly days: readonly Weekday[];
  /** Hour of the start, 0..23. */
  readonly hour: number;
  /** Minute of the start, 0..59. */
  readonly minute: number;
}

/** The start and end of a window as KEDA cron expressions (5 fields, day of week 0 = Sunday). */
export interface CronWindow {
  /** When the window starts, e.g. "0 8 * * 1-5". */
  readonly start: string;
  /** When the window ends, e.g. "0 20 * * 1-5". */
  readonly end: string;
}

const DAY = 1440;
const WEEK_MINUTES = 7 * DAY;
const WINDOW_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const WINDOW_NAME_RULE = "1-63 lowercase letters, digits or '-', starting and ending with a letter or digit";
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" of a minute of the day (1440 is "24:00"). */
export function formatTimeOfDay(minuteOfDay: number): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** A half-open interval of minutes of the week [start, end); end may pass the week's end (it wraps to Monday). */
interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * A validated weekly schedule: non-overlapping windows, and the capacity outside them. Expands to
 * KEDA cron windows ({@link WeeklySchedule.cronWindow}) and to Azure autoscale recurrence profiles
 * ({@link WeeklySchedule.recurrenceProfiles}). Create it with {@link WeeklySchedule.parse}.
 */
export class WeeklySchedule {
  /**
   * Validates windows and the outside capacity, and returns the schedule, or a sentence naming the bad
   * value and what is allowed. Every replica count must be an integer from 0 to `limit.maxReplicas`,
   * with minReplicas <= defaultReplicas <= maxReplicas.
   */
  static parse(windows: readonly ScheduleWindow[], outside: OutsideWindows, limit: ReplicaLimit): ParseResult<WeeklySchedule> {
    if (windows.length === 0) return { problem: "windows is empty; give at least one window" };
    const outsideName = outside.name ?? "outside";
    const problem = boundsProblem("outside", outside, limit) ?? windowNameProblem("outside name", outsideName);
    if (problem) return { problem };
    const names = new Set<string>([outsideName]);
    const parsed: ParsedWindow[] = [];
    for (const window of windows) {
      const nameIssue = windowNameProblem("window name", window.name);
      if (nameIssue) return { problem: nameIssue };
      if (names.has(window.name)) return { problem: `the name "${window.name}" is used twice; window names and the outside name must be unique` };
      names.add(window.name);
      const result = parseWindow(window, limit);
      if ("problem" in result) return result;
      parsed.push(result.value);
    }
    const overlap = overlapProblem(parsed);
    if (overlap) return { problem: overlap };
    return { value: new WeeklySchedule(parsed, { name: outsideName, capacity: capacity(outside) }) };
  }

  private constructor(
    /** The windows, in the order given. */
    readonly windows: readonly ParsedWindow[],
    /** The capacity outside every window, and the name of the profiles that restore it. */
    readonly outside: { readonly name: string; readonly capacity: WindowCapacity },
  ) {}

  /**
   * The cron expressions of a window under KEDA's cron semantics (in force from a start until the next
   * end). A window that ends at 24:00 ends at 00:00 of the next day; consecutive all-day (00:00-24:00)
   * days form one stretch, started on its first day and ended the day after its last, so that no start
   * and end ever fall on the same minute.
   */
  cronWindow(window: ParsedWindow): CronWindow {
    const intervals = this.intervals(window);
    const cron = (minuteOfDay: number, at: readonly number[]): string =>
      `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} * * ${cronDays(at.map((minute) => Math.floor((minute % WEEK_MINUTES) / DAY)))}`;
    return {
      start: cron(window.startMinute, intervals.map((interval) => interval.start)),
      end: cron(window.endMinute % DAY, intervals.map((interval) => interval.end)),
    };
  }

  /**
   * Azure autoscale recurrence profiles: one per window, starting on each of its days, then one per
   * distinct end time that restores the `outside` capacity (recurrences have no end; a profile lasts
   * until the next one starts). An end at the moment another window starts needs no profile.
   */
  recurrenceProfiles(): RecurrenceProfile[] {
    const starts = new Set(this.windows.flatMap((window) => window.days.map((day) => day * DAY + window.startMinute)));
    const endDaysByTime = new Map<number, Set<number>>();
    for (const window of this.windows) {
      for (const { end } of this.intervals(window)) {
        const at = end % WEEK_MINUTES;
        if (starts.has(at)) continue;
        const days = endDaysByTime.get(at % DAY) ?? new Set<number>();
        endDaysByTime.set(at % DAY, days.add(Math.floor(at / DAY)));
      }
    }
    const profile = (name: string, capacity: WindowCapacity, days: Iterable<number>, minuteOfDay: number): RecurrenceProfile => ({
      name,
      capacity,
      days: [...days].sort((a, b) => a - b).map((day) => WEEK[day]!),
      hour: Math.floor(minuteOfDay / 60),
      minute: minuteOfDay % 60,
    });
    return [
      ...this.windows.map((window) => profile(window.name, window.capacity, window.days, window.startMinute)),
      ...[...endDaysByTime]
        .sort(([a], [b]) => a - b)
        .map(([minuteOfDay, days]) => profile(`${this.outside.name} from ${formatTimeOfDay(minuteOfDay)}`, this.outside.capacity, days, minuteOfDay)),
    ];
  }

  /** The stretches of time a window covers, consecutive all-day days merged into one. */
  private intervals(window: ParsedWindow): Interval[] {
    const allDay = window.startMinute === 0 && window.endMinute === DAY;
    const intervals: Interval[] = [];
    for (const day of window.days) {
      if (allDay && window.days.includes((day + 6) % 7)) continue; // continues the previous day's stretch
      let end = day * DAY + window.endMinute;
      // A whole-week window is rejected when parsing, so this loop ends.
      for (let next = (day + 1) % 7; allDay && window.days.includes(next); next = (next + 1) % 7) end += DAY;
      intervals.push({ start: day * DAY + window.startMinute, end });
    }
    return intervals;
  }
}

/** Cron day-of-week field for day indexes (0 = Monday): "*" for every day, Sunday is 0, runs of 3 or more days become ranges. */
function cronDays(dayIndexes: readonly number[]): string {
  const days = [...new Set(dayIndexes.map((day) => (day + 1) % 7))].sort((a, b) => a - b);
  if (days.length === 7) return "*";
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${days[i]}-${days[j]}`);
    else parts.push(...days.slice(i, j + 1).map(String));
    i = j + 1;
  }
  return parts.join(",");
}

function boundsProblem(what: string, bounds: ReplicaBounds, limit: ReplicaLimit): string | undefined {
  const counts: Array<[string, number | undefined]> = [
    ["minReplicas", bounds.minReplicas],
    ["maxReplicas", bounds.maxReplicas],
    ["defaultReplicas", bounds.defaultReplicas],
  ];
  for (const [name, value] of counts) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= limit.maxReplicas)) {
      return `${what}: ${name} must be an integer from 0 to ${limit.maxReplicas} (${limit.source}); got ${value}`;
    }
  }
  if (bounds.minReplicas > bounds.maxReplicas) {
    return `${what}: minReplicas (${bounds.minReplicas}) is greater than maxReplicas (${bounds.maxReplicas})`;
  }
  const preset = bounds.defaultReplicas;
  if (preset !== undefined && (preset < bounds.minReplicas || preset > bounds.maxReplicas)) {
    return `${what}: defaultReplicas (${preset}) must be from minReplicas (${bounds.minReplicas}) to maxReplicas (${bounds.maxReplicas})`;
  }
  return undefined;
}

function capacity(bounds: ReplicaBounds): WindowCapacity {
  return { minReplicas: bounds.minReplicas, maxReplicas: bounds.maxReplicas, defaultReplicas: bounds.defaultReplicas ?? bounds.minReplicas };
}

function timeProblem(what: string, text: string, allowMidnightEnd: boolean): string | undefined {
  if (TIME.test(text) || (allowMidnightEnd && text === "24:00")) return undefined;
  return `${what} "${text}" is not a time in HH:MM form (00:00 to 23:59${allowMidnightEnd ? ", or 24:00 for the end of the day" : ""})`;
}

/** Hours per week a (valid) window is in force: its days times its length. */
export function windowHoursPerWeek(window: Pick<ScheduleWindow, "days" | "start" | "end">): number {
  return (window.days.length * (minutes(window.end) - minutes(window.start))) / 60;
}

function minutes(text: string): number {
  const [hours, mins] = text.split(":").map(Number);
  return hours! * 60 + mins!;
}

function parseWindow(window: ScheduleWindow, limit: ReplicaLimit): ParseResult<ParsedWindow> {
  const what = `window "${window.name}"`;
  if (window.days.length === 0) return { problem: `${what} has no days; give at least one (e.g. Weekdays.MONDAY_TO_FRIDAY)` };
  const unknown = window.days.find((day) => !WEEK.includes(day));
  if (unknown !== undefined) return { problem: `${what}: "${unknown}" is not a day; use ${WEEK.join(", ")} (Weekday.MONDAY ...)` };
  const twice = firstDuplicate(window.days);
  if (twice !== undefined) return { problem: `${what} lists ${twice} twice` };
  const problem = timeProblem(`${what} start`, window.start, false) ?? timeProblem(`${what} end`, window.end, true) ?? boundsProblem(what, window, limit);
  if (problem) return { problem };
  const startMinute = minutes(window.start);
  const endMinute = minutes(window.end);
  if (startMinute >= endMinute) {
    return { problem: `${what}: start ${window.start} is not before end ${window.end}; a window cannot cross midnight: split it at 24:00 into two windows (the second on the following days from 00:00)` };
  }
  if (window.days.length === 7 && startMinute === 0 && endMinute === DAY) {
    return { problem: `${what} covers the whole week, so the outside capacity would never apply: set that capacity as outside instead` };
  }
  const days = window.days.map((day) => WEEK.indexOf(day)).sort((a, b) => a - b);
  return { value: { name: window.name, days, startMinute, endMinute, capacity: capacity(window) } };
}

function overlapProblem(windows: readonly ParsedWindow[]): string | undefined {
  for (const [i, a] of windows.entries()) {
    for (const b of windows.slice(i + 1)) {
      const day = a.days.find((d) => b.days.includes(d));
      if (day !== undefined && a.startMinute < b.endMinute && b.startMinute < a.endMinute) {
        const span = (w: ParsedWindow): string => `${formatTimeOfDay(w.startMinute)}-${formatTimeOfDay(w.endMinute)}`;
        return `windows "${a.name}" (${span(a)}) and "${b.name}" (${span(b)}) overlap on ${WEEK[day]}; windows must not overlap, so that one capacity applies at any time`;
      }
    }
  }
  return undefined;
}

function windowNameProblem(what: string, name: string): string | undefined {
  return WINDOW_NAME.test(name) ? undefined : `${what} "${name}" is not valid: it must be ${WINDOW_NAME_RULE}`;
}

/**
 * The Windows time-zone names `azurerm_monitor_autoscale_setting` accepts in a recurrence (the
 * provider's validation list, from the Azure Monitor REST API).
 */
export const AUTOSCALE_TIME_ZONES: readonly string[] = [
  "Dateline Standard Time", "UTC-11", "Hawaiian Standard Time", "Alaskan Standard Time", "Pacific Standard Time (Mexico)",
  "Pacific Standard Time", "US Mountain Standard Time", "Mountain Standard Time (Mexico)", "Mountain Standard Time",
  "Central America Standard Time", "Central Standard Time", "Central Standard Time (Mexico)", "Canada Central Standard Time",
  "SA Pacific Standard Time", "Eastern Standard Time", "US Eastern Standard Time", "Venezuela Standard Time",
  "Paraguay Standard Time", "Atlantic Standard Time", "Central Brazilian Standard Time", "SA Western Standard Time",
  "Pacific SA Standard Time", "Newfoundland Standard Time", "E. South America Standard Time", "Argentina Standard Time",
  "SA Eastern Standard Time", "Greenland Standard Time", "Montevideo Standard Time", "Bahia Standard Time", "UTC-02",
  "Mid-Atlantic Standard Time", "Azores Standard Time", "Cape Verde Standard Time", "Morocco Standard Time", "UTC",
  "GMT Standard Time", "Greenwich Standard Time", "W. Europe Standard Time", "Central Europe Standard Time",
  "Romance Standard Time", "Central European Standard Time", "W. Central Africa Standard Time", "Namibia Standard Time",
  "Jordan Standard Time", "GTB Standard Time", "Middle East Standard Time", "Egypt Standard Time", "Syria Standard Time",
  "E. Europe Standard Time", "South Africa Standard Time", "FLE Standard Time", "Turkey Standard Time",
  "Israel Standard Time", "Kaliningrad Standard Time", "Libya Standard Time", "Arabic Standard Time", "Arab Standard Time",
  "Belarus Standard Time", "Russian Standard Time", "E. Africa Standard Time", "Iran Standard Time",
  "Arabian Standard Time", "Azerbaijan Standard Time", "Russia Time Zone 3", "Mauritius Standard Time",
  "Georgian Standard Time", "Caucasus Standard Time", "Afghanistan Standard Time", "West Asia Standard Time",
  "Ekaterinburg Standard Time", "Pakistan Standard Time", "India Standard Time", "Sri Lanka Standard Time",
  "Nepal Standard Time", "Central Asia Standard Time", "Bangladesh Standard Time", "N. Central Asia Standard Time",
  "Myanmar Standard Time", "SE Asia Standard Time", "North Asia Standard Time", "China Standard Time",
  "North Asia East Standard Time", "Singapore Standard Time", "W. Australia Standard Time", "Taipei Standard Time",
  "Ulaanbaatar Standard Time", "Tokyo Standard Time", "Korea Standard Time", "Yakutsk Standard Time",
  "Cen. Australia Standard Time", "AUS Central Standard Time", "E. Australia Standard Time", "AUS Eastern Standard Time",
  "West Pacific Standard Time", "Tasmania Standard Time", "Magadan Standard Time", "Vladivostok Standard Time",
  "Russia Time Zone 10", "Central Pacific Standard Time", "Russia Time Zone 11", "New Zealand Standard Time", "UTC+12",
  "Fiji Standard Time", "Kamchatka Standard Time", "Tonga Standard Time", "Samoa Standard Time",
  "Line Islands Standard Time",
];

/**
 * The Windows time-zone name Azure autoscale wants for an IANA zone (e.g. "America/New_York" ->
 * "Eastern Standard Time"), from the CLDR mapping maintained in the `windows-iana` package. Links
 * the mapping does not list (e.g. "Europe/Kyiv") are looked up by their canonical name.
 */
export function windowsTimeZone(ianaZone: string): ParseResult<string> {
  const problem = timeZoneProblem(ianaZone);
  if (problem) return { problem };
  const canonical = new Intl.DateTimeFormat("en-US", { timeZone: ianaZone }).resolvedOptions().timeZone;
  // Loaded here, not at module load: only VM scale set / App Service targets need Windows zone names.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load keeps synth of container-app schedules lean
  const { findWindows } = require("windows-iana") as typeof WindowsIana;
  const candidates = [...findWindows(ianaZone), ...findWindows(canonical)];
  const accepted = candidates.find((name) => AUTOSCALE_TIME_ZONES.includes(name));
  if (accepted) return { value: accepted };
  const mapped = candidates.length > 0 ? `its Windows zone "${candidates[0]}" is not one Azure autoscale accepts` : "it has no Windows time zone";
  return { problem: `time zone "${ianaZone}" cannot be used for Azure autoscale: ${mapped}; use an IANA zone with the same offset and daylight-saving rules whose Windows zone is in AUTOSCALE_TIME_ZONES` };
}
