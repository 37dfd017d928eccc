/**
 * What every benchmark app reports about itself, identically for all scenarios: in-process marks
 * (ms since process start), peak RSS and the modules it loaded. Written as JSON to the file named by
 * BENCH_REPORT when the app has synthesized; the parent measures wall time from spawn to exit.
 */
import { writeFileSync } from "node:fs";

/** One child's report (see run.ts). */
export interface ChildReport {
  /** Milliseconds since process start when the app's imports had loaded, its constructs were built, and synth returned. */
  readonly importedMs: number;
  readonly constructedMs: number;
  readonly synthesizedMs: number;
  /** CPU time of the process (all threads, user + system), ms (`process.cpuUsage()`). */
  readonly cpuMs: number;
  /** Peak resident set size of the process so far, KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKiB: number;
  /** Modules in require.cache, and how many of them are files of @cdktf/provider-azurerm. */
  readonly modules: number;
  readonly providerModules: number;
  /** Every module file loaded, only when BENCH_MODULES is set (the warm-up runs), so that timed runs write little. */
  readonly moduleFiles?: readonly string[];
}

/** Marks taken by an app; `report` adds the rest. */
export interface Marks {
  readonly importedMs: number;
  readonly constructedMs: number;
  readonly synthesizedMs: number;
}

/** Platforms the app builds into its one stack (BENCH_PLATFORMS, default 1). */
export function platformCount(): number {
  const count = Number(process.env.BENCH_PLATFORMS ?? 1);
  if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_PLATFORMS must be a positive integer, got "${process.env.BENCH_PLATFORMS}"`);
  return count;
}

/** Construct id of the i-th platform (0-based): "cs" for the first, as in the default app, then "cs2", "cs3"... */
export function platformId(index: number): string {
  return index === 0 ? "cs" : `cs${index + 1}`;
}

/** Where the app synthesizes to (BENCH_OUTDIR; required, so a run never writes into the repository). */
export function outdir(): string {
  const dir = process.env.BENCH_OUTDIR;
  if (!dir) throw new Error("BENCH_OUTDIR is not set: run the apps through bench/synth/run.ts");
  return dir;
}

export function report(marks: Marks): void {
  const modules = Object.keys(require.cache);
  const cpu = process.cpuUsage();
  const result: ChildReport = {
    ...marks,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKiB: process.resourceUsage().maxRSS,
    modules: modules.length,
    providerModules: modules.filter((file) => file.includes("/@cdktf/provider-azurerm/")).length,
    moduleFiles: process.env.BENCH_MODULES ? modules : undefined,
  };
  const file = process.env.BENCH_REPORT;
  if (file) writeFileSync(file, JSON.stringify(result));
  else console.log(JSON.stringify(result));
}
