import { setMaxListeners } from "node:events";
import { PoolDeadlineExceededError } from "./errors";

/**
 * One call's deadline and cancellation: a signal that aborts when `timeoutMs` passes (reason: a
 * {@link PoolDeadlineExceededError} whose cause is the last attempt's error), when the caller's signal aborts (its
 * reason), or when {@link abort} is called (the pool closing).
 */
export class CallDeadline {
  /** Aborts when the call must stop. */
  readonly signal: AbortSignal;
  /** Monotonic ms (`performance.now()`) at which the call started. */
  readonly since: number;
  /** Monotonic ms by which the call must have finished. */
  readonly at: number;
  /** Monotonic ms by which admission control wants the call's first attempt finished: `at` minus the time the caller reserved. */
  readonly admitBy: number;
  /** Error of the last failed attempt, the cause of a deadline error. */
  lastError: unknown;
  /** Monotonic ms at which the attempt now at the service was sent; undefined while none is. */
  attemptSentAt: number | undefined;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: () => void;

  /**
   * @param timeoutMs time allowed, retries included
   * @param reserveMs time the caller needs after the call, before the deadline
   * @param callerSignal the caller's own signal, if any
   */
  constructor(
    timeoutMs: number,
    reserveMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.since = performance.now();
    this.at = this.since + timeoutMs;
    this.admitBy = this.at - reserveMs;
    this.signal = this.controller.signal;
    // The SDK adds an abort listener to it per attempt and never removes it: no leak, the signal lives as long as the call.
    setMaxListeners(0, this.signal);
    this.timer = setTimeout(() => {
      const message = `Azure OpenAI call did not finish within its deadline of ${timeoutMs} ms`;
      const sent = this.attemptSentAt === undefined ? {} : { timeLeftAtSendMs: this.at - this.attemptSentAt };
      this.abort(new PoolDeadlineExceededError(message, { ...(this.lastError === undefined ? {} : { cause: this.lastError }), ...sent }));
    }, timeoutMs);
    this.onCallerAbort = () => this.abort(callerSignal?.reason);
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  /** Stops the call with `reason`. */
  abort(reason: unknown): void {
    this.controller.abort(reason);
  }

  /** Clears the timer and the listener on the caller's signal; call when the call ends. */
  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
  }

  /** Waits `ms`, or rejects with the signal's reason when the call is stopped first. */
  sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.signal.removeEventListener("abort", done);
        if (this.signal.aborted) reject(this.signal.reason);
        else resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal.addEventListener("abort", done, { once: true });
    });
  }
}
