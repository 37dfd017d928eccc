import { CDKTN_FLAVOUR, cdktnManifest, flavourSources, moduleSpecifiers, renameModule, renameModuleSpecifiers, type SourceFile } from "../../scripts/flavour";

describe("renameModule", () => {
  test("cdktf and the provider, deep paths kept; anything else unchanged", () => {
    expect(renameModule("cdktf")).toBe("cdktn");
    expect(renameModule("cdktf/lib/annotations")).toBe("cdktn/lib/annotations");
    expect(renameModule("@cdktf/provider-azurerm/lib/container-app")).toBe("@cdktn/provider-azurerm/lib/container-app");
    for (const other of ["constructs", "cdktf-azure-agent-platform/pool", "cdktfx", "./cdktf", "node:fs"]) expect(renameModule(other)).toBe(other);
  });

  test("an @cdktf package without a cdktn name is an error, not a silent leftover", () => {
    expect(() => renameModule("@cdktf/provider-random/lib/string")).toThrow(/no cdktn name for the module "@cdktf\/provider-random\/lib\/string"/);
  });
});

describe("renameModuleSpecifiers", () => {
  test("every form of a module reference in emitted JavaScript, not strings or comments", () => {
    const js = [
      '"use strict";',
      'const cdktf_1 = require("cdktf");',
      "const app_1 = require('@cdktf/provider-azurerm/lib/container-app');",
      'const resolved = require.resolve("cdktf");',
      'const lazy = () => import("@cdktf/provider-azurerm/lib/provider");',
      '// require("cdktf") in a comment',
      'const message = "install cdktf";',
      'const constructs_1 = require("constructs");',
    ].join("\n");
    const { text, renamed } = renameModuleSpecifiers("a.js", js);
    expect(renamed).toBe(4);
    expect(moduleSpecifiers("a.js", text).map((specifier) => specifier.text)).toEqual(["cdktn", "@cdktn/provider-azurerm/lib/container-app", "cdktn", "@cdktn/provider-azurerm/lib/provider", "constructs"]);
    expect(text).toContain("const app_1 = require('@cdktn/provider-azurerm/lib/container-app');");
    expect(text).toContain('// require("cdktf") in a comment');
    expect(text).toContain('const message = "install cdktf";');
  });

  test("declarations: import/export from, import types and side-effect imports", () => {
    const dts = [
      'import { TerraformStack } from "cdktf";',
      'import * as app from "@cdktf/provider-azurerm/lib/container-app";',
      'export { Fn } from "cdktf";',
      'import "cdktf";',
      'export declare const x: import("cdktf").IResolvable;',
      'import type { Construct } from "constructs";',
    ].join("\n");
    const { text, renamed } = renameModuleSpecifiers("a.d.ts", dts);
    expect(renamed).toBe(5);
    expect(moduleSpecifiers("a.d.ts", text).map((specifier) => specifier.text)).toEqual(["cdktn", "@cdktn/provider-azurerm/lib/container-app", "cdktn", "cdktn", "cdktn", "constructs"]);
  });
});

describe("cdktnManifest", () => {
  const source = {
    name: "cdktf-azure-agent-platform",
    description: "Constructs.",
    version: "0.1.0",
    keywords: ["azure", "cdktf"],
    bin: { "cdktf-azure-agent-platform": "lib/src/cli/main.js" },
    scripts: { prepack: "projen compile" },
    devDependencies: { jest: "^30" },
    overrides: { x: "1" },
    dependencies: { "windows-iana": "^5.1.0" },
    peerDependencies: { cdktf: ">=0.21.0 <0.22.0", "@cdktf/provider-azurerm": "^14.23.1", constructs: "^10.4.2", openai: "^6.3.0" },
    peerDependenciesMeta: { cdktf: { optional: true }, "@cdktf/provider-azurerm": { optional: true }, constructs: { optional: true }, openai: { optional: true } },
  };

  test("name, bin, keywords and cdktn's peers; no scripts, devDependencies or overrides; the rest as is", () => {
    const manifest = cdktnManifest(source);
    expect(manifest).toEqual({
      name: "cdktn-azure-agent-platform",
      description: "CDK Terrain (cdktn) flavour of cdktf-azure-agent-platform: Constructs.",
      version: "0.1.0",
      keywords: ["azure", "cdk-terrain", "cdktn"],
      bin: { "cdktn-azure-agent-platform": "lib/src/cli/main.js" },
      dependencies: { "windows-iana": "^5.1.0" },
      peerDependencies: { "@cdktn/provider-azurerm": "^16.1.0", cdktn: "^0.24.0", constructs: "^10.6.0", openai: "^6.3.0" },
      peerDependenciesMeta: { cdktn: { optional: true }, "@cdktn/provider-azurerm": { optional: true }, constructs: { optional: true }, openai: { optional: true } },
    });
  });

  test("a source without the framework's peers cannot become the cdktn flavour", () => {
    expect(() => cdktnManifest({ ...source, peerDependencies: { constructs: "^10.4.2" } })).toThrow("cdktf-azure-agent-platform has no peer that becomes cdktn, @cdktn/provider-azurerm");
  });

  test("a peer without a cdktn build (@cdktf/provider-kubernetes) is not a peer of the cdktn flavour", () => {
    const manifest = cdktnManifest({
      ...source,
      peerDependencies: { ...source.peerDependencies, "@cdktf/provider-kubernetes": "^12.1.1" },
      peerDependenciesMeta: { ...source.peerDependenciesMeta, "@cdktf/provider-kubernetes": { optional: true } },
    });
    expect(manifest.peerDependencies).toEqual({ "@cdktn/provider-azurerm": "^16.1.0", cdktn: "^0.24.0", constructs: "^10.6.0", openai: "^6.3.0" });
    expect(Object.keys(manifest.peerDependenciesMeta as object)).not.toContain("@cdktf/provider-kubernetes");
  });
});

describe("flavourSources", () => {
  /** A fixture package: an azurerm-only cluster construct, a Kubernetes app and its helpers, the root index. */
  const fixture = (extra: SourceFile[] = []): SourceFile[] => [
    { path: "src/core/duration.ts", text: "export class Duration {}\n" },
    { path: "constructs/agent-cluster.ts", text: 'import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";\nexport class AgentCluster { k = KubernetesCluster; }\n' },
    {
      path: "constructs/kubernetes-agent-app.ts",
      text: 'import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";\nimport { AgentCluster } from "./agent-cluster";\nexport class KubernetesAgentApp {}\n',
    },
    { path: "constructs/kubernetes/hpa.ts", text: 'import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";\n' },
    { path: "constructs/kubernetes/behavior.ts", text: 'import { Duration } from "../../src/core/duration";\nexport interface Behavior { d: Duration }\n' },
    { path: "constructs/kubernetes/index.ts", text: 'export * from "./hpa";\nexport * from "./behavior";\n' },
    {
      path: "constructs/index.ts",
      text: [
        'export { Duration } from "../src/core/duration";',
        'export * from "./agent-cluster";',
        "// Option 2 on AKS",
        'export { KubernetesAgentApp, type KubernetesAgentAppProps } from "./kubernetes-agent-app";',
        'export type { Behavior } from "./kubernetes";',
        'export * from "./scaled-agent-app";',
        "",
      ].join("\n"),
    },
    { path: "constructs/scaled-agent-app.ts", text: "export class ScaledAgentApp {}\n" },
    ...extra,
  ];

  test("the default rule leaves out KubernetesAgentApp and constructs/kubernetes/ for @cdktf/provider-kubernetes", () => {
    expect(CDKTN_FLAVOUR.withoutCdktnBuild).toEqual({ "@cdktf/provider-kubernetes": ["constructs/kubernetes-agent-app.ts", "constructs/kubernetes/"] });
  });

  test("files that use the module are left out, the index stops re-exporting them, AgentCluster and the rest stay as they are", () => {
    const files = fixture();
    const result = flavourSources(files);
    expect(result.leftOut).toEqual(["constructs/kubernetes-agent-app.ts", "constructs/kubernetes/behavior.ts", "constructs/kubernetes/hpa.ts", "constructs/kubernetes/index.ts"]);
    expect(result.kept.map((file) => file.path)).toEqual(["src/core/duration.ts", "constructs/agent-cluster.ts", "constructs/index.ts", "constructs/scaled-agent-app.ts"]);
    expect(result.droppedReExports).toEqual(["constructs/index.ts: ./kubernetes", "constructs/index.ts: ./kubernetes-agent-app"]);
    const index = result.kept.find((file) => file.path === "constructs/index.ts")!;
    expect(moduleSpecifiers(index.path, index.text).map((specifier) => specifier.text)).toEqual(["../src/core/duration", "./agent-cluster", "./scaled-agent-app"]);
    // Unchanged files are the same objects: nothing else is rewritten.
    expect(result.kept.filter((file) => file.path !== "constructs/index.ts")).toEqual(files.filter((file) => ["src/core/duration.ts", "constructs/agent-cluster.ts", "constructs/scaled-agent-app.ts"].includes(file.path)));
  });

  test("a kept file that imports @cdktf/provider-kubernetes fails the build, naming the file and where such code belongs", () => {
    const cluster = {
      path: "constructs/agent-cluster.ts",
      text: 'import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";\nexport class AgentCluster {}\n',
    };
    const files = fixture().map((file) => (file.path === cluster.path ? cluster : file));
    expect(() => flavourSources(files)).toThrow(
      [
        "pack:cdktn: 1 source(s) would not build without cdktf:",
        "  constructs/agent-cluster.ts imports @cdktf/provider-kubernetes/lib/provider, which has no cdktn build: only constructs/kubernetes-agent-app.ts, constructs/kubernetes/ may import @cdktf/provider-kubernetes (CDKTN_FLAVOUR.withoutCdktnBuild); move that code there",
      ].join("\n"),
    );
  });

  test("a kept file that imports (not re-exports) a left-out file fails too, as does a dynamic import of the module", () => {
    const grants = { path: "constructs/openai-pool-config.ts", text: 'import type { KubernetesAgentApp } from "./kubernetes-agent-app";\nexport const lazy = () => import("@cdktf/provider-kubernetes");\n' };
    expect(() => flavourSources(fixture([grants]))).toThrow(
      [
        "pack:cdktn: 2 source(s) would not build without cdktf:",
        "  constructs/openai-pool-config.ts imports ./kubernetes-agent-app (constructs/kubernetes-agent-app.ts), which the cdktn flavour leaves out: depend on an interface instead, or only re-export it from an index",
        "  constructs/openai-pool-config.ts imports @cdktf/provider-kubernetes, which has no cdktn build: only constructs/kubernetes-agent-app.ts, constructs/kubernetes/ may import @cdktf/provider-kubernetes (CDKTN_FLAVOUR.withoutCdktnBuild); move that code there",
      ].join("\n"),
    );
  });

  test("with no Kubernetes sources yet, nothing is left out or rewritten", () => {
    const files = fixture().filter((file) => !file.path.includes("kubernetes"));
    const index = files.find((file) => file.path === "constructs/index.ts")!;
    const plain = files.map((file) => (file === index ? { ...index, text: index.text.split("\n").filter((line) => !line.includes("ubernetes")).join("\n") } : file));
    expect(flavourSources(plain)).toEqual({ kept: plain, leftOut: [], droppedReExports: [] });
  });
});
