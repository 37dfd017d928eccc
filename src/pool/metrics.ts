import type * as OtelModule from "@opentelemetry/api";
import type { Meter } from "@opentelemetry/api";
import { tryLoadOptional } from "../core/optional-peer";
import type { RejectReason } from "./scheduler";

/** Name of the meter the pool uses by default. */
export const METER_NAME = "cdktf-azure-agent-platform/pool";

/** Outcome of one attempt, as the metrics label it. */
export type AttemptOutcome = "ok" | "throttled" | "failed" | "hung" | "error" | "aborted";

/** What the pool records. */
export interface PoolMetrics {
  /** One attempt sent to `deployment` ended with `outcome` after `durationMs`. */
  attempt(deployment: string, outcome: AttemptOutcome, durationMs: number): void;
  /** A call was turned away before it started. */
  rejected(reason: RejectReason): void;
  /** Stops observing the gauges. */
  close(): void;
}

/**
 * The pool's OpenTelemetry instruments: `azure_openai.pool.attempts` (counter; deployment, outcome),
 * `azure_openai.pool.attempt.duration` (histogram, ms; deployment, outcome), `azure_openai.pool.rejected`
 * (counter; reason), and the gauges `azure_openai.pool.in_flight` and `azure_openai.pool.waiting`. A no-op when no
 * meter is given and `@opentelemetry/api` is not installed (and, as always with the API, when no SDK is registered).
 * @param meter the meter to use; default the global meter provider's `cdktf-azure-agent-platform/pool`
 * @param gauges read at each collection
 */
export function createPoolMetrics(meter: Meter | undefined, gauges: () => { inFlight: number; waiting: number }): PoolMetrics {
  const m = meter ?? tryLoadOptional<typeof OtelModule>("@opentelemetry/api")?.metrics.getMeter(METER_NAME);
  if (m === undefined) return { attempt: () => undefined, rejected: () => undefined, close: () => undefined };
  const attempts = m.createCounter("azure_openai.pool.attempts", { description: "Attempts sent to Azure OpenAI deployments" });
  const duration = m.createHistogram("azure_openai.pool.attempt.duration", { description: "Duration of attempts", unit: "ms" });
  const rejected = m.createCounter("azure_openai.pool.rejected", { description: "Calls turned away before they started" });
  const inFlight = m.createObservableGauge("azure_openai.pool.in_flight", { description: "Calls in flight" });
  const waiting = m.createObservableGauge("azure_openai.pool.waiting", { description: "Calls waiting for a turn" });
  const observe: OtelModule.BatchObservableCallback = (result) => {
    const now = gauges();
    result.observe(inFlight, now.inFlight);
    result.observe(waiting, now.waiting);
  };
  m.addBatchObservableCallback(observe, [inFlight, waiting]);
  return {
    attempt: (deployment, outcome, durationMs) => {
      attempts.add(1, { deployment, outcome });
      duration.record(durationMs, { deployment, outcome });
    },
    rejected: (reason) => rejected.add(1, { reason }),
    close: () => m.removeBatchObservableCallback(observe, [inFlight, waiting]),
  };
}
