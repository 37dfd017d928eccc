import { PoolError } from "../contract";

export { PoolError, type PoolErrorCode } from "../contract";

/** Why a call was turned away before it started. */
export type OverloadReason = "queue-full" | "deadline";

/**
 * The pool turned a call away before sending anything: the wait queue is full, or the call could not be served
 * before its deadline. Raised at once (or as soon as the queue shows it), never by letting the call time out.
 * Safe to retry later, or elsewhere.
 */
export class PoolOverloadedError extends PoolError {
  /** @inheritdoc */
  readonly code = "POOL_OVERLOADED";
  /** Queue full, or no start possible before the deadline. */
  readonly reason: OverloadReason;
  /** How long the pool expected the call to wait for its turn, in ms. */
  readonly expectedWaitMs: number;

  /**
   * @param reason why the call was turned away
   * @param expectedWaitMs expected wait for a turn, in ms
   */
  constructor(reason: OverloadReason, expectedWaitMs: number) {
    super(
      reason === "queue-full"
        ? "Azure OpenAI pool overloaded: the wait queue is full"
        : `Azure OpenAI pool overloaded: the call could not finish before its deadline (expected wait ${Math.round(expectedWaitMs)} ms)`,
    );
    this.reason = reason;
    this.expectedWaitMs = expectedWaitMs;
  }
}

/** Options of a {@link PoolDeadlineExceededError}. */
export interface PoolDeadlineExceededErrorOptions extends ErrorOptions {
  /** Time the call had left when its last attempt was sent, when the deadline passed during that attempt, in ms. */
  readonly timeLeftAtSendMs?: number;
}

/**
 * A call's deadline (`timeoutMs`) passed, or an attempt failed and the next one could not start before it (the pool
 * does not sleep towards a retry that cannot finish in time). `cause` is the last attempt's error, if any.
 */
export class PoolDeadlineExceededError extends PoolError {
  /** @inheritdoc */
  readonly code = "POOL_DEADLINE_EXCEEDED";
  /**
   * When the deadline passed while an attempt was at the service: the time the call had left when that attempt was
   * sent, in ms. Compared with the deployment's latency it tells where the time went: little left means the call
   * waited (its turn, or retries); more than the deployment's slow calls take means the service was slower than
   * usual. Undefined when the deadline passed while the call waited or slept between attempts.
   */
  readonly timeLeftAtSendMs: number | undefined;

  /**
   * @param message what happened
   * @param options the last attempt's error as `cause`, and `timeLeftAtSendMs`
   */
  constructor(message: string, options: PoolDeadlineExceededErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.timeLeftAtSendMs = options.timeLeftAtSendMs;
  }
}

/**
 * Every deployment that could serve the call answered 429 asking for a wait longer than a rate-limit window (a daily or
 * monthly quota, not the per-minute one): the pool fails at once instead of sleeping. `cause` is the 429.
 */
export class PoolQuotaExhaustedError extends PoolError {
  /** @inheritdoc */
  readonly code = "POOL_QUOTA_EXHAUSTED";
}

/** Every deployment's circuit breaker is open past the call's deadline (5xx, resets or timeouts in a row). */
export class PoolUnavailableError extends PoolError {
  /** @inheritdoc */
  readonly code = "POOL_UNAVAILABLE";
}

/** The call failed `maxRetries + 1` times with retryable errors; `cause` is the last one. */
export class PoolRetriesExhaustedError extends PoolError {
  /** @inheritdoc */
  readonly code = "POOL_RETRIES_EXHAUSTED";
}

/** The pool is closing or closed: no new calls, and calls still running when the drain timeout ends are aborted. */
export class PoolClosedError extends PoolError {
  /** @inheritdoc */
  readonly code = "POOL_CLOSED";
}
