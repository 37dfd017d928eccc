/**
 * Tests the published artifact, not the sources: `npm pack` (which compiles through `prepack`), then a temporary
 * consumer project whose node_modules holds that tarball, extracted, plus the peers this repository has installed,
 * and which synthesizes a stack with the package's public entry points.
 *
 * It does not run `npm install`: npm asks the registry for the metadata of every dependency and peer of the tarball
 * (windows-iana and the optional peers), so without the network it works only where the npm cache already holds
 * that metadata, which on a fresh machine it does not. test/support/packed-package.ts lays node_modules out the
 * way npm would, from the tarball and this repository's node_modules, and gives every child process an empty npm
 * cache and an unreachable (loopback) registry: nothing here uses the network or the user's npm cache.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closedLoopbackPort, installIntoConsumer, isolatedEnvironment, packRepository, scratchFolder, type PackedPackage } from "../support/packed-package";

let scratch: string;
let consumer: string;
let env: NodeJS.ProcessEnv;
let packed: PackedPackage;

beforeAll(async () => {
  scratch = scratchFolder("agent-platform-packed-");
  env = isolatedEnvironment(scratch, await closedLoopbackPort());
  packed = packRepository(scratch, env);
  consumer = join(scratch, "consumer");
  const peers = packed.manifest.peerDependencies ?? {};
  const dependencies = Object.fromEntries(["cdktf", "constructs", "@cdktf/provider-azurerm"].map((name) => [name, peers[name]!]));
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies: { [packed.manifest.name]: packed.manifest.version, ...dependencies } }),
  );
  installIntoConsumer(consumer, packed);
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function runInConsumer(source: string): string {
  const file = join(consumer, "main.js");
  writeFileSync(file, source);
  return execFileSync(process.execPath, [file], { cwd: consumer, encoding: "utf8", env });
}

test("the tarball holds compiled code, declarations, README, docs and LICENSE, and no tests or sources", () => {
  const packedFiles = packed.files;
  expect(packedFiles).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "lib/constructs/index.js", "lib/constructs/index.d.ts", "lib/src/pool/index.js", "lib/src/pool/index.d.ts"]));
  // The README links every page of docs/, so the tarball carries all of them (and nothing else from docs/).
  expect(packedFiles.filter((file) => file.startsWith("docs/")).sort()).toEqual([
    "docs/ai-and-data.md",
    "docs/aks.md",
    "docs/alerts.md",
    "docs/capacity.md",
    "docs/dashboard.md",
    "docs/diagram.md",
    "docs/environment-and-apps.md",
    "docs/load-test.md",
    "docs/platform.md",
    "docs/pool-benchmark.md",
    "docs/pool-endurance.md",
    "docs/pool-environment.md",
    "docs/pool.md",
    "docs/runbook.md",
    "docs/scheduled-autoscale.md",
    "docs/simulation.md",
    "docs/synth-benchmark.md",
  ]);
  expect(packedFiles.filter((file) => file.startsWith("test/") || file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
  // No source maps are shipped, so the compiled code references none.
  expect(packedFiles.filter((file) => file.endsWith(".map"))).toEqual([]);
  const index = execFileSync("tar", ["-xzOf", packed.tarball, "package/lib/constructs/index.js"], { encoding: "utf8" });
  expect(index).not.toMatch(/sourceMappingURL/);
});

test("a consumer project synthesizes the platform from the installed package", () => {
  const output = runInConsumer(`
    const { App, TerraformStack } = require("cdktf");
    const { AzurermProvider } = require("@cdktf/provider-azurerm/lib/provider");
    const { RetailCustomerServicePlatform } = require("cdktf-azure-agent-platform");
    const app = new App({ outdir: "out" });
    const stack = new TerraformStack(app, "consumer");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new RetailCustomerServicePlatform(stack, "cs", { location: "eastus2", images: { tag: "v1.1.2" }, alerts: { emails: ["ops@example.com"] } });
    app.synth();
    console.log(JSON.stringify(require("fs").readdirSync("out/stacks/consumer")));
  `);
  expect(JSON.parse(output.trim())).toEqual(["cdk.tf.json"]);
  const json = JSON.parse(readFileSync(join(consumer, "out/stacks/consumer/cdk.tf.json"), "utf8"));
  const apps = Object.values(json.resource.azurerm_container_app) as Array<{ template: { http_scale_rule?: unknown[] }; ingress: { external_enabled: boolean } }>;
  expect(apps).toHaveLength(8);
  expect(apps.filter((app) => app.ingress.external_enabled)).toHaveLength(1);
  expect(Object.keys(json.resource.azurerm_cognitive_deployment)).toHaveLength(1);
  expect(Object.keys(json.output)).toEqual([expect.stringMatching(/^cs_GatewayUrl_/)]);
});

test("the package's bin writes the runbook of the consumer's synthesized stack", () => {
  const bin = join(consumer, "node_modules", ".bin", "cdktf-azure-agent-platform");
  const markdown = execFileSync(process.execPath, [bin, "runbook", join(consumer, "out/stacks/consumer/cdk.tf.json")], { cwd: consumer, encoding: "utf8", env });
  const json = JSON.parse(readFileSync(join(consumer, "out/stacks/consumer/cdk.tf.json"), "utf8"));
  const appNames = Object.values(json.resource.azurerm_container_app).map((app) => (app as { name: string }).name);
  const headings = markdown.split("\n").filter((line) => line.startsWith("## ")).map((line) => line.slice(3).trim());
  expect(appNames).toHaveLength(8);
  for (const name of appNames) expect(headings).toContain(name);
});

test("installed in a CDK Terrain app (cdktn, no cdktf), the constructs entry point fails at load with what to install instead", () => {
  const cdktnApp = join(scratch, "cdktn-app");
  mkdirSync(cdktnApp);
  const dependencies = { [packed.manifest.name]: packed.manifest.version, cdktn: "0.24.0", "@cdktn/provider-azurerm": "16.1.0", constructs: "^10.6.0" };
  writeFileSync(join(cdktnApp, "package.json"), JSON.stringify({ name: "cdktn-app", version: "1.0.0", private: true, dependencies }));
  installIntoConsumer(cdktnApp, packed);
  writeFileSync(join(cdktnApp, "main.js"), `require("cdktn"); require(${JSON.stringify(packed.manifest.name)});`);
  const result = spawnSync(process.execPath, ["main.js"], { cwd: cdktnApp, encoding: "utf8", env });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("this package needs cdktf; for CDK Terrain install cdktn-azure-agent-platform");
  expect(result.stderr).not.toContain("Cannot find module");
});

test("the ./pool entry point loads without cdktf, constructs or the provider", () => {
  const output = runInConsumer(`
    require("cdktf-azure-agent-platform/pool");
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify(loaded.filter((file) => /node_modules[\\\\/](cdktf|constructs|@cdktf)[\\\\/]/.test(file))));
  `);
  expect(JSON.parse(output.trim())).toEqual([]);
});
