/** Milliseconds in each unit a {@link Duration} can be built from. */
const MS = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * A length of time, immutable, exact to the millisecond.
 *
 * Used for every time-valued prop (cooldowns, polling intervals, alert windows, retry delays) so that a
 * unit is never guessed from a bare number. Converts to seconds, milliseconds and ISO-8601 (`PT5M`).
 */
export class Duration {
  /** A duration of `amount` milliseconds. */
  static millis(amount: number): Duration {
    return new Duration(amount, MS.millisecond);
  }
  /** A duration of `amount` seconds. */
  static seconds(amount: number): Duration {
    return new Duration(amount, MS.second);
  }
  /** A duration of `amount` minutes. */
  static minutes(amount: number): Duration {
    return new Duration(amount, MS.minute);
  }
  /** A duration of `amount` hours. */
  static hours(amount: number): Duration {
    return new Duration(amount, MS.hour);
  }
  /** A duration of `amount` days. */
  static days(amount: number): Duration {
    return new Duration(amount, MS.day);
  }

  private readonly ms: number;

  private constructor(amount: number, unitMs: number) {
    if (!Number.isFinite(amount) || amount < 0) {
      throw new RangeError(`Duration must be a finite, non-negative number; got ${amount}`);
    }
    const ms = amount * unitMs;
    this.ms = Math.round(ms);
    if (Math.abs(ms - this.ms) > 1e-6) {
      throw new RangeError(`Duration must be a whole number of milliseconds; got ${ms} ms`);
    }
  }

  /** The duration in milliseconds. */
  toMilliseconds(): number {
    return this.ms;
  }

  /** The duration in seconds (may be fractional; see {@link Duration.toWholeSeconds}). */
  toSeconds(): number {
    return this.ms / MS.second;
  }

  /** The duration in whole seconds; throws when it is not a whole number of seconds. */
  toWholeSeconds(): number {
    if (this.ms % MS.second !== 0) {
      throw new RangeError(`${this} is not a whole number of seconds`);
    }
    return this.ms / MS.second;
  }

  /** The duration in minutes (may be fractional). */
  toMinutes(): number {
    return this.ms / MS.minute;
  }

  /** ISO-8601 form as Azure expects it, largest units first: `PT5M`, `PT1H30M`, `P1D`, `PT0S`. */
  toIsoString(): string {
    if (this.ms === 0) return "PT0S";
    let rest = this.ms;
    const take = (unit: number): number => {
      const n = Math.floor(rest / unit);
      rest -= n * unit;
      return n;
    };
    const days = take(MS.day);
    const hours = take(MS.hour);
    const minutes = take(MS.minute);
    const seconds = rest / MS.second;
    const time = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
    return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
  }

  /** True when both durations are the same length of time. */
  equals(other: Duration): boolean {
    return this.ms === other.ms;
  }

  /** A readable form for messages, e.g. `5 min`, `30 s`, `1500 ms`. */
  toString(): string {
    if (this.ms % MS.hour === 0 && this.ms >= MS.hour) return `${this.ms / MS.hour} h`;
    if (this.ms % MS.minute === 0 && this.ms >= MS.minute) return `${this.ms / MS.minute} min`;
    if (this.ms % MS.second === 0) return `${this.ms / MS.second} s`;
    return `${this.ms} ms`;
  }
}
