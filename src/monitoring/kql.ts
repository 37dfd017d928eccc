/**
 * KQL queries for log alerts over the classic Application Insights `requests` table (queried through the
 * Application Insights resource; `duration` is in milliseconds, `cloud_RoleName` is the OpenTelemetry
 * service name, `success` is false for failed requests).
 */

/** `value` as a KQL string literal (double-quoted, backslashes and quotes escaped). */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Name of the column that holds a duration percentile, e.g. `DurationP95`, `DurationP99_9`. */
export function percentileColumn(percentile: number): string {
  return `DurationP${String(percentile).replace(/[^0-9A-Za-z]/g, "_")}`;
}

/** Query returning one row whose {@link percentileColumn} is the `percentile` of the role's request durations (ms). */
export function requestDurationPercentileQuery(cloudRoleName: string, percentile: number): string {
  return [
    "requests",
    `| where cloud_RoleName == ${kqlString(cloudRoleName)}`,
    `| summarize ${percentileColumn(percentile)} = percentile(duration, ${percentile})`,
  ].join("\n");
}

/** Column that {@link failedRequestPercentageQuery} measures. */
export const FAILED_PERCENT_COLUMN = "FailedPercent";

/**
 * Query returning one row whose {@link FAILED_PERCENT_COLUMN} is the percentage of the role's requests that
 * failed, or no row when there were fewer than `minimumRequests` requests (so a quiet window never alerts).
 */
export function failedRequestPercentageQuery(cloudRoleName: string, minimumRequests: number): string {
  return [
    "requests",
    `| where cloud_RoleName == ${kqlString(cloudRoleName)}`,
    "| summarize Total = count(), Failed = countif(success == false)",
    `| where Total >= ${minimumRequests}`,
    `| project ${FAILED_PERCENT_COLUMN} = 100.0 * Failed / Total`,
  ].join("\n");
}
