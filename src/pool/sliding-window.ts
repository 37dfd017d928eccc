/** An amount counted in a {@link SlidingWindow} at a time, kept so that it can be refunded. */
export interface WindowEntry {
  readonly at: number;
  amount: number;
}

/**
 * Counts amounts over the last `windowMs` milliseconds, to keep under a limit of `limit` per any window of that
 * length: the model of Azure OpenAI's request-rate windows (1 s and 10 s). Times are monotonic ms (`performance.now()`).
 */
export class SlidingWindow {
  private entries: WindowEntry[] = [];
  private head = 0;
  private total = 0;

  /**
   * @param limit most allowed per window
   * @param windowMs window length in ms
   */
  constructor(
    private allowed: number,
    private lengthMs: number,
  ) {}

  /** Most allowed per window. */
  get limit(): number {
    return this.allowed;
  }

  /** Window length in ms. */
  get windowMs(): number {
    return this.lengthMs;
  }

  /** Changes the limit and the length from now on (what the window holds stays). */
  resize(limit: number, windowMs: number): void {
    this.allowed = limit;
    this.lengthMs = windowMs;
  }

  /** What the window holds at `now`. */
  used(now: number): number {
    this.expire(now);
    return this.total;
  }

  /** What still fits at `now` (negative after a {@link consume} beyond the limit). */
  remaining(now: number): number {
    return this.limit - this.used(now);
  }

  /** Ms from `now` until `amount` more fits; 0 when it fits now. An amount above the limit fits an empty window. */
  waitFor(amount: number, now: number): number {
    this.expire(now);
    let excess = this.total + amount - this.limit;
    if (excess <= 0) return 0;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i] as WindowEntry;
      excess -= entry.amount;
      if (excess <= 0) return entry.at + this.windowMs - now;
    }
    const last = this.entries[this.entries.length - 1];
    return last === undefined ? 0 : last.at + this.windowMs - now;
  }

  /** Counts `amount` at `now` (which must not go back in time). */
  add(amount: number, now: number): WindowEntry {
    this.expire(now);
    const entry: WindowEntry = { at: now, amount };
    this.entries.push(entry);
    this.total += amount;
    return entry;
  }

  /** Counts `amount` that someone else used (learnt from the service), so that it blocks until it expires. */
  consume(amount: number, now: number): void {
    if (amount > 0) this.add(amount, now);
  }

  /** Takes back an entry that the service did not count (e.g. it answered 429). */
  refund(entry: WindowEntry, now: number): void {
    this.expire(now);
    if (entry.at > now - this.windowMs) this.total -= entry.amount;
    entry.amount = 0;
  }

  private expire(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.entries.length && (this.entries[this.head] as WindowEntry).at <= cutoff) {
      this.total -= (this.entries[this.head] as WindowEntry).amount;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    if (this.head === this.entries.length) this.total = 0;
  }
}
