/** Anything with `get(name)`, as the Fetch API's `Headers`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Share of a delay added at random to every wait ({@link jittered}), so that clients told the same delay spread out. */
export const JITTER_SHARE = 0.1;

/**
 * The server's retry hint, in ms: `retry-after-ms`, else `retry-after` (seconds, or an HTTP date).
 * @param headers response headers
 * @param nowEpochMs wall-clock time, for the HTTP-date form
 * @returns undefined when neither header is present and valid
 */
export function retryAfterMs(headers: HeaderReader | undefined, nowEpochMs: number = Date.now()): number | undefined {
  const ms = headers && numericHeader(headers, "retry-after-ms");
  if (ms !== undefined && ms >= 0) return ms;
  const raw = headers?.get("retry-after")?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number.parseFloat(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowEpochMs);
}

/**
 * Exponential backoff with "equal jitter": the delay for retry `attempt` (0 for the first retry) is
 * `min(capMs, baseMs * 2^attempt)`, of which the upper half is random.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** `ms` plus up to {@link JITTER_SHARE} of it at random: a server-given delay is never shortened, only spread. */
export function jittered(ms: number, random: () => number = Math.random): number {
  return ms + random() * ms * JITTER_SHARE;
}

/** A header's value as a number, or undefined when it is absent or not a number. */
export function numericHeader(headers: HeaderReader, name: string): number | undefined {
  const value = Number.parseFloat(headers.get(name) ?? "");
  return Number.isFinite(value) ? value : undefined;
}
