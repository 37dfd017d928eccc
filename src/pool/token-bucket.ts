/**
 * A token bucket: holds at most `capacity`, refills at `ratePerMs`. A take is allowed once the level reaches
 * `min(amount, capacity)` and may leave the level below zero, so that an amount larger than the capacity still
 * passes (and delays what follows). Over any interval of T ms it lets through at most `capacity + ratePerMs * T`,
 * plus one amount's excess over the capacity. Times are monotonic ms.
 */
export class TokenBucket {
  private level: number;
  private updatedAt: number;
  private size: number;
  private rate: number;

  /**
   * @param capacity largest burst
   * @param ratePerMs refill rate
   * @param now creation time; the bucket starts full
   */
  constructor(capacity: number, ratePerMs: number, now: number) {
    this.size = capacity;
    this.rate = ratePerMs;
    this.level = capacity;
    this.updatedAt = now;
  }

  /** Largest burst. */
  get capacity(): number {
    return this.size;
  }

  /** Refill rate, per ms. */
  get ratePerMs(): number {
    return this.rate;
  }

  /** Changes the capacity and the refill rate from `now` on; a level above the new capacity drops to it. */
  resize(capacity: number, ratePerMs: number, now: number): void {
    this.refill(now);
    this.size = capacity;
    this.rate = ratePerMs;
    this.level = Math.min(this.level, capacity);
  }

  /** The level at `now` (negative while a large take is being paid back). */
  available(now: number): number {
    this.refill(now);
    return this.level;
  }

  /** Ms from `now` until a take of `amount` is allowed; 0 when it is allowed now. */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    const need = Math.min(amount, this.size) - this.level;
    return need <= 0 ? 0 : need / this.rate;
  }

  /** Takes `amount` at `now` (whether or not {@link waitFor} said it was allowed). */
  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }

  /** Gives back `amount` that the service did not count. */
  give(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.size, this.level + amount);
  }

  /** Lowers the level to `level` when it is higher (never raises it). */
  lowerTo(level: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.level, level);
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.level = Math.min(this.size, this.level + (now - this.updatedAt) * this.rate);
      this.updatedAt = now;
    }
  }
}
