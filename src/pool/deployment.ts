import { CircuitBreaker, type BreakerOptions, type BreakerState } from "./breaker";
import { DeploymentBudget, type BudgetLimits, type BudgetSharing } from "./budget";
import { LatencyEstimate } from "./latency";

/** A deployment as the pool uses it: the settings with defaults filled in. */
export interface DeploymentTarget extends BudgetLimits {
  /** Account endpoint, without a trailing slash. */
  readonly endpoint: string;
  /** Deployment name. */
  readonly deployment: string;
  /** Routing priority: lower first. */
  readonly priority: number;
  /** Data-plane API version. */
  readonly apiVersion: string;
  /** Region, for stats. */
  readonly region?: string;
}

/** Why a deployment takes no calls at some moment, besides its budget. */
export type BlockReason = "breaker" | "quota" | "cooldown";

/** Counters and state of one deployment, as {@link AzureOpenAIPool.stats} reports them. */
export interface DeploymentStats {
  /** Deployment name. */
  readonly deployment: string;
  /** Account endpoint. */
  readonly endpoint: string;
  /** Region, when the settings give it. */
  readonly region?: string;
  /** Routing priority (lower first). */
  readonly priority: number;
  /** Calls in flight on it. */
  readonly inFlight: number;
  /** Attempts sent. */
  readonly attempts: number;
  /** Attempts that succeeded. */
  readonly succeeded: number;
  /** Attempts answered 429. */
  readonly throttled: number;
  /** Attempts that failed with a 5xx, a reset or a timeout. */
  readonly failed: number;
  /** Ms left of the cool-down a 429 asked for (0 when none). */
  readonly coolingDownMs: number;
  /** True while a 429 asked for a wait beyond the rate-limit windows (daily or monthly quota spent). */
  readonly quotaExhausted: boolean;
  /** Circuit-breaker state. */
  readonly breaker: BreakerState;
  /** Share of the budget free now, 0 to 1. */
  readonly headroom: number;
  /** Share of the deployment's TPM and RPM this pool allows itself now, 0 to 1 (1/maxReplicas at first). */
  readonly quotaShare: number;
}

/**
 * Runtime state of one deployment: its budget, circuit breaker, cool-down after 429s, latency and counters. The
 * router and the scheduler read it; the pool updates it with the outcome of each attempt.
 */
export class DeploymentState {
  readonly budget: DeploymentBudget;
  readonly breaker: CircuitBreaker;
  readonly latency = new LatencyEstimate();
  /** Calls in flight. */
  inFlight = 0;
  private coolUntil = 0;
  private quotaUntil = 0;
  private readonly counters = { attempts: 0, succeeded: 0, throttled: 0, failed: 0 };

  /**
   * @param target the deployment
   * @param breaker circuit-breaker options
   * @param now creation time (monotonic ms)
   * @param sharing how its quota is shared with other replicas' pools. @default this pool owns it
   */
  constructor(
    readonly target: DeploymentTarget,
    breaker: BreakerOptions,
    now: number,
    sharing?: BudgetSharing,
  ) {
    this.budget = new DeploymentBudget(target, now, sharing);
    this.breaker = new CircuitBreaker(breaker);
  }

  /** Routing priority (lower first). */
  get priority(): number {
    return this.target.priority;
  }

  /** When the deployment takes calls again regardless of budget: after its cool-down and when its breaker lets one go. */
  unblockedAt(now: number): number {
    return Math.max(this.coolUntil, this.breaker.readyAt(now));
  }

  /** What blocks the deployment at `now` besides its budget, if anything. */
  blockedBy(now: number): BlockReason | undefined {
    if (this.breaker.readyAt(now) > now) return "breaker";
    if (this.coolUntil <= now) return undefined;
    return this.quotaUntil > now ? "quota" : "cooldown";
  }

  /** When a call of `tokens` could go: the later of {@link unblockedAt} and the budget's wait. */
  readyAt(tokens: number, now: number): number {
    return Math.max(this.unblockedAt(now), now + this.budget.waitFor(tokens, now));
  }

  /** Share of the budget free at `now`. */
  headroom(now: number): number {
    return this.budget.headroom(now);
  }

  /** Takes no calls until `until` (a 429's retry-after); `quota` marks a wait beyond the rate-limit windows. */
  coolDown(until: number, quota: boolean): void {
    this.coolUntil = Math.max(this.coolUntil, until);
    if (quota) this.quotaUntil = Math.max(this.quotaUntil, until);
  }

  /** Counts an attempt's outcome. */
  count(outcome: "attempt" | "succeeded" | "throttled" | "failed"): void {
    this.counters[outcome === "attempt" ? "attempts" : outcome]++;
  }

  /** The deployment's stats at `now`. */
  stats(now: number): DeploymentStats {
    const { endpoint, deployment, region, priority } = this.target;
    return {
      deployment,
      endpoint,
      ...(region !== undefined ? { region } : {}),
      priority,
      inFlight: this.inFlight,
      ...this.counters,
      coolingDownMs: Math.max(0, this.coolUntil - now),
      quotaExhausted: this.quotaUntil > now,
      breaker: this.breaker.state(now),
      headroom: this.headroom(now),
      quotaShare: this.budget.quotaShare,
    };
  }
}
