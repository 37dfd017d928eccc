/**
 * Checks that the benchmark's apps synthesize the same thing: resource counts per type must match (the
 * benchmark fails otherwise); differing attributes of same-address resources are reported.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The parts of a stack's cdk.tf.json the check reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, unknown>;
  readonly provider?: Record<string, unknown>;
}

/** The stack "retail-platform" of a synthesized app. */
export function readStack(outdir: string): StackJson {
  return JSON.parse(readFileSync(path.join(outdir, "stacks", "retail-platform", "cdk.tf.json"), "utf8")) as StackJson;
}

/** Number of resources per Terraform type, sorted by type. */
export function countsByType(stack: StackJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of Object.keys(stack.resource ?? {}).sort()) counts[type] = Object.keys(stack.resource?.[type] ?? {}).length;
  return counts;
}

export function totalResources(stack: StackJson): number {
  return Object.values(countsByType(stack)).reduce((sum, n) => sum + n, 0);
}

/** Types whose counts differ, as readable lines; empty when every type has the same count. */
export function countDifferences(expected: StackJson, actual: StackJson, expectedName: string, actualName: string): string[] {
  const a = countsByType(expected);
  const b = countsByType(actual);
  const types = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return types.filter((t) => a[t] !== b[t]).map((t) => `${t}: ${expectedName} has ${a[t] ?? 0}, ${actualName} has ${b[t] ?? 0}`);
}

/** JSON with sorted keys, so that key order never counts. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== "//").sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Resources (type.logicalId) of `expected` that `actual` lacks or synthesizes with different attributes
 * (construct metadata "//" ignored), plus outputs that differ.
 */
export function attributeDifferences(expected: StackJson, actual: StackJson): string[] {
  const problems: string[] = [];
  for (const [type, resources] of Object.entries(expected.resource ?? {})) {
    for (const [id, body] of Object.entries(resources)) {
      const other = actual.resource?.[type]?.[id];
      if (other === undefined) problems.push(`${type}.${id}: missing`);
      else if (canonical(body) !== canonical(other)) problems.push(`${type}.${id}: attributes differ`);
    }
  }
  if (canonical(expected.output ?? {}) !== canonical(actual.output ?? {})) problems.push("outputs differ");
  if (canonical(expected.provider ?? {}) !== canonical(actual.provider ?? {})) problems.push("provider blocks differ");
  return problems;
}
