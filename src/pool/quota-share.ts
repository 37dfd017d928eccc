/** Factor applied to a pool's share of a deployment's quota on a rate-limit 429 (the multiplicative decrease). */
export const SHARE_DECREASE = 0.8;
/**
 * Quota the pools of a fleet aim to leave unused in any minute, as a share of the TPM: below it no pool grows its
 * share. It is above what the budget keeps back anyway (1/30, the token burst) so that the fleet settles just short
 * of the quota instead of on it.
 */
export const SPARE_TARGET = 0.05;
/** Smallest share a pool keeps of a deployment's quota, however many 429s it meets. */
export const MIN_SHARE = 0.005;
/** Additive step, as a share of the fair share, of a minute without remaining-quota headers and without 429s. */
export const PROBE_STEP = 0.1;
/** Use of its own allowance above which a pool counts as held back by its share (and may grow it). */
const CONSTRAINED_USE = 0.9;

/** How a {@link QuotaShare} starts and whether it adapts. */
export interface QuotaShareOptions {
  /** Replicas that may share the deployment at most: the share starts at 1/maxReplicas (the fair share). */
  readonly maxReplicas: number;
  /**
   * False: the share stays 1 (the pool believes it owns the quota) and never adapts. A pool alone (maxReplicas 1)
   * never adapts either: the remaining-quota headers already tell it what other clients use.
   */
  readonly adaptive: boolean;
  /** The deployment's tokens per minute. */
  readonly tokensPerMinute: number;
  /** Length of the quota's minute in ms (the control period). */
  readonly minuteMs: number;
}

/**
 * The share of one deployment's quota that this pool allows itself, when several replicas, each with its own pool,
 * call the same deployment and no one coordinates them. Azure OpenAI's `x-ratelimit-remaining-tokens` header and its
 * 429s describe the deployment, not the process: every pool reads the same fleet-wide signal and adjusts its own
 * share, additive increase and multiplicative decrease (AIMD), which converges on equal shares of the quota.
 *
 * - Start: 1/maxReplicas (the contract's replica range), the share that cannot overrun the quota however many
 *   replicas run.
 * - Decrease: a rate-limit 429 on an attempt sent after the last decrease took effect multiplies the share by
 *   {@link SHARE_DECREASE}, once per episode (the 429s of the same exhausted window count once).
 * - Increase: once per quota minute, when the pool used at least 90% of its allowance (it wants more) and saw no 429,
 *   the spare quota is the lowest `remaining-tokens` reported during that minute (what the whole fleet left unused)
 *   less {@link SPARE_TARGET}; the pool takes the larger of 1/maxReplicas and its own part of the fleet's use of that
 *   spare, so that N pools together add about the spare and no more. Without headers it probes: +{@link PROBE_STEP}
 *   of the fair share per minute.
 */
export class QuotaShare {
  private current: number;
  private readonly fair: number;
  private periodStart: number;
  private lowestRemaining = Infinity;
  private usedTokens = 0;
  private throttled = false;
  private decreaseHeldUntil = -Infinity;
  private readonly adaptive: boolean;

  /**
   * @param options start and limits
   * @param now creation time (monotonic ms)
   */
  constructor(
    private readonly options: QuotaShareOptions,
    now: number,
  ) {
    this.adaptive = options.adaptive && options.maxReplicas > 1;
    this.fair = this.adaptive ? 1 / options.maxReplicas : 1;
    this.current = this.fair;
    this.periodStart = now;
  }

  /** The share now, MIN_SHARE to 1. */
  get value(): number {
    return this.current;
  }

  /** Records tokens this pool charged to the deployment. */
  charged(tokens: number): void {
    this.usedTokens += tokens;
  }

  /** Records the deployment's remaining tokens, as a response reported them. */
  remaining(tokens: number): void {
    this.lowestRemaining = Math.min(this.lowestRemaining, tokens / this.options.tokensPerMinute);
  }

  /**
   * Records a rate-limit 429 for an attempt sent at `sentAt`; the deployment cools down until `coolUntil`.
   * @returns true when the share changed
   */
  throttledAt(sentAt: number, coolUntil: number): boolean {
    if (!this.adaptive) return false;
    this.throttled = true;
    if (sentAt < this.decreaseHeldUntil) return false;
    this.decreaseHeldUntil = coolUntil;
    return this.set(this.current * SHARE_DECREASE);
  }

  /**
   * Closes the control period when a quota minute has passed since it began: grows the share if the pool was held
   * back by it and the fleet left quota unused.
   * @returns true when the share changed
   */
  update(now: number): boolean {
    const elapsed = now - this.periodStart;
    if (!this.adaptive || elapsed < this.options.minuteMs) return false;
    const allowance = this.current * this.options.tokensPerMinute * (elapsed / this.options.minuteMs);
    const wanted = this.usedTokens >= CONSTRAINED_USE * allowance;
    const step = wanted && !this.throttled ? this.increase(elapsed) : 0;
    this.periodStart = now;
    this.lowestRemaining = Infinity;
    this.usedTokens = 0;
    this.throttled = false;
    return step > 0 && this.set(this.current + step);
  }

  private increase(elapsed: number): number {
    if (!Number.isFinite(this.lowestRemaining)) return PROBE_STEP * this.fair;
    const spare = this.lowestRemaining - SPARE_TARGET;
    if (spare <= 0) return 0;
    const fleetUse = Math.max(1 - this.lowestRemaining, 1e-9) * this.options.tokensPerMinute * (elapsed / this.options.minuteMs);
    return spare * Math.max(this.fair, Math.min(1, this.usedTokens / fleetUse));
  }

  private set(share: number): boolean {
    const next = Math.min(1, Math.max(MIN_SHARE, share));
    const changed = next !== this.current;
    this.current = next;
    return changed;
  }
}
