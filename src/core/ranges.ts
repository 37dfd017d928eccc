/** A sentence describing why `value` is not an integer in `min..max`, or undefined when it is. */
export function integerRangeProblem(what: string, value: number, min: number, max: number): string | undefined {
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  return `${what} must be an integer from ${min} to ${max}; got ${value}`;
}
