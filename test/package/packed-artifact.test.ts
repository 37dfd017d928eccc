/**
 * Tests the published artifact, not the sources: `npm pack` (which compiles through `prepack`), then a
 * temporary consumer project that installs the tarball offline, links the peers this repository has
 * installed, and synthesizes a stack with the package's public entry points. Loopback only: nothing
 * is fetched from a registry (`--offline`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let consumer: string;
let packedFiles: string[];

beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), "agent-platform-consumer-"));
  const packOutput = execFileSync(npm, ["pack", "--json", "--pack-destination", consumer], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [packed] = JSON.parse(packOutput.slice(packOutput.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = packed!.files.map((file) => file.path);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  const peers = ["cdktf", "constructs", "@cdktf/provider-azurerm"].map((name) => `file:${join(root, "node_modules", name)}`);
  execFileSync(npm, ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-save", join(consumer, packed!.filename), ...peers], {
    cwd: consumer,
    stdio: "pipe",
    env: { ...process.env, npm_config_loglevel: "error" },
  });
}, 240_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

function runInConsumer(source: string): string {
  const file = join(consumer, "main.js");
  writeFileSync(file, source);
  return execFileSync(process.execPath, [file], { cwd: consumer, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
}

test("the tarball holds compiled code, declarations, README and LICENSE, and no tests or sources", () => {
  expect(packedFiles).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "lib/constructs/index.js", "lib/constructs/index.d.ts", "lib/src/pool/index.js", "lib/src/pool/index.d.ts"]));
  expect(packedFiles.filter((file) => file.startsWith("test/") || file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
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

test("the ./pool entry point loads without cdktf, constructs or the provider", () => {
  const output = runInConsumer(`
    require("cdktf-azure-agent-platform/pool");
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify(loaded.filter((file) => /node_modules[\\\\/](cdktf|constructs|@cdktf)[\\\\/]/.test(file))));
  `);
  expect(JSON.parse(output.trim())).toEqual([]);
});
