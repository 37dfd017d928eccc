/** Every IANA zone this runtime knows, canonical names plus "UTC" (Intl lists only canonical ones). */
let knownZones: ReadonlySet<string> | undefined;

/**
 * True when `timeZone` is an IANA time-zone name (e.g. "America/New_York", "Europe/Berlin", "UTC").
 * Windows names ("Eastern Standard Time") and bare offsets ("-05:00") are not IANA names.
 */
export function isIanaTimeZone(timeZone: string): boolean {
  knownZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"]);
  if (knownZones.has(timeZone)) return true;
  if (!/^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    // Links such as "US/Eastern" are accepted by Intl though not listed as canonical.
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A sentence describing why `timeZone` is not an IANA zone, or undefined when it is one. */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (isIanaTimeZone(timeZone)) return undefined;
  return `time zone "${timeZone}" is not an IANA time-zone name (e.g. "America/New_York", "Europe/London", "UTC")`;
}
