/** Small statistics and formatting helpers of the synth benchmark. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function min(values: readonly number[]): number {
  return Math.min(...values);
}

export function max(values: readonly number[]): number {
  return Math.max(...values);
}

/** Milliseconds as seconds with 2 decimals, e.g. "1.23 s". */
export function sec(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** KiB as MiB, e.g. "123 MiB". */
export function mib(kib: number): string {
  return `${(kib / 1024).toFixed(0)} MiB`;
}

/** "median (min–max)" of a series, formatted with `format`. */
export function spread(values: readonly number[], format: (value: number) => string): string {
  return `${format(median(values))} (${format(min(values))}–${format(max(values))})`;
}

/** A ratio as "1.23x". */
export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
