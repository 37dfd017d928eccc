/**
 * `npm run pack:cdktn [-- --pack-destination <dir>]`: builds and packs `cdktn-azure-agent-platform-<version>.tgz`,
 * the CDK Terrain flavour, from the same sources as the cdktf flavour (nothing is copied into the repository):
 *
 * 1. the sources of src/ and constructs/ are copied into a scratch folder without those that use a module with no
 *    cdktn build (`@cdktf/provider-kubernetes`: KubernetesAgentApp and constructs/kubernetes/), and without the
 *    index's re-exports of them (scripts/flavour.ts `flavourSources`; a kept file that imports such a module fails
 *    the build); `tsc` compiles that copy, with `paths` pointing `cdktf` at cdktn and `@cdktf/provider-azurerm/*`
 *    at `@cdktn/provider-azurerm/*`: the sources are type-checked against cdktn's types;
 * 2. every emitted .js and .d.ts has its cdktf module specifiers renamed (scripts/flavour.ts); afterwards none is
 *    left, and every renamed module of the JavaScript resolves in this repository's node_modules;
 * 3. the folder gets the flavour's package.json (name, bin, peers), README.md, CHANGELOG.md, LICENSE and docs/;
 * 4. `npm pack` (no scripts) writes the tarball into the destination, by default the repository's root.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { cdktnManifest, CDKTN_FLAVOUR, flavourSources, moduleSpecifiers, renameModule, renameModuleSpecifiers, type SourceManifest } from "./flavour";

const ROOT = resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

export interface PackCdktnOptions {
  /** Where the tarball goes. @default the repository's root */
  readonly destination?: string;
  /** Environment of the `npm pack` child process. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the scratch build folder (its path is logged). @default false */
  readonly keepBuild?: boolean;
  readonly log?: (line: string) => void;
}

export interface PackedFlavour {
  readonly tarball: string;
  /** Paths inside the tarball, without the `package/` prefix. */
  readonly files: readonly string[];
  readonly manifest: Record<string, unknown>;
  /** Sources left out of the flavour (they use a module without a cdktn build), e.g. `constructs/kubernetes-agent-app.ts`. */
  readonly leftOut: readonly string[];
}

export function packCdktn(options: PackCdktnOptions = {}): PackedFlavour {
  const log = options.log ?? ((line: string) => console.log(line));
  const destination = resolve(options.destination ?? ROOT);
  const build = mkdtempSync(join(tmpdir(), "cdktn-flavour-"));
  const packageDir = join(build, "package");
  try {
    const leftOut = compileAgainstCdktn(build, join(packageDir, "lib"));
    if (leftOut.length > 0) log(`pack:cdktn: left out (no cdktn build of what they import): ${leftOut.join(", ")}`);
    const renamed = renameBuild(join(packageDir, "lib"));
    log(`pack:cdktn: compiled against cdktn, ${renamed} module specifiers renamed`);

    const manifest = cdktnManifest(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as SourceManifest);
    writeFileSync(join(packageDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const file of ["README.md", "CHANGELOG.md", "LICENSE", "docs"]) cpSync(join(ROOT, file), join(packageDir, file), { recursive: true });

    mkdirSync(destination, { recursive: true });
    const output = execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
      cwd: packageDir,
      encoding: "utf8",
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [packed] = JSON.parse(output.slice(output.search(/^\[/m))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const tarball = join(destination, packed!.filename);
    log(`pack:cdktn: ${relative(process.cwd(), tarball) || tarball}`);
    return { tarball, files: packed!.files.map((file) => file.path), manifest, leftOut };
  } finally {
    if (options.keepBuild) log(`pack:cdktn: build kept in ${build}`);
    else rmSync(build, { recursive: true, force: true });
  }
}

/**
 * `tsc` over the flavour's sources (see {@link flavourSources}), copied into `build/sources` beside a link to this
 * repository's node_modules, with cdktf's modules mapped to cdktn's, emitting into `outDir`. Returns the sources left out.
 */
function compileAgainstCdktn(build: string, outDir: string): readonly string[] {
  const sourcesDir = join(build, "sources");
  const files = ["src", "constructs"].flatMap((folder) =>
    filesUnder(join(ROOT, folder))
      .filter((file) => file.endsWith(".ts"))
      .map((file) => ({ path: relative(ROOT, file).split(sep).join("/"), text: readFileSync(file, "utf8") })),
  );
  const sources = flavourSources(files);
  for (const file of sources.kept) {
    const to = join(sourcesDir, ...file.path.split("/"));
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, file.text);
  }
  // Modules resolve from the copy as they do from the repository.
  symlinkSync(join(ROOT, "node_modules"), join(sourcesDir, "node_modules"), "junction");
  const tsconfig = join(build, "tsconfig.json");
  // Absolute paths and no baseUrl: with baseUrl at the root, "constructs" would resolve to the folder constructs/.
  const paths: Record<string, string[]> = {};
  for (const [from, to] of Object.entries(CDKTN_FLAVOUR.modules)) {
    paths[from] = [join(ROOT, "node_modules", to)];
    paths[`${from}/*`] = [join(ROOT, "node_modules", to, "*")];
  }
  const config = {
    extends: join(ROOT, "tsconfig.json"),
    compilerOptions: {
      rootDir: sourcesDir,
      outDir,
      paths,
      typeRoots: [join(ROOT, "node_modules", "@types")],
      noEmitOnError: true,
      sourceMap: false,
      declarationMap: false,
    },
    include: [join(sourcesDir, "src", "**", "*.ts"), join(sourcesDir, "constructs", "**", "*.ts")],
    exclude: [join(sourcesDir, "node_modules")],
  };
  writeFileSync(tsconfig, JSON.stringify(config, null, 2));
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [ROOT] }), "-p", tsconfig], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`pack:cdktn: the sources do not compile against cdktn and @cdktn/provider-azurerm:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  return sources.leftOut;
}

/** Renames the module specifiers of every .js and .d.ts under `lib`; checks that none of cdktf's is left and that the renamed ones resolve. */
function renameBuild(lib: string): number {
  let total = 0;
  const unresolved = new Set<string>();
  for (const file of filesUnder(lib)) {
    if (!file.endsWith(".js") && !file.endsWith(".d.ts")) continue;
    const { text, renamed } = renameModuleSpecifiers(file, readFileSync(file, "utf8"));
    if (renamed === 0) continue;
    writeFileSync(file, text);
    total += renamed;
    for (const { text: specifier } of moduleSpecifiers(file, text)) {
      if (renameModule(specifier) !== specifier) throw new Error(`pack:cdktn: ${file} still references ${specifier}`);
      if (!file.endsWith(".js") || !Object.values(CDKTN_FLAVOUR.modules).some((name) => specifier === name || specifier.startsWith(`${name}/`))) continue;
      try {
        require.resolve(specifier, { paths: [ROOT] });
      } catch {
        unresolved.add(specifier);
      }
    }
  }
  if (unresolved.size > 0) throw new Error(`pack:cdktn: modules that cdktn's packages do not have: ${[...unresolved].sort().join(", ")}`);
  if (total === 0) throw new Error(`pack:cdktn: no cdktf module specifier found under ${lib}: nothing was renamed`);
  return total;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--pack-destination");
  const unknown = args.filter((arg, i) => !(arg === "--pack-destination" || (at !== -1 && i === at + 1) || arg === "--keep-build"));
  if (unknown.length > 0 || (at !== -1 && args[at + 1] === undefined)) {
    console.error("usage: npm run pack:cdktn [-- --pack-destination <dir>] [--keep-build]");
    process.exit(2);
  }
  try {
    packCdktn({ destination: at === -1 ? undefined : args[at + 1], keepBuild: args.includes("--keep-build") });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
