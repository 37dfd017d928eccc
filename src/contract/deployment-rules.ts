/**
 * What makes a pool deployment valid, in one place for the writers (the constructs, `writePoolEnvironment`) and the
 * reader (the pool): how its requests-per-minute quota follows from its tokens per minute, which endpoints are
 * accepted, and what identifies a deployment.
 */

/** Host names an `http:` endpoint may have: loopback only (a local mock), never the network. */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The requests-per-minute quota of a deployment whose tokens-per-minute quota is `tokensPerMinute`: Azure gives
 * `requestsPerMinutePer1000Tpm` requests per minute for every 1,000 TPM of capacity (`POOL_DEFAULTS` has the classic
 * chat models' 6), rounded down, and at least 1.
 */
export function derivedRequestsPerMinute(tokensPerMinute: number, requestsPerMinutePer1000Tpm: number): number {
  return Math.max(1, Math.floor((tokensPerMinute / 1000) * requestsPerMinutePer1000Tpm));
}

/** Whether `endpoint` is an endpoint the pool may call: an https URL, or an http URL on a loopback address. */
export function isAllowedEndpoint(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.hostname === "") return false;
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname));
}

/** What identifies a deployment: its endpoint (trailing slashes ignored) and its name. Two deployments with one key are the same. */
export function deploymentKey(deployment: { readonly endpoint: string; readonly deployment: string }): string {
  return `${deployment.endpoint.replace(/\/+$/, "")} ${deployment.deployment}`;
}
