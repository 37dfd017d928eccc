import { cdktnManifest, moduleSpecifiers, renameModule, renameModuleSpecifiers } from "../../scripts/flavour";

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
});
