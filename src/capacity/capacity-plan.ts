import { formatNumber } from "../core/format";
import { type LoadTestOptions, LoadTestPlan } from "./load-test-plan";
import { bold, markdownTable } from "./markdown";
import { ceilToStep, roundToStep } from "./rounding";
import { type NumberRule, numberProblem, throwIfProblems } from "./validation";

/**
 * The traffic and baseline measurements a {@link CapacityPlan} is derived from. Every field defaults to the
 * value in the spec's "Load Analysis" (spec/auto-scaling-architecture.md).
 */
export interface TrafficAssumptions {
  /** Distinct customers per day. @default 10000 */
  readonly dailyUsers?: number;
  /** Conversations per user per day. @default 2.5 */
  readonly conversationsPerUser?: number;
  /** Messages (user requests) per conversation. @default 4 */
  readonly messagesPerConversation?: number;
  /** Peak-hour traffic as a multiple of the average hour; from 1 (flat) to 24 (all traffic in one hour). @default 3 */
  readonly peakHourFactor?: number;
  /** Requests per second one instance of the pipeline sustains (measured in a load test). @default 0.22 */
  readonly instanceThroughputRps?: number;
  /** 95th-percentile response time of one request, in seconds. @default 14.9 */
  readonly p95ResponseSeconds?: number;
  /** Azure OpenAI calls made for one user request (critic, intent, escalation, response). @default 4 */
  readonly openAICallsPerRequest?: number;
  /** Azure OpenAI tokens per user request, as the spec's TPM formula reads it (see {@link CapacityPlan.requiredTokensPerMinute}). @default 1000 */
  readonly tokensPerRequest?: number;
}

const POSITIVE: NumberRule = { min: 0, minExclusive: true };

/** Default and allowed range of each assumption, in the spec's order. */
const FIELDS: { readonly [K in keyof TrafficAssumptions]-?: { readonly spec: number; readonly rule: NumberRule } } = {
  dailyUsers: { spec: 10_000, rule: POSITIVE },
  conversationsPerUser: { spec: 2.5, rule: POSITIVE },
  messagesPerConversation: { spec: 4, rule: POSITIVE },
  peakHourFactor: { spec: 3, rule: { min: 1, max: 24 } },
  instanceThroughputRps: { spec: 0.22, rule: POSITIVE },
  p95ResponseSeconds: { spec: 14.9, rule: POSITIVE },
  openAICallsPerRequest: { spec: 4, rule: POSITIVE },
  tokensPerRequest: { spec: 1_000, rule: POSITIVE },
};

/**
 * The spec's load analysis as code: daily and peak traffic, instances, Azure OpenAI TPM and concurrency,
 * derived from {@link TrafficAssumptions}. With the defaults it reproduces the spec's tables exactly
 * (100,000 daily messages, 12,500 peak-hour messages, 3.5 peak RPS, 16 instances, 210,000 TPM, ~50
 * concurrent users).
 *
 * Rounding (the spec's, made explicit): message counts are exact; peak RPS is rounded UP to one decimal
 * and every later figure uses the rounded RPS; instances and TPM are rounded UP to whole numbers; the
 * concurrent-user figure is exact, and only its display is rounded to the nearest 10. Rounding up ignores
 * floating-point noise, an excess of up to 1e-9 of the value and at most 1e-6 of a step: 2.1 / 0.15 gives
 * 14 instances, not 15.
 */
export class CapacityPlan {
  /**
   * Derives the plan. Throws a RangeError naming every field that is not a finite number in its range
   * (all > 0; `peakHourFactor` from 1 to 24).
   */
  static fromTraffic(assumptions: TrafficAssumptions = {}): CapacityPlan {
    const keys = Object.keys(FIELDS) as Array<keyof TrafficAssumptions>;
    const resolved = Object.fromEntries(keys.map((key) => [key, assumptions[key] ?? FIELDS[key].spec])) as Required<TrafficAssumptions>;
    throwIfProblems(
      "CapacityPlan.fromTraffic",
      keys.map((key) => numberProblem(key, resolved[key], FIELDS[key].rule)),
    );
    return new CapacityPlan(resolved);
  }

  /** The assumptions in force, defaults filled in. */
  readonly assumptions: Required<TrafficAssumptions>;
  /** dailyUsers x conversationsPerUser x messagesPerConversation, not rounded (100,000). */
  readonly dailyMessages: number;
  /** dailyMessages / 24 x peakHourFactor, not rounded (12,500). */
  readonly peakHourMessages: number;
  /** peakHourMessages / 3,600, not rounded (3.4722...). */
  readonly peakRpsExact: number;
  /** {@link CapacityPlan.peakRpsExact} rounded UP to one decimal (3.5); the figure every later one is derived from. */
  readonly peakRps: number;
  /**
   * Instances needed at peak: peakRps / instanceThroughputRps rounded UP to a whole instance
   * (3.5 / 0.22 = 15.91 -> 16). The spec's "with headroom" is only this rounding and the RPS rounding;
   * no further factor is applied.
   */
  readonly instances: number;
  /**
   * Azure OpenAI tokens per minute at peak, as the spec computes it: peakRps x tokensPerRequest x 60,
   * rounded UP to a whole token (3.5 x 1,000 x 60 = 210,000). It reads tokensPerRequest per USER request
   * and does not multiply by openAICallsPerRequest; see {@link CapacityPlan.tokensPerMinuteIfPerCall}.
   */
  readonly requiredTokensPerMinute: number;
  /**
   * The TPM if tokensPerRequest is per Azure OpenAI CALL rather than per user request:
   * peakRps x openAICallsPerRequest x tokensPerRequest x 60, rounded UP (840,000). Not in the spec;
   * the upper reading of its ambiguous "Tokens/Request".
   */
  readonly tokensPerMinuteIfPerCall: number;
  /**
   * Azure OpenAI calls per minute at peak: peakRps x openAICallsPerRequest x 60, rounded UP (840).
   * Not in the spec; compare it with the deployment's requests-per-minute quota.
   */
  readonly openAICallsPerMinute: number;
  /**
   * Requests in flight at peak by Little's law: peakRps x p95ResponseSeconds, NOT rounded (52.15). With
   * a P95 rather than a mean response time it over-estimates the mean concurrency.
   */
  readonly concurrentUsers: number;
  /**
   * {@link CapacityPlan.concurrentUsers} as the spec prints it: rounded to the nearest 10 (52.15 -> 50), or UP to a
   * whole user below 10. This can round down: size pools from {@link CapacityPlan.concurrentUsers}.
   */
  readonly concurrentUsersApprox: number;

  private constructor(assumptions: Required<TrafficAssumptions>) {
    const a = assumptions;
    this.assumptions = Object.freeze({ ...a });
    this.dailyMessages = a.dailyUsers * a.conversationsPerUser * a.messagesPerConversation;
    this.peakHourMessages = (this.dailyMessages / 24) * a.peakHourFactor;
    this.peakRpsExact = this.peakHourMessages / 3_600;
    this.peakRps = ceilToStep(this.peakRpsExact, 0.1);
    this.instances = ceilToStep(this.peakRps / a.instanceThroughputRps, 1);
    this.requiredTokensPerMinute = ceilToStep(this.peakRps * a.tokensPerRequest * 60, 1);
    this.tokensPerMinuteIfPerCall = ceilToStep(this.peakRps * a.openAICallsPerRequest * a.tokensPerRequest * 60, 1);
    this.openAICallsPerMinute = ceilToStep(this.peakRps * a.openAICallsPerRequest * 60, 1);
    this.concurrentUsers = this.peakRps * a.p95ResponseSeconds;
    this.concurrentUsersApprox =
      this.concurrentUsers >= 10 ? roundToStep(this.concurrentUsers, 10) : ceilToStep(this.concurrentUsers, 1);
  }

  /**
   * A day of load at this plan's rates, hour by hour (peak at {@link CapacityPlan.peakRpsExact}), for Artillery; see
   * {@link LoadTestPlan.fromCapacityPlan}.
   * @param options the gateway URL (`target`, required), time compression and the rest of {@link LoadTestOptions}
   */
  loadTestPlan(options: LoadTestOptions): LoadTestPlan {
    return LoadTestPlan.fromCapacityPlan(this, options);
  }

  /**
   * The spec's three "Load Analysis" tables in markdown (Traffic Pattern Assumptions: Metric | Value |
   * Calculation; Current System Performance (Baseline): Metric | Current Value | Notes; Required
   * Capacity: Metric | Requirement | Calculation), followed by notes stating each rounding.
   */
  table(): string {
    const a = this.assumptions;
    const n = (value: number): string => formatNumber(value);
    const rps = n(this.peakRps);
    const input = (field: keyof TrafficAssumptions): string => `Input \`${field}\``;
    const traffic = markdownTable(
      ["Metric", "Value", "Calculation"],
      [
        ["Daily Users", n(a.dailyUsers), input("dailyUsers")],
        ["Conversations/User", n(a.conversationsPerUser), input("conversationsPerUser")],
        ["Messages/Conversation", n(a.messagesPerConversation), input("messagesPerConversation")],
        [bold("Daily Messages"), bold(n(this.dailyMessages)), `${n(a.dailyUsers)} × ${n(a.conversationsPerUser)} × ${n(a.messagesPerConversation)}`],
        ["Peak Hour Factor", `${n(a.peakHourFactor)}x`, input("peakHourFactor")],
        [bold("Peak Hour Messages"), bold(n(this.peakHourMessages)), `${n(this.dailyMessages)} ÷ 24 × ${n(a.peakHourFactor)}`],
        [bold("Peak Requests/Second"), bold(rps), `${n(this.peakHourMessages)} ÷ 3,600`],
      ],
    );
    const baseline = markdownTable(
      ["Metric", "Current Value", "Notes"],
      [
        ["Single Instance Throughput", `${n(a.instanceThroughputRps)} RPS`, input("instanceThroughputRps")],
        ["Response Time (P95)", `${n(a.p95ResponseSeconds)}s`, input("p95ResponseSeconds")],
        ["Azure OpenAI Calls/Request", n(a.openAICallsPerRequest), input("openAICallsPerRequest")],
        ["Tokens/Request", n(a.tokensPerRequest), input("tokensPerRequest")],
      ],
    );
    const required = markdownTable(
      ["Metric", "Requirement", "Calculation"],
      [
        ["Peak RPS", rps, "From traffic analysis"],
        ["Instances Needed", bold(n(this.instances)), `${rps} ÷ ${n(a.instanceThroughputRps)}, rounded up`],
        ["Azure OpenAI TPM", bold(n(this.requiredTokensPerMinute)), `${rps} × ${n(a.tokensPerRequest)} × 60`],
        ["Concurrent Users", bold(`~${n(this.concurrentUsersApprox)}`), `${rps} × ${n(a.p95ResponseSeconds)}s response time`],
      ],
    );
    const notes = [
      `Daily and peak-hour messages are not rounded.`,
      `Peak RPS: ${n(this.peakHourMessages)} ÷ 3,600 = ${formatNumber(this.peakRpsExact, 4)}, rounded UP to one decimal (${rps}); every figure below uses ${rps}.`,
      `Instances: ${rps} ÷ ${n(a.instanceThroughputRps)} = ${n(this.peakRps / a.instanceThroughputRps)}, rounded UP to ${n(this.instances)}; that rounding is the only headroom.`,
      `Azure OpenAI TPM: tokens per USER request, as the spec's formula (not multiplied by the ${n(a.openAICallsPerRequest)} calls per request), rounded UP to a whole token. If ${n(a.tokensPerRequest)} tokens is per Azure OpenAI call: ${rps} × ${n(a.openAICallsPerRequest)} × ${n(a.tokensPerRequest)} × 60 = ${n(this.tokensPerMinuteIfPerCall)} TPM.`,
      `Azure OpenAI calls at peak: ${rps} × ${n(a.openAICallsPerRequest)} × 60 = ${n(this.openAICallsPerMinute)} per minute (compare with the deployment's RPM quota).`,
      `Concurrent users (Little's law): ${rps} × ${n(a.p95ResponseSeconds)} = ${n(this.concurrentUsers)}, shown rounded to the nearest 10 (up to a whole user below 10) as the spec does; size pools from ${n(this.concurrentUsers)}.`,
    ];
    return [
      "### Traffic Pattern Assumptions",
      traffic,
      "### Current System Performance (Baseline)",
      baseline,
      "### Required Capacity",
      required,
      ["Rounding:", ...notes.map((note) => `- ${note}`)].join("\n"),
    ].join("\n\n");
  }
}
