/** A sentence describing why `value` is not an integer in `min..max`, or undefined when it is. */
export function integerRangeProblem(what: string, value: number, min: number, max: number): string | undefined {
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  return `${what} must be an integer from ${min} to ${max}; got ${value}`;
}

/** The first value that appears twice in `values`, or undefined when they are all different. */
export function firstDuplicate<T>(values: readonly T[]): T | undefined {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}
