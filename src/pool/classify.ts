import type * as OpenAIModule from "openai";
import { retryAfterMs } from "./backoff";

/** What went wrong with one attempt, as far as retrying is concerned. */
export type AttemptFailure =
  /** 429: the deployment is over its quota; `retryAfterMs` from the response headers. */
  | { readonly kind: "throttled"; readonly retryAfterMs: number | undefined }
  /** 5xx, 408, 409, a connection reset or refused, a timeout: worth retrying, a strike for the circuit breaker. */
  | { readonly kind: "transient" }
  /** Not worth retrying: the service answered (`answered`, e.g. a 400), or the error is not an HTTP failure at all. */
  | { readonly kind: "fatal"; readonly answered: boolean };

/**
 * Classifies an error thrown by the SDK for one attempt (with the SDK's retries off). The caller's own aborts are
 * told apart before this (the call's signal is aborted).
 * @param sdk the loaded `openai` module, for its error classes
 */
export function classifyFailure(err: unknown, sdk: Pick<typeof OpenAIModule, "APIError" | "APIConnectionError">): AttemptFailure {
  // APIConnectionTimeoutError is an APIConnectionError.
  if (err instanceof sdk.APIConnectionError) return { kind: "transient" };
  if (err instanceof sdk.APIError && typeof err.status === "number") {
    if (err.status === 429) return { kind: "throttled", retryAfterMs: retryAfterMs(err.headers) };
    if (err.status === 408 || err.status === 409 || err.status >= 500) return { kind: "transient" };
    return { kind: "fatal", answered: true };
  }
  // undici's error when the connection drops while the body is read
  if (err instanceof TypeError && err.message === "terminated") return { kind: "transient" };
  return { kind: "fatal", answered: false };
}
