/**
 * The CDK Terrain flavour as a cdktn user gets it: `npm run pack:cdktn`'s tarball (scripts/pack-cdktn.ts), installed
 * into a consumer whose package.json names only cdktn, @cdktn/provider-azurerm and constructs (plus cdktn-cli,
 * ts-node and TypeScript to run `cdktn synth`), laid out by test/support/packed-package.ts with an empty npm cache
 * and an unreachable (loopback) registry, as test/package/packed-artifact.test.ts does for the cdktf flavour.
 *
 * The synthesized JSON is checked against the schema built from @cdktn/provider-azurerm's own assembly.
 * cdktn-cli 0.24.0 needs Node >= 22.19: on an older Node its test is skipped (CI runs `npm test` on 22 and 24 too).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packCdktn } from "../../scripts/pack-cdktn";
import { CDKTN_FLAVOUR } from "../../scripts/flavour";
import { expectValidProviderSchema } from "../support/provider-schema";
import { closedLoopbackPort, installIntoConsumer, isolatedEnvironment, readManifest, repositoryRoot, scratchFolder, type PackageManifest, type PackedPackage } from "../support/packed-package";
import { Template } from "../support/template";

const CDKTN_CLI_MIN_NODE = [22, 19];
const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
const cliProblem =
  major > CDKTN_CLI_MIN_NODE[0]! || (major === CDKTN_CLI_MIN_NODE[0] && minor >= CDKTN_CLI_MIN_NODE[1]!)
    ? undefined
    : `cdktn-cli ${readManifest(join(repositoryRoot, "node_modules", "cdktn-cli")).version} needs Node >= ${CDKTN_CLI_MIN_NODE.join(".")}, this is ${process.versions.node}`;

const PLATFORM_JS = `
  const { App, TerraformStack } = require("cdktn");
  const { AzurermProvider } = require("@cdktn/provider-azurerm/lib/provider");
  const { RetailCustomerServicePlatform } = require("cdktn-azure-agent-platform");
  const app = new App({ outdir: "out" });
  const stack = new TerraformStack(app, "consumer");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", alerts: { emails: ["ops@example.com"] } });
  app.synth();
  const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(file));
  const root = require("cdktn-azure-agent-platform");
  console.log(JSON.stringify({ loaded, exported: { AgentCluster: typeof root.AgentCluster, KubernetesAgentApp: typeof root.KubernetesAgentApp } }));
`;

const MAIN_TS = `import { App, TerraformStack } from "cdktn";
import { AzurermProvider } from "@cdktn/provider-azurerm/lib/provider";
import { RetailCustomerServicePlatform } from "cdktn-azure-agent-platform";

const app = new App();
const stack = new TerraformStack(app, "customer-service");
new AzurermProvider(stack, "azurerm", { features: [{}] });
new RetailCustomerServicePlatform(stack, "platform", { location: "eastus2" });
app.synth();
`;

let scratch: string;
let env: NodeJS.ProcessEnv;
let packed: PackedPackage;
/** The sources the flavour left out (scripts/flavour.ts `flavourSources`). */
let leftOut: readonly string[];

/** The repository's sources that CDKTN_FLAVOUR.withoutCdktnBuild names (none until the Kubernetes constructs exist). */
function kubernetesSources(): string[] {
  const entries = Object.values(CDKTN_FLAVOUR.withoutCdktnBuild).flat();
  return entries
    .flatMap((entry) => {
      const at = join(repositoryRoot, entry);
      if (!existsSync(at)) return [];
      return entry.endsWith("/") ? readdirSync(at, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts")).map((file) => `${entry}${file.split("\\").join("/")}`) : [entry];
    })
    .sort();
}

/** A consumer folder with this package.json, its node_modules laid out from the tarball and this repository. */
function consumerWith(name: string, dependencies: Record<string, string>, devDependencies: Record<string, string> = {}): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, dependencies: { [packed.manifest.name]: packed.manifest.version, ...dependencies }, devDependencies }));
  installIntoConsumer(dir, packed);
  return dir;
}

function runNode(cwd: string, source: string): string {
  writeFileSync(join(cwd, "main.js"), source);
  return execFileSync(process.execPath, [join(cwd, "main.js")], { cwd, encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
}

function stackOf(dir: string): Template {
  const json = JSON.parse(readFileSync(dir, "utf8"));
  expectValidProviderSchema(json, { providerPackage: "@cdktn/provider-azurerm" });
  return new Template(json);
}

let cdktnApp: string;

beforeAll(async () => {
  scratch = scratchFolder("agent-platform-cdktn-");
  env = isolatedEnvironment(scratch, await closedLoopbackPort());
  const flavour = packCdktn({ destination: scratch, env, log: () => undefined });
  packed = { tarball: flavour.tarball, files: flavour.files, manifest: flavour.manifest as unknown as PackageManifest };
  leftOut = flavour.leftOut;
  const peers = packed.manifest.peerDependencies ?? {};
  const frameworkPeers = Object.fromEntries(["cdktn", "@cdktn/provider-azurerm", "constructs"].map((peer) => [peer, peers[peer]!]));
  cdktnApp = consumerWith("cdktn-app", frameworkPeers, { "cdktn-cli": "0.24.0", "ts-node": "^10.9.2", typescript: "^5.9.3" });
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("npm run pack:cdktn writes cdktn-azure-agent-platform-<version>.tgz with cdktn's peers and the same files as the cdktf flavour", () => {
  const root = readManifest(repositoryRoot);
  expect(packed.tarball).toBe(join(scratch, `cdktn-azure-agent-platform-${root.version}.tgz`));
  expect(packed.manifest).toMatchObject({ name: "cdktn-azure-agent-platform", version: root.version, bin: { "cdktn-azure-agent-platform": "lib/src/cli/main.js" } });
  const peers = packed.manifest.peerDependencies ?? {};
  expect(Object.keys(peers).filter((peer) => /cdktf/.test(peer))).toEqual([]);
  expect(peers).toMatchObject({ cdktn: "^0.24.0", "@cdktn/provider-azurerm": "^16.1.0", constructs: "^10.6.0" });
  expect(packed.manifest.peerDependenciesMeta?.cdktn).toEqual({ optional: true });
  expect(packed.manifest.scripts).toBeUndefined();
  expect(packed.files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "lib/constructs/index.js", "lib/constructs/index.d.ts", "lib/src/pool/index.js"]));
  expect(packed.files.filter((file) => file.endsWith(".map") || (file.endsWith(".ts") && !file.endsWith(".d.ts")))).toEqual([]);
});

test("the Kubernetes-provider sources (no @cdktn/provider-kubernetes exists) are left out of the tarball and its peers; AgentCluster stays", () => {
  expect(leftOut).toEqual(kubernetesSources());
  expect(packed.files.filter((file) => /^lib\/constructs\/(kubernetes-agent-app\.|kubernetes\/)/.test(file))).toEqual([]);
  expect(Object.keys(packed.manifest.peerDependencies ?? {})).not.toContain("@cdktf/provider-kubernetes");
  if (existsSync(join(repositoryRoot, "constructs", "agent-cluster.ts"))) {
    expect(packed.files).toEqual(expect.arrayContaining(["lib/constructs/agent-cluster.js", "lib/constructs/agent-cluster.d.ts"]));
  }
});

test("a cdktn-only consumer synthesizes the default platform: 8 container apps, no cdktf module loaded, none in node_modules", () => {
  const { loaded, exported } = JSON.parse(runNode(cdktnApp, PLATFORM_JS).trim()) as { loaded: string[]; exported: Record<string, string> };
  expect(loaded).toEqual([]);
  // The root index of the cdktn flavour has no Kubernetes-provider construct; AgentCluster (azurerm only) is there once it exists.
  expect(exported).toEqual({ AgentCluster: existsSync(join(repositoryRoot, "constructs", "agent-cluster.ts")) ? "function" : "undefined", KubernetesAgentApp: "undefined" });
  const template = stackOf(join(cdktnApp, "out/stacks/consumer/cdk.tf.json"));
  expect(template.count("azurerm_container_app")).toBe(8);
  expect(template.find("azurerm_container_app", { ingress: { external_enabled: true } })).toHaveLength(1);
  const nodeModules = readdirSync(join(cdktnApp, "node_modules"));
  expect(nodeModules.filter((entry) => /cdktf/.test(entry))).toEqual([]);
  expect(existsSync(join(cdktnApp, "node_modules", "cdktn"))).toBe(true);
});

test("installed where only cdktf is, the cdktn flavour fails at load with what to install instead", () => {
  const cdktfApp = consumerWith("cdktf-app", { cdktf: "0.21.0", "@cdktf/provider-azurerm": "14.23.1", constructs: "^10.6.0" });
  writeFileSync(join(cdktfApp, "main.js"), 'require("cdktn-azure-agent-platform");');
  const result = spawnSync(process.execPath, ["main.js"], { cwd: cdktfApp, encoding: "utf8", env });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("this package needs cdktn; for CDK for Terraform install cdktf-azure-agent-platform");
  expect(result.stderr).toContain("Not installed: cdktn, @cdktn/provider-azurerm");
});

(cliProblem === undefined ? test : test.skip)(
  "`cdktn synth` (cdktn-cli) writes the default platform's 8 container apps",
  () => {
    writeFileSync(join(cdktnApp, "main.ts"), MAIN_TS);
    writeFileSync(join(cdktnApp, "cdktf.json"), JSON.stringify({ language: "typescript", app: "npx ts-node main.ts", sendCrashReports: false }));
    writeFileSync(
      join(cdktnApp, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", lib: ["ES2022"], module: "CommonJS", strict: true, skipLibCheck: true }, exclude: ["node_modules", "cdktf.out"] }),
    );
    const result = spawnSync(join(cdktnApp, "node_modules", ".bin", "cdktn"), ["synth"], { cwd: cdktnApp, encoding: "utf8", env, timeout: 180_000 });
    if (result.status !== 0) throw new Error(`cdktn synth failed (${result.error ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
    const template = stackOf(join(cdktnApp, "cdktf.out", "stacks", "customer-service", "cdk.tf.json"));
    expect(template.count("azurerm_container_app")).toBe(8);
    expect(readdirSync(join(cdktnApp, "node_modules")).filter((entry) => /cdktf/.test(entry))).toEqual([]);
  },
  180_000,
);

if (cliProblem !== undefined) {
  test(`cdktn synth is skipped here: ${cliProblem}`, () => {
    expect(cliProblem).toMatch(/needs Node >= 22\.19/);
  });
}
