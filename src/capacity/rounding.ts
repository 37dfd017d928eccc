/**
 * The floating-point noise rounding ignores, in steps: 1e-9 of the value, at most 1e-6 of a step.
 * `2.1 / 0.15` is `14.000000000000002` in IEEE doubles and must round up to 14, not 15; a tolerance
 * never moves a result by a whole step.
 */
function tolerance(steps: number): number {
  return Math.min(1e-6, 1e-9 * Math.abs(steps));
}

/** `value` trimmed to 15 significant digits (`35 * 0.1` is `3.5000000000000004`; this gives 3.5). */
function trim(value: number): number {
  return Number(value.toPrecision(15));
}

/**
 * The smallest multiple of `step` that is >= `value`, ignoring an excess of up to 1e-9 of the value
 * (at most 1e-6 of a step) as floating-point noise.
 */
export function ceilToStep(value: number, step: number): number {
  const steps = value / step;
  return trim(Math.ceil(steps - tolerance(steps)) * step);
}

/**
 * The nearest multiple of `step` to `value`, halves rounded up (`45` -> `50` for step 10), with the same
 * tolerance (`0.35` is a half of 0.1 although `0.35 / 0.1` is `3.4999999999999996`).
 */
export function roundToStep(value: number, step: number): number {
  const steps = value / step;
  return trim(Math.floor(steps + 0.5 + tolerance(steps)) * step);
}
