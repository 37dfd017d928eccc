import { type IConstruct } from "constructs";

/**
 * Throws an error that names the construct path, the bad value and what is allowed, so that invalid
 * input fails `cdktf synth` before anything reaches Terraform JSON.
 */
export function invalid(scope: IConstruct, problem: string, fix?: string): never {
  throw new Error(`${scope.node.path}: ${problem}${fix ? `. ${fix}` : ""}`);
}

/** Throws via {@link invalid} when `problem` is defined (the core checks return problems, not errors). */
export function check(scope: IConstruct, problem: string | undefined, fix?: string): void {
  if (problem !== undefined) invalid(scope, problem, fix);
}
