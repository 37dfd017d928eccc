import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/**
 * House rule 1 (deep imports only) and the layout rule (src/ is framework-free), checked on the
 * TypeScript syntax tree: comments and string contents never count, every import form does.
 */

const ROOT = path.resolve(__dirname, "..");
const SCANNED_DIRS = ["constructs", "src", "examples", "test", "bench"];

/** A provider's barrel (azurerm, kubernetes): the package root or its lib/index (or lazy-index), which load every resource. */
const PROVIDER_BARREL = /^@cdktf\/provider-(azurerm|kubernetes)(\/lib(\/(lazy-)?index(\.js)?)?)?\/?$/;
/** Framework packages that src/ must never load. */
const FRAMEWORK = /^(cdktf|constructs|@cdktf\/[^/]+)(\/.*)?$/;

interface ModuleReference {
  readonly specifier: string;
  readonly line: number;
}

/** Every module a source file references: import/export ... from, import x = require, require(), import(), import("...") types. */
function moduleReferences(fileName: string, text: string): ModuleReference[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: ModuleReference[] = [];
  const add = (node: ts.Node | undefined): void => {
    if (node !== undefined && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The synth benchmark's scenario (3) measures what the barrel costs; no other file may load it. */
const BARREL_ALLOWED = new Set(["bench/synth/apps/barrel-app.ts"]);

/** Rule violations of one file, as `file:line: message`; `relativePath` uses "/" and decides which rules apply. */
function violations(relativePath: string, text: string): string[] {
  const inSrc = relativePath.startsWith("src/");
  const problems: string[] = [];
  for (const { specifier, line } of moduleReferences(relativePath, text)) {
    const where = `${relativePath}:${line}`;
    if (PROVIDER_BARREL.test(specifier) && !BARREL_ALLOWED.has(relativePath)) {
      problems.push(`${where}: imports the provider barrel "${specifier}"; deep-import ${specifier.split("/").slice(0, 2).join("/")}/lib/<resource> instead`);
    } else if (inSrc && FRAMEWORK.test(specifier)) {
      problems.push(`${where}: src/ must stay framework-free but imports "${specifier}"; move this code to constructs/`);
    } else if (inSrc && specifier.startsWith(".")) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(relativePath), specifier));
      if (!target.startsWith("src/")) problems.push(`${where}: src/ must not depend on "${specifier}" (outside src/); dependencies point from constructs/ to src/`);
    }
  }
  return problems;
}

function typeScriptFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : typeScriptFiles(full);
    return /\.[cm]?ts$/.test(entry.name) ? [full] : [];
  });
}

describe("import scanner", () => {
  const barrelForms: Record<string, string> = {
    "import declaration": 'import { ContainerApp } from "@cdktf/provider-azurerm";',
    "type-only import": 'import type { provider } from "@cdktf/provider-azurerm";',
    "namespace import": 'import * as azurerm from "@cdktf/provider-azurerm";',
    "side-effect import": 'import "@cdktf/provider-azurerm";',
    "re-export": 'export { containerApp } from "@cdktf/provider-azurerm";',
    "export star": 'export * from "@cdktf/provider-azurerm";',
    "import = require": 'import azurerm = require("@cdktf/provider-azurerm");',
    "require call": 'const azurerm = require("@cdktf/provider-azurerm");',
    "dynamic import": 'async function load() { return import("@cdktf/provider-azurerm"); }',
    "import type query": 'let p: typeof import("@cdktf/provider-azurerm").provider;',
    "lib index": 'import { containerApp } from "@cdktf/provider-azurerm/lib";',
    "lib/index.js": 'const all = require("@cdktf/provider-azurerm/lib/index.js");',
    "kubernetes barrel": 'import { DeploymentV1 } from "@cdktf/provider-kubernetes";',
    "kubernetes lib index": 'const k8s = require("@cdktf/provider-kubernetes/lib/index.js");',
  };
  test.each(Object.entries(barrelForms))("catches the provider barrel in this form: %s", (_form, statement) => {
    expect(violations("constructs/app.ts", `// header\n${statement}\n`)).toEqual([
      expect.stringMatching(/^constructs\/app\.ts:2: imports the provider barrel "@cdktf\/provider-(azurerm|kubernetes)[^"]*"; deep-import @cdktf\/provider-(azurerm|kubernetes)\/lib\/<resource>/),
    ]);
  });

  test("allows deep imports and ignores the barrel name in comments and strings", () => {
    const text = [
      'import { ContainerApp } from "@cdktf/provider-azurerm/lib/container-app";',
      'const lazy = require("@cdktf/provider-azurerm/lib/resource-group");',
      'import type { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";',
      '// import { x } from "@cdktf/provider-azurerm";',
      'const doc = `import { x } from "@cdktf/provider-azurerm"`;',
      'const name = "@cdktf/provider-azurerm";',
    ].join("\n");
    expect(moduleReferences("constructs/app.ts", text).map((r) => r.specifier)).toEqual([
      "@cdktf/provider-azurerm/lib/container-app",
      "@cdktf/provider-azurerm/lib/resource-group",
      "@cdktf/provider-kubernetes/lib/deployment-v1",
    ]);
    expect(violations("constructs/app.ts", text)).toEqual([]);
  });

  test("catches framework imports and escapes out of src/, in every form", () => {
    const text = [
      'import { Construct } from "constructs";',
      'import { Token } from "cdktf/lib/tokens";',
      'import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";',
      'export * from "@cdktf/provider-azuread/lib/user";',
      'const cdktf = require("cdktf");',
      'const later = () => import("constructs");',
      'import { App } from "../../constructs/scaled-agent-app";',
      'import { Duration } from "../core/duration";',
    ].join("\n");
    expect(violations("src/pool/index.ts", text).map((v) => v.replace(/ but .*| \(outside.*/, ""))).toEqual([
      'src/pool/index.ts:1: src/ must stay framework-free',
      'src/pool/index.ts:2: src/ must stay framework-free',
      'src/pool/index.ts:3: src/ must stay framework-free',
      'src/pool/index.ts:4: src/ must stay framework-free',
      'src/pool/index.ts:5: src/ must stay framework-free',
      'src/pool/index.ts:6: src/ must stay framework-free',
      'src/pool/index.ts:7: src/ must not depend on "../../constructs/scaled-agent-app"',
    ]);
    // The same imports are fine outside src/.
    expect(violations("constructs/index.ts", text)).toEqual([]);
  });
});

describe("repository sources", () => {
  const files = SCANNED_DIRS.flatMap((dir) => typeScriptFiles(path.join(ROOT, dir)));
  const relative = (file: string): string => path.relative(ROOT, file).split(path.sep).join("/");

  test("the scan sees the source trees (so a pass means something)", () => {
    const scanned = files.map(relative);
    expect(scanned).toContain("test/imports.test.ts");
    expect(scanned).toContain("constructs/index.ts");
    expect(scanned.some((f) => f.startsWith("src/"))).toBe(true);
  });

  test("never import the provider barrel, and src/ never imports the framework", () => {
    const problems = files.flatMap((file) => violations(relative(file), fs.readFileSync(file, "utf8")));
    expect(problems).toEqual([]);
  });
});
