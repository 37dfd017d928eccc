import { Token } from "cdktf";
import { type IConstruct } from "constructs";
import { type Duration, integerRangeProblem } from "../src/core";

/**
 * Throws an error that names the construct path, the bad value and what is allowed, so that invalid
 * input fails `cdktf synth` before anything reaches Terraform JSON.
 */
export function invalid(scope: IConstruct, problem: string, fix?: string): never {
  throw new Error(`${scope.node.path}: ${problem}${fix ? `${problem.endsWith(".") ? " " : ". "}${fix}` : ""}`);
}

/** Throws via {@link invalid} when `problem` is defined (the core checks return problems, not errors). */
export function check(scope: IConstruct, problem: string | undefined, fix?: string): void {
  if (problem !== undefined) invalid(scope, problem, fix);
}

/** True when `value` is a plain number known at synth time, false for a Terraform token (a variable or an attribute). */
export function isKnownNumber(value: number): boolean {
  return !Token.isUnresolved(value);
}

/**
 * Checks that `value` is an integer in `min..max`, unless it is a Terraform token (its value is only known at
 * plan time, so it cannot be checked here; Terraform variables can carry their own `validation`).
 */
export function checkInteger(scope: IConstruct, what: string, value: number, min: number, max: number, fix?: string): void {
  if (isKnownNumber(value)) check(scope, integerRangeProblem(what, value, min, max), fix);
}

/**
 * Checks that `value` is one of `allowed` at run time, for JavaScript and config-driven callers whose values
 * the TypeScript types do not check. Terraform tokens are skipped.
 */
export function checkOneOf<T extends string>(scope: IConstruct, what: string, value: T | undefined, allowed: readonly T[]): void {
  if (value === undefined || (typeof value === "string" && Token.isUnresolved(value))) return;
  if (!allowed.includes(value)) invalid(scope, `${what} ${JSON.stringify(value)} is not valid`, `Use one of: ${allowed.join(", ")}`);
}

/** Checks that `duration` is a whole number of seconds from `min` to `max` (skipped when undefined). */
export function checkWholeSeconds(scope: IConstruct, what: string, duration: Duration | undefined, min: number, max: number): void {
  if (duration === undefined) return;
  const seconds = duration.toSeconds();
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    invalid(scope, `${what} must be a whole number of seconds from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}; got ${duration}`);
  }
}

/** Checks that `duration` is a whole number of minutes from `min` to `max`. */
export function checkWholeMinutes(scope: IConstruct, what: string, duration: Duration, min: Duration, max: Duration): void {
  const ms = duration.toMilliseconds();
  if (ms % 60_000 !== 0 || ms < min.toMilliseconds() || ms > max.toMilliseconds()) {
    invalid(scope, `${what} must be whole minutes from ${min} to ${max}; got ${duration}`);
  }
}

/** Environment variable names a container takes: letters, digits and '_', not starting with a digit. */
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Fails, naming `scope`, when `name` is not a valid environment variable name or `existing` already has it. */
export function checkNewEnvironmentVariable(scope: IConstruct, name: string, existing: { has(name: string): boolean }): void {
  if (!ENV_VAR_NAME.test(name)) invalid(scope, `environment variable name "${name}" is not valid`, "Use letters, digits and '_', not starting with a digit");
  if (existing.has(name)) invalid(scope, `environment variable ${name} is set twice`, "Each variable may be set once per app");
}
