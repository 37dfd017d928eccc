import { nearestRankPercentile } from "../../src/core/percentile";
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
  /**
   * Of those, the ones the pool failed: all but the calls whose deadline passed at the service although they were sent
   * with more time left than the service's p99 latency (the service was slow; no client-side wait caused it).
   */
  readonly admittedFailedByPool: number;
  /** Tokens of successful conversations' calls completed while arrivals lasted, over the quota for that time. */
  readonly goodput: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** 429 answers over requests received by the mock. */
  readonly throttled: number;
  /** HTTP requests the mock received. */
  readonly httpCalls: number;
  /** Requests that met a random or injected fault in the mock. */
  readonly faulted: number;
  /** Time from a rejected conversation's first call to its PoolOverloadedError, model ms: median, p95 (NaN when none). */
  readonly rejectP50Ms: number;
  readonly rejectP95Ms: number;
  /** The same p95 in real (uncompressed, wall-clock) ms. */
  readonly rejectP95RealMs: number;
  /** Why conversations failed: error name to count. */
  readonly failures: Readonly<Record<string, number>>;
}

/** Nearest-rank percentile of `values` (sorted or not); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  return nearestRankPercentile([...values].sort((a, b) => a - b), p);
}

/**
 * Measures a run.
 * @param results the conversations
 * @param quotaTokens tokens the quota allows while arrivals last (sum of TPM times the arrival period in minutes)
 * @param arrivalEnd real ms at which arrivals stopped
 * @param scale time compression (latencies are reported in model time)
 * @param mock requests, 429s and faulted requests the mock counted
 * @param serviceP99Ms the 99th percentile of the mock's latency, model ms (see {@link admittedFailedByPool})
 */
export function measure(
  results: readonly ConversationResult[],
  quotaTokens: number,
  arrivalEnd: number,
  scale: number,
  mock: { readonly requests: number; readonly throttled: number; readonly faulted?: number },
  serviceP99Ms: number,
): RunMeasures {
  const rejectionsMs = results.filter((r) => r.rejected).map((r) => r.end - r.arrival);
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
    admittedFailedByPool: results.filter((r) => !r.ok && !r.rejected && !((r.timeLeftAtSendMs ?? 0) > serviceP99Ms)).length,
    goodput: useful.reduce((sum, c) => sum + c.tokens, 0) / quotaTokens,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    throttled: mock.requests === 0 ? 0 : mock.throttled / mock.requests,
    httpCalls: mock.requests,
    faulted: mock.faulted ?? 0,
    rejectP50Ms: percentile(rejectionsMs, 50) * scale,
    rejectP95Ms: percentile(rejectionsMs, 95) * scale,
    rejectP95RealMs: percentile(rejectionsMs, 95),
    failures,
  };
}

/** The 99th percentile of a log-normal latency model, in its unit. */
export function logNormalP99(latency: { readonly medianMs: number; readonly sigma: number }): number {
  return latency.medianMs * Math.exp(2.3263 * latency.sigma);
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

/** Milliseconds, whole. */
export const ms = (v: number): string => v.toFixed(0);
/** A ratio, e.g. "1.52x". */
export const times = (v: number): string => `${v.toFixed(2)}x`;

/** Per-repeat ratios of a measure of `runs` to the same measure of `baseline` (same repeat), as {@link spread}. */
export function ratioSpread(runs: readonly RunMeasures[], baseline: readonly RunMeasures[], f: (m: RunMeasures) => number): string {
  return spread(
    runs.map((m, i) => {
      const b = baseline[i];
      return b === undefined || f(b) === 0 ? Number.NaN : f(m) / f(b);
    }),
    times,
  );
}

/** The failures of repeated runs, summed: "RateLimitError (call 1) 12, late 2", or "" when none. */
export function failureText(runs: readonly RunMeasures[]): string {
  const total: Record<string, number> = {};
  for (const m of runs) for (const [k, v] of Object.entries(m.failures)) total[k] = (total[k] ?? 0) + v;
  return Object.entries(total)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}
