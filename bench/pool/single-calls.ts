import { poolDesign, specDesign, type BenchDeployment } from "./designs";
import { totalStats } from "./mock-client";
import type { BenchContext, BenchScenario, ScenarioDesign } from "./scenario";
import { logNormalP99, measure, ms, pct, sec } from "./summary";
import { runWorkload, type Design, type Workload } from "./workload";

/** The spec's peak of Azure OpenAI calls: 3.5 requests/s x 4 calls (210k TPM at ~250 tokens each). */
const CALLS_PER_SECOND = 14;

/** Runs single calls (conversations of one call) of `deadlineMs` against a design over `deployments`. */
async function runSingleCalls(
  context: BenchContext,
  deployments: readonly BenchDeployment[],
  create: (endpoint: string) => Design | Promise<Design>,
  deadlineMs: number,
  repeat: number,
  minutes: number,
): Promise<ReturnType<typeof measure>> {
  const endpoint = await context.mock.start({
    deployments: Object.fromEntries(
      deployments.map((d) => [d.name, { tokensPerMinute: d.tokensPerMinute, ...(d.faults !== undefined ? { faults: d.faults } : {}) }]),
    ),
    timeScale: context.scale,
    latency: context.latency,
    seed: repeat + 1,
  });
  const design = await create(endpoint);
  const workload: Workload = {
    arrivalsPerSecond: CALLS_PER_SECOND,
    callsPerConversation: 1,
    deadlineMs,
    durationMs: minutes * 60_000,
    scale: context.scale,
    seed: 2000 + repeat,
  };
  const results = await runWorkload(design, workload, (deployments[0] as BenchDeployment).name);
  await design.close();
  const counted = totalStats(await context.mock.stats());
  await context.mock.close();
  const tpm = deployments.reduce((sum, d) => sum + d.tokensPerMinute, 0);
  return measure(results, tpm * minutes, (minutes * 60_000) / context.scale, context.scale, counted, logNormalP99(context.latency));
}

function singleCallDesign(
  name: string,
  deployments: readonly BenchDeployment[],
  deadlineMs: number,
  create: (endpoint: string, scale: number) => Design | Promise<Design>,
): ScenarioDesign {
  return {
    name,
    run: (context, repeat, minutes) => runSingleCalls(context, deployments, (endpoint) => create(endpoint, context.scale), deadlineMs, repeat, minutes),
  };
}

/** Scenario H's deployments: equal quotas of twice the demand each; d2 answers 25% of its calls 503 and hangs 5%. */
const HANG_DEPLOYMENTS: readonly BenchDeployment[] = [
  { name: "d1", tokensPerMinute: 420_000 },
  { name: "d2", tokensPerMinute: 420_000, faults: { statusRate: 0.25, status: 503, hangRate: 0.05 } },
];
const HANG_DEADLINE_MS = 8000;

/** Scenario H: one healthy and one failing deployment; single calls with an 8 s deadline. */
export function hangScenario(): BenchScenario {
  const spec = singleCallDesign("spec's pool, round-robin over both (baseline)", HANG_DEPLOYMENTS, HANG_DEADLINE_MS, (endpoint, scale) =>
    specDesign(
      endpoint,
      HANG_DEPLOYMENTS.map((d) => d.name),
      scale,
      true,
    ),
  );
  return {
    id: "H",
    title: "hangs: a healthy deployment and one answering 25% 503 and hanging 5% (2 x 420k TPM)",
    designs: [singleCallDesign("pool (this package)", HANG_DEPLOYMENTS, HANG_DEADLINE_MS, (endpoint, scale) => poolDesign(endpoint, HANG_DEPLOYMENTS, scale, 0)), spec],
    baseline: spec,
    columns: [
      { title: "Success within 8 s", value: (m) => m.success, format: pct },
      { title: "Rejected up front", value: (m) => m.rejected, format: pct },
      { title: "Admitted, failed", value: (m) => m.admittedFailed, format: String },
      { title: "of which by the pool", value: (m) => m.admittedFailedByPool, format: String },
      { title: "p50 (s)", value: (m) => m.p50, format: sec },
      { title: "p95 (s)", value: (m) => m.p95, format: sec },
      { title: "p99 (s)", value: (m) => m.p99, format: sec },
      { title: "HTTP calls", value: (m) => m.httpCalls, format: ms },
      { title: "Faulted (503 or hung)", value: (m) => m.faulted, format: ms },
    ],
    ratios: [{ title: "success within 8 s", value: (m) => m.success, format: pct }],
    targets: [{ text: ">= 99.5% of calls succeed within their 8 s deadline", met: (m) => m.success >= 0.995 }],
    method: [
      "- Two deployments of 420k TPM each (twice the demand each, so quota never binds): d1 healthy, d2 answering a",
      "  seeded random 25% of its requests 503 at once and leaving 5% unanswered (hung until the mock closes). The",
      "  mock's `faults` option (`test/support/openai-mock.ts`); faulted requests count neither against the quota nor as 429s.",
      `- Load: single calls (not conversations), Poisson at ${CALLS_PER_SECOND}/s (the spec's peak: 3.5 requests/s x 4 calls), ~250 tokens`,
      "  each, every call with an 8 s deadline (`timeoutMs` = 8 s model time for the pool, an AbortSignal for the baseline).",
      "- Designs: the pool over both deployments (settings as in A-C, `attemptTimeoutFloorMs` 5 s scaled: an attempt that",
      "  hangs past the limit derived from observed latency is abandoned and retried elsewhere); baseline: the spec's pool",
      "  port, its calls sent round-robin over the two deployments (it knows one endpoint, and the request's `model` picks",
      "  the deployment), SDK retries 3, timeout 30 s scaled, the SDK's own retry backoff (0.5 s doubling, no retry-after",
      "  on a 503) scaled too, so that it is as long in model time as uncompressed.",
      "- Measure: the share of calls that succeed within their deadline.",
    ].join("\n"),
    caveats: [
      "- The baseline's hung attempts wait for the SDK timeout (30 s) or the caller's deadline, whichever comes first: here",
      "  the 8 s deadline. That is the spec's design as written, not an artifact; a shorter SDK timeout would help it.",
    ].join("\n"),
  };
}

/** Scenario O's deployment: half the demand. */
const OVERLOAD_DEPLOYMENTS: readonly BenchDeployment[] = [{ name: "d1", tokensPerMinute: 105_000 }];
const OVERLOAD_DEADLINE_MS = 5000;

/** Scenario O: one deployment offered 200% of its quota; single calls with a 5 s deadline. */
export function overloadScenario(): BenchScenario {
  const spec = singleCallDesign("spec's pool (baseline)", OVERLOAD_DEPLOYMENTS, OVERLOAD_DEADLINE_MS, (endpoint, scale) => specDesign(endpoint, "d1", scale, true));
  return {
    id: "O",
    title: "overload: one deployment (105k TPM) offered 200% of its quota",
    designs: [singleCallDesign("pool (this package)", OVERLOAD_DEPLOYMENTS, OVERLOAD_DEADLINE_MS, (endpoint, scale) => poolDesign(endpoint, OVERLOAD_DEPLOYMENTS, scale, 0)), spec],
    baseline: spec,
    columns: [
      { title: "Success", value: (m) => m.success, format: pct },
      { title: "Rejected up front", value: (m) => m.rejected, format: pct },
      { title: "Rejection time p50 (model ms)", value: (m) => m.rejectP50Ms, format: ms },
      { title: "Rejection time p95 (model ms)", value: (m) => m.rejectP95Ms, format: ms },
      { title: "Rejection time p95 (real ms)", value: (m) => m.rejectP95RealMs, format: (v) => v.toFixed(1) },
      { title: "Admitted, failed", value: (m) => m.admittedFailed, format: String },
      { title: "of which by the pool", value: (m) => m.admittedFailedByPool, format: String },
      { title: "Goodput (share of quota)", value: (m) => m.goodput, format: pct },
      { title: "429s / HTTP calls", value: (m) => m.throttled, format: pct },
    ],
    ratios: [
      { title: "goodput", value: (m) => m.goodput, format: pct },
      { title: "success", value: (m) => m.success, format: pct },
    ],
    targets: [
      { text: "rejection p95 <= 50 ms (model time)", met: (m) => m.rejectP95Ms <= 50, applies: (m) => m.rejected > 0 },
      { text: "0 admitted calls failed by the pool", met: (m) => m.admittedFailedByPool === 0 },
      { text: "goodput >= 90% of quota", met: (m) => m.goodput >= 0.9 },
    ],
    method: [
      `- One deployment of 105k TPM (630 RPM); single calls Poisson at ${CALLS_PER_SECOND}/s of ~250 tokens (210k TPM: 200% of the quota,`,
      "  133% of its request rate), each with a 5 s deadline.",
      "- Designs: the pool (settings as in A-C); baseline: the spec's pool port (no admission control: every call is sent,",
      "  429s are retried by the SDK after the service's retry-after-ms, up to 3 times, within the caller's deadline).",
      "- Measures: rejection time (from the call's start to its PoolOverloadedError, p50 and p95, in model ms = real ms",
      "  x the time scale, and in real ms), admitted calls that failed (count), goodput (tokens of successful calls",
      "  completed while arrivals lasted, over the quota for that time).",
    ].join("\n"),
    caveats: [
      "- Rejection time in model ms is real ms x 20: a rejection decided at once still shows the driver's event-loop delay",
      "  (a 1 ms stall reads as 20 model ms). The target is checked on model ms, the stricter reading; real ms are shown beside it.",
    ].join("\n"),
  };
}
