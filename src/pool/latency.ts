/** Calls the {@link LatencyEstimate} remembers. */
const SAMPLES = 256;
/** Quantile of {@link LatencyEstimate.upperMs}. */
const UPPER_QUANTILE = 0.98;

/**
 * Latency of a deployment's recent calls (the last 256): their mean, and their 98th percentile as the time a call
 * "may well take". The pool uses them to tell whether a call can still finish before its deadline. A percentile over
 * a window, unlike a moving mean plus deviations, does not jump with one slow call.
 */
export class LatencyEstimate {
  private readonly samples: number[] = [];
  private next = 0;
  private sum = 0;
  private upper: number | undefined;

  /** Records a call that took `ms`. */
  observe(ms: number): void {
    if (this.samples.length < SAMPLES) {
      this.samples.push(ms);
    } else {
      this.sum -= this.samples[this.next] as number;
      this.samples[this.next] = ms;
      this.next = (this.next + 1) % SAMPLES;
    }
    this.sum += ms;
    this.upper = undefined;
  }

  /** Calls remembered (at most 256). */
  get count(): number {
    return this.samples.length;
  }

  /** Mean call time in ms; 0 before the first call. */
  get typicalMs(): number {
    return this.samples.length === 0 ? 0 : this.sum / this.samples.length;
  }

  /** The 98th percentile of recent call times in ms (the slowest while there are few); 0 before the first call. */
  get upperMs(): number {
    if (this.upper === undefined) {
      const sorted = [...this.samples].sort((a, b) => a - b);
      this.upper = sorted[Math.min(sorted.length - 1, Math.floor(UPPER_QUANTILE * sorted.length))] ?? 0;
    }
    return this.upper;
  }
}
