/**
 * Synth benchmark (`npm run bench:synth`; never part of `npm test`). Rewrites docs/synth-benchmark.md.
 *
 * Compiles the library (constructs/ and src/, with tsconfig.json's options, as `npm run build` does for lib/)
 * and the apps in bench/synth/apps/ to plain JS in a temporary directory, then runs each app as its own
 * `node` process and measures wall time from spawn to exit and the child's peak RSS:
 *   (1) library: imports the package and synthesizes the default RetailCustomerServicePlatform;
 *   (2) floor:   the same resources written by hand with the provider's deep imports (no library code);
 *   (3) barrel:  the floor app with the provider loaded through its barrel `@cdktf/provider-azurerm`.
 * One untimed warm-up of each, then BENCH_REPEATS rounds run round-robin (1, 2, 3, 1, 2, 3, ...).
 * Growth: 1, 10 and 50 platforms in one stack, for the library and the floor, BENCH_GROWTH_REPEATS rounds.
 *
 * Environment: BENCH_REPEATS (default 11), BENCH_GROWTH_REPEATS (default 5), BENCH_GROWTH (default "1,10,50"),
 * BENCH_DOC (default docs/synth-benchmark.md; "-" to only print), BENCH_KEEP (keep the temporary directory).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import type { ChildReport } from "./apps/report";
import { attributeDifferences, countDifferences, countsByType, readStack, totalResources, type StackJson } from "./check";
import { max, median, mib, min, ratio, sec, spread, table } from "./stats";

const ROOT = path.resolve(__dirname, "..", "..");
const REPEATS = positiveInt("BENCH_REPEATS", 11);
const GROWTH_REPEATS = positiveInt("BENCH_GROWTH_REPEATS", 5);
const GROWTH = (process.env.BENCH_GROWTH ?? "1,10,50").split(",").map(Number);
const DOC = process.env.BENCH_DOC ?? path.join(ROOT, "docs", "synth-benchmark.md");
const COMMAND = "npm run bench:synth";
/** Target of the issue: the library costs at most this multiple of the floor, in time and in peak RSS. */
const TARGET = 1.15;
/** Growth counts as linear when the marginal cost per platform from 10 to 50 is at most this multiple of the one from 1 to 10. */
const LINEAR_TOLERANCE = 1.25;
const CHILD_TIMEOUT_MS = 10 * 60_000;

function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${process.env[name]}"`);
  return value;
}

type AppName = "library" | "floor" | "barrel";
const APP_FILES: Record<AppName, string> = { library: "library-app", floor: "deep-app", barrel: "barrel-app" };
const TITLES: Record<AppName, string> = {
  library: "(1) library: package import + default platform",
  floor: "(2) floor: hand-written, deep imports",
  barrel: "(3) floor app, provider barrel import",
};

interface Run extends ChildReport {
  readonly app: AppName;
  readonly platforms: number;
  /** Spawn to exit, measured by this process. */
  readonly wallMs: number;
  readonly outdir: string;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * Compiles constructs/index.ts (and everything it imports) plus the apps into `outDir`, keeping the repository
 * layout (outDir/constructs, outDir/src, outDir/bench/synth/apps), with tsconfig.json's compiler options.
 */
function compile(outDir: string): { readonly ms: number; readonly diagnostics: number } {
  const started = performance.now();
  const configFile = path.join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT, undefined, configFile);
  const appsDir = path.join(__dirname, "apps");
  const rootNames = [path.join(ROOT, "constructs", "index.ts"), ...fs.readdirSync(appsDir).filter((f) => f.endsWith(".ts")).map((f) => path.join(appsDir, f))];
  const options: ts.CompilerOptions = {
    ...parsed.options,
    outDir,
    rootDir: ROOT,
    noEmit: false,
    noEmitOnError: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    inlineSourceMap: false,
    incremental: false,
    composite: false,
    tsBuildInfoFile: undefined,
  };
  const program = ts.createProgram({ rootNames, options });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  for (const d of diagnostics.slice(0, 5)) log(`  tsc: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}${d.file ? ` (${path.relative(ROOT, d.file.fileName)})` : ""}`);
  if (emitted.emitSkipped) throw new Error("tsc skipped emitting; see the errors above");
  return { ms: performance.now() - started, diagnostics: diagnostics.length };
}

/** The environment of a child: this one's, without anything that changes how node or cdktf run. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(NODE_OPTIONS|NODE_PATH|TS_NODE_.*|CDKTF_.*|SYNTH_HCL_OUTPUT|BENCH_.*)$/.test(name)) delete env[name];
  }
  return { ...env, ...extra };
}

function runApp(workDir: string, appName: AppName, platforms: number, listModules = false): Promise<Run> {
  const file = path.join(workDir, "build", "bench", "synth", "apps", `${APP_FILES[appName]}.js`);
  const outdir = path.join(workDir, "out", `${appName}-${platforms}`);
  const reportFile = path.join(workDir, `report-${appName}-${platforms}.json`);
  fs.rmSync(reportFile, { force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const env = childEnv({ BENCH_OUTDIR: outdir, BENCH_REPORT: reportFile, BENCH_PLATFORMS: String(platforms), ...(listModules ? { BENCH_MODULES: "1" } : {}) });
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [file], { cwd: workDir, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("error", reject);
    let wallMs = Number.NaN;
    // "exit" ends the measurement; "close" (after it, once stderr is drained) settles the promise.
    child.on("exit", () => void (wallMs = Number(process.hrtime.bigint() - started) / 1e6));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${appName} (${platforms} platforms) exited with ${signal ?? code}:\n${stderr}`));
      try {
        const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as ChildReport;
        resolve({ ...report, app: appName, platforms, wallMs, outdir });
      } catch (error) {
        reject(new Error(`${appName} (${platforms} platforms) wrote no report: ${String(error)}\n${stderr}`));
      }
    });
  });
}

/** Fails the benchmark (exit code 1) unless `actual` synthesizes the same resource counts per type as `expected`. */
function requireSameCounts(expected: StackJson, actual: StackJson, expectedName: string, actualName: string): void {
  const differences = countDifferences(expected, actual, expectedName, actualName);
  if (differences.length > 0) {
    throw new Error(`${actualName} does not synthesize the same resources as ${expectedName}; fix bench/synth/apps/floor-platform.ts:\n  ${differences.join("\n  ")}`);
  }
}

function systemInfo(): Record<string, string> {
  const cpus = os.cpus();
  const version = (pkg: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "constructs", "src"], { cwd: ROOT, encoding: "utf8" }).trim();
    if (dirty) commit += " (constructs/ or src/ with uncommitted changes)";
  } catch {
    // not a git checkout: keep "unknown"
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus.length} x ${cpus[0]?.model ?? "unknown"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${os.type()} ${os.release()}`,
    versions: `cdktf ${version("cdktf")}, @cdktf/provider-azurerm ${version("@cdktf/provider-azurerm")}, constructs ${version("constructs")}`,
    commit,
  };
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(", ");

/**
 * What (1) loads that (2) does not, grouped: the library's own files (constructs/, src/) and every other package
 * (or provider resource module) by name, with the size of the files.
 */
function moduleDifference(library: Run, floor: Run, buildDir: string): string {
  const floorFiles = new Set(floor.moduleFiles ?? []);
  const groups = new Map<string, { files: number; bytes: number }>();
  for (const file of library.moduleFiles ?? []) {
    if (floorFiles.has(file)) continue;
    const inBuild = path.relative(fs.realpathSync(buildDir), file).split(path.sep).join("/");
    const packagePath = /node_modules\/((?:@[^/]+\/)?[^/]+(?:\/lib\/[^/]+(?=\/index\.js$))?)/.exec(file)?.[1];
    const group = packagePath ?? (inBuild.startsWith("bench/") ? undefined : "the library (constructs/, src/)");
    if (group === undefined) continue;
    const entry = groups.get(group) ?? { files: 0, bytes: 0 };
    entry.files += 1;
    entry.bytes += fs.statSync(file).size;
    groups.set(group, entry);
  }
  return [...groups.entries()].map(([group, { files, bytes }]) => `${group}: ${files} file${files === 1 ? "" : "s"}, ${(bytes / 1024).toFixed(0)} KiB`).join("; ");
}

/** Median of a field over runs. */
function med(runs: readonly Run[], field: (run: Run) => number): number {
  return median(runs.map(field));
}

async function main(): Promise<void> {
  const info = systemInfo();
  const loadBefore = loadavg();
  log(`synth benchmark: ${info.node}, ${info.cpus}, load average ${loadBefore}`);
  if (os.loadavg()[0]! > os.cpus().length / 2) log(`  warning: 1-minute load ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs; results will be noisy`);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-bench-"));
  try {
    // Plain JS, resolved like a consumer's app: the compiled tree next to a node_modules with the dependencies.
    const buildDir = path.join(workDir, "build");
    const compiled = compile(buildDir);
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(buildDir, "node_modules"), "dir");
    log(`compiled the library and the apps in ${sec(compiled.ms)}${compiled.diagnostics ? ` (${compiled.diagnostics} type errors, emitted anyway)` : ""}`);

    // Untimed warm-ups (file cache), which also check that the apps synthesize the same resources.
    const apps: readonly AppName[] = ["library", "floor", "barrel"];
    const warm: Partial<Record<AppName, Run>> = {};
    for (const app of apps) warm[app] = await runApp(workDir, app, 1, true);
    const stacks = Object.fromEntries(apps.map((app) => [app, readStack(warm[app]!.outdir)])) as Record<AppName, StackJson>;
    requireSameCounts(stacks.library, stacks.floor, "(1) library", "(2) floor");
    requireSameCounts(stacks.floor, stacks.barrel, "(2) floor", "(3) barrel");
    const attributeDiffs = attributeDifferences(stacks.library, stacks.floor);
    const resources = totalResources(stacks.library);
    log(`warm-up done: ${resources} resources in ${Object.keys(countsByType(stacks.library)).length} types in each app; ${attributeDiffs.length} resources of (1) differ from (2) in attributes`);
    for (const d of attributeDiffs.slice(0, 10)) log(`  ${d}`);
    const extraModules = moduleDifference(warm.library!, warm.floor!, buildDir);

    // Timed, round-robin.
    const runs: Record<AppName, Run[]> = { library: [], floor: [], barrel: [] };
    for (let round = 1; round <= REPEATS; round++) {
      for (const app of apps) runs[app].push(await runApp(workDir, app, 1));
      log(`round ${round}/${REPEATS}: ${apps.map((a) => `${a} ${sec(runs[a].at(-1)!.wallMs)} ${mib(runs[a].at(-1)!.maxRssKiB)}`).join(", ")}`);
    }

    // Growth: 1, 10, 50 platforms in one stack, library and floor, round-robin.
    const growthApps: readonly AppName[] = ["library", "floor"];
    const growth: Record<string, Run[]> = {};
    const key = (app: AppName, n: number) => `${app}-${n}`;
    for (let round = 1; round <= GROWTH_REPEATS; round++) {
      for (const app of growthApps) {
        for (const n of GROWTH) {
          const run = await runApp(workDir, app, n);
          (growth[key(app, n)] ??= []).push(run);
          if (round === 1) {
            const stack = readStack(run.outdir);
            if (totalResources(stack) !== n * resources) throw new Error(`${app} with ${n} platforms synthesized ${totalResources(stack)} resources, expected ${n * resources}`);
          }
        }
      }
      if (round === 1) {
        for (const n of GROWTH) requireSameCounts(readStack(growth[key("library", n)]![0]!.outdir), readStack(growth[key("floor", n)]![0]!.outdir), `(1) library x${n}`, `(2) floor x${n}`);
      }
      log(`growth round ${round}/${GROWTH_REPEATS}: ${growthApps.flatMap((a) => GROWTH.map((n) => `${a} x${n} ${sec(growth[key(a, n)]!.at(-1)!.wallMs)}`)).join(", ")}`);
    }
    const loadAfter = loadavg();

    // Results.
    const wall = (app: AppName) => med(runs[app], (r) => r.wallMs);
    const rss = (app: AppName) => med(runs[app], (r) => r.maxRssKiB);
    const paired = (app: AppName, field: (r: Run) => number) => median(runs[app].map((r, i) => field(r) / field(runs.floor[i]!)));
    const cpu = (app: AppName) => med(runs[app], (r) => r.cpuMs);
    const mainRows = apps.map((app) => [
      TITLES[app],
      spread(runs[app].map((r) => r.wallMs), sec),
      ratio(wall(app) / wall("floor")),
      spread(runs[app].map((r) => r.maxRssKiB), mib),
      ratio(rss(app) / rss("floor")),
      `${sec(cpu(app))} (${ratio(cpu(app) / cpu("floor"))})`,
      `${med(runs[app], (r) => r.modules)} / ${med(runs[app], (r) => r.providerModules)}`,
    ]);
    const mainTable = table(
      [`scenario (1 platform, ${resources} resources)`, "wall time, median (min–max)", "time vs (2)", "peak RSS, median (min–max)", "RSS vs (2)", "CPU time, median (vs (2))", "modules loaded / of the provider"],
      mainRows,
    );
    const phaseTable = table(
      ["scenario", "node start + imports", "construct", "synth", "exit (wall − synth end)"],
      apps.map((app) => [
        TITLES[app],
        sec(med(runs[app], (r) => r.importedMs)),
        sec(med(runs[app], (r) => r.constructedMs - r.importedMs)),
        sec(med(runs[app], (r) => r.synthesizedMs - r.constructedMs)),
        sec(med(runs[app], (r) => r.wallMs - r.synthesizedMs)),
      ]),
    );
    const timeRatio = wall("library") / wall("floor");
    const rssRatio = rss("library") / rss("floor");

    const growthRows: string[][] = [];
    const marginal: Record<string, { t1: number; t2: number; r1: number; r2: number }> = {};
    for (const app of growthApps) {
      for (const n of GROWTH) {
        const g = growth[key(app, n)]!;
        const f = growth[key("floor", n)]!;
        const vsFloor = `${ratio(med(g, (r) => r.wallMs) / med(f, (r) => r.wallMs))} / ${ratio(med(g, (r) => r.maxRssKiB) / med(f, (r) => r.maxRssKiB))}`;
        growthRows.push([
          app === "library" ? "(1) library" : "(2) floor",
          String(n),
          String(n * resources),
          spread(g.map((r) => r.wallMs), sec),
          spread(g.map((r) => r.maxRssKiB), mib),
          sec(med(g, (r) => r.synthesizedMs - r.constructedMs)),
          vsFloor,
        ]);
      }
      if (GROWTH.length === 3) {
        const [a, b, c] = GROWTH as [number, number, number];
        const t = (n: number) => med(growth[key(app, n)]!, (r) => r.wallMs);
        const r = (n: number) => med(growth[key(app, n)]!, (r) => r.maxRssKiB);
        marginal[app] = { t1: (t(b) - t(a)) / (b - a), t2: (t(c) - t(b)) / (c - b), r1: (r(b) - r(a)) / (b - a), r2: (r(c) - r(b)) / (c - b) };
      }
    }
    const growthTable = table(["app", "platforms", "resources", "wall time, median (min–max)", "peak RSS, median (min–max)", "synth phase, median", "time / RSS vs (2) at the same count"], growthRows);
    const [g1, g2, g3] = GROWTH;
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    const marginalTable =
      GROWTH.length === 3
        ? table(
            ["app", `time per platform, ${g1}→${g2}`, `time per platform, ${g2}→${g3}`, "ratio", `RSS per platform, ${g1}→${g2}`, `RSS per platform, ${g2}→${g3}`, "ratio"],
            growthApps.map((app) => {
              const m = marginal[app]!;
              return [app === "library" ? "(1) library" : "(2) floor", ms(m.t1), ms(m.t2), ratio(m.t2 / m.t1), mib(m.r1), mib(m.r2), ratio(m.r2 / m.r1)];
            }),
          )
        : "(marginal costs need exactly three platform counts)";
    const lib = marginal.library;
    const linearTime = lib !== undefined && lib.t2 <= LINEAR_TOLERANCE * lib.t1;
    const linearRss = lib !== undefined && lib.r2 <= LINEAR_TOLERANCE * lib.r1;
    const met = (ok: boolean) => (ok ? "**met**" : "**not met**");

    const verdicts = [
      `- Time: (1) is ${ratio(timeRatio)} of (2) (ratio of medians; median of the per-round ratios ${ratio(paired("library", (r) => r.wallMs))}); target ≤ ${ratio(TARGET)}: ${met(timeRatio <= TARGET)}.`,
      `- Peak RSS: (1) is ${ratio(rssRatio)} of (2) (per-round ${ratio(paired("library", (r) => r.maxRssKiB))}); target ≤ ${ratio(TARGET)}: ${met(rssRatio <= TARGET)}.`,
      lib
        ? `- Growth of (1): ${ms(lib.t1)} per platform from ${g1} to ${g2}, ${ms(lib.t2)} from ${g2} to ${g3} (${ratio(lib.t2 / lib.t1)}); RSS ${mib(lib.r1)} then ${mib(lib.r2)} per platform (${ratio(lib.r2 / lib.r1)}). Linear (later marginal cost ≤ ${ratio(LINEAR_TOLERANCE)} of the earlier): time ${met(linearTime)}, RSS ${met(linearRss)}.`
        : "- Growth: not measured with three platform counts.",
      `- For scale: the barrel (3) costs ${ratio(wall("barrel") / wall("floor"))} the floor's time and ${ratio(rss("barrel") / rss("floor"))} its RSS.`,
    ];

    const doc = [
      "# Synth benchmark",
      "",
      `Generated by \`${COMMAND}\` (bench/synth/run.ts); do not edit by hand, rerun it. Not part of \`npm test\`.`,
      "",
      "What it answers: what does `cdktf synth` of an app pay for using this library, compared with writing the same",
      "resources by hand? Every scenario is a separate `node` process running plain JS (the library and the apps are",
      "compiled with tsc and tsconfig.json's options first, so no TypeScript transpilation is timed): node start,",
      "require, construct, `app.synth()` to a temporary directory, exit.",
      "",
      "- **(1) library**: a consumer app that imports the compiled package and creates the default platform,",
      "  `new RetailCustomerServicePlatform(stack, \"cs\", { location: \"eastus2\", images: { tag: \"v1.1.2\" }, alerts: { emails: [\"ops@example.com\"] } })`,",
      "  with an `AzurermProvider` in one `TerraformStack` (bench/synth/apps/library-app.ts).",
      "- **(2) floor**: the same resources written by hand against the provider's resource classes, deep-imported, no library",
      "  code (bench/synth/apps/floor-platform.ts + deep-app.ts). Derived from (1)'s cdk.tf.json; the benchmark fails unless",
      `  both synthesize the same resource counts per type (${resources} resources in ${Object.keys(countsByType(stacks.library)).length} types)` +
        `; in this run ${attributeDiffs.length === 0 ? "every resource of (1) was also identical in all attributes, logical ids and outputs in (2)" : `${attributeDiffs.length} resources differed in attributes (${attributeDiffs.slice(0, 3).join("; ")}${attributeDiffs.length > 3 ? "; ..." : ""})`}.`,
      "- **(3) barrel**: the floor app with the provider loaded through `require(\"@cdktf/provider-azurerm\")` (bench/synth/apps/barrel-app.ts):",
      "  what every consumer pays when a library imports the barrel (house rule 1).",
      "",
      `Method: one untimed warm-up of each, then ${REPEATS} rounds round-robin (1, 2, 3, 1, 2, 3, ...). Wall time is measured by the`,
      "parent from spawn to exit; peak RSS is the child's `process.resourceUsage().maxRSS` just before exit. Ratios are",
      "ratios of the medians. CPU time (user + system, all threads, `process.cpuUsage()`) is shown because it is less",
      "sensitive than wall time to other processes on the machine; the targets are on wall time and peak RSS.",
      "",
      "## Results",
      "",
      mainTable,
      "",
      `Modules (1) loads that (2) does not: ${extraModules || "none"}.`,
      "",
      "Where the time goes (medians of in-process marks, `performance.now()` since process start):",
      "",
      phaseTable,
      "",
      `## Growth: 1, 10 and 50 platforms in one stack (${GROWTH_REPEATS} rounds each, round-robin)`,
      "",
      "All platforms go into the same `TerraformStack` with one provider, with construct ids `cs`, `cs2`, `cs3`, ...; the floor",
      "app builds the same resources for comparison.",
      "",
      growthTable,
      "",
      "Marginal cost per added platform (from the medians):",
      "",
      marginalTable,
      "",
      "## Targets",
      "",
      `Targets of the issue: (1) at most ${ratio(TARGET)} of (2) in time and in peak RSS; growth linear.`,
      "",
      ...verdicts,
      "",
      "## Machine",
      "",
      `- Date: ${info.date}`,
      `- Node ${info.node}; ${info.cpus}; ${info.memory} RAM; ${info.os}`,
      `- ${info.versions}; commit ${info.commit}`,
      `- Load average (1, 5, 15 min) at start: ${loadBefore}; at end: ${loadAfter}`,
      `- Command: \`${COMMAND}\` (BENCH_REPEATS=${REPEATS}, BENCH_GROWTH_REPEATS=${GROWTH_REPEATS}, BENCH_GROWTH=${GROWTH.join(",")})`,
      "",
    ].join("\n");

    process.stdout.write(`${doc}\n`);
    if (DOC !== "-") {
      fs.writeFileSync(DOC, doc);
      log(`wrote ${path.relative(ROOT, DOC)}`);
    }
    // Keep the summary numbers greppable in CI logs.
    log(`time ratio ${ratio(timeRatio)}, RSS ratio ${ratio(rssRatio)} (min ${sec(min(runs.library.map((r) => r.wallMs)))}, max ${sec(max(runs.library.map((r) => r.wallMs)))} for (1))`);
  } finally {
    if (process.env.BENCH_KEEP) log(`kept ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
