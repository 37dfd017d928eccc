/** Machine-readable code of each {@link PoolError}. */
export type PoolErrorCode =
  | "POOL_ENVIRONMENT"
  | "POOL_OVERLOADED"
  | "POOL_DEADLINE_EXCEEDED"
  | "POOL_QUOTA_EXHAUSTED"
  | "POOL_UNAVAILABLE"
  | "POOL_RETRIES_EXHAUSTED"
  | "POOL_CLOSED";

/**
 * Base class of the errors the pool and its settings contract raise themselves (`catch (e) { if (e instanceof
 * PoolError) ... e.code }`); errors of the service that are not retried pass through as the SDK's.
 */
export abstract class PoolError extends Error {
  /** Which failure this is. */
  abstract readonly code: PoolErrorCode;

  /**
   * @param message human-readable description
   * @param options `cause`: the error of the last attempt, when there was one
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
