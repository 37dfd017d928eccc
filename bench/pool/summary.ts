import type { ConversationResult } from "./workload";

/** The measures of one run (one design, one scenario, one repeat). Shares are 0..1, latencies model seconds. */
export interface RunMeasures {
  readonly conversations: number;
  /** Conversations done before their deadline. */
  readonly success: number;
  /** Conversations turned away at their first call (nothing spent). */
  readonly rejected: number;
  /** Conversations admitted that did not finish before their deadline (count). */
  readonly admittedFailed: number;
  /** Tokens of successful conversations' calls completed while arrivals lasted, over the quota for that time. */
  readonly goodput: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** 429 answers over requests received by the mock. */
  readonly throttled: number;
  /** Why conversations failed: error name to count. */
  readonly failures: Readonly<Record<string, number>>;
}

/** Nearest-rank percentile of `values` (sorted or not); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/**
 * Measures a run.
 * @param results the conversations
 * @param quotaTokens tokens the quota allows while arrivals last (sum of TPM times the arrival period in minutes)
 * @param arrivalEnd real ms at which arrivals stopped
 * @param scale time compression (latencies are reported in model time)
 * @param mock requests and 429s the mock counted
 */
export function measure(
  results: readonly ConversationResult[],
  quotaTokens: number,
  arrivalEnd: number,
  scale: number,
  mock: { readonly requests: number; readonly throttled: number },
): RunMeasures {
  const ok = results.filter((r) => r.ok);
  const latencies = ok.map((r) => ((r.end - r.arrival) * scale) / 1000);
  const useful = ok.flatMap((r) => r.calls).filter((c) => c.at <= arrivalEnd);
  const failures: Record<string, number> = {};
  for (const r of results) if (!r.ok) failures[r.failure ?? "unknown"] = (failures[r.failure ?? "unknown"] ?? 0) + 1;
  const n = results.length;
  return {
    conversations: n,
    success: ok.length / n,
    rejected: results.filter((r) => r.rejected).length / n,
    admittedFailed: results.filter((r) => !r.ok && !r.rejected).length,
    goodput: useful.reduce((sum, c) => sum + c.tokens, 0) / quotaTokens,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    throttled: mock.requests === 0 ? 0 : mock.throttled / mock.requests,
    failures,
  };
}

/** Median and range of repeated measures, e.g. "97.1% (96.0-98.2)". */
export function spread(values: readonly number[], format: (v: number) => string): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return "-";
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const mid = format(percentile(finite, 50));
  return lo === hi ? mid : `${mid} (${format(lo)}-${format(hi)})`;
}

/** A share as a percentage with one decimal. */
export const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
/** Seconds with one decimal. */
export const sec = (v: number): string => v.toFixed(1);
