import { QuotaShare } from "./quota-share";
import { SlidingWindow, type WindowEntry } from "./sliding-window";
import { TokenBucket } from "./token-bucket";

/** The quota of one deployment. */
export interface BudgetLimits {
  /** Tokens per minute (prompt + max_completion_tokens or max_tokens of each request). */
  readonly tokensPerMinute: number;
  /** Requests per minute. */
  readonly requestsPerMinute: number;
  /** Length of the quota's minute in ms: 60,000, or less against a time-compressed mock. */
  readonly minuteMs: number;
}

/** How a {@link DeploymentBudget} shares the deployment's quota with other replicas' pools. */
export interface BudgetSharing {
  /** Replicas that may call the deployment at once, each with its own pool (the fair share is 1/maxReplicas). */
  readonly maxReplicas: number;
  /** False: the budget is the whole quota, always (one pool owns the deployment). */
  readonly adaptive: boolean;
}

/** What the service reported about the quota left, in `x-ratelimit-remaining-tokens` / `-requests`. */
export interface ReportedRemaining {
  readonly tokens?: number;
  readonly requests?: number;
}

/** What one call took from a {@link DeploymentBudget}, to give back or to correct later. */
export interface Reservation {
  readonly tokens: number;
  /** Tokens and requests reserved in all up to and including this one. */
  readonly tokensThrough: number;
  readonly requestsThrough: number;
  readonly requestEntries: readonly WindowEntry[];
}

/**
 * Largest burst of the token budget, as a share of the tokens per minute. The budget refills at
 * `(1 - TOKEN_BURST_SHARE) * TPM` per minute, so that no minute, however it is aligned, gets more than the TPM.
 */
export const TOKEN_BURST_SHARE = 1 / 30;

/**
 * How much longer than the service's 1 s and 10 s request windows the pool counts them: the time between the pool
 * granting a call and the service counting it varies (event loop, connection, network), which can put more calls in
 * one of the service's windows than the pool sent in any window of the same length.
 */
export const REQUEST_WINDOW_MARGIN = 0.1;

/**
 * A deployment's token and request budget, kept on the client side so that calls wait for their turn instead of
 * drawing 429s. It is this pool's share of the quota ({@link QuotaShare}: 1/maxReplicas at first, then adapted to
 * what the fleet of replicas leaves unused and to 429s), of:
 *
 * - tokens: a token bucket holding 2 s worth of quota ({@link TOKEN_BURST_SHARE}), refilled at the rest of the TPM,
 *   so that the estimated tokens sent in any 60 s stay within the TPM, evenly spread (a per-minute counter would
 *   echo its first burst every minute);
 * - requests: sliding windows of 1 s and 10 s allowing RPM/60 and RPM/6, the intervals over which Azure OpenAI
 *   enforces the request rate, as whole numbers of requests over windows lengthened to keep the rate (see
 *   {@link requestWindow}), counted {@link REQUEST_WINDOW_MARGIN} longer.
 *
 * The service's `x-ratelimit-remaining-*` headers lower it when the service counts more than the share allows (other
 * replicas or clients of the deployment, or an estimate that is too low), and so does a response's `usage` above the
 * reservation ({@link chargeUsage}); a 429 refunds the call, shrinks the share and the deployment cools down.
 */
export class DeploymentBudget {
  readonly tokens: TokenBucket;
  /** The 1 s and the 10 s request windows. */
  readonly requestWindows: readonly [SlidingWindow, SlidingWindow];
  private readonly share: QuotaShare;
  private tokensReserved = 0;
  private requestsReserved = 0;

  /**
   * @param limits the deployment's quota
   * @param now creation time (monotonic ms)
   * @param sharing how the quota is shared with other replicas. @default one pool owns it
   */
  constructor(
    readonly limits: BudgetLimits,
    now: number,
    sharing: BudgetSharing = { maxReplicas: 1, adaptive: false },
  ) {
    this.share = new QuotaShare({ ...sharing, tokensPerMinute: limits.tokensPerMinute, minuteMs: limits.minuteMs }, now);
    const size = this.sizes();
    this.tokens = new TokenBucket(size.capacity, size.ratePerMs, now);
    this.requestWindows = [new SlidingWindow(size.windows[0].limit, size.windows[0].windowMs), new SlidingWindow(size.windows[1].limit, size.windows[1].windowMs)];
  }

  /** The share of the deployment's quota this budget holds now, 0 to 1. */
  get quotaShare(): number {
    return this.share.value;
  }

  /** Ms from `now` until a call of `tokens` fits the budget; 0 when it fits now. */
  waitFor(tokens: number, now: number): number {
    return Math.max(this.tokens.waitFor(tokens, now), ...this.requestWindows.map((w) => w.waitFor(1, now)));
  }

  /** Share of the budget free at `now`, 0 to 1: the lowest of tokens and requests (for routing to the emptiest deployment). */
  headroom(now: number): number {
    const tokenShare = this.tokens.available(now) / this.tokens.capacity;
    const requestShare = Math.min(...this.requestWindows.map((w) => w.remaining(now) / w.limit));
    return Math.max(0, Math.min(1, tokenShare, requestShare));
  }

  /** Charges a call of `tokens` sent at `now`. */
  reserve(tokens: number, now: number): Reservation {
    if (this.share.update(now)) this.applyShare(now);
    this.share.charged(tokens);
    this.tokens.take(tokens, now);
    this.tokensReserved += tokens;
    this.requestsReserved += 1;
    return {
      tokens,
      tokensThrough: this.tokensReserved,
      requestsThrough: this.requestsReserved,
      requestEntries: this.requestWindows.map((w) => w.add(1, now)),
    };
  }

  /** Gives back a call that the service did not count (it answered 429). */
  refund(reservation: Reservation, now: number): void {
    this.share.charged(-reservation.tokens);
    this.tokens.give(reservation.tokens, now);
    this.requestWindows.forEach((w, i) => w.refund(reservation.requestEntries[i] as WindowEntry, now));
  }

  /**
   * Charges what a successful response reports having processed (prompt plus completion tokens, a reasoning model's
   * hidden reasoning tokens included) beyond what `reservation` took before sending, and returns that excess (0 when
   * the report is within the reservation, or absent). A report below the reservation gives nothing back: the
   * service counts its own pre-send estimate (prompt plus `max_completion_tokens` / `max_tokens`) against the TPM,
   * not the tokens used. A report above it means the estimate was short: no maximum was set and the model (often a
   * reasoning model) wrote more than the default assumed, or the prompt has fewer characters per token than assumed.
   */
  chargeUsage(reservation: Reservation, reportedTokens: number | undefined, now: number): number {
    if (reportedTokens === undefined || !Number.isFinite(reportedTokens)) return 0;
    const excess = Math.max(0, Math.ceil(reportedTokens - reservation.tokens));
    if (excess > 0) {
      this.share.charged(excess);
      this.tokens.take(excess, now);
    }
    return excess;
  }

  /**
   * Applies what the service reported in the response to `reservation`. The report is the whole deployment's, so
   * this pool takes its share of it, and it does not yet count the calls this pool sent after that one, so what the
   * pool has left is at most its share of the reported remainder minus them. `requests` is read against the 10 s
   * window (RPM/6), the tightest the service documents; a report against a longer window can only be larger, and
   * never lowers the budget wrongly.
   */
  correct(reservation: Reservation, reported: ReportedRemaining, now: number): void {
    const share = this.share.value;
    if (reported.tokens !== undefined) {
      this.share.remaining(reported.tokens);
      const left = reported.tokens * share - (this.tokensReserved - reservation.tokensThrough);
      this.tokens.lowerTo(Math.max(0, left), now);
    }
    if (reported.requests !== undefined) {
      const window = this.requestWindows[1];
      const left = reported.requests * share - (this.requestsReserved - reservation.requestsThrough);
      window.consume(window.remaining(now) - Math.max(0, left), now);
    }
  }

  /** Records a rate-limit 429 for a call sent at `sentAt` (the deployment cools down until `coolUntil`): the share shrinks. */
  throttled(sentAt: number, coolUntil: number, now: number): void {
    if (this.share.throttledAt(sentAt, coolUntil)) this.applyShare(now);
  }

  /** Sizes the bucket and the windows to the current share of the quota. */
  private applyShare(now: number): void {
    const size = this.sizes();
    this.tokens.resize(size.capacity, size.ratePerMs, now);
    this.requestWindows.forEach((w, i) => w.resize(size.windows[i].limit, size.windows[i].windowMs));
  }

  /** The bucket's capacity and refill rate, and the 1 s and 10 s request windows, for the current share. */
  private sizes(): { capacity: number; ratePerMs: number; windows: readonly [WindowSize, WindowSize] } {
    const { tokensPerMinute, requestsPerMinute, minuteMs } = this.limits;
    const tpm = tokensPerMinute * this.share.value;
    const rpm = requestsPerMinute * this.share.value;
    const capacity = tpm * TOKEN_BURST_SHARE;
    return {
      capacity,
      ratePerMs: (tpm - capacity) / minuteMs,
      windows: [requestWindow(rpm / 60, requestsPerMinute / 60, minuteMs / 60), requestWindow(rpm / 6, requestsPerMinute / 6, minuteMs / 6)],
    };
  }
}

/** Limit and length of one request window. */
interface WindowSize {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * A request window that allows `perWindow` requests (this pool's share) per `serviceWindowMs` on average, as a whole
 * number of requests, never more than the deployment's own whole limit `deploymentPerWindow` (the service counts
 * whole requests: 10.5 per second allows 10). A fractional share (1.75 per second of a deployment's 14) is rounded up
 * and the window lengthened to match (2 per 1.14 s), so that the pool keeps its whole rate instead of losing the
 * fraction to the count (1 per second); the window is counted {@link REQUEST_WINDOW_MARGIN} longer still.
 */
function requestWindow(perWindow: number, deploymentPerWindow: number, serviceWindowMs: number): WindowSize {
  const limit = Math.min(Math.ceil(perWindow), Math.max(1, Math.floor(deploymentPerWindow)));
  return { limit, windowMs: serviceWindowMs * Math.max(1, limit / perWindow) * (1 + REQUEST_WINDOW_MARGIN) };
}
