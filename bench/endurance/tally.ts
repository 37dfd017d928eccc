/** Constant-memory counters of the endurance run, so that the driver's own bookkeeping cannot grow the heap. */

/** A histogram of values (model ms) in log-spaced bins (10% wide), for percentiles in constant memory. */
export class Histogram {
  private readonly bins = new Float64Array(200);
  private count = 0;

  add(valueMs: number): void {
    const i = Math.min(this.bins.length - 1, Math.max(0, Math.floor(Math.log(Math.max(1, valueMs)) / Math.log(1.1))));
    this.bins[i] = (this.bins[i] as number) + 1;
    this.count++;
  }

  /** Upper edge of the bin holding the p-th percentile (within 10%); NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i] as number;
      if (seen >= rank) return Math.pow(1.1, i + 1);
    }
    return Number.POSITIVE_INFINITY;
  }
}

/** Counts of one model hour (or of the day). */
export class HourTally {
  /** Conversations (user requests) that arrived. */
  requests = 0;
  /** All of their calls succeeded within the conversation's deadline. */
  succeeded = 0;
  /** Turned away by PoolOverloadedError at the first call (nothing spent). */
  rejected = 0;
  /** Turned away by PoolOverloadedError at a later call (the conversation is lost, the call was not admitted). */
  rejectedMidway = 0;
  /** Calls admitted (not turned away with PoolOverloadedError) that failed, or finished after the deadline. */
  admittedLost = 0;
  /**
   * Of those, calls whose deadline passed at the service although they were sent with more time left than the
   * service's p99 latency (PoolDeadlineExceededError.timeLeftAtSendMs): the service was slow, no wait in the pool caused it.
   */
  lostAtService = 0;
  /** Calls that succeeded. */
  callsOk = 0;
  /** Tokens (as the service counts them: prompt + max_tokens) of the calls that succeeded. */
  tokensOk = 0;
  /** Why admitted calls failed: error name to count. */
  readonly failures: Record<string, number> = {};
  /** Conversation latency of successful conversations, model ms. */
  readonly latency = new Histogram();
  /** The driver's event-loop delay p99 in the hour, real ms (filled in at the hour's end). */
  loopDelayP99Ms = Number.NaN;
}
