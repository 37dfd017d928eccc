/** Attempts the {@link LatencyEstimate} remembers. */
const SAMPLES = 256;
/** Quantile of {@link LatencyEstimate.upperMs}. */
const UPPER_QUANTILE = 0.995;
/** {@link LatencyEstimate.cautiousUpperMs} when the slowest attempts were all cut short: this many times the longest one. */
const UNSEEN_TAIL_MARGIN = 1.25;

interface Sample {
  readonly ms: number;
  /** false: the attempt was stopped after `ms` without an answer, so its latency is only known to exceed `ms`. */
  readonly answered: boolean;
}

/**
 * Latency of a deployment's recent attempts (the last 256): the mean of the answered ones, and the 99.5th percentile
 * as the time a call "may well take". The pool uses them to tell whether a call can still finish before its deadline:
 * a lower percentile (p98 was measured) admits calls whose own latency then misses the deadline under overload, when
 * every admitted call waits until it has just that much time left.
 *
 * Attempts that their call's deadline cut short count as censored observations, in a Kaplan-Meier estimate: without
 * them, the slow calls that overload cuts short would vanish from the sample, the percentile would fall, and admission
 * would let in ever more calls with too little time left. A percentile over a window, unlike a moving mean plus
 * deviations, does not jump with one slow call.
 */
export class LatencyEstimate {
  private readonly samples: Sample[] = [];
  private next = 0;
  private answeredSum = 0;
  private answeredCount = 0;
  private stale = false;
  private upper: number | undefined;
  private slowestAnswer = 0;
  private longest = 0;

  /** Records an attempt answered after `ms`. */
  observe(ms: number): void {
    this.add({ ms, answered: true });
  }

  /** Records an attempt stopped after `ms` without an answer: its latency exceeds `ms`. */
  observeUnanswered(ms: number): void {
    this.add({ ms, answered: false });
  }

  /** Answered attempts among those remembered. */
  get count(): number {
    return this.answeredCount;
  }

  /** Mean time of the answered attempts in ms; 0 before the first answer. */
  get typicalMs(): number {
    return this.answeredCount === 0 ? 0 : this.answeredSum / this.answeredCount;
  }

  /**
   * The 99.5th percentile of recent attempt times in ms (Kaplan-Meier, unanswered attempts censored; the slowest
   * answer while there are few, or when the longest attempts were all cut short); 0 before the first answer.
   */
  get upperMs(): number {
    this.percentile();
    return this.upper ?? this.slowestAnswer;
  }

  /**
   * {@link upperMs}, or {@link UNSEEN_TAIL_MARGIN} (1.25) times the longest attempt when the longest ones were all
   * cut short (their tail unseen): what admission control allows for a call's latency, so that it leaves calls more
   * time and their answers show the tail. Hang limits use `upperMs`, which abandoned attempts cannot push up.
   */
  get cautiousUpperMs(): number {
    this.percentile();
    return this.upper ?? Math.max(this.slowestAnswer, UNSEEN_TAIL_MARGIN * this.longest);
  }

  private percentile(): void {
    if (this.stale) {
      this.upper = kaplanMeierQuantile(this.samples, UPPER_QUANTILE);
      this.slowestAnswer = Math.max(0, ...this.samples.filter((s) => s.answered).map((s) => s.ms));
      this.longest = Math.max(0, ...this.samples.map((s) => s.ms));
      this.stale = false;
    }
  }

  private add(sample: Sample): void {
    const dropped = this.samples.length < SAMPLES ? undefined : this.samples[this.next];
    if (dropped === undefined) this.samples.push(sample);
    else {
      this.samples[this.next] = sample;
      this.next = (this.next + 1) % SAMPLES;
      if (dropped.answered) {
        this.answeredSum -= dropped.ms;
        this.answeredCount--;
      }
    }
    if (sample.answered) {
      this.answeredSum += sample.ms;
      this.answeredCount++;
    }
    this.stale = true;
  }
}

/**
 * The `quantile` of a latency distribution from right-censored samples: the first answered time at which the
 * Kaplan-Meier survival estimate falls to 1 - quantile or below (with no censoring, the smallest sample that at most
 * 1 - quantile of the samples exceed). It never does when the longest sample is unanswered (the tail beyond it is
 * unseen): then undefined. 0 without samples.
 */
function kaplanMeierQuantile(samples: readonly Sample[], quantile: number): number | undefined {
  // At equal times an answer comes first: a censored attempt is taken to outlast it.
  const sorted = [...samples].sort((a, b) => a.ms - b.ms || Number(b.answered) - Number(a.answered));
  let atRisk = sorted.length;
  let survival = 1;
  for (const { ms, answered } of sorted) {
    if (answered) {
      survival *= 1 - 1 / atRisk;
      if (survival <= 1 - quantile + 1e-12) return ms;
    }
    atRisk--;
  }
  return sorted.length === 0 ? 0 : undefined;
}
