/** The five fields of a standard cron expression, with the values each accepts. */
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
] as const;

function fieldValue(text: string, field: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const names: readonly string[] | undefined = "names" in field ? field.names : undefined;
  const index = names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  return field.name === "month" ? index + 1 : index;
}

function fieldProblem(text: string, field: (typeof FIELDS)[number]): string | undefined {
  for (const item of text.split(",")) {
    const [range, step, extra] = item.split("/");
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) {
      return `"${item}" has an invalid step`;
    }
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `"${item}" is not a value or a range`;
    const values = bounds.map((bound) => fieldValue(bound, field));
    if (values.some((value) => value === undefined || value < field.min || value > field.max)) {
      return `"${item}" is outside ${field.min}-${field.max}`;
    }
    if (values.length === 2 && values[0]! > values[1]!) return `range "${range}" runs backwards`;
  }
  return undefined;
}

/**
 * Checks a 5-field cron expression (minute hour day-of-month month day-of-week), the form KEDA's
 * cron scaler takes. Returns a sentence describing the problem, or undefined when it is valid.
 */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `cron expression "${expression}" must have 5 fields (minute hour day-of-month month day-of-week); it has ${parts.length}`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(parts[i]!, FIELDS[i]!);
    if (problem) return `cron expression "${expression}": ${FIELDS[i]!.name} ${problem}`;
  }
  return undefined;
}

/** A local wall-clock minute, as a cron expression reads it (day of week 0 = Sunday). */
export interface CronMinute {
  readonly minute: number;
  readonly hour: number;
  readonly dayOfMonth: number;
  readonly month: number;
  readonly dayOfWeek: number;
}

/** The values `text` (one field of a valid expression) allows, as a set. */
function fieldValues(text: string, field: (typeof FIELDS)[number]): ReadonlySet<number> {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    const [range, step] = item.split("/") as [string, string | undefined];
    const [low, high] = range === "*" ? [field.min, field.max] : (range.split("-").map((bound) => fieldValue(bound, field)) as [number, number?]);
    const end = high ?? (step === undefined ? low : field.max);
    for (let value = low; value <= end; value += step === undefined ? 1 : Number(step)) values.add(value);
  }
  // Day of week 7 is Sunday, as 0 is.
  if (field.name === "day of week" && values.has(7)) values.add(0);
  return values;
}

/**
 * A predicate that tells whether a 5-field cron expression fires at a local minute. Standard cron semantics: when
 * both day of month and day of week are restricted (neither is `*`), either matching is enough.
 * @throws RangeError when the expression is not valid (see {@link cronProblem})
 */
export function cronMatcher(expression: string): (at: CronMinute) => boolean {
  const problem = cronProblem(expression);
  if (problem !== undefined) throw new RangeError(problem);
  const parts = expression.trim().split(/\s+/);
  const [minutes, hours, days, months, weekdays] = FIELDS.map((field, i) => fieldValues(parts[i]!, field)) as [
    ReadonlySet<number>,
    ReadonlySet<number>,
    ReadonlySet<number>,
    ReadonlySet<number>,
    ReadonlySet<number>,
  ];
  const anyDay = parts[2] === "*";
  const anyWeekday = parts[4] === "*";
  return (at) => {
    if (!minutes.has(at.minute) || !hours.has(at.hour) || !months.has(at.month)) return false;
    const dayMatches = days.has(at.dayOfMonth);
    const weekdayMatches = weekdays.has(at.dayOfWeek);
    return anyDay || anyWeekday ? dayMatches && weekdayMatches : dayMatches || weekdayMatches;
  };
}
