/** A markdown table read back from rendered text, with the nearest `###` heading above it. */
export interface ParsedTable {
  readonly heading: string | undefined;
  readonly header: string[];
  readonly rows: string[][];
}

/** Splits one `| a | b |` line into trimmed cells, honouring `\|` escapes. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** Every table in `markdown`; throws when a table's rule line or a row's width is malformed. */
export function parseTables(markdown: string): ParsedTable[] {
  const tables: ParsedTable[] = [];
  let heading: string | undefined;
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("### ")) heading = line.slice(4).trim();
    if (!line.startsWith("|")) continue;
    const header = cells(line);
    const rule = cells(lines[i + 1] ?? "");
    if (rule.length !== header.length || !rule.every((cell) => /^-+$/.test(cell))) throw new Error(`no rule line under ${line}`);
    const rows: string[][] = [];
    for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) {
      const row = cells(lines[i]);
      if (row.length !== header.length) throw new Error(`row width ${row.length} != ${header.length}: ${lines[i]}`);
      rows.push(row);
    }
    tables.push({ heading, header, rows });
  }
  return tables;
}

/** The cell text without markdown bold. */
export function plain(cell: string): string {
  return cell.replace(/\*\*/g, "");
}

/** The number a formatted cell holds: `12,500` -> 12500, `3x` -> 3, `~50` -> 50. */
export function numberIn(cell: string): number {
  const match = /-?[\d,]*\.?\d+/.exec(plain(cell));
  if (!match) throw new Error(`no number in ${cell}`);
  return Number(match[0].replace(/,/g, ""));
}

/** The [min, max] of a `$a-b` or `$a` cell, in dollars. */
export function usdRange(cell: string): [number, number] {
  const match = /^\$([\d,]+\.\d{2})(?:-([\d,]+\.\d{2}))?$/.exec(plain(cell));
  if (!match) throw new Error(`not a $a-b cell: ${cell}`);
  const low = Number(match[1].replace(/,/g, ""));
  return [low, match[2] === undefined ? low : Number(match[2].replace(/,/g, ""))];
}
