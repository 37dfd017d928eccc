import { formatNumber } from "../core/format";

/** US dollars with digit grouping, cents and at most `fractionDigits` decimals: `$1,210.00`, `$0.000024`. */
export function formatUsd(value: number, fractionDigits = 2): string {
  return `$${formatNumber(value, fractionDigits, 2)}`;
}

/** A dollar range as the spec writes it, `$0.00-394.20`, or one amount when both ends print the same. */
export function formatUsdRange(min: number, max: number): string {
  const low = formatUsd(min);
  const high = formatUsd(max);
  return low === high ? low : `${low}-${high.slice(1)}`;
}

/** Markdown bold. */
export function bold(text: string): string {
  return `**${text}**`;
}

/**
 * A GitHub-flavoured markdown table in the spec's layout (`|--------|` rules as wide as the header
 * cell plus its padding). Pipes inside cells are escaped.
 */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
  const rule = `|${header.map((cell) => "-".repeat(cell.length + 2)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}
