/**
 * Checks synthesized CDKTF JSON against the schemas that the prebuilt providers ship: azurerm
 * (`@cdktf/provider-azurerm`, or `@cdktn/provider-azurerm` for the cdktn flavour) and kubernetes
 * (`@cdktf/provider-kubernetes`), one code path for every assembly.
 *
 * Source of truth: the provider package's jsii assembly (`.jsii`). For every resource, data source and
 * the provider itself it holds a `XxxConfig` interface whose properties are the Terraform arguments:
 * `optional` marks optional ones, the type is a primitive, a list/map, or a nested struct (a block;
 * a struct reference is a single block, an array of structs is a list/set of blocks).
 *
 * Names: the Terraform (snake_case) name of a property is read from its generated doc link
 * (`{@link https://registry.terraform.io/...#concurrent_requests ContainerApp#concurrent_requests}`) and
 * the Terraform type name from the class's `Represents a {@link ... azurerm_container_app}` summary.
 * Both were checked against the generated JavaScript (`synthesizeAttributes()` / `xxxToTerraform()` keys and
 * `terraformResourceType`) for all 28,528 properties and 1,526 classes of provider 14.23.1: identical.
 * A plain camelCase-to-snake_case rule is not: it is wrong for 30 properties, e.g. `use32BitWorkerProcess`
 * is `use_32_bit_worker_process` and `immediateDataPurgeOn30DaysEnabled` is
 * `immediate_data_purge_on_30_days_enabled`.
 * The same check for @cdktf/provider-kubernetes 12.1.1 (kubernetes 2.38.0, 82 resources, 26 data sources): all
 * 12,380 properties of its 4,000 structs and its 109 classes identical, the plain rule wrong for none; two
 * properties (`CronJobSpec.schedule`, `CronJobV1Spec.schedule`) have their link in a jsii custom tag, because
 * their description's "@hourly" ends the summary, so the name is read from summary, remarks and custom tags.
 *
 * Dynamic values: an argument typed `{ [key: string]: any }` in jsii (kubernetes_manifest's `manifest` and
 * `object`) is a Terraform dynamic value: any JSON object is accepted there, its contents are not checked.
 *
 * Cost: reading and parsing the 88 MB azurerm assembly takes about 1 s (the 47 MB kubernetes one about 0.4 s,
 * its cached 1.2 MB schema under 10 ms), and jest gives every test file a fresh module registry, so an in-memory
 * memo alone would pay that once per test file. Each derived schema is therefore cached in `node_modules/.cache/provider-schema-<package>-<version>.json`
 * (e.g. `provider-schema-cdktf-provider-kubernetes-12.1.1.json`), written atomically and rebuilt when missing or
 * written by another cache format. A provider's schema is loaded only when the JSON has one of its types or its
 * provider block, so an azurerm-only stack never reads the kubernetes assembly.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * One schema violation. `path` is a Terraform address such as
 * `resource.azurerm_container_app.app.template.0.http_scale_rule.0.concurrent_requests`: every nested block is
 * indexed, including single blocks, which the JSON holds as one object (`template` above).
 */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/** Bump when the derived schema's shape changes: old cache files are then rebuilt. */
const CACHE_FORMAT = 2;

/**
 * The prebuilt providers whose assemblies the checker reads, with the framework whose base classes
 * (`cdktf.TerraformResource`, `cdktn.TerraformResource`) they extend and the Terraform provider they wrap
 * (whose name prefixes its types: `kubernetes_deployment_v1`). Their assemblies have the same shape.
 */
const PACKAGES = {
  "@cdktf/provider-azurerm": { framework: "cdktf", provider: "azurerm" },
  "@cdktn/provider-azurerm": { framework: "cdktn", provider: "azurerm" },
  "@cdktf/provider-kubernetes": { framework: "cdktf", provider: "kubernetes" },
} as const satisfies Record<string, { readonly framework: "cdktf" | "cdktn"; readonly provider: string }>;

/**
 * Which prebuilt provider's assembly to read: cdktf's azurerm (the default, what the package is built for), CDK
 * Terrain's (`@cdktn/provider-azurerm`, for the cdktn flavour) or cdktf's kubernetes (for the AKS constructs).
 */
export type ProviderPackage = keyof typeof PACKAGES;

export interface ProviderSchemaOptions {
  /**
   * The azurerm assembly, in place of the first entry of the default {@link ProviderSchemaOptions.providerPackages}.
   * @default "@cdktf/provider-azurerm"
   */
  readonly providerPackage?: ProviderPackage;
  /**
   * Every assembly to check against, at most one per Terraform provider. Types, data sources and provider blocks of
   * a provider that none of them wraps but the checker knows (e.g. `kubernetes_*` when only azurerm is given) are
   * reported; those of providers it does not know at all (`random_*`, `time_*`) are skipped.
   * @default [providerPackage, "@cdktf/provider-kubernetes"]
   */
  readonly providerPackages?: readonly ProviderPackage[];
}

type ValueType =
  | "string"
  | "number"
  | "boolean"
  /** jsii `any`: a dynamic value, any JSON. */
  | "any"
  | { readonly list: ValueType }
  | { readonly map: ValueType }
  /** A nested block (or object): `block` is a key of `DerivedSchema.blocks`; `many` = list/set of them. */
  | { readonly block: string; readonly many: boolean };

interface ArgumentSchema {
  readonly required: boolean;
  readonly type: ValueType;
}

/** Arguments of one block body, by Terraform name. */
type BlockSchema = Readonly<Record<string, ArgumentSchema>>;

interface DerivedSchema {
  readonly format: number;
  readonly providerVersion: string;
  /** Block key of the `provider "<name>"` configuration. */
  readonly provider: string;
  /** Terraform resource type -> block key of its configuration. */
  readonly resources: Readonly<Record<string, string>>;
  /** Terraform data source type -> block key of its configuration. */
  readonly dataSources: Readonly<Record<string, string>>;
  readonly blocks: Readonly<Record<string, BlockSchema>>;
}

interface JsiiTypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: "array" | "map"; readonly elementtype: JsiiTypeRef };
  readonly union?: { readonly types: readonly JsiiTypeRef[] };
}

interface JsiiType {
  readonly fqn: string;
  readonly kind: string;
  readonly base?: string;
  readonly datatype?: boolean;
  readonly docs?: { readonly summary?: string; readonly remarks?: string };
  readonly initializer?: { readonly parameters?: readonly { readonly name: string; readonly type: JsiiTypeRef }[] };
  readonly properties?: readonly {
    readonly name: string;
    readonly optional?: boolean;
    readonly type: JsiiTypeRef;
    readonly docs?: { readonly summary?: string; readonly remarks?: string; readonly custom?: Readonly<Record<string, string>> };
  }[];
}

const RESOURCE_META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "connection", "provisioner"]);
const DATA_META_ARGUMENTS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle"]);
const NO_META_ARGUMENTS = new Set<string>();
const DYNAMIC_BLOCK_KEYS = new Set(["for_each", "iterator", "labels", "content"]);
/** `Represents a {@link https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/x azurerm_x}.` */
const classLink = (provider: string): RegExp => new RegExp(`\\{@link https://registry\\.terraform\\.io/providers/hashicorp/${provider}/[^/\\s]+/docs\\S* ([a-z0-9_]+)\\}`);
/** `{@link https://registry.terraform.io/...#concurrent_requests ContainerApp#concurrent_requests}` */
const PROPERTY_LINK = /#([a-z0-9_]+) [A-Za-z0-9]+#\1\}/;

const loaded = new Map<ProviderPackage, DerivedSchema>();

/** Terraform type -> argument name -> whether it is required, for every resource type of `providerPackage`'s schema. */
export function resourceArguments(providerPackage: ProviderPackage, type: string): Readonly<Record<string, { required: boolean }>> | undefined {
  const schema = schemaOf(providerPackage);
  const key = schema.resources[type];
  return key === undefined ? undefined : schema.blocks[key];
}

/** One difference between two providers' schemas of a resource type, at an argument path (`template.container.cpu`). */
export interface SchemaDifference {
  readonly path: string;
  readonly change: "added" | "removed" | "now required" | "now optional" | "type changed";
}

/**
 * What `to`'s schema of the resource `type` changes against `from`'s, nested blocks included, in path order.
 * Undefined when either provider lacks the type.
 */
export function resourceSchemaDifferences(type: string, from: ProviderPackage, to: ProviderPackage): SchemaDifference[] | undefined {
  const [a, b] = [schemaOf(from), schemaOf(to)];
  if (a.resources[type] === undefined || b.resources[type] === undefined) return undefined;
  const differences: SchemaDifference[] = [];
  const compare = (blockA: BlockSchema, blockB: BlockSchema, at: string, seen: ReadonlySet<string>): void => {
    for (const name of [...new Set([...Object.keys(blockA), ...Object.keys(blockB)])].sort()) {
      const [argA, argB] = [blockA[name], blockB[name]];
      const path = at === "" ? name : `${at}.${name}`;
      if (argA === undefined) differences.push({ path, change: "added" });
      else if (argB === undefined) differences.push({ path, change: "removed" });
      else {
        if (argA.required !== argB.required) differences.push({ path, change: argB.required ? "now required" : "now optional" });
        if (isBlockType(argA.type) && isBlockType(argB.type)) {
          if (argA.type.many !== argB.type.many) differences.push({ path, change: "type changed" });
          else if (!seen.has(argA.type.block)) compare(a.blocks[argA.type.block], b.blocks[argB.type.block], path, new Set([...seen, argA.type.block]));
        } else if (JSON.stringify(argA.type) !== JSON.stringify(argB.type)) differences.push({ path, change: "type changed" });
      }
    }
  };
  compare(a.blocks[a.resources[type]], b.blocks[b.resources[type]], "", new Set());
  return differences;
}

/** The provider version a schema was derived from. */
export function providerVersion(providerPackage: ProviderPackage): string {
  return schemaOf(providerPackage).providerVersion;
}

function schemaOf(providerPackage: ProviderPackage): DerivedSchema {
  let schema = loaded.get(providerPackage);
  if (schema === undefined) loaded.set(providerPackage, (schema = loadSchema(providerPackage)));
  return schema;
}

/**
 * Lists every place where `synthesized` (parsed `Testing.synth(stack)` output) disagrees with the providers' schemas
 * (see {@link ProviderSchemaOptions.providerPackages}): in `resource` and `data` blocks and in `provider.<name>`.
 */
export function checkProviderSchema(synthesized: object, options: ProviderSchemaOptions = {}): SchemaProblem[] {
  return check(synthesized, options).problems;
}

/** Throws an Error listing every problem {@link checkProviderSchema} finds; returns quietly when there are none. */
export function expectValidProviderSchema(synthesized: object, options: ProviderSchemaOptions = {}): void {
  const { problems, providers } = check(synthesized, options);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
    const names = providers.length === 0 ? "the provider schemas" : `the ${providers.join(" and ")} provider ${providers.length === 1 ? "schema" : "schemas"}`;
    throw new Error(`Synthesized stack does not match ${names} (${problems.length} problem(s)):\n${lines.join("\n")}`);
  }
}

/** The assemblies `options` selects, keyed by the Terraform provider each wraps. */
function selectedPackages(options: ProviderSchemaOptions): ReadonlyMap<string, ProviderPackage> {
  if (options.providerPackage !== undefined && options.providerPackages !== undefined) {
    throw new Error("provider-schema: give providerPackage or providerPackages, not both");
  }
  const packages = options.providerPackages ?? [options.providerPackage ?? "@cdktf/provider-azurerm", "@cdktf/provider-kubernetes"];
  const byProvider = new Map<string, ProviderPackage>();
  for (const providerPackage of packages) {
    const { provider } = PACKAGES[providerPackage];
    const other = byProvider.get(provider);
    if (other !== undefined && other !== providerPackage) throw new Error(`provider-schema: ${other} and ${providerPackage} both wrap ${provider}: give one`);
    byProvider.set(provider, providerPackage);
  }
  return byProvider;
}

/** The problems, and the Terraform providers whose schemas were consulted (in the order first met). */
function check(synthesized: object, options: ProviderSchemaOptions): { problems: SchemaProblem[]; providers: string[] } {
  const selected = selectedPackages(options);
  const known = new Set<string>(Object.values(PACKAGES).map((p) => p.provider));
  const problems: SchemaProblem[] = [];
  const consulted: string[] = [];
  /** The schema of the provider `name`, or undefined (with a problem at `at` when the checker knows it but was not given it). */
  const schemaFor = (name: string, at: string, what: string): DerivedSchema | undefined => {
    const providerPackage = selected.get(name);
    if (providerPackage !== undefined) {
      if (!consulted.includes(name)) consulted.push(name);
      return schemaOf(providerPackage);
    }
    if (known.has(name)) {
      const given = [...selected.values()].join(", ");
      problems.push({ path: at, message: `${what} of the ${name} provider, whose schema this check was not given (providerPackages: ${given}); add ${packagesOf(name).join(" or ")}` });
    }
    return undefined;
  };
  const config = synthesized as Record<string, unknown>;
  checkTypedBlocks(config.resource, "resource", RESOURCE_META_ARGUMENTS, schemaFor, problems);
  checkTypedBlocks(config.data, "data", DATA_META_ARGUMENTS, schemaFor, problems);
  if (isObject(config.provider)) {
    for (const [name, providers] of Object.entries(config.provider)) {
      const schema = schemaFor(name, `provider.${name}`, "a provider block");
      if (schema === undefined) continue;
      const bodies = Array.isArray(providers) ? providers : [providers];
      bodies.forEach((body, i) => checkBody(schema, body, schema.blocks[schema.provider], `provider.${name}.${i}`, NO_META_ARGUMENTS, problems));
    }
  }
  return { problems, providers: consulted };
}

function packagesOf(provider: string): ProviderPackage[] {
  return (Object.keys(PACKAGES) as ProviderPackage[]).filter((name) => PACKAGES[name].provider === provider);
}

function checkTypedBlocks(
  section: unknown,
  sectionName: "resource" | "data",
  metaArguments: ReadonlySet<string>,
  schemaFor: (provider: string, at: string, what: string) => DerivedSchema | undefined,
  problems: SchemaProblem[],
): void {
  if (section === undefined) return;
  if (!isObject(section)) {
    problems.push({ path: sectionName, message: `expected an object keyed by type, got ${describe(section)}` });
    return;
  }
  const kind = sectionName === "data" ? "data source" : "resource";
  for (const [type, instances] of Object.entries(section)) {
    const typePath = `${sectionName}.${type}`;
    // A type belongs to the provider its name starts with; providers the checker does not know (random_*, time_*) are not ours to judge.
    const schema = schemaFor(type.slice(0, Math.max(0, type.indexOf("_"))), typePath, `${kind} type "${type}" is one`);
    if (schema === undefined) continue;
    const known = sectionName === "data" ? schema.dataSources : schema.resources;
    const blockKey = known[type];
    if (blockKey === undefined) {
      const hint = suggest(type, Object.keys(known));
      problems.push({ path: typePath, message: `unknown ${kind} type "${type}"${hint}` });
      continue;
    }
    if (!isObject(instances)) {
      problems.push({ path: typePath, message: `expected an object keyed by name, got ${describe(instances)}` });
      continue;
    }
    for (const [name, body] of Object.entries(instances)) {
      checkBody(schema, body, schema.blocks[blockKey], `${typePath}.${name}`, metaArguments, problems);
    }
  }
}

function checkBody(
  schema: DerivedSchema,
  body: unknown,
  block: BlockSchema,
  at: string,
  metaArguments: ReadonlySet<string>,
  problems: SchemaProblem[],
): void {
  if (isExpression(body)) return;
  if (!isObject(body)) {
    problems.push({ path: at, message: `expected a block (object), got ${describe(body)}` });
    return;
  }
  const dynamic = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    const argument = block[key];
    if (argument !== undefined) {
      checkValue(schema, value, argument.type, `${at}.${key}`, problems);
    } else if (key === "dynamic") {
      for (const name of checkDynamic(schema, value, block, `${at}.dynamic`, problems)) dynamic.add(name);
    } else if (key !== "//" && !metaArguments.has(key)) {
      problems.push({ path: `${at}.${key}`, message: `unknown attribute or block "${key}"${suggest(key, Object.keys(block))}` });
    }
  }
  for (const [key, argument] of Object.entries(block)) {
    if (argument.required && (body[key] === undefined || body[key] === null) && !dynamic.has(key)) {
      const what = isBlockType(argument.type) ? "block" : "attribute";
      problems.push({ path: `${at}.${key}`, message: `missing required ${what} "${key}"` });
    }
  }
}

/** Checks `dynamic "<block>" { for_each, iterator, labels, content }` entries; returns the block names they generate. */
function checkDynamic(schema: DerivedSchema, value: unknown, block: BlockSchema, at: string, problems: SchemaProblem[]): string[] {
  if (!isObject(value)) {
    problems.push({ path: at, message: `expected an object of dynamic blocks, got ${describe(value)}` });
    return [];
  }
  const names: string[] = [];
  for (const [name, spec] of Object.entries(value)) {
    const target = block[name]?.type;
    if (target === undefined || !isBlockType(target)) {
      const blockNames = Object.keys(block).filter((key) => isBlockType(block[key].type));
      problems.push({ path: `${at}.${name}`, message: `"${name}" is not a block here, so it cannot be dynamic${suggest(name, blockNames)}` });
      continue;
    }
    names.push(name);
    if (!isObject(spec)) {
      problems.push({ path: `${at}.${name}`, message: `expected { for_each, content }, got ${describe(spec)}` });
      continue;
    }
    for (const key of Object.keys(spec)) {
      if (!DYNAMIC_BLOCK_KEYS.has(key) && key !== "//") {
        problems.push({ path: `${at}.${name}.${key}`, message: `unknown dynamic block argument "${key}" (allowed: ${[...DYNAMIC_BLOCK_KEYS].join(", ")})` });
      }
    }
    for (const key of ["for_each", "content"]) {
      if (spec[key] === undefined) problems.push({ path: `${at}.${name}.${key}`, message: `dynamic block is missing "${key}"` });
    }
    if (spec.content !== undefined) {
      checkBody(schema, spec.content, schema.blocks[target.block], `${at}.${name}.content`, NO_META_ARGUMENTS, problems);
    }
  }
  return names;
}

function checkValue(schema: DerivedSchema, value: unknown, type: ValueType, at: string, problems: SchemaProblem[]): void {
  // null means "not set" to Terraform; expressions are typed only when Terraform evaluates them.
  if (value === null || value === undefined || isExpression(value) || type === "any") return;
  if (typeof type === "string") {
    if (typeof value !== type) problems.push({ path: at, message: `expected a ${type}, got ${describe(value)}` });
  } else if ("list" in type) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(schema, item, type.list, `${at}.${i}`, problems));
    else problems.push({ path: at, message: `expected a list, got ${describe(value)}` });
  } else if ("map" in type) {
    if (isObject(value)) for (const [key, item] of Object.entries(value)) checkValue(schema, item, type.map, `${at}.${key}`, problems);
    else problems.push({ path: at, message: `expected a map (object), got ${describe(value)}` });
  } else if (Array.isArray(value)) {
    if (!type.many) problems.push({ path: at, message: "is a single block (at most one): give an object, not a list" });
    value.forEach((item, i) => checkBody(schema, item, schema.blocks[type.block], `${at}.${i}`, NO_META_ARGUMENTS, problems));
  } else if (isObject(value)) {
    if (type.many) problems.push({ path: at, message: "is a list of blocks: give a list of objects, not a single object" });
    checkBody(schema, value, schema.blocks[type.block], `${at}.0`, NO_META_ARGUMENTS, problems);
  } else {
    problems.push({ path: at, message: `expected ${type.many ? "a list of blocks" : "a block (object)"}, got ${describe(value)}` });
  }
}

function isBlockType(type: ValueType): type is { readonly block: string; readonly many: boolean } {
  return typeof type === "object" && "block" in type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isExpression(value: unknown): boolean {
  return typeof value === "string" && (value.includes("${") || value.includes("%{"));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (isObject(value)) return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** ` (did you mean "x"?)` for the closest candidate within a small edit distance, else "". */
function suggest(name: string, candidates: readonly string[]): string {
  const wanted = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 4)) + 1;
  for (const candidate of candidates) {
    // The length difference is a lower bound of the distance: skip hopeless candidates cheaply.
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue;
    const distance = editDistance(wanted, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

/** Levenshtein distance with two rolling rows (typed arrays, no builtins in the loop: this runs in jest's slower vm). */
function editDistance(a: string, b: string): number {
  let previous = new Uint16Array(b.length + 1).map((_, j) => j);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const remove = previous[j] + 1;
      const insert = current[j - 1] + 1;
      current[j] = substitute < remove ? (substitute < insert ? substitute : insert) : remove < insert ? remove : insert;
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

function loadSchema(providerPackage: ProviderPackage): DerivedSchema {
  const packageDir = path.dirname(require.resolve(`${providerPackage}/package.json`));
  const version = (JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  // <root>/node_modules/@cdktf/provider-azurerm -> <root>/node_modules/.cache/provider-schema-cdktf-provider-azurerm-<version>.json
  const cacheName = providerPackage.replace(/^@/, "").replace("/", "-");
  const cacheFile = path.join(packageDir, "..", "..", ".cache", `provider-schema-${cacheName}-${version}.json`);
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as DerivedSchema;
    if (cached.format === CACHE_FORMAT && cached.providerVersion === version) return cached;
  } catch {
    // missing or unreadable (e.g. truncated): rebuild it below
  }
  const schema = deriveSchema(path.join(packageDir, ".jsii"), version, providerPackage);
  // Parallel jest workers may all build it: write a private temp file, then rename (atomic on one file system).
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  const temp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(schema));
  fs.renameSync(temp, cacheFile);
  return schema;
}

function deriveSchema(assemblyFile: string, version: string, providerPackage: ProviderPackage): DerivedSchema {
  const { framework, provider: providerName } = PACKAGES[providerPackage];
  const classLinkPattern = classLink(providerName);
  const types = (JSON.parse(fs.readFileSync(assemblyFile, "utf8")) as { types: Record<string, JsiiType> }).types;
  const blocks: Record<string, BlockSchema> = {};
  const resources: Record<string, string> = {};
  const dataSources: Record<string, string> = {};
  let provider: string | undefined;
  const prefix = `${providerPackage}.`;

  const blockKey = (fqn: string): string => {
    const key = fqn.slice(prefix.length);
    if (blocks[key] !== undefined) return key;
    const struct = types[fqn];
    if (struct?.kind !== "interface" || struct.datatype !== true) throw new Error(`provider-schema: ${fqn} is not a jsii struct`);
    const block: Record<string, ArgumentSchema> = {};
    blocks[key] = block; // registered before recursing, so a self-referencing struct terminates
    for (const property of struct.properties ?? []) {
      // A description with "@hourly" in it ends jsii's summary there: the rest, link included, is a custom tag.
      const docs = [property.docs?.summary, property.docs?.remarks, ...Object.values(property.docs?.custom ?? {})].join(" ");
      const name = PROPERTY_LINK.exec(docs)?.[1];
      if (name === undefined) throw new Error(`provider-schema: no Terraform name in the docs of ${fqn}.${property.name}`);
      block[name] = { required: property.optional !== true, type: valueType(property.type, `${fqn}.${property.name}`) };
    }
    return key;
  };

  const valueType = (ref: JsiiTypeRef, where: string): ValueType => {
    if (ref.union !== undefined) {
      const concrete = ref.union.types.filter((t) => t.fqn !== `${framework}.IResolvable`);
      if (concrete.length !== 1) throw new Error(`provider-schema: unsupported union at ${where}`);
      return valueType(concrete[0], where);
    }
    if (ref.primitive === "string" || ref.primitive === "number" || ref.primitive === "boolean" || ref.primitive === "any") return ref.primitive;
    if (ref.fqn?.startsWith(prefix)) return { block: blockKey(ref.fqn), many: false };
    if (ref.collection?.kind === "array") {
      const element = ref.collection.elementtype;
      if (element.fqn?.startsWith(prefix)) return { block: blockKey(element.fqn), many: true };
      return { list: valueType(element, where) };
    }
    if (ref.collection?.kind === "map") return { map: valueType(ref.collection.elementtype, where) };
    throw new Error(`provider-schema: unsupported jsii type ${JSON.stringify(ref)} at ${where}`);
  };

  for (const type of Object.values(types)) {
    if (type.kind !== "class") continue;
    const section = type.base === `${framework}.TerraformResource` ? resources : type.base === `${framework}.TerraformDataSource` ? dataSources : undefined;
    if (section === undefined && type.base !== `${framework}.TerraformProvider`) continue;
    const terraformName = classLinkPattern.exec(type.docs?.summary ?? "")?.[1];
    const configFqn = type.initializer?.parameters?.find((p) => p.name === "config")?.type.fqn;
    if (terraformName === undefined || configFqn === undefined) throw new Error(`provider-schema: cannot read the Terraform type of ${type.fqn}`);
    if (section !== undefined && !terraformName.startsWith(`${providerName}_`)) throw new Error(`provider-schema: ${type.fqn} is ${terraformName}, not a ${providerName}_ type`);
    const key = blockKey(configFqn);
    if (section === undefined) provider = key;
    else section[terraformName] = key;
  }
  if (provider === undefined) throw new Error(`provider-schema: no provider class in ${assemblyFile}`);
  return { format: CACHE_FORMAT, providerVersion: version, provider, resources, dataSources, blocks };
}
