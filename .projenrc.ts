import { javascript, typescript } from "projen";

/**
 * Source of package.json, tsconfig*.json and the tasks. Edit this file, then run `npx projen`.
 */
const project = new typescript.TypeScriptProject({
  name: "cdktf-azure-agent-platform",
  description:
    "CDK for Terraform constructs for an auto-scaling multi-agent customer-service platform on Azure Container Apps, plus the runtime pool its agents use to call Azure OpenAI and Cosmos DB.",
  license: "Apache-2.0",
  copyrightOwner: "cdktf-azure-agent-platform contributors",
  authorName: "cdktf-azure-agent-platform contributors",
  keywords: ["cdktf", "terraform", "azure", "container-apps", "keda", "azure-openai", "cosmosdb", "autoscaling"],
  defaultReleaseBranch: "main",
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  jest: false,
  eslint: false,
  prettier: false,
  npmignoreEnabled: false,
  minNodeVersion: "20.18.1",
  typescriptVersion: "~5.9.3",
  srcdir: "src",
  tsconfigDevFile: "tsconfig.dev.json",
  libdir: "lib",
  testdir: "test",
  entrypoint: "lib/constructs/index.js",
  entrypointTypes: "lib/constructs/index.d.ts",
  deps: ["windows-iana@^5.1.0"],
  peerDeps: [
    "cdktf@>=0.21.0 <0.22.0",
    "@cdktf/provider-azurerm@^14.23.1",
    // ^10.6.0, not cdktf's ^10.4.2: the tests run on the minimum (projen pins the devDependency to it), and cdktn 0.24,
    // installed beside cdktf for the CDK Terrain flavour, takes >=10.6.0 <10.8.0 from the same node_modules.
    "constructs@^10.6.0",
    // the runtime pool's SDKs: optional, so that a CDKTF app never installs them and a container installs only these
    "openai@^6.3.0",
    "@azure/cosmos@^4.9.0",
    "@azure/identity@^4.10.0",
    "undici@^7.10.0",
    "@opentelemetry/api@^1.9.0",
    // Option 2 on AKS (KubernetesAgentApp): optional, only a stack with Kubernetes apps needs it.
    "@cdktf/provider-kubernetes@^12.1.1",
    // SimulationResult.toSvg(): optional. The 5.x lines, CommonJS: vega 6 is ESM-only and vega-lite 6 needs Node >= 22.
    "vega@^5.33.0",
    "vega-lite@^5.23.0",
  ],
  devDeps: [
    "cdktf@0.21.0",
    "cdktf-cli@0.21.0",
    "@cdktf/provider-azurerm@14.23.1",
    "@cdktf/provider-kubernetes@12.1.1",
    "vega@5.33.1",
    "vega-lite@5.23.0",
    "constructs@10.6.0", // projen pins peers' devDependencies to the peer's minimum anyway
    // The CDK Terrain flavour (`npm run pack:cdktn`) is type-checked, packed and synthesized against these.
    "cdktn@0.24.0",
    "@cdktn/provider-azurerm@16.1.0",
    "cdktn-cli@0.24.0",
    "@types/node@^20",
    "jest@^30",
    "@types/jest@^30",
    "@swc/core@^1.15",
    "@swc/jest@^0.2.39",
    "eslint@^9.39.0",
    "typescript-eslint@^8.46.0",
    "@eslint/js@^9.39.0",
    "openai@6.30.1",
    "@azure/cosmos@4.9.3",
    "@azure/identity@4.13.1",
    "undici@7.16.0",
    "@opentelemetry/api@1.9.0",
    "@vercel/cosmosdb-server@1.0.1",
    "selfsigned@^5.5.0",
    "fast-check@^4.3.0",
    // parses the SVG of SimulationResult.toSvg() in tests
    "fast-xml-parser@^5.12.1",
    "@microsoft/api-extractor@^7.60.1",
    "@microsoft/api-documenter@^7.30.18",
    "@kusto/language-service-next@^12.4.1",
  ],
  tsconfig: {
    include: ["constructs/**/*.ts"],
    exclude: ["node_modules", "lib", "test", "examples", "bench"],
    compilerOptions: {
      rootDir: ".",
      outDir: "lib",
      target: "ES2022",
      lib: ["ES2022"],
      module: "commonjs",
      moduleResolution: javascript.TypeScriptModuleResolution.NODE,
      declaration: true,
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      skipLibCheck: true,
      esModuleInterop: true,
      inlineSourceMap: false,
      inlineSources: false,
      // The tarball ships no .map files (nor the .ts they would point to), so the .js files must not reference any.
      sourceMap: false,
    },
  },
  tsconfigDev: {
    include: ["constructs/**/*.ts", "test/**/*.ts", "examples/**/*.ts", "bench/**/*.ts", ".projenrc.ts"],
    exclude: ["node_modules", "lib"],
    compilerOptions: {
      noEmit: true,
      types: ["node", "jest"],
    },
  },
});

// Exports map: "." is the constructs plus the framework-free core; "./pool" is the runtime module for agent containers.
project.package.addField("exports", {
  ".": { types: "./lib/constructs/index.d.ts", default: "./lib/constructs/index.js" },
  "./pool": { types: "./lib/src/pool/index.d.ts", default: "./lib/src/pool/index.js" },
  "./package.json": "./package.json",
});
// The package's bin (src/cli/main.ts): `cdktf-azure-agent-platform runbook <cdk.tf.json>`.
project.package.addBin({ "cdktf-azure-agent-platform": "lib/src/cli/main.js" });
project.package.addField("files", ["lib/**/*.js", "lib/**/*.d.ts", "!lib/**/*.tsbuildinfo", "README.md", "CHANGELOG.md", "docs/**/*.md", "!docs/api/**", "!docs/api-pool/**", "LICENSE"]);
// The one module with an effect: the constructs entry point's check that the framework it was built for is installed.
project.package.addField("sideEffects", ["./lib/constructs/framework-check.js"]);
project.package.addField("peerDependenciesMeta", {
  // The constructs need cdktf, constructs and the provider; agent containers need none of them.
  "cdktf": { optional: true },
  "@cdktf/provider-azurerm": { optional: true },
  "constructs": { optional: true },
  "openai": { optional: true },
  "@azure/cosmos": { optional: true },
  "@azure/identity": { optional: true },
  "undici": { optional: true },
  "@opentelemetry/api": { optional: true },
  "@cdktf/provider-kubernetes": { optional: true },
  "vega": { optional: true },
  "vega-lite": { optional: true },
});

const lint = project.addTask("lint", {
  description: "ESLint over every TypeScript file (never rewrites sources)",
  exec: "eslint --max-warnings 0 .",
});
const typecheck = project.addTask("typecheck", {
  description: "Type-check sources, tests, examples and benchmarks",
  exec: "tsc --noEmit -p tsconfig.dev.json",
});
const jestTask = project.addTask("jest", {
  description: "Unit and integration tests with coverage (snapshots are never updated here)",
  exec: "jest --ci --coverage",
  receiveArgs: true,
});
// The API reports under etc/ (one per entry point) are reviewed with every change: `npm test` fails when the
// declarations no longer match them; `npm run api:update` rewrites them (and the API reference in docs/api/).
const apiEntryPoints = ["etc/api-extractor.json", "etc/api-extractor-pool.json"];
const apiCheck = project.addTask("api:check", {
  description: "Compile the declarations and compare the public API with the reports under etc/",
  steps: [{ exec: "tsc -p tsconfig.json" }, ...apiEntryPoints.map((config) => ({ exec: `api-extractor run -c ${config}` }))],
});
project.addTask("api:update", {
  description: "Rewrite the API reports under etc/ and the API reference in docs/api/ from the TSDoc",
  steps: [
    { exec: "tsc -p tsconfig.json" },
    ...apiEntryPoints.map((config) => ({ exec: `api-extractor run --local -c ${config}` })),
    { exec: "api-documenter markdown -i etc/temp/root -o docs/api" },
    { exec: "api-documenter markdown -i etc/temp/pool -o docs/api-pool" },
    // api-documenter writes CRLF; the repository keeps LF.
    { exec: "sed -i 's/\\r$//' docs/api/*.md docs/api-pool/*.md" },
  ],
});
project.testTask.reset();
project.testTask.spawn(typecheck);
project.testTask.spawn(lint);
project.testTask.spawn(jestTask);
project.testTask.spawn(apiCheck);

// `npm run build` compiles to lib/ and nothing else (tests are `npm test`).
project.package.setScript("build", "projen compile");
// `npm pack` / `npm publish` always ship freshly compiled lib/.
project.package.setScript("prepack", "projen compile");

project.addTask("bench:pool", {
  description: "Pool benchmark: this pool vs the spec's design and the raw SDK against the Azure OpenAI mock (A-C: the reference load; F: 8 replica processes sharing a quota; H: hangs; O: 200% overload)",
  exec: "ts-node --transpile-only bench/pool/run.ts",
});

project.addTask("bench:endurance", {
  description: "Pool endurance run: a compressed 24 h day of the spec's traffic through one pool against the Azure OpenAI mock (heap, handles, lost calls)",
  exec: "node --expose-gc -r ts-node/register/transpile-only bench/endurance/run.ts",
});

project.addTask("bench:synth", {
  description: "Synth benchmark: the default platform vs the same resources hand-written with deep and barrel imports, and 1/10/50 platforms",
  exec: "ts-node --transpile-only bench/synth/run.ts",
});

project.addTask("docs:simulation", {
  description: "Write the default platform's simulated day (table) into README.md and its plot to docs/simulated-day.svg",
  exec: "ts-node --transpile-only scripts/readme-simulation.ts",
});

project.addTask("setup:artillery", {
  description: "Install Artillery from tools/artillery's own lock file (Node >= 22.18; 460 packages, kept out of the package's devDependencies) for the load-test plan's Artillery run in npm test",
  env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
  exec: "npm ci --prefix tools/artillery --no-audit --no-fund --loglevel=error",
});

project.addTask("docs:diagram", {
  description: "Write the default platform's architecture diagram (platform.diagram()) into README.md",
  exec: "ts-node --transpile-only scripts/readme-diagram.ts",
});

project.addTask("synth", {
  description: "cdktf synth of the default example app into cdktf.out/",
  env: { CHECKPOINT_DISABLE: "1" },
  exec: "cdktf synth",
});

// Release basics (issue 15). The repository address is the project's own choice: no remote is configured here.
const repositoryUrl = "https://github.com/cdktf-azure-agent-platform/cdktf-azure-agent-platform";
project.package.addVersion("0.1.0");
project.package.addField("repository", { type: "git", url: `git+${repositoryUrl}.git` });
project.package.addField("homepage", `${repositoryUrl}#readme`);
project.package.addField("bugs", { url: `${repositoryUrl}/issues` });
// @cdktn/provider-azurerm 16.1.0 declares the peer cdktn ^0.23.0 but is built for 0.24: the same override consumers need.
project.package.addField("overrides", { "@cdktn/provider-azurerm": { cdktn: "$cdktn" } });
// The CDK Terrain flavour: the same sources compiled against cdktn, imports renamed, its own package.json (scripts/).
const packCdktn = project.addTask("pack:cdktn", {
  description: "Build and pack cdktn-azure-agent-platform-<version>.tgz (the CDK Terrain flavour) from the same sources",
  exec: "ts-node --transpile-only scripts/pack-cdktn.ts",
  receiveArgs: true,
});
project.addTask("release:pack", {
  description: "Pack both flavours for a release into dist/: cdktf-azure-agent-platform-<version>.tgz and cdktn-azure-agent-platform-<version>.tgz",
  steps: [{ exec: "mkdir -p dist" }, { exec: "npm pack --pack-destination dist" }, { spawn: packCdktn.name, args: ["--pack-destination", "dist"] }],
});

project.gitignore.exclude("cdktf.out/", "coverage/", "*.tgz", ".bench/", "bench/results/", "etc/temp/");

project.synth();
