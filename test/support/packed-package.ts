/**
 * The published artifact, installed into a consumer project without `npm install`.
 *
 * Why not `npm install <tarball>`: npm resolves every dependency and every peer of the tarball against the
 * registry, even when a `file:` link already satisfies it (it asks for the metadata of `windows-iana` and of all
 * five optional peers). Without the network that needs the npm cache to hold that metadata, which a fresh
 * machine's cache does not (`npm ci` fetches tarballs, not metadata): the test passed only where an earlier install
 * had filled the cache. Tests may use loopback only, so this module lays out `node_modules` itself, as npm would:
 *
 * - the package: `npm pack` (which compiles through `prepack`), then the tarball extracted (its `package/` top
 *   folder stripped) into `<consumer>/node_modules/<name>`: real files, exactly what a registry install unpacks;
 * - every other package the consumer's package.json names, and the package's own `dependencies`: a symlink to this
 *   repository's installed copy, after checking that its version satisfies the range asked for. Node resolves a
 *   module from its real path, so a linked package finds its own dependencies in this repository's node_modules,
 *   while the extracted package finds only what the consumer's node_modules holds: an undeclared dependency fails;
 * - the linked packages' `bin` entries in `<consumer>/node_modules/.bin`, so that `npm run` and `npx` find them
 *   locally (else npx would ask the registry).
 *
 * Every child process gets {@link isolatedEnvironment}: an empty npm cache of its own and a registry URL on a
 * loopback port nothing listens on, so any attempt to use either fails at once, on every machine.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

export const repositoryRoot = resolve(__dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The fields of a package.json this module reads. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

/** A tarball made by `npm pack`. */
export interface PackedPackage {
  readonly tarball: string;
  /** The paths inside the tarball, without the `package/` prefix, as `npm pack --json` lists them. */
  readonly files: readonly string[];
  /** The tarball's package.json. */
  readonly manifest: PackageManifest;
}

export function readManifest(packageDir: string): PackageManifest {
  return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as PackageManifest;
}

/** A loopback port that nothing listens on (bound, then released). */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once("error", fail).listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * `process.env` for child processes, with npm cut off from everything but this machine: a fresh, empty cache
 * under `scratch` (never the user's) and the registry at `registryPort` on 127.0.0.1 (see {@link closedLoopbackPort}),
 * no retries, no update check. NODE_PATH is removed so that module resolution sees the consumer's node_modules only.
 */
export function isolatedEnvironment(scratch: string, registryPort: number): NodeJS.ProcessEnv {
  const cache = mkdtempSync(join(scratch, "npm-cache-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_cache: cache,
    npm_config_registry: `http://127.0.0.1:${registryPort}/`,
    npm_config_fetch_retries: "0",
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
    CHECKPOINT_DISABLE: "1",
  };
  delete env.NODE_PATH;
  return env;
}

/**
 * `npm pack` of this repository into `destination`. `prepack` compiles lib/ in place, so packs of concurrent jest
 * workers are serialized by a lock in node_modules/.cache (a worker that holds it and dies is detected by its pid).
 */
export function packRepository(destination: string, env: NodeJS.ProcessEnv): PackedPackage {
  const output = withLock(join(repositoryRoot, "node_modules", ".cache", "npm-pack.lock"), () =>
    execFileSync(npm, ["pack", "--json", "--pack-destination", destination], { cwd: repositoryRoot, encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] }),
  );
  // The prepack script's own output precedes the JSON, which starts on a line of its own.
  const [packed] = JSON.parse(output.slice(output.search(/^\[/m))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const tarball = join(destination, packed!.filename);
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as PackageManifest;
  return { tarball, files: packed!.files.map((file) => file.path), manifest };
}

/**
 * Lays out `<consumer>/node_modules` for `<consumer>/package.json` (dependencies and devDependencies), as an install
 * would: `packed` extracted from its tarball, every other package and the packed package's own dependencies linked
 * from this repository's node_modules. Throws when a version does not satisfy its range, when a required peer of
 * the packed package is missing, or when a folder above the consumer has a node_modules that resolution could reach.
 */
export function installIntoConsumer(consumer: string, packed: PackedPackage): void {
  for (let dir = dirname(resolve(consumer)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules"))) throw new Error(`${join(dir, "node_modules")} is above the consumer: its packages would resolve from there`);
  }
  const own = readManifest(consumer);
  const requested: Record<string, string> = { ...own.devDependencies, ...own.dependencies };
  const nodeModules = join(consumer, "node_modules");
  const installed = new Map<string, string>();

  const packageDir = join(nodeModules, packed.manifest.name);
  if (requested[packed.manifest.name] === undefined) throw new Error(`${consumer}/package.json does not depend on ${packed.manifest.name}`);
  mkdirSync(packageDir, { recursive: true });
  execFileSync("tar", ["-xzf", packed.tarball, "-C", packageDir, "--strip-components=1"], { stdio: "pipe" });
  expectSatisfies(packed.manifest.name, readManifest(packageDir).version, requested[packed.manifest.name]!);
  installed.set(packed.manifest.name, packageDir);

  const links: Array<[string, string]> = [
    ...Object.entries(requested).filter(([name]) => name !== packed.manifest.name),
    ...Object.entries(packed.manifest.dependencies ?? {}).filter(([name]) => requested[name] === undefined),
  ];
  for (const [name, range] of links) {
    const source = join(repositoryRoot, "node_modules", name);
    if (!existsSync(join(source, "package.json"))) throw new Error(`${name}@${range} is not installed in ${join(repositoryRoot, "node_modules")}`);
    expectSatisfies(name, readManifest(source).version, range);
    const target = join(nodeModules, name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(source, target, process.platform === "win32" ? "junction" : "dir");
    installed.set(name, target);
  }

  for (const [peer, range] of Object.entries(packed.manifest.peerDependencies ?? {})) {
    const dir = installed.get(peer);
    if (dir) expectSatisfies(`${peer} (peer of ${packed.manifest.name})`, readManifest(dir).version, range);
    else if (!packed.manifest.peerDependenciesMeta?.[peer]?.optional) throw new Error(`${packed.manifest.name} needs the peer ${peer}@${range}`);
  }

  for (const dir of installed.values()) linkBins(nodeModules, dir);
}

function linkBins(nodeModules: string, packageDir: string): void {
  const manifest = readManifest(packageDir);
  const bins = typeof manifest.bin === "string" ? { [manifest.name.replace(/^@[^/]+\//, "")]: manifest.bin } : (manifest.bin ?? {});
  for (const [command, file] of Object.entries(bins)) {
    const binDir = join(nodeModules, ".bin");
    mkdirSync(binDir, { recursive: true });
    const target = join(packageDir, file);
    if (process.platform === "win32") writeFileSync(join(binDir, `${command}.cmd`), `@"${process.execPath}" "${target}" %*\r\n`);
    else symlinkSync(relative(binDir, target), join(binDir, command));
  }
}

function expectSatisfies(what: string, version: string, range: string): void {
  if (!satisfies(version, range)) throw new Error(`${what}: the installed ${version} does not satisfy "${range}"`);
}

/**
 * Whether `version` (x.y.z) satisfies an npm range. Supports what package.json files here use: `latest` and `*`,
 * exact and x-ranges (`10.x`), `^`, `~`, `>=`, `>`, `<=`, `<`, space-separated comparators (all must hold) and `||`.
 * Anything else throws, so that an unsupported range can never pass unchecked.
 */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version, version);
  if (range.trim() === "latest") return true;
  return range.split("||").some((set) =>
    set
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const match = /^(\^|~|>=|<=|>|<|=)?v?(.+)$/.exec(comparator);
        if (!match) throw new Error(`unsupported version range "${range}"`);
        const operator = match[1] ?? "";
        const parts = match[2]!.split(".");
        const fixed = parts.findIndex((part) => /^(x|X|\*)$/.test(part));
        const precision = fixed === -1 ? parts.length : fixed; // how many leading parts are numbers
        if (precision > 3 || parts.length > 3) throw new Error(`unsupported version range "${range}"`);
        const comparison = operator === ">=" || operator === ">" || operator === "<=" || operator === "<";
        if (precision === 0 && !comparison) return true; // *, x, ^*, ~*
        const lower = parseVersion([0, 1, 2].map((i) => (i < precision ? parts[i]! : "0")).join("."), range);
        if (comparison) {
          if (precision !== 3) throw new Error(`unsupported version range "${range}"`);
          const order = compare(v, lower);
          return operator === ">=" ? order >= 0 : operator === ">" ? order > 0 : operator === "<=" ? order <= 0 : order < 0;
        }
        let upper: number[];
        if (operator === "^") {
          // the first non-zero part among the given ones (or the last given one) is the one that may not change
          const first = lower.findIndex((part, i) => part !== 0 || i === precision - 1);
          upper = bump(lower, first);
        } else if (operator === "~") upper = bump(lower, precision >= 2 ? 1 : 0);
        else if (precision === 3) return compare(v, lower) === 0;
        else upper = bump(lower, precision - 1);
        return compare(v, lower) >= 0 && compare(v, upper) < 0;
      }),
  );
}

function parseVersion(text: string, context: string): number[] {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`unsupported version "${text}" in "${context}"`);
  return match.slice(1).map(Number);
}

function bump(version: readonly number[], index: number): number[] {
  return version.map((part, i) => (i < index ? part : i === index ? part + 1 : 0));
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Runs `fn` while holding `lock`: a directory holding the holder's pid, created by renaming a complete candidate
 * into place and released by renaming it away (both atomic). A lock whose holder has died is broken.
 */
function withLock<T>(lock: string, fn: () => T): T {
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    const candidate = mkdtempSync(`${lock}-`);
    writeFileSync(join(candidate, "pid"), String(process.pid));
    try {
      renameSync(candidate, lock);
      break;
    } catch {
      rmSync(candidate, { recursive: true, force: true });
    }
    const holder = lockHolder(lock);
    if (holder !== undefined && !alive(holder)) {
      breakStaleLock(lock, holder);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${lock} is still held by pid ${holder}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    return fn();
  } finally {
    const released = `${lock}-released-${process.pid}-${Date.now()}`;
    try {
      renameSync(lock, released);
    } catch {
      // broken by another process that took this one for dead: nothing left to release
    }
    rmSync(released, { recursive: true, force: true });
  }
}

function lockHolder(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, "pid"), "utf8"));
  } catch {
    return undefined; // released just now: try again
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Moves the dead holder's lock away; if another waiter replaced it in the meantime, puts that one back. */
function breakStaleLock(lock: string, deadHolder: number): void {
  const broken = `${lock}-stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lock, broken);
  } catch {
    return;
  }
  if (lockHolder(broken) !== deadHolder) {
    try {
      renameSync(broken, lock);
      return;
    } catch {
      // a third process holds the lock now
    }
  }
  rmSync(broken, { recursive: true, force: true });
}

/** A fresh folder under the system temp dir (outside any project, so no node_modules above it). */
export function scratchFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
