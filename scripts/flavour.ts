/**
 * The CDK Terrain flavour, `cdktn-azure-agent-platform`: the same sources as `cdktf-azure-agent-platform`, compiled
 * against cdktn, with the framework's module names renamed in the emitted JavaScript and declarations, and a
 * package.json of its own. Pure functions here; scripts/pack-cdktn.ts runs them over a build.
 */
import * as ts from "typescript";

/** What tells the two flavours apart. */
export const CDKTN_FLAVOUR = {
  name: "cdktn-azure-agent-platform",
  /** cdktf module -> cdktn module; a deep import (`@cdktf/provider-azurerm/lib/container-app`) keeps its path. */
  modules: { cdktf: "cdktn", "@cdktf/provider-azurerm": "@cdktn/provider-azurerm" } as Readonly<Record<string, string>>,
  /** The peers that replace cdktf's; constructs as @cdktn/provider-azurerm 16 asks for it. */
  peers: { cdktn: "^0.24.0", "@cdktn/provider-azurerm": "^16.1.0", constructs: "^10.6.0" } as Readonly<Record<string, string>>,
  /**
   * cdktf modules with no cdktn build (there is no `@cdktn/provider-kubernetes` on npm), each with the only sources
   * (files, or folders ending in "/") allowed to import it. Those sources are left out of the flavour, re-exports of
   * them are dropped and the module is not a peer; any other source importing the module fails the build.
   */
  withoutCdktnBuild: {
    "@cdktf/provider-kubernetes": ["constructs/kubernetes-agent-app.ts", "constructs/kubernetes/"],
  } as Readonly<Record<string, readonly string[]>>,
} as const;

/** Whether `specifier` is `module` or one of its deep paths. */
function isModule(specifier: string, module: string): boolean {
  return specifier === module || specifier.startsWith(`${module}/`);
}

/** The cdktn name of a module specifier, or the specifier unchanged when it is not cdktf's. Throws for an unmapped `@cdktf/*`. */
export function renameModule(specifier: string): string {
  for (const [from, to] of Object.entries(CDKTN_FLAVOUR.modules)) {
    if (specifier === from || specifier.startsWith(`${from}/`)) return to + specifier.slice(from.length);
  }
  if (specifier.startsWith("@cdktf/")) throw new Error(`no cdktn name for the module "${specifier}": add it to CDKTN_FLAVOUR.modules`);
  return specifier;
}

/** A module specifier in a file: the string literal's text and where its quotes start and end. */
interface SpecifierAt {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Every module specifier of a JavaScript or declaration file, read from its syntax tree (comments and other strings
 * never count): `import`/`export ... from`, `import x = require()`, `require()`, `require.resolve()`, `import()` and
 * `import("...")` types.
 */
export function moduleSpecifiers(fileName: string, text: string): SpecifierAt[] {
  const kind = fileName.endsWith(".d.ts") || fileName.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found: SpecifierAt[] = [];
  const add = (node: ts.Node | undefined): void => {
    if (node !== undefined && ts.isStringLiteralLike(node)) found.push({ text: node.text, start: node.getStart(source), end: node.getEnd() });
  };
  const isRequire = (node: ts.Expression): boolean =>
    (ts.isIdentifier(node) && node.text === "require") ||
    (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require" && node.name.text === "resolve");
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && (isRequire(node.expression) || node.expression.kind === ts.SyntaxKind.ImportKeyword)) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) add(node.name);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `text` with every cdktf module specifier renamed to cdktn's (see {@link renameModule}); `renamed` counts them. */
export function renameModuleSpecifiers(fileName: string, text: string): { readonly text: string; readonly renamed: number } {
  let result = text;
  let renamed = 0;
  // From the end, so that earlier positions stay valid.
  for (const specifier of moduleSpecifiers(fileName, text).sort((a, b) => b.start - a.start)) {
    const name = renameModule(specifier.text);
    if (name === specifier.text) continue;
    const quote = text[specifier.start]!;
    result = result.slice(0, specifier.start) + quote + name + quote + result.slice(specifier.end);
    renamed++;
  }
  return { text: result, renamed };
}

/** One source file of the package: its path from the repository root (`constructs/index.ts`, "/"-separated) and text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** What {@link flavourSources} makes of the package's sources. */
export interface FlavourSources {
  /** The sources the flavour is compiled from, re-exports of left-out files removed from their text. */
  readonly kept: readonly SourceFile[];
  /** Paths of the sources left out (they use a module without a cdktn build), sorted. */
  readonly leftOut: readonly string[];
  /** Each removed re-export, as `<file>: <specifier>`. */
  readonly droppedReExports: readonly string[];
}

/**
 * The sources of the cdktn flavour: `files` without those `withoutCdktnBuild` names for its modules, and without the
 * `export ... from` declarations that re-export them (so the root index stops exporting them). Throws one Error
 * listing every kept file that imports such a module, or imports (not re-exports) a left-out file: it would not
 * compile against cdktn, and leaving it out silently could drop a construct that has nothing to do with the module.
 */
export function flavourSources(files: readonly SourceFile[], withoutCdktnBuild: Readonly<Record<string, readonly string[]>> = CDKTN_FLAVOUR.withoutCdktnBuild): FlavourSources {
  const allowed = Object.values(withoutCdktnBuild).flat();
  const isLeftOut = (file: string): boolean => allowed.some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry));
  const paths = new Set(files.map((file) => file.path));
  /** The source a relative specifier of `from` points at, if it is one of `files`. */
  const target = (from: string, specifier: string): string | undefined => {
    if (!specifier.startsWith(".")) return undefined;
    const base = posixJoin(from.slice(0, from.lastIndexOf("/") + 1), specifier);
    return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => paths.has(candidate));
  };
  const problems: string[] = [];
  const droppedReExports: string[] = [];
  const kept: SourceFile[] = [];
  for (const file of files) {
    if (isLeftOut(file.path)) continue;
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const drop = source.statements.filter(
      (statement) =>
        ts.isExportDeclaration(statement) &&
        statement.moduleSpecifier !== undefined &&
        ts.isStringLiteral(statement.moduleSpecifier) &&
        isLeftOut(target(file.path, statement.moduleSpecifier.text) ?? ""),
    );
    const dropped = new Set(drop.map((statement) => ((statement as ts.ExportDeclaration).moduleSpecifier as ts.StringLiteral).getStart(source)));
    for (const specifier of moduleSpecifiers(file.path, file.text)) {
      if (dropped.has(specifier.start)) continue;
      const module = Object.keys(withoutCdktnBuild).find((name) => isModule(specifier.text, name));
      if (module !== undefined) {
        problems.push(`${file.path} imports ${specifier.text}, which has no cdktn build: only ${withoutCdktnBuild[module]!.join(", ")} may import ${module} (CDKTN_FLAVOUR.withoutCdktnBuild); move that code there`);
      }
      const to = target(file.path, specifier.text);
      if (to !== undefined && isLeftOut(to)) {
        problems.push(`${file.path} imports ${specifier.text} (${to}), which the cdktn flavour leaves out: depend on an interface instead, or only re-export it from an index`);
      }
    }
    let text = file.text;
    for (const statement of [...drop].reverse()) {
      droppedReExports.push(`${file.path}: ${((statement as ts.ExportDeclaration).moduleSpecifier as ts.StringLiteral).text}`);
      text = text.slice(0, statement.getFullStart()) + text.slice(statement.getEnd());
    }
    kept.push(text === file.text ? file : { path: file.path, text });
  }
  if (problems.length > 0) throw new Error(`pack:cdktn: ${problems.length} source(s) would not build without cdktf:\n  ${problems.join("\n  ")}`);
  const leftOut = files.map((file) => file.path).filter(isLeftOut).sort();
  return { kept, leftOut, droppedReExports: droppedReExports.sort() };
}

/** `dir` + `relative` with `.` and `..` segments resolved, "/"-separated (`constructs/` + `../src/a` = `src/a`). */
function posixJoin(dir: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${dir}${relative}`.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

/** The package.json fields the flavour's manifest is made from. */
export interface SourceManifest {
  readonly name: string;
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly bin?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [field: string]: unknown;
}

/** Fields of the development package.json that a published manifest never carries. */
const DEVELOPMENT_FIELDS = ["scripts", "devDependencies", "overrides", "devEngines", "//"];

/**
 * The package.json of `cdktn-azure-agent-platform`, from the cdktf flavour's: its name, bin and description; cdktf's
 * peers replaced by cdktn's ({@link CDKTN_FLAVOUR}, still optional, as the pool's are); keywords with cdktn; no
 * scripts (a `prepack` would compile the cdktf flavour), no devDependencies, no overrides, no peers without a cdktn build
 * ({@link CDKTN_FLAVOUR}`.withoutCdktnBuild`). Everything else as is.
 */
export function cdktnManifest(source: SourceManifest): Record<string, unknown> {
  const manifest: Record<string, unknown> = { ...source };
  for (const field of DEVELOPMENT_FIELDS) delete manifest[field];
  manifest.name = CDKTN_FLAVOUR.name;
  manifest.description = `CDK Terrain (cdktn) flavour of ${source.name}: ${source.description ?? ""}`.trim();
  manifest.keywords = [...new Set((source.keywords ?? []).map((keyword) => (keyword === "cdktf" ? "cdktn" : keyword)).concat("cdk-terrain"))].sort();
  manifest.bin = Object.fromEntries(Object.entries(source.bin ?? {}).map(([command, file]) => [command === source.name ? CDKTN_FLAVOUR.name : command, file]));
  const peers: Record<string, string> = {};
  const meta: Record<string, { optional?: boolean }> = {};
  for (const [name, range] of Object.entries(source.peerDependencies ?? {})) {
    // The sources that use it are not in this flavour (flavourSources), so neither is the peer.
    if (CDKTN_FLAVOUR.withoutCdktnBuild[name] !== undefined) continue;
    const cdktnName = renameModule(name);
    peers[cdktnName] = CDKTN_FLAVOUR.peers[cdktnName] ?? range;
    const optional = source.peerDependenciesMeta?.[name];
    if (optional !== undefined) meta[cdktnName] = { ...optional };
  }
  const missing = Object.keys(CDKTN_FLAVOUR.peers).filter((name) => peers[name] === undefined);
  if (missing.length > 0) throw new Error(`${source.name} has no peer that becomes ${missing.join(", ")}`);
  manifest.peerDependencies = Object.fromEntries(Object.entries(peers).sort(([a], [b]) => a.localeCompare(b)));
  manifest.peerDependenciesMeta = meta;
  return manifest;
}
