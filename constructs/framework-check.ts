/**
 * Load-time check of the constructs entry point: the framework this build of the package is for (cdktf for
 * `cdktf-azure-agent-platform`, cdktn for `cdktn-azure-agent-platform`) must be installed, and the app must not
 * already have loaded the other one. Without it, a cdktn app that installed the cdktf flavour fails later with
 * "Cannot find module '@cdktf/provider-azurerm/lib/...'" or, with cdktf installed beside cdktn, inside synth.
 *
 * The flavour is read from the package's own package.json (its peers name the framework), so the same source
 * serves both builds: the cdktn build renames module specifiers only, and this file references none of cdktf's.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";

/** The fields of the package's own package.json that decide the flavour. */
export interface FlavourManifest {
  readonly name: string;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

const FRAMEWORKS = {
  cdktf: { title: "CDK for Terraform", provider: "@cdktf/provider-azurerm" },
  cdktn: { title: "CDK Terrain", provider: "@cdktn/provider-azurerm" },
} as const;
type Framework = keyof typeof FRAMEWORKS;

/**
 * Why the package cannot be used here, or undefined when it can.
 * @param manifest the package's own package.json
 * @param canResolve whether a module resolves from the package's folder
 * @param loadedFiles the files the process has loaded so far (`require.cache`'s keys)
 */
export function frameworkProblem(manifest: FlavourManifest, canResolve: (module: string) => boolean, loadedFiles: readonly string[]): string | undefined {
  const peers = manifest.peerDependencies ?? {};
  const framework: Framework = peers.cdktn !== undefined ? "cdktn" : "cdktf";
  const other: Framework = framework === "cdktf" ? "cdktn" : "cdktf";
  const otherPackage = manifest.name.replace(/^cdkt[fn]-/, `${other}-`);
  const advice = `this package needs ${framework}; for ${FRAMEWORKS[other].title} install ${otherPackage}`;
  const required = [framework, FRAMEWORKS[framework].provider, "constructs"];
  const missing = required.filter((module) => !canResolve(module === FRAMEWORKS[framework].provider ? `${module}/lib/provider` : module));
  if (missing.length > 0) {
    const install = missing.map((module) => `"${module}@${peers[module] ?? "latest"}"`).join(" ");
    return (
      `${manifest.name}: ${advice}. Not installed: ${missing.join(", ")}. ` +
      `For ${FRAMEWORKS[framework].title}, install them: npm install ${install}`
    );
  }
  const otherLoaded = loadedFiles.some((file) => file.includes(`${sep}node_modules${sep}${other}${sep}`));
  if (otherLoaded) {
    return `${manifest.name}: ${advice}. This app has already loaded ${other} (${FRAMEWORKS[other].title}), whose stacks cannot hold ${framework} resources.`;
  }
  return undefined;
}

/** The nearest package.json above `dir`: the package's own (lib/constructs/ in a build, constructs/ in the repository). */
export function ownManifest(dir: string): FlavourManifest {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, "package.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as FlavourManifest;
    if (dirname(at) === at) throw new Error(`no package.json above ${dir}`);
  }
}

function canResolve(module: string): boolean {
  try {
    require.resolve(module);
    return true;
  } catch {
    return false;
  }
}

const problem = frameworkProblem(ownManifest(__dirname), canResolve, Object.keys(require.cache ?? {}));
if (problem !== undefined) throw new Error(problem);
