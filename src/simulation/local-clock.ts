import type { CronMinute } from "../core/cron";

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local wall-clock minute of the instant `epochMs` in `timeZone` (an IANA name). */
export function localMinute(epochMs: number, timeZone: string): CronMinute & { readonly year: number } {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    dayOfMonth: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    dayOfWeek: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/**
 * The instant of local midnight starting `date` (`YYYY-MM-DD`) in `timeZone`, in epoch ms: UTC midnight moved by the
 * zone's offset (found by reading the local time back, twice, so that a change of offset that day is followed).
 */
export function localMidnight(date: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`date "${date}" is not YYYY-MM-DD`);
  const target = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const local = localMinute(guess, timeZone);
    const shown = Date.UTC(local.year, local.month - 1, local.dayOfMonth, local.hour, local.minute);
    guess += target - shown;
  }
  return guess;
}
