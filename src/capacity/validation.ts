/** The values a number-valued input accepts, for checks and for error messages. */
export interface NumberRule {
  /** Smallest value allowed (or the exclusive bound when `minExclusive`). */
  readonly min: number;
  /** Whether `min` itself is rejected. */
  readonly minExclusive?: boolean;
  /** Largest value allowed (inclusive); unbounded when absent. */
  readonly max?: number;
  /** Whether only whole numbers are allowed. */
  readonly integer?: boolean;
}

/** The rule in words: "a number > 0", "a number from 1 to 24", "an integer from 0 to 300". */
function describe(rule: NumberRule): string {
  const kind = rule.integer ? "an integer" : "a finite number";
  if (rule.max !== undefined) return `${kind} from ${rule.min}${rule.minExclusive ? " (exclusive)" : ""} to ${rule.max}`;
  return `${kind} ${rule.minExclusive ? ">" : ">="} ${rule.min}`;
}

/** How a value reads in a message: numbers as written, anything else as JSON (`"3"`, `null`). */
function show(value: unknown): string {
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}

/**
 * A sentence naming `field`, the allowed range and the bad value when `value` breaks `rule`, or
 * undefined when it is allowed. Non-numbers, NaN and infinities always break the rule.
 */
export function numberProblem(field: string, value: unknown, rule: NumberRule): string | undefined {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (!rule.integer || Number.isInteger(value));
  return ok ? undefined : `${field} must be ${describe(rule)}; got ${show(value)}`;
}

/** Throws one RangeError listing every problem, prefixed with `where`, when there is any. */
export function throwIfProblems(where: string, problems: ReadonlyArray<string | undefined>): void {
  const found = problems.filter((problem): problem is string => problem !== undefined);
  if (found.length > 0) throw new RangeError(`${where}: ${found.join("; ")}`);
}
