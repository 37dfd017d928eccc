/** State of a deployment's circuit breaker: closed (calls flow), open (none), half-open (one probe at a time). */
export type BreakerState = "closed" | "open" | "half-open";

/** When a deployment's circuit breaker opens and for how long. */
export interface BreakerOptions {
  /** Failures in a row (5xx, connection resets, timeouts) that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe call may go, in ms. */
  readonly openMs: number;
}

/**
 * A deployment's circuit breaker. Failures in a row open it; after `openMs` it is half-open and lets one probe call
 * through: a success closes it, a failure opens it again. Any answer from the service that is not a 5xx (even a
 * 429 or a 400) counts as a success: the deployment is up. Times are monotonic ms.
 */
export class CircuitBreaker {
  private failures = 0;
  private opened = false;
  private openedAt = 0;
  private probing = false;

  /** @param options threshold and open time */
  constructor(readonly options: BreakerOptions) {}

  /** The state at `now`. */
  state(now: number): BreakerState {
    if (!this.opened) return "closed";
    return now - this.openedAt < this.options.openMs ? "open" : "half-open";
  }

  /** When a call may next go: `now` when closed or half-open without a probe out, Infinity while a probe is out. */
  readyAt(now: number): number {
    switch (this.state(now)) {
      case "closed":
        return now;
      case "open":
        return this.openedAt + this.options.openMs;
      default:
        return this.probing ? Infinity : now;
    }
  }

  /** Records that a call goes out at `now` (in the half-open state, it is the probe). */
  onAttempt(now: number): void {
    if (this.state(now) === "half-open") this.probing = true;
  }

  /** The service answered (anything but a 5xx). */
  onSuccess(): void {
    this.failures = 0;
    this.opened = false;
    this.probing = false;
  }

  /**
   * A call sent at `sentAt` failed with a 5xx, a reset or a timeout at `now`. A call sent before the circuit opened
   * that fails late tells nothing new: it neither counts nor moves the open window (else the stragglers of a burst
   * would keep the circuit open long after `openMs`).
   */
  onFailure(now: number, sentAt: number = now): void {
    if (this.opened && sentAt < this.openedAt) return;
    this.probing = false;
    this.failures++;
    if (this.opened || this.failures >= this.options.failureThreshold) {
      this.opened = true;
      this.openedAt = now;
    }
  }

  /** A call ended without telling anything about the service (the caller gave up): another probe may go. */
  onAbandon(): void {
    this.probing = false;
  }
}
